"""Where an imported contract goes in its renewal chain (续签链).

A contract document does not name its chain. The import review proposes one (`propose_chain`):
chains holding a contract with the same 招标采购文件编号, or with the same purchaser and supplier,
best match first, each with its reasons; the words 续签 / 第二年度 in the title say the document is a
renewal, so without a chain on file the proposal is a new chain begun a year (or two) earlier — the
洛阳 renewal of 2026-05-22 is year 2 of a chain begun 2025-05-22, whose limit is 2028-05-21.

Confirming places the contract where the officer chose (`place_in_chain`): after the latest contract
of a chain on file, or as year N of a new chain with its first-year start and original award. The
3-year limit and the overlap are the domain's (renewal.check_renewal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.periods import Period, anniversary
from contractmgr.domain.renewal import MAX_CHAIN_YEARS, check_renewal
from contractmgr.extensions import db
from contractmgr.models import Contract, Organisation, RenewalChain
from contractmgr.services.contracts import new_chain
from contractmgr.services.locking import lock

#: Title words that make a document a renewal, and the year they name (续签 alone: the second).
_RENEWAL_WORDS = re.compile(r"续签|续约|第([二三四五六])(?:个)?(?:年度|服务年)")
_YEAR_OF = {"二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
#: How much each reason weighs in the ranking: the tender number names the award itself.
REASON_WEIGHTS = {"same_procurement_number": 3, "same_parties": 2, "renewal_words": 1}
#: Kept on a chain whose earlier years are not on file.
CHAIN_NOTE_EARLIER_YEARS = "续签链的首年合同不在系统中：起始日和原中标金额由采购经办人在导入核对时填写。"


@dataclass(frozen=True)
class ChainCandidate:
    """A chain on file the document may continue: as year `year_in_chain`, renewing `previous` (the
    chain's latest contract). `refusal` says why it cannot (overlap, 3-year limit); None when it fits."""

    chain: RenewalChain
    previous: Contract
    reasons: tuple[str, ...]
    refusal: RuleViolation | None

    @property
    def year_in_chain(self) -> int:
        return self.previous.year_in_chain + 1

    @property
    def score(self) -> int:
        return sum(REASON_WEIGHTS[reason] for reason in self.reasons)


@dataclass(frozen=True)
class ChainPlacement:
    """The officer's choice: a chain on file (`chain_id`), or a new chain of which the contract is year
    `year_in_chain`, begun `started_on` (None: the contract's start) with `original_award` (None: the
    contract's total)."""

    chain_id: int | None = None
    started_on: date | None = None
    original_award: Decimal | None = None
    year_in_chain: int = 1


@dataclass(frozen=True)
class ChainProposal:
    """What the review proposes: the candidates, best first, and the new chain it would otherwise make."""

    candidates: list[ChainCandidate]
    new_chain: ChainPlacement
    #: the renewal words found in the title (续签, 第二年度), or None
    renewal_words: str | None

    @property
    def proposed(self) -> ChainCandidate | None:
        """The best candidate the document fits in; None: a new chain."""
        return next((candidate for candidate in self.candidates if candidate.refusal is None), None)

    @property
    def placement(self) -> ChainPlacement:
        proposed = self.proposed
        return ChainPlacement(chain_id=proposed.chain.id) if proposed else self.new_chain


#: The chain choice that asks for a new chain (the CLI's --chain new, the API's "chain": "new").
NEW_CHAIN = "new"


def chosen_placement(payload: dict, chain: int | str | None = None, year: int | None = None) -> ChainPlacement:
    """The placement the officer chose without the review form (the CLI, the API): `chain` a chain id on
    file, NEW_CHAIN or None for the review's proposal (its best chain on file, else its new chain, as the
    review page preselects); `year` the contract's year in a new chain, whose first year then starts that
    many years before the contract. Raises RuleViolation `chain_year_with_chain` for a year with a chain
    on file (its year follows the chain's latest contract)."""
    proposal = propose_chain(payload)
    if chain is None:
        placement = proposal.placement
    elif chain == NEW_CHAIN:
        placement = proposal.new_chain
    else:
        placement = ChainPlacement(chain_id=int(chain))
    if year is None or placement.year_in_chain == year and placement.chain_id is None:
        return placement
    if placement.chain_id is not None:
        if chain is not None:
            raise RuleViolation("chain_year_with_chain", year=year)
        placement = proposal.new_chain  # a year asked without a chain: a new chain of that year
    period = _period(payload)
    return replace(
        placement,
        year_in_chain=year,
        started_on=anniversary(period.start, -12 * (year - 1)) if period is not None else placement.started_on,
        original_award=placement.original_award
        or (Decimal(payload["total_amount"]) if payload.get("total_amount") else None),
    )


def describe_placement(placement: ChainPlacement) -> dict:
    """The placement as plain values, for the CLI's line and the API's answer."""
    if placement.chain_id is not None:
        return {"chain": placement.chain_id}
    return {
        "chain": NEW_CHAIN,
        "year": placement.year_in_chain,
        "started_on": placement.started_on.isoformat() if placement.started_on else None,
        "original_award": format(placement.original_award, "f") if placement.original_award is not None else None,
    }


def renewal_year_in_title(title: str) -> tuple[str, int] | None:
    """The renewal words in a title and the year they name: 「（续签）」 → 2, 「第三年度」 → 3."""
    match = _RENEWAL_WORDS.search(title or "")
    if match is None:
        return None
    return match[0], _YEAR_OF[match[1]] if match[1] else 2


def propose_chain(payload: dict) -> ChainProposal:
    """The chains a contract document may continue, ranked: those that fit before those refused,
    then by the weight of their reasons (same 招标采购文件编号, same parties, renewal words in the
    title), then the newest. Without renewal words, a new chain makes the document its first year."""
    words = renewal_year_in_title(payload.get("title") or "")
    period = _period(payload)
    candidates = []
    for chain, reasons in _matching_chains(payload).items():
        if not chain.contracts:  # its contract was moved to another chain after the search read it (a race)
            continue
        previous = max(chain.contracts, key=lambda contract: (contract.end_on, contract.year_in_chain))
        if words:
            reasons += ("renewal_words",)
        candidates.append(ChainCandidate(chain, previous, reasons, _refusal(chain, previous, payload, period)))
    candidates.sort(key=lambda c: (c.refusal is None, c.score, c.chain.id), reverse=True)
    new_chain = ChainPlacement()
    if words and period is not None:
        year = words[1]
        new_chain = ChainPlacement(
            started_on=anniversary(period.start, -12 * (year - 1)),
            original_award=Decimal(payload["total_amount"]) if payload.get("total_amount") else None,
            year_in_chain=year,
        )
    return ChainProposal(candidates, new_chain, words[0] if words else None)


def _matching_chains(payload: dict) -> dict[RenewalChain, tuple[str, ...]]:
    number = (payload.get("procurement_number") or "").strip()
    purchaser, supplier = (payload.get("purchaser") or "").strip(), (payload.get("supplier") or "").strip()
    buyer, seller = aliased(Organisation), aliased(Organisation)
    same_number = Contract.procurement_number == number if number else sa.false()
    same_parties = sa.and_(buyer.name == purchaser, seller.name == supplier) if purchaser and supplier else sa.false()
    rows = db.session.execute(
        sa.select(Contract, same_number, same_parties)
        .join(buyer, Contract.purchaser_id == buyer.id)
        .join(seller, Contract.vendor_id == seller.id)
        .where(sa.or_(same_number, same_parties))
        .order_by(Contract.id)
    ).all()
    found: dict[RenewalChain, set[str]] = {}
    for contract, number_matches, parties_match in rows:
        reasons = found.setdefault(contract.chain, set())
        if number_matches:
            reasons.add("same_procurement_number")
        if parties_match:
            reasons.add("same_parties")
    return {chain: tuple(r for r in REASON_WEIGHTS if r in reasons) for chain, reasons in found.items()}


def _period(payload: dict) -> Period | None:
    period = payload.get("service_period") or {}
    if not (period.get("start") and period.get("end")) or period["start"] > period["end"]:
        return None  # the review lists a missing or backward period as a problem of its own
    return Period(date.fromisoformat(period["start"]), date.fromisoformat(period["end"]))


def _refusal(chain: RenewalChain, previous: Contract, payload: dict, period: Period | None) -> RuleViolation | None:
    try:
        check_same_vendor(chain, payload)
        if period is not None:
            check_renewal(chain.started_on, period, chain.max_years, previous_end=previous.end_on)
    except RuleViolation as violation:
        return violation
    return None


def check_same_vendor(chain: RenewalChain, payload: dict) -> None:
    """A chain keeps one supplier (乙方): the award does not change hands. Raises `chain_vendor_differs`
    naming the chain's supplier and the contract's."""
    supplier = (payload.get("supplier") or "").strip()
    others = sorted({contract.vendor.name for contract in chain.contracts} - {supplier})
    if others:
        raise RuleViolation("chain_vendor_differs", chain_vendor=others[0], vendor=supplier or "—")


def place_in_chain(payload: dict, placement: ChainPlacement) -> dict:
    """Where the contract of `payload` goes, as `create_contract`'s chain arguments (chain,
    year_in_chain, renews). Raises RuleViolation: `renewal_overlaps` or `renewal_limit_exceeded`
    (domain), `chain_vendor_differs`, `chain_starts_after_contract`, `chain_not_found`. Adds a new chain
    to the session. A chain on file is locked first (services/locking.py): two contracts placed in it at
    once are checked one after the other, the second against the first's year."""
    period = Period(
        date.fromisoformat(payload["service_period"]["start"]), date.fromisoformat(payload["service_period"]["end"])
    )
    if placement.chain_id is not None:
        chain = db.session.get(RenewalChain, placement.chain_id)
        if chain is not None:
            lock(chain)
        if chain is None or not chain.contracts:
            raise RuleViolation("chain_not_found")
        check_same_vendor(chain, payload)
        previous = max(chain.contracts, key=lambda contract: (contract.end_on, contract.year_in_chain))
        check_renewal(chain.started_on, period, chain.max_years, previous_end=previous.end_on)
        # the latest contract already renewed (a gap year imported later): keep the link where it is
        renews = previous if not any(c.renews_id == previous.id for c in chain.contracts) else None
        return {"chain": chain, "year_in_chain": previous.year_in_chain + 1, "renews": renews}
    started = placement.started_on or period.start
    if started > period.start:
        raise RuleViolation("chain_starts_after_contract", chain_start=started, contract_start=period.start)
    max_years = (payload.get("renewal") or {}).get("max_total_years") or MAX_CHAIN_YEARS
    check_renewal(started, period, max_years)
    chain = new_chain(payload, started_on=started, original_award=placement.original_award)
    if placement.year_in_chain > 1:
        chain.note = CHAIN_NOTE_EARLIER_YEARS
    return {"chain": chain, "year_in_chain": placement.year_in_chain, "renews": None}
