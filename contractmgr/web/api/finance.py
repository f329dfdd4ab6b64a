"""Finance: the payment schedule of a contract.

Who may read it: finance, procurement and administrators, any contract; a vendor, its own
contracts only (another vendor's is a 404, as everywhere): the vendor is the payee, and the
contract lets it see what the purchaser decided and which penalties were netted.
"""

from flask import jsonify
from flask_login import current_user

from contractmgr import clock
from contractmgr.services.access import contract_for
from contractmgr.services.schedule import ContractSchedule, MilestoneView, contract_schedule
from contractmgr.web.api.areas import contracts as area
from contractmgr.web.api.areas import operation
from contractmgr.web.api.schemas import DATE, DATE_OR_NULL, MONEY
from contractmgr.web.api.serializers import iso, money, timestamp


@area.get("/contracts/<int:contract_id>/schedule")
@operation(
    "A contract's payment schedule: amounts, due dates in working days (provisional when the "
    "calendar lacks a year), conditions, deductions netted, payments and late interest",
    description="Finance, procurement and administrators read any contract's schedule; a vendor only "
    "its own contracts' (others are 404).",
    answers={200: ("the schedule", "Schedule")},
)
def get_schedule(contract_id: int):
    return jsonify(schedule_json(contract_schedule(contract_for(current_user, contract_id), clock.today())))


def _interest_json(assessment) -> dict | None:
    if assessment is None:
        return None
    inputs = assessment.inputs
    return {
        "amount": money(assessment.amount),
        "overdue_amount": money(inputs["overdue_amount"]),
        "start": iso(inputs["start"]),
        "end": iso(inputs["end"]),
        "days": inputs["days"],
        "day_basis": inputs.get("day_basis"),
        "rates": [
            {"start": iso(s.start), "end": iso(s.end), "annual_rate_percent": f"{s.annual_rate:f}"}
            for s in inputs.get("segments", ())
        ],
        "rule": inputs.get("rule", "contract_lpr"),
    }


def _milestone_json(view: MilestoneView) -> dict:
    m, netted, status = view.milestone, view.netted, view.status
    return {
        "id": m.id,
        "seq": m.seq,
        "ratio": f"{m.ratio:f}",
        "amount": money(m.amount),
        "trigger": m.trigger,
        "due_working_days": m.due_working_days,
        "clock": {"event": view.clock.event, "started_on": iso(view.clock.on), "source": view.clock.source},
        "due_on": iso(view.due.on) if view.due else None,
        "provisional": view.provisional,
        "unknown_years": list(view.unknown_years),
        "status": status.kind,
        "overdue_working_days": status.overdue_working_days,
        "conditions": [
            {
                "id": c.condition.id,
                "kind": c.condition.kind,
                "label": c.condition.label,
                "met": c.met,
                "met_on": iso(c.condition.met_on),
                "recorded_at": timestamp(c.condition.met_at),
                "lines_with_inspections": c.evidence.inspected if c.evidence else None,
                "lines": c.evidence.lines if c.evidence else None,
            }
            for c in view.conditions
        ],
        "deductions": [
            {
                "penalty_id": d.penalty.id,
                "kind": d.penalty.kind,
                "clause": d.penalty.clause,
                "amount": money(d.penalty.amount),
            }
            for d in view.deductions
        ],
        "carried_in": money(netted.carried_in),
        "applied": money(netted.applied),
        "carried_out": money(netted.carried_out),
        "unrecovered": money(netted.unrecovered),
        "net": money(netted.net),
        "paid": money(status.paid),
        "outstanding": money(status.outstanding),
        "payments": [
            {
                "id": p.payment.id,
                "paid_on": iso(p.payment.paid_on),
                "amount": money(p.payment.amount),
                "voucher_number": p.payment.voucher_number,
                "late_interest": _interest_json(p.interest),
            }
            for p in view.payments
        ],
        "accruing_interest": _interest_json(view.accruing_interest),
    }


def schedule_json(schedule: ContractSchedule) -> dict:
    return {
        "contract_id": schedule.contract.id,
        "as_of": iso(schedule.today),
        "interest_day_basis": schedule.day_basis,
        "total_amount": money(schedule.amount),
        "deducted": money(schedule.deducted),
        "net": money(schedule.net),
        "milestones": [_milestone_json(view) for view in schedule.milestones],
    }


INTEREST = {
    "type": ["object", "null"],
    "description": "late-payment interest at the one-year LPR daily rate (合同第十三条); null when none is owed",
    "required": ["amount", "start", "end", "days", "day_basis", "rates"],
    "properties": {
        "amount": MONEY,
        "overdue_amount": MONEY,
        "start": DATE,
        "end": DATE,
        "days": {"type": "integer"},
        "day_basis": {"type": ["integer", "null"], "description": "daily rate = annual rate / day_basis (LPR rule)"},
        "rule": {
            "type": "string",
            "enum": ["contract_lpr", "sme_statutory"],
            "description": "contract_lpr: the contract's one-year LPR daily rate (合同第十三条); sme_statutory: "
            "0.05% a day where the contract states none and the vendor is an SME (保障中小企业款项支付条例 第十七条)",
        },
        "rates": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"start": DATE, "end": DATE, "annual_rate_percent": {"type": "string"}},
            },
        },
    },
}

MILESTONE = {
    "type": "object",
    "required": [
        "id",
        "seq",
        "amount",
        "due_on",
        "provisional",
        "status",
        "conditions",
        "deductions",
        "net",
        "paid",
        "outstanding",
        "payments",
    ],
    "properties": {
        "id": {"type": "integer"},
        "seq": {"type": "integer"},
        "ratio": {"type": "string"},
        "amount": MONEY,
        "trigger": {"type": "string"},
        "due_working_days": {"type": "integer"},
        "clock": {
            "type": "object",
            "properties": {
                "event": {"type": "string", "enum": ["contract_signed", "acceptance_and_invoice", "recorded"]},
                "started_on": DATE_OR_NULL,
                "source": {"type": ["string", "null"], "enum": ["recorded", "signed_on", "conditions", None]},
            },
        },
        "due_on": {**DATE_OR_NULL, "description": "null while the clock has not started"},
        "provisional": {
            "type": "boolean",
            "description": "the due date counts through a year the calendar does not know",
        },
        "unknown_years": {"type": "array", "items": {"type": "integer"}},
        "status": {"type": "string", "enum": ["waiting", "due", "overdue", "partly_paid", "paid"]},
        "overdue_working_days": {"type": "integer"},
        "conditions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind", "label", "met"],
                "properties": {
                    "id": {"type": "integer"},
                    "kind": {"type": "string", "enum": ["invoice", "inspection_reports", "acceptance_report", "other"]},
                    "label": {"type": "string"},
                    "met": {"type": "boolean"},
                    "met_on": DATE_OR_NULL,
                    "recorded_at": {"type": ["string", "null"], "format": "date-time"},
                    "lines_with_inspections": {"type": ["integer", "null"]},
                    "lines": {"type": ["integer", "null"]},
                },
            },
        },
        "deductions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "penalty_id": {"type": "integer"},
                    "kind": {"type": "string"},
                    "clause": {"type": "string"},
                    "amount": MONEY,
                },
            },
        },
        "carried_in": MONEY,
        "applied": MONEY,
        "carried_out": MONEY,
        "unrecovered": MONEY,
        "net": {**MONEY, "description": "amount − deductions applied, never below zero"},
        "paid": MONEY,
        "outstanding": MONEY,
        "payments": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "paid_on": DATE,
                    "amount": MONEY,
                    "voucher_number": {"type": "string"},
                    "late_interest": {"$ref": "#/components/schemas/LateInterest"},
                },
            },
        },
        "accruing_interest": {"$ref": "#/components/schemas/LateInterest"},
    },
}

SCHEDULE = {
    "type": "object",
    "required": ["contract_id", "as_of", "interest_day_basis", "total_amount", "deducted", "net", "milestones"],
    "properties": {
        "contract_id": {"type": "integer"},
        "as_of": DATE,
        "interest_day_basis": {"type": "integer", "enum": [360, 365]},
        "total_amount": MONEY,
        "deducted": MONEY,
        "net": MONEY,
        "milestones": {"type": "array", "items": {"$ref": "#/components/schemas/ScheduleMilestone"}},
    },
}

SCHEMAS = {"Schedule": SCHEDULE, "ScheduleMilestone": MILESTONE, "LateInterest": INTEREST}
