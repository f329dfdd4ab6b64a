"""The import review places a contract in its renewal chain: it proposes the chain with its reason,
the officer confirms it, picks another or makes a new one, and a chain past 3 years is refused."""

from datetime import date

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract, ImportRecord
from tests.factories import make_contract
from tests.imports.conftest import counts, form_fields, records_only, upload

TENDER_NUMBER = "洛直政采招标（2025）0060号"


def _review(officer, path):
    response = upload(officer, path)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"], officer.get(response.headers["Location"])


def _first_year_on_file() -> Contract:
    """The 洛阳 award's first year (2025-05-22 to 2026-05-21), entered before the renewal is imported."""
    first = make_contract(
        title="洛阳政务信息化运维项目（首年）",
        start=date(2025, 5, 22),
        end=date(2026, 5, 21),
        lines=2,
        procurement_number=TENDER_NUMBER,
    )
    db.session.commit()
    return first


def _imported(record_url) -> Contract:
    db.session.rollback()
    record = db.session.get(ImportRecord, int(record_url.rsplit("/", 1)[1]))
    return db.session.scalar(sa.select(Contract).where(Contract.import_record_id == record.id))


def test_the_renewal_is_proposed_after_its_first_year_and_confirmed_as_year_two(officer, contract_docx):
    first = _first_year_on_file()
    review_url, page = _review(officer, contract_docx)
    html = page.get_data(as_text=True)
    assert "建议：作为《洛阳政务信息化运维项目（首年）》的第 2 年" in html
    assert "依据：招标采购文件编号相同；甲方和乙方相同；项目名称含「续签」" in html
    # the demo's own 洛阳 contract has the same number but already holds 2026-05-22..2027-05-21
    assert "不能接续" in html and "重叠" in html
    fields = form_fields(page)
    assert fields["chain"] == f"chain-{first.chain.id}"
    fields.update(confirm="1", acknowledge_warnings="y")
    response = officer.post(review_url, data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    contract = _imported(review_url)
    assert (contract.chain_id, contract.year_in_chain, contract.renews_id) == (first.chain.id, 2, first.id)
    page = officer.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert "第 2 年" in page and "至 2028年5月21日 止" in page


def test_without_its_first_year_on_file_the_renewal_makes_a_chain_begun_a_year_earlier(officer, contract_docx):
    review_url, page = _review(officer, contract_docx)
    assert "建议新建续签链，本合同为第 2 年，首年起始日 2025年5月22日" in page.get_data(as_text=True)
    fields = form_fields(page)
    assert (fields["chain"], fields["chain_year"], fields["chain_started_on"]) == ("new", "2", "2025-05-22")
    fields.update(chain_original_award="8000000.00", confirm="1", acknowledge_warnings="y")
    assert officer.post(review_url, data=fields).status_code == 302
    contract = _imported(review_url)
    assert contract.year_in_chain == 2 and contract.chain.started_on == date(2025, 5, 22)
    assert str(contract.chain.original_award_amount) == "8000000.00"
    assert "至 2028年5月21日 止" in officer.get(f"/contracts/{contract.id}").get_data(as_text=True)


def test_a_chain_past_three_years_is_refused_with_the_days_and_nothing_is_created(officer, contract_docx):
    review_url, page = _review(officer, contract_docx)
    fields = form_fields(page)
    fields.update(chain="new", chain_year="3", chain_started_on="2024-01-01", confirm="1", acknowledge_warnings="y")
    before = counts()
    response = officer.post(review_url, data=fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "总服务周期累计不超过 3 年" in html and "共 141 天" in html
    assert 'href="#chain"' in html  # the problem leads to the chain section
    assert form_fields(response)["chain_started_on"] == "2024-01-01"  # the officer's choice is kept
    assert records_only(counts()) == records_only(before)


def test_the_officer_picks_a_new_first_year_instead_of_the_proposed_chain(officer, contract_docx):
    _first_year_on_file()
    review_url, page = _review(officer, contract_docx)
    fields = form_fields(page)
    fields.update(chain="new", chain_year="1", chain_started_on="", confirm="1", acknowledge_warnings="y")
    assert officer.post(review_url, data=fields).status_code == 302
    contract = _imported(review_url)
    assert contract.year_in_chain == 1 and contract.chain.started_on == date(2026, 5, 22)
    assert len(contract.chain.contracts) == 1


def test_a_chain_of_another_supplier_is_not_proposed_and_a_forged_choice_of_it_is_refused(officer, contract_docx):
    """Another lot of the same tender went to another supplier: its chain shares the tender number, but
    the award does not change hands in a chain (the 修改合同 move refuses it too)."""
    other = make_contract(
        title="洛阳政务信息化运维项目（二标段）",
        vendor="另一家信息技术有限公司",
        start=date(2025, 5, 22),
        end=date(2026, 5, 21),
        lines=2,
        procurement_number=TENDER_NUMBER,
    )
    db.session.commit()
    review_url, page = _review(officer, contract_docx)
    html = page.get_data(as_text=True)
    assert "《洛阳政务信息化运维项目（二标段）》" in html and "续签链中的中标供应商须一致" in html
    fields = form_fields(page)
    assert fields["chain"] != f"chain-{other.chain.id}"
    fields.update(chain=f"chain-{other.chain.id}", confirm="1", acknowledge_warnings="y")  # a forged choice
    before = counts()
    response = officer.post(review_url, data=fields)
    assert response.status_code == 422
    assert "所选续签链的乙方是 另一家信息技术有限公司" in response.get_data(as_text=True)
    assert records_only(counts()) == records_only(before)
    db.session.rollback()
    assert [c.id for c in db.session.get(type(other.chain), other.chain.id).contracts] == [other.id]
