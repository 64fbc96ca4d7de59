@auth
Feature: An app finds its account's site by the domain it is served from
  Before anyone signs in, the app asks which site it is running on: the site decides where
  people sign in and that they sign in with a passcode. People type domains in any letter case.
  An app only ever finds its own account's sites: another customer's domain is as unknown as a
  domain nobody uses.

  Rule: A site is found by its domain in any letter case

    @rule:§1.context.exempt @rule:§3.bootstrap.answer @rule:§3.bootstrap.case_insensitive
    Scenario Outline: The site is found at its domain typed <typed>
      When One Sky IT Demo's application looks up the site at its domain typed <typed>
      Then the site found is One Sky IT Demo's, where sign-in is by passcode

      Examples:
        | typed                      |
        | as registered              |
        | in capitals                |
        | with each word capitalised |

  Rule: The lookup needs the application key alone
    The app looks its site up before anyone has signed in and before it knows which account it acts in.

    @rule:§1.context.exempt @rule:§3.bootstrap.answer
    Scenario: The app finds its site with its application key and nothing else
      When One Sky IT Demo's application looks up its site with its application key alone
      Then the site found is One Sky IT Demo's, where sign-in is by passcode

  Rule: Only the account's own domains are found

    @rule:§1.context.exempt @rule:§3.bootstrap.answer
    Scenario: No site is found at a domain nobody uses
      When One Sky IT Demo's application looks up the site at "expo.nowhere.example"
      Then no site is found

    @rule:§1.context.exempt @rule:§3.bootstrap.answer
    Scenario: No site is found at another customer's domain
      When One Sky IT Demo's application looks up the site at Northwind Expo's domain
      Then no site is found

  Rule: A lookup must name a domain

    @rule:§1.context.exempt @rule:§3.bootstrap.answer @rule:§3.bootstrap.domain_required
    Scenario: A lookup without a domain is refused
      When One Sky IT Demo's application looks up a site without giving a domain
      Then the lookup is refused because no domain was given
