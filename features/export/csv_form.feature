@export
Feature: The CSV file
  The CSV file is opened in Excel, Numbers or LibreOffice, or imported into a CRM. For all of them to
  read it right it must be plain RFC 4180: commas between values, quotes around a value that holds a
  comma, a quote or a line break, and a carriage return and line feed at the end of each line. It is
  UTF-8 with a byte-order mark, without which Excel garbles every accented name. It has its column
  headings even when the exhibit has no leads yet, so an import can be set up before the show. It is
  named after the exhibit and the day, and it is never kept in a browser's or a proxy's cache, since it
  holds personal data.

  Background:
    Given One Sky IT Demo has an exhibit "Orbit Analytics" at its conference

  Rule: The file is UTF-8 with a byte-order mark, in RFC 4180 lines ending with a carriage return and a line feed

    @rule:§3.export.csv.form
    Scenario: The CSV file begins with a byte-order mark
      Given the exhibit has these leads:
        | first_name | last_name    |
        | Zoë        | Ñúñez-Müller |
      When Cleo exports the leads as CSV
      Then the CSV file is UTF-8 that begins with a byte-order mark
      And the export contains these leads:
        | first_name | last_name    |
        | Zoë        | Ñúñez-Müller |

    @rule:§3.export.csv.form
    Scenario: Every line of the CSV file ends with a carriage return and a line feed
      Given the exhibit has these leads:
        | first_name | last_name | scanned_at           |
        | Ada        | Lovelace  | 2026-03-10T09:00:00Z |
        | Grace      | Hopper    | 2026-03-10T09:05:00Z |
      When Cleo exports the leads as CSV
      Then every line of the CSV file ends with a carriage return and a line feed

    @rule:§3.export.csv.form
    Scenario: Values with commas, quotes and line breaks come back exactly as they were
      Given the exhibit has these leads:
        | first_name | last_name  | company                   | title                 | scanned_at           |
        | Ada        | "Countess" | Smith, Jones & "Partners" | Head of IT\r\nEMEA    | 2026-03-10T09:00:00Z |
        | Grace      | Hopper     | Navy,,Research            | Rear Admiral\nretired | 2026-03-10T09:05:00Z |
      When Cleo exports the leads as CSV
      Then the CSV file quotes its values as RFC 4180 says
      And every line of the CSV file ends with a carriage return and a line feed
      And the export contains these leads:
        | first_name | last_name  | company                   | title                 |
        | Ada        | "Countess" | Smith, Jones & "Partners" | Head of IT\r\nEMEA    |
        | Grace      | Hopper     | Navy,,Research            | Rear Admiral\nretired |

  Rule: The headings are there even without leads

    @rule:§3.export.csv.header_when_empty
    Scenario: An exhibit without leads exports just the headings
      When Cleo exports the leads as CSV
      Then the export holds no leads
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

  Rule: The file is a download named after the exhibit and the day, never stored by the way

    @rule:§3.export.file.disposition
    Scenario: The CSV file is named after the exhibit and the day of the export
      When Cleo exports the leads as CSV
      Then the file is offered for download as "leads_{exhibit_id}_{YYYYMMDD}.csv"

    @rule:§3.export.file.no_store
    Scenario: The CSV file is marked never to be stored
      When Cleo exports the leads as CSV
      Then the export is marked never to be stored

    @rule:§3.export.csv.form @rule:§3.export.file.disposition
    Scenario: Asked for without a form, the export is the CSV file
      Given the exhibit has these leads:
        | first_name | last_name |
        | Ada        | Lovelace  |
      When Cleo exports the leads
      Then the file is offered for download as "leads_{exhibit_id}_{YYYYMMDD}.csv"
      And the CSV file is UTF-8 that begins with a byte-order mark
      And the export contains these leads:
        | first_name | last_name |
        | Ada        | Lovelace  |
