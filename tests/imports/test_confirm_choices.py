"""The CLI and the API confirm with the choices of the review page, through the same services: the
renewal chain (the proposed one by default, a chain on file, or a new one of a given year) and, for an
award notice, the contract it belongs to and the day its notice was sent."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract, ImportRecord, User
from tests import corpus
from tests.imports.conftest import counts
from tests.imports.test_review_chain import _first_year_on_file


def _imported() -> Contract:
    db.session.rollback()
    record = db.session.scalar(sa.select(ImportRecord).order_by(ImportRecord.id.desc()))
    return db.session.scalar(sa.select(Contract).where(Contract.import_record_id == record.id))


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=["import", *map(str, args), "--save", "--user", "officer"])


@pytest.fixture
def award_contract() -> Contract:
    contract = db.session.scalar(sa.select(Contract).order_by(Contract.id))
    contract.procurement_number = "ZZDSJ-2024-088"  # the award notice's 项目编号
    contract.signed_on = contract.signed_on or contract.start_on - timedelta(days=5)
    db.session.commit()
    return contract


@pytest.fixture
def award_docx(tmp_path):
    doc = next(doc for doc in corpus.documents() if doc.layout == "award_notice_without_table")
    return corpus.write_docx(doc, tmp_path / "中标结果公告.docx")


# -- the command line ---------------------------------------------------------------------------


def test_the_cli_puts_the_renewal_in_the_proposed_chain_and_says_so(app, demo, contract_docx):
    first = _first_year_on_file()
    result = _cli(app, contract_docx)
    assert result.exit_code == 0, result.stderr
    assert f"chain: chain {first.chain.id}" in result.stdout
    contract = _imported()
    assert (contract.chain_id, contract.year_in_chain, contract.renews_id) == (first.chain.id, 2, first.id)


def test_the_cli_makes_a_new_chain_of_the_year_asked(app, demo, contract_docx):
    _first_year_on_file()
    result = _cli(app, contract_docx, "--chain", "new", "--year", "2")
    assert result.exit_code == 0, result.stderr
    assert "chain: chain new, year 2, started_on 2025-05-22, original_award 8271400.00" in result.stdout
    contract = _imported()
    assert contract.year_in_chain == 2 and contract.chain.started_on == date(2025, 5, 22)
    assert len(contract.chain.contracts) == 1


def test_the_cli_refuses_a_chain_not_on_file_or_a_year_with_a_chain_and_saves_nothing(app, demo, contract_docx):
    first = _first_year_on_file()
    before = counts()
    missing = _cli(app, contract_docx, "--chain", "99999")
    assert missing.exit_code == 1 and "error: cannot save: chain: 所选续签链已不存在" in missing.stderr
    year = _cli(app, contract_docx, "--chain", str(first.chain.id), "--year", "3")
    assert year.exit_code == 1 and "只用于新的续签链" in year.stderr
    word = _cli(app, contract_docx, "--chain", "latest")
    assert word.exit_code == 1 and "--chain takes a chain id or new" in word.stderr
    assert counts() == before


def test_the_cli_records_an_award_notice_on_its_contract(app, demo, award_contract, award_docx):
    contract_id, notice_on = award_contract.id, award_contract.signed_on - timedelta(days=10)
    without_date = _cli(app, award_docx)
    assert without_date.exit_code == 1 and "award_notice_on" in without_date.stderr
    result = _cli(app, award_docx, "--notice-on", notice_on.isoformat())
    assert result.exit_code == 0, result.stderr
    # the default is the one contract with the notice's number, as the review page offers it
    assert f"award notice for: {award_contract.record_number}" in result.stdout
    assert "recorded the award notice on contract" in result.stdout
    db.session.expire_all()
    assert db.session.get(Contract, contract_id).award_notice_on == notice_on


# -- the API ------------------------------------------------------------------------------------


@pytest.fixture
def headers(app, demo) -> dict:
    user = db.session.scalar(sa.select(User).where(User.username == "officer"))
    value = user.issue_token()
    db.session.commit()
    return {"Authorization": f"Bearer {value}"}


def _uploaded(client, headers, path) -> str:
    with open(path, "rb") as file:
        created = client.post(
            "/api/v1/imports", data={"file": (file, path.name)}, headers=headers, content_type="multipart/form-data"
        )
    assert created.status_code == 201, created.json
    return f"/api/v1/imports/{created.json['import_id']}/confirm"


def test_the_api_confirms_in_the_proposed_chain_or_the_one_named(client, headers, contract_docx):
    first = _first_year_on_file()
    url = _uploaded(client, headers, contract_docx)
    refused = client.post(url, headers=headers, json={"acknowledge_warnings": True, "chain": "latest"})
    assert refused.status_code == 422 and "chain" in refused.json["message"]
    response = client.post(url, headers=headers, json={"acknowledge_warnings": True, "chain": first.chain.id})
    assert response.status_code == 201, response.json
    assert response.json["chain"] == {"chain": first.chain.id, "chain_id": first.chain.id}
    contract = db.session.get(Contract, response.json["contract_id"])
    assert (contract.year_in_chain, contract.renews_id) == (2, first.id)


def test_the_api_makes_a_new_chain_of_the_year_given(client, headers, contract_docx):
    url = _uploaded(client, headers, contract_docx)
    response = client.post(url, headers=headers, json={"acknowledge_warnings": True, "chain": "new", "chain_year": 3})
    assert response.status_code == 201, response.json
    contract = db.session.get(Contract, response.json["contract_id"])
    assert contract.year_in_chain == 3 and contract.chain.started_on == date(2024, 5, 22)
    assert response.json["chain"]["year"] == 3 and response.json["chain"]["chain_id"] == contract.chain_id


def test_the_api_records_an_award_notice_on_the_contract_named(client, headers, award_contract, award_docx):
    contract_id, notice_on = award_contract.id, award_contract.signed_on - timedelta(days=10)
    url = _uploaded(client, headers, award_docx)
    refused = client.post(url, headers=headers, json={"acknowledge_warnings": True})
    assert refused.status_code == 422 and refused.json["problems"][0]["field"] == "award_notice_on"
    response = client.post(
        url,
        headers=headers,
        json={
            "acknowledge_warnings": True,
            "award_contract": award_contract.record_number,
            "award_notice_on": notice_on.isoformat(),
        },
    )
    assert response.status_code == 201, response.json
    assert response.json["contract_id"] == contract_id
    db.session.expire_all()
    assert db.session.get(Contract, contract_id).award_notice_on == notice_on
