"""The Flask extensions, created unbound here and bound in create_app().

`db` and `babel` are made at import; the others only the first time they are asked for (PEP 562
module __getattr__), so a command that needs none of them (`flask import`, contractmgr.factory's
light application) does not load Alembic, WTForms, Flask-Login or Flask-Limiter.
"""

from collections.abc import Callable
from typing import Any

from flask_babel import Babel
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints: Alembic's batch mode on SQLite and the schema comparison between
# SQLite and PostgreSQL both need every constraint to have the same, predictable name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
babel = Babel()


def _migrate() -> Any:
    from flask_migrate import Migrate

    return Migrate()


def _login_manager() -> Any:
    from flask_login import LoginManager

    return LoginManager()


def _csrf() -> Any:
    from flask_wtf import CSRFProtect

    return CSRFProtect()


def _limiter() -> Any:
    """Throttles failed sign-ins (web/auth.py); its store is RATELIMIT_STORAGE_URI: memory:// in one
    process, a shared store (redis://…) when several processes serve the application."""
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    return Limiter(key_func=get_remote_address)


_MADE_WHEN_ASKED: dict[str, Callable[[], Any]] = {
    "migrate": _migrate,
    "login_manager": _login_manager,
    "csrf": _csrf,
    "limiter": _limiter,
}


def __getattr__(name: str) -> Any:
    if name not in _MADE_WHEN_ASKED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = _MADE_WHEN_ASKED[name]()
    globals()[name] = value  # made once: later lookups find it without calling __getattr__
    return value
