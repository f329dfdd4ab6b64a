"""What a URL or a query string may carry, bounded before anything reaches the database.

Record ids as the database holds them: a positive 32-bit INTEGER (PostgreSQL refuses 2^31 and more
with an error, SQLite would just find nothing). An id outside that range names no record, so it is
answered as one that does not exist: 404 in a URL, no value in a query string or a form."""

from werkzeug.routing import IntegerConverter

from contractmgr.models.types import MAX_INT as MAX_ID


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: digits up to MAX_ID, else the URL matches nothing (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002 — werkzeug's names
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


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


def install(app) -> None:
    """Make `<int:…>` bounded in every route; call before any blueprint is registered."""
    app.url_map.converters["int"] = IdConverter
