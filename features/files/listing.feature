@files
Feature: The account's files, listed and found by their content
  The booth team looks for what colleagues have uploaded before the show: the files list shows every
  file of the account, oldest first, each with the details recorded at upload. Finding files by their
  content shows only the files holding exactly those bytes, so staff can tell whether a brochure is
  already there before uploading it again. Other files of the account may be on the list too.

  Rule: The list holds every file of the account, oldest first

    @rule:§3.files.list.order @rule:§3.files.by_hash.none @rule:§3.files.delete.bytes
    Scenario: Scott sees the files his colleagues and he uploaded, oldest first
      Given Osiris has uploaded the price list
      And Cleo has uploaded the floor plan
      And Scott has uploaded the visit report
      When Scott lists the account's files
      Then the list holds the price list, the floor plan and the visit report, oldest first

  Rule: Finding files by their content shows every file with exactly those bytes, and no other

    @rule:§3.files.list.order @rule:§3.files.list.by_hash
    Scenario: Scott finds both copies of the price list by its content, and not the floor plan
      Given Osiris has uploaded the price list
      And Cleo has uploaded the same price list
      And Cleo has uploaded the floor plan
      When Scott finds the files by the price list's content
      Then the list holds every copy of the price list and no other file

  Rule: The list refuses a filter it does not offer, so nobody mistakes an unfiltered list for a filtered one

    @rule:§1.check7.validation @rule:§3.files.list.query
    Scenario: Scott asks for the files he uploaded himself, which the list cannot filter by
      Given Scott has uploaded the visit report
      When Scott lists the account's files by who uploaded them
      Then Scott is refused for asking the list for something it does not offer
