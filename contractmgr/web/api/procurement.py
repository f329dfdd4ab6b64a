"""The procurement officer's operations: renewals, supplements, evaluations, penalties.

Who may call them: the procurement officer only (role `procurement`). Finance, vendors and the
administrator get 403 — the same as the officer's pages: these are the purchaser's decisions, and
the administrator manages users and calendars, not contracts. A broken contract rule answers 422
with the rule's code in `error` and a message saying which rule and by how much; a body that is
not what the schema says answers 422 with `error` "invalid_input". Money in and out as decimal strings.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from flask import abort, jsonify, request
from flask_login import current_user

from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.models import Contract, Penalty, Role
from contractmgr.services import evaluations, penalties, renewals, supplements
from contractmgr.services.access import contract_for
from contractmgr.services.contracts import view_contract
from contractmgr.services.supplements import SupplementChange
from contractmgr.texts.messages import explain
from contractmgr.web.api import bp
from contractmgr.web.api.schemas import (
    DATE,
    DATE_OR_NULL,
    ERRORS,
    MONEY,
    MONEY_OR_NULL,
    UNPROCESSABLE,
    json_body,
    path_id,
)
from contractmgr.web.api.serializers import contract_summary, iso, money


class InvalidInput(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@bp.errorhandler(InvalidInput)
def _invalid_input(error: InvalidInput):
    db.session.rollback()
    return jsonify(error="invalid_input", message=error.message), 422


def _refused(violation: RuleViolation):
    db.session.rollback()
    return jsonify(error=violation.code, message=explain(violation.code, **violation.params)), 422


def _officer_contract(contract_id: int) -> Contract:
    """The contract, for the procurement officer only: any other role is refused (403) before the
    contract is even looked up, so a refusal tells nothing about which contracts exist."""
    if current_user.role != Role.PROCUREMENT:
        abort(403)
    return contract_for(current_user, contract_id)


# --- reading the body -------------------------------------------------------------------------------


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput("the body must be a JSON object")
    return body


def _date(body: dict, key: str, *, required: bool = False) -> date | None:
    value = body.get(key)
    if value is None:
        if required:
            raise InvalidInput(f"{key} is required (an ISO date, e.g. 2027-05-22)")
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{key} must be an ISO date, e.g. 2027-05-22; got {value!r}") from None


def _money(body: dict, key: str, *, required: bool = False) -> Decimal | None:
    value = body.get(key)
    if value is None:
        if required:
            raise InvalidInput(f'{key} is required (a decimal string, e.g. "827140.00")')
        return None
    if not isinstance(value, str):
        raise InvalidInput(f'{key} must be a decimal string such as "827140.00", not a JSON number')
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise InvalidInput(f'{key} must be a decimal string such as "827140.00"; got {value!r}') from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")) or amount < 0:
        raise InvalidInput(f"{key} must be a non-negative amount with at most two decimals; got {value!r}")
    return amount


def _integer(body: dict, key: str, *, default: int | None = None) -> int | None:
    value = body.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{key} must be an integer; got {value!r}")
    return value


def _text(body: dict, key: str) -> str | None:
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"{key} must be a string")
    return value


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


@bp.post("/contracts/<int:contract_id>/renewals")
def create_renewal(contract_id: int):
    contract = _officer_contract(contract_id)
    body = _body()
    try:
        renewal = renewals.record_renewal(
            contract,
            start=_date(body, "start", required=True),
            end=_date(body, "end", required=True),
            total_amount=_money(body, "total_amount"),
            signed_on=_date(body, "signed_on"),
            title=_text(body, "title"),
            filing_number=_text(body, "filing_number"),
        )
    except RuleViolation as violation:
        return _refused(violation)
    db.session.commit()
    return jsonify(contract=contract_summary(view_contract(renewal, date.today())), chain=chain_json(renewal)), 201


def _changes(contract: Contract, body: dict) -> list[SupplementChange]:
    rows = body.get("lines") or []
    if not isinstance(rows, list):
        raise InvalidInput("lines must be a list")
    by_seq = {line.seq: line.id for line in contract.lines}
    changes = []
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            raise InvalidInput(f"lines[{index}] must be an object")
        seq = _integer(row, "seq")
        if seq is not None and seq not in by_seq:
            raise RuleViolation("line_not_in_contract", ids=[seq])
        if seq is None and not (_text(row, "name") or "").strip():
            raise InvalidInput(f"lines[{index}] needs the seq of a line it changes, or the name of a line it adds")
        changes.append(
            SupplementChange(
                amount_after=_money(row, "amount_after", required=True),
                line_item_id=by_seq.get(seq),
                name=(_text(row, "name") or "").strip(),
                unit_name=(_text(row, "unit") or "").strip(),
            )
        )
    return changes


@bp.post("/contracts/<int:contract_id>/supplements")
def create_supplement(contract_id: int):
    contract = _officer_contract(contract_id)
    body = _body()
    reason = (_text(body, "reason") or "").strip()
    if not reason:
        raise InvalidInput("reason is required: a supplementary contract says why the work changes")
    try:
        supplement, cap = supplements.record_supplement(
            contract,
            increase=_money(body, "increase"),
            reason=reason,
            signed_on=_date(body, "signed_on"),
            changes=_changes(contract, body),
        )
    except RuleViolation as violation:
        return _refused(violation)
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


def _score(body: dict) -> Decimal:
    value = body.get("score")
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise InvalidInput("score is required: a number from 0 to 100, e.g. 85")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise InvalidInput(f"score must be a number from 0 to 100; got {value!r}") from None


@bp.post("/contracts/<int:contract_id>/evaluations")
def create_evaluation(contract_id: int):
    contract = _officer_contract(contract_id)
    body = _body()
    try:
        result = evaluations.record_evaluation(
            contract,
            score=_score(body),
            evaluated_on=_date(body, "evaluated_on") or date.today(),
            period_start=_date(body, "period_start") or contract.start_on,
            period_end=_date(body, "period_end") or contract.end_on,
            note=_text(body, "note") or "",
            by=current_user,
        )
    except RuleViolation as violation:
        return _refused(violation)
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


@bp.post("/contracts/<int:contract_id>/penalties")
def create_penalty(contract_id: int):
    contract = _officer_contract(contract_id)
    body = _body()
    kind = body.get("kind")
    try:
        if kind == "late_delivery":
            days = _integer(body, "days")
            if days is None:
                raise InvalidInput("days is required for late_delivery")
            penalty = penalties.assess_late_delivery(contract, days, by=current_user)
        elif kind == "acceptance_failed":
            penalty = penalties.assess_acceptance_failure(
                contract, _integer(body, "attempt", default=1), by=current_user
            )
        else:
            raise InvalidInput(f"kind must be late_delivery or acceptance_failed; got {kind!r}")
    except RuleViolation as violation:
        return _refused(violation)
    db.session.commit()
    return jsonify(penalty_json(penalty)), 201


@bp.post("/contracts/<int:contract_id>/penalties/<int:penalty_id>/confirm")
def confirm_penalty(contract_id: int, penalty_id: int):
    penalty = penalties.contract_penalty(_officer_contract(contract_id), penalty_id)
    try:
        penalties.confirm_penalty(penalty, by=current_user)
    except RuleViolation as violation:
        return _refused(violation)
    db.session.commit()
    return jsonify(penalty_json(penalty))


@bp.post("/contracts/<int:contract_id>/penalties/<int:penalty_id>/waive")
def waive_penalty(contract_id: int, penalty_id: int):
    penalty = penalties.contract_penalty(_officer_contract(contract_id), penalty_id)
    try:
        penalties.waive_penalty(penalty, reason=_text(_body(), "reason") or "", by=current_user)
    except RuleViolation as violation:
        return _refused(violation)
    db.session.commit()
    return jsonify(penalty_json(penalty))


# --- the OpenAPI description -------------------------------------------------------------------------

OFFICER_ONLY = "Procurement officer only: finance, vendors and administrators get 403."
POST_ERRORS = {**ERRORS, **UNPROCESSABLE}
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


def _request(schema: dict, example: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema, "example": example}}}


def _created(description: str, schema: dict) -> dict:
    return {"201": {"description": description, "content": {"application/json": {"schema": schema}}}}


PATHS = {
    "/contracts/{contract_id}/renewals": {
        "post": {
            "summary": "Renew the contract: next year's contract with its lines and terms, linked in the chain",
            "description": OFFICER_ONLY
            + " 422 `renewal_limit_exceeded` when the renewal ends past the chain's 3 years "
            "(the message gives the days over), `renewal_overlaps`, `already_renewed`.",
            "parameters": [path_id("contract_id")],
            "requestBody": _request(
                {
                    "type": "object",
                    "required": ["start", "end"],
                    "properties": {
                        "start": DATE,
                        "end": DATE,
                        "total_amount": MONEY_OR_NULL,
                        "signed_on": DATE_OR_NULL,
                        "title": {"type": ["string", "null"]},
                        "filing_number": {"type": ["string", "null"]},
                    },
                },
                {"start": "2027-05-22", "end": "2028-05-21"},
            ),
            "responses": {
                **_created("the renewal and its chain", {"$ref": "#/components/schemas/Renewal"}),
                **POST_ERRORS,
            },
        }
    },
    "/contracts/{contract_id}/supplements": {
        "post": {
            "summary": "Add a supplementary contract (补充合同), counted against the chain's 10% cap",
            "description": OFFICER_ONLY
            + " `increase` may be left out when `lines` are given (their net change is taken). "
            "422 `supplement_cap_exceeded` when all supplements of the chain would exceed 10% of the "
            "original award (the message gives the amount over), `supplement_lines_disagree`.",
            "parameters": [path_id("contract_id")],
            "requestBody": _request(
                {
                    "type": "object",
                    "required": ["reason"],
                    "properties": {
                        "increase": MONEY,
                        "reason": {"type": "string"},
                        "signed_on": DATE_OR_NULL,
                        "lines": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["amount_after"],
                                "properties": {
                                    "seq": {
                                        "type": "integer",
                                        "description": "the line it changes; leave out for a new line",
                                    },
                                    "name": {"type": "string"},
                                    "unit": {"type": "string"},
                                    "amount_after": MONEY,
                                },
                            },
                        },
                    },
                },
                {"increase": "500000.00", "reason": "新增两个系统的运维"},
            ),
            "responses": {
                **_created("the supplement and the cap after it", {"$ref": "#/components/schemas/Supplement"}),
                **POST_ERRORS,
            },
        }
    },
    "/contracts/{contract_id}/evaluations": {
        "post": {
            "summary": "Record an evaluation (考评); under 90 it proposes a deduction on the contract's basis",
            "description": OFFICER_ONLY + " The answer gives the deduction on the contract's basis and, beside it, "
            "on the other basis. Dates default to today and the contract's period.",
            "parameters": [path_id("contract_id")],
            "requestBody": _request(
                {
                    "type": "object",
                    "required": ["score"],
                    "properties": {
                        "score": {"type": ["number", "string"], "minimum": 0, "maximum": 100},
                        "evaluated_on": DATE,
                        "period_start": DATE,
                        "period_end": DATE,
                        "note": {"type": "string"},
                    },
                },
                {"score": 85},
            ),
            "responses": {
                **_created("the evaluation and its deduction", {"$ref": "#/components/schemas/EvaluationResult"}),
                **POST_ERRORS,
            },
        }
    },
    "/contracts/{contract_id}/penalties": {
        "post": {
            "summary": "Propose a penalty (违约金, contract 第十三条): late delivery or failed acceptance",
            "description": OFFICER_ONLY
            + " late_delivery: 1% of the total a day, at most 10%, may_terminate from day 11. "
            "acceptance_failed: 5%, attempt 2 or later 10% (kind acceptance_failed_again).",
            "parameters": [path_id("contract_id")],
            "requestBody": _request(
                {
                    "type": "object",
                    "required": ["kind"],
                    "properties": {
                        "kind": {"type": "string", "enum": ["late_delivery", "acceptance_failed"]},
                        "days": {"type": "integer", "minimum": 1},
                        "attempt": {"type": "integer", "minimum": 1},
                    },
                },
                {"kind": "late_delivery", "days": 11},
            ),
            "responses": {**_created("the proposed penalty", {"$ref": "#/components/schemas/Penalty"}), **POST_ERRORS},
        }
    },
    "/contracts/{contract_id}/penalties/{penalty_id}/confirm": {
        "post": {
            "summary": "Confirm a proposed penalty: netted against the next unpaid milestone",
            "description": OFFICER_ONLY + " 422 `penalty_already_decided`.",
            "parameters": [path_id("contract_id"), path_id("penalty_id")],
            "responses": {"200": {"description": "the penalty", **json_body("Penalty")}, **POST_ERRORS},
        }
    },
    "/contracts/{contract_id}/penalties/{penalty_id}/waive": {
        "post": {
            "summary": "Waive a proposed penalty, with a reason",
            "description": OFFICER_ONLY + " 422 `waiver_needs_reason`, `penalty_already_decided`.",
            "parameters": [path_id("contract_id"), path_id("penalty_id")],
            "requestBody": _request(
                {"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}}},
                {"reason": "供应商已提前书面报告延误原因，经研究免除"},
            ),
            "responses": {"200": {"description": "the penalty", **json_body("Penalty")}, **POST_ERRORS},
        }
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
