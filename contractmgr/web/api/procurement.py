"""The procurement officer's operations: renewals, supplements, evaluations, penalties.

Who may call them: the procurement officer only (the procurement area's guard). Finance, vendors and the
administrator get 403 — the same as the officer's pages: these are the purchaser's decisions, and
the administrator manages users and calendars, not contracts. A broken contract rule answers 422
with the rule's code in `error` and a message saying which rule and by how much; a body that is
not what the schema says answers 422 with `error` "invalid_input". Money in and out as decimal strings.
"""

from flask import jsonify
from flask_login import current_user

from contractmgr import clock
from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.models import Contract, Penalty
from contractmgr.services import evaluations, penalties, renewals, supplements
from contractmgr.services.access import contract_for
from contractmgr.services.contracts import view_contract
from contractmgr.services.supplements import SupplementChange
from contractmgr.web.api.areas import operation
from contractmgr.web.api.areas import procurement as area
from contractmgr.web.api.bodies import Body, Choice, Date, Integer, Money, Number, Rows, Text
from contractmgr.web.api.schemas import DATE, DATE_OR_NULL, MONEY, MONEY_OR_NULL
from contractmgr.web.api.serializers import contract_summary, iso, money

# --- the bodies ------------------------------------------------------------------------------------


class RenewalBody(Body):
    start = Date(required=True)
    end = Date(required=True)
    total_amount = Money()
    signed_on = Date()
    title = Text()
    filing_number = Text()
    example = {"start": "2027-05-22", "end": "2028-05-21"}


class SupplementLine(Body):
    seq = Integer(description="the line it changes; leave out for a new line")
    name = Text(strip=True)
    unit = Text(strip=True)
    amount_after = Money(required=True)

    def check(self, where: str) -> None:
        if self.seq is None and not self.name:
            raise self.refusal(f"{where} needs the seq of a line it changes, or the name of a line it adds")


class SupplementBody(Body):
    reason = Text(
        required=True,
        strip=True,
        blank=False,
        message="reason is required: a supplementary contract says why the work changes",
    )
    increase = Money()
    signed_on = Date()
    lines = Rows(SupplementLine)
    example = {"increase": "500000.00", "reason": "新增两个系统的运维"}


class EvaluationBody(Body):
    score = Number(required=True, hint="a number from 0 to 100, e.g. 85", description="from 0 to 100")
    evaluated_on = Date()
    period_start = Date()
    period_end = Date()
    note = Text()
    example = {"score": 85}


class PenaltyBody(Body):
    kind = Choice("late_delivery", "acceptance_failed", required=True)
    days = Integer(description="days late, for late_delivery")
    attempt = Integer(description="the failed attempt, for acceptance_failed; 1 when left out")
    example = {"kind": "late_delivery", "days": 11}

    def check(self, where: str) -> None:
        if self.kind == "late_delivery" and self.days is None:
            raise self.refusal("days is required for late_delivery")


class WaiverBody(Body):
    reason = Text(description="required: a blank reason is refused as `waiver_needs_reason`")
    example = {"reason": "供应商已提前书面报告延误原因，经研究免除"}


# --- answers ---------------------------------------------------------------------------------------


def chain_json(contract: Contract) -> dict:
    status = renewals.chain_status_for(contract.chain)
    return {
        "id": contract.chain_id,
        "started_on": iso(status.start),
        "limit_end": iso(status.limit_end),
        "latest_end": iso(status.latest_end),
        "years_used": f"{status.years_used:f}",
        "years_left": f"{status.years_left:f}",
        "days_left": status.days_left,
        "contracts": [
            {"id": c.id, "year_in_chain": c.year_in_chain, "start": iso(c.start_on), "end": iso(c.end_on)}
            for c in contract.chain.contracts
        ],
    }


def cap_json(cap) -> dict:
    return {"cap": money(cap.cap), "used": money(cap.used), "remaining": money(cap.remaining)}


def penalty_json(penalty: Penalty) -> dict:
    return {
        "id": penalty.id,
        "kind": penalty.kind,
        "clause": penalty.clause,
        "inputs": penalty.inputs,
        "amount": money(penalty.amount),
        "may_terminate": penalty.may_terminate,
        "status": penalty.status,
        "waive_reason": penalty.waive_reason,
        "milestone_id": penalty.milestone_id,
        "evaluation_id": penalty.evaluation_id,
    }


def deduction_json(assessment) -> dict:
    return {
        "basis": assessment.basis,
        "score": f"{assessment.score.normalize():f}",
        "points_deducted": f"{assessment.points_deducted.normalize():f}",
        "ratio": f"{assessment.ratio.normalize():f}",
        "amount": money(assessment.amount),
        "full_payment": assessment.full_payment,
        "may_terminate": assessment.may_terminate,
        "clause": assessment.clause,
    }


# --- the operations --------------------------------------------------------------------------------


@area.post("/contracts/<int:contract_id>/renewals")
@operation(
    "Renew the contract: next year's contract with its lines and terms, linked in the chain",
    description="422 `renewal_limit_exceeded` when the renewal ends past the chain's 3 years "
    "(the message gives the days over), `renewal_overlaps`, `already_renewed`.",
    body=RenewalBody,
    answers={201: ("the renewal and its chain", "Renewal")},
    refusal=422,
)
def create_renewal(contract_id: int):
    contract = contract_for(current_user, contract_id)
    renewal = renewals.record_renewal(contract, **RenewalBody.parse().values())
    db.session.commit()
    return jsonify(
        contract=contract_summary(renewal, view_contract(renewal, clock.today()).status), chain=chain_json(renewal)
    ), 201


def _changes(contract: Contract, rows: list[SupplementLine]) -> list[SupplementChange]:
    by_seq = {line.seq: line.id for line in contract.lines}
    unknown = [row.seq for row in rows if row.seq is not None and row.seq not in by_seq]
    if unknown:
        raise RuleViolation("line_not_in_contract", ids=unknown[:1])
    return [
        SupplementChange(
            amount_after=row.amount_after,
            line_item_id=by_seq.get(row.seq),
            name=row.name or "",
            unit_name=row.unit or "",
        )
        for row in rows
    ]


@area.post("/contracts/<int:contract_id>/supplements")
@operation(
    "Add a supplementary contract (补充合同), counted against the chain's 10% cap",
    description="`increase` may be left out when `lines` are given (their net change is taken). "
    "422 `supplement_cap_exceeded` when all supplements of the chain would exceed 10% of the "
    "original award (the message gives the amount over), `supplement_lines_disagree`.",
    body=SupplementBody,
    answers={201: ("the supplement and the cap after it", "Supplement")},
    refusal=422,
)
def create_supplement(contract_id: int):
    contract = contract_for(current_user, contract_id)
    body = SupplementBody.parse()
    supplement, cap = supplements.record_supplement(
        contract,
        increase=body.increase,
        reason=body.reason,
        signed_on=body.signed_on,
        changes=_changes(contract, body.lines or []),
    )
    db.session.commit()
    return jsonify(
        supplement={
            "id": supplement.id,
            "seq": supplement.seq,
            "increase": money(supplement.increase_amount),
            "reason": supplement.reason,
            "signed_on": iso(supplement.signed_on),
            "lines": [
                {
                    "line_item_id": ch.line_item_id,
                    "name": ch.name,
                    "unit": ch.unit_name,
                    "amount_before": money(ch.amount_before),
                    "amount_after": money(ch.amount_after),
                }
                for ch in supplement.changes
            ],
        },
        cap=cap_json(cap),
    ), 201


@area.post("/contracts/<int:contract_id>/evaluations")
@operation(
    "Record an evaluation (考评); under 90 it proposes a deduction on the contract's basis",
    description="The answer gives the deduction on the contract's basis and, beside it, "
    "on the other basis. Dates default to today and the contract's period.",
    body=EvaluationBody,
    answers={201: ("the evaluation and its deduction", "EvaluationResult")},
    refusal=422,
)
def create_evaluation(contract_id: int):
    contract = contract_for(current_user, contract_id)
    body = EvaluationBody.parse()
    result = evaluations.record_evaluation(
        contract,
        score=body.score,
        evaluated_on=body.evaluated_on or clock.today(),
        period_start=body.period_start or contract.start_on,
        period_end=body.period_end or contract.end_on,
        note=body.note or "",
        by=current_user,
    )
    db.session.commit()
    other = "from_90" if result.assessment.basis == "from_100" else "from_100"
    evaluation = result.evaluation
    return jsonify(
        evaluation={
            "id": evaluation.id,
            "score": f"{evaluation.score.normalize():f}",
            "evaluated_on": iso(evaluation.evaluated_on),
            "period_start": iso(evaluation.period_start_on),
            "period_end": iso(evaluation.period_end_on),
        },
        deduction=deduction_json(result.assessment),
        other_basis=deduction_json(evaluations.assess_evaluation(contract, evaluation.score, other)),
        penalty=penalty_json(result.penalty) if result.penalty else None,
    ), 201


@area.post("/contracts/<int:contract_id>/penalties")
@operation(
    "Propose a penalty (违约金, contract 第十三条): late delivery or failed acceptance",
    description="late_delivery: 1% of the total a day, at most 10%, may_terminate from day 11. "
    "acceptance_failed: 5%, attempt 2 or later 10% (kind acceptance_failed_again).",
    body=PenaltyBody,
    answers={201: ("the proposed penalty", "Penalty")},
    refusal=422,
)
def create_penalty(contract_id: int):
    contract = contract_for(current_user, contract_id)
    body = PenaltyBody.parse()
    if body.kind == "late_delivery":
        penalty = penalties.assess_late_delivery(contract, body.days, by=current_user)
    else:
        penalty = penalties.assess_acceptance_failure(contract, body.attempt or 1, by=current_user)
    db.session.commit()
    return jsonify(penalty_json(penalty)), 201


@area.post("/contracts/<int:contract_id>/penalties/<int:penalty_id>/confirm")
@operation(
    "Confirm a proposed penalty: netted against the next unpaid milestone",
    description="409 `penalty_already_decided` (also when a simultaneous confirmation or waiver came first).",
    answers={200: ("the penalty", "Penalty")},
    refusal=422,
)
def confirm_penalty(contract_id: int, penalty_id: int):
    penalty = penalties.contract_penalty(contract_for(current_user, contract_id), penalty_id)
    penalties.confirm_penalty(penalty, by=current_user)
    db.session.commit()
    return jsonify(penalty_json(penalty))


@area.post("/contracts/<int:contract_id>/penalties/<int:penalty_id>/waive")
@operation(
    "Waive a proposed penalty, with a reason",
    description="422 `waiver_needs_reason`; 409 `penalty_already_decided` (also when a simultaneous "
    "confirmation or waiver came first).",
    body=WaiverBody,
    answers={200: ("the penalty", "Penalty")},
    refusal=422,
)
def waive_penalty(contract_id: int, penalty_id: int):
    penalty = penalties.contract_penalty(contract_for(current_user, contract_id), penalty_id)
    penalties.waive_penalty(penalty, reason=WaiverBody.parse().reason or "", by=current_user)
    db.session.commit()
    return jsonify(penalty_json(penalty))


# --- the OpenAPI components ------------------------------------------------------------------------

CHAIN = {
    "type": "object",
    "required": ["started_on", "limit_end", "years_used", "years_left", "days_left"],
    "properties": {
        "id": {"type": "integer"},
        "started_on": DATE,
        "limit_end": DATE,
        "latest_end": DATE,
        "years_used": {"type": "string"},
        "years_left": {"type": "string"},
        "days_left": {"type": "integer"},
        "contracts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "year_in_chain": {"type": "integer"},
                    "start": DATE,
                    "end": DATE,
                },
            },
        },
    },
}
CAP = {
    "type": "object",
    "required": ["cap", "used", "remaining"],
    "properties": {"cap": MONEY, "used": MONEY, "remaining": MONEY},
}
PENALTY = {
    "type": "object",
    "required": ["id", "kind", "clause", "amount", "may_terminate", "status"],
    "properties": {
        "id": {"type": "integer"},
        "kind": {
            "type": "string",
            "enum": ["late_delivery", "acceptance_failed", "acceptance_failed_again", "evaluation", "other"],
        },
        "clause": {"type": "string"},
        "inputs": {"type": "object", "description": "what the amount was computed from; money and ratios as strings"},
        "amount": MONEY,
        "may_terminate": {
            "type": "boolean",
            "description": "the purchaser may terminate (late over 10 days, score under 60)",
        },
        "status": {"type": "string", "enum": ["proposed", "confirmed", "waived"]},
        "waive_reason": {"type": ["string", "null"]},
        "milestone_id": {"type": ["integer", "null"]},
        "evaluation_id": {"type": ["integer", "null"]},
    },
}
DEDUCTION = {
    "type": "object",
    "required": ["basis", "points_deducted", "amount", "full_payment", "may_terminate"],
    "properties": {
        "basis": {
            "type": "string",
            "enum": ["from_100", "from_90"],
            "description": "how points are counted: from 100 (the contract's default) or from 90",
        },
        "score": {"type": "string"},
        "points_deducted": {"type": "string"},
        "ratio": {"type": "string"},
        "amount": MONEY,
        "full_payment": {"type": "boolean"},
        "may_terminate": {"type": "boolean"},
        "clause": {"type": "string"},
    },
}


SCHEMAS = {
    "Renewal": {
        "type": "object",
        "required": ["contract", "chain"],
        "properties": {"contract": {"$ref": "#/components/schemas/ContractSummary"}, "chain": CHAIN},
    },
    "Supplement": {
        "type": "object",
        "required": ["supplement", "cap"],
        "properties": {
            "supplement": {
                "type": "object",
                "required": ["id", "seq", "increase", "reason"],
                "properties": {
                    "id": {"type": "integer"},
                    "seq": {"type": "integer"},
                    "increase": MONEY,
                    "reason": {"type": "string"},
                    "signed_on": DATE_OR_NULL,
                    "lines": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "line_item_id": {"type": ["integer", "null"]},
                                "name": {"type": "string"},
                                "unit": {"type": "string"},
                                "amount_before": MONEY_OR_NULL,
                                "amount_after": MONEY,
                            },
                        },
                    },
                },
            },
            "cap": CAP,
        },
    },
    "EvaluationResult": {
        "type": "object",
        "required": ["evaluation", "deduction", "other_basis", "penalty"],
        "properties": {
            "evaluation": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "score": {"type": "string"},
                    "evaluated_on": DATE,
                    "period_start": DATE,
                    "period_end": DATE,
                },
            },
            "deduction": DEDUCTION,
            "other_basis": DEDUCTION,
            "penalty": {"oneOf": [{"$ref": "#/components/schemas/Penalty"}, {"type": "null"}]},
        },
    },
    "Penalty": PENALTY,
}
