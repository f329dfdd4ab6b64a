"""Entering and correcting a contract by hand (contracts that come on paper), creating one from an
imported tender, and recording the confirmation date that starts a line.

The rules are the domain's: a contract's period (periods.Period), a line's start against the
contract's (periods.check_line_start). Services flush, never commit.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.periods import Period, check_line_start
from contractmgr.domain.renewal import check_place_in_chain
from contractmgr.domain.schedule import milestone_amounts
from contractmgr.extensions import db
from contractmgr.models import (
    AcceptanceMaterial,
    AcceptanceSubmission,
    Contract,
    Inspection,
    LineItem,
    OrgKind,
    RenewalChain,
    StaffAssignment,
    SupplementLine,
    Tender,
    TenderItem,
    User,
)
from contractmgr.models.acceptance import DEFAULT_MATERIALS
from contractmgr.services import voiding
from contractmgr.services.chain_placement import ChainPlacement, ChainProposal, place_in_chain, propose_chain
from contractmgr.services.contracts import add_milestones, contract_period, organisation
from contractmgr.services.locking import lock

#: the LineTerms columns a tender item hands to a contract line
LINE_TERM_COLUMNS = (
    "seq",
    "seq_label",  # the hierarchy of a list numbered 一 / 1 / 1.1 goes with the lines
    "parent_label",
    "unit_id",
    "name",
    "content",
    "requirements",
    "term_months",
    "start_on",
    "start_on_confirmation",
    "onsite_staff",
    "service_hours",
    "response_hours",
    "onsite_hours",
    "recovery_hours",
    "inspection_cycle",
)


@dataclass(frozen=True)
class ContractTerms:
    """The header of a contract as the officer enters it."""

    title: str
    purchaser: str
    vendor: str
    total_amount: Decimal
    start_on: date
    end_on: date
    procurement_number: str | None = None
    filing_number: str | None = None
    signed_on: date | None = None
    min_onsite_staff: int | None = None
    evaluation_basis: str = "from_100"


@dataclass(frozen=True)
class LineData:
    """One row of the line-items editor; `id` None for a new line."""

    seq: int
    unit: str
    name: str
    amount: Decimal | None
    id: int | None = None
    term_months: int = 12
    start_on: date | None = None
    start_on_confirmation: bool = False
    onsite_staff: int = 0
    inspection_cycle: str | None = None
    content: str | None = None


def _period(terms: ContractTerms) -> Period:
    return Period(terms.start_on, terms.end_on)  # refuses an end before the start


def _apply_terms(contract: Contract, terms: ContractTerms) -> None:
    contract.title = terms.title
    contract.procurement_number = terms.procurement_number or None
    contract.filing_number = terms.filing_number or None
    contract.purchaser = organisation(terms.purchaser, OrgKind.PURCHASER)
    contract.vendor = organisation(terms.vendor, OrgKind.VENDOR)
    contract.total_amount = terms.total_amount
    contract.signed_on = terms.signed_on
    contract.start_on, contract.end_on = terms.start_on, terms.end_on
    contract.min_onsite_staff = terms.min_onsite_staff
    contract.evaluation_basis = terms.evaluation_basis


def _new_chain(terms: ContractTerms, chain_started_on: date | None, original_award: Decimal | None) -> RenewalChain:
    started = chain_started_on or terms.start_on
    if started > terms.start_on:
        raise RuleViolation("chain_starts_after_contract", chain_start=started, contract_start=terms.start_on)
    chain = RenewalChain(
        title=terms.title,
        started_on=started,
        original_award_amount=terms.total_amount if original_award is None else original_award,
    )
    db.session.add(chain)
    return chain


def _add_materials(contract: Contract, names=DEFAULT_MATERIALS) -> None:
    for position, name in enumerate(names):
        db.session.add(AcceptanceMaterial(contract=contract, name=name, position=position))


def create_contract_by_hand(
    terms: ContractTerms,
    *,
    chain_started_on: date | None = None,
    original_award: Decimal | None = None,
    year_in_chain: int = 1,
) -> Contract:
    """A new contract without lines yet, in a new renewal chain.

    A paper contract may itself be a renewal of a year kept outside the system: then the chain
    starts earlier (`chain_started_on`), its original award may differ from this total, and the
    contract is year `year_in_chain` of it. Milestones 70% / 30% and the acceptance materials are
    the defaults, as for an imported contract."""
    _period(terms)
    contract = Contract(chain=_new_chain(terms, chain_started_on, original_award), year_in_chain=year_in_chain)
    _apply_terms(contract, terms)
    add_milestones(contract, [])
    db.session.add(contract)
    _add_materials(contract)
    db.session.flush()
    return contract


def update_contract(contract: Contract, terms: ContractTerms) -> Contract:
    """Correct a contract's header. A new total re-splits the milestones while nothing is paid;
    lines with their own start must still start within the (new) period."""
    period = _period(terms)
    for line in contract.lines:
        for start in (line.start_on, line.confirmed_on):
            if start is not None:
                check_line_start(period, start)
    _check_place_in_chain(contract, period, terms.vendor)
    if terms.total_amount != contract.total_amount:
        _resplit_milestones(contract, terms.total_amount)
    _apply_terms(contract, terms)
    if contract.year_in_chain == 1 and contract.renews_id is None:
        contract.chain.started_on = contract.start_on  # the chain's 3 years count from its first contract
    db.session.flush()
    return contract


def _check_place_in_chain(contract: Contract, period: Period, vendor: str) -> None:
    """A corrected period must keep the chain whole: after the contract it renews, before the one
    renewing it, within the 3 years; and a chain keeps one vendor (the award does not change hands)."""
    chain = contract.chain
    others = [c for c in chain.contracts if c.id != contract.id]
    if others and vendor != contract.vendor.name:
        raise RuleViolation("chain_vendor_change", vendor=contract.vendor.name)
    is_first = contract.year_in_chain == 1 and contract.renews_id is None
    following = next((c for c in others if c.renews_id == contract.id), None)
    check_place_in_chain(
        period.start if is_first else chain.started_on,
        period,
        chain.max_years,
        previous_end=contract.renews.end_on if contract.renews else None,
        next_start=following.start_on if following else None,
        latest_end=max((c.end_on for c in others), default=None),
    )


# --- the renewal chain (续签链) -----------------------------------------------------------------------


def contract_payload(contract: Contract) -> dict:
    """A contract on file in the shape of an imported document, for the chain placement's rules."""
    return {
        "title": contract.title,
        "procurement_number": contract.procurement_number,
        "purchaser": contract.purchaser.name,
        "supplier": contract.vendor.name,
        "total_amount": str(contract.total_amount),
        "service_period": {"start": contract.start_on.isoformat(), "end": contract.end_on.isoformat()},
        "renewal": {"max_total_years": contract.chain.max_years},
        "change_cap_ratio": str(contract.chain.change_cap_ratio),
    }


def chains_for(contract: Contract) -> ChainProposal:
    """The other chains the contract may move to, ranked as the import review ranks them."""
    proposal = propose_chain(contract_payload(contract))
    others = [candidate for candidate in proposal.candidates if candidate.chain.id != contract.chain_id]
    return ChainProposal(others, proposal.new_chain, proposal.renewal_words)


def move_to_chain(contract: Contract, placement: ChainPlacement) -> Contract:
    """Put the contract in another chain, or make it year N of a new one, with the import's rules
    (overlap, 3-year limit: `place_in_chain`). Refused while a contract of its chain renews it (that
    year would lose the contract it continues), and into a chain of another vendor. Both chains are
    locked first, the lower id first (two moves in opposite directions wait rather than deadlock), so
    two moves at once are checked one after the other."""
    for chain_id in sorted({contract.chain_id, placement.chain_id} - {None}):
        chain = db.session.get(RenewalChain, chain_id)
        if chain is not None:
            lock(chain)
    renewed_by = next((c for c in contract.chain.contracts if c.renews_id == contract.id), None)
    if renewed_by is not None:
        raise RuleViolation("chain_move_renewed", name=renewed_by.record_number)
    if placement.chain_id == contract.chain_id:
        raise RuleViolation("chain_not_found")  # the select never offers the contract's own chain
    place = place_in_chain(contract_payload(contract), placement)
    db.session.refresh(contract)  # the lock expired it: the audit records the year and chain it had
    contract.chain, contract.year_in_chain, contract.renews = place["chain"], place["year_in_chain"], place["renews"]
    db.session.flush()
    return contract


def change_year_in_chain(contract: Contract, year: int) -> Contract:
    """Correct which year of its chain the contract is (a year kept outside the system found later)."""
    if year > contract.chain.max_years:
        raise RuleViolation("chain_year_past_limit", year=year, max_years=contract.chain.max_years)
    contract.year_in_chain = year
    db.session.flush()
    return contract


def _resplit_milestones(contract: Contract, total: Decimal) -> None:
    if any(milestone.payments for milestone in contract.milestones):
        raise RuleViolation("total_change_after_payment", total=contract.total_amount)
    for milestone, amount in zip(
        contract.milestones, milestone_amounts(total, [m.ratio for m in contract.milestones]), strict=True
    ):
        milestone.amount = amount


# --- the line-items editor ------------------------------------------------------------------------


def _check_rows(contract: Contract, rows: list[LineData]) -> None:
    seen: set[int] = set()
    period = contract_period(contract)
    for row in rows:
        if row.seq in seen:
            raise RuleViolation("duplicate_line_seq", seq=row.seq)
        seen.add(row.seq)
        if row.start_on is not None and row.start_on_confirmation:
            raise RuleViolation("line_two_start_rules", seq=row.seq)
        if row.start_on is not None:
            check_line_start(period, row.start_on)


def _line_in_use(line: LineItem) -> bool:
    references = (
        (SupplementLine, SupplementLine.line_item_id),
        (StaffAssignment, StaffAssignment.line_item_id),
        (Inspection, Inspection.line_item_id),
        (AcceptanceSubmission, AcceptanceSubmission.line_item_id),
    )
    return any(
        db.session.scalar(sa.select(sa.func.count()).select_from(model).where(column == line.id))
        for model, column in references
    )


def save_lines(
    contract: Contract,
    rows: list[LineData],
    removed_ids: set[int] = frozenset(),
    *,
    void_reason: str | None = None,
    by: User | None = None,
) -> list[LineItem]:
    """Make the contract's lines what the editor shows: rows with an id change that line, rows
    without one are added, `removed_ids` are voided with `void_reason` — kept, never deleted (refused
    without a reason, and for a line that supplements, the roster, inspections or acceptance already
    refer to: those records must keep a live line). Ids that are not this contract's lines are
    refused, never followed."""
    by_id = {line.id: line for line in contract.lines}
    unknown = ({row.id for row in rows if row.id is not None} | set(removed_ids)) - set(by_id)
    if unknown:
        raise RuleViolation("line_not_in_contract", ids=sorted(unknown))
    kept = [row for row in rows if row.id not in removed_ids]
    _check_rows(contract, kept)
    for line_id in removed_ids:
        line = by_id[line_id]
        if _line_in_use(line):
            raise RuleViolation("line_in_use", seq=line.seq)
        voiding.void(line, void_reason, by=by)
    # Move the kept lines out of the way first, so that renumbering 1↔2 never meets the unique (contract, seq).
    renumbered = [row for row in kept if row.id is not None and by_id[row.id].seq != row.seq]
    if renumbered or removed_ids:
        for row in renumbered:
            by_id[row.id].seq = row.seq + 1_000_000
        db.session.flush()
    for row in kept:
        line = by_id[row.id] if row.id is not None else LineItem()
        _apply_row(line, row)
        if row.id is None:
            contract.lines.append(line)
    db.session.flush()
    db.session.expire(contract, ["lines"])  # read back in seq order
    return contract.lines


def _apply_row(line: LineItem, row: LineData) -> None:
    line.seq = row.seq
    line.unit = organisation(row.unit, OrgKind.USER_UNIT)
    line.name = row.name
    line.amount = row.amount
    line.term_months = row.term_months
    line.start_on = row.start_on
    line.start_on_confirmation = row.start_on_confirmation
    if not row.start_on_confirmation:
        line.confirmed_on = None
    line.onsite_staff = row.onsite_staff
    line.inspection_cycle = row.inspection_cycle or None
    if row.content is not None:
        line.content = row.content or None


# --- from a tender ---------------------------------------------------------------------------------


def create_contract_from_tender(tender: Tender, terms: ContractTerms, amounts: dict[int, Decimal | None]) -> Contract:
    """A contract whose lines are the tender's items, with the amounts the officer entered
    (`amounts` by tender item id; items not named get none). The tender's rules come along: its
    on-site minimum where the terms give none, its deduction per evaluation point, each item's
    own start or its wait for a confirmation."""
    _period(terms)
    unknown = set(amounts) - {item.id for item in tender.items}
    if unknown:
        raise RuleViolation("item_not_in_tender", ids=sorted(unknown))
    contract = Contract(chain=_new_chain(terms, None, None), year_in_chain=1, tender_id=tender.id)
    _apply_terms(contract, terms)
    if contract.min_onsite_staff is None:
        contract.min_onsite_staff = tender.min_onsite_staff
    if tender.evaluation_deduction_ratio is not None:
        contract.evaluation_deduction_ratio = tender.evaluation_deduction_ratio
    period = _period(terms)
    for item in tender.items:
        if item.start_on is not None:
            check_line_start(period, item.start_on)
        if item.confirmed_on is not None:  # confirmed on the tender before the contract was made
            check_line_start(period, item.confirmed_on)
        contract.lines.append(
            LineItem(
                amount=amounts.get(item.id),
                confirmed_on=item.confirmed_on,
                **{column: getattr(item, column) for column in LINE_TERM_COLUMNS},
            )
        )
    add_milestones(contract, [])
    db.session.add(contract)
    _add_materials(contract)
    db.session.flush()
    return contract


# --- confirmations -----------------------------------------------------------------------------------


def confirm_line_start(line: LineItem, confirmed_on: date) -> LineItem:
    """Record the day the purchaser and the user unit confirmed that the line's service starts
    (tender 四、服务期); its one-year period runs from it. A recorded date may be corrected."""
    if not line.start_on_confirmation:
        raise RuleViolation("line_not_awaiting_confirmation", seq=line.seq)
    check_line_start(contract_period(line.contract), confirmed_on)
    line.confirmed_on = confirmed_on
    db.session.flush()
    return line


def confirm_tender_item_start(item: TenderItem, confirmed_on: date) -> TenderItem:
    """Record, on the tender itself, the day the purchaser and the user unit confirmed that the item's
    service starts (安阳 items 16, 24, 30), before any contract is made from it; a contract made from
    the tender later carries the date. Refused for an item that starts otherwise
    (`line_not_awaiting_confirmation`) and before the tender's service start (`line_starts_before_contract`)."""
    if not item.start_on_confirmation:
        raise RuleViolation("line_not_awaiting_confirmation", seq=item.seq)
    tender = item.tender
    if tender.service_start_on is not None and tender.service_end_on is not None:
        check_line_start(Period(tender.service_start_on, tender.service_end_on), confirmed_on)
    item.confirmed_on = confirmed_on
    db.session.flush()
    return item


def tender_items_waiting_confirmation() -> list[TenderItem]:
    """The tender items that still wait for their confirmation date: the same the dashboard's tender
    cards name, oldest tender first."""
    return list(
        db.session.scalars(
            sa.select(TenderItem)
            .where(TenderItem.start_on_confirmation.is_(True), TenderItem.confirmed_on.is_(None))
            .order_by(TenderItem.tender_id, TenderItem.seq)
        )
    )


def lines_waiting_confirmation(contracts: sa.Select) -> list[LineItem]:
    """The lines of the given contracts that still wait for their confirmation date."""
    ids = contracts.with_only_columns(Contract.id).scalar_subquery()
    return list(
        db.session.scalars(
            sa.select(LineItem)
            .where(
                LineItem.contract_id.in_(ids),
                LineItem.voided_at.is_(None),
                LineItem.start_on_confirmation.is_(True),
                LineItem.confirmed_on.is_(None),
            )
            .order_by(LineItem.contract_id, LineItem.seq)
        )
    )
