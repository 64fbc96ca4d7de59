@tenancy @security
Feature: Identical files in two accounts stay apart
  Two exhibitors often upload the very same file: a price list forwarded by a common supplier,
  the organiser's floor plan. Aether may store those bytes once, but each account must still
  see only its own file: finding a file by its content never reaches into another account,
  and one account deleting its copy never takes the other's away.

  Background:
    Given Osiris has uploaded the price list as "onesky-price-list-2026.csv"
    And Nadia has uploaded the same price list as "northwind-price-list-2026.csv"

  Rule: finding a file by its content finds only the account's own copy

    @rule:§3.files.by_hash.none @rule:§3.files.other_account
    Scenario Outline: <person> finds only their own copy by its content
      When <person> downloads the price list by its content
      Then <person> receives their own copy

      Examples:
        | person |
        | Osiris |
        | Nadia  |

  Rule: deleting one account's copy leaves the other account's copy whole

    @rule:§3.files.by_hash.none @rule:§3.files.other_account
    Scenario Outline: <keeper> keeps their copy when <deleter> deletes theirs
      When <deleter> deletes the price list
      Then <deleter> can no longer download the price list by its content
      And <keeper>'s price list can still be downloaded by its file and by its content

      Examples:
        | deleter | keeper |
        | Nadia   | Osiris |
        | Osiris  | Nadia  |
