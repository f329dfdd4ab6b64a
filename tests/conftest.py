"""Fixtures on a real database: SQLite by default, PostgreSQL when DATABASE_URL is set.

The real Alembic migrations run once into a template; each test gets a fresh copy of it (a file
copy for SQLite, CREATE DATABASE … TEMPLATE for PostgreSQL), so commits and rollbacks are real.
"""

import os
import shutil
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.globals import _cv_app
from flask.testing import FlaskClient
from flask_migrate import upgrade
from hypothesis import settings

from contractmgr.extensions import db
from contractmgr.factory import create_app

# Property tests check values, not speed: Hypothesis's default 200 ms deadline per example failed a first
# example that ran while the other test processes loaded their imports (speed is measured in benchmarks/).
settings.register_profile("contractmgr", deadline=None)
settings.load_profile("contractmgr")

POSTGRES_URL = os.environ.get("DATABASE_URL", "")
USE_POSTGRES = POSTGRES_URL.startswith(("postgres://", "postgresql"))


def _pg_url(name: str) -> str:
    url = sa.engine.make_url(POSTGRES_URL.replace("postgres://", "postgresql://", 1))
    return url.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)


def _pg_admin(statement: str) -> None:
    engine = sa.create_engine(_pg_url("postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(statement))
    engine.dispose()


class FreshContextClient(FlaskClient):
    """Each request runs in its own application context, as in production: its own `g`, its own
    signed-in user, its own database session. The test's session is expired afterwards so that
    what the test reads next comes from the database, not from before the request."""

    def open(self, *args, **kwargs):
        token = _cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)
            db.session.expire_all()


def make_app(database_uri: str, instance_path: Path, **overrides):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "SECRET_KEY": "test",
            "TESTING": True,
            "STORAGE_DIR": str(instance_path / "files"),
            **overrides,
        },
        instance_path=str(instance_path),
    )
    app.test_client_class = FreshContextClient
    return app


def migrate_to_head(database_uri: str, instance_path: Path) -> None:
    app = make_app(database_uri, instance_path)
    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
        db.engine.dispose()


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    """The migrated template: a database name on PostgreSQL, a file path on SQLite."""
    instance = tmp_path_factory.mktemp("template-instance")
    if USE_POSTGRES:
        name = f"cm_template_{uuid.uuid4().hex[:8]}"
        _pg_admin(f'CREATE DATABASE "{name}"')
        migrate_to_head(_pg_url(name), instance)
        yield name
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = instance / "template.sqlite"
        migrate_to_head(f"sqlite:///{path}", instance)
        yield path


@pytest.fixture
def database_uri(template_db, tmp_path):
    if USE_POSTGRES:
        name = f"cm_test_{uuid.uuid4().hex[:10]}"
        _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
        yield _pg_url(name)
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "test.sqlite"
        shutil.copy(template_db, path)
        yield f"sqlite:///{path}"


@pytest.fixture
def app(database_uri, tmp_path):
    app = make_app(database_uri, tmp_path / "instance")
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def jobs_worker(app):
    """A job worker for the test's app: Huey's consumer, in threads of this process, on the app's own
    queue (a SQLite file in the test's instance folder). Stopped, its job at hand finished, at the end."""
    from contractmgr.jobs import consumer

    worker = consumer(app, in_thread=True)
    worker.start()
    yield worker
    worker.stop(graceful=True)


@pytest.fixture
def demo(app):
    """The demo data (the 洛阳 contract, the 安阳 tender, a user per role), committed."""
    from contractmgr.services.demo import load_demo

    load_demo()
    db.session.commit()


@pytest.fixture
def login(client):
    """Sign in through the real login form; CSRF stays on (the token is read from the page)."""

    def sign_in(username: str, password: str | None = None):
        from tests.helpers import csrf_token

        token = csrf_token(client.get("/login"))
        response = client.post(
            "/login", data={"username": username, "password": password or f"{username}-demo", "csrf_token": token}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return sign_in


# Browser journeys: a live server and Chromium (tests/live_server.py).
# Generated document files, shared by the importer and import tests (tests/document_fixtures.py).
from tests.document_fixtures import (  # noqa: E402, F401
    contract_data,
    contract_docx,
    contract_pdf,
    files,
    tender_data,
    tender_docx,
)
from tests.live_server import browser_page, chromium, live_server  # noqa: E402, F401
