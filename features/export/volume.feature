@export @slow @volume
Feature: A busy exhibit's export
  A popular booth scans thousands of badges on a show day, and the exhibitor downloads them all that
  evening. The export must bring every one of them, right to the last cell, and arrive quickly even for
  a large exhibit. The files are checked as they arrive, row by row, the way an import would read them.

  Rule: Thousands of leads export in both file forms, every row right, within seconds

    Scenario: 5,000 leads export as CSV and as XLSX within 10 seconds each
      Given One Sky IT Demo has an exhibit "Orbit Analytics" at its conference
      And the exhibit has 5,000 leads from a busy show day
      When Cleo exports the leads as CSV and as XLSX, checking each file row by row as it arrives
      Then both files hold every lead, row by row, in scan order, exactly as entered
      And each file arrived within 10 seconds
