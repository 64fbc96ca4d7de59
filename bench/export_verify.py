"""Leads export at volume, both sides: the sandbox generating it and the suite's streaming verifier checking it.

    /work/venv/bin/python bench/export_verify.py [--sizes 5000 50000] [--forms csv xlsx]

For each size an exhibit of the demo event gets that many leads of the @slow volume scenario's busy show
day (aether_suite/export/busy_show.py), written straight into the sandbox's SQLite file as the sandbox itself
would store them (its own NewLead model normalises them), in the scenario's shuffled entry order. Then,
for each form:

- generation: bench/export_volume.py's ``measure`` (a fresh ``python -m sandbox`` process; the export
  downloaded as fast as it comes; that process's peak RSS), reused as is;
- verification: a fresh Python process runs what the volume scenario runs,
  ``aether_suite.exports.stream_and_check`` (CSV checked record by record as it arrives, XLSX spooled to a
  temporary file and read row by row with openpyxl's read-only reader), against a fresh sandbox; its time,
  and its peak RSS over its RSS just before (VmHWM - VmRSS, /proc; Linux only).

Memory is flat when the verifier's peak stays the same from 5,000 to 50,000 leads; time is linear when
microseconds per lead stay about the same.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import export_volume  # noqa: E402  (bench/export_volume.py: Sandbox, measure, memory_kib)

from aether_suite.export import busy_show  # noqa: E402
from sandbox.ids import new_id  # noqa: E402
from sandbox.routers.leads import LEAD_FIELDS, NewLead  # noqa: E402
from sandbox.storage import Storage  # noqa: E402

VERIFY = r'''
import json, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from aether_suite.export import busy_show
from aether_suite.export import exports
from aether_suite.client.api import AetherApi, SuiteRun
from aether_suite.client.config import SuiteConfig

def memory_kib():
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return {{name: int(fields[name].split()[0]) for name in ("VmRSS", "VmHWM")}}

base_url, exhibit_id, form, ids_file = sys.argv[1:5]
tracking_ids = json.loads(Path(ids_file).read_text())
run = SuiteRun(SuiteConfig.load({{"AETHER_TIMEOUT": "600"}}).targeting(base_url))  # 50,000 XLSX rows take a while
api = AetherApi(run)
api.me("Cleo")  # signs Cleo in: the timed part is the export alone
before = memory_kib()["VmRSS"]
started, cpu = time.perf_counter(), time.process_time()
check = exports.stream_and_check(api, "Cleo", exhibit_id, form, busy_show.columns(),
                                 lambda: busy_show.rows(len(tracking_ids), tracking_ids))
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
print(json.dumps({{"seconds": seconds, "cpu": cpu, "rows": check.rows,
                  "problems": exports.volume_problems(check, len(tracking_ids)),
                  "rss_before": before, "peak": memory_kib()["VmHWM"]}}))
'''


def seed_busy_show(data_dir: Path, size: int) -> tuple[str, list[str]]:
    """An exhibit with busy_show's leads 0..size-1; returns its id and the leads' tracking ids by n."""
    storage = Storage(data_dir)
    exhibit_id, ids = new_id(), [new_id() for _ in range(size)]
    with closing(storage.connect()) as db, db:
        event_pk = db.execute("SELECT pk FROM events WHERE public_id = ?", (export_volume.EVENT,)).fetchone()[0]
        account_pk = db.execute("SELECT pk FROM accounts WHERE public_id = ?",
                                (export_volume.ACCOUNT,)).fetchone()[0]
        exhibit_pk = db.execute("INSERT INTO exhibits (public_id, account_pk, event_pk, name, created_at)"
                                " VALUES (?, ?, ?, ?, '2026-03-01T00:00:00Z')",
                                (exhibit_id, account_pk, event_pk, f"Busy show {size}")).lastrowid

        def stored(n: int) -> tuple:  # as sandbox/routers/leads.py add_lead stores it
            values = NewLead.model_validate(busy_show.lead(n)).model_dump()
            values["responses_json"] = json.dumps(values["responses_json"], ensure_ascii=False)
            return (ids[n], exhibit_pk, *(values[f] for f in LEAD_FIELDS))

        db.executemany(f"INSERT INTO leads (public_id, exhibit_pk, {', '.join(LEAD_FIELDS)})"
                       f" VALUES (?, ?, {', '.join('?' * len(LEAD_FIELDS))})",
                       (stored(n) for n in busy_show.entry_order(size)))
    storage.close()
    return exhibit_id, ids


def verify(data_dir: Path, exhibit_id: str, form: str, ids_file: Path) -> dict:
    with export_volume.Sandbox(data_dir) as sandbox:
        done = subprocess.run([sys.executable, "-c", VERIFY.format(root=str(ROOT)), sandbox.base_url, exhibit_id,
                               form.upper(), str(ids_file)], capture_output=True, text=True, cwd=ROOT)
        sandbox_peak = export_volume.memory_kib(sandbox.process.pid)["VmHWM"]
    if done.returncode != 0:
        raise SystemExit(f"the verifier failed:\n{done.stderr[-3000:]}")
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "sandbox_peak": sandbox_peak}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 50_000])
    parser.add_argument("--forms", nargs="+", choices=("csv", "xlsx"), default=["csv", "xlsx"])
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    raw = []
    with tempfile.TemporaryDirectory(prefix="aether-verify-") as tmp:
        data_dir = Path(tmp) / "data"
        started = time.perf_counter()
        exhibits = {}
        for size in args.sizes:
            exhibit_id, ids = seed_busy_show(data_dir, size)
            ids_file = Path(tmp) / f"ids-{size}.json"
            ids_file.write_text(json.dumps(ids))
            exhibits[size] = (exhibit_id, ids_file)
        print(f"seeded {sum(args.sizes):,} leads into SQLite in {time.perf_counter() - started:.1f} s\n")
        print("| leads | form | MiB | generate s | sandbox peak MiB | verify s | verify CPU s | µs/lead "
              "| verifier RSS before MiB | verifier peak MiB | peak - before MiB | rows right |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for size in args.sizes:
            exhibit_id, ids_file = exhibits[size]
            for form in args.forms:
                gen = export_volume.measure(data_dir, exhibit_id, form, Path(tmp) / f"export.{form}")
                ver = verify(data_dir, exhibit_id, form, ids_file)
                raw.append({"leads": size, "form": form, "generate": gen, "verify": ver})
                right = "yes" if ver["rows"] == size and not ver["problems"] else f"NO: {ver['problems'][:3]}"
                print(f"| {size:,} | {form} | {gen['bytes'] / 2**20:.2f} | {gen['total']:.2f} "
                      f"| {gen['peak'] / 1024:.0f} | {ver['seconds']:.2f} | {ver['cpu']:.2f} "
                      f"| {ver['seconds'] / size * 1e6:.0f} | {ver['rss_before'] / 1024:.0f} "
                      f"| {ver['peak'] / 1024:.0f} | {(ver['peak'] - ver['rss_before']) / 1024:.1f} | {right} |",
                      flush=True)
    if args.json:
        args.json.write_text(json.dumps(raw, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
