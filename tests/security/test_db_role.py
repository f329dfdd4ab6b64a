"""The application's least-privilege PostgreSQL role: it reads and writes every table, but on audit_log it
may only SELECT and INSERT — UPDATE, DELETE, TRUNCATE and disabling the triggers are refused."""

import uuid

import psycopg
import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from tests.conftest import USE_POSTGRES, make_app

pytestmark = pytest.mark.skipif(not USE_POSTGRES, reason="roles are PostgreSQL's (DATABASE_URL=postgresql://…)")


@pytest.fixture
def app_role(app):
    name = f"cm_app_{uuid.uuid4().hex[:8]}"
    result = app.test_cli_runner().invoke(args=["db-role", "grant", name])
    assert result.exit_code == 0, result.output
    yield name
    with db.engine.begin() as connection:
        connection.exec_driver_sql(f'DROP OWNED BY "{name}"')
        connection.exec_driver_sql(f'DROP ROLE "{name}"')


def as_role(app, role: str) -> str:
    return (
        sa.engine.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
        .set(username=role, password=None)
        .render_as_string(hide_password=False)
    )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET field = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER ALL",
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
        "DROP TABLE audit_log",
    ],
)
def test_the_application_role_cannot_rewrite_the_audit_log(app, demo, app_role, statement):
    engine = sa.create_engine(as_role(app, app_role))
    try:
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM audit_log")).scalar_one() > 0
            with pytest.raises(sa.exc.ProgrammingError) as refused:
                connection.execute(sa.text(statement))
            assert isinstance(refused.value.orig, psycopg.errors.InsufficientPrivilege)
    finally:
        engine.dispose()


def test_the_application_works_as_that_role_and_still_writes_its_audit_trail(app, demo, app_role, tmp_path):
    as_app = make_app(as_role(app, app_role), tmp_path / "as-role")
    with as_app.app_context():
        client = as_app.test_client()
        from tests.helpers import csrf_token

        token = csrf_token(client.get("/login"))
        assert (
            client.post(
                "/login", data={"username": "officer", "password": "officer-demo", "csrf_token": token}
            ).status_code
            == 302
        )
        before = db.session.scalar(sa.text("SELECT count(*) FROM audit_log"))
        from contractmgr.models import Contract

        contract = db.session.scalar(sa.select(Contract).limit(1))
        contract.title += "（改）"
        db.session.commit()  # an audited change: INSERT into audit_log as the application role
        assert db.session.scalar(sa.text("SELECT count(*) FROM audit_log")) > before
        assert db.session.scalar(sa.text("SELECT current_user")) == app_role
        db.session.remove()
        db.engine.dispose()


def test_the_owner_is_refused_as_the_application_role(app):
    owner = db.session.scalar(sa.text("SELECT current_user"))
    result = app.test_cli_runner().invoke(args=["db-role", "grant", owner])
    assert result.exit_code != 0 and "owns the tables" in result.output
