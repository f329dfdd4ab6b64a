"""The parsed document: plain values the review page shows and the service saves.

`ParsedDocument.to_payload()` gives exactly the shape of `document.schema.json` (money as
"8271400.00", ratios as "0.70", dates as ISO strings, unknown fields as None);
`from_payload()` reads back the payload the review form returns, and `validate_payload()` checks
it against the schema before anything is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_PATH = Path(__file__).with_name("document.schema.json")
#: The version of document.schema.json the payloads follow (1: the shared first version, no field;
#: 2: sources; 3: a source read by OCR has its page, box and OCR score; 4: a line's lot)
SCHEMA_VERSION = 4

Kind = Literal["tender", "contract", "award"]
Format = Literal["pdf", "docx", "xlsx", "png", "jpeg"]
Confidence = Literal["high", "medium", "low"]


@dataclass
class ImportWarning:  # noqa: A001 - the name the app uses; it is not a `Warning` subclass
    """A doubt met while reading. `code` is stable (translated by the app), `message` is Chinese,
    `where` says where to look (page, row, clause); `params` feed the translation."""

    code: str
    message: str
    where: str | None = None
    params: dict[str, Any] = field(default_factory=dict, compare=False)
    #: the payload path the doubt is about (``total_amount``, ``line_items/3/amount``), when known
    target: str | None = None


@dataclass
class FieldSource:
    """Where a field was read (page, table and row, or the sentence) and how sure the importer is:
    "high", "medium" (inferred) or "low" (a warning doubts it). A field read by OCR also has its
    page (from 1), its box on the page (x0, top, x1, bottom in points from the top-left corner; pixels
    for an image file) and the recogniser's score from 0 to 1 (`ocr_confidence`)."""

    where: str | None
    confidence: Confidence = "high"
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    ocr_confidence: float | None = None

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {"where": self.where, "confidence": self.confidence}
        if self.page is not None:
            data["page"] = self.page
            data["bbox"] = [round(value, 1) for value in self.bbox] if self.bbox else None
            data["ocr_confidence"] = self.ocr_confidence
        return data

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> FieldSource:
        bbox = data.get("bbox")
        return cls(
            data.get("where"),
            data.get("confidence", "high"),
            data.get("page"),
            (bbox[0], bbox[1], bbox[2], bbox[3]) if bbox else None,
            data.get("ocr_confidence"),
        )


@dataclass
class SourceFile:
    filename: str
    sha256: str
    format: Format
    pages: int | None = None


@dataclass
class Sla:
    """服务要求 of one line; hours as Decimal (0.5 for 半小时, 0.25 for 15分钟)."""

    service_hours: str | None = None
    response_hours: Decimal | None = None
    onsite_hours: Decimal | None = None
    recovery_hours: Decimal | None = None
    inspection: str | None = None

    def is_empty(self) -> bool:
        return all(value is None for value in vars(self).values())


@dataclass
class ParsedLine:
    """One row of the line-item table (运维项目清单). `where` locates it in the file, for warnings."""

    seq: int
    unit: str
    name: str
    content: str | None = None
    requirements: str | None = None
    amount: Decimal | None = None
    term_months: int | None = None
    start: date | None = None
    start_on_confirmation: bool = False
    onsite_staff: int | None = None
    sla: Sla | None = None
    where: str | None = field(default=None, compare=False)
    #: the 序号 as printed (「1.2」「二」); the printed label of the line it belongs to, if any
    label: str | None = None
    parent: str | None = None
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    #: 计量单位 (项, 台, ㎡ …)
    measure: str | None = None
    #: the unit the amount was written in: "万元" for 29.80 in a 金额（万元） column (the amount is in 元)
    amount_unit: str | None = None
    #: the label of the lot (包 / 标段) the line belongs to, as `Lot.label`; None: no lot stated
    lot: str | None = None


@dataclass
class ServicePeriod:
    start: date | None = None
    end: date | None = None
    months: int | None = None


@dataclass
class Lot:
    """包 / 标段 of a tender: `label` as numbered (「第一包」 → "1", 「A分标」 → "A"), its budget or
    ceiling (最高限价, 预算金额) in 元, its term."""

    label: str
    name: str
    budget: Decimal | None = None
    months: int | None = None
    start: date | None = None
    end: date | None = None


@dataclass
class Milestone:
    """A payment instalment (contract 第七条): `ratio` of the total, due within `due_working_days`."""

    seq: int
    ratio: Decimal | None
    amount: Decimal | None = None
    due_working_days: int | None = None
    trigger: str | None = None


@dataclass
class Evaluation:
    """运维考评 (tender 五): full payment from `full_payment_min_score`, `deduction_ratio_per_point`
    of the total per point below that, termination below `termination_below_score`."""

    full_payment_min_score: int | None = None
    deduction_ratio_per_point: Decimal | None = None
    termination_below_score: int | None = None


@dataclass
class Penalty:
    kind: Literal["late_per_day", "late_over_days", "acceptance_failed", "acceptance_failed_again", "other"]
    text: str
    ratio: Decimal | None = None
    days: int | None = None


@dataclass
class ParsedDocument:
    kind: Kind
    title: str
    source: SourceFile
    line_items: list[ParsedLine] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    procurement_number: str | None = None
    filing_number: str | None = None
    purchaser: str | None = None
    supplier: str | None = None
    currency: str = "CNY"
    total_amount: Decimal | None = None
    total_amount_upper: str | None = None
    service_period: ServicePeriod | None = None
    renewal_max_total_years: int | None = None
    change_cap_ratio: Decimal | None = None
    min_onsite_staff: int | None = None
    payment_milestones: list[Milestone] = field(default_factory=list)
    evaluation: Evaluation | None = None
    penalties: list[Penalty] = field(default_factory=list)
    #: 采购代理机构 / 集中采购机构: neither the purchaser nor the supplier
    agency: str | None = None
    lots: list[Lot] = field(default_factory=list)
    #: the label of the lot a contract covers: its one lot, when it names one (the officer chooses otherwise)
    lot: str | None = None
    #: the words that decided `kind` (「竞争性磋商文件」「甲方、乙方」), "" when nothing did
    kind_evidence: str = ""
    #: "元" or "万元": the unit the document's amounts were written in
    amount_unit: str | None = None
    #: payload path → where it was read and how sure
    sources: dict[str, FieldSource] = field(default_factory=dict)

    def warn(
        self, code: str, message: str, where: str | None = None, *, target: str | None = None, **params: Any
    ) -> None:
        self.warnings.append(ImportWarning(code, message, where, params, target))

    def warning_codes(self) -> list[str]:
        return [warning.code for warning in self.warnings]

    def to_payload(self) -> dict[str, Any]:
        """The document as JSON-ready data in the schema's shape."""
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": self.kind,
            "title": self.title,
            "procurement_number": self.procurement_number,
            "filing_number": self.filing_number,
            "purchaser": self.purchaser,
            "supplier": self.supplier,
            "agency": self.agency,
            "kind_evidence": self.kind_evidence,
            "lots": [_lot_payload(lot) for lot in self.lots],
            "lot": self.lot,
            "amount_unit": self.amount_unit,
            "sources": {path: source.payload() for path, source in self.sources.items()},
            "currency": self.currency,
            "total_amount": money_text(self.total_amount),
            "total_amount_upper": self.total_amount_upper,
            "service_period": _period_payload(self.service_period),
            "renewal": None
            if self.renewal_max_total_years is None
            else {"max_total_years": self.renewal_max_total_years},
            "change_cap_ratio": ratio_text(self.change_cap_ratio),
            "min_onsite_staff": self.min_onsite_staff,
            "payment_milestones": [_milestone_payload(m) for m in self.payment_milestones],
            "evaluation": _evaluation_payload(self.evaluation),
            "penalties": [_penalty_payload(p) for p in self.penalties],
            "line_items": [_line_payload(line) for line in self.line_items],
            "warnings": [_warning_payload(w) for w in self.warnings],
            "source": {
                "filename": self.source.filename,
                "sha256": self.source.sha256,
                "format": self.source.format,
                "pages": self.source.pages,
            },
        }


class InvalidPayload(ValueError):
    """The payload does not match the schema; `errors` lists (path, message) for every problem."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors))


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema(), format_checker=FormatChecker())


def validate_payload(payload: dict[str, Any]) -> None:
    """Return None when `payload` matches the schema; raise InvalidPayload listing every error
    path (such as ``line_items/3/amount``) otherwise."""
    errors = sorted(_validator().iter_errors(payload), key=lambda error: list(error.absolute_path))
    if errors:
        raise InvalidPayload(
            [("/".join(str(part) for part in error.absolute_path) or "(root)", error.message) for error in errors]
        )


def from_payload(payload: dict[str, Any]) -> ParsedDocument:
    """A ParsedDocument from a schema-valid payload (the review form's corrected version).
    Validates first, so a bad payload raises InvalidPayload rather than a KeyError."""
    validate_payload(payload)
    source = payload["source"]
    renewal = payload.get("renewal") or {}
    return ParsedDocument(
        kind=payload["kind"],
        title=payload["title"],
        source=SourceFile(source["filename"], source["sha256"], source["format"], source.get("pages")),
        line_items=[_line_from(item) for item in payload["line_items"]],
        warnings=[
            ImportWarning(w["code"], w["message"], w.get("where"), target=w.get("field")) for w in payload["warnings"]
        ],
        procurement_number=payload.get("procurement_number"),
        filing_number=payload.get("filing_number"),
        purchaser=payload.get("purchaser"),
        supplier=payload.get("supplier"),
        agency=payload.get("agency"),
        kind_evidence=payload.get("kind_evidence") or "",
        lots=[_lot_from(lot) for lot in payload.get("lots") or []],
        lot=payload.get("lot"),
        amount_unit=payload.get("amount_unit"),
        sources={path: FieldSource.from_payload(source) for path, source in (payload.get("sources") or {}).items()},
        currency=payload.get("currency", "CNY"),
        total_amount=to_decimal(payload.get("total_amount")),
        total_amount_upper=payload.get("total_amount_upper"),
        service_period=_period_from(payload.get("service_period")),
        renewal_max_total_years=renewal.get("max_total_years"),
        change_cap_ratio=to_decimal(payload.get("change_cap_ratio")),
        min_onsite_staff=payload.get("min_onsite_staff"),
        payment_milestones=[
            Milestone(
                m["seq"],
                to_decimal(m.get("ratio")),
                to_decimal(m.get("amount")),
                m.get("due_working_days"),
                m.get("trigger"),
            )
            for m in payload.get("payment_milestones", [])
        ],
        evaluation=_evaluation_from(payload.get("evaluation")),
        penalties=[
            Penalty(p.get("kind", "other"), p.get("text", ""), to_decimal(p.get("ratio")), p.get("days"))
            for p in payload.get("penalties", [])
        ],
    )


# -- payload encoders: values ↔ JSON, shared with the review form (forms/imports.py) -------------


def money_text(value: Decimal | None) -> str | None:
    # quantize, not round: amounts are read with two places; this only pads "250000" to "250000.00"
    return None if value is None else format(value.quantize(Decimal("0.01")), "f")


def ratio_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def hours_number(value: Decimal | None) -> int | float | None:
    # the schema says "number": JSON has no decimals, so whole hours stay ints and 0.5 a float
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def iso_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def to_decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def to_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _period_payload(period: ServicePeriod | None) -> dict[str, Any] | None:
    if period is None:
        return None
    return {"start": iso_date(period.start), "end": iso_date(period.end), "months": period.months}


def _period_from(data: dict[str, Any] | None) -> ServicePeriod | None:
    if data is None:
        return None
    return ServicePeriod(to_date(data.get("start")), to_date(data.get("end")), data.get("months"))


def _milestone_payload(milestone: Milestone) -> dict[str, Any]:
    return {
        "seq": milestone.seq,
        "ratio": ratio_text(milestone.ratio),
        "amount": money_text(milestone.amount),
        "due_working_days": milestone.due_working_days,
        "trigger": milestone.trigger,
    }


def _evaluation_payload(evaluation: Evaluation | None) -> dict[str, Any] | None:
    if evaluation is None:
        return None
    return {
        "full_payment_min_score": evaluation.full_payment_min_score,
        "deduction_ratio_per_point": ratio_text(evaluation.deduction_ratio_per_point),
        "termination_below_score": evaluation.termination_below_score,
    }


def _evaluation_from(data: dict[str, Any] | None) -> Evaluation | None:
    if data is None:
        return None
    return Evaluation(
        data.get("full_payment_min_score"),
        to_decimal(data.get("deduction_ratio_per_point")),
        data.get("termination_below_score"),
    )


def _penalty_payload(penalty: Penalty) -> dict[str, Any]:
    return {"kind": penalty.kind, "ratio": ratio_text(penalty.ratio), "days": penalty.days, "text": penalty.text}


def _sla_payload(sla: Sla | None) -> dict[str, Any] | None:
    if sla is None:
        return None
    return {
        "service_hours": sla.service_hours,
        "response_hours": hours_number(sla.response_hours),
        "onsite_hours": hours_number(sla.onsite_hours),
        "recovery_hours": hours_number(sla.recovery_hours),
        "inspection": sla.inspection,
    }


def _sla_from(data: dict[str, Any] | None) -> Sla | None:
    if data is None:
        return None
    return Sla(
        data.get("service_hours"),
        to_decimal(data.get("response_hours")),
        to_decimal(data.get("onsite_hours")),
        to_decimal(data.get("recovery_hours")),
        data.get("inspection"),
    )


def _lot_payload(lot: Lot) -> dict[str, Any]:
    return {
        "label": lot.label,
        "name": lot.name,
        "budget": money_text(lot.budget),
        "months": lot.months,
        "start": iso_date(lot.start),
        "end": iso_date(lot.end),
    }


def _lot_from(data: dict[str, Any]) -> Lot:
    return Lot(
        data["label"],
        data.get("name") or "",
        to_decimal(data.get("budget")),
        data.get("months"),
        to_date(data.get("start")),
        to_date(data.get("end")),
    )


def _warning_payload(warning: ImportWarning) -> dict[str, Any]:
    payload: dict[str, Any] = {"code": warning.code, "message": warning.message, "where": warning.where}
    if warning.target:
        payload["field"] = warning.target
    return payload


def _line_payload(line: ParsedLine) -> dict[str, Any]:
    return {
        "seq": line.seq,
        "unit": line.unit,
        "name": line.name,
        "content": line.content,
        "requirements": line.requirements,
        "amount": money_text(line.amount),
        "term_months": line.term_months,
        "start": iso_date(line.start),
        "start_on_confirmation": line.start_on_confirmation,
        "onsite_staff": line.onsite_staff,
        "sla": _sla_payload(line.sla),
        "label": line.label,
        "parent": line.parent,
        "quantity": None if line.quantity is None else format(line.quantity, "f"),
        "unit_price": money_text(line.unit_price),
        "measure": line.measure,
        "amount_unit": line.amount_unit,
        "lot": line.lot,
    }


def _line_from(item: dict[str, Any]) -> ParsedLine:
    return ParsedLine(
        seq=item["seq"],
        unit=item["unit"],
        name=item["name"],
        content=item.get("content"),
        requirements=item.get("requirements"),
        amount=to_decimal(item.get("amount")),
        term_months=item.get("term_months"),
        start=to_date(item.get("start")),
        start_on_confirmation=item.get("start_on_confirmation", False),
        onsite_staff=item.get("onsite_staff"),
        sla=_sla_from(item.get("sla")),
        label=item.get("label"),
        parent=item.get("parent"),
        quantity=to_decimal(item.get("quantity")),
        unit_price=to_decimal(item.get("unit_price")),
        measure=item.get("measure"),
        amount_unit=item.get("amount_unit"),
        lot=item.get("lot"),
    )
