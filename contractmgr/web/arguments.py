"""What a request may carry, bounded before anything reaches the database.

Record ids as the database holds them: a positive 32-bit INTEGER (PostgreSQL refuses 2^31 and more
with an error, SQLite would just find nothing). An id outside that range names no record, so it is
answered as one that does not exist: 404 in a URL, no value in a query string or a form."""

from typing import Any

from flask import request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest, NotFound
from werkzeug.routing import IntegerConverter

from contractmgr.models.types import MAX_INT as MAX_ID


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: digits up to MAX_ID, else 404 whatever the method (werkzeug's own bound
    would let the path's other rules answer 405 where they take other methods)."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > MAX_ID:
            raise NotFound()
        return number


def id_arg(value: str) -> int:
    """A record id from a query string (`request.args.get(name, type=id_arg)`): ValueError, and so
    no value, when it is not digits or is larger than any id."""
    if not value.isascii() or not value.isdigit() or int(value) > MAX_ID:
        raise ValueError(value)
    return int(value)


def year_arg(value: str) -> int:
    """A calendar year from a query string (`type=year_arg`): ValueError, and so no value, outside
    1…9999, the years a date can have."""
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= 9999:
        raise ValueError(value)
    return int(value)


class RefusedInput(BadRequest):
    """A request refused before any view reads it (400); its description is the sentence shown."""


def _nul_in(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_nul_in(key) or _nul_in(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_nul_in(item) for item in value)
    return False


def _field_with_nul() -> str | None:
    """The name of the first field of the request (query string, form, file name, JSON body) that holds
    a NUL byte, or None. PostgreSQL text cannot hold one: it would be a database error, not a refusal."""
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            if _nul_in(key) or _nul_in(value):  # werkzeug gives None for a name it cannot decode
                return key or "?"
    for key, upload in request.files.items(multi=True):
        if _nul_in(key) or _nul_in(upload.filename):
            return key or "?"
    if request.is_json:
        body = request.get_json(silent=True)
        if isinstance(body, dict):
            return next((key for key, value in body.items() if _nul_in(key) or _nul_in(value)), None)
        if _nul_in(body):
            return "body"
    if "\x00" in request.path:
        return "path"
    return None


def refuse_nul_bytes() -> None:
    """before_request, for every route: a NUL byte anywhere in what was sent is a 400 with a sentence."""
    field = _field_with_nul()
    if field is not None:
        field = field.replace("\x00", "\\0")
        raise RefusedInput(_("「%(field)s」含有空字符（\\0），无法保存；请删去后重新提交。", field=field))


def install(app) -> None:
    """Make `<int:…>` bounded in every route and refuse NUL bytes in every request; call before any
    blueprint is registered."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_nul_bytes)
