@export
Feature: What the export holds
  Staff hide a lead that should not clutter the booth's list (a colleague, a duplicate scan) and
  disable one that was scanned by mistake. The exhibitor still paid for every scan and reconciles the
  export with the badge scanners, so the export holds every lead, hidden and disabled ones included,
  while the list on screen shows only the visible ones. Rows follow the order of the scans, which is
  how the staff remember the day.

  Background:
    Given One Sky IT Demo has an exhibit "Orbit Analytics" at its conference

  Rule: Every lead is exported, hidden and disabled ones included; the visible list leaves those out

    @rule:§3.export.rows.every_lead
    Scenario: Hidden and disabled leads are in the export
      Given the exhibit has these leads:
        | first_name | last_name | scanned_at           | hidden | enabled |
        | Ada        | Lovelace  | 2026-03-10T09:00:00Z | false  | true    |
        | Grace      | Hopper    | 2026-03-10T09:05:00Z | true   | true    |
        | Alan       | Turing    | 2026-03-10T09:10:00Z | false  | false   |
        | Edsger     | Dijkstra  | 2026-03-10T09:15:00Z | true   | false   |
      When Cleo exports the leads
      Then the export contains these leads:
        | first_name | last_name | hidden | enabled |
        | Ada        | Lovelace  | false  | true    |
        | Grace      | Hopper    | true   | true    |
        | Alan       | Turing    | false  | false   |
        | Edsger     | Dijkstra  | true   | false   |

    @rule:§3.lead.list.visible_only
    Scenario: The visible leads list shows only leads that are neither hidden nor disabled
      Given the exhibit has these leads:
        | first_name | last_name | scanned_at           | hidden | enabled |
        | Ada        | Lovelace  | 2026-03-10T09:00:00Z | false  | true    |
        | Grace      | Hopper    | 2026-03-10T09:05:00Z | true   | true    |
        | Alan       | Turing    | 2026-03-10T09:10:00Z | false  | false   |
        | Barbara    | Liskov    | 2026-03-10T09:20:00Z | false  | true    |
      When Scott lists the exhibit's visible leads
      Then the visible leads are:
        | first_name | last_name | hidden | enabled |
        | Ada        | Lovelace  | false  | true    |
        | Barbara    | Liskov    | false  | true    |

    @rule:§3.lead.list.order @rule:§3.lead.flag_defaults
    Scenario: The visible leads list follows the scan time, whatever order the leads were entered in
      Given the exhibit has these leads:
        | first_name | last_name | scanned_at           |
        | Barbara    | Liskov    | 2026-03-10T09:20:00Z |
        | Ada        | Lovelace  | 2026-03-10T09:00:00Z |
      When Scott lists the exhibit's visible leads
      Then the visible leads are:
        | first_name | last_name |
        | Ada        | Lovelace  |
        | Barbara    | Liskov    |

  Rule: Rows follow the scan time, whatever order the leads were entered in

    @rule:§3.export.rows.order
    Scenario: Leads entered out of order are exported in the order they were scanned
      Given the exhibit has these leads:
        | first_name | last_name | scanned_at                |
        | Grace      | Hopper    | 2026-03-10T11:30:00+02:00 |
        | Ada        | Lovelace  | 2026-03-10T09:45:00Z      |
        | Alan       | Turing    | 2026-03-10T04:10:00-05:00 |
      When Cleo exports the leads
      Then the export contains these leads:
        | first_name | scanned_at           |
        | Alan       | 2026-03-10T09:10:00Z |
        | Grace      | 2026-03-10T09:30:00Z |
        | Ada        | 2026-03-10T09:45:00Z |

    @rule:§3.export.rows.order @rule:§0.tracking_id_code_point
    Scenario: Leads scanned in the same second are ordered by their tracking ids, capitals before small letters
      Given the exhibit has 12 leads scanned in the same second
      When Cleo exports the leads
      Then the export lists the leads by scan time, then by tracking id
