"""Memory and time of writing finance's overview workbook (付款计划总览.xlsx), now and before.

Generates --contracts contracts through the services (`flask generate`) into a temporary SQLite file
(or reads --database-url, already generated), builds finance's overview once, then repeats its rows
up to --rows (the writer only reads their values: 20,000 rows is about what 10,000 contracts give)
and writes the workbook with this checkout's writer and with the one at --old-rev (git), each in a
fresh process, reporting the peak of Python's allocations (tracemalloc), the peak resident memory
and the time.

The writer takes the rows services.overview.export_rows reads (issue 12's stored milestone states) since
h-milestones; a --old-rev before that took an Overview object, so compare with --only now and the figures
kept in benchmarks/README.md.

Run: .venv/bin/python benchmarks/bench_overview_xlsx.py [--rows 20000] [--old-rev 0f9cdc4]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MEASURE = r"""
import importlib.util, json, resource, sys, time, tracemalloc
sys.path.insert(0, {root!r})
from contractmgr import clock
from contractmgr.extensions import db
from contractmgr.factory import create_app
from contractmgr.models import Contract
from contractmgr.services.overview import export_rows, month_totals
import sqlalchemy as sa

spec = importlib.util.spec_from_file_location("writer_under_test", {writer!r})
writer = importlib.util.module_from_spec(spec)
sys.modules["writer_under_test"] = writer
spec.loader.exec_module(writer)
app = create_app({{"SQLALCHEMY_DATABASE_URI": {url!r}, "SECRET_KEY": "bench"}})
with app.test_request_context():
    listed = list(export_rows(sa.select(Contract), clock.today()))
    rows = (listed * ({rows} // max(len(listed), 1) + 1))[:{rows}]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    start = time.perf_counter()
    file = writer.overview_workbook(rows, month_totals(sa.select(Contract), clock.today()))
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    size = len(file.read())
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"rows": len(rows), "seconds": seconds, "peak_mb": peak / 2**20,
                   "rss_growth_mb": (after - before) / 1024, "size_mb": size / 2**20}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=100)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--old-rev", default="0f9cdc4", help="the git revision of the writer to compare with")
    parser.add_argument("--database-url", default="", help="a database already generated (default: generate one)")
    parser.add_argument("--only", choices=("before", "now"), help="measure one writer only")
    args = parser.parse_args()
    flask = str(Path(sys.executable).parent / "flask")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        url = args.database_url or f"sqlite:///{folder / 'bench.sqlite'}"
        if not args.database_url:
            env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench"}
            for command in (["db", "upgrade"], ["generate", "--contracts", str(args.contracts)]):
                subprocess.run([flask, "--app", "app", *command], cwd=ROOT, env=env, check=True, capture_output=True)
        old = folder / "old_schedule_xlsx.py"
        old.write_bytes(
            subprocess.run(
                ["git", "show", f"{args.old_rev}:contractmgr/exports/schedule_xlsx.py"],
                cwd=ROOT,
                check=True,
                capture_output=True,
            ).stdout
        )
        writers = {"before": old, "now": ROOT / "contractmgr" / "exports" / "schedule_xlsx.py"}
        print(f"{'writer':<7} {'rows':>6} {'seconds':>8} {'python peak MB':>15} {'RSS growth MB':>14} {'file MB':>8}")
        for label, writer in writers.items():
            if args.only and label != args.only:
                continue
            code = MEASURE.format(root=str(ROOT), writer=str(writer), url=url, rows=args.rows)
            result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
            if result.returncode:
                sys.exit(result.stderr)
            found = json.loads(result.stdout.strip().splitlines()[-1])
            print(
                f"{label:<7} {found['rows']:>6} {found['seconds']:>8.2f} {found['peak_mb']:>15.1f} "
                f"{found['rss_growth_mb']:>14.1f} {found['size_mb']:>8.2f}"
            )


if __name__ == "__main__":
    main()
