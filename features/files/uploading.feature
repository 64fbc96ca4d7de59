@files
Feature: Uploading a file
  Exhibitors' staff upload what they hand out and collect at the booth: brochures, floor plans,
  price lists, visit reports. The API must keep every byte exactly as sent and record who uploaded
  it, in which account, under what name and type: the booth team relies on the file they download
  at the show being the one they prepared, and on knowing whose it is before they delete it.

  Rule: An upload is kept exactly as sent and recorded as its uploader's

    @rule:§3.files.upload.answer
    Scenario: Cleo uploads the booth brochure and it is recorded as hers
      When Cleo uploads the booth brochure
      Then the booth brochure is kept as Cleo uploaded it

    @rule:§3.files.sha256
    Scenario: A brochure of several megabytes comes back byte for byte
      Given Cleo has uploaded the booth brochure
      When Cleo downloads the booth brochure
      Then Cleo receives the whole booth brochure

    Scenario: A colleague reads the details of the floor plan Cleo uploaded
      Given Cleo has uploaded the floor plan
      When Scott reads the details of the floor plan
      Then Scott is shown the floor plan as Cleo uploaded it

  Rule: Every member of the account may upload

    @rule:§2.upload.everyone
    Scenario: Scott, a staff member without leads access, uploads his visit report
      When Scott uploads the visit report
      Then the visit report is kept as Scott uploaded it
