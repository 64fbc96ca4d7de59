"""The file lifecycle: limits, upload (multipart, streamed to the blob store), metadata, download with
single byte ranges and ETag revalidation, download by content hash, deletion."""
from __future__ import annotations

import codecs
import re
import sqlite3
from typing import Annotated
from urllib.parse import quote, unquote

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.routing import APIRoute
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool
from starlette.routing import Match
from starlette.types import Scope

from .. import blobs
from ..blobs import BlobStore, Incoming
from ..deps import Account, AccountDep, Db, Person, PersonDep, SettingsDep
from ..errors import ApiError, not_found, permission_denied, validation_error
from ..ids import new_id
from ..lookup import owned_row, public_id_of
from ..settings import Settings
from ..timefmt import iso_z, utc_now


class _FileRoute(APIRoute):
    """Fixed segments win over the placeholder: /file/limits and /file/upload are never a file id, so other
    methods on them answer 405 (with the right Allow) instead of looking for a file named "limits"."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child = super().matches(scope)
        if child.get("path_params", {}).get("file_id") in ("limits", "upload"):
            return Match.NONE, {}
        return match, child


router = APIRouter(tags=["files"], route_class=_FileRoute)

SHA256 = re.compile(r"[0-9a-f]{64}")
_NAME = r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"  # RFC 6838 restricted-name
MEDIA_TYPE = re.compile(rf"{_NAME}/{_NAME}")
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Browsers (WHATWG) send '"', CR and LF in a filename as %22, %0D, %0A; httpx does so for every C0 control.
WHATWG_ESCAPE = re.compile(r"%(22|[01][0-9A-Fa-f])")
PARAM = re.compile(r';\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')
EXT_VALUE = re.compile(r"([A-Za-z0-9!#$%&+^_`{}~-]+)'[^']*'(.*)")
BYTE_RANGE = re.compile(r"([0-9]*)-([0-9]*)")


def _blob_store(request: Request) -> BlobStore:
    return BlobStore(request.app.state.storage.blob_dir)


Blobs = Annotated[BlobStore, Depends(_blob_store)]


@router.get("/action/file/limits")
def limits(person: PersonDep, settings: SettingsDep) -> dict:
    return {"max_upload_bytes": settings.max_upload_bytes}


@router.post("/action/file/upload", status_code=201)
async def upload(request: Request, person: PersonDep, account: AccountDep, db: Db, settings: SettingsDep,
                 store: Blobs) -> JSONResponse:
    # Everyone may upload (check 6); the body is read only now, after every credential check passed.
    boundary = _boundary(request.headers.get("content-type", ""))
    limit = settings.max_upload_bytes - 1 if settings.fault("upload_limit_off_by_one") else settings.max_upload_bytes
    with store.receive(limit) as incoming:
        part = _the_file_part(await _read_multipart(request, boundary, incoming), settings)
        if incoming.too_large:
            raise ApiError(413, "file_too_large", f"The file is larger than {settings.max_upload_bytes} bytes.")
        if incoming.size == 0 and not settings.fault("empty_file_accepted"):
            raise ApiError(422, "empty_file", "The file is empty.", errors=[{"field": "file", "message": "is empty"}])
        meta = {"file_id": new_id(), "filename": clean_filename(part_filename(part), settings),
                "content_type": clean_content_type(part.get("content-type"), settings), "size": incoming.size,
                "sha256": incoming.sha256, "uploaded_by": person.public_id, "account_id": account.public_id,
                "created_at": iso_z(utc_now())}
        await run_in_threadpool(_store, db, incoming, meta, account, person)
    return JSONResponse(meta, status_code=201, headers={"Location": f"/v3/action/file/{meta['file_id']}"})


@router.get("/action/file/{file_id}")
def file_metadata(file_id: str, person: PersonDep, account: AccountDep, db: Db, settings: SettingsDep) -> dict:
    row = _owned_file(db, settings, account, file_id)
    return {"file_id": row["public_id"], "filename": row["filename"], "content_type": row["content_type"],
            "size": row["size"], "sha256": row["sha256"],
            "uploaded_by": public_id_of(db, "people", row["uploaded_by_pk"]),
            "account_id": public_id_of(db, "accounts", row["account_pk"]), "created_at": row["created_at"]}


@router.get("/action/file/{file_id}/download")
def download(file_id: str, request: Request, person: PersonDep, account: AccountDep, db: Db, settings: SettingsDep,
             store: Blobs) -> Response:
    return _serve(request, _owned_file(db, settings, account, file_id), store, settings)


@router.get("/action/file/by_hash/{sha256}/download")
def download_by_hash(sha256: str, request: Request, person: PersonDep, account: AccountDep, db: Db,
                     settings: SettingsDep, store: Blobs) -> Response:
    if not SHA256.fullmatch(sha256):
        raise validation_error([{"field": "sha256", "message": "must be 64 lowercase hexadecimal characters"}])
    scope, params = (" AND account_pk = ?", (sha256, account.pk))
    if settings.fault("hash_cross_account"):
        scope, params = "", (sha256,)
    row = db.execute(f"SELECT * FROM files WHERE sha256 = ?{scope} ORDER BY pk DESC LIMIT 1", params).fetchone()
    if row is None:
        raise not_found("file")
    return _serve(request, row, store, settings)


@router.delete("/action/file/{file_id}", status_code=204)
def delete_file(file_id: str, person: PersonDep, account: AccountDep, db: Db, settings: SettingsDep,
                store: Blobs) -> Response:
    with blobs.LOCK:  # also makes two concurrent deletes of one file answer 204 once
        try:
            row = _owned_file(db, settings, account, file_id)
        except ApiError:
            if settings.fault("second_delete_succeeds"):
                return Response(status_code=204)
            raise
        if not _may_delete(person, row, settings):  # checked after existence: it depends on the file
            raise permission_denied("delete a file someone else uploaded")
        if settings.fault("deleted_file_still_by_hash"):  # a soft delete the by-hash lookup does not filter
            db.execute("UPDATE files SET public_id = 'deleted:' || public_id WHERE pk = ?", (row["pk"],))
        else:
            db.execute("DELETE FROM files WHERE pk = ?", (row["pk"],))
        db.commit()
        if settings.fault("delete_removes_shared_blob"):
            store.remove(row["sha256"])
        elif not settings.fault("soft_delete_keeps_bytes"):
            store.remove_unreferenced(db, row["sha256"])
    return Response(status_code=204)


def _owned_file(db: sqlite3.Connection, settings: Settings, account: Account, file_id: str) -> sqlite3.Row:
    return owned_row(db, settings, "files", file_id, account, "file", "file_cross_account")


def _may_delete(person: Person, row: sqlite3.Row, settings: Settings) -> bool:
    if row["uploaded_by_pk"] == person.pk:
        return True
    if person.is_manager:
        return not settings.fault("manager_delete_only_own")
    return settings.fault("staff_delete_any_file")


def _store(db: sqlite3.Connection, incoming: Incoming, meta: dict, account: Account, person: Person) -> None:
    with blobs.LOCK:
        incoming.keep()
        db.execute(
            "INSERT INTO files (public_id, account_pk, filename, content_type, size, sha256, uploaded_by_pk,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (meta["file_id"], account.pk, meta["filename"], meta["content_type"], meta["size"], meta["sha256"],
             person.pk, meta["created_at"]))
        db.commit()


# --- reading the multipart body -------------------------------------------------------------------------------

def _body_invalid(message: str) -> ApiError:
    return validation_error([{"field": "body", "message": message}])


def _boundary(content_type: str) -> bytes:
    kind, params = parse_options_header(content_type)
    if kind != b"multipart/form-data" or not params.get(b"boundary"):
        raise _body_invalid("must be multipart/form-data with a part named file")
    return params[b"boundary"]


class _Multipart:
    """A multipart/form-data body parsed as it streams in: the first part named ``file`` flows into
    ``incoming``; the headers of each such part and the names of all other parts are noted."""

    def __init__(self, boundary: bytes, incoming: Incoming):
        self.file_parts: list[dict[str, str]] = []
        self.other_parts: list[str] = []
        self.complete = False
        self._incoming, self._sink = incoming, None
        self._headers: dict[str, str] = {}
        self._field = self._value = b""
        self._parser = MultipartParser(boundary, {
            "on_part_begin": self._headers.clear, "on_header_field": self._on_field, "on_header_value": self._on_value,
            "on_header_end": self._on_header_end, "on_headers_finished": self._on_headers_finished,
            "on_part_data": self._on_data, "on_end": self._on_end})

    def write(self, chunk: bytes) -> None:
        self._parser.write(chunk)

    def _on_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _on_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _on_header_end(self) -> None:
        self._headers[self._field.decode("latin-1").lower()] = _text(self._value)
        self._field = self._value = b""

    def _on_headers_finished(self) -> None:
        params = disposition_params(self._headers.get("content-disposition", ""))
        self._sink = None
        if params.get("name") == "file":
            self.file_parts.append({**params, **self._headers})
            self._sink = self._incoming if len(self.file_parts) == 1 else None
        else:
            self.other_parts.append(params.get("name", ""))

    def _on_data(self, data: bytes, start: int, end: int) -> None:
        if self._sink is not None:
            self._sink.write(data[start:end])

    def _on_end(self) -> None:
        self.complete = True


async def _read_multipart(request: Request, boundary: bytes, incoming: Incoming) -> _Multipart:
    """The parsed body. A broken body is still read to its end so the client is sure to get the answer."""
    try:
        form = _Multipart(boundary, incoming)
    except FormParserError:
        form = None
    async for chunk in request.stream():
        if form is not None and chunk:
            try:
                await run_in_threadpool(form.write, chunk)  # file I/O and hashing off the event loop
            except FormParserError:
                form = None
    if form is None or not form.complete:
        raise _body_invalid("is not a complete multipart/form-data body")
    return form


def _the_file_part(form: _Multipart, settings: Settings) -> dict[str, str]:
    """The one part named file (its headers and disposition parameters); any other part is refused."""
    errors = [{"field": name or "body", "message": "Extra inputs are not permitted"} for name in form.other_parts]
    if settings.fault("unknown_fields_ignored"):
        errors = []
    if not form.file_parts:
        errors.append({"field": "file", "message": "Field required"})
    elif len(form.file_parts) > 1:
        errors.append({"field": "file", "message": "must be given once"})
    if errors:
        raise validation_error(errors)
    return form.file_parts[0]


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def disposition_params(header: str) -> dict[str, str]:
    """The parameters of a Content-Disposition value, names lowercased, the first of each name winning.

    Backslashes in a quoted value are kept (only \\" is unescaped): browsers and urllib3 send Windows paths
    raw, and a filename is cut after its last backslash anyway."""
    params: dict[str, str] = {}
    for name, value in PARAM.findall(header):
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1].replace('\\"', '"')
        params.setdefault(name.lower(), value)
    return params


def part_filename(params: dict[str, str]) -> str:
    """The filename the client sent: an RFC 5987 ``filename*`` wins over the plain ``filename``."""
    ext = EXT_VALUE.fullmatch(params.get("filename*", ""))
    if ext:
        try:
            return unquote(ext[2], encoding=codecs.lookup(ext[1]).name, errors="strict")
        except (LookupError, UnicodeDecodeError):
            pass
    return WHATWG_ESCAPE.sub(lambda m: chr(int(m[1], 16)), params.get("filename", ""))


def clean_filename(name: str, settings: Settings) -> str:
    if not settings.fault("filename_path_kept"):
        name = re.split(r"[/\\]", name)[-1]
    if not settings.fault("filename_control_chars_kept"):
        name = CONTROL_CHARS.sub("", name)
    return "upload.bin" if name in ("", ".", "..") else name


def clean_content_type(given: str | None, settings: Settings) -> str:
    essence = (given or "").split(";", 1)[0].strip()
    if MEDIA_TYPE.fullmatch(essence):
        return essence.lower()
    if given and settings.fault("content_type_trusted"):
        return given
    return "application/octet-stream"


# --- serving the bytes ----------------------------------------------------------------------------------------

def _serve(request: Request, row: sqlite3.Row, store: BlobStore, settings: Settings) -> Response:
    size, etag = row["size"], f'"{row["sha256"]}"'
    if etag_matches(request.headers.get("if-none-match"), etag) and not settings.fault("etag_ignored"):
        return Response(status_code=304, headers={"ETag": etag, "Cache-Control": "no-store"})
    span = byte_range(request.headers.get("range"), size, settings)
    try:
        blob = store.open(row["sha256"])
    except FileNotFoundError:  # the file was deleted since it was looked up
        raise not_found("file") from None
    start, end = span or (0, size - 1)
    headers = {"Content-Type": row["content_type"], "Content-Length": str(end - start + 1), "ETag": etag,
               "Accept-Ranges": "bytes", "Content-Disposition": content_disposition(row["filename"], settings),
               "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
    if settings.fault("nosniff_missing"):
        del headers["X-Content-Type-Options"]
    if span:
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    return StreamingResponse(blobs.chunks(blob, start, end - start + 1), status_code=206 if span else 200,
                             headers=headers)


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """If-None-Match uses the weak comparison: W/"x" matches "x"; * matches any."""
    if if_none_match is None:
        return False
    tags = [tag.strip() for tag in if_none_match.split(",")]
    return "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)


def _unsatisfiable(size: int) -> ApiError:
    return ApiError(416, "range_not_satisfiable", "The requested range starts past the end of the file.",
                    headers={"Content-Range": f"bytes */{size}", "Accept-Ranges": "bytes", "Cache-Control": "no-store"})


def byte_range(header: str | None, size: int, settings: Settings) -> tuple[int, int] | None:
    """The one range to serve as (first, last), both inclusive, or None for the whole file.

    No header, another unit, several ranges, a malformed or a reversed range: the header is ignored."""
    unit, _, spec = (header or "").partition("=")
    match = BYTE_RANGE.fullmatch(spec.strip())
    if unit.strip().lower() != "bytes" or not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if not first:  # bytes=-n: the last n bytes
        n = int(last)
        if n == 0:
            raise _unsatisfiable(size)
        if settings.fault("range_suffix_from_start"):
            return 0, min(n, size) - 1
        return max(size - n, 0), size - 1
    start, end = int(first), int(last) if last else size - 1
    if last and settings.fault("range_end_exclusive"):
        end -= 1
    if last and end < start:
        if settings.fault("range_reversed_refused"):
            raise _unsatisfiable(size)
        return None
    if start >= size:
        if settings.fault("range_past_end_whole"):
            return None
        raise _unsatisfiable(size)
    return start, min(end, size - 1)


def content_disposition(filename: str, settings: Settings) -> str:
    """attachment with an ASCII fallback (anything else, quotes and backslashes as _) and the exact name in
    RFC 5987 ``filename*``."""
    fallback = "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in filename)
    exact = fallback if settings.fault("disposition_ascii_only") else filename
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(exact, safe='')}"
