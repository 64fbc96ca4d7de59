@export
Feature: The XLSX workbook
  The workbook opens straight in Excel: one sheet called "Leads", the headings in its first row and one
  row per lead below. Hidden and enabled are real true/false cells, so they can be filtered and counted;
  the file is named after the exhibit and the day, and never stored by browsers or proxies.

  Background:
    Given One Sky IT Demo has an exhibit "Orbit Analytics" at its conference
    And the exhibit has these leads:
      | first_name | last_name | scanned_at           | hidden | enabled |
      | Ada        | Lovelace  | 2026-03-10T09:00:00Z | false  | true    |
      | Grace      | Hopper    | 2026-03-10T09:05:00Z | true   | false   |

  Rule: One sheet, "Leads", headings first, then one row per lead

    @rule:§3.export.rows.every_lead
    Scenario: The workbook has one sheet of leads, headed by the columns
      When Cleo exports the leads as XLSX
      Then the workbook holds a single sheet named "Leads"
      And the export has these columns:
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
      And the export contains these leads:
        | first_name | last_name | scanned_at           |
        | Ada        | Lovelace  | 2026-03-10T09:00:00Z |
        | Grace      | Hopper    | 2026-03-10T09:05:00Z |

  Rule: Hidden and enabled are true/false cells

    @rule:§3.export.rows.every_lead @rule:§3.export.cells.booleans @rule:§3.export.xlsx.form
    Scenario: Hidden and enabled can be filtered as true/false
      When Cleo exports the leads as XLSX
      Then the hidden and enabled columns hold true/false cells, not text
      And the export contains these leads:
        | first_name | hidden | enabled |
        | Ada        | false  | true    |
        | Grace      | true   | false   |

  Rule: The file is a download named after the exhibit and the day, never stored by the way

    @rule:§3.export.file.disposition
    Scenario: The workbook is named after the exhibit and the day of the export
      When Cleo exports the leads as XLSX
      Then the file is offered for download as "leads_{exhibit_id}_{YYYYMMDD}.xlsx"

    @rule:§3.export.file.no_store
    Scenario: The workbook is marked never to be stored
      When Cleo exports the leads as XLSX
      Then the export is marked never to be stored
