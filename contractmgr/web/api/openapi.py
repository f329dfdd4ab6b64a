"""The OpenAPI 3.1 document of /api/v1 (its schemas are JSON Schema 2020-12), generated from the routes
themselves: the paths, methods and path parameters from the URL map, what each route reads and answers
from its declaration (areas.Operation, its body's fields), 403 from its area's guard, and the
components from each API module's SCHEMAS. tests/test_api.py checks that every route is in it and
that responses validate against it."""

import re
from importlib import import_module

from flask import current_app, jsonify

from contractmgr.models.types import MAX_INT
from contractmgr.web.api import API_MODULES, areas, bp
from contractmgr.web.api.areas import Operation, operation
from contractmgr.web.api.schemas import ERROR, json_body

PREFIX = "/api/v1"
_ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
#: an id in a path is what an INTEGER column holds (web/arguments.py: a larger one is a 404)
#: what any path answers to a method it does not take
METHOD_NOT_ALLOWED = {
    "description": "the path does not take this method",
    "headers": {
        "Allow": {"description": "the methods the path takes, e.g. `GET, HEAD, OPTIONS`", "schema": {"type": "string"}}
    },
    **json_body("Error"),
}
_TYPES = {"int": {"type": "integer", "minimum": 0, "maximum": MAX_INT}, "float": {"type": "number"}}


def _path(rule: str) -> tuple[str, list[dict]]:
    """The OpenAPI path of a URL rule and its path parameters, in order."""
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": _TYPES.get(converter, {"type": "string"})}
        for converter, name in _ARGUMENT.findall(rule)
    ]
    return _ARGUMENT.sub(r"{\2}", rule[len(PREFIX) :]), parameters


def _answer(answer) -> dict:
    if isinstance(answer, dict):
        return answer
    description, schema = answer
    if schema is None:
        return {"description": description}
    if isinstance(schema, str):
        return {"description": description, **json_body(schema)}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _refusals(op: Operation, area: areas.Area | None, parameters: list, writes: bool) -> dict:
    """The refusals a route can answer, from its guard, its path, its body and whether it writes."""
    refusals = {"400": "a NUL byte in the query string or the body (text cannot hold one); the message names the field"}
    forbidden = []
    if area is not None and area.roles:
        forbidden.append("the caller's role may not do this")
    if not op.public:
        refusals["401"] = "missing or invalid bearer token"
        forbidden.append("password_change_required: the caller must first change a password an administrator set")
    if forbidden:
        refusals["403"] = "; or ".join(forbidden)
    if parameters:
        refusals["404"] = "no such record, or not the caller's to see"
    if op.body is not None:
        codes = dict.fromkeys([op.body.code, *(f.code for f in op.body.fields() if f.code)])
        refusals[str(op.body.status)] = (
            f"the body is not what its schema says: `error` is {' or '.join(codes)}, the message names the field"
        )
    if writes:
        refusals["409"] = (
            "another request changed the record first (`concurrent_change`), or the record is no longer in "
            "the state this asks for (already decided, confirmed, submitted); nothing was written"
        )
    if op.refusal is not None:
        refusals[str(op.refusal)] = "a contract rule is broken; the message says which and by how much"
    return {status: {"description": text, **json_body("Error")} for status, text in refusals.items()}


def _operation(op: Operation, area: areas.Area | None, parameters: list, writes: bool = False) -> dict:
    described = {"summary": op.summary}
    description = " ".join(text for text in (area.who if area else "", op.description) if text)
    if description:
        described["description"] = description
    if op.public:
        described["security"] = []
    if parameters or op.query:
        described["parameters"] = [*parameters, *op.query]
    if op.body is not None:
        described["requestBody"] = op.body.request_body()
    elif op.request_body is not None:
        described["requestBody"] = op.request_body
    answers = {str(status): _answer(answer) for status, answer in op.answers.items()}
    described["responses"] = {**_refusals(op, area, parameters, writes), **answers}
    return described


def document() -> dict:
    paths: dict = {}
    for rule in sorted(current_app.url_map.iter_rules(), key=lambda r: r.rule):
        view = current_app.view_functions[rule.endpoint]
        if not rule.rule.startswith(PREFIX + "/") or not hasattr(view, "operation"):
            continue  # a route without a declaration is missing here, and the test says so
        area = current_app.blueprints.get(rule.endpoint.rpartition(".")[0])
        path, parameters = _path(rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            described = _operation(
                view.operation, area if isinstance(area, areas.Area) else None, parameters, method != "GET"
            )
            paths.setdefault(path, {})[method.lower()] = described
    schemas = {"Error": ERROR}
    for name in API_MODULES:
        schemas.update(import_module(f"contractmgr.web.api.{name}").SCHEMAS)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "contractmgr API",
            "version": "1",
            "description": "Contracts of municipal IT operations and maintenance (运维). Bearer tokens from "
            "`flask --app app users token NAME`. Money is a decimal string, dates ISO 8601 (2000-01-01 to "
            "2099-12-31), timestamps ISO 8601 with their offset. A method a path does not take answers 405 with "
            "an `Allow` header listing those it does (components/responses/MethodNotAllowed).",
        },
        "servers": [{"url": PREFIX}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas,
            "responses": {"MethodNotAllowed": METHOD_NOT_ALLOWED},
        },
    }


@bp.get("/openapi.json")
@operation("This document", public=True, answers={200: ("OpenAPI 3.1", None)})
def openapi():
    return jsonify(document())
