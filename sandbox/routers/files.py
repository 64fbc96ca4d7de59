"""The file lifecycle: limits, upload (streamed to the blob store), metadata, download (see downloads.py)
by id and by content hash, deletion."""
from __future__ import annotations

import re
import sqlite3
import time
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.routing import Match
from starlette.types import Scope

from .. import blobs, downloads, uploads
from ..blobs import BlobStore, Incoming
from ..deps import Account, AccountDep, Db, Person, PersonDep, SettingsDep
from ..errors import ApiError, not_found, permission_denied, validation_error
from ..faults import RACE_WINDOW_SECONDS
from ..ids import new_id
from ..lookup import owned_row, public_id_of
from ..settings import Settings
from ..timefmt import iso_z, utc_second
from ..validation import list_query
from .route import Route


class _FileRoute(Route):
    """Fixed segments win over the placeholder: /file/limits and /file/upload are never a file id, so other
    methods on them answer 405 (with the right Allow) instead of looking for a file named "limits"."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child = super().matches(scope)
        if child.get("path_params", {}).get("file_id") in ("limits", "upload"):
            return Match.NONE, {}
        return match, child


router = APIRouter(tags=["files"], route_class=_FileRoute)

SHA256 = re.compile(r"[0-9a-f]{64}")


async def _blob_store(request: Request) -> BlobStore:
    return BlobStore(request.app.state.storage.blob_dir)


Blobs = Annotated[BlobStore, Depends(_blob_store)]


@router.get("/action/file/limits")
async def limits(person: PersonDep, settings: SettingsDep) -> dict:
    return {"max_upload_bytes": settings.max_upload_bytes}


@router.post("/action/file/upload", status_code=201)
async def upload(request: Request, person: PersonDep, account: AccountDep, db: Db, settings: SettingsDep,
                 store: Blobs) -> JSONResponse:
    # Everyone may upload (check 6); the body is read only now, after every credential check passed.
    if settings.fault("staff_upload_refused") and not person.is_manager and not person.leads_api_access:
        raise permission_denied("upload files")
    boundary = uploads.boundary(request.headers.get("content-type", ""))
    limit = settings.max_upload_bytes - 1 if settings.fault("upload_limit_off_by_one") else settings.max_upload_bytes
    with store.receive(limit) as incoming:
        part = uploads.the_file_part(await uploads.read_multipart(request, boundary, incoming), settings)
        if incoming.too_large:
            raise ApiError(413, "file_too_large", f"The file is larger than {settings.max_upload_bytes} bytes.")
        if incoming.size == 0 and not settings.fault("empty_file_accepted"):
            raise ApiError(422, "empty_file", "The file is empty.", errors=[{"field": "file", "message": "is empty"}])
        meta = {"file_id": new_id(), "filename": uploads.clean_filename(uploads.part_filename(part), settings),
                "content_type": uploads.clean_content_type(part.get("content-type"), settings), "size": incoming.size,
                "sha256": incoming.sha256.upper() if settings.fault("sha256_uppercase") else incoming.sha256,
                "uploaded_by": person.public_id, "account_id": account.public_id,
                "created_at": iso_z(utc_second(settings.now()))}
        await run_in_threadpool(_store, db, incoming, meta, account, person)
    return JSONResponse(meta, status_code=201, headers={"Location": f"/v3/action/file/{meta['file_id']}"})


@router.get("/action/file")
async def list_files(request: Request, person: PersonDep, account: AccountDep, db: Db, settings: SettingsDep) -> dict:
    query = list_query(request, ("sha256",), settings, "file_list_extra_query_ignored")
    where, params = ("account_pk = ?", [account.pk])
    if settings.fault("file_list_any_account"):
        where, params = ("1 = 1", [])
    if "sha256" in query:
        if not SHA256.fullmatch(query["sha256"]):
            raise validation_error([{"field": "sha256", "message": "must be 64 lowercase hexadecimal characters"}])
        if not settings.fault("file_list_hash_ignored"):
            where, params = (f"{where} AND sha256 = ?", [*params, query["sha256"]])
    order = "created_at DESC, public_id DESC" if settings.fault("file_list_reversed") else "created_at, public_id"
    rows = db.execute(f"SELECT * FROM files WHERE {where} ORDER BY {order}", params).fetchall()
    items = [_metadata(db, row) for row in rows]
    return {"items": items, "count": len(items)}


@router.get("/action/file/{file_id}")
async def file_metadata(file_id: str, person: PersonDep, account: AccountDep, db: Db, settings: SettingsDep) -> dict:
    return _metadata(db, _owned_file(db, settings, account, file_id))


def _metadata(db: sqlite3.Connection, row: sqlite3.Row) -> dict:
    return {"file_id": row["public_id"], "filename": row["filename"], "content_type": row["content_type"],
            "size": row["size"], "sha256": row["sha256"],
            "uploaded_by": public_id_of(db, "people", row["uploaded_by_pk"]),
            "account_id": public_id_of(db, "accounts", row["account_pk"]), "created_at": row["created_at"]}


@router.get("/action/file/{file_id}/download")
def download(file_id: str, request: Request, person: PersonDep, account: AccountDep, db: Db, settings: SettingsDep,
             store: Blobs) -> Response:
    return downloads.serve(request, _owned_file(db, settings, account, file_id), store, settings)


@router.get("/action/file/by_hash/{sha256}/download")
def download_by_hash(sha256: str, request: Request, person: PersonDep, account: AccountDep, db: Db,
                     settings: SettingsDep, store: Blobs) -> Response:
    if settings.fault("by_hash_case_insensitive"):
        sha256 = sha256.lower()
    if not SHA256.fullmatch(sha256):
        raise validation_error([{"field": "sha256", "message": "must be 64 lowercase hexadecimal characters"}])
    scope, params = (" AND account_pk = ?", (sha256, account.pk))
    if settings.fault("hash_cross_account"):
        scope, params = "", (sha256,)
    newest = "pk" if settings.fault("by_hash_serves_oldest") else "pk DESC"
    row = db.execute(f"SELECT * FROM files WHERE sha256 = ?{scope} ORDER BY {newest} LIMIT 1", params).fetchone()
    if row is None:
        raise not_found("file")
    return downloads.serve(request, row, store, settings)


@router.delete("/action/file/{file_id}", status_code=204)
def delete_file(file_id: str, person: PersonDep, account: AccountDep, db: Db, settings: SettingsDep,
                store: Blobs) -> Response:
    looked_up = shared = None
    if settings.fault("file_delete_checked_then_deleted") or settings.fault("blob_shared_judged_before_delete"):
        looked_up = _owned_file(db, settings, account, file_id)
        shared = db.execute("SELECT count(*) FROM files WHERE sha256 = ?", (looked_up["sha256"],)).fetchone()[0] > 1
        time.sleep(RACE_WINDOW_SECONDS)
    orphaned = None
    with blobs.LOCK:  # also makes two concurrent deletes of one file answer 204 once
        try:
            row = looked_up or _owned_file(db, settings, account, file_id)
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
        elif settings.fault("blob_shared_judged_before_delete"):
            if not shared:
                store.remove(row["sha256"])
        elif settings.fault("blob_removed_outside_lock"):
            orphaned = row["sha256"] if store.unreferenced(db, row["sha256"]) else None
        elif not settings.fault("soft_delete_keeps_bytes"):
            store.remove_unreferenced(db, row["sha256"])
    if orphaned:
        time.sleep(RACE_WINDOW_SECONDS)
        store.remove(orphaned)
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
