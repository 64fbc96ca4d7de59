@tenancy @security
Feature: A request cannot place anything in another account
  Each request says what it changes; the account, the exhibit and the uploader come from the
  credentials and the address, never from the body. A request that slips in a field naming
  another account's objects (to plant an exhibit, a lead or a file there, or to pass a file off
  as someone else's) is refused as invalid, and nothing of it is stored.

  Background:
    Given Northwind Expo has an exhibit "Northwind Product Lab" at its conference
    And One Sky IT Demo has an exhibit "Cloud Migration Clinic" at its conference

  Rule: a field naming another account's objects is refused, and stores nothing

    @rule:§0.ids.form @rule:§0.ids.no_numbers @rule:§0.ids.internal_keys @rule:§0.unknown_fields
    @rule:§0.exact_fields @rule:§1.check7.validation
    Scenario Outline: Nadia cannot <action> with <field> set to <target>
      When Nadia attempts to <action> with <field> set to <target>
      Then Nadia is refused for sending a field the request does not have
      And the attempt stored nothing in either account
      And nothing of Northwind has changed, as Nadia sees it
      And nothing of One Sky has changed, as Osiris sees it

      Examples:
        | action               | field       | target            |
        | create an exhibit    | account_id  | One Sky's account |
        | create an exhibit    | exhibit_id  | One Sky's exhibit |
        | rename their exhibit | account_id  | One Sky's account |
        | rename their exhibit | exhibit_id  | One Sky's exhibit |
        | add a lead           | exhibit_id  | One Sky's exhibit |
        | add a lead           | account_id  | One Sky's account |
        | upload a file        | account_id  | One Sky's account |
        | upload a file        | uploaded_by | Osiris            |
