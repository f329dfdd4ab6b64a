"""Locale choice and the functions that show money, dates and numbers the zh_CN way (the Jinja
filters of contractmgr/web/templating.py, and the sentences of contractmgr/texts).

Babel rounds half-to-even, so amounts are rounded half up by the domain (to_fen) first and
Babel only formats them: ¥8,271,400.00, 2026年5月22日.
"""

from datetime import date, datetime
from decimal import Decimal

from flask import current_app, has_request_context, session
from flask_babel import format_currency, format_date, format_datetime, format_decimal
from flask_login import current_user

from contractmgr.domain.money import to_fen, to_upper


def select_locale() -> str:
    """The language chosen with the switch, else the user's preference, else Chinese.
    The browser's Accept-Language is not consulted: the interface speaks Chinese unless asked."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def money(amount: Decimal | None) -> str:
    if amount is None:
        return "—"
    return format_currency(to_fen(Decimal(amount)), "CNY")


def long_date(day: date | None) -> str:
    if day is None:
        return "—"
    return format_date(day, format="long")


def short_date(day: date | None) -> str:
    """2026-05-22: for dense tables, the same in every language."""
    return "—" if day is None else day.isoformat()


def number(value) -> str:
    return "—" if value is None else format_decimal(value)


def upper_words(amount: Decimal | None) -> str:
    return "" if amount is None else to_upper(to_fen(Decimal(amount)))


def percent(ratio: Decimal) -> str:
    """A ratio as a contract writes it: 0.05 → 5%, 0.10 → 10%, 0.002 → 0.2%."""
    return f"{(Decimal(ratio) * 100).normalize():f}%"


def datetime_text(value: datetime | None) -> str:
    return "—" if value is None else format_datetime(value, format="medium")
