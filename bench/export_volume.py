"""Leads export at volume: time and the sandbox's peak memory for CSV and XLSX exports.

    /work/venv/bin/python bench/export_volume.py [--sizes 5000 50000] [--forms csv xlsx json]

Benchmark shortcut: the leads are written straight into the sandbox's SQLite file (a data directory handed
to ``python -m sandbox --data-dir``) before it starts; adding 50,000 leads through the API would take
minutes and is not what is measured. Each export runs against a freshly started sandbox process, so that
process's VmHWM (peak resident memory, from /proc/<pid>/status; Linux only) is the peak of that one export.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

import httpx
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sandbox.ids import new_id  # noqa: E402
from sandbox.storage import Storage  # noqa: E402

ACCOUNT, KEY, EVENT = "_XY7DXtc9MY", "sbx-onesky-4f1c9a", "pjrcghqwert"
SITE, EMAIL, PASSCODE = "92vkYC4fVEl", "osiris@demo.example", "424242"
LEAD_COLUMNS = ("public_id", "exhibit_pk", "first_name", "last_name", "email", "company", "title", "phone",
                "badge_id", "scanned_at", "exhibitor_notes", "responses_json", "hidden", "enabled")


def seed(data_dir: Path, size: int) -> str:
    """An exhibit of the demo event with ``size`` varied leads, inserted in random scan order."""
    storage = Storage(data_dir)  # creates the schema and the demo dataset
    exhibit_id = new_id()
    with closing(storage.connect()) as db, db:
        event_pk = db.execute("SELECT pk FROM events WHERE public_id = ?", (EVENT,)).fetchone()[0]
        account_pk = db.execute("SELECT pk FROM accounts WHERE public_id = ?", (ACCOUNT,)).fetchone()[0]
        exhibit_pk = db.execute("INSERT INTO exhibits (public_id, account_pk, event_pk, name, created_at)"
                                " VALUES (?, ?, ?, ?, '2026-03-01T00:00:00Z')",
                                (exhibit_id, account_pk, event_pk, f"Bench {size}")).lastrowid
        order = random.Random(size).sample(range(size), size)
        db.executemany(f"INSERT INTO leads ({', '.join(LEAD_COLUMNS)}) VALUES ({', '.join('?' * len(LEAD_COLUMNS))})",
                       (lead(exhibit_pk, n) for n in order))
    return exhibit_id


def lead(exhibit_pk: int, n: int) -> tuple:
    answers = [{"question": "Interested in", "answer": ["Cloud", "Edge"] if n % 2 else ["AI"]},
               {"question": "Budget", "answer": f"{n % 9 + 1}0k"}]
    if n % 7 == 0:
        answers.append({"question": f"Follow-up topic {n % 5}", "answer": "pricing, \"enterprise\" tier"})
    notes = f"<p>Met at booth {n}</p><p>Call <b>Mon</b>day &amp; ask about <i>pricing</i></p><!-- crm -->"
    return (new_id(), exhibit_pk, f"First{n}", f"Last{n}", f"lead{n}@example.com", f"Company {n % 997}, Ltd",
            "Head of IT", f"+44 20 7946 {n % 10000:04d}", f"B{n:06d}",
            f"2026-03-10T{9 + n // 3600 % 9:02d}:{n // 60 % 60:02d}:{n % 60:02d}Z", notes,
            json.dumps(answers), int(n % 11 == 0), int(n % 13 != 0))


def memory_kib(pid: int) -> dict[str, int]:
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return {name: int(fields[name].split()[0]) for name in ("VmRSS", "VmHWM")}


class Sandbox:
    """``python -m sandbox`` in a subprocess on a free port, over ``data_dir``."""

    def __init__(self, data_dir: Path):
        self.process = subprocess.Popen([sys.executable, "-m", "sandbox", "--port", "0", "--data-dir", str(data_dir)],
                                        cwd=ROOT, stdout=subprocess.PIPE, text=True)
        banner = self.process.stdout.readline()
        self.base_url = re.search(r"http://[\d.]+:\d+", banner).group()
        # The banner comes when the port is bound, a moment before it accepts connections: wait for health.
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{self.base_url}/v3/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"the sandbox at {self.base_url} did not come up")
            time.sleep(0.02)

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def sign_in(client: httpx.Client) -> dict[str, str]:
    r = client.post("/v3/auth/passcode", headers={"x-aether-api-key": KEY},
                    json={"site_id": SITE, "email": EMAIL, "passcode": PASSCODE})
    r.raise_for_status()
    return {"x-aether-api-key": KEY, "x-aether-account-id": ACCOUNT,
            "authorization": f"Bearer {r.json()['access_token']}"}


def count_rows(path: Path, form: str) -> int:
    """Data rows in a downloaded export (the header row not counted)."""
    if form == "csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            return sum(1 for _ in csv.reader(f)) - 1
    if form == "xlsx":
        workbook = load_workbook(path, read_only=True)
        rows = sum(1 for _ in workbook["Leads"].iter_rows(values_only=True)) - 1
        workbook.close()
        return rows
    return len(json.loads(path.read_bytes())["rows"])


def measure(data_dir: Path, exhibit_id: str, form: str, out: Path) -> dict:
    params = {"return_file": "false"} if form == "json" else {"format": form}
    with Sandbox(data_dir) as sandbox, httpx.Client(base_url=sandbox.base_url, timeout=600) as client:
        headers = sign_in(client)
        before = memory_kib(sandbox.process.pid)
        started = time.perf_counter()
        with client.stream("GET", f"/v3/action/event_exhibit/{exhibit_id}/tracking_export",
                           params=params, headers=headers) as r, out.open("wb") as f:
            r.raise_for_status()
            first_byte = None
            for chunk in r.iter_raw():
                first_byte = first_byte or time.perf_counter() - started
                f.write(chunk)
        total = time.perf_counter() - started
        after = memory_kib(sandbox.process.pid)
    return {"first_byte": first_byte, "total": total, "bytes": out.stat().st_size, "rows": count_rows(out, form),
            "rss_before": before["VmRSS"], "peak": after["VmHWM"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 50_000])
    parser.add_argument("--forms", nargs="+", choices=("csv", "xlsx", "json"), default=["csv", "xlsx"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aether-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        started = time.perf_counter()
        exhibits = {size: seed(data_dir, size) for size in args.sizes}
        print(f"seeded {sum(args.sizes):,} leads into SQLite in {time.perf_counter() - started:.1f} s")
        print(f"{'leads':>7} {'form':5} {'rows':>7} {'size MiB':>9} {'1st byte s':>10} {'total s':>8}"
              f" {'RSS before MiB':>15} {'peak RSS MiB':>13} {'peak - before':>14}")
        for size in args.sizes:
            for form in args.forms:
                m = measure(data_dir, exhibits[size], form, Path(tmp) / f"export.{form}")
                assert m["rows"] == size, f"{form} export of {size} leads has {m['rows']} rows"
                print(f"{size:>7,} {form:5} {m['rows']:>7,} {m['bytes'] / 2**20:>9.1f} {m['first_byte']:>10.2f}"
                      f" {m['total']:>8.2f} {m['rss_before'] / 1024:>15.1f} {m['peak'] / 1024:>13.1f}"
                      f" {(m['peak'] - m['rss_before']) / 1024:>14.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
