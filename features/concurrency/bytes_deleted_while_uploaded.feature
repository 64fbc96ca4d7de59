@concurrency
Feature: No bytes are lost when a file is deleted as the same bytes are uploaded again
  Aether keeps the bytes of identical files once, and removes them when the last file that uses them
  is deleted. A booth that replaces its price list deletes the old copy as the new one arrives: the
  new copy must never lose its bytes to the deletion of the old one, and bytes no file uses must go.

  @rule:§3.files.delete.bytes
  Scenario: Osiris replaces the price list ten times, deleting the old copy as the new one arrives
    Given Osiris has uploaded the price list
    When Osiris uploads the price list again while deleting the last copy, 10 times over
    Then every price list left downloads whole

  @sandbox @rule:§3.files.delete.bytes
  Scenario: Osiris and Cleo delete the last two copies of the price list at once
    Given Osiris has uploaded the price list
    And Cleo has uploaded the same price list
    When Osiris and Cleo delete their copies of the price list at once
    Then both deletions are done
    And the price list's bytes are no longer in storage
