"""The procurement part of the contract page (templates/procurement/_contract.html), built by the
contract page's view for every role that sees the page, and the audit trail as people read it (for
that part and for the audit page)."""

from dataclasses import dataclass
from datetime import date
from functools import cache

import sqlalchemy as sa
from flask_babel import gettext as _
from markupsafe import Markup

from contractmgr.domain.loss import EXCESS_OVER_LOSS_RATIO, exceeds_loss
from contractmgr.domain.sme import SME_PAYMENT_DAYS
from contractmgr.domain.statutory import StatutoryDeadline
from contractmgr.extensions import db
from contractmgr.formatting import money
from contractmgr.models import (
    AuditEntry,
    Contract,
    Evaluation,
    LineItem,
    Organisation,
    Penalty,
    Role,
    SupplementaryContract,
    User,
)
from contractmgr.models.contracts import EVALUATION_BASES
from contractmgr.models.types import Money, Ratio
from contractmgr.services import statutory
from contractmgr.services.calendar import working_calendar
from contractmgr.services.contract_overview import AUDIT_ON_PAGE, ContractOverview, audit_trail, contract_overview
from contractmgr.services.contracts import ContractView
from contractmgr.services.evaluations import assess_evaluation
from contractmgr.texts import labels
from contractmgr.texts import procurement as texts
from contractmgr.texts import statutory as statutory_texts
from contractmgr.web.procurement import bp, charts
from forms.contracts import BasisForm
from forms.statutory import StatutoryForm

#: audit fields whose value is an id a person cannot read: shown as the name it stands for
_NAMED_IDS = {
    "purchaser_id": Organisation,
    "vendor_id": Organisation,
    "unit_id": Organisation,
    **dict.fromkeys(
        (
            "decided_by_id",
            "created_by_id",
            "recorded_by_id",
            "proposed_by_id",
            "submitted_by_id",
            "uploaded_by_id",
            "met_by_id",
            "entered_by_id",
        ),
        User,
    ),
}


def audit_value(entity: str, field: str | None, value: str | None) -> str:
    """A stored audit value in words: an id as the name it stands for, else formatted by its column's type."""
    if field in _NAMED_IDS and value and value.isdigit():
        record = db.session.get(_NAMED_IDS[field], int(value))
        if record is not None:
            return getattr(record, "name", None) or getattr(record, "display_name", None) or value
    return texts.audit_value(field, value, _column_kind(entity, field))


_KINDS = ((Money, "money"), (Ratio, "ratio"), (sa.Numeric, "number"), (sa.DateTime, "datetime"), (sa.Date, "date"))
_KINDS += ((sa.Boolean, "bool"), (sa.JSON, "json"))


@cache  # the mapped tables do not change while the process runs; the trail asks hundreds of times a page
def _column_kind(entity: str, field: str | None) -> str:
    mapper = next((m for m in db.Model.registry.mappers if m.local_table.name == entity), None)
    column = mapper.columns.get(field) if mapper is not None and field else None
    if column is None:
        return "text"
    return next((kind for type_, kind in _KINDS if isinstance(column.type, type_)), "text")


_SUBJECTS = {
    LineItem: lambda line: _("第 %(seq)s 项 %(name)s", seq=line.seq, name=line.name),
    Penalty: lambda penalty: f"{labels.penalty_kind_label(penalty.kind)} {money(penalty.amount)}",
    SupplementaryContract: lambda s: _("第 %(seq)s 号", seq=s.seq),
    Contract: lambda contract: _(
        "第 %(year)s 年 %(start)s — %(end)s",
        year=contract.year_in_chain,
        start=contract.start_on.isoformat(),
        end=contract.end_on.isoformat(),
    ),
    Evaluation: lambda e: _("%(day)s 得分 %(score)s", day=e.evaluated_on.isoformat(), score=e.score),
    User: lambda user: user.username,
}
_MODELS = {model.__tablename__: model for model in _SUBJECTS}


def audit_subject(entry: AuditEntry) -> str:
    """What the changed record is, in words: 「第 16 项 硬件维护项目」 rather than line_items #16."""
    model = _MODELS.get(entry.entity)
    record = db.session.get(model, entry.entity_id) if model and entry.entity_id else None
    if record is None:
        return f"#{entry.entity_id}"
    return _SUBJECTS[model](record)


@dataclass(frozen=True)
class AuditLine:
    """One line of the trail as shown: an entry, or the run of records one action created together
    (a renewal's 40 lines), with the records and values in words."""

    entries: list[AuditEntry]
    #: what each record is, in words
    subjects: list[str]
    #: a record created alone: (label, value) of what it was created with
    created: list[tuple[str, str]]
    #: a field changed: its value before and after, in words
    old: str
    new: str

    @property
    def first(self) -> AuditEntry:
        return self.entries[0]


def _runs(entries: list[AuditEntry]) -> list[list[AuditEntry]]:
    """The entries, with the records one action created together (same kind, same person, within a
    minute) gathered into one run."""
    runs: list[list[AuditEntry]] = []
    for entry in entries:
        last = runs[-1][0] if runs else None
        if (
            last is not None
            and entry.action == "create" == last.action
            and entry.entity == last.entity
            and entry.user_id == last.user_id
            and abs((entry.at - last.at).total_seconds()) < 60
        ):
            runs[-1].append(entry)
        else:
            runs.append([entry])
    return runs


def _line(run: list[AuditEntry]) -> AuditLine:
    first, alone = run[0], len(run) == 1
    changed = alone and first.action not in ("create", "delete")
    return AuditLine(
        entries=run,
        subjects=[audit_subject(entry) for entry in run],
        created=[(label, audit_value(first.entity, key, value)) for key, label, value in texts.created_values(first)]
        if alone and first.action == "create"
        else [],
        old=audit_value(first.entity, first.field, first.old_value) if changed else "",
        new=audit_value(first.entity, first.field, first.new_value) if changed else "",
    )


def audit_lines(entries: list[AuditEntry], limit: int | None = None) -> list[AuditLine]:
    """The trail as shown, at most `limit` lines; only the lines shown are put into words."""
    return [_line(run) for run in _runs(entries)[:limit]]


@dataclass(frozen=True)
class ProcurementPanel:
    overview: ContractOverview
    #: each evaluation's deduction on both bases, by evaluation id
    deductions: dict
    lines_by_id: dict[int, LineItem]
    is_officer: bool
    #: the trail names the purchaser's people and decisions: not for vendors
    shows_trail: bool
    #: the penalties this reader sees: a vendor only those the officer decided
    penalties: list[Penalty]
    audit: list[AuditLine]
    audit_total: int
    audit_shown: int
    line_chart: Markup
    chain_chart: Markup
    basis_form: BasisForm | None
    #: the law's deadlines (signing, publication, filing) whose starting day is on file
    statutory: list[StatutoryDeadline]
    statutory_form: StatutoryForm | None
    today: date


def procurement_panel(view: ContractView, user: User, today: date) -> ProcurementPanel:
    """The chain and its 3 years, the 10% cap, staffing, evaluations, penalties and the latest changes."""
    overview = contract_overview(view, today)
    contract = view.contract
    is_officer = user.role == Role.PROCUREMENT
    shows_trail = user.role != Role.VENDOR
    # Fetch generously: a renewal alone writes 50-odd entries, shown as a handful of grouped lines.
    entries, total = audit_trail(contract, limit=10 * AUDIT_ON_PAGE) if shows_trail else ([], 0)
    audit = audit_lines(entries, AUDIT_ON_PAGE)
    return ProcurementPanel(
        overview=overview,
        deductions={
            e.id: {basis: assess_evaluation(contract, e.score, basis) for basis in EVALUATION_BASES}
            for e in overview.evaluations
        },
        lines_by_id={lv.line.id: lv.line for lv in view.lines},
        is_officer=is_officer,
        shows_trail=shows_trail,
        penalties=overview.penalties if shows_trail else [p for p in overview.penalties if p.status != "proposed"],
        audit=audit,
        audit_total=total,
        audit_shown=sum(len(line.entries) for line in audit),
        line_chart=charts.line_timeline(view, today),
        chain_chart=charts.chain_timeline(overview.chain_contracts, overview.chain_status, contract.id, today),
        basis_form=BasisForm(data={"evaluation_basis": contract.evaluation_basis}) if is_officer else None,
        # the calendar costs queries: only loaded when there is a deadline to count
        statutory=statutory.contract_deadlines(contract, working_calendar())
        if statutory.needs_calendar(contract)
        else [],
        statutory_form=StatutoryForm(obj=contract, formdata=None) if is_officer else None,
        today=today,
    )


@bp.app_context_processor
def contract_page_labels() -> dict:
    return dict(
        penalty_kind_label=labels.penalty_kind_label,
        penalty_status_label=texts.penalty_status_label,
        evaluation_basis_label=labels.evaluation_basis_label,
        penalty_inputs=texts.penalty_inputs,
        audit_entity_label=texts.entity_label,
        audit_field_label=texts.field_label,
        audit_action_label=texts.action_label,
        statutory_text=statutory_texts.statutory_text,
        statutory_kind_label=statutory_texts.statutory_kind_label,
        clause_label=statutory_texts.clause_label,
        sme_days=SME_PAYMENT_DAYS,
        exceeds_loss=exceeds_loss,
        loss_excess_ratio=EXCESS_OVER_LOSS_RATIO,
    )
