@auth
Feature: Every refusal says plainly what went wrong
  Apps show Aether's refusals to the people at the booth and log them for support, so every
  refusal has the same form: a short code an app can act on and one plain sentence a person can
  read, never a web page or a trace of the server's insides. Asking for something Aether does not
  have at all is refused the same way, as not found.

  The suite holds every answer of every scenario to this form as it arrives: a refusal that is not a code
  and one sentence fails the step that received it, naming the request. These scenarios state the rule
  for readers.

  Background:
    Given One Sky IT Demo has an exhibit "Cloud Pavilion" at its conference

  Rule: A refusal is a code and one plain sentence

    @rule:§0.errors.form
    Scenario: Scott is told plainly why he may not delete the exhibit
      When Scott tries to delete the exhibit
      Then Scott is refused for lack of permission

  Rule: Asking for what Aether does not have is answered as not found

    @rule:§0.unknown_path @rule:§0.errors.form
    Scenario: Osiris asks for the exhibit's photos, which Aether does not keep
      When Osiris asks for the exhibit's photos, which Aether does not have
      Then Osiris is told there is no such thing
