@export @security
Feature: Who may export an exhibit's leads
  The export hands over every lead an exhibit collected: names, emails, phone numbers and what the
  visitors told the staff. The exhibitor's manager may take it, and so may staff trusted with leads
  access; other staff may not. Nobody can take another account's leads, and the API does not even let
  them learn that such an exhibit exists: it answers exactly as for an exhibit that never was, just as
  it does for an exhibit that has been removed.

  Rule: Only the manager and staff with leads access get the export, and only of their account's existing exhibits

    @rule:§2.flag.serves_twice
    Scenario Outline: <person> exports the leads of <whose> exhibit
      Given <owner> has an exhibit "Orbit Analytics" at its conference
      And the exhibit has these leads:
        | first_name | last_name | company                |
        | Ada        | Lovelace  | Analytical Engines Ltd |
      When <person> exports the leads of <which exhibit>
      Then <person> <outcome>

      Examples:
        | person | whose             | owner           | which exhibit                        | outcome                                     |
        | Osiris | their account's   | One Sky IT Demo | the exhibit                          | receives the leads of the exhibit           |
        | Cleo   | their account's   | One Sky IT Demo | the exhibit                          | receives the leads of the exhibit           |
        | Scott  | their account's   | One Sky IT Demo | the exhibit                          | is refused for lack of permission           |
        | Osiris | another account's | Northwind Expo  | the exhibit                          | is answered as if the exhibit did not exist |
        | Cleo   | another account's | Northwind Expo  | the exhibit                          | is answered as if the exhibit did not exist |
        | Nadia  | another account's | One Sky IT Demo | the exhibit                          | is answered as if the exhibit did not exist |
        | Osiris | a removed         | One Sky IT Demo | the exhibit once it has been removed | is answered as if the exhibit did not exist |
        | Cleo   | a removed         | One Sky IT Demo | the exhibit once it has been removed | is answered as if the exhibit did not exist |
