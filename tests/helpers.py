"""Small helpers the tests share."""

import contextlib
import re
from collections.abc import Iterator

import sqlalchemy as sa

from contractmgr.extensions import db

CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(response) -> str:
    match = CSRF_PATTERN.search(response.get_data(as_text=True))
    assert match, "the page has no CSRF token"
    return match.group(1)


@contextlib.contextmanager
def statements_run() -> Iterator[list[str]]:
    """The SQL statements the code in the block sends to the database (db.engine's before_cursor_execute: one
    per round trip, an executemany or a batched insert counting once), to assert a cost that must not grow."""
    statements: list[str] = []

    def keep(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", keep)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", keep)
