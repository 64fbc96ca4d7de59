@concurrency
Feature: Deleting the same thing twice at once deletes it once
  An app that retries, or two colleagues tidying up at the same moment, may delete the same exhibit or
  file twice at once. It is deleted once: one of the two is told it is done, the other that there is
  no such exhibit or file, exactly as if they had come one after the other, and nothing of it is left.

  @rule:§3.exhibit.delete
  Scenario: Osiris deletes an exhibit twice at once
    Given One Sky IT Demo has an exhibit "Spring fair" at its conference
    When Osiris deletes the exhibit twice at once
    Then one of the two deletions is done and the other finds nothing to delete
    And the exhibit is gone

  @rule:§3.files.delete.gone
  Scenario: Osiris deletes the price list twice at once
    Given Osiris has uploaded the price list
    When Osiris deletes the price list twice at once
    Then one of the two deletions is done and the other finds nothing to delete
    And the price list is gone for good
