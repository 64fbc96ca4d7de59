@tenancy @security
Feature: Credentials of two accounts never add up to access
  Every request carries three credentials: the application (each belongs to one account), the
  account it acts in, and the person signed in. All three must belong to the same account.
  Otherwise a leaked application key of one exhibitor, or any signed-in person of another,
  would open an account they have no business in.

  Rule: an application acts only in its own account

    @rule:§1.key.one_account @rule:§1.check3.context_is_keys
    Scenario Outline: <person> is refused in their own account through <application>'s application
      When <person> reads <account>'s conference through <application>'s application
      Then <person> is refused entry to <account>

      Examples:
        | person | account   | application |
        | Nadia  | Northwind | One Sky     |
        | Osiris | One Sky   | Northwind   |

  Rule: a sign-in opens only its own account

    @rule:§1.check5.token_account @rule:§1.token.claims
    Scenario Outline: <person>'s sign-in does not open <account>, even through <account>'s application
      When <person> reads <account>'s conference through <account>'s application
      Then <person> is refused entry to <account>

      Examples:
        | person | account   |
        | Nadia  | One Sky   |
        | Osiris | Northwind |

    @rule:§3.login.other_site
    Scenario: An application cannot sign anyone in on another account's site
      When someone signs in on Northwind Expo's site through One Sky IT Demo's application
      Then no site is found

    @rule:§3.login.same_refusal
    Scenario: Nadia's passcode does not sign her in on One Sky's site
      Each refusal counts towards locking Nadia's email on One Sky's site, and nothing there can reset
      it: where earlier runs have locked it, she must be answered as an email nobody has, locked alike.
      When Nadia signs in with their own passcode on One Sky IT Demo's site
      Then Nadia is refused exactly like an email nobody has, on One Sky IT Demo's site
