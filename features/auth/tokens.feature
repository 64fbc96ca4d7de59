@auth
Feature: Only a genuine, current token shows who is calling
  After signing in, every call shows the token the person was given. The token is what the API
  believes about who is calling and in which account, so a token that is missing, broken,
  altered, unsigned, issued by someone else or out of date must be refused, and the refusal must
  ask the app to sign the person in again. A token only ever works in its own account.

  Rule: A missing, broken or forged token is refused, and the app is asked to sign in

    @security @rule:§1.check4.challenge @rule:§1.check4.token @rule:§1.token.invalid_forms
    Scenario Outline: Scott shows <kind>
      When Scott asks who they are with <kind>
      Then Scott is asked to sign in because <reason>

      Examples:
        | kind                                                    | reason                 |
        | no token                                                | no token was shown     |
        | a scrap of text instead of a token                      | the token is not valid |
        | their own token rewritten to name their manager         | the token is not valid |
        | an unsigned token naming their manager                  | the token is not valid |
        | a token naming their manager signed with a made-up key  | the token is not valid |

    # A well-signed token needs the server's signing key, which only the embedded sandbox lets the
    # suite choose; the other forgeries above need no key and are refused on any server.
    @security @sandbox @rule:§1.check4.token @rule:§1.check4.challenge @rule:§1.token.claims
    @rule:§1.token.invalid_forms
    Scenario: A token from another issuer is refused even when its signature is good
      Given this sandbox signs its tokens with a key the test made up
      When Scott asks who they are with a well-signed token from another issuer
      Then Scott is asked to sign in because the token is not valid

  Rule: Everything a person does in an account needs them signed in

    @rule:§1.bearer.required
    Scenario Outline: Osiris cannot <action> without signing in
      Given One Sky IT Demo has an exhibit "Cloud Pavilion" at its conference
      And the exhibit has these leads:
        | first_name | last_name |
        | Ada        | Lovelace  |
      And Osiris has uploaded "visit-notes.txt"
      When Osiris tries to <action> without signing in
      Then Osiris is asked to sign in because no token was shown

      Examples:
        | action                           |
        | read the event                   |
        | create an exhibit                |
        | list the event's exhibits        |
        | read the exhibit                 |
        | rename the exhibit               |
        | delete the exhibit               |
        | add a lead                       |
        | list the leads                   |
        | read the lead                    |
        | export the leads                 |
        | look up the upload limit         |
        | upload a file                    |
        | list the files                   |
        | find the files by their content  |
        | read the file's details          |
        | download the file                |
        | download part of the file        |
        | download the file by its content |
        | delete the file                  |

  Rule: A token stops working when its time is up

    @slow @rule:§1.check4.token @rule:§1.check4.challenge
    Scenario: An expired token is refused
      Given Scott has signed in for just one second
      When Scott asks who they are once that second has passed
      Then Scott is asked to sign in because the token has expired

  Rule: A token works only in its own account

    @security
    Scenario: Nadia's token does not open One Sky IT Demo, even with that account's own key
      When Nadia asks who they are in One Sky IT Demo with that account's own application key
      Then Nadia is refused entry to One Sky IT Demo
