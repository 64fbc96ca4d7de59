@concurrency @security
Feature: Guesses sent together get no more tries than guesses sent one by one
  Five failed sign-ins in a row lock an email on a site for a while. Someone guessing passcodes may
  send many guesses at the same moment, hoping each is judged before the others are counted. They
  gain nothing by it: of the guesses sent together, no more than five are judged, and the rest are
  locked out. The email is one nobody has, so nobody is locked out.

  @rule:§3.login.lockout.after_five
  Scenario: Twenty wrong passcodes sent together are judged no more than five times
    When a visitor sends 20 wrong passcodes at once on One Sky IT Demo's site with an email nobody has
    Then no more than five of the guesses were judged, and the rest were locked out
