@auth
Feature: A signed-in person can ask who they are
  Apps show the person's name and decide which buttons to offer from what the API says about
  them: their role, and whether they have leads access (which lets an integration pull leads
  and unlocks the export). That access belongs to the person, not to the role: a manager may be
  without it and a staff member may have it.

  @rule:§2.person.role_and_flag @rule:§3.me
  Scenario Outline: <person> is told their own role and leads access
    When <person> asks who they are
    Then the API names <person> as a <role> <with or without> leads access

    Examples:
      | person | role         | with or without |
      | Osiris | manager      | without         |
      | Cleo   | staff member | with            |
      | Scott  | staff member | without         |
      | Nadia  | manager      | with            |
