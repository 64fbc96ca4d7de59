"""What the suite may do to an embedded sandbox directly, where going through the API would only cost time."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from .routers.leads import NewLead, store_leads
from .storage import Storage


def add_leads(storage: Storage, exhibit_id: str, leads: Iterable[Mapping], now: float) -> list[str]:
    """Leads straight into the store, in one transaction, each validated and stored as adding it through the
    API does (tests/sandbox/test_controls.py compares the two), those without a scan time scanned ``now``
    (the sandbox's time: Settings.now()); their tracking ids, in the order given."""
    with storage.transaction() as db:
        exhibit = db.execute("SELECT pk FROM exhibits WHERE public_id = ?", (exhibit_id,)).fetchone()
        if exhibit is None:
            raise LookupError(f"the sandbox has no exhibit {exhibit_id}")
        return store_leads(db, exhibit["pk"], (NewLead.model_validate(lead) for lead in leads), now)
