@files
Feature: Who may delete a file
  Everyone in the account may upload and read files, but a staff member may delete only what
  they uploaded themselves: a colleague's brochure is not theirs to withdraw. The manager looks
  after the whole account and may delete any of its files.

  Rule: Staff delete only their own uploads

    @rule:§3.files.by_hash.none @rule:§3.files.delete.bytes
    Scenario: Scott deletes the visit report he uploaded
      Given Scott has uploaded the visit report
      When Scott tries to delete the file
      Then Scott is allowed to do it
      And the visit report is gone for good

    @security
    Scenario: Scott may not delete the visit report Cleo uploaded
      Given Cleo has uploaded the visit report
      When Scott tries to delete the file
      Then Scott is refused for lack of permission
      And the visit report is still there

    @security
    Scenario: Cleo, even with leads access, may not delete Scott's visit report
      Given Scott has uploaded the visit report
      When Cleo tries to delete the file
      Then Cleo is refused for lack of permission
      And the visit report is still there

  Rule: The manager may delete any file of the account

    @rule:§3.files.by_hash.none @rule:§3.files.delete.bytes
    Scenario: Osiris deletes the visit report Scott uploaded
      Given Scott has uploaded the visit report
      When Osiris tries to delete the file
      Then Osiris is allowed to do it
      And the visit report is gone for good
