@auth
Feature: Every call says which account it acts in
  One application key belongs to one account. Each call names the account it acts in, and the
  API refuses a call that names none, or names an account the key does not belong to. Naming
  another customer's account and naming one that does not exist are refused alike, so that
  nobody can find out which accounts exist by trying.

  @rule:§1.context.required @rule:§1.check2.context_present
  Scenario: A call that does not say which account it acts in is a bad request
    When Osiris asks who they are without saying which account they act in
    Then Osiris is told to say which account they act in

  @rule:§1.order.context_before_token @rule:§1.checks.first_failure_answers
  Scenario: A call that names no account and carries no sign-in is first told to say which account it acts in
    When Osiris asks who they are without saying which account they act in, and without signing in
    Then Osiris is told to say which account they act in

  @rule:§1.order.account_before_token
  Scenario: A call in another customer's account without a sign-in is refused entry first
    When Osiris asks who they are, acting in Northwind Expo, without signing in
    Then Osiris is refused entry to Northwind Expo

  @security @rule:§1.check3.unknown_account
  Scenario: Another customer's account and a made-up one are refused alike
    When Osiris asks who they are, acting in Northwind Expo
    And Osiris asks who they are, acting in an account that does not exist
    Then both are refused entry the same way, without revealing which accounts exist
