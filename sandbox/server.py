"""Serving the sandbox: embedded in a thread for the suite and tests, or in the foreground from the CLI."""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import uvicorn

from . import controls
from .app import create_app
from .settings import Settings


def bind(settings: Settings) -> socket.socket:
    # proto=IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP; without it
    # Nagle holds each response body back ~40 ms (delayed ACK) after the headers.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((settings.host, settings.port))
    sock.listen(2048)  # from here connections queue, so a client may connect as soon as the URL is printed
    return sock


def make_server(settings: Settings) -> uvicorn.Server:
    # asyncio's event loop whatever else is installed (uvloop would be chosen otherwise): the loop the
    # sandbox's tests run on.
    config = uvicorn.Config(create_app(settings), log_level="warning", access_log=False, loop="asyncio",
                            timeout_graceful_shutdown=5)
    return uvicorn.Server(config)


class EmbeddedSandbox:
    """The sandbox served from a daemon thread on a free loopback port.

    ``settings`` is the live object the app reads, so a scenario may retune e.g. the lockout window.
    """

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        self._server = make_server(self.settings)
        self._socket = bind(self.settings)
        self.port = self._socket.getsockname()[1]
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]},
                                        name="aether-sandbox", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://{self.settings.host}:{self.port}"

    @property
    def blob_dir(self) -> Path:
        return self._server.config.app.state.storage.blob_dir

    def start(self, timeout: float = 10.0) -> "EmbeddedSandbox":
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the embedded Aether sandbox did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()

    def add_leads(self, exhibit_id: str, leads: Iterable[Mapping]) -> list[str]:
        """Leads straight into the exhibit's store (sandbox/controls.py); their tracking ids, in order."""
        return controls.add_leads(self._server.config.app.state.storage, exhibit_id, leads, self.settings.now())

    def let_time_pass(self, seconds: float) -> None:
        """The sandbox's clock moves ``seconds`` ahead at once, as if they had passed: tokens expire and locks
        lift without waiting for them. It never moves back (Settings.clock_ahead_seconds)."""
        if seconds < 0:
            raise ValueError(f"time only moves forward, not by {seconds} s")
        self.settings.clock_ahead_seconds += seconds

    def discard(self) -> None:
        """At the end of a process: remove the sandbox's data without stopping its server.

        A graceful stop waits for uvicorn's next tick and then a fixed pause, about 0.15 s; a process
        about to end, with no request in flight, need not wait: the daemon thread ends with it.
        """
        self._server.config.app.state.storage.close()

    def __enter__(self) -> "EmbeddedSandbox":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
