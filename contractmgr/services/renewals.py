"""Renewal (续签): the next year's contract, made from the previous one and linked in its chain.

The 3-year limit and the overlap rule are the domain's (renewal.check_renewal); a line with its own
year goes on from the day after it ends (periods.renewed_line_start), and is cut at the chain's
limit when its year would run past it (renewal.cut_line_at_limit), unless the officer records why
it keeps the full year.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.periods import Period, one_year_from, renewed_line_start, term_from
from contractmgr.domain.renewal import (
    ChainStatus,
    LineCut,
    chain_limit_end,
    chain_status,
    check_line_within_limit,
    check_renewal,
    cut_line_at_limit,
)
from contractmgr.extensions import db
from contractmgr.models import AcceptanceMaterial, Contract, LineItem, RenewalChain
from contractmgr.services.contract_editing import LINE_TERM_COLUMNS
from contractmgr.services.contracts import add_milestones, contract_period, view_contract


def chain_status_for(chain: RenewalChain) -> ChainStatus:
    """How much of its 3 years the chain has used, from its start to its latest contract's end."""
    return chain_status(chain.started_on, [contract_period(c) for c in chain.contracts], chain.max_years)


def renewal_of(contract: Contract) -> Contract | None:
    """The contract that renews this one, if any."""
    return db.session.scalar(sa.select(Contract).where(Contract.renews_id == contract.id))


def default_renewal_period(contract: Contract) -> Period:
    """What the renewal form proposes: one year from the day after the contract ends. Whether the
    chain still has room for it is for check_renewal to say when the officer submits."""
    return one_year_from(contract.end_on + timedelta(days=1))


def record_renewal(
    previous: Contract,
    *,
    start: date,
    end: date,
    total_amount: Decimal | None = None,
    signed_on: date | None = None,
    title: str | None = None,
    filing_number: str | None = None,
    keep_full_line_years: bool = False,
    past_limit_reason: str | None = None,
) -> Contract:
    """The next contract of the chain, with the previous one's lines, milestones, materials and terms.

    Refused when the previous contract is already renewed (`already_renewed`) or was terminated
    (`renewing_terminated_contract`), and by the domain when the new year overlaps the previous one
    (`renewal_overlaps`) or takes the chain past its 3 years (`renewal_limit_exceeded`, with the days over).
    A line with its own year is cut at the chain's limit; with `keep_full_line_years` it keeps its full
    year, which needs `past_limit_reason` (`line_past_chain_limit` otherwise), kept on each such line.
    """
    if (successor := renewal_of(previous)) is not None:
        raise RuleViolation("already_renewed", year=successor.year_in_chain, contract_id=successor.id)
    if previous.terminated_on is not None:
        raise RuleViolation("renewing_terminated_contract", terminated_on=previous.terminated_on)
    chain = previous.chain
    period = Period(start, end)
    check_renewal(chain.started_on, period, chain.max_years, previous_end=previous.end_on)
    previous_lines = view_contract(previous, start).lines
    limit_end = chain_limit_end(chain.started_on, chain.max_years)
    reason = (past_limit_reason or "").strip() or None
    materials = db.session.scalars(
        sa.select(AcceptanceMaterial)
        .where(AcceptanceMaterial.contract_id == previous.id, AcceptanceMaterial.voided_at.is_(None))
        .order_by(AcceptanceMaterial.position)
    ).all()
    renewal = Contract(
        chain=chain,
        year_in_chain=previous.year_in_chain + 1,
        renews=previous,
        tender_id=previous.tender_id,
        # a renewal continues the same procurement: the same lot of it
        lot_no=previous.lot_no,
        lot_name=previous.lot_name,
        tender_lot_id=previous.tender_lot_id,
        title=title or previous.title,
        procurement_number=previous.procurement_number,
        filing_number=filing_number or None,
        purchaser=previous.purchaser,
        vendor=previous.vendor,
        total_amount=previous.total_amount if total_amount is None else total_amount,
        signed_on=signed_on,
        start_on=start,
        end_on=end,
        min_onsite_staff=previous.min_onsite_staff,
        evaluation_basis=previous.evaluation_basis,
        evaluation_deduction_ratio=previous.evaluation_deduction_ratio,
        interest_day_basis=previous.interest_day_basis,
    )
    db.session.add(renewal)
    for line_view in previous_lines:
        renewal.lines.append(_renewed_line(line_view, period, limit_end, keep_full_line_years, reason))
    add_milestones(
        renewal,
        [
            {"seq": m.seq, "ratio": str(m.ratio), "due_working_days": m.due_working_days, "trigger": m.trigger}
            for m in previous.milestones
        ],
    )
    for material in materials:
        db.session.add(
            AcceptanceMaterial(
                contract=renewal, name=material.name, required=material.required, position=material.position
            )
        )
    db.session.flush()
    return renewal


@dataclass(frozen=True)
class RenewedLine:
    """A line of the contract being renewed, and the period of its own that the renewal proposes."""

    seq: int
    name: str
    cut: LineCut


def proposed_line_cuts(previous: Contract, renewal: Period) -> list[RenewedLine]:
    """The lines with a year of their own in the renewal `renewal` of `previous`, each with its natural
    year and the end the renewal proposes at the chain's limit (what the renewal form shows)."""
    chain = previous.chain
    limit_end = chain_limit_end(chain.started_on, chain.max_years)
    lines = []
    for line_view in view_contract(previous, renewal.start).lines:
        start = renewed_line_start(line_view.period, renewal)
        if start is None or start > limit_end:
            continue
        natural = term_from(start, line_view.line.term_months)
        lines.append(
            RenewedLine(
                line_view.line.seq, line_view.line.name, cut_line_at_limit(natural, limit_end, seq=line_view.line.seq)
            )
        )
    return lines


def _renewed_line(line_view, renewal: Period, limit_end: date, keep_full_year: bool, reason: str | None) -> LineItem:
    line = line_view.line
    terms = {column: getattr(line, column) for column in LINE_TERM_COLUMNS}
    start = renewed_line_start(line_view.period, renewal)
    waiting = line_view.period.waiting_confirmation
    # A confirmed line's service has begun: next year it simply goes on from its own date.
    terms.update(start_on=start, start_on_confirmation=waiting)
    end_on = kept_reason = None
    if start is not None:
        natural = term_from(start, line.term_months)
        if keep_full_year:
            check_line_within_limit(natural, limit_end, reason, seq=line.seq)
            kept_reason = reason if natural.end > limit_end else None
        else:
            cut = cut_line_at_limit(natural, limit_end, seq=line.seq)
            end_on = cut.period.end if cut.cut else None
    return LineItem(amount=line.amount, end_on=end_on, past_limit_reason=kept_reason, **terms)
