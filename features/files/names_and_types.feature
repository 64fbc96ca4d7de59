@files @security
Feature: File names and types
  The name and type of an upload come from the uploader's computer and cannot be trusted: a name
  may carry folders meant to write outside the storage ("../../etc/passwd") or invisible control
  characters meant to forge headers or logs, and a type may be anything. The API keeps only the
  file's own name, cleaned, and only a well-formed type, so what staff download later is named
  and labelled safely.

  Rule: Only the file's own name is kept, never the folders before it

    @rule:§3.files.filename.last_segment
    Scenario Outline: A visit report sent as "<sent>" is kept as "<kept>"
      When Cleo uploads the visit report named "<sent>"
      Then the file is kept under the name "<kept>"

      Examples:
        | sent                           | kept              |
        | ../../etc/passwd               | passwd            |
        | C:\temp\x.pdf                  | x.pdf             |
        | /var/www/html/report.php       | report.php        |
        | reports/2026\q1\summary.txt    | summary.txt       |

  Rule: Control characters are removed from a name

    @rule:§3.files.filename.control_chars
    Scenario Outline: A visit report sent as "<sent>" is kept as "<kept>"
      When Cleo uploads the visit report named "<sent>"
      Then the file is kept under the name "<kept>"

      Examples:
        | sent                          | kept              |
        | visit[TAB]report.txt          | visitreport.txt   |
        | visit[BEL]report[ESC].txt     | visitreport.txt   |
        | report[DEL].txt               | report.txt        |
        | [ESC][31mALERT[ESC][0m.txt    | [31mALERT[0m.txt  |

  Rule: A name that is cleaned away entirely becomes upload.bin

    @rule:§3.files.filename.last_segment @rule:§3.files.filename.control_chars
    @rule:§3.files.filename.fallback
    Scenario Outline: A visit report sent as "<sent>" is kept as upload.bin
      When Cleo uploads the visit report named "<sent>"
      Then the file is kept under the name "upload.bin"

      Examples:
        | sent          |
        | ..            |
        | .             |
        | ../           |
        | C:\temp\      |
        | [TAB][BEL]    |

  Rule: Letters beyond ASCII are kept as they are

    @rule:§3.files.filename.non_ascii
    Scenario: A price list named in German with a euro sign and Chinese characters keeps its name
      When Cleo uploads the price list named "Preisliste Messe-Café €5 展位.csv"
      Then the file is kept under the name "Preisliste Messe-Café €5 展位.csv"

  Rule: Only a well-formed type is kept; anything else is stored as generic binary data

    @rule:§3.files.content_type
    Scenario Outline: A price list described as "<declared>" is kept as "<kept>"
      When Cleo uploads the price list described as "<declared>"
      Then the file is kept as type "<kept>"

      Examples:
        | declared                 | kept                     |
        | text/csv                 | text/csv                 |
        | Text/CSV; charset=UTF-8  | text/csv                 |
        | spreadsheet              | application/octet-stream |
        | text/csv/extra           | application/octet-stream |
        | text/                    | application/octet-stream |
        | <script>/html            | application/octet-stream |

    Scenario: A price list uploaded without a type is kept as generic binary data
      When Cleo uploads the price list without saying what type it is
      Then the file is kept as type "application/octet-stream"

    @rule:§3.files.content_type @rule:§3.files.download.headers
    Scenario: A file described with a bogus type is served as generic binary data
      When Cleo uploads the price list described as "spreadsheet"
      Then the file is served as type "application/octet-stream"
