@files
Feature: Deleting a file
  When a brochure is withdrawn it must really go: not only from the list, but also its download,
  any part of it and its download by content. Files with the same bytes share their storage, so
  deleting one copy must not take the bytes from another file that still uses them; and once no
  file uses them, the bytes themselves are erased.

  Rule: A deleted file is gone everywhere

    @rule:§3.files.by_hash.none @rule:§3.files.delete.bytes
    Scenario: After Cleo deletes the price list it is gone for good
      Given Cleo has uploaded the price list
      When Cleo deletes the price list
      Then the price list is gone for good

    @rule:§3.files.delete.gone
    Scenario: Deleting the price list a second time finds nothing
      Given Cleo has uploaded the price list
      And Cleo has deleted the price list
      When Cleo deletes the price list again
      Then Cleo is told there is no such file

  Rule: Another file with the same bytes stays whole

    @rule:§3.files.delete.bytes
    Scenario: Osiris's copy of the price list survives Cleo deleting hers
      Given Cleo has uploaded the price list
      And Osiris has uploaded the same price list
      When Cleo deletes the price list
      Then Osiris's price list can still be downloaded by its file and by its content

    @rule:§3.files.by_hash.none @rule:§3.files.delete.bytes
    Scenario: A copy in another account does not keep the price list findable in One Sky
      Given Cleo has uploaded the price list
      And Nadia has uploaded the same price list
      When Cleo deletes the price list
      Then Cleo can no longer download the price list by its content
      And Nadia's price list can still be downloaded by its file and by its content

  # Only the embedded sandbox lets the suite look into its storage; on any server, that the bytes
  # are no longer served by their content is held by "gone for good" above.
  @sandbox
  Rule: The bytes are erased from storage once no file uses them

    @rule:§3.files.by_hash.none @rule:§3.files.delete.bytes
    Scenario: The price list's bytes are erased when its only file is deleted
      Given Cleo has uploaded the price list
      And the price list's bytes are in the sandbox's storage
      When Cleo deletes the price list
      Then the price list's bytes are no longer in storage

    @rule:§3.files.delete.bytes
    Scenario: The bytes stay while another account's file still uses them
      Given Cleo has uploaded the price list
      And Nadia has uploaded the same price list
      When Cleo deletes the price list
      Then the price list's bytes are still in storage
