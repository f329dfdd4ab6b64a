"""The demo data: the two seed documents as the first thing every user sees."""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from click.testing import Result

from contractmgr.extensions import db
from contractmgr.models import Contract, LineItem, Organisation, Tender, User


def _counts() -> tuple:
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Contract, LineItem, Tender, User, Organisation)
    )


def test_the_demo_contract_is_the_luoyang_renewal_with_its_forty_lines(demo):
    contract = db.session.scalars(sa.select(Contract)).one()
    assert contract.title == "洛阳市行政审批和政务信息管理局2025年第一批市本级政务信息化运维项目（续签）"
    assert (contract.start_on, contract.end_on) == (date(2026, 5, 22), date(2027, 5, 21))
    assert contract.total_amount == Decimal("8271400.00")
    assert [line.seq for line in contract.lines] == list(range(1, 41))
    assert sum(line.amount for line in contract.lines) == Decimal("8271400.00")
    own_starts = {line.seq: line.start_on for line in contract.lines if line.start_on}
    assert own_starts == {35: date(2026, 7, 1), 40: date(2026, 7, 27)}
    assert [m.amount for m in contract.milestones] == [Decimal("5789980.00"), Decimal("2481420.00")]


def test_the_demo_chain_takes_the_contracts_total_as_its_award_and_says_so(demo):
    contract = db.session.scalars(sa.select(Contract)).one()
    assert contract.year_in_chain == 2
    assert contract.chain.started_on == date(2025, 5, 22)
    assert contract.chain.original_award_amount == Decimal("8271400.00")
    assert "原中标金额" in contract.chain.note


def test_the_demo_tender_lists_thirty_systems_of_fourteen_units(demo):
    tender = db.session.scalars(sa.select(Tender)).one()
    assert len(tender.items) == 30
    assert len({item.unit_id for item in tender.items}) == 14
    assert [item.seq for item in tender.items if item.start_on_confirmation] == [16, 24, 30]
    assert (tender.service_start_on, tender.service_end_on) == (date(2026, 1, 1), date(2026, 12, 31))
    assert tender.min_onsite_staff == 15


def test_loading_the_demo_twice_changes_nothing(app):
    runner = app.test_cli_runner()
    first: Result = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "created contract" in first.output
    after_first = _counts()
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert "already loaded" in second.output
    assert _counts() == after_first


def test_every_demo_login_in_the_readme_works(demo, client):
    from pathlib import Path

    from tests.helpers import csrf_token

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for username in ("officer", "finance", "vendor", "vendor2", "admin"):
        assert f"`{username}` | `{username}-demo`" in readme
        token = csrf_token(client.get("/login"))
        response = client.post(
            "/login", data={"username": username, "password": f"{username}-demo", "csrf_token": token}
        )
        assert response.status_code == 302, username
        client.post("/logout", data={"csrf_token": csrf_token(client.get("/"))})
