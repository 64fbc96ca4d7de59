@export
Feature: The export's columns
  Exhibitors map the export's columns onto their CRM once and expect them to stay put: the lead's
  own columns always come first, in a fixed order, and then one column for each question the booth
  asked, in the order the questions first came up during the show. Each answer lands under its
  question, and a multi-choice answer reads as one cell.

  Background:
    Given One Sky IT Demo has an exhibit "Orbit Analytics" at its conference

  Rule: The lead's own columns come first, in a fixed order

    @rule:§3.export.columns.fixed
    Scenario: A lead without answers is exported in the lead's own columns only
      Given the exhibit has these leads:
        | first_name | last_name | email            | company                | title      | phone            | badge_id |
        | Ada        | Lovelace  | ada@engines.test | Analytical Engines Ltd | Chief Poet | +44 20 7946 0018 | B-1815   |
      When Cleo exports the leads
      Then the export has these columns:
        | column          |
        | tracking_id     |
        | scanned_at      |
        | first_name      |
        | last_name       |
        | email           |
        | company         |
        | title           |
        | phone           |
        | badge_id        |
        | exhibitor_notes |
        | hidden          |
        | enabled         |

  Rule: Each question gets one column, in the order the questions first came up

    @rule:§3.export.columns.questions
    Scenario: Question columns follow the first appearance of each question, row by row
      Given the exhibit has these leads and answers:
        | first_name | last_name | scanned_at           | Timeline | Budget | Interested in |
        | Ada        | Lovelace  | 2026-03-10T09:00:00Z | Q3       |        | [Cloud]       |
        | Grace      | Hopper    | 2026-03-10T09:05:00Z | Q4       | 50k    | [AI, Edge]    |
      When Cleo exports the leads
      Then the export's question columns are:
        | column        |
        | Timeline      |
        | Interested in |
        | Budget        |

    @rule:§3.export.cells.first_answer
    Scenario: A lead that answered a question twice has one column for it, and the first answer counts
      Given the exhibit has these leads:
        | first_name | last_name | responses_json                                                                     |
        | Ada        | Lovelace  | [{"question": "Budget", "answer": "50k"}, {"question": "Budget", "answer": "80k"}] |
      When Cleo exports the leads
      Then the export's question columns are:
        | column |
        | Budget |
      And the export contains these leads:
        | first_name | Budget |
        | Ada        | 50k    |

  Rule: Each answer is one cell under its question

    @rule:§3.export.cells.empty
    Scenario: A question the lead did not answer is an empty cell
      Given the exhibit has these leads and answers:
        | first_name | last_name | scanned_at           | Budget | Timeline |
        | Ada        | Lovelace  | 2026-03-10T09:00:00Z | 50k    |          |
        | Grace      | Hopper    | 2026-03-10T09:05:00Z |        | Q4       |
      When Cleo exports the leads
      Then the export contains these leads:
        | first_name | Budget | Timeline |
        | Ada        | 50k    |          |
        | Grace      |        | Q4       |

    @rule:§3.export.cells.list_answer
    Scenario: A multi-choice answer is one cell, its choices separated by semicolons
      Given the exhibit has these leads and answers:
        | first_name | last_name | Interested in     |
        | Ada        | Lovelace  | [Cloud, Edge, AI] |
      When Cleo exports the leads
      Then the export contains these leads:
        | first_name | Interested in   |
        | Ada        | Cloud; Edge; AI |

    @rule:§3.export.cells.empty
    Scenario: A field the lead lacks is an empty cell
      Given the exhibit has these leads:
        | first_name | last_name |
        | Ada        | Lovelace  |
      When Cleo exports the leads
      Then the export contains these leads:
        | first_name | email | company | title | phone | badge_id | exhibitor_notes |
        | Ada        |       |         |       |       |          |                 |
