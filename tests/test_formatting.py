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
