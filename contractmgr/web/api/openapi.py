"""The OpenAPI 3.1 document of /api/v1 (its schemas are JSON Schema 2020-12), assembled from the
PATHS and SCHEMAS of each API module and kept true by tests/test_api.py: every route listed,
every response valid against its schema."""

from importlib import import_module

from flask import jsonify

from contractmgr.web.api import API_MODULES, bp
from contractmgr.web.api.schemas import ERROR


def document() -> dict:
    paths = {
        "/openapi.json": {
            "get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI 3.1"}}}
        }
    }
    schemas = {"Error": ERROR}
    for name in API_MODULES:
        module = import_module(f"contractmgr.web.api.{name}")
        paths.update(module.PATHS)
        schemas.update(module.SCHEMAS)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "contractmgr API",
            "version": "1",
            "description": "Contracts of municipal IT operations and maintenance (运维). Bearer tokens from "
            "`flask --app app users token NAME`. Money is a decimal string, dates ISO 8601.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}, "schemas": schemas},
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())
