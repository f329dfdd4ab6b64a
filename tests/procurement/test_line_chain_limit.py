"""Renewing the 洛阳 contract into year 3 of its chain (limit 2028-05-21): lines 35 and 40 are cut at
the limit, the renewal form and the new contract's page say by how many days, and keeping the full
year needs a reason, which is kept on the lines and in the audit log."""

import json
from datetime import date

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import AuditEntry, Contract, LineItem

LIMIT = date(2028, 5, 21)
YEAR_3 = {"start_on": "2027-05-22", "end_on": "2028-05-21"}


def _renewal_url(contract):
    return f"/procurement/contracts/{contract.id}/renewal"


def _year_3():
    return db.session.scalar(sa.select(Contract).where(Contract.year_in_chain == 3))


def _line(contract, seq):
    return db.session.scalar(sa.select(LineItem).where(LineItem.contract_id == contract.id, LineItem.seq == seq))


def test_the_renewal_form_proposes_lines_35_and_40_at_the_limit_with_the_days_cut(seed, officer, client):
    page = client.get(_renewal_url(seed)).get_data(as_text=True)
    row_35 = page.split('id="cut-35"')[1].split("</tr>")[0]
    row_40 = page.split('id="cut-40"')[1].split("</tr>")[0]
    assert "2028年6月30日" in row_35 and "2028年5月21日" in row_35 and "40 天" in row_35
    assert "2028年7月26日" in row_40 and "2028年5月21日" in row_40 and "66 天" in row_40


def test_a_renewal_cuts_lines_35_and_40_and_the_contract_page_says_by_how_much(seed, officer, client, post_form):
    response = post_form(_renewal_url(seed), YEAR_3)
    assert response.status_code == 302
    renewal = _year_3()
    assert (_line(renewal, 35).start_on, _line(renewal, 35).end_on) == (date(2027, 7, 1), LIMIT)
    assert (_line(renewal, 40).start_on, _line(renewal, 40).end_on) == (date(2027, 7, 27), LIMIT)
    assert _line(renewal, 1).end_on is None  # a line sharing the contract's year has no end of its own
    page = client.get(f"/contracts/{renewal.id}").get_data(as_text=True)
    row_35 = page.split('id="line-35"')[1].split("</tr>")[0]
    row_40 = page.split('id="line-40"')[1].split("</tr>")[0]
    assert "少 40 天" in row_35 and "少 66 天" in row_40


def test_keeping_the_full_year_without_a_reason_is_refused_and_nothing_is_written(seed, officer, post_form):
    response = post_form(_renewal_url(seed), {**YEAR_3, "keep_full_line_years": "y"})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "第 35 项" in text and "2028年5月21日" in text and "40 天" in text
    assert _year_3() is None


def test_keeping_the_full_year_with_a_reason_keeps_it_on_the_lines_and_in_the_audit(seed, officer, post_form):
    reason = "采购人书面同意：系统上线晚于合同，需满一年运维"
    response = post_form(_renewal_url(seed), {**YEAR_3, "keep_full_line_years": "y", "past_limit_reason": reason})
    assert response.status_code == 302
    renewal = _year_3()
    line_40 = _line(renewal, 40)
    assert (line_40.end_on, line_40.past_limit_reason) == (None, reason)
    assert _line(renewal, 1).past_limit_reason is None
    audited = db.session.scalar(
        sa.select(AuditEntry).where(
            AuditEntry.entity == "line_items", AuditEntry.entity_id == line_40.id, AuditEntry.action == "create"
        )
    )
    assert json.loads(audited.new_value)["past_limit_reason"] == reason
