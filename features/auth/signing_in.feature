@auth
Feature: People sign in on their account's site with a passcode
  A person signs in with their email and passcode and receives a token that says who they are
  and which account they belong to. A failed sign-in gives nothing away: whether the passcode
  was wrong, the email unknown, or the person belongs to another customer, the answer is the
  same, so the sign-in page cannot be used to find out who has an account.

  Rule: The right passcode gives a token for that person in their account

    @rule:§2.person.role_and_flag @rule:§3.me @rule:§3.login.answer
    Scenario: Cleo signs in and the token is hers
      When Cleo signs in with their passcode
      Then Cleo is signed in to One Sky IT Demo
      And Cleo is recognised as a staff member with leads access

  Rule: Signing in needs the application key alone
    Whoever signs in has no token yet, and the app learns the account from the sign-in itself.

    @rule:§1.context.exempt @rule:§3.login.answer
    Scenario: Cleo signs in through an application that sends its key and nothing else
      When Cleo signs in with their passcode, the application sending its key alone
      Then Cleo is signed in to One Sky IT Demo

  Rule: A failed sign-in does not reveal whether the email exists

    @security @holds_sign_ins @rule:§3.login.same_refusal
    Scenario: An unknown email is refused exactly like a wrong passcode
      When Scott signs in with a wrong passcode
      And someone signs in on One Sky IT Demo's site with an email nobody has
      Then both sign-ins are refused the same way, without revealing whether the email exists

    # A person of another customer is refused exactly like an email nobody has: the tenant wall holds
    # that, on any server (features/tenancy/crossed_credentials.feature).

  Rule: An email is recognised however it is typed

    @rule:§3.login.email_normalised
    Scenario Outline: Cleo signs in typing her email <typed>
      When Cleo signs in with her email typed <typed>
      Then Cleo is signed in to One Sky IT Demo

      Examples:
        | typed                                              |
        | in capitals                                        |
        | with each word capitalised                         |
        | with spaces around it                              |
        | with each word capitalised and a space either side |

  Rule: A token lasts an hour unless asked otherwise, and never more than a day

    @rule:§3.login.expires_in.default
    Scenario: Without asking, a token lasts an hour
      When Cleo signs in with their passcode
      Then Cleo is signed in for 3600 seconds

    Scenario Outline: A token may last <seconds> seconds
      When Cleo signs in asking for a token that lasts <seconds> seconds
      Then Cleo is signed in for <seconds> seconds

      Examples:
        | seconds |
        | 1       |
        | 86400   |

    @rule:§3.login.expires_in.range
    Scenario Outline: A token cannot last <seconds> seconds
      When Cleo signs in asking for a token that lasts <seconds> seconds
      Then Cleo is refused a token of that lifetime

      Examples:
        | seconds |
        | 0       |
        | 86401   |
