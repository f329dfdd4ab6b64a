"""The procurement part of the contract page (templates/procurement/_contract.html), for every role that
sees the page: the template asks for it with `procurement_overview(view)`."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_login import current_user

from contractmgr.extensions import db
from contractmgr.formatting import money
from contractmgr.models import (
    AuditEntry,
    Contract,
    Evaluation,
    LineItem,
    Organisation,
    Penalty,
    SupplementaryContract,
    User,
)
from contractmgr.models.contracts import EVALUATION_BASES
from contractmgr.services.contract_overview import AUDIT_ON_PAGE, audit_trail, contract_overview
from contractmgr.services.evaluations import assess_evaluation
from contractmgr.texts import labels
from contractmgr.texts import procurement as texts
from contractmgr.web.procurement import bp, charts
from forms.contracts import BasisForm

#: audit fields whose value is an id a person cannot read: shown as the name it stands for
_NAMED_IDS = {"purchaser_id": Organisation, "vendor_id": Organisation, "unit_id": Organisation, "decided_by_id": User}


def audit_value(field: str | None, value: str | None) -> str:
    if value is None or value == "":
        return "—"
    if field in _NAMED_IDS and value.isdigit():
        record = db.session.get(_NAMED_IDS[field], int(value))
        if record is not None:
            return getattr(record, "name", None) or getattr(record, "display_name", None) or value
    if value in ("True", "False"):
        return _("是") if value == "True" else _("否")
    return value


@dataclass
class AuditRow:
    """One line of the trail: an entry, or the run of records one action created together (a renewal's 40 lines)."""

    entries: list[AuditEntry]

    @property
    def first(self) -> AuditEntry:
        return self.entries[0]


def audit_rows(entries: list[AuditEntry]) -> list[AuditRow]:
    rows: list[AuditRow] = []
    for entry in entries:
        last = rows[-1].first if rows else None
        if (
            last is not None
            and entry.action == "create" == last.action
            and entry.entity == last.entity
            and entry.user_id == last.user_id
            and abs((entry.at - last.at).total_seconds()) < 60
        ):
            rows[-1].entries.append(entry)
        else:
            rows.append(AuditRow([entry]))
    return rows


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
}
_MODELS = {model.__tablename__: model for model in _SUBJECTS}


def audit_subject(entry: AuditEntry) -> str:
    """What the changed record is, in words: 「第 16 项 硬件维护项目」 rather than line_items #16."""
    model = _MODELS.get(entry.entity)
    record = db.session.get(model, entry.entity_id) if model and entry.entity_id else None
    if record is None:
        return f"#{entry.entity_id}"
    return _SUBJECTS[model](record)


def procurement_overview(view) -> dict:
    today = date.today()
    overview = contract_overview(view, today)
    is_officer = current_user.role == "procurement"
    shows_trail = current_user.role != "vendor"  # the trail names the purchaser's people and decisions
    # Fetch generously: a renewal alone writes 50-odd entries, shown as a handful of grouped rows.
    entries, total = audit_trail(view.contract, limit=10 * AUDIT_ON_PAGE) if shows_trail else ([], 0)
    contract = view.contract
    deductions = {
        e.id: {basis: assess_evaluation(contract, e.score, basis) for basis in EVALUATION_BASES}
        for e in overview.evaluations
    }
    return dict(
        o=overview,
        deductions=deductions,
        lines_by_id={lv.line.id: lv.line for lv in view.lines},
        today=today,
        is_officer=is_officer,
        shows_trail=shows_trail,
        audit_entries=audit_rows(entries)[:AUDIT_ON_PAGE],
        audit_total=total,
        audit_shown=sum(len(row.entries) for row in audit_rows(entries)[:AUDIT_ON_PAGE]),
        line_chart=charts.line_timeline(view, today),
        chain_chart=charts.chain_timeline(overview.chain_contracts, overview.chain_status, view.contract.id, today),
        basis_form=BasisForm(data={"evaluation_basis": view.contract.evaluation_basis}) if is_officer else None,
    )


@bp.app_context_processor
def contract_page_helpers() -> dict:
    return dict(
        procurement_overview=procurement_overview,
        penalty_kind_label=labels.penalty_kind_label,
        penalty_status_label=texts.penalty_status_label,
        evaluation_basis_label=labels.evaluation_basis_label,
        penalty_inputs=texts.penalty_inputs,
        audit_entity_label=texts.entity_label,
        audit_field_label=texts.field_label,
        audit_action_label=texts.action_label,
        audit_created_values=texts.created_values,
        audit_value=audit_value,
        audit_subject=audit_subject,
    )
