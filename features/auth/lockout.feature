@auth @security
Feature: Repeated failed sign-ins lock the email for a while
  Passcodes are short, so guessing them must be slow. After five failed sign-ins in a row for
  one email on one site, even emails nobody has, that email is locked for a while (15 minutes on
  the dev API) and the app is told how long to wait. Trying again while locked neither counts
  nor makes the wait longer, and a successful sign-in starts the count afresh.

  # A visitor's email is new in every scenario, so those scenarios share nothing. Scott's sign-ins are
  # everyone's: @holds_sign_ins scenarios make them fail, and only one of them runs at a time (README
  # "Scenarios in parallel").

  @rule:§3.login.lockout.after_five @rule:§3.login.lockout.retry_after
  Scenario: Five failed sign-ins in a row lock the email
    Given a visitor has failed to sign in 5 times in a row on One Sky IT Demo's site with an email nobody has
    When the visitor signs in once more with the same email
    Then the sign-in is locked, with the time to wait

  @slow @rule:§3.login.lockout.after_five @rule:§3.login.lockout.retry_after
  @rule:§3.login.lockout.refusals_not_counted
  Scenario: Trying again while locked does not make the wait longer
    Given a visitor has failed to sign in 5 times in a row on One Sky IT Demo's site with an email nobody has
    When the visitor keeps signing in with the same email while locked out
    Then the time they are told to wait goes down, as the lock is not extended

  @holds_sign_ins @rule:§3.login.lockout.reset_on_success
  Scenario: A successful sign-in starts the count of failures afresh
    Given Scott has mistyped their passcode 4 times in a row
    And Scott has then signed in with their passcode
    And Scott has then mistyped their passcode once more
    When Scott signs in with their passcode
    Then Scott is signed in to One Sky IT Demo

  @sandbox @holds_sign_ins @rule:§3.login.lockout.after_five @rule:§3.login.lockout.retry_after
  @rule:§3.login.lockout.reset_on_success
  Scenario: While locked, even the right passcode is refused
    Given on this sandbox a sign-in lock lasts 3 seconds
    And Scott has mistyped their passcode 5 times in a row
    When Scott signs in with their passcode
    Then the sign-in is locked, with the time to wait

  @sandbox @slow @holds_sign_ins @rule:§3.login.lockout.after_five @rule:§3.login.lockout.retry_after
  @rule:§3.login.lockout.refusals_not_counted @rule:§3.login.lockout.reset_on_success
  @rule:§3.login.lockout.window
  Scenario: The lock lifts once its time is up
    Given on this sandbox a sign-in lock lasts 1 second
    And Scott has mistyped their passcode 5 times in a row
    When Scott signs in with their passcode
    Then the sign-in is locked, with the time to wait
    When Scott signs in with their passcode once the lock has had time to lift
    Then Scott is signed in to One Sky IT Demo
