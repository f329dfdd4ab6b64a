"""修改合同's renewal chain section: move a contract to the chain it continues, or to a new one, with the
import's rules (overlap, 3-year limit); a refused move changes nothing."""

from datetime import date

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import AuditEntry
from tests.factories import make_contract

NUMBER = "ZB-链-2025-01"


def _chain_url(contract) -> str:
    return f"/procurement/contracts/{contract.id}/chain"


def _first_year():
    return make_contract(
        title="运维一期", lines=1, start=date(2025, 5, 22), end=date(2026, 5, 21), procurement_number=NUMBER
    )


def test_a_contract_moved_to_the_chain_it_continues_is_its_second_year(officer, post_form):
    first = _first_year()
    second = make_contract(title="运维二期", lines=1, procurement_number=NUMBER)  # 2026-05-22 – 2027-05-21
    db.session.commit()
    edit = f"/procurement/contracts/{second.id}/edit"
    assert "运维一期（作为第 2 年）" in officer.get(edit).get_data(as_text=True)  # proposed by the tender number

    response = post_form(edit, {"chain": f"chain-{first.chain_id}"}, url=_chain_url(second))

    assert response.status_code == 302
    page = officer.get(f"/contracts/{second.id}").get_data(as_text=True)
    assert "第 2 年，总服务周期不超过 3 年（自 2025年5月22日 起）" in page
    db.session.refresh(second)
    assert (second.chain_id, second.year_in_chain, second.renews_id) == (first.chain_id, 2, first.id)
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.field == "year_in_chain"))
    assert (entry.old_value, entry.new_value, entry.user.username) == ("1", "2", "officer")


def test_a_move_that_overlaps_the_previous_year_is_refused_and_changes_nothing(officer, post_form):
    first = _first_year()
    early = make_contract(
        title="运维二期", lines=1, start=date(2026, 5, 1), end=date(2027, 4, 30), procurement_number=NUMBER
    )
    db.session.commit()
    own_chain = early.chain_id

    response = post_form(
        f"/procurement/contracts/{early.id}/edit", {"chain": f"chain-{first.chain_id}"}, url=_chain_url(early)
    )

    assert response.status_code == 422
    assert "与上一年合同（至 2026年5月21日）重叠 21 天" in response.get_data(as_text=True)
    db.session.expire_all()
    assert (early.chain_id, early.year_in_chain, early.renews_id) == (own_chain, 1, None)


def test_a_new_chain_past_the_3_year_limit_is_refused(officer, post_form):
    contract = make_contract(title="运维四期", lines=1)
    db.session.commit()
    own_chain = contract.chain_id

    response = post_form(
        f"/procurement/contracts/{contract.id}/edit",
        {"chain": "new", "chain_started_on": "2023-05-22", "chain_year": "4"},
        url=_chain_url(contract),
    )

    assert response.status_code == 422
    assert "总服务周期累计不超过 3 年" in response.get_data(as_text=True)
    db.session.expire_all()
    assert (contract.chain_id, contract.year_in_chain) == (own_chain, 1)


def test_the_year_in_the_current_chain_may_be_corrected_within_the_limit(officer, post_form):
    contract = make_contract(title="运维单独", lines=1, chain_start=date(2024, 5, 22))
    db.session.commit()
    edit = f"/procurement/contracts/{contract.id}/edit"

    assert post_form(edit, {"chain": "current", "chain_year": "4"}, url=_chain_url(contract)).status_code == 422
    assert post_form(edit, {"chain": "current", "chain_year": "3"}, url=_chain_url(contract)).status_code == 302
    db.session.expire_all()
    assert contract.year_in_chain == 3


def test_a_move_into_a_chain_of_another_vendor_is_refused(officer, post_form):
    first = _first_year()
    other = make_contract(title="运维二期", lines=1, vendor="另一家科技有限公司", procurement_number=NUMBER)
    db.session.commit()

    response = post_form(
        f"/procurement/contracts/{other.id}/edit", {"chain": f"chain-{first.chain_id}"}, url=_chain_url(other)
    )

    assert response.status_code == 422
    assert (
        "所选续签链的乙方是 洛阳数智科技发展有限公司，本合同的乙方是 另一家科技有限公司：续签链中的中标供应商须一致"
        in response.get_data(as_text=True)
    )
    db.session.expire_all()
    assert other.year_in_chain == 1 and other.chain_id != first.chain_id


def test_a_contract_another_renews_cannot_leave_its_chain(officer, post_form):
    first = _first_year()
    second = make_contract(title="运维二期", lines=1, procurement_number=NUMBER)
    db.session.flush()
    second.chain, second.year_in_chain, second.renews = first.chain, 2, first
    db.session.commit()

    response = post_form(
        f"/procurement/contracts/{first.id}/edit", {"chain": "new", "chain_year": "1"}, url=_chain_url(first)
    )

    assert response.status_code == 422
    assert f"本合同已由 {second.record_number} 续签，不能移出续签链" in response.get_data(as_text=True)
    db.session.expire_all()
    assert first.chain_id == second.chain_id
