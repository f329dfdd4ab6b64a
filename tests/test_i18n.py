"""Chinese first, English on request; money and dates in the zh_CN way."""

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract
from tests.helpers import csrf_token


def test_the_login_page_speaks_chinese_by_default_even_to_an_english_browser(client):
    page = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="zh-CN">' in page and "用户名" in page


def test_the_contract_page_shows_money_and_dates_in_chinese_formats(demo, login):
    contract_id = db.session.scalar(sa.select(Contract.id))
    page = login("officer").get(f"/contracts/{contract_id}").get_data(as_text=True)
    assert "¥8,271,400.00" in page
    assert "2026年5月22日" in page
    assert "捌佰贰拾柒万壹仟肆佰元整" in page
    assert "¥5,789,980.00" in page and "¥2,481,420.00" in page


def test_the_language_switch_turns_the_interface_to_english(demo, login):
    client = login("officer")
    token = csrf_token(client.get("/"))
    response = client.post("/language/en", data={"csrf_token": token, "next": "/"})
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Dashboard" in page and "Contracts" in page
    contract_id = db.session.scalar(sa.select(Contract.id))
    assert "May 22, 2026" in client.get(f"/contracts/{contract_id}").get_data(as_text=True)


def test_in_english_the_payment_conditions_and_document_kinds_are_english(demo, login):
    client = login("finance")
    client.post("/language/en", data={"csrf_token": csrf_token(client.get("/")), "next": "/"})
    contract_id = db.session.scalar(sa.select(Contract.id).where(Contract.filing_number == "洛采公开-2026-54"))
    schedule = client.get(f"/finance/contracts/{contract_id}").get_data(as_text=True)
    assert "an invoice confirmed by the purchaser" in schedule
    assert "采购人确认的发票" not in schedule and "双方签字的验收报告" not in schedule


def test_a_document_kind_and_the_menu_entry_are_worded_apart(app):
    from flask_babel import force_locale

    from contractmgr.texts.imports import kind_label

    with app.test_request_context(), force_locale("en"):
        assert kind_label("contract") == "Contract"
