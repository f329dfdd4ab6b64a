"""Two (or four) identical requests released at once never record money twice, pass a cap or create
two records; the loser is refused with a sentence (409 when it collided, or the rule's own refusal
computed after the winner) and never gets a 500.

Each request is made by its own client in its own thread and application context, so each has its
own database connection, and a threading.Barrier releases them together; each race is repeated and the
database is read afterwards. The races run on both engines: on PostgreSQL (CI's PostgreSQL pass) they
test the row locks, on SQLite the write lock taken at the start of the action (without it they fail on
SQLite too). The sequential "the second request after the first" is tested beside each race.
"""

import io
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from contractmgr import clock
from contractmgr.domain.errors import Conflict
from contractmgr.extensions import db
from contractmgr.models import (
    AcceptanceSubmission,
    Contract,
    ImportRecord,
    LprRate,
    Payment,
    Penalty,
    StaffAssignment,
    SupplementaryContract,
    User,
)
from contractmgr.services import acceptance
from contractmgr.services.calendar import working_calendar
from contractmgr.services.penalties import assess_late_delivery
from contractmgr.web.actions import committed
from tests.factories import make_contract
from tests.finance.conftest import ready
from tests.helpers import csrf_token
from tests.imports.conftest import form_fields
from tests.supplier.conftest import DEMO_VENDOR, with_materials
from tests.supplier.files import pdf_bytes, roster_xlsx

TRIALS = 8
FIRST = Decimal("5789980.00")  # milestone 1 of the 洛阳 contract: 70% of ¥8,271,400.00


@dataclass
class Answer:
    status: int
    text: str
    json: dict | None


def race(app, requests) -> list[Answer]:
    """Run each request in its own thread, application context and client, released at once by a
    barrier. `requests` are (username, prepare) pairs: the client signs in as `username` through the
    login page (None: an API call with its own token), then `prepare(client)` runs before the barrier
    (reads the form's CSRF token) and returns the call to fire. An exception (a 500 under TESTING)
    fails the test."""
    barrier = threading.Barrier(len(requests))
    answers: list[Answer | None] = [None] * len(requests)
    errors: list[BaseException] = []

    def run(index, username, prepare):
        try:
            with app.app_context():
                client = app.test_client()
                if username:
                    sign_in(client, username)
                fire = prepare(client)
                barrier.wait(timeout=60)
                response = fire()
                answers[index] = Answer(
                    response.status_code, response.get_data(as_text=True), response.get_json(silent=True)
                )
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 — reported to the test below
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(i, *request)) for i, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    db.session.expire_all()
    return answers


def sign_in(client, username: str) -> None:
    token = csrf_token(client.get("/login"))
    response = client.post("/login", data={"username": username, "password": f"{username}-demo", "csrf_token": token})
    assert response.status_code == 302


# --- a conflict from the database is a 409 with a sentence, on both engines -----------------------


def test_a_unique_key_taken_meanwhile_is_a_conflict_and_nothing_is_half_written(app):
    day = date(2031, 1, 20)
    db.session.add(LprRate(effective_on=day, one_year_percent=Decimal("3.00")))
    db.session.commit()
    with pytest.raises(Conflict) as raised, committed():
        db.session.add(LprRate(effective_on=date(2031, 2, 20), one_year_percent=Decimal("2.90")))
        db.session.add(LprRate(effective_on=day, one_year_percent=Decimal("3.10")))
        db.session.flush()
    assert raised.value.code == "concurrent_change"
    # Rolled back: the session works, and neither of the block's rates was kept.
    rates = db.session.scalars(sa.select(LprRate.one_year_percent).where(LprRate.effective_on >= day)).all()
    assert rates == [Decimal("3.00")]


# --- payments: the milestone's row is locked before what is outstanding is read ------------------


def _paid(milestone_id: int) -> Decimal:
    amounts = db.session.scalars(sa.select(Payment.amount).where(Payment.milestone_id == milestone_id))
    return sum(amounts, Decimal(0))


def _payment_url(milestone) -> str:
    return f"/finance/contracts/{milestone.contract_id}/milestones/{milestone.id}"


def _pay(amount: Decimal, voucher: str, url: str):
    def prepare(client):
        token = csrf_token(client.get(url))
        data = {"csrf_token": token, "paid_on": "2026-07-01", "amount": f"{amount:f}", "voucher_number": voucher}
        return lambda: client.post(url + "/payments", data=data)

    return prepare


@pytest.fixture
def first_milestone(demo):
    from contractmgr.models import Contract

    contract = db.session.scalar(sa.select(Contract).where(Contract.filing_number.is_not(None)))
    milestone = contract.milestones[0]
    assert milestone.amount == FIRST
    return ready(milestone, date(2026, 5, 22), date(2026, 6, 1), today=clock.today())


def test_a_second_payment_of_the_whole_amount_is_refused_with_what_is_left(client, login, first_milestone):
    url = _payment_url(first_milestone)
    login("finance")
    for voucher, status in (("记-1", 302), ("记-2", 422)):
        token = csrf_token(client.get(url))
        data = {"csrf_token": token, "paid_on": "2026-07-01", "amount": "5789980.00", "voucher_number": voucher}
        response = client.post(url + "/payments", data=data)
        assert response.status_code == status
    assert "多出 ¥5,789,980.00" in response.get_data(as_text=True)
    assert _paid(first_milestone.id) == FIRST


def _unpaid_first_milestone(trial: int):
    """The 70% milestone of a new contract of the seed's figures, due and unpaid: payments are never deleted
    (《政府采购法》第四十二条), so each trial pays a milestone of its own."""
    contract = make_contract(title=f"并发付款 {trial}")
    assert contract.milestones[0].amount == FIRST
    return ready(contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1), today=clock.today())


@pytest.mark.parametrize("requests", [2, 4])
def test_simultaneous_payments_of_the_whole_amount_record_it_once(app, first_milestone, requests):
    for trial in range(TRIALS):
        milestone = first_milestone if trial == 0 else _unpaid_first_milestone(trial)
        url, milestone_id = _payment_url(milestone), milestone.id
        answers = race(app, [("finance", _pay(FIRST, f"记-{trial}-{n}", url)) for n in range(requests)])
        statuses = sorted(answer.status for answer in answers)
        assert statuses == [302] + [422] * (requests - 1), (trial, statuses)
        assert all("多出 ¥5,789,980.00" in a.text for a in answers if a.status == 422)
        assert _paid(milestone_id) == FIRST, trial


def test_simultaneous_part_payments_never_pass_what_is_outstanding(app, first_milestone):
    """Four payments of 40%: two fit, two are refused — whatever the order."""
    part = Decimal("2315992.00")  # 40% of 5,789,980.00
    for trial in range(TRIALS):
        milestone = first_milestone if trial == 0 else _unpaid_first_milestone(trial)
        url, milestone_id = _payment_url(milestone), milestone.id
        answers = race(app, [("finance", _pay(part, f"记-{trial}-{n}", url)) for n in range(4)])
        assert sorted(answer.status for answer in answers) == [302, 302, 422, 422], trial
        assert _paid(milestone_id) == 2 * part


# --- confirming an import: its row is locked before its status is read ---------------------------


def _bearer(username: str) -> dict:
    value = db.session.scalar(sa.select(User).where(User.username == username)).issue_token()
    db.session.commit()
    return {"Authorization": f"Bearer {value}"}


def _api(url: str, headers: dict, body: dict | None = None):
    return lambda client: lambda: client.post(url, headers=headers, json=body or {})


def _copy_in_review(record: ImportRecord) -> ImportRecord:
    """Another import of the same reading, still in review (a fresh record for each trial)."""
    copy = ImportRecord(
        stored_file_id=record.stored_file_id,
        filename=record.filename,
        sha256=record.sha256,
        kind=record.kind,
        payload=record.payload,
        created_by_id=record.created_by_id,
    )
    db.session.add(copy)
    db.session.commit()
    return copy


@pytest.fixture
def uploaded(client, demo, contract_pdf):
    """The contract PDF read by the API, in review: (record, the officer's headers)."""
    headers = _bearer("officer")
    with open(contract_pdf, "rb") as file:
        response = client.post(
            "/api/v1/imports",
            data={"file": (file, "contract.pdf")},
            headers=headers,
            content_type="multipart/form-data",
        )
    assert response.status_code == 201, response.json
    return db.session.get(ImportRecord, response.json["import_id"]), headers


def _contracts_of(record_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(Contract.import_record_id == record_id))


@pytest.mark.parametrize("requests", [2, 4])
def test_confirming_the_same_import_at_once_creates_one_contract(app, uploaded, requests):
    first, headers = uploaded
    for trial in range(TRIALS):
        record_id = _copy_in_review(first).id
        url = f"/api/v1/imports/{record_id}/confirm"
        answers = race(app, [(None, _api(url, headers, {"acknowledge_warnings": True}))] * requests)
        assert sorted(a.status for a in answers) == [201] + [409] * (requests - 1), trial
        assert all(a.json["error"] == "import_not_in_review" for a in answers if a.status == 409)
        assert all("这次导入已导入，不能再修改" in a.json["message"] for a in answers if a.status == 409)
        assert _contracts_of(record_id) == 1, trial


def test_confirming_an_import_again_on_the_page_is_409_with_a_sentence(client, login, uploaded):
    record, _ = uploaded
    login("officer")
    url = f"/imports/{record.id}"
    fields = form_fields(client.get(url))  # the CSRF token included
    fields.update(confirm="确认导入", acknowledge_warnings="y")
    assert client.post(url, data=fields).status_code == 302
    again = client.post(url, data=fields)
    assert again.status_code == 409 and "这次导入已导入，不能再修改。" in again.get_data(as_text=True)
    assert _contracts_of(record.id) == 1


# --- confirming and waiving a penalty: its row is locked before its status is read --------------


@pytest.fixture
def proposal(demo):
    def propose() -> int:
        contract = db.session.scalar(sa.select(Contract).where(Contract.filing_number.is_not(None)))
        penalty = assess_late_delivery(contract, 3)
        db.session.commit()
        return penalty.id

    return propose


def test_simultaneous_confirm_and_waive_of_a_penalty_decide_it_once(app, proposal):
    headers = _bearer("officer")
    for trial in range(TRIALS):
        penalty_id = proposal()
        base = f"/api/v1/contracts/{db.session.get(Penalty, penalty_id).contract_id}/penalties/{penalty_id}"
        confirm = _api(base + "/confirm", headers)
        waive = _api(base + "/waive", headers, {"reason": "供应商书面说明了不可抗力"})
        answers = race(app, [(None, confirm), (None, waive), (None, confirm), (None, waive)])
        winners = [a for a in answers if a.status == 200]
        assert len(winners) == 1 and sorted(a.status for a in answers) == [200, 409, 409, 409], trial
        penalty = db.session.get(Penalty, penalty_id)
        assert penalty.status == winners[0].json["status"] in ("confirmed", "waived")
        assert (penalty.waive_reason is not None) == (penalty.status == "waived")
        status = "已确认" if penalty.status == "confirmed" else "已免除"
        for loser in (a for a in answers if a.status == 409):
            assert loser.json == {
                "error": "penalty_already_decided",
                "message": f"该违约金已处理（{status}），不能再次确认或免除。",
            }


def test_waiving_a_confirmed_penalty_on_the_page_is_409_with_a_sentence(client, login, proposal):
    penalty = db.session.get(Penalty, proposal())
    base = f"/procurement/contracts/{penalty.contract_id}/penalties/{penalty.id}"
    login("officer")
    token = csrf_token(client.get(base + "/waive"))
    assert client.post(base + "/confirm", data={"csrf_token": token}).status_code == 302
    again = client.post(base + "/waive", data={"csrf_token": token, "reason": "不可抗力"})
    assert again.status_code == 409
    assert "该违约金已处理（已确认），不能再次确认或免除。" in again.get_data(as_text=True)
    assert db.session.get(Penalty, penalty.id).status == "confirmed"


# --- acceptance submissions: the contract's row is locked; one whole-contract attempt n -----------


def _late_contract(title: str) -> Contract:
    """The demo vendor's contract whose year ended 60 days ago, every material uploaded: a first
    submission now is late and proposes the late-delivery penalty."""
    end = clock.today() - timedelta(days=60)
    contract = make_contract(
        title=title, vendor=DEMO_VENDOR, total=Decimal("1000000.00"), lines=2, start=end - timedelta(days=364), end=end
    )
    with_materials(contract)
    vendor = db.session.scalar(sa.select(User).where(User.username == "vendor"))
    for material in acceptance.materials_of(contract):
        upload = FileStorage(io.BytesIO(pdf_bytes(material.name)), f"{material.name}.pdf")
        acceptance.upload_material(material, upload, by=vendor)
    db.session.commit()
    return contract


def _attempts(contract_id: int) -> list[int]:
    return sorted(
        db.session.scalars(
            sa.select(AcceptanceSubmission.attempt).where(AcceptanceSubmission.contract_id == contract_id)
        )
    )


def _late_penalties(contract_id: int) -> int:
    query = sa.select(sa.func.count()).where(Penalty.contract_id == contract_id, Penalty.kind == "late_delivery")
    return db.session.scalar(query)


def test_simultaneous_submissions_make_one_attempt_and_one_late_penalty_then_one_attempt_2(app, demo):
    vendor = _bearer("vendor")
    for trial in range(TRIALS // 2):
        contract = _late_contract(f"验收并发 {trial}")
        url = f"/api/v1/contracts/{contract.id}/acceptance-submissions"
        submit = _api(url, vendor, {"scope": "contract"})

        answers = race(app, [(None, submit)] * 2)
        assert sorted(a.status for a in answers) == [201, 409], trial
        loser = next(a for a in answers if a.status == 409)
        assert loser.json["error"] == "acceptance_awaiting_review"
        assert loser.json["message"] == "第 1 次提交仍在等待采购人审核，审核后才能再次提交。"
        assert _attempts(contract.id) == [1] and _late_penalties(contract.id) == 1

        first = db.session.scalar(
            sa.select(AcceptanceSubmission).where(AcceptanceSubmission.contract_id == contract.id)
        )
        officer = db.session.scalar(sa.select(User).where(User.username == "officer"))
        acceptance.review_submission(
            first, "fail", "材料不全", by=officer, today=clock.today(), calendar=working_calendar()
        )
        db.session.commit()
        answers = race(app, [(None, submit)] * 4)
        assert sorted(a.status for a in answers) == [201, 409, 409, 409], trial
        assert _attempts(contract.id) == [1, 2]


def test_a_second_submission_on_the_page_is_409_with_a_sentence(client, login, demo):
    contract = _late_contract("验收顺序提交")
    login("vendor")
    page = f"/vendor/contracts/{contract.id}"
    for status in (302, 409):
        token = csrf_token(client.get(page))
        response = client.post(
            f"/vendor/contracts/{contract.id}/submissions", data={"csrf_token": token, "scope": "contract"}
        )
        assert response.status_code == status
    assert "第 1 次提交仍在等待采购人审核，审核后才能再次提交。" in response.get_data(as_text=True)
    assert _attempts(contract.id) == [1] and _late_penalties(contract.id) == 1


def test_the_database_keeps_one_whole_contract_attempt_n(app, demo):
    """The partial unique index: two rows for the whole contract (line NULL) with one attempt number are
    refused by the database itself, on both engines; a line's own attempt 1 beside it is fine."""
    contract = _late_contract("验收唯一约束")

    def row(line_item_id=None):
        return AcceptanceSubmission(
            contract_id=contract.id, line_item_id=line_item_id, attempt=1, submitted_on=clock.today()
        )

    db.session.add_all([row(), row(contract.lines[0].id)])
    db.session.commit()
    with pytest.raises(Conflict), committed():
        db.session.add(row())
        db.session.flush()
    assert _attempts(contract.id) == [1, 1]


# --- supplements: the renewal chain's row is locked before the 10% cap is read ---------------------


def _chain_of_two(trial: int) -> tuple[Contract, Contract]:
    """A chain awarded at ¥1,000,000.00 (cap ¥100,000.00) with its first contract and its renewal."""
    first = make_contract(title=f"补充合同并发 {trial}", total=Decimal("1000000.00"), lines=2)
    second = make_contract(title=f"补充合同并发 {trial} 续签", total=Decimal("1000000.00"), lines=2)
    second.chain, second.year_in_chain = first.chain, 2
    db.session.commit()
    return first, second


def _increases(chain_id: int) -> list[Decimal]:
    query = sa.select(SupplementaryContract.increase_amount).join(Contract).where(Contract.chain_id == chain_id)
    return sorted(db.session.scalars(query))


@pytest.mark.parametrize("same_contract", [True, False], ids=["one contract", "two contracts of the chain"])
def test_simultaneous_supplements_never_pass_the_chain_cap(app, demo, same_contract):
    headers = _bearer("officer")
    for trial in range(TRIALS):
        first, second = _chain_of_two(trial)
        targets = [first, first] if same_contract else [first, second]
        body = {"increase": "60000.00", "reason": "新增系统的运维"}
        requests = [(None, _api(f"/api/v1/contracts/{c.id}/supplements", headers, body)) for c in targets]
        answers = race(app, requests)
        assert sorted(a.status for a in answers) == [201, 422], trial
        loser = next(a for a in answers if a.status == 422)
        assert loser.json["error"] == "supplement_cap_exceeded"
        assert _increases(first.chain_id) == [Decimal("60000.00")], trial


def test_four_supplements_at_once_fill_the_cap_and_no_more(app, demo):
    headers = _bearer("officer")
    for trial in range(TRIALS // 2):
        first, second = _chain_of_two(trial)
        body = {"increase": "30000.00", "reason": "新增系统的运维"}
        requests = [(None, _api(f"/api/v1/contracts/{c.id}/supplements", headers, body)) for c in (first, second) * 2]
        answers = race(app, requests)
        assert sorted(a.status for a in answers) == [201, 201, 201, 422], trial
        assert _increases(first.chain_id) == [Decimal("30000.00")] * 3


# --- a race that only a constraint stops: the loser is 409 with a sentence, not a 500 ---------------


def test_two_renewals_at_once_make_one_and_the_loser_gets_409(app, demo):
    """Renewing takes no lock: the unique (chain, year) and `renews_id` stop the second renewal in the
    database. Its IntegrityError is rolled back and answered 409 `concurrent_change` with the sentence
    (or, when the first had committed before it read, 422 `already_renewed`) — never a 500."""
    headers = _bearer("officer")
    for trial in range(TRIALS // 2):
        contract = make_contract(title=f"续签并发 {trial}", total=Decimal("1000000.00"), lines=2)
        db.session.commit()
        body = {"start": "2027-05-22", "end": "2028-05-21"}
        answers = race(app, [(None, _api(f"/api/v1/contracts/{contract.id}/renewals", headers, body))] * 2)
        winner, loser = sorted(answers, key=lambda answer: answer.status)
        assert winner.status == 201 and loser.status in (409, 422), (trial, loser.status, loser.json)
        assert loser.json["error"] == ("concurrent_change" if loser.status == 409 else "already_renewed")
        if loser.status == 409:
            assert (
                loser.json["message"] == "另一项操作刚刚修改了同一记录，本次操作未保存。请刷新页面查看最新情况后再试。"
            )
        renewals = sa.select(sa.func.count()).where(Contract.renews_id == contract.id)
        assert db.session.scalar(renewals) == 1


def test_a_pass_and_a_fail_of_one_submission_at_once_decide_it_once(app, demo):
    """The submission's row is locked before its decision is read: the second reviewer is told it was
    decided (409), and a failure's penalty is proposed only when the failure is the decision kept."""
    officer = _bearer("officer")
    vendor = db.session.scalar(sa.select(User).where(User.username == "vendor"))
    for trial in range(TRIALS // 2):
        contract = _late_contract(f"审核并发 {trial}")
        submission = acceptance.submit_acceptance(
            contract, "contract", by=vendor, today=clock.today(), calendar=working_calendar()
        )
        db.session.commit()
        url = f"/api/v1/acceptance-submissions/{submission.id}/review"
        passing = _api(url, officer, {"decision": "pass"})
        failing = _api(url, officer, {"decision": "fail", "reasons": "材料不全"})
        answers = race(app, [(None, passing), (None, failing)])
        assert sorted(a.status for a in answers) == [200, 409], trial
        loser = next(a for a in answers if a.status == 409)
        assert loser.json["error"] == "acceptance_already_decided"
        decided = db.session.get(AcceptanceSubmission, submission.id)
        failures = sa.select(sa.func.count()).where(
            Penalty.contract_id == contract.id, Penalty.kind.like("acceptance_failed%")
        )
        assert db.session.scalar(failures) == (1 if decided.decision == "fail" else 0), trial


# --- moving contracts into a renewal chain: the chains' rows are locked (lower id first) before the check ----


def _move_into(contract_id: int, chain_id: int):
    def prepare(client):
        token = csrf_token(client.get(f"/procurement/contracts/{contract_id}/edit"))
        data = {"csrf_token": token, "chain": f"chain-{chain_id}"}
        return lambda: client.post(f"/procurement/contracts/{contract_id}/chain", data=data)

    return prepare


def test_two_contracts_moved_into_one_chain_at_once_never_overlap_in_it(app, demo):
    """Each fits after the chain's first year alone, not after the other: one is moved, the other is
    refused with the overlap it would have (checked after the winner's commit), never both in the chain
    and never a bare collision on the unique (chain, year)."""
    for trial in range(TRIALS // 2):
        number = f"链并发-{trial}"
        first = make_contract(
            title=f"链并发一期 {trial}",
            lines=1,
            start=date(2025, 5, 22),
            end=date(2026, 5, 21),
            procurement_number=number,
        )
        second = make_contract(title=f"链并发二期 {trial}", lines=1, procurement_number=number)  # from 2026-05-22
        rival = make_contract(
            title=f"链并发二期另签 {trial}",
            lines=1,
            start=date(2026, 6, 1),
            end=date(2027, 5, 21),
            procurement_number=number,
        )
        db.session.commit()
        chain_id = first.chain_id
        answers = race(app, [("officer", _move_into(c.id, chain_id)) for c in (second, rival)])
        assert sorted(a.status for a in answers) == [302, 422], trial
        loser = next(a for a in answers if a.status == 422)
        assert "与上一年合同（至 2027年5月21日）重叠" in loser.text, trial
        assert "另一项操作刚刚修改了同一记录" not in loser.text, trial  # the rule's refusal, not a collision
        in_chain = (
            sa.select(Contract.year_in_chain).where(Contract.chain_id == chain_id).order_by(Contract.year_in_chain)
        )
        assert db.session.scalars(in_chain).all() == [1, 2], trial


# --- the staff roster: the contract's row is locked before the file is looked for among those imported ----


def _import_roster(contract_id: int, content: bytes):
    def prepare(client):
        page = f"/vendor/contracts/{contract_id}/staff"
        token = csrf_token(client.get(page))
        data = {"csrf_token": token, "file": (io.BytesIO(content), "驻场人员.xlsx")}
        return lambda: client.post(page + "/import", data=data, content_type="multipart/form-data")

    return prepare


def test_the_same_roster_uploaded_twice_at_once_is_saved_once(app, demo):
    for trial in range(TRIALS // 2):
        contract = make_contract(title=f"名单并发 {trial}", vendor=DEMO_VENDOR, lines=2, start=date(2026, 1, 1))
        db.session.commit()
        content = roster_xlsx([(f"张三{trial}", "工程师", "1、2", "2026-02-01", None, None)])
        answers = race(app, [("vendor", _import_roster(contract.id, content))] * 2)
        assert sorted(a.status for a in answers) == [302, 422], trial
        assert "已导入过本合同，未重复导入" in next(a for a in answers if a.status == 422).text
        rows = sa.select(sa.func.count()).where(StaffAssignment.contract_id == contract.id)
        assert db.session.scalar(rows) == 2, trial  # one person on two lines
