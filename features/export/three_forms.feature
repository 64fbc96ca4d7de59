@export
Feature: The three forms of the export agree
  The same leads can be taken as a CSV file, as an XLSX workbook, or as JSON data for an integration.
  An exhibitor who opens the CSV in one tool and the workbook in another, or whose CRM pulls the JSON,
  must see the same table: the same columns, the same rows, the same cells. Only what each form must
  do differently differs: booleans are true/false text in CSV and true/false values in XLSX and JSON,
  and the files defuse formulas where JSON carries the raw value.

  Background:
    Given One Sky IT Demo has an exhibit "Orbit Analytics" at its conference

  Rule: CSV, XLSX and JSON hold the same table

    @rule:§3.export.cells.booleans @rule:§3.export.formula_guard @rule:§3.export.xlsx.form
    Scenario: The three forms of a varied exhibit hold the same table
      Given the exhibit has these leads and answers:
        | first_name | last_name     | email              | company                   | title            | scanned_at                | exhibitor_notes              | hidden | enabled | Interested in | Budget | Comments       |
        | Zoë        | O'Brien-Ñúñez | zoe@orbit.example  | Smith, Jones & "Partners" | Head of IT\nEMEA | 2026-03-10T09:00:00+01:00 | <p>Call <b>Mon</b>day</p>    | false  | true    | [Cloud, Edge] | 50k    |                |
        | 李          | 小龙            |                    | Dragon Tech 株式会社          |                  | 2026-03-10T08:30:00Z      |                              | true   | false   |               | =1+1   | "Quoted", sure |
        | Grace      | Hopper        | grace@navy.example | U.S. Navy                 | Rear Admiral     | 2026-03-10T09:45:00Z      | Fixed a moth &amp; logged it | false  | false   | [AI]          |        | 🐛 first bug    |
      When Cleo exports the leads in all three forms
      Then the three forms hold the same table

  Rule: Only the forms and options the API offers can be asked for

    @rule:§1.check7.validation @rule:§3.export.query
    Scenario Outline: An export asked for with <option> "<value>" is refused as invalid
      When Cleo asks for the export with <option> "<value>"
      Then Cleo is told the export request is invalid

      Examples:
        | option      | value |
        | format      | pdf   |
        | format      | json  |
        | format      | CSV   |
        | return file | yes   |
        | return file | 0     |
