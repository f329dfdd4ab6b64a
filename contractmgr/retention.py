"""Nothing is deleted within 15 years (《政府采购法》第四十二条): the database itself refuses DELETE.

Every table holds records, except the few in EXEMPT_TABLES. On each of the others a trigger refuses
DELETE (and, on PostgreSQL, TRUNCATE); a record that is wrong is voided or superseded with a reason
instead, and the audit log keeps who did it and why.

This module imports nothing of the application (only SQLAlchemy), so the migrations can use it:
the migration that introduced the rule installs the triggers, and migrations/env.py installs them
again after every later upgrade — SQLite's batch mode recreates a table and so drops its triggers,
and a new table needs its own. `guard_deletes` only adds what is missing, so it may run any time.
"""

import sqlalchemy as sa
from sqlalchemy.engine import Connection

#: the Alembic revision that introduced the rule; once it is applied, every upgrade ends with `guard_deletes`
GUARD_REVISION = "f1d2c3b4a5e6"

#: tables whose rows are not records, with the reason; everything else keeps its rows
EXEMPT_TABLES = {
    # Alembic updates its one row on every upgrade and deletes it when going back down (or merging heads).
    "alembic_version": "Alembic's own bookkeeping of the schema version",
    # A sign-in held on the server: it is ended (ended_at), never a procurement record; it may be purged.
    "login_sessions": "server-side sign-in sessions, which expire",
    # Computed from the milestones, payments and penalties and rewritten with them (services/milestone_state.py).
    "milestone_states": "a cache of each milestone's computed state, rebuilt from the kept records",
}

MESSAGE = "DELETE on %s refused: records are kept for 15 years (政府采购法 第四十二条); void or supersede them instead"
_SUFFIX = "_refuse_delete"


def trigger_name(table: str) -> str:
    return f"{table}{_SUFFIX}"


def kept_tables(connection: Connection) -> list[str]:
    """Every table of the database but the exempt ones."""
    return sorted(set(sa.inspect(connection).get_table_names()) - set(EXEMPT_TABLES))


def guarded_tables(connection: Connection) -> set[str]:
    """The tables that have their refuse-delete trigger."""
    if connection.dialect.name == "postgresql":
        query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    names = connection.execute(sa.text(query)).scalars()
    return {name.removesuffix(_SUFFIX) for name in names if name.endswith(_SUFFIX)}


def guard_deletes(connection: Connection) -> None:
    """Install the refuse-delete trigger on every kept table that has none."""
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        connection.execute(
            sa.text(
                "CREATE OR REPLACE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"RAISE EXCEPTION '{MESSAGE.replace('%s', '%')}', TG_TABLE_NAME USING ERRCODE = 'restrict_violation'; "
                "END $$"
            )
        )
    present = guarded_tables(connection)
    for table in kept_tables(connection):
        if table in present:
            continue
        if postgres:
            # Per statement: a DELETE is refused even when it would match nothing.
            statement = (
                f'CREATE TRIGGER "{trigger_name(table)}" BEFORE DELETE OR TRUNCATE ON "{table}" '
                "FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete()"
            )
        else:
            statement = (
                f'CREATE TRIGGER "{trigger_name(table)}" BEFORE DELETE ON "{table}" '
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE % table}'); END"
            )
        connection.execute(sa.text(statement))


def unguard_deletes(connection: Connection) -> None:
    """Remove every refuse-delete trigger (going back below GUARD_REVISION)."""
    for table in sorted(guarded_tables(connection)):
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text(f'DROP TRIGGER "{trigger_name(table)}" ON "{table}"'))
        else:
            connection.execute(sa.text(f'DROP TRIGGER "{trigger_name(table)}"'))
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("DROP FUNCTION IF EXISTS refuse_delete()"))
