"""Serving a stored file's bytes: ETag revalidation, one byte range, the attachment disposition."""
from __future__ import annotations

import re
import sqlite3
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.responses import StreamingResponse

from . import blobs
from .blobs import BlobStore
from .errors import ApiError, not_found
from .settings import Settings

BYTE_RANGE = re.compile(r"([0-9]*)-([0-9]*)")


def serve(request: Request, row: sqlite3.Row, store: BlobStore, settings: Settings) -> Response:
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
    if settings.fault("range_first_of_many_served"):
        spec = spec.split(",")[0]
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
    if end > size - 1 and settings.fault("range_past_end_refused"):
        raise _unsatisfiable(size)
    return start, min(end, size - 1)


def content_disposition(filename: str, settings: Settings) -> str:
    """attachment with an ASCII fallback (anything else, quotes and backslashes as _) and the exact name in
    RFC 5987 ``filename*``."""
    fallback = "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in filename)
    exact = fallback if settings.fault("disposition_ascii_only") else filename
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(exact, safe='')}"
