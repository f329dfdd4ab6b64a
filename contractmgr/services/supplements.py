"""Supplementary contracts (补充合同): added or changed lines, counted against the chain's 10% cap.

The cap is the domain's (caps.check_supplement): all supplements of the chain together, against the
ORIGINAL award amount of the chain (原中标金额), not the latest contract's total.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from contractmgr.domain.caps import CapStatus, check_supplement, check_supplement_lines, net_change, supplement_cap
from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.models import Contract, RenewalChain, SupplementaryContract, SupplementLine
from contractmgr.services.locking import lock


@dataclass(frozen=True)
class SupplementChange:
    """One line a supplement adds (`line_item_id` None) or changes, with its amount afterwards."""

    amount_after: Decimal
    line_item_id: int | None = None
    name: str = ""
    unit_name: str = ""


def chain_supplements(chain: RenewalChain) -> list[SupplementaryContract]:
    """Every supplementary contract of every contract of the chain, oldest first."""
    return list(
        db.session.scalars(
            sa.select(SupplementaryContract)
            .join(Contract)
            .where(Contract.chain_id == chain.id)
            .order_by(Contract.year_in_chain, SupplementaryContract.seq)
        )
    )


def cap_status_for(chain: RenewalChain) -> CapStatus:
    """The chain's cap, what its supplements have used and what is left."""
    return supplement_cap(
        chain.original_award_amount, [s.increase_amount for s in chain_supplements(chain)], chain.change_cap_ratio
    )


def record_supplement(
    contract: Contract,
    *,
    increase: Decimal | None,
    reason: str,
    signed_on: date | None = None,
    changes: list[SupplementChange] = (),
) -> tuple[SupplementaryContract, CapStatus]:
    """A supplementary contract of `contract`, and the chain's cap once it is agreed.

    The increase is stated, or — when only lines are given — their net change (after − before, the
    before read from the line itself). Refused: lines that are not this contract's
    (`line_not_in_contract`), lines that disagree with the stated increase (`supplement_lines_disagree`),
    a net decrease (`supplement_decrease`: a supplement here adds fees; a reduction is a change of
    the contract), and anything past the cap (`supplement_cap_exceeded`, with how much is over).
    The contract's own annex stays as signed: the supplement is its own record beside it.

    The renewal chain's row is locked before the cap is read: two supplements at once, on one contract
    or on two contracts of the chain, are counted one after the other, so together they never pass it.
    """
    lock(contract.chain)
    lines = {line.id: line for line in contract.lines}
    records = []
    for change in changes:
        if change.line_item_id is not None and change.line_item_id not in lines:
            raise RuleViolation("line_not_in_contract", ids=[change.line_item_id])
        line = lines.get(change.line_item_id)
        records.append(
            SupplementLine(
                line_item_id=change.line_item_id,
                amount_before=line.amount if line else None,
                amount_after=change.amount_after,
                name=line.name if line else change.name,
                unit_name=line.unit.name if line else change.unit_name,
            )
        )
    pairs = [(record.amount_before, record.amount_after) for record in records]
    if increase is None:
        increase = net_change(pairs)
    elif records:
        check_supplement_lines(increase, pairs)
    if increase < 0:
        raise RuleViolation("supplement_decrease", increase=increase)
    chain = contract.chain
    status = check_supplement(
        chain.original_award_amount,
        [s.increase_amount for s in chain_supplements(chain)],
        increase,
        chain.change_cap_ratio,
    )
    seq = 1 + max((s.seq for s in contract.supplements), default=0)
    supplement = SupplementaryContract(
        contract=contract,
        seq=seq,
        signed_on=signed_on,
        increase_amount=increase,
        reason=reason.strip(),
        changes=records,
    )
    db.session.add(supplement)
    db.session.flush()
    return supplement, status
