"""Dates are bounded to a sane window (2000-01-01 … 2099-12-31, domain.periods), in the forms and the
API: a payment dated 0001-01-01 was accepted."""

import importlib
import inspect
import pkgutil
from datetime import date

import pytest
import sqlalchemy as sa
import wtforms
from wtforms.fields.core import UnboundField

import forms
from contractmgr.domain.periods import FIRST_DAY, LAST_DAY
from contractmgr.extensions import db
from contractmgr.models import Contract, Payment
from forms import fields
from tests.finance.conftest import ready
from tests.helpers import csrf_token


def _pay(client, contract, paid_on: str):
    first = ready(contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    url = f"/finance/contracts/{contract.id}/milestones/{first.id}"
    token = csrf_token(client.get(url))
    data = {"csrf_token": token, "paid_on": paid_on, "amount": "100.00", "voucher_number": "记-1"}
    return client.post(url + "/payments", data=data)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("0001-01-01", "「0001-01-01」不在可填写的日期范围内（2000年1月1日至2099年12月31日）"),
        ("1999-12-31", "「1999-12-31」不在可填写的日期范围内"),
        ("2026-13-01", "「2026-13-01」不是日期"),
        ("明天", "「明天」不是日期"),
    ],
)
def test_a_payment_date_outside_the_window_or_not_a_date_is_refused_and_repeated(
    client, login, seed_contract, typed, says
):
    login("finance")
    response = _pay(client, seed_contract, typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and says in page and "请输入付款日期" not in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 0


def test_the_window_ends_are_accepted_on_a_contract(officer, post_form):
    header = {
        "title": "窗口合同",
        "purchaser": "洛阳市行政审批和政务信息管理局",
        "vendor": "某某科技有限公司",
        "total_amount": "100.00",
        "start_on": FIRST_DAY.isoformat(),
        "end_on": LAST_DAY.isoformat(),
        "min_onsite_staff": "1",
        "evaluation_basis": "from_100",
        "year_in_chain": "1",
    }
    assert post_form("/procurement/contracts/new", header).status_code == 302
    refused = post_form("/procurement/contracts/new", {**header, "title": "窗外合同", "end_on": "2100-01-01"})
    assert refused.status_code == 422 and "「2100-01-01」不在可填写的日期范围内" in refused.get_data(as_text=True)
    titles = set(db.session.scalars(sa.select(Contract.title)))
    assert "窗口合同" in titles and "窗外合同" not in titles


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"start": "0001-01-01", "end": "2028-05-21"}, "start must be a date from 2000-01-01 to 2099-12-31"),
        ({"start": "2027-05-22", "end": "9999-12-31"}, "end must be a date from 2000-01-01 to 2099-12-31"),
        ({"start": "20270522", "end": "2028-05-21"}, "start must be an ISO date"),
        ({"start": "2027-W21-6", "end": "2028-05-21"}, "start must be an ISO date"),
    ],
)
def test_the_api_refuses_dates_outside_the_window_naming_the_field(client, token, seed, body, says):
    response = client.post(f"/api/v1/contracts/{seed.id}/renewals", json=body, headers=token("officer"))
    assert response.status_code == 422 and says in response.json["message"]


def _form_classes():
    for module_info in pkgutil.iter_modules(forms.__path__):
        module = importlib.import_module(f"forms.{module_info.name}")
        for _name, klass in inspect.getmembers(module, inspect.isclass):
            if issubclass(klass, wtforms.Form) and klass.__module__ == module.__name__:
                yield klass


def test_every_date_and_integer_field_of_every_form_is_the_bounded_one():
    checked = 0
    for klass in _form_classes():
        for name, unbound in vars(klass).items():
            if not isinstance(unbound, UnboundField):
                continue
            for wtforms_field, ours in (
                (wtforms.DateField, fields.DateField),
                (wtforms.IntegerField, fields.IntegerField),
            ):
                if issubclass(unbound.field_class, wtforms_field):
                    assert issubclass(unbound.field_class, ours), f"{klass.__name__}.{name}"
                    checked += 1
    assert checked >= 30
