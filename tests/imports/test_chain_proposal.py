"""The renewal chain an imported contract is proposed for: chains with the same 招标采购文件编号 or the
same parties, ranked with their reasons; renewal words in the title; where confirming places it."""

import copy
from datetime import date
from decimal import Decimal

import pytest

from contractmgr.domain.errors import RuleViolation
from contractmgr.services.chain_placement import (
    ChainPlacement,
    place_in_chain,
    propose_chain,
    renewal_year_in_title,
)
from contractmgr.texts.messages import explain_violation
from tests import documents
from tests.factories import make_contract

TENDER_NUMBER = "洛直政采招标（2025）0060号"


@pytest.fixture
def renewal() -> dict:
    """The 洛阳 renewal (续签) as read from its file: 2026-05-22 to 2027-05-21."""
    return copy.deepcopy(documents.load_demo("luoyang_contract"))


def _first_year(*, number=TENDER_NUMBER, vendor="洛阳数智科技发展有限公司", title="洛阳政务信息化运维项目"):
    return make_contract(
        title=title, vendor=vendor, start=date(2025, 5, 22), end=date(2026, 5, 21), lines=2, procurement_number=number
    )


@pytest.mark.parametrize(
    ("title", "found"),
    [
        ("洛阳市…运维项目（续签）", ("续签", 2)),
        ("某某系统运维服务第二年度", ("第二年度", 2)),
        ("某某系统运维服务第三年度合同", ("第三年度", 3)),
        ("洛阳市…运维项目", None),
    ],
)
def test_the_title_words_say_a_renewal_and_which_year(title, found):
    assert renewal_year_in_title(title) == found


def test_the_first_year_with_the_same_tender_number_and_parties_is_proposed_first(app, renewal):
    first = _first_year()
    same_parties_only = _first_year(number="其他编号", title="另一项目")
    proposal = propose_chain(renewal)
    assert [(c.chain, c.reasons) for c in proposal.candidates] == [
        (first.chain, ("same_procurement_number", "same_parties", "renewal_words")),
        (same_parties_only.chain, ("same_parties", "renewal_words")),
    ]
    assert proposal.proposed.chain == first.chain and proposal.proposed.year_in_chain == 2
    assert proposal.placement == ChainPlacement(chain_id=first.chain.id)


def test_the_same_tender_number_with_another_supplier_is_a_candidate_for_that_reason_alone(app, renewal):
    other = _first_year(vendor="郑州示例信息技术有限公司")
    (candidate,) = propose_chain(renewal).candidates
    assert candidate.chain == other.chain and candidate.reasons == ("same_procurement_number", "renewal_words")


def test_a_chain_the_renewal_would_overlap_is_listed_with_why_and_not_proposed(app, renewal):
    taken = make_contract(start=date(2026, 5, 22), end=date(2027, 5, 21), lines=1, procurement_number=TENDER_NUMBER)
    fits = _first_year(number="其他编号")
    proposal = propose_chain(renewal)
    assert [c.chain for c in proposal.candidates] == [fits.chain, taken.chain]  # fitting first, whatever the score
    assert proposal.candidates[1].refusal.code == "renewal_overlaps"
    assert proposal.proposed.chain == fits.chain


def test_without_a_chain_on_file_a_renewal_proposes_a_new_chain_begun_a_year_earlier(app, renewal):
    proposal = propose_chain(renewal)
    assert proposal.candidates == [] and proposal.renewal_words == "续签"
    assert proposal.placement == ChainPlacement(
        started_on=date(2025, 5, 22), original_award=Decimal("8271400.00"), year_in_chain=2
    )


def test_a_document_without_renewal_words_or_a_match_is_the_first_year_of_a_new_chain(app, renewal):
    renewal["title"] = "洛阳市政务信息化运维项目"
    assert propose_chain(renewal).placement == ChainPlacement()


def test_placed_after_the_first_year_it_is_year_two_renewing_it_with_the_chains_limit(app, renewal):
    first = _first_year()
    placed = place_in_chain(renewal, ChainPlacement(chain_id=first.chain.id))
    assert placed == {"chain": first.chain, "year_in_chain": 2, "renews": first}


def test_a_new_chain_begun_a_year_earlier_holds_the_officers_award_and_a_note(app, renewal):
    placed = place_in_chain(
        renewal, ChainPlacement(started_on=date(2025, 5, 22), original_award=Decimal("8000000.00"), year_in_chain=2)
    )
    chain = placed["chain"]
    assert (chain.started_on, chain.original_award_amount, placed["year_in_chain"]) == (
        date(2025, 5, 22),
        Decimal("8000000.00"),
        2,
    )
    assert "首年合同不在系统中" in chain.note


@pytest.mark.parametrize(
    ("placement", "code", "param"),
    [
        # begun 2024-05-22, the chain ends 2027-05-21: the renewal to 2027-05-21 just fits; a day more does not
        (ChainPlacement(started_on=date(2024, 5, 21), year_in_chain=3), "renewal_limit_exceeded", ("days_over", 1)),
        (ChainPlacement(started_on=date(2026, 6, 1), year_in_chain=2), "chain_starts_after_contract", None),
    ],
)
def test_a_new_chain_past_three_years_or_begun_after_the_contract_is_refused(app, renewal, placement, code, param):
    with pytest.raises(RuleViolation) as refused:
        place_in_chain(renewal, placement)
    assert refused.value.code == code
    if param:
        assert refused.value.params[param[0]] == param[1]


def test_a_chain_of_another_supplier_is_listed_with_why_and_confirming_into_it_is_refused(app, renewal):
    """The web review, the API and `flask import` all confirm through place_in_chain."""
    other = _first_year(vendor="另一家科技有限公司")  # same tender number, another supplier
    (candidate,) = propose_chain(renewal).candidates
    assert candidate.chain == other.chain and candidate.refusal.code == "chain_vendor_differs"
    assert propose_chain(renewal).placement == ChainPlacement(
        started_on=date(2025, 5, 22), year_in_chain=2, original_award=Decimal("8271400.00")
    )
    with pytest.raises(RuleViolation) as refused:
        place_in_chain(renewal, ChainPlacement(chain_id=other.chain.id))
    assert explain_violation(refused.value) == (
        "所选续签链的乙方是 另一家科技有限公司，本合同的乙方是 洛阳数智科技发展有限公司：续签链中的中标供应商须一致，"
        "请选择该供应商的续签链或新建续签链。"
    )


def test_a_chain_whose_latest_year_overlaps_is_refused_with_the_days(app, renewal):
    first = _first_year()
    renewal["service_period"]["start"] = "2026-05-01"
    with pytest.raises(RuleViolation) as refused:
        place_in_chain(renewal, ChainPlacement(chain_id=first.chain.id))
    assert refused.value.code == "renewal_overlaps" and refused.value.params["days_overlap"] == 21
