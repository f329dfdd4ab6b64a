"""Building blocks of the OpenAPI document that every API module uses."""

MONEY = {"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$", "description": "RMB, decimal string"}
MONEY_OR_NULL = {**MONEY, "type": ["string", "null"]}
DATE = {"type": "string", "format": "date"}
DATE_OR_NULL = {**DATE, "type": ["string", "null"]}

ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
}


def json_body(schema_ref: str) -> dict:
    """An application/json content entry pointing at a component schema."""
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}


def json_schema(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


ERRORS = {
    "401": {"description": "missing or invalid bearer token", **json_body("Error")},
    "403": {"description": "the caller's role may not do this", **json_body("Error")},
    "404": {"description": "no such record, or not the caller's to see", **json_body("Error")},
}
#: a rule broken: the message says which rule and by how much
UNPROCESSABLE = {
    "422": {"description": "a contract rule is broken; the message says which and by how much", **json_body("Error")}
}


def path_id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}
