@auth
Feature: A request wrong in two ways is refused for the first
  Aether judges a request in a fixed order: whether the person may do it at all, then whether what
  they sent is valid, and only then whether what it names exists. A request wrong in two ways is
  refused for the first, so that someone who may not act learns nothing from the answer about what
  they sent, and someone who sent what cannot be valid is told so before anything is looked for.

  Rule: Someone who may not act is refused for that, whatever they sent

    @rule:§1.order.permission_before_validation
    Scenario: Scott, who may not set up exhibits, tries to set up one with an empty name
      When Scott sets up an exhibit with an empty name
      Then Scott is refused for lack of permission

  Rule: What was sent is judged before anything it names is looked for

    @rule:§1.order.validation_before_existence
    Scenario: Osiris changes an exhibit that does not exist, saying nothing to change
      When Osiris changes an exhibit that does not exist, saying nothing to change
      Then Osiris is refused because what was entered is not valid
