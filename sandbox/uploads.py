"""Reading an upload: a multipart/form-data body parsed as it streams in, and the stored name and type."""
from __future__ import annotations

import codecs
import re
from urllib.parse import unquote

from fastapi import Request
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool

from .blobs import Incoming
from .errors import ApiError, validation_error
from .settings import Settings

_NAME = r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"  # RFC 6838 restricted-name
MEDIA_TYPE = re.compile(rf"{_NAME}/{_NAME}")
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Browsers (WHATWG) send '"', CR and LF in a filename as %22, %0D, %0A; httpx does so for every C0 control.
WHATWG_ESCAPE = re.compile(r"%(22|[01][0-9A-Fa-f])")
PARAM = re.compile(r';\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')
EXT_VALUE = re.compile(r"([A-Za-z0-9!#$%&+^_`{}~-]+)'[^']*'(.*)")


def _body_invalid(message: str) -> ApiError:
    return validation_error([{"field": "body", "message": message}])


def boundary(content_type: str) -> bytes:
    kind, params = parse_options_header(content_type)
    if kind != b"multipart/form-data" or not params.get(b"boundary"):
        raise _body_invalid("must be multipart/form-data with a part named file")
    return params[b"boundary"]


class Multipart:
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


async def read_multipart(request: Request, boundary: bytes, incoming: Incoming) -> Multipart:
    """The parsed body. A broken body is still read to its end so the client is sure to get the answer."""
    try:
        form = Multipart(boundary, incoming)
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


def the_file_part(form: Multipart, settings: Settings) -> dict[str, str]:
    """The one part named file (its headers and disposition parameters); any other part is refused."""
    errors = [{"field": name or "body", "message": "Extra inputs are not permitted"} for name in form.other_parts]
    if settings.fault("unknown_fields_ignored"):
        errors = []
    if not form.file_parts and settings.fault("no_file_part_bad_request"):
        raise ApiError(400, "bad_request", "The upload has no file part.")
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
    if settings.fault("filename_non_ascii_dropped"):
        name = name.encode("ascii", "ignore").decode()
    if settings.fault("filename_fallback_missing"):
        return name
    return "upload.bin" if name in ("", ".", "..") else name


def clean_content_type(given: str | None, settings: Settings) -> str:
    essence = (given or "").split(";", 1)[0].strip()
    if MEDIA_TYPE.fullmatch(essence):
        return essence.lower()
    if given and settings.fault("content_type_trusted"):
        return given
    return "application/octet-stream"
