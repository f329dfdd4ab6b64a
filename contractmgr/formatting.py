"""Locale choice and the functions that show money, dates and numbers the zh_CN way (the Jinja
filters of contractmgr/web/templating.py, and the sentences of contractmgr/texts).

Babel rounds half-to-even, so amounts are rounded half up by the domain (to_fen) first and
Babel only formats them: ¥8,271,400.00, 2026年5月22日.
"""

from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel import numbers as babel_numbers
from babel.support import NullTranslations
from flask import current_app, g, has_app_context, has_request_context, session
from flask_babel import format_currency, format_date, format_datetime, format_decimal, get_locale, get_translations
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


def babel_locale() -> Locale:
    """select_locale() as the Locale Flask-Babel keeps for the request (its locale selector): parsed once per
    language, not on every request (Locale.parse("zh_CN") resolves the script and takes about 90 µs)."""
    return _parsed_locale(select_locale())


@lru_cache(maxsize=8)
def _parsed_locale(tag: str) -> Locale:
    return Locale.parse(tag)


# A page asks for its locale and its translations hundreds of times (every amount, every string of a
# template). Flask-Babel keeps both on its state in `g` but looks that state up several times per call
# (about a fifth of a list page's CPU); these read it once. Its refresh() and force_locale() reset the
# same attributes, so a language switched within a request or a job is still honoured.


def _babel_state():
    return g.get("_flask_babel") if has_app_context() else None


def current_locale() -> Locale | None:
    """get_locale(), in one lookup once Flask-Babel has chosen the locale of this context."""
    locale = getattr(_babel_state(), "babel_locale", None)
    return locale if locale is not None else get_locale()


def translations() -> NullTranslations:
    """get_translations(), kept for the rest of this context where Flask-Babel's refresh() and
    force_locale() reset it (its `babel_translations`): what the templates' _() reads."""
    found = getattr(_babel_state(), "babel_translations", None)
    if found is None:
        found = get_translations()
        state = _babel_state()  # get_translations() made it if it was missing
        if state is not None:
            state.babel_translations = found
    return found


def gettext(string: str, **variables) -> str:
    """Flask-Babel's gettext through translations(): what the texts modules' _() call."""
    translated = translations().ugettext(string)
    return translated % variables if variables else translated


def money(amount: Decimal | None) -> str:
    """¥8,271,400.00 (zh_CN), CN¥8,271,400.00 (en): exactly what Babel writes, at a tenth of its cost (the
    finance overview shows about 900 amounts a page), from the shape of the locale learnt once."""
    if amount is None:
        return "—"
    fen = to_fen(Decimal(amount))
    shape = _money_shape(current_locale())
    if shape is None:
        return format_currency(fen, "CNY")
    before, after = shape[2:4] if fen.is_signed() else shape[:2]
    digits = f"{abs(fen):,.2f}".translate(shape[4])
    return before + digits + after


#: digits that all differ, so where each lands in Babel's answer shows the locale's signs
_SAMPLE = Decimal("1234567.89")


@lru_cache(maxsize=16)
def _money_shape(locale: Locale | None) -> tuple[str, str, str, str, dict[int, str]] | None:
    """How Babel writes yuan in `locale`: what comes before and after the digits of a positive and of a
    negative amount, and the group and decimal signs; None when the digits are not grouped by three (the
    caller then asks Babel each time)."""
    digits = babel_numbers.format_decimal(_SAMPLE, format="#,##0.00", locale=locale)
    positive = babel_numbers.format_currency(_SAMPLE, "CNY", locale=locale)
    negative = babel_numbers.format_currency(-_SAMPLE, "CNY", locale=locale)
    if digits not in positive or digits not in negative or len(digits) != 12:
        return None
    before, _, after = positive.partition(digits)
    negative_before, _, negative_after = negative.partition(digits)
    return before, after, negative_before, negative_after, str.maketrans({",": digits[1], ".": digits[-3]})


def long_date(day: date | None) -> str:
    if day is None:
        return "—"
    if type(day) is date:  # a datetime is shown in the user's time zone: not cached
        return _long_date(day, current_locale())
    return format_date(day, format="long")


@lru_cache(maxsize=4096)
def _long_date(day: date, locale: Locale | None) -> str:
    """2026年5月22日: a page shows the same few days many times, and Babel takes 15 µs for each."""
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
