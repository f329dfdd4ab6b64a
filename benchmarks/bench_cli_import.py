"""How long `flask --app app import FILE --json` takes from start to finish, against the parse alone.

Writes the demo contract as an Excel list (40 lines), as a Word file and as a PDF (18 pages), migrates a temporary
SQLite database, then runs the command --repeat times for each (best kept: the elapsed time, and in
another --repeat runs the CPU time, user + system, which a busy machine inflates less) in the checkout given by
--root (default: this one; point it at another checkout to compare before and after), and times
importers.parse_file on the same files in this process (best of --repeat).

Run: .venv/bin/python benchmarks/bench_cli_import.py [--root PATH] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import importers  # noqa: E402
from tests import documents  # noqa: E402


def best_of(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def best_cpu_of(repeat: int, work) -> float:
    """The least CPU time (user + system) a child process took: on a busy machine the elapsed time
    mostly measures the other processes' share of the cores, the CPU time what the command itself did."""
    times = []
    for _ in range(repeat):
        start = children_cpu()
        work()
        times.append(children_cpu() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose `flask import` is timed")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    flask = str(Path(sys.executable).parent / "flask")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        data = documents.load_demo("luoyang_contract")
        files = {
            "Excel, 40 lines": documents.xlsx_annex(folder / "contract.xlsx", data),
            "Word, 40 lines": documents.docx_contract(folder / "contract.docx", data),
            "PDF, 18 pages": documents.pdf_contract(folder / "contract.pdf", data),
        }
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite'}", "SECRET_KEY": "bench"}
        subprocess.run(
            [flask, "--app", "app", "db", "upgrade"], cwd=args.root, env=env, check=True, capture_output=True
        )
        print(f"{'file':<16} {'flask import s':>14} {'CPU s':>6} {'parse s':>8}")
        for label, path in files.items():

            def command(path=path) -> None:
                subprocess.run(
                    [flask, "--app", "app", "import", str(path), "--json"],
                    cwd=args.root,
                    env=env,
                    check=True,
                    capture_output=True,
                )

            total = best_of(args.repeat, command)
            cpu = best_cpu_of(args.repeat, command)
            parse = best_of(args.repeat, lambda path=path: importers.parse_file(path))
            print(f"{label:<16} {total:>14.2f} {cpu:>6.2f} {parse:>8.2f}")


if __name__ == "__main__":
    main()
