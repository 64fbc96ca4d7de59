@files
Feature: Downloading a file
  A file is downloaded by its own identity or by its content (its SHA-256 fingerprint), for
  instance when the booth app already knows the fingerprint of the brochure it needs. Either way
  the bytes and their labels must be the same: the type they were stored with, their length, a
  version tag, an attachment name that survives accents, currency signs and Chinese characters,
  and the guards that stop a browser from running a download as a web page or a cache from
  keeping a copy.

  Rule: By its file or by its content, a download holds the same bytes with the same labels

    @rule:§3.files.download.disposition
    Scenario Outline: Cleo downloads the price list <way>
      Given Cleo has uploaded the price list as "Preisliste Messe-Café €5 展位.csv"
      When Cleo downloads the price list <way>
      Then Cleo receives the whole price list
      And the download is labelled as the price list, an attachment under its exact name

      Examples:
        | way            |
        | by its file    |
        | by its content |

    @security @rule:§3.files.download.headers
    Scenario Outline: A download <way> is never sniffed by browsers nor stored by caches
      Given Cleo has uploaded the price list
      When Cleo downloads the price list <way>
      Then the download is marked never to be sniffed or stored

      Examples:
        | way            |
        | by its file    |
        | by its content |

  Rule: By its content, the newest copy is the one downloaded

    @rule:§3.files.by_hash.newest
    Scenario: Cleo downloads by its content a price list she uploaded twice
      Given Cleo has uploaded the price list as "price-list-march.csv"
      And Cleo has uploaded the same price list as "price-list-april.csv"
      When Cleo downloads the price list by its content
      Then the download is named "price-list-april.csv"

    @rule:§3.files.by_hash.malformed
    Scenario Outline: Cleo is refused a download by a fingerprint written <how>
      Given Cleo has uploaded the price list
      When Cleo downloads the price list by its content, its fingerprint written <how>
      Then Cleo is refused because what was entered is not valid

      Examples:
        | how                 |
        | in capitals         |
        | one character short |

  Rule: A copy that is still current is not sent again

    @rule:§3.files.not_modified
    Scenario: Cleo asks again for the floor plan she already holds
      Given Cleo has uploaded the floor plan
      And Cleo has downloaded the floor plan
      When Cleo downloads the floor plan again, presenting the version tag received
      Then Cleo is told the copy held is still current

    Scenario: Cleo holding an outdated floor plan receives the current one
      Given Cleo has uploaded the floor plan
      When Cleo downloads the floor plan again, presenting an outdated version tag
      Then Cleo receives the whole floor plan
