@files
Feature: Downloading part of a file
  On a poor exhibition-hall connection the booth app resumes an interrupted download and shows
  the start of a document before the rest arrives, by asking for part of a file. Each part must
  be exactly the bytes asked for, both ends included, and say how large the whole file is; a part
  that cannot be served as asked gives the whole file rather than something wrong.

  Background:
    Given Cleo has uploaded a floor plan of 5000 bytes

  Rule: A part that lies within the file is served exactly, both ends included

    @rule:§3.files.range.served @rule:§3.files.range.clipped
    Scenario Outline: Cleo downloads <part> of the floor plan
      When Cleo downloads <part> of the floor plan
      Then Cleo receives bytes <first> to <last> of the floor plan

      Examples: Parts within the file
        | part                 | first | last |
        | the first 100 bytes  | 0     | 99   |
        | bytes 0 to 0         | 0     | 0    |
        | bytes 2000 to 2999   | 2000  | 2999 |
        | the last 600 bytes   | 4400  | 4999 |
        | bytes 4000 onwards   | 4000  | 4999 |
        | bytes 4999 to 4999   | 4999  | 4999 |

      Examples: Parts reaching past the end are cut at the last byte
        | part                 | first | last |
        | bytes 4900 to 9999   | 4900  | 4999 |
        | the last 8000 bytes  | 0     | 4999 |

  Rule: A part that starts past the end is refused, with the size of the file

    @rule:§3.files.range.past_end
    Scenario Outline: Cleo asks for <part> of the floor plan
      When Cleo downloads <part> of the floor plan
      Then Cleo is told the floor plan holds only 5000 bytes

      Examples:
        | part                 |
        | bytes 5000 onwards   |
        | bytes 6000 to 6999   |

  Rule: A part that cannot be served as asked is ignored: the whole file comes

    @rule:§3.files.range.reversed @rule:§3.files.range.ignored
    Scenario Outline: Cleo asks for <part> of the floor plan
      When Cleo downloads <part> of the floor plan
      Then Cleo receives the whole floor plan

      Examples:
        | part                       | why                          |
        | bytes 300 to 250           | it ends before it starts     |
        | bytes 0 to 9 and 20 to 29  | two parts at once            |
        | lines 0 to 9               | a unit other than bytes      |
