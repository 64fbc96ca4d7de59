"""The one way the suite talks to a server: every request of scenarios, arrangements, clean-up and start-up.

What holds for every answer, whoever asked:

- **No redirect is followed.** A 301/302/303/307/308 raises ``UnusableAnswer`` naming the request and
  the host it points to; nothing is sent there, so no key, token or body reaches another origin.
- **One deadline per answer.** ``AETHER_TIMEOUT`` bounds the whole answer, from sending the request to
  its last byte (connecting gives up sooner, after ``CONNECT_TIMEOUT_SECONDS``). A server that stalls
  or drips a byte a second raises ``ServerUnreachable`` when the deadline passes, as does one that is
  refused, resets, or closes before the answer is complete (a short body).
- **A cap on what is read whole.** An answer read whole (every answer not asked for as a stream) may
  decode to at most ``MAX_ANSWER_BYTES``; a larger one raises ``UnusableAnswer`` without being read
  further, and gzip/deflate is decoded only up to the cap (a gzip bomb costs no memory). A streamed
  answer (downloads, exports) is decoded a read at a time, so its reader's own checks hold it flat;
  it has the same deadline and the same one-line errors for a stall or a short body.

The requests are built by ``requests`` (``requests.Request(...).prepare()``: JSON, query strings,
multipart) and answered as ``requests.Response`` objects, so callers read them as before; the bytes
go over ``http.client`` connections of the transport's own, one kept alive per thread. The time spent
reading streamed bodies is added to the run's ``HttpMeter`` by the transport's own body reader.

Trust and proxies follow the environment as ``requests`` does: ``REQUESTS_CA_BUNDLE`` (or
``SSL_CERT_FILE``) names the certificates to trust, else certifi's; ``HTTPS_PROXY``/``HTTP_PROXY``
and ``NO_PROXY`` choose a proxy (read by ``urllib.request``).
"""
from __future__ import annotations

import base64
import datetime
import functools
import http.client
import io
import os
import select
import socket
import ssl
import threading
import time
import urllib.request
import weakref
import zlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import certifi
import requests
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers

from aether_suite.client.meter import HttpMeter
from aether_suite.errors import ServerUnreachable, UnusableAnswer

MAX_ANSWER_BYTES = 32 * 1024 * 1024  # decoded size of an answer read whole; the largest the suite reads is ~11 MB
CONNECT_TIMEOUT_SECONDS = 2.0  # connecting is quick or never: an unreachable server is reported fast
READ_SIZE = 64 * 1024
REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRIABLE = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})  # idempotent: safe to send twice
DEFAULT_HEADERS = {"User-Agent": "aether-suite", "Accept": "*/*", "Accept-Encoding": "gzip, deflate"}


def display_url(url: str) -> str:
    """``url`` without any user name or password in it, as every message shows a URL."""
    parts = urlsplit(url)
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl() if "@" in parts.netloc else url


class Transport:
    """HTTP to one server (``base_url``), with the guarantees of the module docstring; thread-safe."""

    def __init__(self, base_url: str, *, timeout: float, meter: HttpMeter,
                 max_answer_bytes: int = MAX_ANSWER_BYTES, connect_timeout: float = CONNECT_TIMEOUT_SECONDS):
        parts = urlsplit(base_url)
        self.base_url = base_url.rstrip("/")
        self.shown_url = display_url(self.base_url)
        self.timeout, self.connect_timeout = timeout, connect_timeout
        self.max_answer_bytes = max_answer_bytes
        self.meter = meter
        self._scheme, self._host = parts.scheme, parts.hostname
        self._port = parts.port or (443 if parts.scheme == "https" else 80)
        self._local = threading.local()  # each thread's idle keep-alive connection
        self._connections: weakref.WeakSet = weakref.WeakSet()  # every open one, to close at the end
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ sending

    def request(self, method: str, path: str, *, params: Any = None, headers: Mapping[str, str] | None = None,
                json: Any = None, data: Any = None, files: Any = None, stream: bool = False,
                timeout: float | None = None, metered: bool = True) -> requests.Response:
        """One request and its answer: read whole, or (``stream``) to be read by the caller and closed.

        ``metered`` False: its time is not added to the meter (a caller sending in parallel adds its wall time).

        Raises ServerUnreachable (no complete answer in time) or UnusableAnswer (a redirect, too big),
        each with a one-line message naming the request.
        """
        prepared = requests.Request(method, self.base_url + path, params=params, json=json, data=data,
                                    files=files, headers={**DEFAULT_HEADERS, **(headers or {})}).prepare()
        what = f"{method} {path}"
        answer = _Answer(what, time.monotonic() + (timeout or self.timeout), timeout or self.timeout)
        started = time.perf_counter()
        try:
            connection, raw = self._send(prepared, answer)
            response = self._response(prepared, connection, raw, answer, stream)
        finally:
            if metered:
                self.meter.add(time.perf_counter() - started)
        response.elapsed = datetime.timedelta(seconds=time.perf_counter() - started)
        return response

    def close(self) -> None:
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            connection.close()

    def _send(self, prepared: requests.PreparedRequest,
              answer: "_Answer") -> tuple["_Connection", http.client.HTTPResponse]:
        reused = self._take_idle()
        connection = reused or self._connect()
        try:
            return connection, self._exchange(connection, prepared, answer)
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as error:
            connection.close()
            if reused is None or answer.received or prepared.method not in RETRIABLE:
                raise self._unreachable(answer, error) from None
        # A kept-alive connection the server had closed meanwhile, before answering: sent once more.
        connection = self._connect()
        try:
            return connection, self._exchange(connection, prepared, answer)
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            raise self._unreachable(answer, error) from None

    def _exchange(self, connection: "_Connection", prepared: requests.PreparedRequest,
                  answer: "_Answer") -> http.client.HTTPResponse:
        try:
            connection.answer = answer
            if connection.sock is None:
                connection.timeout = min(self.connect_timeout, answer.remaining())
                connection.connect()
            connection.sock.settimeout(answer.remaining())
            target = prepared.url if connection.proxied else prepared.path_url
            connection.request(prepared.method, target, body=prepared.body,
                               headers={**prepared.headers, **connection.proxy_headers})
            return connection.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            raise
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            raise self._unreachable(answer, error) from None

    def _connect(self) -> "_Connection":
        connection = _connection_to(self._scheme, self._host, self._port)
        with self._lock:
            self._connections.add(connection)
        return connection

    def _take_idle(self) -> "_Connection | None":
        connection, self._local.idle = getattr(self._local, "idle", None), None
        if connection is not None and connection.dropped():
            connection.close()
            return None
        return connection

    def _give_back(self, connection: "_Connection") -> None:
        """Keep a connection whose answer was read to its end for this thread's next request."""
        if connection.sock is None or getattr(self._local, "idle", None) is not None:
            connection.close()
        else:
            self._local.idle = connection

    # ------------------------------------------------------------------ the answer

    def _response(self, prepared: requests.PreparedRequest, connection: "_Connection",
                  raw: http.client.HTTPResponse, answer: "_Answer", stream: bool) -> requests.Response:
        response = requests.Response()
        response.status_code, response.reason = raw.status, raw.reason
        response.headers = CaseInsensitiveDict(_joined_headers(raw))
        response.url, response.request = prepared.url, prepared
        response.encoding = get_encoding_from_headers(response.headers)
        if raw.status in REDIRECTS:
            connection.close()
            target = _host_of(urljoin(prepared.url, response.headers.get("Location", "")))
            raise UnusableAnswer(f"{answer.what} answered {raw.status} {raw.reason}, a redirect to {target}; "
                                 f"the suite follows no redirect, so nothing was sent there")
        body = _Body(raw, response.headers, answer, self, connection)
        if stream:
            response.raw = body
            return response
        try:
            response.raw = io.BytesIO(body.read_whole(self.max_answer_bytes))
        finally:
            body.close()
        return response

    def _unreachable(self, answer: "_Answer", error: BaseException) -> ServerUnreachable:
        return ServerUnreachable(f"cannot reach the Aether server at {self.shown_url}: {answer.problem(error)}")

    def _too_big(self, answer: "_Answer", size: str) -> UnusableAnswer:
        return UnusableAnswer(f"the answer to {answer.what} is larger than the {self.max_answer_bytes // 2**20} MB "
                              f"the suite reads of an answer ({size}); it was not read further")


class _Answer:
    """One request's deadline and what has come of its answer so far."""

    def __init__(self, what: str, deadline: float, seconds: float):
        self.what, self.deadline, self.seconds = what, deadline, seconds
        self.received = 0  # bytes of the answer received, headers included

    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        return left

    def problem(self, error: BaseException) -> str:
        if isinstance(error, TimeoutError | socket.timeout):
            if not self.received:
                return f"no answer to {self.what} within {self.seconds:g} s (AETHER_TIMEOUT)"
            return f"the answer to {self.what} was not complete within {self.seconds:g} s (AETHER_TIMEOUT)"
        if isinstance(error, _CutShort):
            return f"the answer to {self.what} was cut short: {error}"
        if isinstance(error, http.client.RemoteDisconnected | ConnectionResetError | BrokenPipeError):
            return f"the connection closed before the answer to {self.what} was complete"
        if isinstance(error, ConnectionRefusedError):
            return "Failed to establish a new connection: [Errno 111] Connection refused"
        if isinstance(error, ssl.SSLError):
            return f"TLS failed for {self.what}: {error.reason or error} (see REQUESTS_CA_BUNDLE in the README)"
        if isinstance(error, socket.gaierror):
            return f"Failed to resolve the host name: {error.strerror}"
        text = str(error).splitlines()[0] if str(error) else type(error).__name__
        return f"{self.what} failed: {text}"


class _CutShort(Exception):
    """The connection ended before the answer's declared length."""


class _Body(io.RawIOBase):
    """An answer's body, decoded, read within the answer's deadline; the transport's own reader.

    A streamed answer is read through it by its caller (``requests``' iter_content reads ``raw``): each
    read returns at most the size asked for, decoded, and its time is added to the run's meter.
    """

    def __init__(self, raw: http.client.HTTPResponse, headers: Mapping[str, str], answer: _Answer,
                 transport: Transport, connection: "_Connection"):
        super().__init__()
        self._raw, self._answer, self._transport, self._connection = raw, answer, transport, connection
        encoding = headers.get("Content-Encoding", "").strip().lower()
        self._decoder = zlib.decompressobj(47) if encoding in ("gzip", "x-gzip", "deflate") else None
        length = "0" if raw.status in (204, 304) else headers.get("Content-Length", "")
        self._declared = int(length) if length.isdigit() and "chunked" not in headers.get(
            "Transfer-Encoding", "").lower() else None  # None: chunked, or until the connection closes
        self._came = 0  # bytes received of the body as sent (before decoding)
        self._ended = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        started = time.perf_counter()
        try:
            return self._read(READ_SIZE if size is None or size < 0 else size)
        finally:
            self._transport.meter.add(time.perf_counter() - started, requests=0)

    def read_whole(self, cap: int) -> bytes:
        if self._declared is not None and self._decoder is None and self._declared > cap:
            raise self._transport._too_big(self._answer, f"{self._declared} bytes, by its Content-Length")
        parts, size = [], 0
        while chunk := self._read(READ_SIZE, limit=cap + 1 - size):
            parts.append(chunk)
            size += len(chunk)
            if size > cap:
                raise self._transport._too_big(self._answer, "more than that came, decoded")
        return b"".join(parts)

    def _read(self, size: int, limit: int | None = None) -> bytes:
        """Up to ``size`` decoded bytes (``limit``: of decompressed output at most); b"" at the end."""
        want = size if limit is None else min(size, limit)
        while not self._ended:
            if self._decoder is None:
                data = self._sent(want)
                if not data:
                    self._finish()
                return data
            pending = self._decoder.unconsumed_tail or self._sent(READ_SIZE)
            if not pending:
                self._finish()
                return b""
            try:
                data = self._decoder.decompress(pending, want)
            except zlib.error as error:
                self.close()
                raise UnusableAnswer(f"the answer to {self._answer.what} does not decode as its Content-Encoding "
                                     f"says: {error}") from None
            if data:
                return data
        return b""

    def _sent(self, size: int) -> bytes:
        """The next bytes of the body as sent, within the deadline; b"" once complete."""
        try:
            self._connection.answer = self._answer
            chunk = self._raw.read1(size) if size else b""
        except (OSError, http.client.HTTPException) as error:
            self.close()
            if isinstance(error, http.client.IncompleteRead):
                error = _CutShort(f"{self._came} bytes came, then the connection closed mid-chunk")
            raise self._transport._unreachable(self._answer, error) from None
        self._came += len(chunk)
        if not chunk and self._declared is not None and self._came < self._declared:
            self.close()
            raise self._transport._unreachable(self._answer, _CutShort(
                f"{self._came} of its {self._declared} bytes came before the connection closed"))
        return chunk

    def _finish(self) -> None:
        self._ended = True
        if self._declared is not None and self._came == self._declared:
            self._raw.close()  # read to its declared end: the connection can take the next request
        if self._raw.isclosed():
            self._transport._give_back(self._connection)
        else:
            self._connection.close()

    def close(self) -> None:
        if not self._ended:
            self._ended = True
            self._connection.close()  # an answer not read to its end leaves the connection unusable
        super().close()


def _host_of(url: str) -> str:
    """The host (and port) a URL points to, without anything else of it; "nowhere" when it names none."""
    try:
        parts = urlsplit(url)
        return f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname or "nowhere"
    except ValueError:
        return "nowhere (a Location that is no URL)"


def _joined_headers(raw: http.client.HTTPResponse) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in raw.getheaders():
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


class _DeadlineSocket(io.RawIOBase):
    """The socket as ``http.client`` reads it (``makefile``): each read waits at most until the deadline
    of the answer being read, so headers and body dripping slowly end there too."""

    def __init__(self, file: io.RawIOBase, sock: socket.socket, connection: "_Connection"):
        super().__init__()
        self._file, self._sock, self._connection = file, sock, connection  # a weak proxy (_TimedSocket)

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._file.close()
        super().close()

    def readinto(self, buffer) -> int:
        answer = self._connection.answer
        self._sock.settimeout(answer.remaining())
        received = self._file.readinto(buffer) or 0
        answer.received += received
        return received


class _TimedSocket:
    """A connected socket whose ``makefile`` gives a ``_DeadlineSocket`` reader; all else as the socket."""

    def __init__(self, sock: socket.socket, connection: "_Connection"):
        # Weakly: the connection holds this socket, so a strong reference back would make a cycle that only
        # the garbage collector ends, and a finished thread's idle connection would stay open until then.
        self._sock, self._connection = sock, weakref.proxy(connection)

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedReader:
        # The socket's own unbuffered file underneath: it keeps the socket open while the answer is
        # read, even once http.client has closed a connection that ends with this answer.
        return io.BufferedReader(_DeadlineSocket(self._sock.makefile("rb", buffering=0), self._sock, self._connection))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class _ConnectionMixin:
    """What the suite's HTTP and HTTPS connections add: the answer being read, a deadline-bound reader."""

    answer: _Answer
    proxied = False  # True: requests go to a proxy, with the whole URL as their target
    proxy_headers: Mapping[str, str] = {}  # sent with every request through that proxy

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        self.sock = _TimedSocket(self.sock, self)  # type: ignore[has-type]

    def dropped(self) -> bool:
        """True when a kept-alive connection cannot take another request (closed, or unread data)."""
        if self.sock is None:  # type: ignore[attr-defined]
            return True
        try:
            readable, _, _ = select.select([self.sock], [], [], 0)  # type: ignore[attr-defined]
        except (OSError, ValueError):
            return True
        return bool(readable)


class _HTTPConnection(_ConnectionMixin, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_ConnectionMixin, http.client.HTTPSConnection):
    pass


_Connection = _HTTPConnection | _HTTPSConnection


def _connection_to(scheme: str, host: str, port: int) -> "_Connection":
    """A new (not yet connected) connection to the server, through the proxy the environment names."""
    proxy = _proxy_for(scheme, host)
    if scheme == "https":
        connection = _HTTPSConnection(proxy.hostname if proxy else host, (proxy.port or 80) if proxy else port,
                                      context=_tls_context(_trusted_certificates()))
        if proxy:
            connection.set_tunnel(host, port, headers=_proxy_authorization(proxy))
        return connection
    if proxy:
        connection = _HTTPConnection(proxy.hostname, proxy.port or 80)
        connection.proxied = True
        connection.proxy_headers = _proxy_authorization(proxy)
        return connection
    return _HTTPConnection(host, port)


def _proxy_for(scheme: str, host: str):
    """The proxy the environment names for ``scheme`` (HTTPS_PROXY, HTTP_PROXY), unless NO_PROXY exempts ``host``."""
    proxy = urllib.request.getproxies().get(scheme)
    if not proxy or urllib.request.proxy_bypass(host):
        return None
    return urlsplit(proxy if "://" in proxy else f"http://{proxy}")


def _proxy_authorization(proxy) -> dict[str, str]:
    if proxy.username is None:
        return {}
    pair = f"{unquote(proxy.username)}:{unquote(proxy.password or '')}".encode()
    return {"Proxy-Authorization": "Basic " + base64.b64encode(pair).decode()}


def _trusted_certificates() -> str:
    """REQUESTS_CA_BUNDLE (or SSL_CERT_FILE) when set, else certifi's certificates, as requests trusts."""
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("SSL_CERT_FILE") or certifi.where()


@functools.lru_cache(maxsize=4)
def _tls_context(bundle: str) -> ssl.SSLContext:
    if os.path.isdir(bundle):
        return ssl.create_default_context(capath=bundle)
    return ssl.create_default_context(cafile=bundle)
