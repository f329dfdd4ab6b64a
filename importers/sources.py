"""Where each field was read, and how sure the importer is of it (schema v2 `sources`).

A header field's source is the line of the body that states it (its sentence, up to 80 characters);
a line's fields come from its table row (page, table, row); the kind from the words that decided it.
Confidence: "high" for a value read under its own label or column; "medium" for one inferred (a unit
filled down from the row above, an amount computed from 数量 × 单价, a total added up from the lots'
budgets, a term taken from the whole document); "low" for one a warning doubts.

A field read by OCR also gets its page, its box on the page and the recogniser's score (`scan_sources`);
below `importers.scanned.DOUBT_BELOW` a warning (ocr_doubtful) points at it, so the review screen shows it
as doubtful with the page crop it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from importers.document import Confidence, FieldSource, ImportWarning, ParsedDocument
from importers.scanned import DOUBT_BELOW, Box, ScannedPage
from importers.text import squash

_HEADER_FIELDS = ("title", "procurement_number", "purchaser", "supplier", "agency")
#: warnings whose value was inferred rather than read: the field they concern is "medium"
_INFERRED = {"unit_filled_down": "unit", "seq_inferred": "seq", "amount_from_unit_price": "amount"}
#: warnings that doubt every amount (the figures do not reconcile)
_WHOLE_AMOUNT = {"total_mismatch", "upper_amount_mismatch", "lot_budget_mismatch", "total_row_mismatch"}
_SEQ = re.compile(r"^序号\s*(\d+)")


def _sentence_with(text: str, value: str) -> str | None:
    wanted = squash(value)
    for line in text.split("\n"):
        if wanted and wanted in squash(line):
            line = line.strip()
            return line if len(line) <= 80 else line[:79] + "…"
    return None


def read_sources(document: ParsedDocument, text: str) -> None:
    """Where the header fields and lines were read (the body `text` as the format reader built it)."""
    sources = document.sources
    for name in _HEADER_FIELDS:
        value = getattr(document, name)
        if value:
            sources[name] = FieldSource(_sentence_with(text, value), "high")
    if document.kind_evidence:
        sources["kind"] = FieldSource(_sentence_with(text, document.kind_evidence), "high")
    else:
        sources["kind"] = FieldSource(None, "medium")
    if document.total_amount is not None:
        figures = format(document.total_amount, "f")
        where = (
            _sentence_with(text, figures)
            or _sentence_with(text, f"{document.total_amount:,}")
            or (_sentence_with(text, document.total_amount_upper) if document.total_amount_upper else None)
            or next(filter(None, (_sentence_with(text, wan) for wan in _in_wan(document.total_amount))), None)
        )
        sources["total_amount"] = FieldSource(where, "high" if where else "medium")
    if document.service_period is not None:
        sources["service_period"] = FieldSource(_sentence_with(text, "服务期") or _sentence_with(text, "期限"), "high")
    for index, lot in enumerate(document.lots):
        sources[f"lots/{index}"] = FieldSource(_sentence_with(text, lot.name), "high")
    for index, line in enumerate(document.line_items):
        for name in ("seq", "unit", "name", "amount"):
            sources[f"line_items/{index}/{name}"] = FieldSource(line.where, "high")


def doubt_sources(document: ParsedDocument) -> None:
    """Lower the confidence of the fields the warnings concern (after the cross-checks)."""
    sources = document.sources
    seq_index = {line.seq: index for index, line in enumerate(document.line_items)}
    # a doubt about a table row names the row (「第3页第5行」); the line read from it is 「序号7（第3页第5行）」
    row_index = {_row_of(line.where): index for index, line in enumerate(document.line_items) if line.where}
    for warning in document.warnings:
        match = _SEQ.match(warning.where or "")
        line_index = row_index.get(warning.where or "")
        if match and int(match[1]) in seq_index:
            line_index = seq_index[int(match[1])]
        for path, confidence in _paths_of(warning, document, line_index):
            source = sources.setdefault(path, FieldSource(warning.where, confidence))
            if confidence == "low" or source.confidence == "high":
                source.confidence = confidence


def _row_of(where: str) -> str:
    match = re.search(r"（(.+)）$", where)
    return match[1] if match else where


def _paths_of(warning: ImportWarning, document: ParsedDocument, index: int | None) -> list[tuple[str, Confidence]]:
    """The fields `warning` concerns; `index`: the line its row or 序号 names, if any."""
    paths: list[tuple[str, Confidence]] = []
    if warning.target:
        paths.append((warning.target, "low"))
    if warning.code in _WHOLE_AMOUNT:
        paths.append(("total_amount", "low"))
        paths += [(f"line_items/{i}/amount", "low") for i in range(len(document.line_items))]
    if index is not None:
        field_name = _INFERRED.get(warning.code)
        if field_name:
            paths.append((f"line_items/{index}/{field_name}", "medium"))
        else:
            field_name = {"missing_amount": "amount", "unreadable_amount": "amount"}.get(warning.code, "amount")
            paths.append((f"line_items/{index}/{field_name}", "low"))
    if warning.code == "missing_title":
        paths.append(("title", "low"))
    return paths


@dataclass(frozen=True)
class CellSource:
    """Where a scanned value is: its page, the box around its text, its lowest OCR score."""

    page: int
    box: Box
    score: float


_VALUE_PATHS = {"kind": "kind_evidence", **{name: name for name in _HEADER_FIELDS}}


def scan_sources(document: ParsedDocument, pages: list[ScannedPage], cells: dict[str, dict[str, CellSource]]) -> None:
    """Give each field read from a scanned page its page, box and OCR score; warn on a doubtful one.

    A line's fields come from its table cells (`cells`: row → field → place); a header field from the
    text box that holds its value (or, for the total and the period, the sentence it was read from)."""
    for path, source in document.sources.items():
        place = _line_cell(document, path, cells) if path.startswith("line_items/") else None
        if place is None and not path.startswith("line_items/"):
            place = _box_holding(pages, _wanted(document, path, source))
        if place is None and path == "total_amount" and document.total_amount is not None:
            # a total read from the table's 合计 row has no sentence: the box holding its figures
            figures = (f"{document.total_amount:f}", f"{document.total_amount:,}")
            place = next(filter(None, (_box_holding(pages, figure) for figure in figures)), None)
        if place is None:
            continue
        source.page, source.bbox, source.ocr_confidence = place.page, place.box, place.score
        source.page_rotation = next(page.rotation for page in pages if page.number == place.page)
        odd = odd_shape(path, getattr(document, path, None) if path in _HEADER_FIELDS else None)
        if place.score < DOUBT_BELOW:
            document.warn(
                "ocr_doubtful",
                f"第{place.page}页此处字迹识别不清（识别置信度{place.score:.2f}），请对照扫描图片核对。",
                f"第{place.page}页",
                target=path,
                page=place.page,
                score=place.score,
            )
        elif odd:
            document.warn(
                "ocr_doubtful",
                f"第{place.page}页此处识别结果不像常见写法（{odd}），请对照扫描图片核对。",
                f"第{place.page}页",
                target=path,
                page=place.page,
                score=place.score,
            )


#: shapes a misread gives a procurement number: a letter in a run of capitals read in lower case
#: (XXWj), a letter among digits (0I2), a year run into its serial where the rest is hyphenated
_ODD_NUMBER = (
    (re.compile(r"[A-Z][a-z]|[a-z][A-Z]"), "大小写混杂"),
    (re.compile(r"\d[A-Za-z]\d"), "数字中夹有字母"),
    (re.compile(r"[-－—](?:19|20)\d{5}$"), "年份与序号之间缺少连字符"),
)
#: a party's name starting with what is left of its label (「：」, 「（乙方）：」)
_LABEL_LEFT = re.compile(r"^[：:·.，,、（(）)]|^(甲方|乙方)")


def odd_shape(path: str, value: str | None) -> str | None:
    """Why a header value read by OCR does not look like what it names (said in Chinese), or None.
    A misread character keeps a high score; its shape can still give it away. Nothing is corrected:
    the field is marked for the officer to read off the image."""
    if not value:
        return None
    if path == "procurement_number":
        return next((reason for pattern, reason in _ODD_NUMBER if pattern.search(value)), None)
    if path in ("purchaser", "supplier", "agency") and _LABEL_LEFT.search(value):
        return "名称前残留标签或标点"
    return None


def _line_cell(document: ParsedDocument, path: str, cells: dict[str, dict[str, CellSource]]) -> CellSource | None:
    _, index, name = path.split("/")
    line = document.line_items[int(index)]
    return cells.get(_row_of(line.where or ""), {}).get(name)


def _wanted(document: ParsedDocument, path: str, source: FieldSource) -> str:
    if path in _VALUE_PATHS:
        return str(getattr(document, _VALUE_PATHS[path]) or "")
    if path.startswith("lots/"):
        return document.lots[int(path.split("/")[1])].name
    return (source.where or "").removesuffix("…")


def _box_holding(pages: list[ScannedPage], wanted: str) -> CellSource | None:
    """The text box whose text holds `wanted` (or the most of it, for a value wrapped over lines)."""
    wanted = squash(wanted)
    if not wanted:
        return None
    best: tuple[int, CellSource] | None = None
    for page in pages:
        for box in page.boxes:
            text = squash(box.text)
            overlap = len(wanted) if wanted in text else len(text) if len(text) >= 4 and text in wanted else 0
            if overlap and (best is None or overlap > best[0]):
                best = (overlap, CellSource(page.number, box.box, box.score))
    return best[1] if best else None


def _in_wan(amount: Decimal) -> tuple[str, str]:
    """The figure as it may be printed in 万元: 4,071,400.00 元 as 「407.14万」, 298,000.00 as 「29.8万」 or 「29.80万」."""
    wan = amount / 10000
    return f"{wan.normalize():f}万", f"{wan.quantize(Decimal('0.01')):f}万"
