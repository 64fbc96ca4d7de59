@export
Feature: What an exhibit and a lead hold
  Managers set up an exhibit for each stand, and the booth team enters a lead for every badge it
  scans. What they enter is kept exactly, within the lengths Aether gives each field; what does
  not fit is refused as a whole rather than cut short, so nobody finds half a note in the export.
  A scan time always says in which time zone it was read, and every time Aether tells is in UTC to
  the whole second, so that the stands of one show, in different offices, line up.

  Background:
    Given One Sky IT Demo has an exhibit "Cloud Pavilion" at its conference

  Rule: An exhibit's name and its booth are kept whole up to the length Aether allows, and a booth may be left out

    @rule:§3.exhibit.name_length @rule:§3.exhibit.booth
    Scenario Outline: Osiris sets up an exhibit whose <field> is as long as allowed
      When Osiris sets up an exhibit whose <field> is as long as allowed
      Then the exhibit is kept as entered

      Examples:
        | field |
        | name  |
        | booth |

    @rule:§3.exhibit.name_length @rule:§3.exhibit.booth @rule:§0.errors.field_list
    Scenario Outline: Osiris is refused an exhibit whose <field> is one character too long
      When Osiris sets up an exhibit whose <field> is one character too long
      Then Osiris is refused because what was entered is not valid

      Examples:
        | field |
        | name  |
        | booth |

    @rule:§3.exhibit.name_length
    Scenario: Osiris is refused an exhibit without a name
      When Osiris sets up an exhibit with an empty name
      Then Osiris is refused because what was entered is not valid

    @rule:§3.exhibit.booth
    Scenario: An exhibit set up without a booth has none
      When Osiris sets up an exhibit without saying its booth
      Then the exhibit has no booth

  Rule: A lead's names, its other details and its notes are kept whole up to the length Aether allows each

    @rule:§3.lead.lengths
    Scenario Outline: Cleo adds a lead whose <field> is as long as allowed
      When Cleo adds a lead whose <field> is as long as allowed
      Then the lead is kept as entered

      Examples:
        | field      |
        | first name |
        | company    |

    @rule:§3.lead.lengths @rule:§0.errors.field_list
    Scenario Outline: Cleo is refused a lead whose <field> is one character too long
      When Cleo adds a lead whose <field> is one character too long
      Then Cleo is refused because what was entered is not valid

      Examples:
        | field     |
        | last name |
        | job title |

    @rule:§3.lead.lengths
    Scenario: Cleo adds a lead whose notes are as long as allowed, much longer than its other details
      When Cleo adds a lead whose notes are as long as allowed
      Then the lead is kept as entered

    @rule:§3.lead.lengths
    Scenario: Cleo is refused a lead whose notes are one character too long
      When Cleo adds a lead whose notes are one character too long
      Then Cleo is refused because what was entered is not valid

  Rule: A scan time says its time zone, and a lead's answers each name their question

    @rule:§3.lead.scanned_at.offset_required
    Scenario: Cleo is refused a lead scanned at a time that names no time zone
      When Cleo adds a lead scanned at "2026-03-10T09:30:00"
      Then Cleo is refused because what was entered is not valid

    @rule:§3.lead.responses_json
    Scenario Outline: Cleo is refused a lead whose answers <problem>
      When Cleo adds a lead whose answers are <answers>
      Then Cleo is refused because what was entered is not valid

      Examples:
        | problem                  | answers                                         |
        | leave the question empty | [{"question": "", "answer": "Yes"}]             |
        | answer with a number     | [{"question": "Budget", "answer": 5000}]        |
        | are not a list           | {"question": "Budget", "answer": "Over 50k"}    |

  Rule: Every time Aether tells is in UTC, to the whole second

    @rule:§0.timestamps
    Scenario: What Osiris reads tells every time in UTC, to the whole second
      Given the exhibit has these leads:
        | first_name | last_name | scanned_at                |
        | Ada        | Lovelace  | 2026-03-10T11:30:00+02:00 |
      And Osiris has uploaded "cloud-pavilion-floor-plan.pdf"
      When Osiris reads the conference, the exhibit, a lead, the visible leads and the file's details
      Then every time in those answers is told in UTC, to the whole second
