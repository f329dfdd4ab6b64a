"""How long each hostile file takes to be refused, and how much memory it costs, with the limits of
importers/limits.py — and how the largest documents within the limits fare.

Each file (made by tests/hostile.py) is read by `importers.parse_file` in a fresh interpreter that has
loaded the importer; the figures are the wall time of the read and the process's peak resident memory,
with the loaded interpreter's own in brackets. The test suite asserts the refusals under an address-space limit
(tests/importers/test_hostile_files.py); this prints the figures for benchmarks/README.md.

Run: .venv/bin/python benchmarks/bench_hostile.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import documents, hostile  # noqa: E402

_READ = """
import json, resource, sys, time
import importers
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    document = importers.parse_file(sys.argv[1])
    outcome = f"read, {len(document.line_items)} lines"
except importers.DocumentError as error:
    outcome = error.code + (f" ({error.params['what']})" if "what" in error.params else "")
seconds = time.perf_counter() - started
print(json.dumps({"outcome": outcome, "seconds": seconds, "base": base / 1024,
                  "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

FILES = [
    ("xlsx, merged H3:XFD1048576", hostile.xlsx_merged_to_sheet_end),
    ("xlsx, 100,000 rows", hostile.xlsx_many_rows),
    ("xlsx, 30,000 rows", partial(hostile.xlsx_many_rows, rows=30_000)),
    ("docx, 8.5 M empty paragraphs", hostile.docx_empty_paragraphs),
    ("docx, one 1.1 GB text run", hostile.docx_huge_text_run),
    ("docx, member of ratio 1,000", hostile.docx_high_ratio_member),
    ("docx, member lying about its size", hostile.docx_lying_member_size),
    ("docx, 5,000 members", hostile.docx_many_members),
    ("pdf, 1,001 pages", partial(hostile.pdf_many_pages, pages=1_001)),
    ("docx, 940,000 elements (within)", partial(hostile.docx_many_elements, runs=460_000)),
    ("xlsx, 2,000 lines (within)", partial(hostile.xlsx_many_rows, rows=2_000)),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        files = [
            (label, make(Path(folder) / f"{index}.{label[:4].strip(',')}")) for index, (label, make) in enumerate(FILES)
        ]
        contract = documents.with_many_lines(documents.load_demo("luoyang_contract"), 2_000)
        files.append(("docx, 2,000-line contract (within)", documents.docx_contract(Path(folder) / "c.docx", contract)))
        print("| file | size KB | outcome | seconds | peak RSS MB (loaded interpreter) |\n|---|--:|---|--:|--:|")
        for label, path in files:
            result = subprocess.run(
                [sys.executable, "-c", _READ, str(path)], cwd=ROOT, capture_output=True, text=True, check=True
            )
            figures = json.loads(result.stdout)
            size = path.stat().st_size / 1024
            print(
                f"| {label} | {size:,.0f} | {figures['outcome']} | {figures['seconds']:.2f} | {figures['peak']:.0f} ({figures['base']:.0f}) |"
            )


if __name__ == "__main__":
    main()
