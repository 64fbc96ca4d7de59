"""Uploading sample files as a browser would, streamed, and keeping track of what a scenario uploaded.

``upload(api, persona, sample)`` sends a multipart/form-data body generated block by block from a
SampleFile (with a Content-Length, not chunked), so a file at a many-megabyte upload limit is never
held in memory. The file part's name and type are sent as given: the names-and-types scenarios send
paths, control characters and bogus types on purpose. The name is one RFC 9110 quoted-string (a
backslash or a quote escaped with a backslash), so every reader takes the same name from it.

``Uploads`` is a scenario's log of its uploads: which sample each file holds and who uploaded it. It
keeps files after they are deleted, so a scenario can prove a deleted file is gone.

``replace_while_deleting`` races a delete of a file's last copy against an upload of the same bytes.
"""
from __future__ import annotations

import functools
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import requests
from hamcrest import has_entries, matches_regexp

from aether_suite.checks.expectations import expect_answer
from aether_suite.client.api import AetherApi
from aether_suite.client.personas import Persona
from aether_suite.client.personas import persona as find_persona
from aether_suite.client.together import together
from aether_suite.contract import endpoints
from aether_suite.files import downloads
from aether_suite.files.sample_files import SampleFile

# How features spell control characters in a file name: "visit[TAB]report.txt".
CONTROL_NAMES = {"NUL": "\x00", "BEL": "\x07", "BS": "\x08", "TAB": "\t", "LF": "\n", "CR": "\r",
                 "ESC": "\x1b", "DEL": "\x7f"}
_CONTROL_NAME = re.compile(r"\[(" + "|".join(CONTROL_NAMES) + r")\]")
# A file name as an RFC 9110 quoted-string's content: backslash and quote as quoted-pairs; CR and LF, which no
# header may hold, as browsers (WHATWG) send them. Everything else goes as UTF-8.
_QUOTED_STRING_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\r"): "%0D", ord("\n"): "%0A"}

_UNSET = object()
RECORDED_UPLOAD_BYTES = 256 * 1024  # larger uploads are streamed and left out of the exchange record


def spelled_out(name: str) -> str:
    """A file name as features write it, control characters named in brackets: ``a[TAB]b`` -> ``a\\tb``."""
    return _CONTROL_NAME.sub(lambda m: CONTROL_NAMES[m[1]], name)


class MultipartUpload:
    """A multipart/form-data body with one part named ``file`` holding ``sample``, produced as it is sent.

    ``filename`` and ``content_type`` default to the sample's; ``content_type=None`` sends no type.
    requests sends it with a Content-Length (it has a length) and reads it a block at a time.
    """

    def __init__(self, sample: SampleFile, filename: str | None = None, content_type: object = _UNSET):
        self.sample = sample
        self.boundary = f"aether-suite-{secrets.token_hex(12)}"
        filename = sample.filename if filename is None else filename
        content_type = sample.content_type if content_type is _UNSET else content_type
        head = f'--{self.boundary}\r\nContent-Disposition: form-data; name="file"; ' \
               f'filename="{filename.translate(_QUOTED_STRING_ESCAPES)}"\r\n'
        if content_type is not None:
            head += f"Content-Type: {content_type}\r\n"
        self._head = (head + "\r\n").encode("utf-8")
        self._tail = f"\r\n--{self.boundary}--\r\n".encode("ascii")

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    @property
    def file_sha256(self) -> str:
        """The file part's hash, for the journal of what the suite creates (aether_suite/client/journal.py)."""
        return self.sample.sha256

    def __len__(self) -> int:
        return len(self._head) + self.sample.size + len(self._tail)

    def __iter__(self) -> Iterator[bytes]:
        yield self._head
        yield from self.sample.chunks()
        yield self._tail


def upload(api: AetherApi, who: str | Persona, sample: SampleFile, filename: str | None = None,
           content_type: object = _UNSET) -> requests.Response:
    """The persona uploads ``sample`` (as ``filename``, declared as ``content_type``), streamed; an act."""
    body = MultipartUpload(sample, filename, content_type)
    # A small body goes as one value, so the exchange record shows its part headers (name and type sent).
    data = b"".join(body) if len(body) <= RECORDED_UPLOAD_BYTES else body
    return api.send("POST", endpoints.FILE_UPLOAD.path(), persona=who, data=data,
                    headers={"Content-Type": body.content_type})


def upload_limit(api: AetherApi, who: str | Persona) -> int:
    """The largest upload the API accepts, in bytes, as its limits say to the persona."""
    response = api.file_limits(who)
    limit = (api.last_json or {}).get("max_upload_bytes") if response.status_code == 200 else None
    if not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0:
        raise AssertionError(f"expected the upload limit (a positive number of bytes) for {api.last_exchange.caller}, "
                             f"but the API answered {api.last_exchange.answer} to {api.last_exchange.request}")
    return limit


@dataclass(frozen=True)
class Upload:
    uploader: Persona
    sample: SampleFile
    record: dict  # the file as the API described it when it was uploaded


class Uploads:
    """A scenario's uploads, oldest first, kept after deletion. A file "exists" while the API object
    still lists it (``api.files``): the API object forgets a file when a delete of it succeeds."""

    def __init__(self, api: AetherApi):
        self.api = api
        self.samples: dict[str, SampleFile] = {}  # description -> the sample the scenario uses
        self.uploads: list[Upload] = []
        self.version_tags: dict[str, str | None] = {}  # description -> the ETag its last download carried

    def sample(self, description: str) -> SampleFile:
        if description not in self.samples:
            raise LookupError(f"this scenario has no {description} yet: a step must upload it first")
        return self.samples[description]

    def remember(self, who: str | Persona, sample: SampleFile, record: dict) -> None:
        self.samples[sample.description] = sample
        self.uploads.append(Upload(find_persona(who), sample, record))

    def arrange(self, who: str | Persona, sample: SampleFile) -> dict:
        """The persona has uploaded ``sample`` (a Given: arranged, not acted); returns the file's record."""
        record = self.api.arrange_file(who, sample.filename, sample.read(), sample.content_type)
        self.remember(who, sample, record)
        return record

    def remember_last(self, who: str | Persona, sample: SampleFile) -> None:
        """Keep the last act's upload when the API accepted it."""
        self.samples.setdefault(sample.description, sample)
        if self.api.last is not None and self.api.last.status_code == 201 and isinstance(self.api.last_json, dict):
            self.remember(who, sample, self.api.last_json)

    def target(self, description: str, who: str | Persona) -> Upload:
        """The existing file of that sample the persona means: their own upload if any, else the latest."""
        try:
            return self.latest(description, by=who, deleted=False)
        except LookupError:
            return self.latest(description, deleted=False)

    def existing(self, description: str) -> list[Upload]:
        """Every upload of that sample the API object still lists, oldest first."""
        listed = {f["file_id"] for f in self.api.files}
        return [item for item in self.uploads if item.sample.description == description
                and item.record["file_id"] in listed]

    def latest(self, description: str, *, by: str | Persona | None = None, deleted: bool | None = None) -> Upload:
        """The latest upload of that sample, by that persona, deleted or existing (None: either)."""
        existing = {f["file_id"] for f in self.api.files}
        person = None if by is None else find_persona(by)
        for item in reversed(self.uploads):
            if item.sample.description != description or (person and item.uploader != person):
                continue
            if deleted is None or deleted == (item.record["file_id"] not in existing):
                return item
        state = {None: "", True: "deleted ", False: "existing "}[deleted]
        by_whom = f" uploaded by {person.name}" if person else ""
        raise LookupError(f"this scenario has no {state}{description}{by_whom}")


# --- judging a file's record and whereabouts -------------------------------------------------------------------

ISO_Z_SECONDS = r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z"


def record_matcher(sample: SampleFile, uploader: str | Persona, filename: str | None = None):
    """Matches the API's description of ``sample`` as uploaded by ``uploader`` (under ``filename``)."""
    person = find_persona(uploader)
    return has_entries(filename=filename or sample.filename, content_type=sample.content_type, size=sample.size,
                       sha256=sample.sha256, uploaded_by=person.person_id, account_id=person.account.account_id,
                       created_at=matches_regexp(ISO_Z_SECONDS))


def gone_problems(api: AetherApi, item: Upload) -> list[str]:
    """Where a deleted file can still be found, asking as its uploader: by id, its bytes, a part, by hash."""
    file_id, who = item.record["file_id"], item.uploader
    attempts = (("its details", lambda: api.file_metadata(who, file_id)),
                ("its download", lambda: api.download_file(who, file_id, stream=True)),
                ("a part of it", lambda: api.download_file(who, file_id, byte_range="bytes=0-9", stream=True)),
                ("its download by content", lambda: api.download_by_hash(who, item.record["sha256"], stream=True)))
    problems = []
    for what, attempt in attempts:
        attempt().close()
        exchange = api.last_exchange
        if (exchange.status, exchange.error_code) != (404, "not_found"):
            problems.append(f"{what}: {exchange.request} answered {exchange.answer}, not 404 not_found")
    return problems


def downloadable_problems(api: AetherApi, item: Upload) -> list[str]:
    """How the file fails to come back whole, by its id and by its content hash, to its uploader."""
    sample, who = item.sample, item.uploader
    problems = []
    for what, attempt in (("by its file", lambda: api.download_file(who, item.record["file_id"], stream=True)),
                          ("by its content", lambda: api.download_by_hash(who, sample.sha256, stream=True))):
        found = downloads.whole_file_problems(attempt(), sample.chunks(), sample.size, sample.sha256)
        problems += [f"{what} ({api.last_exchange.request}): {problem}" for problem in found]
    return problems


def upload_copy(api: AetherApi, uploads: Uploads | None, who: Persona, description: str, filename: str) -> None:
    """``who`` uploads the bytes of the scenario's file of that kind as ``filename``; logged in ``uploads``."""
    if uploads is None:
        raise LookupError(f"this scenario has no {description} to copy yet: a step must upload it first")
    made = uploads.sample(description).renamed(filename)
    uploads.remember(who, made, api.arrange_file(who, filename, made.read(), made.content_type))


def replace_while_deleting(api: AetherApi, uploads: Uploads, who: str | Persona, description: str,
                           rounds: int) -> None:
    """Each round the persona deletes their latest copy of ``description`` while uploading the same bytes
    again, both at once; the new copy is logged in ``uploads``. Stops at the first round either is refused."""
    sample = uploads.sample(description)
    for number in range(1, rounds + 1):
        old = uploads.target(description, who)
        deleted, again = together(functools.partial(api.delete_file, who, old.record["file_id"]),
                                  functools.partial(upload, api, who, sample))
        expect_answer(api, 204, to=f"to delete the last copy of the {description} in round {number}",
                      about=api.exchange_of(deleted))
        expect_answer(api, 201, to=f"to upload the {description} again in round {number}",
                      about=api.exchange_of(again))
        uploads.remember(who, sample, again.json())
