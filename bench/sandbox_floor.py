"""The embedded sandbox's answer time over its stack's floor: a bare Starlette app under the same uvicorn.

    .venv/bin/python bench/sandbox_floor.py [--rounds 15] [--requests 200] [--json FILE]

Both are served as the suite serves the sandbox (sandbox/server.py: a uvicorn thread in this process, on
a loopback port) and asked by one requests.Session, as the suite asks, one request at a time:

- health      GET /v3/health                       bare: GET answering a small JSON object
- who-am-I    GET /v3/auth/me as Osiris             bare: the same GET
- add a lead  POST .../tracking as Osiris, 1 lead   bare: POST reading the JSON body and answering it

Rounds alternate the two servers, so both see the same machine; each figure is the median over rounds
of the mean time per request in a round, and each ratio is sandbox / bare within the run.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

import requests
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from sandbox.server import EmbeddedSandbox, bind
from sandbox.settings import Settings

OSIRIS = {"site_id": "92vkYC4fVEl", "email": "osiris@demo.example", "passcode": "424242"}
ONESKY_KEY, ONESKY, EVENT = "sbx-onesky-4f1c9a", "_XY7DXtc9MY", "pjrcghqwert"
LEAD = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org", "company": "Analytical",
        "scanned_at": "2026-03-10T09:00:00+01:00", "exhibitor_notes": "wants a demo"}
TARGETS = {"health": 1.3, "who-am-I": 2.0, "add a lead": 2.5}  # issue 22: sandbox / bare at most


async def small_json(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok", "version": "3"})


async def echo_json(request: Request) -> JSONResponse:
    return JSONResponse({"tracking_id": "x" * 11, **json.loads(await request.body())}, status_code=201)


def serve_bare() -> tuple[str, uvicorn.Server]:
    app = Starlette(routes=[Route("/get", small_json), Route("/post", echo_json, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, loop="asyncio"))  # as sandbox
    sock = bind(Settings())
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("the bare Starlette app did not start")
        time.sleep(0.005)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", server


def per_request(session: requests.Session, count: int, method: str, url: str, **kwargs) -> float:
    started = time.perf_counter()
    for _ in range(count):
        answer = session.request(method, url, timeout=10, allow_redirects=False, **kwargs)
        if answer.status_code not in (200, 201):
            raise SystemExit(f"{method} {url} answered {answer.status_code}: {answer.text[:300]}")
    return (time.perf_counter() - started) / count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--requests", type=int, default=200, help="requests per figure per round")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()

    sandbox = EmbeddedSandbox(Settings()).start()
    bare, bare_server = serve_bare()
    session = requests.Session()
    token = session.post(f"{sandbox.base_url}/v3/auth/passcode", json=OSIRIS,
                         headers={"x-aether-api-key": ONESKY_KEY}, timeout=10).json()["access_token"]
    osiris = {"x-aether-api-key": ONESKY_KEY, "x-aether-account-id": ONESKY, "authorization": f"Bearer {token}"}
    exhibit = session.post(f"{sandbox.base_url}/v3/crud/event_exhibit", headers=osiris, timeout=10,
                           json={"event_id": EVENT, "name": "Floor bench"}).json()["exhibit_id"]
    leads = f"{sandbox.base_url}/v3/crud/event_exhibit/{exhibit}/tracking"
    cases = {
        "health": (("GET", f"{sandbox.base_url}/v3/health", {}), ("GET", f"{bare}/get", {})),
        "who-am-I": (("GET", f"{sandbox.base_url}/v3/auth/me", {"headers": osiris}),
                     ("GET", f"{bare}/get", {"headers": osiris})),
        "add a lead": (("POST", leads, {"headers": osiris, "json": LEAD}),
                       ("POST", f"{bare}/post", {"headers": osiris, "json": LEAD})),
    }
    raw: dict = {"load_before": os.getloadavg(), "cases": {}}
    for name, (ours, floor) in cases.items():
        per_request(session, 20, *ours[:2], **ours[2])  # warm both
        per_request(session, 20, *floor[:2], **floor[2])
        rounds = []
        for _ in range(args.rounds):
            rounds.append((per_request(session, args.requests, *ours[:2], **ours[2]),
                           per_request(session, args.requests, *floor[:2], **floor[2])))
        raw["cases"][name] = rounds
    raw["load_after"] = os.getloadavg()
    bare_server.should_exit = True
    sandbox.stop()

    print(f"{os.cpu_count()} CPUs, load average {raw['load_before'][0]:.1f} before, {raw['load_after'][0]:.1f} after; "
          f"{args.rounds} rounds of {args.requests} requests\n")
    print("| request | sandbox ms | bare Starlette ms | sandbox / bare | target | met |")
    print("|---|---:|---:|---:|---:|---|")
    for name, rounds in raw["cases"].items():
        ours, floor = (statistics.median(r[i] for r in rounds) * 1000 for i in (0, 1))
        ratio = statistics.median(a / b for a, b in rounds)
        print(f"| {name} | {ours:.2f} | {floor:.2f} | {ratio:.2f}x | {TARGETS[name]:.1f}x "
              f"| {'yes' if ratio <= TARGETS[name] else 'no'} |")
    if args.json:
        args.json.write_text(json.dumps(raw, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
