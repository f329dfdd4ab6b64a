"""One strict reader of amounts for the forms and the API: what a person types is read as typed or
refused with a sentence that repeats it, never reinterpreted (1e309 → 1.00, 12abc → 12.00 before)."""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import example, given
from hypothesis import strategies as st

from contractmgr.extensions import db
from contractmgr.models import Contract, Payment
from forms.fields import MAX_AMOUNT, AmountRefused, read_amount
from tests.finance.conftest import ready
from tests.helpers import csrf_token

REFUSED = ["1e309", "1e12", "12abc", "100 200", "5-3", "NaN", "sNaN", "Infinity", "-Infinity", "1.234", "1,23"]
REFUSED += ["1,2345", ",100", "100,", "1..2", ".5", "5.", "0x10", "1_000", "¥", "元", "--5", "²", "①", "١٢"]


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("250000", "250000.00"),
        ("250,000.00", "250000.00"),
        ("¥250000.00元", "250000.00"),
        ("￥250,000.5", "250000.50"),
        ("２５０，０００．００", "250000.00"),
        ("  ¥ 8,271,400.00 元  ", "8271400.00"),
        ("0.01", "0.01"),
        ("999999999999.99", "999999999999.99"),
    ],
)
def test_an_amount_is_read_as_a_person_types_it(typed, amount):
    assert read_amount(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", REFUSED)
def test_anything_else_is_refused_not_guessed(typed):
    with pytest.raises(AmountRefused):
        read_amount(typed)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("1.234", "decimals"), ("-5", "negative"), ("¥-5.00", "negative"), ("1000000000000", "too_large")],
)
def test_the_refusal_says_why(typed, reason):
    with pytest.raises(AmountRefused) as refused:
        read_amount(typed)
    assert refused.value.reason == reason


def test_a_program_writes_decimal_strings_only():
    assert read_amount("827140.00", plain=True) == Decimal("827140.00")
    for typed in ("827,140.00", "¥827140.00", "NaN", "1e3", "1000000000000.00"):
        with pytest.raises(AmountRefused):
            read_amount(typed, plain=True)


amounts = st.decimals(min_value=0, max_value=MAX_AMOUNT, places=2, allow_nan=False, allow_infinity=False)
FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


@given(
    amounts, st.sampled_from(["{:.2f}", "{:,.2f}", "¥{:,.2f}", "{:.2f}元", "￥{:,.2f}元", " {:,.2f} "]), st.booleans()
)
def test_every_formatted_amount_reads_back_exactly(amount, pattern, full_width):
    typed = pattern.format(amount)
    assert read_amount(typed.translate(FULL_WIDTH) if full_width else typed) == amount


def _meant(typed: str) -> Decimal:
    """What a person means by a string the reader accepted: its digits and decimal point, nothing else."""
    ascii_text = "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in typed)
    return Decimal("".join(c for c in ascii_text if c in "0123456789.") or "0")


@given(st.text(alphabet="0123456789,.¥￥元 -eE+naN０１x\t", max_size=20) | st.text(max_size=12))
@example("1e309")
@example("100 200")
def test_a_random_string_is_refused_or_read_to_what_it_says(typed):
    try:
        amount = read_amount(typed)
    except AmountRefused:
        return
    if amount is None:
        assert not typed.strip()
        return
    assert 0 <= amount <= MAX_AMOUNT and amount == amount.quantize(Decimal("0.01"))
    assert amount == _meant(typed)
    assert not any(c.isalpha() and c != "元" for c in typed)


# --- the forms --------------------------------------------------------------------------------


def _pay(client, contract, amount: str):
    first = ready(contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    url = f"/finance/contracts/{contract.id}/milestones/{first.id}"
    token = csrf_token(client.get(url))
    data = {"csrf_token": token, "paid_on": "2026-07-01", "amount": amount, "voucher_number": "记-0701"}
    return client.post(url + "/payments", data=data)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("12abc", "「12abc」不是金额"),
        ("1e309", "「1e309」不是金额"),
        ("100 200", "「100 200」不是金额"),
        ("-5", "「-5」是负数：金额不能为负数"),
        ("1.234", "「1.234」有两位以上小数"),
    ],
)
def test_a_payment_form_refuses_what_is_not_an_amount_and_repeats_it(client, login, seed_contract, typed, says):
    login("finance")
    response = _pay(client, seed_contract, typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert says in page and "请输入付款金额" not in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 0


HEADER = {
    "title": "上限合同",
    "purchaser": "洛阳市行政审批和政务信息管理局",
    "vendor": "某某科技有限公司",
    "start_on": "2026-07-01",
    "end_on": "2027-06-30",
    "min_onsite_staff": "15",
    "evaluation_basis": "from_100",
    "year_in_chain": "1",
}


@pytest.mark.parametrize("total", ["1,000,000,000,000.00", "99999999999999.98"])
def test_a_contract_total_of_a_trillion_or_more_is_refused(officer, post_form, total):
    response = post_form("/procurement/contracts/new", {**HEADER, "total_amount": total})
    assert response.status_code == 422
    assert f"「{total}」超出上限" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Contract).where(Contract.title == "上限合同")) is None


def test_the_largest_total_the_column_holds_is_kept_to_the_fen(officer, post_form):
    response = post_form("/procurement/contracts/new", {**HEADER, "total_amount": "999,999,999,999.99"})
    assert response.status_code == 302
    contract = db.session.scalar(sa.select(Contract).where(Contract.title == "上限合同"))
    assert contract.total_amount == Decimal("999999999999.99")


def test_the_refusal_is_in_english_for_an_english_reader(client, login, seed_contract):
    login("finance")
    token = csrf_token(client.get("/"))
    client.post("/language/en", data={"csrf_token": token, "next": "/"})
    page = _pay(client, seed_contract, "12abc").get_data(as_text=True)
    assert "“12abc” is not an amount" in page


# --- the API ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body", "says"),
    [
        ("/supplements", {"increase": "NaN", "reason": "x"}, "increase must be a decimal string"),
        ("/supplements", {"increase": "sNaN", "reason": "x"}, "increase must be a decimal string"),
        ("/supplements", {"increase": "1e309", "reason": "x"}, "increase must be a decimal string"),
        ("/supplements", {"increase": "-5.00", "reason": "x"}, "increase must not be negative"),
        ("/supplements", {"increase": "1000000000000.00", "reason": "x"}, "increase must be less than"),
        ("/renewals", {"start": "2027-05-22", "end": "2028-05-21", "total_amount": "1e12"}, "total_amount"),
        ("/evaluations", {"score": "NaN"}, "score must be a number"),
        ("/evaluations", {"score": "sNaN"}, "score must be a number"),
        ("/evaluations", {"score": "Infinity"}, "score must be a number"),
        ("/evaluations", {"score": "1e309"}, "score must be a number"),
    ],
)
def test_the_api_refuses_the_same_amounts_with_422_naming_the_field(client, token, seed, path, body, says):
    response = client.post(f"/api/v1/contracts/{seed.id}{path}", json=body, headers=token("officer"))
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.json["error"] == "invalid_input" and says in response.json["message"]


def test_the_api_refuses_a_score_of_json_infinity(client, token, seed):
    response = client.post(
        f"/api/v1/contracts/{seed.id}/evaluations",
        data='{"score": 1e309}',
        headers={**token("officer"), "Content-Type": "application/json"},
    )
    assert response.status_code == 422 and "score must be a number" in response.json["message"]
