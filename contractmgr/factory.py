"""The application factory: create_app() puts the Flask application together in named steps;
create_import_app() is the light one `flask import` runs in (app.py chooses)."""

from pathlib import Path

from flask import Flask

from contractmgr import config
from contractmgr.extensions import babel, db

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict | None = None, instance_path: str | None = None) -> Flask:
    """The application, put together in named steps."""
    app = Flask("contractmgr", template_folder=str(ROOT / "templates"), instance_path=instance_path)
    config.load(app, overrides)
    _init_extensions(app)
    _init_jobs(app)
    _init_i18n(app)
    _register_blueprints(app)
    _register_cli(app)
    return app


def create_import_app(overrides: dict | None = None, instance_path: str | None = None) -> Flask:
    """The light application of `flask --app app import FILE`: the configuration, the database, the
    wording and that one command — no pages, forms, migrations or job queue, so the command starts in
    a fraction of create_app's time (benchmarks/README.md)."""
    from contractmgr import audit, formatting, models  # noqa: F401 — every table known to SQLAlchemy
    from contractmgr.import_command import import_command

    app = Flask("contractmgr", template_folder=str(ROOT / "templates"), instance_path=instance_path)
    config.load(app, overrides)
    db.init_app(app)
    audit.install()
    babel.init_app(
        app,
        locale_selector=formatting.babel_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    app.cli.add_command(import_command)
    return app


def _init_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext

    from contractmgr import audit, models  # noqa: F401 — every table known to SQLAlchemy and Alembic
    from contractmgr.extensions import csrf, limiter, login_manager, migrate
    from contractmgr.services import milestone_state  # noqa: F401 — refreshes milestone states before each commit

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("请先登录。")
    audit.install()


def _init_jobs(app: Flask) -> None:
    from contractmgr import jobs

    jobs.init_app(app)


def _init_i18n(app: Flask) -> None:
    from contractmgr import formatting
    from contractmgr.web import templating

    babel.init_app(
        app,
        locale_selector=formatting.babel_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    templating.install(app)


def _register_blueprints(app: Flask) -> None:
    from contractmgr.web import register, security

    register(app)
    security.install(app)


def _register_cli(app: Flask) -> None:
    from contractmgr.cli import register

    register(app)
