"""Importing a tender or contract file: read it, keep it for review, then confirm or discard it.

The upload is read first (`importers.parse_file`: no database). Only a file that reads is kept: its
bytes stored once by sha256 (`services.storage`) and an ImportRecord in status ``review`` holding the
parsed document, both in the caller's one transaction. A file that cannot be read leaves nothing
behind, on disk or in the database; the user still has it and is told what to do with it.

Review: the officer corrects the document; every time it is shown or saved, the cross-checks run
again on the corrected figures (`review_warnings`) and what the record still lacks is listed
(`payload_problems`). Confirming creates the tender or contract with all its lines, in the same
transaction that marks the record confirmed; a record is confirmed or discarded once.

Warnings and problems are `Finding`s placed at the field they concern by a payload path
(``total_amount``, ``line_items/3/amount``, ``payment_milestones/0/amount``) — the same paths
`validate_payload` reports — so the review page and the API can show each beside its field.
"""

from __future__ import annotations

import copy
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path, PurePath

import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

import importers
from contractmgr.audit import record_change
from contractmgr.domain.errors import Conflict, RuleViolation
from contractmgr.domain.statutory import StatutoryDates, check_statutory_dates
from contractmgr.extensions import db
from contractmgr.models import Contract, ImportRecord, StoredFile, Tender, TenderLot, User
from contractmgr.models.types import record_id_of, utcnow
from contractmgr.services.chain_placement import ChainPlacement, place_in_chain
from contractmgr.services.contracts import create_contract
from contractmgr.services.locking import lock
from contractmgr.services.storage import EXTENSIONS, save_bytes, stored_path, upload_limit
from contractmgr.services.tenders import create_tender
from importers import limits
from importers.checks import cross_check, parents_of
from importers.scanned import DOUBT_BELOW

#: Warnings the cross-checks give: computed again from the corrected document, never kept stale.
CROSS_CHECK_CODES = frozenset(
    {
        "upper_amount_mismatch",
        "total_mismatch",
        "parent_sum_mismatch",
        "lot_budget_mismatch",
        "lot_over_budget",
        "milestone_mismatch",
        "missing_amount",
        "line_after_contract_end",
    }
)
#: The field of a line each line warning concerns.
LINE_FIELD_OF_WARNING = {
    "missing_amount": "amount",
    "parent_sum_mismatch": "amount",
    "unreadable_amount": "amount",
    "line_after_contract_end": "start",
    "unit_filled_down": "unit",
    "seq_inferred": "seq",
}
#: The header field each document warning concerns.
HEADER_FIELD_OF_WARNING = {
    "upper_amount_mismatch": "total_amount_upper",
    "total_mismatch": "total_amount",
    "unreadable_total": "total_amount",
    "lot_budget_mismatch": "total_amount",
    "missing_title": "title",
}
#: Longest text each column takes (the models' String lengths): PostgreSQL refuses longer ones.
MAX_LENGTHS = {
    "title": 300,
    "procurement_number": 100,
    "filing_number": 100,
    "purchaser": 200,
    "supplier": 200,
    "total_amount_upper": 100,
}
LINE_MAX_LENGTHS = {"unit": 200, "name": 300}
#: the printed 序号 of a line and of its parent (String(20) in the models)
LABEL_MAX_LENGTH = 20
SLA_MAX_LENGTHS = {"service_hours": 20, "inspection": 100}
#: Largest SLA figure the hour columns (NUMERIC(6, 2)) hold.
MAX_HOURS = Decimal("9999.99")
#: How the temporary files of uploads being read are named (in the system's temporary folder).
SPOOL_PREFIX = "contractmgr-import-"
#: The number each kind of record carries once: (the notice's code, the model, its column).
NUMBER_FILED_ONCE = {
    "contract": ("same_filing_number", Contract, "filing_number"),
    "tender": ("same_tender_number", Tender, "procurement_number"),
}
_SEQ_AT_START = re.compile(r"^序号\s*(\d+)")
_MILESTONE_WHERE = re.compile(r"第(\d+)次付款")


@dataclass(frozen=True)
class Finding:
    """A warning or a problem at the field it concerns. `target` is a payload path (None: the document
    as a whole). A warning carries the importer's sentence (`message`); a problem carries a code and
    params that the web layer, API and CLI translate (`explain`)."""

    code: str
    target: str | None = None
    message: str | None = None
    where: str | None = None
    params: dict = field(default_factory=dict)

    def as_warning(self) -> dict:
        return {"code": self.code, "message": self.message or self.code, "where": self.where}


class ImportNotReady(RuleViolation):
    """The corrected document cannot be confirmed yet: `problems` lists what is missing or wrong, each
    at its field; `warnings` are the cross-checks' doubts still standing."""

    def __init__(self, problems: list[Finding], warnings: list[Finding] = ()):
        super().__init__("import_not_ready", count=len(problems))
        self.problems = problems
        self.warnings = list(warnings)


# -- receiving and reading the file ------------------------------------------------------------


def spool(upload: FileStorage) -> Path:
    """The upload written to a private temporary file (the caller deletes it); at most the upload
    limit plus one byte is written, so an oversized file is refused by the size check, not read whole."""
    fd, name = tempfile.mkstemp(prefix=SPOOL_PREFIX)
    limit = upload_limit()
    try:
        with os.fdopen(fd, "wb") as file:
            written = 0
            while written <= limit and (block := upload.stream.read(min(1 << 20, limit + 1 - written))):
                file.write(block)
                written += len(block)
    except BaseException:  # a broken upload (the client gone, the disk full) leaves no file behind
        os.unlink(name)
        raise
    return Path(name)


#: The page images of one upload together may be this many times the one-file limit
PAGE_IMAGES_UPLOADS = 3


def images_limit() -> int:
    """The most bytes of page images one upload takes in all (each image is held to the upload limit)."""
    return upload_limit() * PAGE_IMAGES_UPLOADS


@dataclass
class Received:
    """An upload spooled and ready to read: one document file, or the scan made of its page images."""

    #: the file to read: the upload itself, or the image-only PDF made of the page images
    path: Path
    filename: str
    #: the page images (spooled path, uploaded name), in page order; empty for one document file
    images: list[tuple[Path, str]] = field(default_factory=list)
    #: every temporary file, deleted by `discard`
    spooled: list[Path] = field(default_factory=list)

    @property
    def max_bytes(self) -> int:
        """The size the importer accepts for `path`: a scan made of checked page images is not held to
        the one-file limit (its images were, one by one and in all)."""
        return self.path.stat().st_size if self.images else upload_limit()

    def discard(self) -> None:
        for path in self.spooled:
            path.unlink(missing_ok=True)


def receive(uploads: list[FileStorage]) -> Received:
    """The uploaded files, spooled: one document file as it is; one or several JPEG/PNG page images made
    one scanned document (importers.scan_of_page_images). Raises a DocumentError (naming the image at
    fault) and leaves no temporary file behind."""
    spooled = [(spool(upload), upload.filename or "") for upload in uploads]
    received = Received(*spooled[0], spooled=[path for path, _ in spooled])
    try:
        if len(spooled) > 1 or importers.is_page_image(received.path):
            scan = _temporary(".pdf")
            received.spooled.append(scan)
            received.images = importers.scan_of_page_images(
                spooled, scan, max_bytes=upload_limit(), max_total=images_limit()
            )
            received.path, received.filename = scan, scan_name([name for _, name in received.images])
    except BaseException:
        received.discard()
        raise
    return received


def _temporary(suffix: str = "") -> Path:
    fd, name = tempfile.mkstemp(prefix=SPOOL_PREFIX, suffix=suffix)
    os.close(fd)
    return Path(name)


def scan_name(names: list[str]) -> str:
    """The name of the scan made of page images named `names` (in page order): 「p1–p3.pdf」."""
    stems = [PurePath(name.replace("\\", "/")).stem or "page" for name in names]
    return f"{stems[0]}.pdf" if len(stems) == 1 else f"{stems[0]}–{stems[-1]}.pdf"


def keep_page_images(images: list[tuple[Path, str]], *, by: User | None) -> list[dict]:
    """Keep each page image in the file store (by its hash, never overwritten; named with the extension
    of its content) with its StoredFile row: what the job and the import record say the document was
    made of. Flushes."""
    kept = []
    for path, name in images:
        name_of_content = _stored_name(name, importers.sniff_format(path))
        stored = save_bytes(path.read_bytes(), name_of_content, by=by, allowed=importers.pages.IMAGE_FORMATS)
        kept.append({"filename": name[:255], "sha256": stored.sha256, "format": stored.format})
    return kept


def sha256_of(path: Path) -> str:
    return importers.sha256_of(path)


def earlier_import(sha256: str) -> ImportRecord | None:
    """The import of the same content that matters most: a confirmed one, else one in review, else
    the latest discarded one; None for content never imported."""
    records = db.session.scalars(
        sa.select(ImportRecord)
        .where(ImportRecord.sha256 == sha256)
        .order_by(ImportRecord.created_at.desc(), ImportRecord.id.desc())
    ).all()
    for status in ("confirmed", "review", "discarded"):
        found = next((record for record in records if record.status == status), None)
        if found is not None:
            return found
    return None


def check_not_imported(sha256: str) -> ImportRecord | None:
    """Refuse content already imported: `import_already_confirmed` (with what it became) or
    `import_in_review` (finish that review first). Returns an earlier discarded import, if any, which
    does not stop a new one."""
    earlier = earlier_import(sha256)
    if earlier is None or earlier.status == "discarded":
        return earlier
    if earlier.status == "confirmed":
        created = created_from(earlier)
        raise RuleViolation(
            "import_already_confirmed",
            import_id=earlier.id,
            at=earlier.created_at,
            confirmed_at=earlier.confirmed_at,
            kind=earlier.kind,
            record_id=created.id if created else None,
            title=created.title if created else earlier.payload.get("title"),
        )
    raise RuleViolation("import_in_review", import_id=earlier.id, at=earlier.created_at)


def read_file(
    path: Path, filename: str, progress: Callable[[int, int], None] | None = None, *, max_bytes: int | None = None
) -> importers.ParsedDocument:
    """The document in the file (no database). Raises a `DocumentError` for a file that cannot be read."""
    max_bytes = max_bytes or upload_limit()
    document = importers.parse_file(path, filename=filename, progress=progress, max_bytes=max_bytes)
    _place_row_warnings(document)
    return document


def _place_row_warnings(document: importers.ParsedDocument) -> None:
    # A doubt about a table row (a filled-down unit, an inferred 序号) names the row in the file,
    # e.g. 「第3页 第5行」; the line read from that row is named 「序号7（第3页 第5行）」. Name the line, so
    # the review page can show the doubt beside it.
    where_of_row = {}
    for line in document.line_items:
        match = re.search(r"（(.+)）$", line.where or "")
        if match:
            where_of_row.setdefault(match[1], line.where)
    for warning in document.warnings:
        if warning.where in where_of_row:
            warning.where = where_of_row[warning.where]


def store_import(
    document: importers.ParsedDocument, path: Path, *, by: User | None, page_files: list[dict] | None = None
) -> ImportRecord:
    """Keep the file (by sha256, never overwritten) and a record awaiting review; `page_files`, the page
    images the file was made of (kept already, `keep_page_images`), are recorded on it. Flushes."""
    data = path.read_bytes()
    stored = save_bytes(
        data,
        _stored_name(document.source.filename, document.source.format),
        by=by,
        allowed=("pdf", "docx", "xlsx"),
        limit=len(data) if page_files else None,
    )
    payload = document.to_payload()
    if page_files:
        payload["page_images"] = page_files
    record = ImportRecord(
        stored_file=stored,
        filename=document.source.filename[:255],
        sha256=stored.sha256,
        kind=document.kind if document.kind in ("tender", "contract") else None,  # an award: the officer decides
        payload=payload,
        status="review",
        created_by_id=by.id if by else None,
    )
    db.session.add(record)
    db.session.flush()
    return record


def _stored_name(filename: str, fmt: str) -> str:
    # The importer reads by content, whatever the name says; the stored copy carries the extension of
    # what it is, so whoever downloads it opens it with the right program.
    name = PurePath(filename.replace("\\", "/")).name or "document"
    path = PurePath(name)
    if path.suffix.lower().lstrip(".") in EXTENSIONS[fmt]:
        return name
    return f"{path.stem if path.suffix.lower() in ('.pdf', '.docx', '.xlsx', '.doc', '.xls') else name}.{fmt}"


def import_file(
    path: Path,
    filename: str,
    *,
    by: User | None,
    progress: Callable[[int, int], None] | None = None,
    page_files: list[dict] | None = None,
) -> ImportRecord:
    """The user action "upload a file for import": refuse content imported before, read the file,
    keep it with its record in review (with `page_files`, the page images it was made of). Raises
    RuleViolation (import_already_confirmed, import_in_review) or DocumentError; nothing is written
    then. Flushes, never commits."""
    check_not_imported(sha256_of(path))
    document = read_file(path, filename, progress, max_bytes=path.stat().st_size if page_files else None)
    return store_import(document, path, by=by, page_files=page_files)


# -- reviewing -------------------------------------------------------------------------------


def created_from(record: ImportRecord) -> Contract | Tender | None:
    """The contract or tender a confirmed import created (for an award notice: the contract it was recorded on)."""
    if record.payload.get("kind") == "award":
        return db.session.scalar(sa.select(Contract).where(Contract.award_notice_import_id == record.id))
    model = Tender if record.kind == "tender" else Contract
    return db.session.scalar(sa.select(model).where(model.import_record_id == record.id))


@dataclass(frozen=True)
class SameNumber:
    """A record already on file that carries a number the document carries: a contract with the same
    备案编号, or a tender with the same 招标采购文件编号 (`code` says which)."""

    code: str
    number: str
    record: Contract | Tender


def records_with_same_number(payload: dict) -> list[SameNumber]:
    """What the document would duplicate: the same 备案编号 on a contract (each contract is filed once),
    or, for a tender, the same 招标采购文件编号 on a tender. Renewals share their tender number, so a
    contract's tender number is the chain proposal's business, not a duplicate."""
    if payload.get("kind") not in NUMBER_FILED_ONCE:
        return []
    code, model, name = NUMBER_FILED_ONCE[payload["kind"]]
    number = (payload.get(name) or "").strip()
    if not number:
        return []
    found = db.session.scalars(sa.select(model).where(getattr(model, name) == number).order_by(model.id)).all()
    return [SameNumber(code, number, record) for record in found]


def review_warnings(payload: dict) -> list[Finding]:
    """The doubts about the (corrected) document, each at its field: the cross-checks run again on
    its figures, and the doubts met while reading the file that a correction has not settled."""
    lines = payload.get("line_items") or []
    kept = [
        warning
        for warning in payload.get("warnings") or []
        if warning.get("code") not in CROSS_CHECK_CODES and not _settled(warning, payload)
    ]
    findings = [
        Finding(w["code"], _warning_target(w["code"], w.get("where"), None, payload), w.get("message"), w.get("where"))
        for w in kept
    ]
    try:
        document = importers.from_payload(_checkable(payload))
    except importers.InvalidPayload:
        return findings  # a payload that does not match the schema has problems to fix first
    for warning in cross_check(document):
        seq = warning.params.get("seq") if warning.code != "milestone_mismatch" else None
        target = warning.target or _warning_target(warning.code, warning.where, seq, payload)
        findings.append(Finding(warning.code, target, warning.message, warning.where))
    findings += lot_ceiling_warnings(payload)
    return sorted(findings, key=lambda f: _target_order(f.target, lines))


def tender_lot_of(payload: dict) -> TenderLot | None:
    """The lot on file a contract document covers: its chosen 包号 (`lot`) among the lots of the tender
    on file with its 招标采购文件编号 (the latest such tender); None when either is missing."""
    number, lot_no = (payload.get("procurement_number") or "").strip(), (payload.get("lot") or "").strip()
    if payload.get("kind") != "contract" or not number or not lot_no:
        return None
    return db.session.scalar(
        sa.select(TenderLot)
        .join(Tender, TenderLot.tender_id == Tender.id)
        .where(Tender.procurement_number == number, TenderLot.lot_no == lot_no)
        .order_by(Tender.id.desc())
        .limit(1)
    )


def tender_in_lots_of(payload: dict) -> Tender | None:
    """The tender in lots a contract document is of: the latest tender on file with its 招标采购文件编号
    that has lots; None for a document of another kind, without a number, or of no such tender."""
    number = (payload.get("procurement_number") or "").strip()
    if payload.get("kind") != "contract" or not number:
        return None
    return db.session.scalar(
        sa.select(Tender)
        .where(Tender.procurement_number == number, Tender.lots.any())
        .order_by(Tender.id.desc())
        .limit(1)
    )


def offered_tender_lots(payload: dict) -> list[TenderLot]:
    """The lots the review offers a contract that lists no lots of its own: those of the tender in lots it
    is of (a contract that lists its own chooses among them); [] when there is no such tender."""
    if payload.get("lots"):
        return []
    tender = tender_in_lots_of(payload)
    return list(tender.lots) if tender else []


def tender_lot_problems(payload: dict) -> list[Finding]:
    """A contract of a tender in lots is of one of its lots: refuse it without a lot chosen, and a lot
    chosen that neither its own lots nor (when it lists none) the tender's have."""
    tender = tender_in_lots_of(payload)
    chosen = (payload.get("lot") or "").strip()
    if tender is not None and not chosen:
        return [
            Finding(
                "import_lot_required",
                "lot",
                params={"tender": tender.record_number, "number": tender.procurement_number, "n": len(tender.lots)},
            )
        ]
    # a choice among the document's own lots is checked with them (_lot_problems)
    offered = {lot.lot_no for lot in tender.lots} if tender else set()
    if chosen and not payload.get("lots") and chosen not in offered:
        return [Finding("import_lot_unknown", "lot", params={"label": chosen})]
    return []


def lot_ceiling_warnings(payload: dict) -> list[Finding]:
    """A contract whose total is above the ceiling (最高限价, 预算金额) of the tender lot it covers: by how much."""
    lot = tender_lot_of(payload)
    if lot is None or lot.budget_amount is None or payload.get("total_amount") is None:
        return []
    total = Decimal(payload["total_amount"])
    if total <= lot.budget_amount:
        return []
    return [
        Finding(
            "contract_over_lot_ceiling",
            "total_amount",
            params={
                "lot": lot.lot_no,
                "tender": lot.tender.record_number,
                "ceiling": lot.budget_amount,
                "total": total,
                "difference": total - lot.budget_amount,
            },
        )
    ]


def _checkable(payload: dict) -> dict:
    # The cross-checks need sane terms; a line with a term under a month is a problem listed on its own.
    checkable = copy.deepcopy(payload)
    for line in checkable.get("line_items") or []:
        if isinstance(line.get("term_months"), int) and line["term_months"] < 1:
            line["term_months"] = None
    return checkable


def _settled(warning: dict, payload: dict) -> bool:
    """A doubt that asked for a missing value, once the value is there."""
    code = warning.get("code")
    if code == "missing_title":
        return bool((payload.get("title") or "").strip())
    if code == "no_line_items":  # lines added by hand or from another file, or a tender in lots
        return bool(payload.get("line_items")) or (payload.get("kind") == "tender" and bool(payload.get("lots")))
    if code == "unreadable_amount":
        index = _line_index(warning.get("where"), None, payload)
        return index is not None and payload["line_items"][index].get("amount") is not None
    if code == "unreadable_total":  # the 合计 row could not be read: settled once a total is there
        return payload.get("total_amount") is not None
    return False


def _line_index(where: str | None, seq: int | None, payload: dict) -> int | None:
    if seq is None and where:
        match = _SEQ_AT_START.match(where)
        seq = int(match[1]) if match else None
    if seq is None:
        return None
    return next((i for i, line in enumerate(payload.get("line_items") or []) if line.get("seq") == seq), None)


def _warning_target(code: str, where: str | None, seq: int | None, payload: dict) -> str | None:
    if code in HEADER_FIELD_OF_WARNING:
        return HEADER_FIELD_OF_WARNING[code]
    if code == "milestone_mismatch":
        match = _MILESTONE_WHERE.search(where or "")
        milestones = payload.get("payment_milestones") or []
        index = next((i for i, m in enumerate(milestones) if match and m.get("seq") == int(match[1])), None)
        return f"payment_milestones/{index}/amount" if index is not None else "payment_milestones"
    index = _line_index(where, seq, payload)
    if index is None:
        return None
    return f"line_items/{index}/{LINE_FIELD_OF_WARNING.get(code, 'seq')}"


def _target_order(target: str | None, lines: list) -> tuple:
    if target is None:
        return (0, 0)
    if target.startswith("line_items/"):
        return (2, int(target.split("/")[1]))
    return (1, 0)


def payload_problems(payload: dict) -> list[Finding]:
    """What stops the document from becoming a tender or contract, each at its field: the schema's
    errors, and the fields a record cannot do without (a contract's parties, total and period)."""
    try:
        importers.validate_payload(payload)
    except importers.InvalidPayload as invalid:
        return [
            Finding(
                "import_schema_invalid", path if path != "(root)" else None, params={"path": path, "detail": message}
            )
            for path, message in invalid.errors
        ]
    problems = []

    def need(condition: bool, target: str | None, code: str, **params) -> None:
        if not condition:
            problems.append(Finding(code, target, params=params))

    is_contract = payload["kind"] == "contract"
    # an award notice needs no lines: confirmed, it records its date on its contract (confirm_award_notice)
    need(bool(payload["title"].strip()), "title", "import_field_required", field="title")
    if is_contract:
        for name in ("purchaser", "supplier"):
            need(bool((payload.get(name) or "").strip()), name, "import_field_required", field=name)
        need(payload.get("total_amount") is not None, "total_amount", "import_field_required", field="total_amount")
        period = payload.get("service_period") or {}
        need(bool(period.get("start")), "service_period/start", "import_field_required", field="service_start")
        need(bool(period.get("end")), "service_period/end", "import_field_required", field="service_end")
    for name, limit in MAX_LENGTHS.items():
        need(len(payload.get(name) or "") <= limit, name, "import_text_too_long", limit=limit)
    problems += _period_problems(payload)
    problems += _amount_problems(payload)
    problems += _line_problems(payload)
    problems += _lot_problems(payload)
    if is_contract:
        problems += _milestone_problems(payload)
        problems += tender_lot_problems(payload)
    return problems


def _period_problems(payload: dict) -> list[Finding]:
    period = payload.get("service_period") or {}
    if period.get("start") and period.get("end") and period["start"] > period["end"]:
        return [
            Finding(
                "import_period_ends_before_start",
                "service_period/end",
                params={"start": date.fromisoformat(period["start"]), "end": date.fromisoformat(period["end"])},
            )
        ]
    return []


def _amount_problems(payload: dict) -> list[Finding]:
    problems = []
    if payload.get("total_amount") is not None and Decimal(payload["total_amount"]) < 0:
        problems.append(Finding("import_negative_amount", "total_amount"))
    for index, line in enumerate(payload["line_items"]):
        if line.get("amount") is not None and Decimal(line["amount"]) < 0:
            problems.append(Finding("import_negative_amount", f"line_items/{index}/amount"))
    return problems


def _line_problems(payload: dict) -> list[Finding]:
    lines = payload["line_items"]
    if payload["kind"] == "award":
        return []
    if not lines and (payload["kind"] == "contract" or not payload.get("lots")):
        return [Finding("import_no_lines", "line_items")]  # a tender in lots may list no systems yet
    problems = []
    seen: set[int] = set()
    lot_labels = {lot["label"] for lot in payload.get("lots") or []}
    for index, line in enumerate(lines):
        at = f"line_items/{index}"
        seq = line["seq"]
        if seq < 1:
            problems.append(Finding("import_seq_not_positive", f"{at}/seq", params={"seq": seq}))
        elif seq in seen:
            problems.append(Finding("import_duplicate_seq", f"{at}/seq", params={"seq": seq}))
        seen.add(seq)
        for name, limit in LINE_MAX_LENGTHS.items():
            if not line[name].strip():
                problems.append(
                    Finding("import_line_field_required", f"{at}/{name}", params={"seq": seq, "field": name})
                )
            elif len(line[name]) > limit:
                problems.append(Finding("import_text_too_long", f"{at}/{name}", params={"limit": limit}))
        if line.get("start") and line.get("start_on_confirmation"):
            problems.append(Finding("import_line_two_starts", f"{at}/start", params={"seq": seq}))
        if line.get("term_months") is not None and line["term_months"] < 1:
            problems.append(Finding("import_term_not_positive", f"{at}/term_months", params={"seq": seq}))
        if line.get("onsite_staff") is not None and line["onsite_staff"] < 0:
            problems.append(Finding("import_staff_negative", f"{at}/onsite_staff", params={"seq": seq}))
        problems += _sla_problems(line.get("sla") or {}, at, seq)
        if line.get("lot") and line["lot"] not in lot_labels:
            problems.append(Finding("import_line_lot_unknown", f"{at}/lot", params={"seq": seq, "label": line["lot"]}))
    return problems + _hierarchy_problems(lines)


def line_parents(labels: list[str | None], parents: list[str | None]) -> list[int | None]:
    """The index of each line's parent line, None for a line at the top (empty text is no label)."""
    return parents_of([label or None for label in labels], [parent or None for parent in parents])


@dataclass(frozen=True)
class LotTotal:
    """A lot's lines on the review: how many, their sum (the top lines of a numbered hierarchy) and how
    much it exceeds the lot's budget or ceiling. `label` None: the lines in no lot."""

    label: str | None
    name: str
    budget: Decimal | None
    lines: int
    amount: Decimal

    @property
    def over_budget_by(self) -> Decimal | None:
        return self.amount - self.budget if self.budget is not None and self.amount > self.budget else None


def lot_totals(
    lots: list[tuple[str, str, Decimal | None]], lines: list[tuple[str | None, Decimal | None, bool]]
) -> list[LotTotal]:
    """Each lot (label, name, budget) with its lines (lot, amount, is a top line), then the lines in no
    known lot, if any; [] for a document without lots."""
    if not lots:
        return []
    known = {label for label, _, _ in lots}
    totals = []
    for label, name, budget in [*lots, (None, "", None)]:
        mine = [(amount, top) for lot, amount, top in lines if (lot if lot in known else None) == label]
        if label is None and not mine:
            continue
        amount = sum((amount for amount, top in mine if top and amount is not None), Decimal(0))
        totals.append(LotTotal(label, name, budget, len(mine), amount))
    return totals


@dataclass(frozen=True)
class LotHead:
    """The row heading a run of one lot's lines on the review: the lot's total, and the row's HTML id (a
    lot whose lines are split by other lots' heads several runs; only its first is "lot-group-<label>", the
    next "lot-group-<label>-run-2" …)."""

    total: LotTotal
    anchor: str


def lot_group_heads(totals: list[LotTotal], line_lots: list[str | None]) -> dict[int, LotHead]:
    """Where the review's list of lines starts a lot's group: the index of each line whose lot (a lot
    not in `totals` counts as none, as `lot_totals` counts it) differs from the line above's, with that
    lot's total for the group's heading row; {} for a document without lots."""
    of = {total.label: total for total in totals}
    heads: dict[int, LotHead] = {}
    above: str | None = None
    runs: dict[str | None, int] = {}
    for index, lot in enumerate(line_lots):
        lot = lot if lot in of else None
        if of and (index == 0 or lot != above):
            runs[lot] = runs.get(lot, 0) + 1
            anchor = f"lot-group-{lot or 'none'}" + (f"-run-{runs[lot]}" if runs[lot] > 1 else "")
            heads[index] = LotHead(of[lot], anchor)
        above = lot
    return heads


def _lot_problems(payload: dict) -> list[Finding]:
    """Each lot needs its own 包号 and a name; a contract's chosen lot must be one of them."""
    problems = []
    lots = payload.get("lots") or []
    seen: set[str] = set()
    for index, lot in enumerate(lots):
        at = f"lots/{index}"
        if not lot["label"].strip():
            problems.append(Finding("import_lot_field_required", f"{at}/label", params={"field": "lot_no"}))
        elif lot["label"] in seen:
            problems.append(Finding("import_lot_repeated", f"{at}/label", params={"label": lot["label"]}))
        seen.add(lot["label"])
        if not lot["name"].strip():
            problems.append(Finding("import_lot_field_required", f"{at}/name", params={"field": "lot_name"}))
        for name, limit in (("label", LABEL_MAX_LENGTH), ("name", 300)):
            if len(lot[name]) > limit:
                problems.append(Finding("import_text_too_long", f"{at}/{name}", params={"limit": limit}))
        if lot.get("budget") is not None and Decimal(lot["budget"]) < 0:
            problems.append(Finding("import_negative_amount", f"{at}/budget"))
        if lot.get("start") and lot.get("end") and lot["start"] > lot["end"]:
            problems.append(
                Finding(
                    "import_period_ends_before_start",
                    f"{at}/end",
                    params={"start": date.fromisoformat(lot["start"]), "end": date.fromisoformat(lot["end"])},
                )
            )
    # a document that lists no lots may choose one of its tender's (tender_lot_problems)
    if lots and payload.get("lot") and payload["lot"] not in seen:
        problems.append(Finding("import_lot_unknown", "lot", params={"label": payload["lot"]}))
    return problems


def _hierarchy_problems(lines: list[dict]) -> list[Finding]:
    """A printed 序号 too long to keep, or a parent no line above is printed as: the children could
    not be checked against it."""
    problems = []
    parents = line_parents([line.get("label") for line in lines], [line.get("parent") for line in lines])
    for index, (line, parent) in enumerate(zip(lines, parents, strict=True)):
        at = f"line_items/{index}"
        for name in ("label", "parent"):
            if len(line.get(name) or "") > LABEL_MAX_LENGTH:
                problems.append(Finding("import_text_too_long", f"{at}/{name}", params={"limit": LABEL_MAX_LENGTH}))
        if line.get("parent") and parent is None:
            problems.append(
                Finding(
                    "import_line_parent_unknown", f"{at}/parent", params={"seq": line["seq"], "label": line["parent"]}
                )
            )
    return problems


def _sla_problems(sla: dict, at: str, seq: int) -> list[Finding]:
    problems = []
    for name in ("response_hours", "onsite_hours", "recovery_hours"):
        value = sla.get(name)
        if value is not None and not (0 <= Decimal(str(value)) <= MAX_HOURS):
            problems.append(Finding("import_hours_out_of_range", f"{at}/sla/{name}", params={"seq": seq}))
    for name, limit in SLA_MAX_LENGTHS.items():
        if len(sla.get(name) or "") > limit:
            problems.append(Finding("import_text_too_long", f"{at}/sla/{name}", params={"limit": limit}))
    return problems


def _milestone_problems(payload: dict) -> list[Finding]:
    milestones = payload.get("payment_milestones") or []
    problems = []
    for index, milestone in enumerate(milestones):
        ratio = milestone.get("ratio")
        if ratio is None or not (0 < Decimal(ratio) <= 1):
            problems.append(
                Finding("import_milestone_ratio", f"payment_milestones/{index}/ratio", params={"seq": milestone["seq"]})
            )
    seqs = [m["seq"] for m in milestones]
    if len(seqs) != len(set(seqs)):
        problems.append(Finding("import_milestone_seq_repeated", "payment_milestones"))
    if milestones and not problems:
        total = sum((Decimal(m["ratio"]) for m in milestones), Decimal(0))
        if total != 1:
            problems.append(
                Finding(
                    "import_milestone_ratios_sum", "payment_milestones", params={"percent": (total * 100).normalize()}
                )
            )
    return problems


#: the parts of an import's document that name kept files: the file uploaded, the page images it was made
#: of, the annex files whose lines were added on the review. Only the importer writes them; a corrected
#: document (the review form, the API) that names other files is not believed, or /imports/<id>/annexes/<sha256>
#: would serve any stored file whose hash a caller knows (another import's, a vendor's roster).
FILE_KEYS = ("source", "page_images", "annexes")


def with_source(payload: dict, record: ImportRecord) -> dict:
    """The corrected payload with the record's own files (FILE_KEYS) and the warnings as they now stand:
    the files are what was uploaded, whatever a corrected payload claims."""
    corrected = copy.deepcopy(payload)
    for key in FILE_KEYS:
        if key in record.payload:
            corrected[key] = copy.deepcopy(record.payload[key])
        else:
            corrected.pop(key, None)
    corrected.setdefault("warnings", record.payload.get("warnings", []))
    corrected.setdefault("currency", "CNY")
    return corrected


def save_review(record: ImportRecord, payload: dict) -> list[Finding]:
    """Keep the officer's corrections without confirming (status stays review); refuses a payload
    that does not match the schema. Returns the warnings as they now stand. Flushes."""
    _check_in_review(record)
    return _keep_review(record, with_source(payload, record))


def _keep_review(record: ImportRecord, payload: dict) -> list[Finding]:
    schema_problems = [p for p in payload_problems(payload) if p.code == "import_schema_invalid"]
    if schema_problems:
        raise ImportNotReady(schema_problems)
    record.payload = payload
    record.kind = payload["kind"]
    _clear_draft(record)
    db.session.flush()
    return review_warnings(payload)


#: the fields a draft's audit entry names before it says how many more
DRAFT_FIELDS_NAMED = 20


def keep_draft(record: ImportRecord, submitted: dict[str, list[str]], shown: dict[str, list[str]]) -> None:
    """The user action "keep what I typed": the review form as submitted, when it could not be saved
    or confirmed (a field typed wrong, a problem left), kept on the record so a reload shows it again.
    The document itself is unchanged. The audit log gets one short entry (who and when, as every entry,
    and the fields that differ from `shown`, the form as the officer had it), not the form. Flushes."""
    _check_in_review(record)
    changed = sorted(name for name in submitted.keys() | shown.keys() if _typed(submitted, name) != _typed(shown, name))
    record.draft = submitted
    record.draft_saved_at = utcnow()
    named = ", ".join(changed[:DRAFT_FIELDS_NAMED])
    more = len(changed) - DRAFT_FIELDS_NAMED
    record_change(db.session, record, "draft", None, f"{named} (+{more})" if more > 0 else named or "-")
    db.session.flush()


def _typed(form: dict[str, list[str]], name: str) -> list[str]:
    # an empty field and one the page does not show (a tender's lots on a contract) are alike
    return [value for value in form.get(name, []) if value != ""]


def _clear_draft(record: ImportRecord) -> None:
    # saved or confirmed: the document holds the corrections, the draft has served
    record.draft = record.draft_saved_at = None


def confirm_import(
    record: ImportRecord,
    payload: dict,
    *,
    acknowledge_warnings: bool = False,
    signed_on: date | None = None,
    placement: ChainPlacement | None = None,
) -> Contract | Tender:
    """The user action "confirm an import": the corrected document is checked again (schema, required
    fields, cross-checks), then the tender or contract is created with all its lines, milestones and
    materials, linked to the record, which becomes confirmed — all in the caller's one transaction.
    A contract goes where `placement` says in its renewal chain (default: year 1 of a new chain); a
    placement that breaks the 3-year limit or overlaps the chain's latest year is a problem at ``chain``.

    Raises ImportNotReady with the problems, or with `import_warnings_unacknowledged` when doubts
    remain that the officer has not said were checked; `import_not_in_review` for a record already
    confirmed or discarded — also when a simultaneous confirmation got there first: the record's row
    is locked before its status is read, so the same import never makes two contracts (a Conflict,
    409). Flushes, never commits."""
    _check_in_review(record)
    payload = with_source(payload, record)
    problems = payload_problems(payload)
    if payload.get("kind") == "award":  # confirmed on its own path (confirm_award_notice), naming its contract
        problems.append(Finding("import_kind_award", "kind"))
    if problems:
        raise ImportNotReady(problems, review_warnings(payload) if not _schema_broken(problems) else [])
    warnings = review_warnings(payload)
    if warnings and not acknowledge_warnings:
        raise ImportNotReady(
            [Finding("import_warnings_unacknowledged", None, params={"count": len(warnings)})], warnings
        )
    payload["warnings"] = [warning.as_warning() for warning in warnings]
    importers.validate_payload(payload)
    chain_args = _chain_args(payload, placement or ChainPlacement(), warnings)
    record.payload = payload
    record.kind = payload["kind"]
    record.status = "confirmed"
    record.confirmed_at = utcnow()
    _clear_draft(record)
    db.session.flush()
    if payload["kind"] == "contract":
        created = create_contract(
            payload, import_record=record, signed_on=signed_on, tender_lot=tender_lot_of(payload), **chain_args
        )
    else:
        created = create_tender(payload, import_record=record)
    db.session.flush()
    return created


@dataclass(frozen=True)
class AwardNotice:
    """What the officer says about a confirmed award notice: the contract it belongs to (its number,
    HT-000012) and the day the 中标（成交）通知书 was sent, from which the 30 days to sign count."""

    contract_number: str | None
    notice_on: date | None


def award_contracts(payload: dict) -> list[Contract]:
    """The contracts an award notice may belong to: those with its procurement number."""
    number = (payload.get("procurement_number") or "").strip()
    if not number:
        return []
    return list(
        db.session.scalars(sa.select(Contract).where(Contract.procurement_number == number).order_by(Contract.id))
    )


def confirm_award_notice(
    record: ImportRecord, payload: dict, award: AwardNotice, *, acknowledge_warnings: bool = False, today: date
) -> Contract:
    """The user action "confirm an award notice": nothing is created; the notice's date is recorded on
    the contract it belongs to (the signing deadline counts from it, 政府采购法 第四十六条) and the
    record is confirmed, linked to that contract. An award amount other than the contract's 原中标金额
    is a warning to acknowledge; the amount on file is not changed. Raises ImportNotReady (the contract
    or the date missing or impossible) or Conflict, as `confirm_import`. Flushes."""
    _check_in_review(record)
    payload = with_source(payload, record)
    problems = payload_problems(payload)
    contract_id = record_id_of(award.contract_number or "", "HT")
    contract = db.session.get(Contract, contract_id) if contract_id else None
    if contract is None:
        problems.append(Finding("import_kind_award", "award_contract"))
    if award.notice_on is None:
        problems.append(Finding("import_field_required", "award_notice_on", params={"field": "award_notice_on"}))
    elif contract is not None:
        try:
            check_statutory_dates(
                StatutoryDates(award.notice_on, contract.signed_on, contract.published_on, contract.filed_on), today
            )
        except RuleViolation as violation:
            problems.append(Finding(violation.code, "award_notice_on", params=violation.params))
    if problems:
        raise ImportNotReady(problems, review_warnings(payload) if not _schema_broken(problems) else [])
    assert contract is not None and award.notice_on is not None
    warnings = review_warnings(payload) + _award_doubts(payload, contract, award.notice_on)
    if warnings and not acknowledge_warnings:
        raise ImportNotReady(
            [Finding("import_warnings_unacknowledged", None, params={"count": len(warnings)})], warnings
        )
    payload["warnings"] = [warning.as_warning() for warning in warnings]
    record.payload = payload
    record.status = "confirmed"
    record.confirmed_at = utcnow()
    contract.award_notice_on = award.notice_on
    contract.award_notice_import_id = record.id
    db.session.flush()
    return contract


def _award_doubts(payload: dict, contract: Contract, notice_on: date) -> list[Finding]:
    doubts = []
    amount = payload.get("total_amount")
    if amount is not None and Decimal(amount) != contract.chain.original_award_amount:
        doubts.append(
            Finding(
                "award_amount_differs",
                "total_amount",
                params={"stated": Decimal(amount), "amount": contract.chain.original_award_amount},
            )
        )
    if contract.award_notice_on is not None and contract.award_notice_on != notice_on:
        doubts.append(Finding("award_notice_replaced", "award_notice_on", params={"day": contract.award_notice_on}))
    return doubts


def _chain_args(payload: dict, placement: ChainPlacement, warnings: list[Finding]) -> dict:
    if payload["kind"] != "contract":
        return {}
    try:
        return place_in_chain(payload, placement)
    except RuleViolation as violation:
        raise ImportNotReady([Finding(violation.code, "chain", params=violation.params)], warnings) from violation


def _schema_broken(problems: list[Finding]) -> bool:
    return any(problem.code == "import_schema_invalid" for problem in problems)


def discard_import(record: ImportRecord) -> None:
    """The user action "discard an import": nothing is created; the record and the file stay, as
    procurement files are never deleted. Flushes."""
    _check_in_review(record)
    record.status = "discarded"
    db.session.flush()


def _check_in_review(record: ImportRecord) -> None:
    """Refuse a record no longer in review. Its row is held first (services/locking.py), so a
    confirmation, a discard or a save that raced another one reads the status the other committed."""
    lock(record)
    if record.status != "review":
        raise Conflict("import_not_in_review", status=record.status, import_id=record.id)


def recent_imports(limit: int = 20) -> list[ImportRecord]:
    return list(db.session.scalars(sa.select(ImportRecord).order_by(ImportRecord.id.desc()).limit(limit)))


def blank_line(payload: dict) -> dict:
    """An empty line for the officer to fill: the next 序号, the unit of the last line."""
    lines = payload.get("line_items") or []
    return {
        "seq": max((line["seq"] for line in lines), default=0) + 1,
        "unit": lines[-1]["unit"] if lines else "",
        "name": "",
        "content": None,
        "requirements": None,
        "amount": None,
        "term_months": None,
        "start": None,
        "start_on_confirmation": False,
        "onsite_staff": 0,
        "sla": None,
    }


def add_annex_lines(record: ImportRecord, payload: dict, path: Path, filename: str, *, by: User | None) -> int:
    """The user action "add the lines of another file" (an Excel or Word annex, a PDF list): the file is
    read with the same limits as an upload, kept like one, and its lines are appended to the corrected
    `payload` — numbered on from the last 序号, each saying which file and row it was read from — which
    is then saved for review. Returns how many lines were added. Raises DocumentError for a file that
    cannot be read, RuleViolation ``import_annex_no_lines`` for one without a line table; nothing is
    written then. Flushes."""
    _check_in_review(record)
    annex = read_file(path, filename)
    if not annex.line_items:
        raise RuleViolation("import_annex_no_lines", name=annex.source.filename)
    payload = with_source(payload, record)
    lines = payload["line_items"]
    limits.check_lines(len(lines) + len(annex.line_items))
    stored = save_bytes(
        path.read_bytes(),
        _stored_name(annex.source.filename, annex.source.format),
        by=by,
        allowed=("pdf", "docx", "xlsx"),
    )
    read = annex.to_payload()
    offset = max((line["seq"] for line in lines), default=0)
    sources = payload.setdefault("sources", {})
    for line, parsed in zip(read["line_items"], annex.line_items, strict=True):
        line["seq"] += offset
        sources[f"line_items/{len(lines)}"] = {
            "where": f"《{annex.source.filename}》{parsed.where or ''}",
            "confidence": "high",
        }
        lines.append(line)
    payload["warnings"] = [
        *(payload.get("warnings") or []),
        *(
            {**warning, "where": f"《{annex.source.filename}》{warning.get('where') or ''}", "field": None}
            for warning in read["warnings"]
            if warning["code"] not in CROSS_CHECK_CODES and warning["code"] != "missing_title"
        ),
    ]
    payload.setdefault("annexes", []).append(
        {"filename": annex.source.filename, "sha256": stored.sha256, "format": annex.source.format}
    )
    _keep_review(record, payload)  # the record's files and this one (save_review would keep the record's only)
    return len(annex.line_items)


def annex_file(record: ImportRecord, sha256: str) -> StoredFile | None:
    """A file whose lines were added to this import's review, or a page image the document was made of."""
    files = [*(record.payload.get("annexes") or []), *(record.payload.get("page_images") or [])]
    if not any(annex["sha256"] == sha256 for annex in files):
        return None
    return db.session.scalar(sa.select(StoredFile).where(StoredFile.sha256 == sha256))


def download_name(record: ImportRecord) -> str:
    """The name the original file downloads under: the uploaded name, with the extension of its content."""
    return _stored_name(record.filename, record.stored_file.format)


def ocr_doubtful(source: dict) -> bool:
    """Whether a field read by OCR is to be checked against its page image: the recogniser was unsure
    of it, or a warning doubts it."""
    score = source.get("ocr_confidence")
    return score is not None and (score < DOUBT_BELOW or source.get("confidence") == "low")


#: the stored formats a page crop is rendered from: a PDF's page, or the image file itself
SCAN_FORMATS = ("pdf", "png", "jpeg")


def field_crop(record: ImportRecord, path: str) -> bytes | None:
    """The PNG of the page area a field of the import was read from by OCR; None for a field that was
    not read from a scan, or whose page or box the file has not (a document corrected through the API may
    claim any). Rendered from the kept file each time (crops are small and rarely asked for)."""
    from pypdfium2 import PdfiumError

    from importers.ocr import page_crop  # the OCR's libraries load only when a crop is asked for

    source = (record.payload.get("sources") or {}).get(path) or {}
    if not source.get("page") or not source.get("bbox") or record.stored_file.format not in SCAN_FORMATS:
        return None
    page, box = source["page"], tuple(source["bbox"])
    try:
        return page_crop(
            stored_path(record.stored_file),
            page,
            box,
            pdf=record.stored_file.format == "pdf",
            rotation=source.get("page_rotation") or 0.0,
        )
    except (ValueError, importers.DocumentError, PdfiumError):
        return None
