@auth
Feature: What each role may do
  Managers run the account's exhibits; everybody at the booth collects leads and shares files.
  Exporting leads is for managers and for staff with leads access. A file may be deleted by a
  manager or by whoever uploaded it, so that nobody loses a colleague's brochure by mistake.

  @rule:§1.check6.permission @rule:§2.exhibit.manager_only @rule:§3.exhibit.create @rule:§3.exhibit.update
  @rule:§3.exhibit.delete @rule:§2.file.delete @rule:§3.files.delete @rule:§2.export @rule:§3.export.who
  @rule:§1.check8.before_object_permission @rule:§2.read.everyone @rule:§2.lead.add.everyone
  Scenario Outline: <person> tries to <action>
    Given One Sky IT Demo has an exhibit "Cloud Pavilion" at its conference
    And <uploader> has uploaded "booth-photo.txt"
    When <person> tries to <action>
    Then <person> <outcome>

    Examples: Only managers create, rename and delete exhibits
      | person | action             | uploader | outcome                            |
      | Osiris | create an exhibit  | Osiris   | is allowed to do it                |
      | Cleo   | create an exhibit  | Osiris   | is refused for lack of permission  |
      | Scott  | create an exhibit  | Osiris   | is refused for lack of permission  |
      | Osiris | rename the exhibit | Osiris   | is allowed to do it                |
      | Cleo   | rename the exhibit | Osiris   | is refused for lack of permission  |
      | Scott  | rename the exhibit | Osiris   | is refused for lack of permission  |
      | Osiris | delete the exhibit | Osiris   | is allowed to do it                |
      | Cleo   | delete the exhibit | Osiris   | is refused for lack of permission  |
      | Scott  | delete the exhibit | Osiris   | is refused for lack of permission  |

    Examples: Everybody adds leads and uploads files
      | person | action        | uploader | outcome             |
      | Osiris | add a lead    | Osiris   | is allowed to do it |
      | Cleo   | add a lead    | Osiris   | is allowed to do it |
      | Scott  | add a lead    | Osiris   | is allowed to do it |
      | Osiris | upload a file | Osiris   | is allowed to do it |
      | Cleo   | upload a file | Osiris   | is allowed to do it |
      | Scott  | upload a file | Osiris   | is allowed to do it |

    Examples: Everybody reads the conference's exhibits and the account's files
      | person | action                          | uploader | outcome             |
      | Osiris | list the event's exhibits       | Osiris   | is allowed to do it |
      | Cleo   | list the event's exhibits       | Osiris   | is allowed to do it |
      | Scott  | list the event's exhibits       | Osiris   | is allowed to do it |
      | Osiris | list the files                  | Scott    | is allowed to do it |
      | Cleo   | list the files                  | Scott    | is allowed to do it |
      | Scott  | list the files                  | Osiris   | is allowed to do it |
      | Osiris | find the files by their content | Cleo     | is allowed to do it |
      | Cleo   | find the files by their content | Osiris   | is allowed to do it |
      | Scott  | find the files by their content | Cleo     | is allowed to do it |

    Examples: Managers and staff with leads access export the leads
      | person | action           | uploader | outcome                           |
      | Osiris | export the leads | Osiris   | is allowed to do it               |
      | Cleo   | export the leads | Osiris   | is allowed to do it               |
      | Scott  | export the leads | Osiris   | is refused for lack of permission |

    Examples: A file is deleted by a manager or by whoever uploaded it
      | person | action          | uploader | outcome                           |
      | Osiris | delete the file | Osiris   | is allowed to do it               |
      | Osiris | delete the file | Scott    | is allowed to do it               |
      | Cleo   | delete the file | Cleo     | is allowed to do it               |
      | Scott  | delete the file | Scott    | is allowed to do it               |
      | Cleo   | delete the file | Osiris   | is refused for lack of permission |
      | Cleo   | delete the file | Scott    | is refused for lack of permission |
      | Scott  | delete the file | Cleo     | is refused for lack of permission |
