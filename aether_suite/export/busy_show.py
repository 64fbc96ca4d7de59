"""A busy show day: thousands of generated leads, and the export rows each one must become.

For the @slow volume scenario. Lead ``n`` is scanned ``n`` seconds after the show opens, so the export
lists the leads in the order of ``n``; they are entered in a shuffled order, so the export has to sort.
Every generated value stays small and is recomputed when checking, so a check holds one row at a time.
"""
from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta, timezone

from aether_suite.export.spreadsheets import BASE_COLUMNS

SHOW_OPENS = datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc)
LOCAL_TIME = timezone(timedelta(hours=1))  # the scanners write local time with its offset
QUESTIONS = ("Interested in", "Budget", "Follow-up topic")  # lead 0 answers all three, in this order


def entry_order(count: int) -> list[int]:
    """The order the leads are entered in: shuffled, the same every run."""
    return random.Random(count).sample(range(count), count)


def lead(n: int) -> dict:
    """Lead ``n`` as the scanner sends it."""
    answers = [{"question": "Interested in", "answer": ["Cloud", "Edge"] if n % 2 else ["AI"]},
               {"question": "Budget", "answer": f"{n % 9 + 1}0k"}]
    if n % 50 == 0:
        answers.append({"question": "Follow-up topic", "answer": 'pricing, "enterprise" tier'})
    return {
        "first_name": "Visitor", "last_name": f"No. {n:04d}", "email": f"visitor{n:04d}@example.com",
        "company": f"Company {n % 97}, Ltd", "title": "Head of IT", "phone": f"+44 20 7946 {n:04d}",
        "badge_id": f"B{n:06d}", "scanned_at": (SHOW_OPENS + timedelta(seconds=n)).astimezone(LOCAL_TIME).isoformat(),
        "exhibitor_notes": f"<p>Met at booth {n % 12 + 1}</p><p>Call <b>Mon</b>day &amp; ask about \"pricing\"</p>",
        "responses_json": answers, "hidden": n % 11 == 0, "enabled": n % 13 != 0,
    }


def columns() -> list[str]:
    return [*BASE_COLUMNS, *QUESTIONS]


def rows(count: int, tracking_ids: Sequence[str]) -> Iterator[list]:
    """The export's rows for leads 0 .. count-1 (``tracking_ids[n]`` is lead n's), typed as a spreadsheet
    reads the files: booleans for hidden and enabled, the phone number with its formula guard."""
    for n in range(count):
        scanned = (SHOW_OPENS + timedelta(seconds=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
        yield [tracking_ids[n], scanned, "Visitor", f"No. {n:04d}", f"visitor{n:04d}@example.com",
               f"Company {n % 97}, Ltd", "Head of IT", f"'+44 20 7946 {n:04d}", f"B{n:06d}",
               f"Met at booth {n % 12 + 1} Call Monday & ask about \"pricing\"", n % 11 == 0, n % 13 != 0,
               "Cloud; Edge" if n % 2 else "AI", f"{n % 9 + 1}0k",
               'pricing, "enterprise" tier' if n % 50 == 0 else ""]


def arrange(api, exhibit: dict, count: int, sandbox=None) -> list[str]:
    """``count`` generated leads added to the exhibit in the shuffled entry order; their tracking ids by n.

    On the embedded ``sandbox`` they go straight into its store (its add_leads control): adding leads
    one by one is proven by other scenarios, and 5,000 requests would cost a minute of a 2-core run.
    Against any other server they are added through the API, many requests at a time.
    """
    order = entry_order(count)
    leads = (lead(n) for n in order)
    ids = (api.arrange_many_leads(exhibit, leads) if sandbox is None
           else sandbox.add_leads(exhibit["exhibit_id"], leads))
    by_n = [""] * count
    for n, tracking_id in zip(order, ids):
        by_n[n] = tracking_id
    return by_n
