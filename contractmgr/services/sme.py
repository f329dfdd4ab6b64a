"""An SME vendor's statutory payment clock (《保障中小企业款项支付条例》): the officer sets whether the vendor
is an SME, the industry it was sized in, the contract's agreed payment days and acceptance period;
finance records the day a payment's service was delivered. The counting is in `contractmgr.domain.sme`
and the schedule (`services.schedule`) puts its due date beside the contract's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from werkzeug.datastructures import FileStorage

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.sme import payment_days
from contractmgr.extensions import db
from contractmgr.models import Contract, PaymentMilestone, User
from contractmgr.models.contracts import LATE_INTEREST_RULES
from contractmgr.services.storage import save_upload

#: the tender's 中小企业划分 for 运维 services
DEFAULT_INDUSTRY = "软件和信息服务业"


@dataclass(frozen=True)
class SmeTerms:
    is_sme: bool
    #: 划分行业; kept as given, blank for none
    industry: str | None
    #: days the contract agrees for paying the SME (at most 60); None for the statutory 30
    payment_days: int | None
    #: the last day of the agreed acceptance period, if the contract sets one
    acceptance_period_end_on: date | None
    #: "lpr" (the contract states the one-year LPR rule, 洛阳 第十三条 2) or "none"
    late_interest_rule: str = "lpr"


def set_sme_terms(contract: Contract, terms: SmeTerms) -> Contract:
    """Write the vendor's SME flag and industry (on the organisation: it holds for all its contracts)
    and the contract's agreed payment days and acceptance period end."""
    if terms.payment_days is not None:
        payment_days(terms.payment_days)  # refuses more than 60 days (第九条)
    if terms.acceptance_period_end_on is not None and terms.acceptance_period_end_on < contract.start_on:
        raise RuleViolation(
            "acceptance_period_before_contract", day=terms.acceptance_period_end_on, contract_start=contract.start_on
        )
    contract.vendor.is_sme = terms.is_sme
    contract.vendor.sme_industry = (terms.industry or "").strip() or None
    contract.sme_payment_days = terms.payment_days
    contract.acceptance_period_end_on = terms.acceptance_period_end_on
    if terms.late_interest_rule not in LATE_INTEREST_RULES:
        raise RuleViolation("unknown_late_interest_rule", rule=terms.late_interest_rule)
    contract.late_interest_rule = terms.late_interest_rule
    db.session.flush()
    return contract


def record_delivery(milestone: PaymentMilestone, delivered_on: date | None, *, today: date) -> PaymentMilestone:
    """The day the service this payment pays for was delivered (None clears it)."""
    if delivered_on is not None and delivered_on > today:
        raise RuleViolation("date_in_future", day=delivered_on)
    milestone.delivered_on = delivered_on
    db.session.flush()
    return milestone


def record_finance_submission(
    milestone: PaymentMilestone, submitted_on: date, upload: FileStorage | None, *, by: User, today: date
) -> PaymentMilestone:
    """The day the purchaser submitted the payment application to the finance department, with its
    proof (an uploaded file, kept like every other): submitted by the due date, the delay owes no
    interest (洛阳 contract 第十三条 2). The proof is required; a later record supersedes the earlier
    one on the milestone, and both stay in the audit log and the file store."""
    if submitted_on > today:
        raise RuleViolation("date_in_future", day=submitted_on)
    if upload is None or not upload.filename:
        raise RuleViolation("finance_submission_needs_proof")
    stored = save_upload(upload, by=by)
    milestone.finance_submitted_on = submitted_on
    milestone.finance_submission_file_id = stored.id
    db.session.flush()
    return milestone
