@fuzz
Feature: Requests nobody thought of, generated from the contract
  Every other scenario sends one well-chosen request at a time. Requests generated from the machine-readable
  contract reach what nobody thought to send: odd but valid values, malformed bodies, and sequences that
  create an exhibit, read it, add a lead, export, delete and read again. Whatever arrives, the API answers
  as the contract says: never a server error, never a web page in place of its error, every answer in its
  documented shape. A finding shows the request that reproduces it, with every secret hidden.
  The generated sign-ins use emails nobody has, so nobody is locked out, and what the generated requests
  create is deleted when the scenario ends, as in every other scenario.

  Rule: Every answer to a generated request is one the contract allows

    @rule:§0.errors.never_html @rule:§3.lead.scanned_at
    Scenario: Osiris's generated requests about his exhibit, its lead and a file are answered as the contract says
      Given One Sky has an exhibit "Generated requests" at its conference
      And Osiris has added the lead "Gene Rated" to the exhibit
      And Osiris has uploaded the price list
      When Osiris sends the requests generated from the contract about them
      Then every generated request was answered as the contract allows
