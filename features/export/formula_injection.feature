@export @security
Feature: Nothing in an export runs as a formula
  A spreadsheet runs any cell that starts with =, +, -, @ (and, in some programs, a tab or a carriage
  return) as a formula. Anyone at the show can type such a thing on a badge form or into a question, and
  a formula like =HYPERLINK(...) or a DDE command can leak data or run programs on the exhibitor's
  computer when the export is opened. So in the CSV and XLSX files such a cell is written with a leading
  apostrophe, which makes it plain text; headings too; and notes are judged after their HTML is gone. The
  JSON form feeds other programs, not spreadsheets, and carries the values as they are.

  Background:
    Given One Sky IT Demo has an exhibit "Orbit Analytics" at its conference

  Rule: In the files, text a spreadsheet would run as a formula starts with an apostrophe

    @rule:§3.export.formula_guard @rule:§3.export.csv.form @rule:§3.export.notes.plain_text
    Scenario Outline: A lead's <field> starting with <start> is defused in the <form> file
      Given the exhibit has a lead whose <field> is "<value>"
      When Cleo exports the leads as <form>
      Then the export shows the lead's <field> as "<shown>"
      And no cell of the export is a formula

      Examples: CSV
        | field      | start                            | value                                    | form | shown                              |
        | first name | an equals sign                   | =cmd\|' /C calc'!A0                      | CSV  | '=cmd\|' /C calc'!A0               |
        | last name  | a plus                           | +Hopper                                  | CSV  | '+Hopper                           |
        | first name | a minus                          | -Grace                                   | CSV  | '-Grace                            |
        | last name  | an at sign                       | @Lovelace                                | CSV  | '@Lovelace                         |
        | first name | a tab                            | \tAda                                    | CSV  | '\tAda                             |
        | company    | a minus                          | -2+3 Consulting                          | CSV  | '-2+3 Consulting                   |
        | job title  | an at sign                       | @SUM(1+1)*cmd\|' /C calc'!A0             | CSV  | '@SUM(1+1)*cmd\|' /C calc'!A0      |
        | email      | a tab                            | \t=1+1@evil.example                      | CSV  | '\t=1+1@evil.example               |
        | badge      | a carriage return                | \r=1+1                                   | CSV  | '\r=1+1                            |
        | phone      | a plus                           | +44 20 7946 0018                         | CSV  | '+44 20 7946 0018                  |
        | notes      | a formula once its tags are gone | <b>=HYPERLINK("http://evil.example")</b> | CSV  | '=HYPERLINK("http://evil.example") |
        | answer     | an equals sign                   | =1+1                                     | CSV  | '=1+1                              |
        | question   | an equals sign                   | =SUM(A1)                                 | CSV  | '=SUM(A1)                          |

      Examples: XLSX
        | field      | start                            | value                                    | form | shown                              |
        | first name | an equals sign                   | =cmd\|' /C calc'!A0                      | XLSX | '=cmd\|' /C calc'!A0               |
        | last name  | a plus                           | +Hopper                                  | XLSX | '+Hopper                           |
        | first name | a minus                          | -Grace                                   | XLSX | '-Grace                            |
        | last name  | an at sign                       | @Lovelace                                | XLSX | '@Lovelace                         |
        | first name | a tab                            | \tAda                                    | XLSX | '\tAda                             |
        | notes      | a formula once its tags are gone | <b>=HYPERLINK("http://evil.example")</b> | XLSX | '=HYPERLINK("http://evil.example") |
        | answer     | an equals sign                   | =1+1                                     | XLSX | '=1+1                              |
        | question   | an equals sign                   | =SUM(A1)                                 | XLSX | '=SUM(A1)                          |

    @rule:§3.export.notes.plain_text
    Scenario Outline: A lead's <field> with <what> is left as it is in the <form> file
      Given the exhibit has a lead whose <field> is "<value>"
      When Cleo exports the leads as <form>
      Then the export shows the lead's <field> as "<shown>"

      Examples:
        | field   | what                      | value                        | form | shown                 |
        | company | an equals sign further on | Smith = Jones Ltd            | CSV  | Smith = Jones Ltd     |
        | notes   | a minus further on        | <p>Follow-up - next week</p> | XLSX | Follow-up - next week |

  Rule: The JSON form carries the values as they are

    @rule:§3.export.json_raw @rule:§3.export.json.form @rule:§3.export.notes.plain_text
    Scenario Outline: A lead's <field> starting with <start> is carried raw in the JSON form
      Given the exhibit has a lead whose <field> is "<value>"
      When Cleo exports the leads as JSON
      Then the export shows the lead's <field> as "<raw>"

      Examples:
        | field      | start                            | value                                    | raw                               |
        | first name | an equals sign                   | =cmd\|' /C calc'!A0                      | =cmd\|' /C calc'!A0               |
        | notes      | a formula once its tags are gone | <b>=HYPERLINK("http://evil.example")</b> | =HYPERLINK("http://evil.example") |
        | question   | an equals sign                   | =SUM(A1)                                 | =SUM(A1)                          |
