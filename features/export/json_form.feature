@export
Feature: The JSON form
  Integrations pull leads as JSON instead of a file: the column names, then the rows, each row one
  value per column in the same order, and how many rows there are, so a CRM connector can map the
  columns once and read any exhibit.

  Background:
    Given One Sky IT Demo has an exhibit "Orbit Analytics" at its conference

  Rule: The JSON form lists the columns, the rows aligned with them, and their count

    @rule:§3.export.rows.every_lead
    Scenario: The JSON form holds the columns, the rows and their count
      Given the exhibit has these leads and answers:
        | first_name | last_name | scanned_at           | hidden | Budget |
        | Ada        | Lovelace  | 2026-03-10T09:00:00Z | false  | 50k    |
        | Grace      | Hopper    | 2026-03-10T09:05:00Z | true   |        |
      When Cleo exports the leads as JSON
      Then the export lists its columns, its rows aligned with them, and their count
      And the export's question columns are:
        | column |
        | Budget |
      And the hidden and enabled columns hold true/false cells, not text
      And the export contains these leads:
        | first_name | hidden | enabled | Budget |
        | Ada        | false  | true    | 50k    |
        | Grace      | true   | true    |        |
