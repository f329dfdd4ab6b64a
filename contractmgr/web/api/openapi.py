"""The OpenAPI 3.1 document of /api/v1 (its schemas are JSON Schema 2020-12), kept true by tests/test_api.py (every route listed, responses valid)."""
from flask import jsonify

from contractmgr.web.api import bp

MONEY = {"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$", "description": "RMB, decimal string"}
MONEY_OR_NULL = {**MONEY, "type": ["string", "null"]}
DATE = {"type": "string", "format": "date"}
DATE_OR_NULL = {**DATE, "type": ["string", "null"]}

ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
}

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


def _json(schema_ref: str) -> dict:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}


ERRORS = {
    "401": {"description": "missing or invalid bearer token", **_json("Error")},
    "404": {"description": "no such record, or not yours to see", **_json("Error")},
}

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "contractmgr API",
        "version": "1",
        "description": "Contracts of municipal IT operations and maintenance (运维). Bearer tokens from "
                       "`flask --app app users token NAME`. Money is a decimal string, dates ISO 8601.",
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "paths": {
        "/contracts": {
            "get": {
                "summary": "The contracts the caller may see (a vendor: only its own)",
                "responses": {
                    "200": {"description": "contracts", "content": {"application/json": {"schema": {
                        "type": "object", "required": ["contracts"],
                        "properties": {"contracts": {"type": "array",
                                                     "items": {"$ref": "#/components/schemas/ContractSummary"}}},
                    }}}},
                    "401": ERRORS["401"],
                },
            }
        },
        "/contracts/{contract_id}": {
            "get": {
                "summary": "One contract: header, periods, line items",
                "parameters": [{"name": "contract_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "the contract", **_json("ContractDetail")}, **ERRORS},
            }
        },
        "/openapi.json": {
            "get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI 3"}}}
        },
    },
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": ERROR,
            "ContractSummary": CONTRACT_SUMMARY,
            "ContractDetail": CONTRACT_DETAIL,
            "LineItem": LINE_ITEM,
        },
    },
}


@bp.get("/openapi.json")
def openapi():
    return jsonify(DOCUMENT)
