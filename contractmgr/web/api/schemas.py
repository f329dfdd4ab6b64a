"""Building blocks of the OpenAPI document's schemas that every API module uses."""

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


def nullable(schema: dict) -> dict:
    """`schema`, or null: an optional field may be sent as null, which reads as absent."""
    kind = schema.get("type")
    if kind is None or kind == "null" or (isinstance(kind, list) and "null" in kind):
        return schema
    return {**schema, "type": [*kind, "null"] if isinstance(kind, list) else [kind, "null"]}
