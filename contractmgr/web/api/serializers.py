"""Records as JSON: money as decimal strings, dates and timestamps (with their offset) as ISO 8601."""

from datetime import UTC, date, datetime
from decimal import Decimal

from contractmgr.domain.money import format_plain
from contractmgr.models import Contract
from contractmgr.services.contracts import ContractView


def money(value: Decimal | None) -> str | None:
    return None if value is None else format_plain(value)


def iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def timestamp(value: datetime | None) -> str | None:
    """A moment as ISO 8601 with its offset (2026-05-22T08:30:00+00:00), as `format: date-time` requires;
    the columns hold UTC without a zone (models.types.utcnow)."""
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def hours(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def contract_summary(contract: Contract, status: str) -> dict:
    """A contract's own fields and parties (`status`: domain.status.contract_status today): what a list
    gives of each, without its lines."""
    return {
        "id": contract.id,
        "title": contract.title,
        "procurement_number": contract.procurement_number,
        "filing_number": contract.filing_number,
        "purchaser": contract.purchaser.name,
        "vendor": contract.vendor.name,
        "total_amount": money(contract.total_amount),
        "start": iso(contract.start_on),
        "end": iso(contract.end_on),
        "status": status,
        "year_in_chain": contract.year_in_chain,
    }


def line_json(line_view) -> dict:
    line, period = line_view.line, line_view.period
    return {
        "seq": line.seq,
        "unit": line.unit.name,
        "name": line.name,
        "content": line.content,
        "requirements": line.requirements,
        "amount": money(line.amount),
        "term_months": line.term_months,
        "own_start": iso(line.start_on),
        "start_on_confirmation": line.start_on_confirmation,
        "confirmed_on": iso(line.confirmed_on),
        "period": {"start": iso(period.period.start), "end": iso(period.period.end)} if period.period else None,
        "period_basis": period.basis,
        "days_past_contract_end": period.days_past_contract_end,
        "onsite_staff": line.onsite_staff,
        "sla": {
            "service_hours": line.service_hours,
            "response_hours": hours(line.response_hours),
            "onsite_hours": hours(line.onsite_hours),
            "recovery_hours": hours(line.recovery_hours),
            "inspection": line.inspection_cycle,
        },
    }


def contract_detail(view: ContractView) -> dict:
    contract = view.contract
    chain = contract.chain
    return {
        **contract_summary(contract, view.status),
        "total_amount_upper": contract.total_amount_upper,
        "signed_on": iso(contract.signed_on),
        "min_onsite_staff": contract.min_onsite_staff,
        "evaluation_basis": contract.evaluation_basis,
        "chain": {
            "id": chain.id,
            "started_on": iso(chain.started_on),
            "original_award_amount": money(chain.original_award_amount),
            "max_years": chain.max_years,
            "change_cap_ratio": f"{chain.change_cap_ratio:f}",
        },
        "lines_total": money(view.lines_total),
        "notices": [{"code": n.code} for n in view.notices],
        "milestones": [
            {
                "seq": m.seq,
                "ratio": f"{m.ratio:f}",
                "amount": money(m.amount),
                "due_working_days": m.due_working_days,
                "trigger": m.trigger,
            }
            for m in contract.milestones
        ],
        "line_items": [line_json(line) for line in view.lines],
    }
