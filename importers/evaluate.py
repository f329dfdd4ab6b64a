"""How well the importer reads a folder of documents whose facts are known.

Beside each document `X` lies `X.truth.json`: the facts (kind, title, parties, total, period, lots,
line items with label, parent, unit, name, amount, quantity, unit price, lot). Every fact the truth
states, and every value the importer reads where the truth has none, is one scored field, with one
outcome:

- right: the importer's value is the truth's (texts compared without whitespace, money to the fen);
- flagged: it is not, but a warning on the review points at that field (or its row);
- missing: the importer has no value and says nothing;
- silent: a wrong value with no warning on it — the one outcome an officer cannot see.

Amount fields (the total, line amounts, lot budgets) are counted apart: the aim is every amount
right or flagged and no silent wrong amount. A `must_flag` path in the truth (a figure the
document itself contradicts) is silent when no warning points at it.

Run: .venv/bin/python benchmarks/eval_import.py DIR
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from importers.errors import DocumentError

Outcome = str  # "right", "flagged", "missing" or "silent"
MONEY_FIELDS = ("total_amount", "amount", "budget", "unit_price")
AMOUNT_PATH = re.compile(r"^(total_amount|line_items/\d+/amount|lots/\d+/budget)$")
_TEXT_FIELDS = ("title", "purchaser", "supplier", "agency", "procurement_number", "unit", "name")


@dataclass
class Scored:
    path: str
    truth: Any
    got: Any
    outcome: Outcome


@dataclass
class FileResult:
    name: str
    layout: str
    producer: str
    refused: str | None = None
    fields: list[Scored] = field(default_factory=list)

    def count(self, outcome: Outcome, amounts_only: bool = False) -> int:
        return sum(1 for f in self.fields if f.outcome == outcome and (not amounts_only or AMOUNT_PATH.match(f.path)))

    def total(self, amounts_only: bool = False) -> int:
        return sum(1 for f in self.fields if not amounts_only or AMOUNT_PATH.match(f.path))


@dataclass
class Report:
    files: list[FileResult]

    def count(self, outcome: Outcome, amounts_only: bool = False) -> int:
        return sum(result.count(outcome, amounts_only) for result in self.files)

    def total(self, amounts_only: bool = False) -> int:
        return sum(result.total(amounts_only) for result in self.files)

    @property
    def field_accuracy(self) -> float:
        return _share(self.count("right"), self.total())

    @property
    def amounts_right_or_flagged(self) -> float:
        amounts = self.total(amounts_only=True)
        return _share(self.count("right", True) + self.count("flagged", True), amounts)

    @property
    def silent_wrong(self) -> int:
        return self.count("silent")

    @property
    def silent_wrong_amounts(self) -> int:
        return self.count("silent", amounts_only=True)

    def summary(self) -> dict[str, Any]:
        return {
            "files": len(self.files),
            "refused": sum(1 for result in self.files if result.refused),
            "fields": self.total(),
            "right": self.count("right"),
            "flagged": self.count("flagged"),
            "missing": self.count("missing"),
            "silent_wrong": self.silent_wrong,
            "field_accuracy": round(self.field_accuracy, 4),
            "amounts": self.total(amounts_only=True),
            "amounts_right_or_flagged": round(self.amounts_right_or_flagged, 4),
            "silent_wrong_amounts": self.silent_wrong_amounts,
        }


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def truth_files(folder: Path) -> Iterator[tuple[Path, Path]]:
    """(document, truth) for every document in `folder` with a truth file beside it."""
    for truth in sorted(folder.glob("*.truth.json")):
        document = truth.with_name(truth.name.removesuffix(".truth.json"))
        if document.exists():
            yield document, truth


def evaluate(folder: Path) -> Report:
    """Import every document of `folder` that has a truth file and score what was read."""
    from importers import parse_file  # the package imports this module's siblings first

    results = []
    for document, truth_path in truth_files(folder):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        result = FileResult(document.name, truth.get("layout", document.stem), truth.get("producer", ""))
        try:
            payload = parse_file(document).to_payload()
        except DocumentError as error:
            result.refused = error.code
            payload = None
        result.fields = score(truth, payload)
        results.append(result)
    return Report(results)


# -- scoring one document ------------------------------------------------------------------------


def score(truth: dict[str, Any], payload: dict[str, Any] | None) -> list[Scored]:
    """Every scored field of one document (`payload` None: the file was refused)."""
    got = _facts(payload) if payload is not None else {}
    want = _facts(truth, is_truth=True)
    flags = _flagged_paths(payload, got) if payload is not None else set()
    scored = []
    for path in sorted(want.keys() | got.keys(), key=_path_order):
        truth_value, value = want.get(path), got.get(path)
        if truth_value is None and value is None:
            continue
        if _same(path, truth_value, value):
            outcome = "right"
        elif _is_flagged(path, flags):
            outcome = "flagged"
        elif value is None:
            outcome = "missing"
        else:
            outcome = "silent"
        scored.append(Scored(path, truth_value, value, outcome))
    for path in truth.get("must_flag", []):
        # a refused file shows no value, so nothing wrong is shown either
        outcome = "flagged" if _is_flagged(path, flags) else "silent" if payload is not None else "missing"
        scored.append(Scored(f"{path}#warned", True, outcome == "flagged", outcome))
    return scored


def _path_order(path: str) -> tuple[str, int, str]:
    parts = path.split("/")
    if len(parts) == 3 and parts[1].isdigit():
        return parts[0], int(parts[1]), parts[2]
    return path, 0, ""


def _facts(data: dict[str, Any], is_truth: bool = False) -> dict[str, Any]:
    """{path: value} of the facts the truth files state, from a truth file or an import payload."""
    facts: dict[str, Any] = {}
    facts.update(_raw_facts(data, is_truth))
    return {path: (None if value == "" else value) for path, value in facts.items()}


def _raw_facts(data: dict[str, Any], is_truth: bool) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for name in ("kind", "title", "procurement_number", "purchaser", "supplier", "agency", "total_amount"):
        facts[name] = data.get(name)
    period = data.get("service_period") or {}
    for name in ("start", "end", "months"):
        facts[f"service_period/{name}"] = period.get(name)
    for index, lot in enumerate(data.get("lots") or []):
        for name in ("label", "name", "budget", "months"):
            facts[f"lots/{index}/{name}"] = lot.get(name)
    for index, line in enumerate(data.get("line_items") or []):
        label = line.get("label")
        if label is None and not is_truth and line.get("seq") is not None:
            label = str(line["seq"])
        facts[f"line_items/{index}/label"] = label
        for name in ("parent", "unit", "name", "amount", "quantity", "unit_price", "lot"):
            facts[f"line_items/{index}/{name}"] = line.get(name)
    return facts


def _same(path: str, truth: Any, got: Any) -> bool:
    if truth is None or got is None:
        return False
    name = path.rsplit("/", 1)[-1]
    if name in MONEY_FIELDS or name == "quantity":
        return _decimal(truth) == _decimal(got)
    if name in _TEXT_FIELDS or name in ("label", "parent", "lot"):
        return _text(truth) == _text(got)
    return bool(truth == got)


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _text(value: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value)).split())


# -- which fields the warnings point at ---------------------------------------------------------

#: warnings about the figures as a whole: the total and every line amount are in doubt
_WHOLE_AMOUNT_CODES = {"total_mismatch", "upper_amount_mismatch"}
_SEQ_IN_WHERE = re.compile(r"序号\s*(\d+)")


def _flagged_paths(payload: dict[str, Any], got: dict[str, Any]) -> set[str]:
    """The paths (or path prefixes ending in "/") that some warning points at."""
    seq_index = {
        str(line.get("seq")): index for index, line in enumerate(payload.get("line_items") or []) if "seq" in line
    }
    flagged: set[str] = set()
    for warning in payload.get("warnings") or []:
        if warning.get("field"):
            flagged.add(str(warning["field"]))
        if warning.get("code") in _WHOLE_AMOUNT_CODES:
            flagged.add("total_amount")
            flagged.update(path for path in got if path.endswith("/amount"))
        match = _SEQ_IN_WHERE.search(warning.get("where") or "")
        if match and match[1] in seq_index:
            flagged.add(f"line_items/{seq_index[match[1]]}/")
    return flagged


def _is_flagged(path: str, flags: set[str]) -> bool:
    return any(path == flag or (flag.endswith("/") and path.startswith(flag)) for flag in flags)


# -- the printout --------------------------------------------------------------------------------


def format_report(report: Report, verbose: bool = False) -> str:
    lines = [f"{'file':<50} {'fields':>7} {'right':>6} {'flag':>5} {'miss':>5} {'SILENT':>6} {'amounts ok':>11}  note"]
    for result in report.files:
        amounts = result.total(True)
        ok = result.count("right", True) + result.count("flagged", True)
        lines.append(
            f"{result.name:<50} {result.total():>7} {result.count('right'):>6} {result.count('flagged'):>5} "
            f"{result.count('missing'):>5} {result.count('silent'):>6} {f'{ok}/{amounts}':>11}  "
            f"{('refused: ' + result.refused) if result.refused else ''}"
        )
        if verbose:
            lines += [
                f"    {f.outcome:<8} {f.path}: want {f.truth!r}, got {f.got!r}"
                for f in result.fields
                if f.outcome != "right"
            ]
    s = report.summary()
    lines += [
        "",
        f"files {s['files']} (refused {s['refused']}); fields {s['fields']}: right {s['right']}, "
        f"flagged {s['flagged']}, missing {s['missing']}, SILENT WRONG {s['silent_wrong']}",
        f"field accuracy {s['field_accuracy']:.1%}; amounts right or flagged "
        f"{s['amounts_right_or_flagged']:.1%} of {s['amounts']}; silent wrong amounts {s['silent_wrong_amounts']}",
    ]
    return "\n".join(lines)
