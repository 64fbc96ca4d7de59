@export
Feature: The exhibits at the conference, from which the team picks the one to export
  Before pulling leads, staff pick their exhibit from the conference's list of the account's
  exhibits. The list shows them oldest first, as they were set up, so the booth everybody knows
  stays where they expect it. Other exhibits of the account may be on the list too.

  Rule: The conference's exhibits are listed oldest first, as they were set up

    @rule:§3.exhibit.list.order
    Scenario: Cleo sees the exhibits Osiris set up, oldest first
      Given One Sky IT Demo has an exhibit "Cloud Pavilion" at its conference
      And One Sky IT Demo has an exhibit "Edge Lab" at its conference
      And One Sky IT Demo has an exhibit "Security Corner" at its conference
      When Cleo lists the exhibits at the conference
      Then the list holds the exhibits "Cloud Pavilion", "Edge Lab" and "Security Corner", oldest first

  Rule: The list refuses a filter it does not offer, so nobody mistakes the whole list for one booth's

    @rule:§1.check7.validation @rule:§3.exhibit.list.query
    Scenario: Cleo asks for the exhibits of one booth, which the list cannot filter by
      Given One Sky IT Demo has an exhibit "Cloud Pavilion" at its conference
      When Cleo lists the exhibits at the conference by booth
      Then Cleo is refused for asking the list for something it does not offer

  Rule: An exhibit is read, changed or deleted, and asking anything else of it is answered as such

    @rule:§0.method_not_allowed
    Scenario: Osiris asks to replace an exhibit wholesale and is told what an exhibit offers
      Given One Sky IT Demo has an exhibit "Cloud Pavilion" at its conference
      When Osiris asks to replace the exhibit as a whole
      Then Osiris is told that is not offered for an exhibit, and what is
