"""The officer's operations over the JSON API: the same services, the same rules, 422 when one is broken."""

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract, Penalty
from tests.test_api import _validate


@pytest.fixture
def api(client, token, seed):
    headers = token("officer")

    def post(path: str, body: dict | None = None, headers=headers):
        return client.post(f"/api/v1/contracts/{seed.id}{path}", json=body if body is not None else {}, headers=headers)

    return post


def test_renewing_the_luoyang_chain_for_its_third_year_is_accepted(api, seed):
    response = api("/renewals", {"start": "2027-05-22", "end": "2028-05-21"})
    assert response.status_code == 201, response.json
    _validate(response.json, "Renewal")
    assert response.json["contract"]["year_in_chain"] == 3
    assert response.json["contract"]["total_amount"] == "8271400.00"
    assert response.json["chain"] | {"contracts": None} == {
        "id": seed.chain_id,
        "started_on": "2025-05-22",
        "limit_end": "2028-05-21",
        "latest_end": "2028-05-21",
        "years_used": "3.00",
        "years_left": "0.00",
        "days_left": 0,
        "contracts": None,
    }
    renewal = db.session.get(Contract, response.json["contract"]["id"])
    assert renewal.renews_id == seed.id and len(renewal.lines) == 40
    assert renewal.lines[39].start_on.isoformat() == "2027-07-27"  # line 40 goes on from its own year


def test_a_fourth_year_is_refused_with_the_days_it_goes_over(api, client, token, seed):
    third = api("/renewals", {"start": "2027-05-22", "end": "2028-05-21"}).json["contract"]["id"]
    response = client.post(
        f"/api/v1/contracts/{third}/renewals",
        json={"start": "2028-05-22", "end": "2029-05-21"},
        headers=token("officer"),
    )
    assert response.status_code == 422
    assert response.json["error"] == "renewal_limit_exceeded"
    assert "3 年" in response.json["message"] and "365 天" in response.json["message"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contract)) == 2


def test_a_contract_is_renewed_only_once(api):
    assert api("/renewals", {"start": "2027-05-22", "end": "2028-05-21"}).status_code == 201
    response = api("/renewals", {"start": "2027-05-22", "end": "2028-05-21"})
    assert response.status_code == 422 and response.json["error"] == "already_renewed"


def test_a_supplement_one_fen_over_ten_percent_of_the_award_is_refused_by_that_fen(api, seed):
    response = api("/supplements", {"increase": "827140.01", "reason": "扩容"})
    assert response.status_code == 422
    assert response.json["error"] == "supplement_cap_exceeded"
    assert "¥0.01" in response.json["message"] and "¥827,140.00" in response.json["message"]
    assert seed.supplements == []


def test_a_supplement_of_exactly_ten_percent_is_accepted_and_leaves_nothing(api):
    response = api("/supplements", {"increase": "827140.00", "reason": "新增系统运维"})
    assert response.status_code == 201, response.json
    _validate(response.json, "Supplement")
    assert response.json["cap"] == {"cap": "827140.00", "used": "827140.00", "remaining": "0.00"}


def test_the_cap_counts_the_whole_chain_against_the_original_award(api, client, token):
    assert api("/supplements", {"increase": "500000.00", "reason": "第一次"}).status_code == 201
    renewal = api("/renewals", {"start": "2027-05-22", "end": "2028-05-21", "total_amount": "9000000.00"}).json
    response = client.post(
        f"/api/v1/contracts/{renewal['contract']['id']}/supplements",
        json={"increase": "327140.01", "reason": "第二次"},
        headers=token("officer"),
    )
    assert response.status_code == 422
    assert "¥327,140.00" in response.json["message"]  # what was left, counted on 8,271,400.00, not 9,000,000.00


def test_supplement_lines_give_the_increase_and_read_the_amount_before_from_the_line(api, seed):
    response = api(
        "/supplements",
        {
            "reason": "调整",
            "lines": [
                {"seq": 1, "amount_after": "300000.00"},
                {"name": "新增系统", "unit": "洛阳市大数据局", "amount_after": "20000.00"},
            ],
        },
    )
    assert response.status_code == 201, response.json
    assert seed.lines[0].amount == 250000  # annex line 1
    assert response.json["supplement"]["increase"] == "70000.00"  # 300,000 − 250,000 + 20,000
    assert response.json["supplement"]["lines"][0]["amount_before"] == "250000.00"
    assert response.json["supplement"]["lines"][1]["amount_before"] is None


def test_an_evaluation_of_85_answers_the_deduction_on_the_contracts_basis_and_the_other(api):
    response = api("/evaluations", {"score": 85, "evaluated_on": "2026-11-20"})
    assert response.status_code == 201, response.json
    _validate(response.json, "EvaluationResult")
    assert response.json["deduction"]["basis"] == "from_100"
    assert response.json["deduction"]["amount"] == "248142.00"
    assert response.json["other_basis"] == response.json["other_basis"] | {"basis": "from_90", "amount": "82714.00"}
    assert response.json["penalty"]["kind"] == "evaluation" and response.json["penalty"]["status"] == "proposed"


def test_an_evaluation_of_90_deducts_nothing_and_proposes_no_penalty(api):
    response = api("/evaluations", {"score": "90"})
    assert response.status_code == 201
    assert response.json["deduction"]["full_payment"] is True and response.json["penalty"] is None


def test_a_score_over_100_is_refused(api):
    response = api("/evaluations", {"score": 101})
    assert response.status_code == 422 and response.json["error"] == "score_out_of_range"


def test_eleven_days_late_costs_ten_percent_and_opens_termination(api):
    response = api("/penalties", {"kind": "late_delivery", "days": 11})
    assert response.status_code == 201
    _validate(response.json, "Penalty")
    assert response.json["amount"] == "827140.00" and response.json["may_terminate"] is True
    assert response.json["inputs"]["days"] == 11


@pytest.mark.parametrize(
    ("attempt", "kind", "amount"), [(1, "acceptance_failed", "413570.00"), (2, "acceptance_failed_again", "827140.00")]
)
def test_a_failed_acceptance_costs_five_percent_and_ten_the_second_time(api, attempt, kind, amount):
    response = api("/penalties", {"kind": "acceptance_failed", "attempt": attempt})
    assert response.status_code == 201
    assert (response.json["kind"], response.json["amount"], response.json["may_terminate"]) == (kind, amount, False)


def test_a_penalty_is_confirmed_once_and_netted_against_the_next_milestone(api, seed):
    penalty = api("/penalties", {"kind": "late_delivery", "days": 3}).json
    confirmed = api(f"/penalties/{penalty['id']}/confirm")
    assert confirmed.status_code == 200
    assert confirmed.json["status"] == "confirmed" and confirmed.json["milestone_id"] == seed.milestones[0].id
    again = api(f"/penalties/{penalty['id']}/waive", {"reason": "晚了"})
    assert again.status_code == 409 and again.json["error"] == "penalty_already_decided"
    assert again.json["message"] == "该违约金已处理（已确认），不能再次确认或免除。"


def test_a_waiver_needs_a_reason(api):
    penalty = api("/penalties", {"kind": "late_delivery", "days": 3}).json
    assert api(f"/penalties/{penalty['id']}/waive", {"reason": "  "}).status_code == 422
    waived = api(f"/penalties/{penalty['id']}/waive", {"reason": "供应商书面说明了不可抗力"})
    assert waived.json["status"] == "waived" and waived.json["waive_reason"] == "供应商书面说明了不可抗力"


def test_another_contracts_penalty_is_not_found(api, seed):
    from contractmgr.services.penalties import assess_late_delivery
    from tests.factories import make_contract

    other = make_contract(title="另一合同", lines=1)
    penalty = assess_late_delivery(other, 1)
    db.session.commit()
    assert api(f"/penalties/{penalty.id}/confirm").status_code == 404
    assert db.session.get(Penalty, penalty.id).status == "proposed"


@pytest.mark.parametrize("username", ["finance", "vendor", "vendor2", "admin"])
def test_only_the_procurement_officer_may_post(api, token, username):
    headers = token(username)
    for path, body in (
        ("/renewals", {"start": "2027-05-22", "end": "2028-05-21"}),
        ("/supplements", {"increase": "1.00", "reason": "x"}),
        ("/evaluations", {"score": 85}),
        ("/penalties", {"kind": "late_delivery", "days": 1}),
    ):
        response = api(path, body, headers=headers)
        assert response.status_code == 403, (path, response.json)
        assert response.json["error"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Penalty)) == 0


@pytest.mark.parametrize(
    ("path", "body", "says"),
    [
        ("/supplements", {"increase": 827140.0, "reason": "x"}, "decimal string"),
        ("/supplements", {"increase": "1.001", "reason": "x"}, "two decimals"),
        ("/supplements", {"increase": "1.00"}, "reason"),
        ("/renewals", {"start": "2027-05-22"}, "end"),
        ("/renewals", {"start": "22/05/2027", "end": "2028-05-21"}, "ISO date"),
        ("/penalties", {"kind": "late_delivery"}, "days"),
        ("/penalties", {"kind": "lost_keys"}, "kind"),
        ("/evaluations", {}, "score"),
    ],
)
def test_a_malformed_body_is_refused_saying_which_field(api, path, body, says):
    response = api(path, body)
    assert response.status_code == 422
    assert response.json["error"] == "invalid_input" and says in response.json["message"]
