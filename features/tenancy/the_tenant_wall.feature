@tenancy @security
Feature: The tenant wall: nothing of one account can be reached from another
  Exhibitors who compete on the same show floor share one Aether. Northwind must not be able
  to read, change, delete or export anything of One Sky: not its conference, not its exhibits,
  not the leads its staff scanned, not its files. It must not even learn that such an object
  exists, or it could probe for them. So another account's object is answered exactly like an
  object that does not exist (the answer a made-up id gets), and it is left untouched.

  Nadia of Northwind acts here signed in as herself, with Northwind's application and in
  Northwind's account; everything she reaches for belongs to One Sky.

  Background:
    Given One Sky IT Demo has an exhibit "Cloud Migration Clinic" at its conference
    And the exhibit has these leads:
      | first_name | last_name | company        | email                  |
      | Ada        | Lovelace  | Analytical Ltd | ada@analytical.example |
    And Osiris has uploaded "cloud-migration-brochure.pdf"

  Rule: another account's object is answered as if it did not exist, and stays as it was

    # One row per thing Nadia tries: covering a new endpoint is one more row.
    @rule:§3.bootstrap.own_account_only @rule:§1.check8.not_found @rule:§1.check8.indistinguishable
    @rule:§3.event.read @rule:§3.exhibit.create.event_of_account @rule:§3.exhibit.list.event_of_account
    @rule:§3.lists.own_account_only @rule:§3.exhibit.read @rule:§3.lead.create @rule:§3.export.who
    @rule:§3.files.metadata @rule:§3.files.other_account @rule:§3.files.by_hash.none
    Scenario Outline: Out of Nadia's reach at One Sky: <action>
      When Nadia tries to <action>
      Then Nadia is answered exactly as if it did not exist
      And nothing of One Sky has changed, as Osiris sees it

      Examples: One Sky's site and conference
        | action                    |
        | look up the site          |
        | sign in on the site       |
        | read the event            |
        | list the event's exhibits |
        | create an exhibit         |

      Examples: One Sky's exhibit
        | action             |
        | read the exhibit   |
        | rename the exhibit |
        | delete the exhibit |

      Examples: the leads of One Sky's exhibit
        | action           |
        | add a lead       |
        | list the leads   |
        | read the lead    |
        | export the leads |

      Examples: One Sky's file
        | action                           |
        | read the file's details          |
        | download the file                |
        | download part of the file        |
        | download the file by its content |
        | delete the file                  |

    @rule:§1.check8.not_found @rule:§3.lead.read
    Scenario: Nadia cannot reach One Sky's lead through an exhibit of her own
      Given Northwind Expo has an exhibit "Northwind Product Lab" at its conference
      When Nadia tries to read the lead through their own exhibit
      Then Nadia is answered exactly as if it did not exist
      And nothing of One Sky has changed, as Osiris sees it

  Rule: Nadia's lists hold Northwind's objects and none of One Sky's
    No list holds another account's objects: not the whole list, and not when Nadia looks for One Sky's
    file by its very content.

    @rule:§3.lists.own_account_only
    Scenario: Nadia's files list holds Northwind's file and none of One Sky's
      Given Nadia has uploaded "northwind-price-list-2026.csv"
      When Nadia tries to list the files
      Then the list holds Northwind's file and none of One Sky's

    @rule:§3.lists.own_account_only
    Scenario: Looking for One Sky's brochure by its content, Nadia finds no file of One Sky's
      When Nadia tries to find the files by their content
      Then the list holds no file of One Sky's
