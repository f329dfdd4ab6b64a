"""Field-level accuracy of the importer on a folder of documents with truth files beside them.

Prints, per file and overall: the fields scored, right, flagged (wrong or missing but warned),
missing, SILENT wrong (a wrong value with no warning), and how many amounts are right or flagged.
The generated corpus (tests/corpus) is one such folder:

    .venv/bin/python -m tests.corpus /tmp/corpus
    .venv/bin/python benchmarks/eval_import.py /tmp/corpus [--verbose] [--json]

Exits 1 when any amount is silently wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from importers.evaluate import evaluate, format_report  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list every field that is not right")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    arguments = parser.parse_args()
    report = evaluate(arguments.folder)
    print(json.dumps(report.summary(), indent=2) if arguments.json else format_report(report, arguments.verbose))
    return 1 if report.silent_wrong_amounts else 0


if __name__ == "__main__":
    sys.exit(main())
