@concurrency
Feature: An export taken while leads arrive is one consistent picture
  On a show day the booth keeps scanning while the manager exports. Each export is a picture of one
  moment: every lead in it once, the JSON form's count the number of its rows, and the three forms
  taken together agree on every lead they share, whatever arrived while they were made.

  @rule:§3.export.json.form @rule:§3.export.rows.every_lead
  Scenario: Osiris exports in all three forms while the booth keeps scanning
    Given One Sky IT Demo has an exhibit "Show day" at its conference
    And Osiris has added the lead "Ada Early" to the exhibit
    When Osiris exports the leads in all three forms, again and again, while 20 more leads arrive
    Then every export holds each lead once, and the JSON form counts its rows
    And the forms taken together agree on every lead they share
