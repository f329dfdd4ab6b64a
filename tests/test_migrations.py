"""`flask db upgrade` from empty gives the same schema on SQLite and on PostgreSQL, and matches the models."""

import ast
import hashlib
import os
import uuid
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from contractmgr.extensions import db
from tests.conftest import migrate_to_head

PG_URL = os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/test"


def _normal_type(column: dict) -> str:
    kind = column["type"]
    name = type(kind).__name__.upper()
    if isinstance(kind, sa.Numeric) and not isinstance(kind, (sa.Float, sa.Integer)):
        return f"NUMERIC({kind.precision},{kind.scale})"
    if isinstance(kind, sa.String) and not isinstance(kind, sa.Text) and name not in ("TEXT",):
        return f"VARCHAR({kind.length})"
    return {"TIMESTAMP": "DATETIME", "BIGINT": "INTEGER"}.get(name, name)


def describe(url: str) -> dict:
    """Every table with its columns, keys, constraints and indexes, in engine-neutral terms."""
    engine = sa.create_engine(url)
    inspector = sa.inspect(engine)
    schema = {}
    for table in sorted(set(inspector.get_table_names()) - {"alembic_version"}):
        schema[table] = {
            "columns": {c["name"]: (_normal_type(c), c["nullable"]) for c in inspector.get_columns(table)},
            "primary_key": tuple(inspector.get_pk_constraint(table)["constrained_columns"]),
            "foreign_keys": sorted(
                (tuple(fk["constrained_columns"]), fk["referred_table"], tuple(fk["referred_columns"]))
                for fk in inspector.get_foreign_keys(table)
            ),
            "unique": sorted((u["name"], tuple(u["column_names"])) for u in inspector.get_unique_constraints(table)),
            "checks": sorted(c["name"] for c in inspector.get_check_constraints(table)),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in inspector.get_indexes(table)
                # trgm_: the search's trigram indexes exist on PostgreSQL only, by design
                if not i["name"].startswith(("sqlite_", "trgm_")) and not i.get("duplicates_constraint")
            ),
        }
    engine.dispose()
    return schema


@pytest.fixture
def empty_postgres():
    admin_url = sa.engine.make_url(PG_URL).set(drivername="postgresql+psycopg", database="postgres")
    try:
        admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        admin.connect().close()
    except sa.exc.OperationalError as error:  # CI always has it; a laptop may not
        pytest.skip(f"no PostgreSQL server to compare with: {error.orig}")
    name = f"cm_schema_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield admin_url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_gives_the_same_schema_on_sqlite_and_postgresql(tmp_path, empty_postgres):
    sqlite_url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    migrate_to_head(sqlite_url, tmp_path / "a")
    migrate_to_head(empty_postgres, tmp_path / "b")
    on_sqlite, on_postgres = describe(sqlite_url), describe(empty_postgres)
    assert on_sqlite.keys() == on_postgres.keys()
    for table in on_sqlite:
        assert on_sqlite[table] == on_postgres[table], table
    assert len(on_sqlite) >= 25


def test_the_migrations_leave_nothing_of_the_models_out(app):
    """Autogenerate against the migrated database finds no difference: every model change has its migration."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    # the search's trigram indexes (PostgreSQL only) are made by their migration, not declared on the models
    differences = [d for d in differences if not (d[0] == "remove_index" and d[1].name.startswith("trgm_"))]
    assert differences == []


def test_a_calendar_feed_subscribed_before_the_digest_migration_keeps_working(tmp_path):
    """The migration that stores the feed secret as a digest digests the secrets already handed out."""
    from flask_migrate import upgrade

    from contractmgr.services.deadlines import user_for_calendar_token
    from tests.conftest import make_app

    migrations = str(Path(__file__).resolve().parent.parent / "migrations")
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade(directory=migrations, revision="d5895c47fdac")
        with db.engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO users (username, display_name, password_hash, role, is_active_user, calendar_token,"
                    " created_at) VALUES ('old', '', 'x', 'finance', 1, 'secret-of-old', '2026-01-01 00:00:00')"
                )
            )
        upgrade(directory=migrations)
        with db.engine.connect() as connection:
            stored = connection.execute(sa.text("SELECT calendar_token_digest FROM users")).scalar_one()
        assert stored == hashlib.sha256(b"secret-of-old").hexdigest()
        assert user_for_calendar_token("secret-of-old").username == "old"
        assert user_for_calendar_token(stored) is None  # the digest itself opens nothing
        db.session.remove()
        db.engine.dispose()


# --- down and up again, with data: every downgrade names what its upgrade made ---------------------------

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
#: the parent of penalty_known_loss: going down to it passes every later downgrade, milestone_states' included
BEFORE_PENALTY_KNOWN_LOSS = "e3d7a1c95b28"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite'}"
    return request.getfixturevalue("empty_postgres")


def _states() -> list[tuple]:
    rows = db.session.execute(
        sa.text("SELECT milestone_id, kind, due_on, net_amount, outstanding FROM milestone_states ORDER BY 1")
    )
    return [tuple(row) for row in rows]


def test_down_past_the_penalty_loss_and_up_again_keeps_the_contracts_and_their_milestone_states(
    empty_database, tmp_path
):
    """`flask db downgrade` through penalty_known_loss (its check constraint dropped by the name the
    convention gave it) and milestone_states, then up to head: the milestones on file get their states
    back, computed at head by migrations/env.py (the revision itself imports no application code)."""
    from flask_migrate import downgrade, upgrade

    from tests.conftest import make_app
    from tests.factories import make_contract

    app = make_app(empty_database, tmp_path)
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))
        make_contract(title="迁移往返", lines=3)
        db.session.commit()
        before = _states()
        assert len(before) == 2  # 70% / 30%
        db.session.remove()
        downgrade(directory=str(MIGRATIONS), revision=BEFORE_PENALTY_KNOWN_LOSS)
        with db.engine.connect() as connection:
            tables = sa.inspect(connection).get_table_names()
            columns = {c["name"] for c in sa.inspect(connection).get_columns("penalties")}
        assert "milestone_states" not in tables and "known_loss_amount" not in columns
        upgrade(directory=str(MIGRATIONS))
        assert _states() == before
        db.session.remove()
        db.engine.dispose()


def test_down_to_base_and_up_again_on_both_engines(empty_database, tmp_path):
    """`flask db downgrade base` runs every downgrade, with a contract on file, and leaves no table; up again
    gives head's schema back. (On SQLite a downgrade drops a column by copying its table: a CHECK naming the
    column has to go first, as 7c3e9a4b0d62's late_interest_rule did not.)"""
    from flask_migrate import downgrade, upgrade

    from tests.conftest import make_app
    from tests.factories import make_contract

    app = make_app(empty_database, tmp_path)
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))
        at_head = describe(empty_database)
        make_contract(title="迁移到底", lines=3)
        db.session.commit()
        db.session.remove()
        downgrade(directory=str(MIGRATIONS), revision="base")
        with db.engine.connect() as connection:
            assert set(sa.inspect(connection).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
        upgrade(directory=str(MIGRATIONS))
        db.engine.dispose()
    assert describe(empty_database) == at_head


def test_no_revision_imports_the_models_or_services_of_today():
    """A revision runs against the schema of its own time; the application's models and services describe
    head's. (contractmgr.retention is plain DDL for the delete triggers.)"""
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        imported = [
            node.module or ""
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ImportFrom)
        ]
        assert not [name for name in imported if name.startswith("contractmgr") and name != "contractmgr.retention"], (
            path.name
        )


#: contract_tender_lot: contracts.tender_lot_id, backfilled from the lot the contract names
TENDER_LOT_KEY = "a9cee11e6165"


def test_the_tender_lot_key_is_filled_in_for_the_contracts_on_file_as_the_review_would_find_their_lot(
    empty_database, tmp_path
):
    """Down past contracts.tender_lot_id and up again: a contract's lot_no among the lots of its own tender
    (tender_id), else of the latest tender with its 招标采购文件编号 (services.imports.tender_lot_of);
    no key for a contract of no lot or of a lot no tender on file has."""
    from flask_migrate import downgrade, upgrade

    from contractmgr.models import Contract, Tender, TenderLot
    from contractmgr.services.imports import tender_lot_of
    from tests.conftest import make_app
    from tests.factories import make_contract

    def tender(number: str, *labels: str) -> Tender:
        made = Tender(
            title=f"招标{number}", procurement_number=number, lots=[TenderLot(lot_no=x, name=x) for x in labels]
        )
        db.session.add(made)
        return made

    app = make_app(empty_database, tmp_path)
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))
        older, latest, own = tender("NYDSJ-2024-015", "1", "2"), tender("NYDSJ-2024-015", "2"), tender("KF-1", "3")
        contracts = {
            "by number": make_contract(title="按编号", lines=1, procurement_number="NYDSJ-2024-015"),
            "by tender": make_contract(title="按招标", lines=1, procurement_number="其他编号"),
            "older lot": make_contract(title="只在较早招标", lines=1, procurement_number="NYDSJ-2024-015"),
            "no such lot": make_contract(title="无此包", lines=1, procurement_number="NYDSJ-2024-015"),
            "no lot": make_contract(title="未分包", lines=1, procurement_number="NYDSJ-2024-015"),
        }
        for name, lot_no in (("by number", "2"), ("by tender", "3"), ("older lot", "1"), ("no such lot", "9")):
            contracts[name].lot_no, contracts[name].lot_name = lot_no, f"包{lot_no}"
        contracts["by tender"].tender = own
        db.session.commit()
        ids = {name: contract.id for name, contract in contracts.items()}
        expected = {
            "by number": latest.lots[0].id,
            "by tender": own.lots[0].id,
            "older lot": older.lots[0].id,
            "no such lot": None,
            "no lot": None,
        }
        found = tender_lot_of({"kind": "contract", "procurement_number": "NYDSJ-2024-015", "lot": "2"})
        assert found is not None and found.id == expected["by number"]
        db.session.remove()
        downgrade(directory=str(MIGRATIONS), revision=f"{TENDER_LOT_KEY}-1")
        with db.engine.connect() as connection:
            assert "tender_lot_id" not in {c["name"] for c in sa.inspect(connection).get_columns("contracts")}
        upgrade(directory=str(MIGRATIONS))
        keys = {name: db.session.get(Contract, ids[name]).tender_lot_id for name in ids}
        assert keys == expected
        assert [c.title for c in db.session.get(TenderLot, expected["by number"]).contracts] == ["按编号"]
        db.session.remove()
        db.engine.dispose()


#: milestone_state_sme: the contract's own due date and an SME vendor's statutory clock kept in the states
MILESTONE_STATE_SME = "c3f8a1d6e2b7"


def test_the_states_on_file_get_the_contract_due_date_and_the_sme_clock_as_the_rules_compute_them(
    empty_database, tmp_path
):
    """Down past the SME columns of milestone_states and up again: a non-SME vendor's states are filled in place
    (their due date is the contract's own), an SME vendor's are computed again at head; every column of every
    state is then what it was before."""
    from flask_migrate import downgrade, upgrade

    from contractmgr.models import MilestoneState
    from tests.conftest import make_app
    from tests.factories import make_contract

    def states() -> dict[int, dict]:
        columns = [c.key for c in sa.inspect(MilestoneState).mapper.column_attrs]
        return {
            s.milestone_id: {k: getattr(s, k) for k in columns} for s in db.session.scalars(sa.select(MilestoneState))
        }

    app = make_app(empty_database, tmp_path)
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))
        make_contract(title="非中小企业", lines=2)
        sme = make_contract(title="中小企业", lines=2, vendor="许昌恒通科技发展有限公司")
        sme.vendor.is_sme = True
        sme.acceptance_period_end_on = date(2026, 6, 10)  # the statute's clock runs from it for the 30%
        db.session.commit()
        before = states()
        assert [s["sme_basis"] for s in before.values()].count("acceptance_period_end") == 1
        db.session.remove()
        downgrade(directory=str(MIGRATIONS), revision=f"{MILESTONE_STATE_SME}-1")
        with db.engine.connect() as connection:
            assert "sme_due_on" not in {c["name"] for c in sa.inspect(connection).get_columns("milestone_states")}
        upgrade(directory=str(MIGRATIONS))
        assert states() == before
        db.session.remove()
        db.engine.dispose()
