"""The account's files list (contract §3), whole or found by content, judged by what the scenario uploaded.

The server may hold other files of the account (a shared dev API): the list must hold the scenario's
files as they were recorded at upload, the whole list oldest first (aether_suite/checks/listings.py).
"""
from __future__ import annotations

from aether_suite.checks.expectations import expect_none
from aether_suite.checks.listings import expect_listed
from aether_suite.client.api import AetherApi
from aether_suite.files.uploads import Uploads


def _described(item) -> str:
    return f"the file {item.get('filename')!r}"


def expect_files_listed(api: AetherApi, uploads: Uploads, descriptions: list[str]) -> None:
    """The last act's files list holds the latest existing upload of each description, oldest first."""
    present = [uploads.latest(description, deleted=False).record for description in descriptions]
    expect_listed(api, "file_id", present, to=f"to be shown {_and(descriptions)}, oldest first",
                  describe=_described)


def expect_found_by_content(api: AetherApi, uploads: Uploads, description: str) -> None:
    """The last act's list, asked for the bytes of ``description``, holds every existing copy the scenario
    uploaded, oldest first, and no file with other bytes."""
    sha256 = uploads.sample(description).sha256
    existing = {f["file_id"] for f in api.files}
    copies = [item.record for item in uploads.uploads if item.sample.sha256 == sha256
              and item.record["file_id"] in existing]
    others = [item.record for item in uploads.uploads if item.sample.sha256 != sha256]
    to = f"to be shown every copy of the {description} and no other file"
    expect_listed(api, "file_id", copies, others, to=to, describe=_described)
    expect_none(api, [f"{_described(item)} ({item.get('file_id')}) has other bytes ({item.get('sha256')})"
                      for item in api.last_json["items"] if item.get("sha256") != sha256], to=to)


def _and(descriptions: list[str]) -> str:
    names = [f"the {d}" for d in descriptions]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
