@auth
Feature: Only known applications may call the API
  Every app that talks to Aether (the booth scanner, the exhibitor portal, an integration) carries
  the application key its account was issued. A key that is missing, unknown or revoked is turned
  away before anything else happens, and the answer says which, so that a developer can fix the
  right thing. Monitoring must see whether the API is up without holding any key.

  Rule: A call without a valid application key is turned away, saying why

    @rule:§1.key.required @rule:§1.check1.key
    Scenario Outline: An application with <key> is turned away
      When One Sky IT Demo's application looks up its site with <key>
      Then the application is turned away because its key is <reason>

      Examples:
        | key                              | reason  |
        | no application key               | missing |
        | an application key nobody issued | unknown |

    @security @rule:§1.key.required @rule:§1.check1.key
    Scenario: A revoked application key no longer opens anything
      When One Sky IT Demo's application looks up its site with its revoked application key
      Then the application is turned away because its key is revoked

    @security @rule:§1.key.required @rule:§1.check1.key
    Scenario: A revoked application key is turned away even for a person who has signed in
      Given Scott has signed in with his passcode
      When Scott asks who he is with the revoked application key
      Then the application is turned away because its key is revoked

  Rule: The health check is open to everyone

    @rule:§3.health
    Scenario: Monitoring checks the API without any credentials
      When anyone checks that the API is up, without any credentials
      Then the API says it is up

  Rule: The application key is checked before anything else

    @rule:§1.order.key_before_context
    Scenario: A call with an unknown key that names no account is turned away for its key
      When Cleo asks who she is with an application key nobody issued, without saying which account she acts in
      Then the application is turned away because its key is unknown
