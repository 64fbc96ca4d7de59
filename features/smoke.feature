@smoke
Feature: The demo personas can sign in
  Every environment holds the demo accounts. Each demo person signs in with their own
  passcode, and the API then knows who they are: their account, their role, and whether
  they may pull leads (which also unlocks the export).

  @rule:§0.base_path @rule:§0.json_bodies @rule:§4.dataset.present
  Scenario Outline: <person> signs in and is recognised
    When <person> signs in with their passcode
    Then <person> is signed in to <account>
    And <person> is recognised as a <role> <with or without> leads access

    Examples:
      | person | account         | role         | with or without |
      | Osiris | One Sky IT Demo | manager      | without         |
      | Cleo   | One Sky IT Demo | staff member | with            |
      | Scott  | One Sky IT Demo | staff member | without         |
      | Nadia  | Northwind Expo  | manager      | with            |
