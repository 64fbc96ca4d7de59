"""An HTTP proxy in front of a sandbox that can lose, cut short or hold an answer, for the clean-up self-check.

``AnswerProxy(target).start()`` serves on a loopback port (``base_url``) and forwards every request to
``target``. A *rule* picks requests by method, path and (optionally) body text and says what happens to
the n-th one that matches:

- ``"lose"``: the server handles the request (the object is created), then the connection is closed
  with no answer, as when a gateway times out.
- ``"truncate"``: the server handles it, then the client gets a chunked answer cut off mid-body.
- ``"hold"``: the server's answer is held for ``hold_seconds`` before it is sent.
- ``"pass"``: nothing happens to it; the rule only marks the moment.

A rule's ``seen`` event is set once the server has answered its request (so what it creates exists),
before the answer goes on: a test sends a signal at that moment. Every wait is bounded.
"""
from __future__ import annotations

import http.client
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


@dataclass
class Rule:
    method: str
    path_contains: str
    action: str  # "lose", "truncate", "hold" or "pass"
    nth: int = 1  # the n-th matching request (1 = the first); later ones pass unharmed
    body_contains: bytes = b""
    hold_seconds: float = 3.0
    seen: threading.Event = field(default_factory=threading.Event)
    count: int = 0

    def applies(self, method: str, path: str, body: bytes) -> bool:
        if method != self.method or self.path_contains not in path or self.body_contains not in body:
            return False
        self.count += 1
        return self.count == self.nth


class AnswerProxy:
    def __init__(self, target: str):
        parts = urlsplit(target)
        self.target = (parts.hostname, parts.port)
        self.rules: list[Rule] = []
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                rule = proxy._rule_for(self.command, self.path, body)
                upstream = http.client.HTTPConnection(*proxy.target, timeout=30)
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "host")}
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    answer = upstream.getresponse()
                    payload = answer.read()
                finally:
                    upstream.close()
                if rule is not None:
                    rule.seen.set()
                if rule is not None and rule.action == "lose":
                    self.close_connection = True
                    return
                if rule is not None and rule.action == "hold":
                    threading.Event().wait(rule.hold_seconds)
                if rule is not None and rule.action == "truncate":
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                     b"Transfer-Encoding: chunked\r\n\r\n40\r\n{\"cut\": ")
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in HOP_BY_HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _forward

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:  # a client that went away mid-request
                pass

        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="answer-proxy", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def add(self, rule: Rule) -> Rule:
        with self._lock:
            self.rules.append(rule)
        return rule

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def _rule_for(self, method: str, path: str, body: bytes) -> Rule | None:
        with self._lock:
            return next((rule for rule in self.rules if rule.applies(method, path, body)), None)

    def start(self) -> "AnswerProxy":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "AnswerProxy":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
