"""The statutory payment clock of an SME supplier — 《保障中小企业款项支付条例》(2025 revision).

- 第九条: a public body buying from an SME (中小企业) pays within 30 days of delivery (交付); the contract
  may agree otherwise, but at most 60 days.
- 第十条: where payment depends on acceptance (检验或者验收合格), the period starts on the day acceptance
  passes; where the purchaser delays acceptance past the agreed acceptance period, it starts when that
  period ends.
- 第十七条: late payment bears interest at the rate the contract agrees (not below the one-year LPR
  at signing) or, where it agrees none, 0.05% a day (万分之五).

The statutory due date stands beside the contract's own (第七条's working days); the purchaser must
meet the earlier of the two. Days are calendar days, counted as `statutory.calendar_days_due` counts
them (民法典 第二百零一条, 第二百零三条).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from contractmgr.domain.calendar import DueDate, WorkingCalendar
from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.money import to_fen
from contractmgr.domain.penalties import PenaltyAssessment
from contractmgr.domain.statutory import calendar_days_due

#: 第九条: 自交付之日起30日内支付
SME_PAYMENT_DAYS = 30
#: 第九条: 合同另有约定的，从其约定，但付款期限最长不得超过60日
SME_MAX_AGREED_DAYS = 60
#: 第十七条: 未作约定的，按照每日利率万分之五支付逾期利息
SME_DAILY_INTEREST_RATE = Decimal("0.0005")

#: what the statutory clock starts from: delivery (第九条), the passed acceptance (第十条), or the end of
#: the agreed acceptance period when acceptance came later or has not come (第十条)
ClockBasis = Literal["delivery", "acceptance", "acceptance_period_end"]

#: the clause each basis comes from, as a stable code the web layer words
CLAUSES: dict[ClockBasis, str] = {
    "delivery": "sme_9",
    "acceptance": "sme_10",
    "acceptance_period_end": "sme_10",
}


@dataclass(frozen=True)
class SmeDue:
    """The statutory due date of one payment to an SME."""

    basis: ClockBasis
    clause: str
    #: the day the period counts from
    starts_on: date
    #: the period in calendar days: 30, or what the contract agrees up to 60
    days: int
    due: DueDate


def payment_days(agreed_days: int | None) -> int:
    """30 days, or the contract's agreed period; refused above 60 (第九条)."""
    if agreed_days is None:
        return SME_PAYMENT_DAYS
    if agreed_days < 1 or agreed_days > SME_MAX_AGREED_DAYS:
        raise RuleViolation("sme_payment_days_out_of_range", days=agreed_days, maximum=SME_MAX_AGREED_DAYS)
    return agreed_days


def sme_due(
    *,
    depends_on_acceptance: bool,
    delivered_on: date | None,
    accepted_on: date | None,
    acceptance_period_end: date | None,
    agreed_days: int | None,
    calendar: WorkingCalendar,
) -> SmeDue | None:
    """When the statutory clock says the payment is due; None while it has not started (nothing
    delivered yet, or neither accepted nor an agreed acceptance period on file)."""
    days = payment_days(agreed_days)
    start: date | None
    basis: ClockBasis
    if not depends_on_acceptance:
        start, basis = delivered_on, "delivery"
    elif accepted_on is not None and (acceptance_period_end is None or accepted_on <= acceptance_period_end):
        start, basis = accepted_on, "acceptance"
    else:
        # accepted late, or not yet: the purchaser's delay does not hold the clock back
        start, basis = acceptance_period_end, "acceptance_period_end"
    if start is None:
        return None
    return SmeDue(basis, CLAUSES[basis], start, days, calendar_days_due(start, days, calendar))


def earlier(contract_due: DueDate | None, statutory: SmeDue | None) -> tuple[DueDate | None, str]:
    """The due date the purchaser must meet, and which one it is ("contract" or the statute's clause).
    The contract's own wins a tie: it is the one the parties signed."""
    if statutory is None:
        return contract_due, "contract"
    if contract_due is None or statutory.due.on < contract_due.on:
        return statutory.due, statutory.clause
    return contract_due, "contract"


# --- late-payment interest -------------------------------------------------------------------

#: which rule prices a late payment: the contract's own (洛阳 第十三条 2: the one-year LPR daily rate),
#: the statute's for an SME where the contract states none (第十七条: 0.05% a day), or none at all
InterestRule = Literal["contract_lpr", "sme_statutory", "none"]


def interest_rule(contract_states_lpr_rule: bool, vendor_is_sme: bool) -> InterestRule:
    """The contract's own rule where it states one; else the statute's where the vendor is an SME;
    else none (nothing in the contract or the law prices the delay)."""
    if contract_states_lpr_rule:
        return "contract_lpr"
    return "sme_statutory" if vendor_is_sme else "none"


def sme_statutory_interest(overdue_amount: Decimal, start: date, end: date) -> PenaltyAssessment:
    """0.05% a day (万分之五) on the overdue amount from `start` to `end`, both days owing interest
    (第十七条); rounded to the fen once. An `end` before `start` is no interest."""
    days = max(0, (end - start).days + 1)
    return PenaltyAssessment(
        kind="late_payment_interest",
        clause="sme_17",
        amount=to_fen(overdue_amount * SME_DAILY_INTEREST_RATE * days),
        may_terminate=False,
        inputs={
            "rule": "sme_statutory",
            "overdue_amount": overdue_amount,
            "start": start,
            "end": end,
            "days": days,
            "daily_rate": SME_DAILY_INTEREST_RATE,
        },
    )


def fiscal_exemption_applies(submitted_on: date | None, due_on: date | None) -> bool:
    """洛阳 contract 第十三条 2: no late payment when the purchaser had submitted its payment
    application to the finance department within the agreed payment period (on or before the due
    date) and the funds had not arrived. A submission after the due date does not excuse the delay."""
    return submitted_on is not None and due_on is not None and submitted_on <= due_on
