"""Reading contracts: every role; a vendor only its own organisation's (another's is a 404)."""

from flask import jsonify, request, url_for
from flask_login import current_user

from contractmgr import clock
from contractmgr.domain.status import contract_status
from contractmgr.models import Contract
from contractmgr.models.types import MAX_INT
from contractmgr.services.access import contract_for, visible_contracts
from contractmgr.services.contracts import PARTY_LOADS, view_contract
from contractmgr.services.paging import MAX_PER_PAGE, PER_PAGE, paginate
from contractmgr.web.api.areas import contracts as area
from contractmgr.web.api.areas import operation
from contractmgr.web.api.errors import ApiError
from contractmgr.web.api.schemas import DATE, DATE_OR_NULL, MONEY, MONEY_OR_NULL
from contractmgr.web.api.serializers import contract_detail, contract_summary

#: the query parameters of a paged list
PAGE_PARAMETERS = (
    {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "The page, from 1 (default 1); a page past the end is empty.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_INT, "default": 1},
    },
    {
        "name": "per_page",
        "in": "query",
        "required": False,
        "description": f"Contracts per page (default {PER_PAGE}; more than {MAX_PER_PAGE} reads as {MAX_PER_PAGE}).",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_INT, "default": PER_PAGE},
    },
)


def _query_integer(name: str, high: int) -> int | None:
    """An integer query parameter from 1 to `high`, or None when not given; else 422 naming it."""
    raw = request.args.get(name, "")
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= high:
        raise ApiError("invalid_input", f"{name} must be an integer from 1 to {high}; got {raw!r}")
    return int(raw)


@area.get("/contracts")
@operation(
    "The contracts the caller may see (a vendor: only its own), a page at a time, by id",
    description="Follow `next` until it is null to read them all.",
    query=PAGE_PARAMETERS,
    answers={
        200: (
            "contracts",
            {
                "type": "object",
                "required": ["contracts", "page", "per_page", "total", "next"],
                "properties": {
                    "contracts": {"type": "array", "items": {"$ref": "#/components/schemas/ContractSummary"}},
                    "page": {"type": "integer", "minimum": 1},
                    "per_page": {"type": "integer", "minimum": 1},
                    "total": {"type": "integer", "minimum": 0, "description": "contracts on every page together"},
                    "next": {"type": ["string", "null"], "description": "the URL of the next page; null on the last"},
                },
            },
        ),
        422: ("page or per_page outside its range (`invalid_input`, the message names it)", "Error"),
    },
)
def list_contracts():
    page = paginate(
        visible_contracts(current_user).order_by(Contract.id).options(*PARTY_LOADS),
        _query_integer("page", MAX_INT),
        _query_integer("per_page", MAX_INT),  # more than MAX_PER_PAGE reads as MAX_PER_PAGE
    )
    today = clock.today()
    following = (
        url_for("api.contracts.list_contracts", page=page.number + 1, per_page=page.per_page, _external=True)
        if page.has_next
        else None
    )
    return jsonify(
        contracts=[
            contract_summary(c, contract_status(c.start_on, c.end_on, today, c.terminated_on)) for c in page.items
        ],
        page=page.number,
        per_page=page.per_page,
        total=page.total,
        next=following,
    )


@area.get("/contracts/<int:contract_id>")
@operation("One contract: header, periods, line items", answers={200: ("the contract", "ContractDetail")})
def get_contract(contract_id: int):
    return jsonify(contract_detail(view_contract(contract_for(current_user, contract_id), clock.today())))


CONTRACT_SUMMARY = {
    "type": "object",
    "required": ["id", "title", "purchaser", "vendor", "total_amount", "start", "end", "status"],
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "procurement_number": {"type": ["string", "null"]},
        "filing_number": {"type": ["string", "null"]},
        "purchaser": {"type": "string"},
        "vendor": {"type": "string"},
        "total_amount": MONEY,
        "start": DATE,
        "end": DATE,
        "status": {"type": "string", "enum": ["upcoming", "active", "ended", "terminated"]},
        "year_in_chain": {"type": "integer"},
    },
}

LINE_ITEM = {
    "type": "object",
    "required": ["seq", "unit", "name", "amount", "period_basis", "start_on_confirmation"],
    "properties": {
        "seq": {"type": "integer"},
        "unit": {"type": "string"},
        "name": {"type": "string"},
        "content": {"type": ["string", "null"]},
        "requirements": {"type": ["string", "null"]},
        "amount": MONEY_OR_NULL,
        "term_months": {"type": "integer"},
        "own_start": DATE_OR_NULL,
        "start_on_confirmation": {"type": "boolean"},
        "confirmed_on": DATE_OR_NULL,
        "period": {
            "type": ["object", "null"],
            "description": "null while the line waits for its confirmation date",
            "properties": {"start": DATE, "end": DATE},
        },
        "period_basis": {"type": "string", "enum": ["contract", "own_start", "confirmed", "waiting_confirmation"]},
        "days_past_contract_end": {"type": "integer"},
        "onsite_staff": {"type": "integer"},
        "sla": {"type": "object"},
    },
}

CONTRACT_DETAIL = {
    "type": "object",
    "required": ["chain", "line_items", "milestones", "lines_total"],
    "properties": {
        **CONTRACT_SUMMARY["properties"],
        "total_amount_upper": {"type": ["string", "null"]},
        "signed_on": DATE_OR_NULL,
        "min_onsite_staff": {"type": ["integer", "null"]},
        "evaluation_basis": {"type": "string", "enum": ["from_100", "from_90"]},
        "chain": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "started_on": DATE,
                "original_award_amount": MONEY,
                "max_years": {"type": "integer"},
                "change_cap_ratio": {"type": "string"},
            },
        },
        "lines_total": MONEY,
        "notices": {"type": "array", "items": {"type": "object", "properties": {"code": {"type": "string"}}}},
        "milestones": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "seq": {"type": "integer"},
                    "ratio": {"type": "string"},
                    "amount": MONEY,
                    "due_working_days": {"type": "integer"},
                    "trigger": {"type": "string"},
                },
            },
        },
        "line_items": {"type": "array", "items": {"$ref": "#/components/schemas/LineItem"}},
    },
}


SCHEMAS = {
    "ContractSummary": CONTRACT_SUMMARY,
    "ContractDetail": CONTRACT_DETAIL,
    "LineItem": LINE_ITEM,
}
