"""The contract page is built by its view: each area's panel is read before the template renders, and
the page costs no more queries than when its partials ran services themselves."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from contractmgr import clock
from contractmgr.extensions import db
from contractmgr.models import AcceptanceMaterial, Contract, User
from contractmgr.models.acceptance import DEFAULT_MATERIALS
from contractmgr.services import acceptance, evaluations, penalties, supplements
from contractmgr.services.calendar import working_calendar
from tests.factories import make_contract
from tests.helpers import csrf_token, statements_run
from tests.supplier.files import pdf_bytes

#: queries per page with the data below, measured on SQLite and PostgreSQL when the partials still called
#: services from the templates (before issue 16); the page may cost fewer, never more
MOST_QUERIES = {
    ("officer", "seed"): 61,
    ("finance", "seed"): 63,
    ("vendor", "seed"): 59,
    ("admin", "seed"): 63,
    ("officer", "ended"): 33,
    ("vendor", "ended"): 31,
    ("officer", "dashboard"): 41,
}


@pytest.fixture
def pages(demo):
    """The 洛阳 contract with a supplement, an evaluation, a confirmed and a waived penalty and a changed
    title (so every panel has rows and the trail names records), and an ended contract whose acceptance
    failed once (so acceptance reports and penalties show)."""
    user = db.session.scalar(sa.select(User).where(User.username == "officer"))
    vendor = db.session.scalar(sa.select(User).where(User.username == "vendor"))
    seed = db.session.scalar(sa.select(Contract).where(Contract.year_in_chain == 2))
    supplements.record_supplement(seed, increase=Decimal("100000.00"), reason="新增系统", signed_on=date(2026, 6, 1))
    evaluations.record_evaluation(
        seed,
        score=Decimal("85"),
        evaluated_on=date(2026, 6, 30),
        period_start=seed.start_on,
        period_end=date(2026, 6, 30),
        by=user,
    )
    penalties.confirm_penalty(penalties.assess_late_delivery(seed, 12, by=user), by=user)
    penalties.waive_penalty(penalties.assess_late_delivery(seed, 2, by=user), reason="已书面说明", by=user)
    seed.title += "（修订）"
    end = clock.today() - timedelta(days=3)
    ended = make_contract(title="已期满运维项目", lines=4, start=end - timedelta(days=364), end=end)
    db.session.add_all(
        AcceptanceMaterial(contract_id=ended.id, name=name, position=i) for i, name in enumerate(DEFAULT_MATERIALS)
    )
    db.session.flush()
    for material in acceptance.materials_of(ended):
        upload = FileStorage(io.BytesIO(pdf_bytes(material.name)), filename=f"{material.name}.pdf")
        acceptance.upload_material(material, upload, by=vendor)
    calendar = working_calendar()
    submission = acceptance.submit_acceptance(ended, "contract", by=vendor, today=clock.today(), calendar=calendar)
    acceptance.review_submission(submission, "fail", "材料不全", by=user, today=clock.today(), calendar=calendar)
    db.session.commit()
    return {"seed": f"/contracts/{seed.id}", "ended": f"/contracts/{ended.id}", "dashboard": "/"}


def _signed_in(app, username: str):
    client = app.test_client()
    token = csrf_token(client.get("/login"))
    response = client.post("/login", data={"username": username, "password": f"{username}-demo", "csrf_token": token})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize(("username", "page"), list(MOST_QUERIES))
def test_a_contract_page_costs_no_more_queries_than_before(app, pages, username, page):
    client = _signed_in(app, username)
    with statements_run() as statements:
        response = client.get(pages[page])
    assert response.status_code == 200
    assert len(statements) <= MOST_QUERIES[(username, page)], f"{len(statements)} queries:\n" + "\n".join(statements)
