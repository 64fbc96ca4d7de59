"""The hostile-server kit (its fixtures: tests/hostile/conftest.py): loopback servers of the tests' own
that misbehave the way gateways, proxies, broken builds and hostile hosts do, and a way to run the suite
against them and read everything it wrote.

- ``hostile``: a server in front of the session's sandbox. It passes every request on, except those its
  ``rule(request)`` answers itself with a behaviour below (redirect, drip, stall, cut short, gzip bomb,
  huge body, echo the credentials, die). It keeps every request it received and every token the
  sandbox issued through it.
- ``origin``: another loopback origin that records whatever reaches it (a redirect's target).
- ``run_suite(url, *behave_args)``: the suite in a behave subprocess against ``url`` with the sandbox's
  secrets and AETHER_TIMEOUT=1; returns its exit code, the seconds it took, its peak memory, its console
  lines and every output it wrote (console, JUnit XML, HTML report) as one text to scan.

Everything is bounded: a behaviour holds a connection at most ``HOLD_SECONDS``, a server answers at most
``MAX_REQUESTS`` requests, a run is killed after ``RUN_LIMIT_SECONDS``.
"""
from __future__ import annotations

import http.client
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 1  # AETHER_TIMEOUT of every run here, in seconds
HOLD_SECONDS = 60  # longer than any run may take: a run that waited for it would fail its time bound
MAX_REQUESTS = 2000
RUN_LIMIT_SECONDS = 120
MEMORY_LIMIT_MB = 300


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Behaviour = Callable[["Handler", Request], None]


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str | None):
        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_port}"
        self.upstream = urlsplit(upstream) if upstream else None
        self.rule: Callable[[Request], Behaviour | None] = lambda request: None
        self.requests: list[Request] = []
        self.issued_tokens: list[str] = []
        self.released = threading.Event()  # ends every held connection
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> "HostileServer":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def die(self) -> None:
        """Stop at once: no new connection is accepted, and the open ones are cut."""
        threading.Thread(target=self.shutdown, daemon=True).start()
        self.socket.close()
        with self._lock:
            for sock in self._open:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self) -> None:
        self.released.set()
        self.die()

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up mid-answer is what these servers provoke: nothing to report."""

    def process_request_thread(self, request, client_address):
        with self._lock:
            self._open.add(request)
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._lock:
                self._open.discard(request)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keeps connections alive, as real servers do
    server: HostileServer

    def _any(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        request = Request(self.command, self.path, dict(self.headers), body)
        self.server.requests.append(request)
        if len(self.server.requests) > MAX_REQUESTS:
            self.close_connection = True
            return
        behaviour = self.server.rule(request)
        if behaviour is None:
            self.pass_on(request)
        else:
            behaviour(self, request)

    do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _any

    def pass_on(self, request: Request) -> None:
        upstream = self.server.upstream
        connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=30)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "connection")}
        connection.request(request.method, request.path, body=request.body or None, headers=headers)
        answer = connection.getresponse()
        content = answer.read()
        connection.close()
        if b"access_token" in content:
            self.server.issued_tokens.append(json.loads(content)["access_token"])
        self.answer(answer.status, content, {k: v for k, v in answer.getheaders()
                                             if k.lower() not in ("content-length", "transfer-encoding",
                                                                  "connection", "date", "server")})

    def answer(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def hold(self) -> None:
        """Keep the connection open, answering nothing more, until released or HOLD_SECONDS pass."""
        self.wfile.flush()
        self.server.released.wait(HOLD_SECONDS)
        self.close_connection = True

    def log_message(self, *args) -> None:
        pass


# ---------------------------------------------------------------------------- behaviours

def redirect(status: int, target: str) -> Behaviour:
    def act(handler: Handler, request: Request) -> None:
        handler.answer(status, b"", {"Location": target + request.path})
    return act


def drip(handler: Handler, request: Request) -> None:
    """A JSON answer of 1000 bytes, sent a byte a second."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    _a_byte_a_second(handler, b" ")


def drip_headers(handler: Handler, request: Request) -> None:
    """Headers that never end: one more header byte a second."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    _a_byte_a_second(handler, b"a")


def _a_byte_a_second(handler: Handler, byte: bytes) -> None:
    for _ in range(HOLD_SECONDS):
        try:
            handler.wfile.write(byte)
            handler.wfile.flush()
        except OSError:
            break
        if handler.server.released.wait(1):
            break
    handler.close_connection = True


def stall(handler: Handler, request: Request) -> None:
    """Headers and the start of a body, then nothing."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", "200")
    handler.end_headers()
    handler.wfile.write(b'{"status": "o')
    handler.hold()


def silence(handler: Handler, request: Request) -> None:
    """The request is read; no answer comes."""
    handler.hold()


def cut_short(handler: Handler, request: Request) -> None:
    """Promises 5000 bytes, sends 100, closes."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/octet-stream")
    handler.send_header("Content-Length", "5000")
    handler.end_headers()
    handler.wfile.write(b"x" * 100)
    handler.wfile.flush()
    handler.close_connection = True


def gzip_bomb(handler: Handler, request: Request) -> None:
    """About 1 MB that decodes to 1 GB of zeros."""
    handler.answer(200, gzip_bomb_bytes(), {"Content-Type": "application/json", "Content-Encoding": "gzip"})


def huge(declared: bool) -> Behaviour:
    """500 MB of JSON-looking bytes, with their length declared or (``declared`` False) until the close."""
    def act(handler: Handler, request: Request) -> None:
        size = 500 * 2**20
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        if declared:
            handler.send_header("Content-Length", str(size))
        else:
            handler.send_header("Connection", "close")
        handler.end_headers()
        block = b" " * 2**20
        try:
            for _ in range(size // len(block)):
                handler.wfile.write(block)
        except OSError:
            pass
        handler.close_connection = True
    return act


def plain(status: int, body: bytes, content_type: str) -> Behaviour:
    def act(handler: Handler, request: Request) -> None:
        handler.answer(status, body, {"Content-Type": content_type})
    return act


def echo(handler: Handler, request: Request) -> None:
    """An error that shows back the credentials the request carried, token and key."""
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    key = request.headers.get("x-aether-api-key", "")
    detail = f"token {token} is not valid here (key {key})"
    handler.answer(400, json.dumps({"code": "echo", "detail": detail}).encode(),
                   {"Content-Type": "application/json", "X-Echo-Token": token})


def die(handler: Handler, request: Request) -> None:
    """The server goes away, this request unanswered."""
    handler.server.die()
    handler.close_connection = True


_bomb_bytes: list[bytes] = []


def gzip_bomb_bytes() -> bytes:
    """A gzip member of 1 GB of zeros: one deflate block of 1 MB of zeros, flushed so that it repeats."""
    if not _bomb_bytes:
        zeros, compressor = b"\0" * 2**20, zlib.compressobj(9, zlib.DEFLATED, -15)
        block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
        crc = 0
        for _ in range(1024):
            crc = zlib.crc32(zeros, crc)
        _bomb_bytes.append(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + block * 1024 + compressor.flush()
                           + struct.pack("<II", crc, 2**30 % 2**32))
    return _bomb_bytes[0]


@dataclass
class Outcome:
    returncode: int
    seconds: float
    max_rss_mb: float
    stdout: str
    stderr: str
    outputs: str = field(repr=False)  # console, JUnit XML and HTML report together

    @property
    def lines(self) -> list[str]:
        return self.stderr.splitlines()


def run_suite(tmp_path: Path, url: str, *args: str, **env: str) -> Outcome:
    """behave ``args`` in a subprocess against ``url`` (AETHER_TIMEOUT=1, the sandbox's secrets, ``env``),
    its outputs in ``tmp_path``; its peak memory is its own (os.wait4), not the largest child's so far."""
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    junit, report = tmp_path / "junit", tmp_path / "report.html"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("AETHER_") and "proxy" not in k.lower()}
    environ.update(AETHER_BASE_URL=url, AETHER_SANDBOX_SECRETS="1", AETHER_TIMEOUT=str(TIMEOUT),
                   AETHER_REPORT=str(report), AETHER_RUN_STATS="",
                   AETHER_REFUSED_PASSCODES=str(tmp_path / "refused-passcodes.json"), **env)
    command = [sys.executable, "-m", "behave", "--no-color", "-f", "plain", "--junit",
               f"--junit-directory={junit}", *args]
    started = time.monotonic()
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(command, cwd=REPO, env=environ, stdout=stdout, stderr=stderr)
        timer = threading.Timer(RUN_LIMIT_SECONDS, process.kill)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    texts = [out.read_text(), err.read_text()]
    texts += [path.read_text(errors="replace") for path in sorted(junit.glob("*.xml"))]
    texts += [report.read_text(errors="replace")] if report.exists() else []
    return Outcome(process.returncode, seconds, usage.ru_maxrss / 1024, texts[0], texts[1], "\n".join(texts))
