"""Money on the pages is written exactly as Babel writes it, in each language the interface speaks."""

import random
from decimal import Decimal

import pytest
from babel.numbers import format_currency as babel_currency

from contractmgr.domain.money import to_fen
from contractmgr.formatting import money


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_money_is_what_babel_writes(app, locale):
    chance = random.Random(12)
    amounts = [Decimal("0"), Decimal("-0.001"), Decimal("0.005"), Decimal("8271400.00"), Decimal("-1234.565")]
    amounts += [Decimal(chance.randint(-(10**13), 10**13)) / 100 for _ in range(300)]
    amounts += [Decimal(chance.randint(-(10**6), 10**6)) / 1000 for _ in range(300)]
    with app.test_request_context("/"):
        from flask import session

        session["locale"] = locale
        assert money(Decimal("-8271400")) == {"zh_CN": "-¥8,271,400.00", "en": "-CN¥8,271,400.00"}[locale]
        for amount in amounts:
            assert money(amount) == babel_currency(to_fen(amount), "CNY", locale=locale), amount
        assert money(None) == "—"


def test_a_language_forced_within_a_request_is_the_one_its_amounts_dates_and_strings_use(app):
    """The templates' strings, the amounts and the dates read the locale kept for the request; a reminder
    or a job switches it with force_locale, and a user's switch with refresh(), midway."""
    from datetime import date

    from flask import render_template_string
    from flask_babel import force_locale, refresh

    page = "{{ _('待支付') }} {{ amount|money }} {{ day|date }}"
    values = dict(amount=Decimal("-1234.5"), day=date(2026, 5, 22))
    with app.test_request_context("/"):
        from flask import session

        assert render_template_string(page, **values) == "待支付 -¥1,234.50 2026年5月22日"
        with force_locale("en"):
            assert render_template_string(page, **values) == "Due -CN¥1,234.50 May 22, 2026"
        assert render_template_string(page, **values) == "待支付 -¥1,234.50 2026年5月22日"
        session["locale"] = "en"
        refresh()
        assert render_template_string(page, **values) == "Due -CN¥1,234.50 May 22, 2026"
