@tenancy @security
Feature: Identifiers give nothing away
  Aether names every account, person, conference, exhibit, lead and file by an opaque code of
  11 letters, digits, "-" or "_". A counter (1, 2, 3, ...) would tell a competitor how many
  exhibits or leads an account has, and invite them to guess the next one.

  The suite checks this on every answer of every scenario: any scenario that meets a number or
  a malformed code where an identifier belongs fails, naming the request and the value. This
  scenario states the rule for readers.

  Rule: every identifier is an opaque 11-character code, never a number

    @rule:§0.ids.form @rule:§0.ids.no_numbers @rule:§0.ids.internal_keys @rule:§0.exact_fields
    Scenario: Everything One Sky's manager reads is named by opaque codes
      Given One Sky IT Demo has an exhibit "Cloud Migration Clinic" at its conference
      And the exhibit has these leads:
        | first_name | last_name | company        | badge_id |
        | Ada        | Lovelace  | Analytical Ltd | 1001     |
      And Osiris has uploaded "cloud-migration-brochure.pdf"
      When Osiris reads the conference, the exhibit, a lead, the visible leads and the file's details
      Then every identifier in those answers is an opaque 11-character code

  Rule: what is created is found where the answer says it is

    @rule:§0.create_location @rule:§3.lead.location
    Scenario Outline: <person> is told where the <what> they created is
      Given One Sky IT Demo has an exhibit "Cloud Pavilion" at its conference
      When <person> tries to <action>
      Then what <person> created can be read where the answer says it is

      Examples:
        | person | what    | action            |
        | Osiris | exhibit | create an exhibit |
        | Cleo   | lead    | add a lead        |
        | Scott  | file    | upload a file     |
