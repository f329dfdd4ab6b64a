"""Nothing is deleted within 15 years (《政府采购法》第四十二条): the database refuses DELETE on every table but
the exempt ones, on SQLite and PostgreSQL; the migration that installs the triggers removes them going
down, and they survive later migrations (migrations/env.py puts back any that a migration dropped)."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from contractmgr.extensions import db
from contractmgr.models import Contract, User
from contractmgr.models.reminders import Reminder
from contractmgr.models.tenders import Tender, TenderLot
from contractmgr.retention import EXEMPT_TABLES, guarded_tables, kept_tables
from contractmgr.services.demo import load_demo
from contractmgr.services.generate import generate
from contractmgr.services.holidays import CalendarEntries, enter_calendar_year
from contractmgr.services.imports import import_file
from contractmgr.services.jobs import queue_import
from contractmgr.services.staffing import add_assignment
from contractmgr.services.supplements import SupplementChange, record_supplement
from tests.conftest import USE_POSTGRES, make_app
from tests.test_migrations import empty_postgres  # noqa: F401 (a fixture)

MIGRATIONS = str(Path(__file__).resolve().parent / ".." / "migrations")
#: every table of the models but the exempt ones: the records
KEPT = sorted(set(db.metadata.tables) - set(EXEMPT_TABLES))
REFUSED = "records are kept for 15 years"


def _refused(table: str, error: sa.exc.DBAPIError) -> bool:
    """The trigger's sentence (the audit log's own append-only trigger may answer first)."""
    message = str(error.orig)
    return REFUSED in message or (table == "audit_log" and "append-only" in message)


def test_the_exempt_tables_are_few_and_none_is_a_procurement_record():
    assert set(EXEMPT_TABLES) == {"alembic_version", "login_sessions", "milestone_states"}
    assert len(KEPT) >= 25


def test_the_database_holds_exactly_the_kept_tables_of_the_models(app):
    with db.engine.connect() as connection:
        assert kept_tables(connection) == KEPT


@pytest.mark.parametrize("table", KEPT)
def test_every_kept_table_refuses_delete_at_head(app, table):
    with db.engine.connect() as connection:
        assert table in guarded_tables(connection)
    if USE_POSTGRES:  # a statement trigger: refused even when nothing would match
        with pytest.raises(sa.exc.DBAPIError) as refusal:
            db.session.execute(sa.text(f'DELETE FROM "{table}"'))
        db.session.rollback()
        assert _refused(table, refusal.value), refusal.value.orig


def _a_record_in_every_table(contract_docx: Path) -> None:
    """The demo, four generated contracts with what happens to them, and the few records they lack."""
    load_demo()
    generate(4)
    officer = db.session.scalar(sa.select(User).where(User.username == "officer"))
    admin = db.session.scalar(sa.select(User).where(User.username == "admin"))
    contract = db.session.scalar(sa.select(Contract).where(Contract.filing_number.is_not(None)))
    officer.issue_token()
    enter_calendar_year(2031, CalendarEntries(holidays={date(2031, 1, 1)}), by=admin)
    line = contract.lines[0]
    add_assignment(
        contract,
        person_name="张三",
        staff_role="驻场工程师",
        lines=[line],
        on_site_from=date(2026, 6, 1),
        on_site_to=None,
    )
    record_supplement(
        contract,
        increase=None,
        reason="增加巡检频次",
        changes=[SupplementChange(amount_after=line.amount + Decimal("100.00"), line_item_id=line.id)],
    )
    import_file(contract_docx, "contract.docx", by=officer)
    queue_import(contract_docx, "contract.docx", by=officer)
    tender = db.session.scalar(sa.select(Tender))
    db.session.add(TenderLot(tender_id=tender.id, lot_no="1", name="第一包"))
    db.session.add(
        Reminder(
            user_id=officer.id,
            deadline_key=f"acceptance:{contract.id}",
            remind_on=date(2027, 5, 24),
            stage="7",
            contract_id=contract.id,
            due_on=date(2027, 6, 2),
            summary="验收提交期限",
            link=f"/contracts/{contract.id}",
        )
    )
    db.session.commit()


def _count(table: str) -> int:
    return db.session.execute(sa.text(f'SELECT count(*) FROM "{table}"')).scalar_one()


def test_a_delete_on_a_record_of_any_kept_table_is_refused_and_the_record_stays(app, contract_docx):
    _a_record_in_every_table(contract_docx)
    before = {table: _count(table) for table in KEPT}
    assert [table for table, count in before.items() if count == 0] == []
    deleted = []
    for table in KEPT:
        try:
            db.session.execute(sa.text(f'DELETE FROM "{table}"'))
            db.session.commit()
        except sa.exc.DBAPIError as error:
            db.session.rollback()
            assert _refused(table, error), (table, error.orig)
        else:
            deleted.append(table)
    assert deleted == []
    assert {table: _count(table) for table in KEPT} == before


#: the revision the retention revision (f1d2c3b4a5e6, nothing_is_deleted) follows
BEFORE_RETENTION = "c3d8e5f1a2b7"


def _migrated(url: str, tmp_path: Path):
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade(directory=MIGRATIONS)
    return app


def _guarded(app) -> set[str]:
    with app.app_context(), db.engine.connect() as connection:
        return guarded_tables(connection)


def _check_down_and_up(app) -> None:
    assert _guarded(app) == set(KEPT)
    with app.app_context():
        downgrade(directory=MIGRATIONS, revision=BEFORE_RETENTION)  # below the retention revision
    assert _guarded(app) == set()
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        db.engine.dispose()
    assert _guarded(app) == set(KEPT)


def test_going_down_removes_the_triggers_and_up_again_puts_them_back_on_sqlite(tmp_path):
    _check_down_and_up(_migrated(f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path))


def test_going_down_removes_the_triggers_and_up_again_puts_them_back_on_postgresql(tmp_path, empty_postgres):  # noqa: F811
    app = _migrated(empty_postgres, tmp_path)
    _check_down_and_up(app)
    with app.app_context():
        db.engine.dispose()


def test_a_table_recreated_by_a_later_migration_gets_its_trigger_back(tmp_path):
    """SQLite's batch mode recreates a table without its triggers; the next upgrade (env.py) restores them."""
    app = _migrated(f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path)
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(sa.text('DROP TRIGGER "payments_refuse_delete"'))
        assert "payments" not in _guarded(app)
        upgrade(directory=MIGRATIONS)
        db.engine.dispose()
    assert _guarded(app) == set(KEPT)
