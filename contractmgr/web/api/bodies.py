"""Request bodies of /api/v1, read in one place. Each body is declared once, as typed fields; the same
declaration reads the request and writes the body's JSON Schema into the OpenAPI document.

Amounts are read by the forms' reader (forms.fields.read_amount: at most two decimals, not negative),
here as decimal strings only; a blank amount or date is no value, as on the forms. A body that is not
what it declares is answered `invalid_input` (422) with a message naming the field, unless the body
declares another code, status or message (the answers some routes have always given)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from flask import request

from contractmgr.domain.periods import FIRST_DAY, LAST_DAY
from contractmgr.models.types import MAX_INT
from contractmgr.web.api.errors import ApiError
from contractmgr.web.api.schemas import DATE, MONEY, nullable
from forms.fields import AmountRefused, read_amount


class Wrong(ValueError):
    """A field's value is not what it declares; the message names the field."""


class Field:
    """One field of a body: how it is read from JSON and how its schema reads."""

    schema: ClassVar[dict] = {}
    #: what a value looks like, for the message when it is missing
    hint: ClassVar[str] = ""

    def __init__(
        self, *, required: bool = False, description: str = "", hint: str = "", code: str = "", message: str = ""
    ):
        self.required, self.description = required, description
        self.hint = hint or self.hint
        #: the code and message this field is refused with, where they are not the body's
        self.code, self.message = code, message
        self.name = ""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def read(self, value: Any) -> Any:
        """The value of a field present in the body and not null; raises Wrong."""
        return value

    def missing(self) -> str:
        return f"{self.name} is required ({self.hint})" if self.hint else f"{self.name} is required"

    def json_schema(self) -> dict:
        schema = self.schema if self.required else nullable(self.schema)
        return {**schema, "description": self.description} if self.description else schema


class Text(Field):
    schema = {"type": "string"}

    def __init__(self, *, strip: bool = False, blank: bool = True, one_of: tuple[str, ...] = (), **kwargs):
        super().__init__(**kwargs)
        #: `blank`: an empty string counts as given; `one_of`: the values that make sense, for the schema
        #: (a rule refuses the others, with its own code)
        self.strip, self.blank, self.one_of = strip, blank, one_of

    def json_schema(self) -> dict:
        schema = super().json_schema()
        return {**schema, "enum": [*self.one_of, *([None] if not self.required else [])]} if self.one_of else schema

    def read(self, value: Any) -> str | None:
        if not isinstance(value, str):
            raise Wrong(f"{self.name} must be a string")
        value = value.strip() if self.strip else value
        if not self.blank and not value:
            raise Wrong(self.missing())
        return value


class Date(Field):
    """An ISO date (2027-05-22) from FIRST_DAY to LAST_DAY (domain.periods)."""

    schema = DATE
    hint = "an ISO date, e.g. 2027-05-22"
    _ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

    def read(self, value: Any) -> date | None:
        if value == "":
            return None
        try:
            day = date.fromisoformat(value) if self._ISO.fullmatch(value) else None
        except (TypeError, ValueError):
            day = None
        if day is None:
            raise Wrong(f"{self.name} must be {self.hint}; got {value!r}")
        if not FIRST_DAY <= day <= LAST_DAY:
            raise Wrong(f"{self.name} must be a date from {FIRST_DAY} to {LAST_DAY}; got {value!r}")
        return day


class Money(Field):
    schema = MONEY
    hint = 'a decimal string, e.g. "827140.00"'
    #: why an amount is refused (forms.fields.AmountRefused), after the field's name
    REFUSALS: ClassVar[dict[str, str]] = {
        "not_amount": 'must be a decimal string such as "827140.00"',
        "decimals": "must have at most two decimals",
        "negative": "must not be negative",
        "too_large": "must be less than 1000000000000.00",
    }

    def read(self, value: Any) -> Decimal | None:
        if not isinstance(value, str):
            raise Wrong(f'{self.name} must be a decimal string such as "827140.00", not a JSON number')
        try:
            return read_amount(value, plain=True)
        except AmountRefused as refused:
            raise Wrong(f"{self.name} {self.REFUSALS[refused.reason]}; got {value!r}") from None


class Integer(Field):
    """An integer an INTEGER column holds (ids, sequence numbers, days: at most 2^31 − 1)."""

    schema = {"type": "integer", "minimum": -MAX_INT - 1, "maximum": MAX_INT}
    hint = "an integer"

    def read(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Wrong(f"{self.name} must be an integer; got {value!r}")
        if not -MAX_INT - 1 <= value <= MAX_INT:
            raise Wrong(f"{self.name} must be an integer from {-MAX_INT - 1} to {MAX_INT}; got {value!r}")
        return value


class Number(Field):
    """A number a person reads as one (85, 85.5, "85.5"), to a Decimal: digits with an optional sign and
    decimal point; not NaN, Infinity or an exponent (1e309)."""

    schema = {"type": ["number", "string"]}
    _PLAIN = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")

    def read(self, value: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise Wrong(self.missing())
        text = value if isinstance(value, str) else repr(value)
        if not self._PLAIN.fullmatch(text.strip()):
            raise Wrong(f"{self.name} must be a number such as 85 or 85.5; got {value!r}")
        return Decimal(text.strip())


class Choice(Field):
    def __init__(self, *choices: str, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def json_schema(self) -> dict:
        return {"type": "string", "enum": list(self.choices)}

    def read(self, value: Any) -> str:
        if value not in self.choices:
            raise Wrong(f"{self.name} must be {' or '.join(self.choices)}; got {value!r}")
        return value

    def missing(self) -> str:
        return f"{self.name} must be {' or '.join(self.choices)}; got None"


class Flag(Field):
    schema = {"type": "boolean", "default": False}

    def read(self, value: Any) -> bool:
        return bool(value)

    def json_schema(self) -> dict:
        return {**self.schema, "description": self.description} if self.description else self.schema


class Anything(Field):
    """A JSON object passed on as it is, checked by whoever reads it; anything else counts as absent."""

    def __init__(self, schema: dict, **kwargs):
        super().__init__(**kwargs)
        self.object_schema = schema

    def read(self, value: Any) -> dict | None:
        return value if isinstance(value, dict) else None

    def json_schema(self) -> dict:
        return {**self.object_schema, "description": self.description} if self.description else self.object_schema


class Rows(Field):
    """A list of objects, each read as the body `row`."""

    def __init__(self, row: type[Body], **kwargs):
        super().__init__(**kwargs)
        self.row = row

    def read(self, value: Any) -> list:
        if not isinstance(value, list):
            raise Wrong(f"{self.name} must be a list")
        rows = []
        for index, item in enumerate(value):
            where = f"{self.name}[{index}]"
            if not isinstance(item, dict):
                raise Wrong(f"{where} must be an object")
            rows.append(self.row.from_mapping(item, where=where))
        return rows

    def json_schema(self) -> dict:
        return {"type": "array", "items": self.row.json_schema()}


class Upload(Field):
    """A file of a multipart body."""

    schema = {"type": "string", "contentMediaType": "application/octet-stream"}


class Body:
    """A request body, declared as fields in the order they are read."""

    #: how a body that is not what it declares is answered
    code: ClassVar[str] = "invalid_input"
    status: ClassVar[int] = 422
    #: one message for every mistake in this body, where the route has always said it so
    message: ClassVar[str] = ""
    not_object: ClassVar[str] = "the body must be a JSON object"
    #: no body at all reads as {} (every field optional)
    optional: ClassVar[bool] = False
    multipart: ClassVar[bool] = False
    example: ClassVar[dict | None] = None

    @classmethod
    def fields(cls) -> list[Field]:
        seen: dict[str, Field] = {}
        for klass in reversed(cls.__mro__):
            seen.update({name: value for name, value in vars(klass).items() if isinstance(value, Field)})
        return list(seen.values())

    @classmethod
    def parse(cls) -> Body:
        """This body, read from the request; raises ApiError naming what is wrong."""
        if cls.multipart:
            return cls.from_mapping({**request.form.to_dict(), **request.files.to_dict()})
        data = request.get_json(silent=True)
        if data is None and cls.optional:
            data = {}
        if not isinstance(data, dict):
            raise cls.refusal(cls.not_object)
        return cls.from_mapping(data)

    @classmethod
    def from_mapping(cls, data: dict, where: str = "") -> Body:
        body = cls()
        for field in cls.fields():
            value = data.get(field.name)
            try:
                if value is None or (isinstance(field, Upload) and not getattr(value, "filename", "")):
                    if field.required:
                        raise Wrong(field.missing())
                    parsed = None
                else:
                    parsed = field.read(value)
            except Wrong as wrong:
                message = str(field.message or wrong)
                raise cls.refusal(f"{where}.{message}" if where else message, field.code) from None
            setattr(body, field.name, parsed)
        body.check(where)
        return body

    @classmethod
    def refusal(cls, message: str, code: str = "") -> ApiError:
        return ApiError(code or cls.code, str(cls.message or message), cls.status)

    def check(self, where: str) -> None:
        """Rules between fields; raise self.refusal(message) when one is broken."""

    def values(self) -> dict:
        return {field.name: getattr(self, field.name) for field in self.fields()}

    @classmethod
    def json_schema(cls) -> dict:
        fields = cls.fields()
        schema: dict = {"type": "object", "properties": {f.name: f.json_schema() for f in fields}}
        required = [f.name for f in fields if f.required]
        return {**schema, "required": required} if required else schema

    @classmethod
    def request_body(cls) -> dict:
        content: dict = {"schema": cls.json_schema()}
        if cls.example is not None:
            content["example"] = cls.example
        media = "multipart/form-data" if cls.multipart else "application/json"
        return {"required": not cls.optional, "content": {media: content}}
