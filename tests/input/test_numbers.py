"""Numbers typed into the forms (a score, an LPR rate) are digits with a decimal point, not NaN,
Infinity or an exponent: WTForms' own field took them, and comparing NaN then answered 500."""

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Evaluation, LprRate
from forms.fields import DecimalField


@pytest.mark.parametrize("typed", ["NaN", "sNaN", "Infinity", "-inf", "1e309", "1e2", "85abc", "8 5"])
def test_an_evaluation_score_that_is_not_a_number_is_refused_and_repeated(officer, post_form, seed, typed):
    url = f"/procurement/contracts/{seed.id}/evaluations/new"
    data = {"score": typed, "evaluated_on": "2026-11-20", "period_start": "2026-05-22", "period_end": "2026-11-21"}
    response = post_form(url, data)
    assert response.status_code == 422, response.status_code
    assert f"「{typed}」不是数字" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Evaluation)) == 0


def test_an_lpr_rate_of_nan_is_refused(login, demo, post_form):
    login("admin")
    before = db.session.scalar(sa.select(sa.func.count()).select_from(LprRate))
    response = post_form("/admin/lpr", {"effective_on": "2026-11-20", "one_year_percent": "NaN"})
    assert response.status_code == 422 and "「NaN」不是数字" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LprRate)) == before


def test_every_decimal_field_of_every_form_is_the_strict_one():
    import wtforms
    from wtforms.fields.core import UnboundField

    from tests.input.test_dates import _form_classes

    for klass in _form_classes():
        for name, unbound in vars(klass).items():
            if isinstance(unbound, UnboundField) and issubclass(unbound.field_class, wtforms.DecimalField):
                assert issubclass(unbound.field_class, DecimalField), f"{klass.__name__}.{name}"
