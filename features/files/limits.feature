@files
Feature: Upload limits
  A file must hold something, and no file may be larger than the limit the API announces, so one
  careless upload of a trade-show video cannot fill the storage. The limit is whatever the API
  says it is: the suite reads it and tries a file exactly that large and one a single byte larger.

  @rule:§3.files.limits
  Scenario: Scott looks up the upload limit
    When Scott looks up the upload limit
    Then Scott learns the largest upload allowed

  Rule: A file must hold at least one byte

    @rule:§3.files.upload.empty
    Scenario: An empty price list is refused
      When Cleo uploads an empty price list
      Then Cleo is refused because the file is empty

    @rule:§3.files.upload.no_part
    Scenario: An upload with no file attached is refused
      When Cleo sends an upload without attaching a file
      Then Cleo is refused because no file was attached

  Rule: A file may be as large as the limit, not one byte larger

    @rule:§3.files.limits @rule:§3.files.upload.too_large
    Scenario: A product video exactly as large as the limit is accepted
      When Cleo uploads a product video exactly as large as the upload limit
      Then the product video is kept as Cleo uploaded it

    @rule:§3.files.upload.too_large
    Scenario: A product video one byte over the limit is refused
      When Cleo uploads a product video one byte over the upload limit
      Then Cleo is refused because the file is too large
