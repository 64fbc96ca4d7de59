"""A loopback TCP proxy that adds a round trip, for measuring the suite as if its server were far away.

    python bench/latency_proxy.py --upstream 127.0.0.1:8000 --rtt-ms 50 [--port 0]
                                  [--max-seconds 900] [--max-connections 256]

Every chunk read from either side is written to the other side half the round trip later, in order;
a chunk is never held back for bandwidth (no rate limit), so a request and its answer each take one
half of the round trip on top of the server's own time, as on a link of that latency. It listens on
127.0.0.1 and forwards only to a loopback address. It is bounded: it stops after ``--max-seconds``
and refuses connections beyond ``--max-connections`` at a time. It prints its URL and serves until
then, or until Ctrl-C.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import sys
import threading
import time

CHUNK = 64 * 1024


class LatencyProxy:
    """The proxy's asyncio server, run in a thread of its own (``start``/``stop``) or in the foreground."""

    def __init__(self, upstream: tuple[str, int], rtt_seconds: float, max_connections: int = 256) -> None:
        host, _ = upstream
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError(f"the proxy forwards only to a loopback address, not {host}")
        self.upstream = upstream
        self.one_way = rtt_seconds / 2
        self.max_connections = max_connections
        self.open_connections = 0
        self.port: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stopped: asyncio.Event | None = None
        self._pipes: set[asyncio.Task] = set()  # asyncio keeps only weak references to tasks

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def serve(self, max_seconds: float) -> None:
        self._loop, self._stopped = asyncio.get_running_loop(), asyncio.Event()
        server = await asyncio.start_server(self._connection, "127.0.0.1", self.port or 0)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        async with server:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), max_seconds)
            server.close()
            for task in asyncio.all_tasks() - {asyncio.current_task()}:  # the open connections
                task.cancel()
            await asyncio.gather(*asyncio.all_tasks() - {asyncio.current_task()}, return_exceptions=True)

    def start(self, max_seconds: float = 900) -> LatencyProxy:
        self._thread = threading.Thread(target=asyncio.run, args=(self.serve(max_seconds),),
                                        name="latency-proxy", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the latency proxy did not start within 10 s")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stopped is not None:
            self._loop.call_soon_threadsafe(self._stopped.set)
        if self._thread is not None:
            self._thread.join(10)

    async def _connection(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        if self.open_connections >= self.max_connections:
            print(f"latency proxy: refused a connection, {self.open_connections} open (--max-connections)",
                  file=sys.stderr, flush=True)
            client_writer.close()
            return
        self.open_connections += 1
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            self.open_connections -= 1
            client_writer.close()
            return
        try:
            await asyncio.gather(self._pipe(client_reader, upstream_writer), self._pipe(upstream_reader, client_writer))
        finally:
            self.open_connections -= 1
            for writer in (client_writer, upstream_writer):
                writer.close()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Each chunk from ``reader`` reaches ``writer`` one way's delay after it was read, in order."""
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                due, data = await queue.get()
                if not data:
                    break
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                writer.write(data)
                await writer.drain()
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            with contextlib.suppress(OSError):
                writer.write_eof()

        delivering = asyncio.create_task(deliver())
        self._pipes.add(delivering)
        delivering.add_done_callback(self._pipes.discard)
        try:
            while data := await reader.read(CHUNK):
                queue.put_nowait((time.monotonic() + self.one_way, data))
        except OSError:
            pass
        finally:
            queue.put_nowait((time.monotonic() + self.one_way, b""))
            with contextlib.suppress(OSError):
                await delivering


def address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    return host or "127.0.0.1", int(port)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/latency_proxy.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream", type=address, required=True, help="HOST:PORT of the server (loopback)")
    parser.add_argument("--rtt-ms", type=float, default=50.0, help="round trip to add, in ms (default 50)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    parser.add_argument("--max-seconds", type=float, default=900.0, help="stop after this long (default 900)")
    parser.add_argument("--max-connections", type=int, default=256, help="connections at a time (default 256)")
    args = parser.parse_args(argv)
    try:
        proxy = LatencyProxy(args.upstream, args.rtt_ms / 1000, args.max_connections)
    except ValueError as error:
        print(f"latency proxy: {error}", file=sys.stderr)
        return 2
    proxy.port = args.port

    async def announce_and_serve() -> None:
        serving = asyncio.create_task(proxy.serve(args.max_seconds))
        await asyncio.get_running_loop().run_in_executor(None, proxy._ready.wait)
        print(f"latency proxy at {proxy.url} -> {args.upstream[0]}:{args.upstream[1]}, "
              f"+{args.rtt_ms:g} ms round trip, for {args.max_seconds:g} s at most", flush=True)
        await serving

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(announce_and_serve())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
