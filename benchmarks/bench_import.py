"""How much the importer costs over bare pdfplumber table extraction, on contract PDFs.

Generates a 40-line contract (the demo data) and a 400-line one (its lines repeated and varied),
then times, in the same run and on the same files, best of N:
- bare: pdfplumber.open + page.extract_tables() on every page;
- importer: importers.parse_file (sniffing, hashing, tables, body text, header fields, checks).
Aim: the importer at most 1.5× bare.

Run: .venv/bin/python benchmarks/bench_import.py [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

import importers  # noqa: E402
from tests import documents  # noqa: E402


def bare_extraction(path: Path) -> int:
    """Tables of every page with plain pdfplumber; returns the number of table rows."""
    rows = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            rows += sum(len(table) for table in page.extract_tables())
    return rows


def best_of(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best is kept)")
    args = parser.parse_args()
    data = documents.load_demo("luoyang_contract")
    with tempfile.TemporaryDirectory() as folder:
        files = {
            "40 lines": documents.pdf_contract(Path(folder) / "contract-40.pdf", data),
            "400 lines": documents.pdf_contract(
                Path(folder) / "contract-400.pdf", documents.with_many_lines(data, 400)
            ),
        }
        print(f"{'file':<10} {'pages':>5} {'lines':>5} {'bare s':>8} {'importer s':>10} {'ratio':>6}")
        for label, path in files.items():
            document = importers.parse_file(path)  # also warms the font and module caches
            bare = best_of(args.repeat, lambda path=path: bare_extraction(path))
            ours = best_of(args.repeat, lambda path=path: importers.parse_file(path))
            print(
                f"{label:<10} {document.source.pages:>5} {len(document.line_items):>5} "
                f"{bare:>8.2f} {ours:>10.2f} {ours / bare:>6.2f}"
            )


if __name__ == "__main__":
    main()
