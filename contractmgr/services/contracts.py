"""Reading a contract as its pages show it, and creating one from a parsed document."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from contractmgr.domain.caps import SUPPLEMENT_CAP_RATIO
from contractmgr.domain.evaluation import DEDUCTION_PER_POINT
from contractmgr.domain.money import to_fen
from contractmgr.domain.periods import LinePeriod, Period, line_period
from contractmgr.domain.renewal import MAX_CHAIN_YEARS
from contractmgr.domain.schedule import (
    DEFAULT_RATIOS,
    FIRST_MILESTONE_WORKING_DAYS,
    SECOND_MILESTONE_WORKING_DAYS,
    milestone_amounts,
)
from contractmgr.domain.status import ContractStatus, contract_status
from contractmgr.extensions import db
from contractmgr.models import (
    AcceptanceMaterial,
    Contract,
    ImportRecord,
    LineItem,
    MilestoneCondition,
    Organisation,
    OrgKind,
    PaymentMilestone,
    RenewalChain,
    TenderLot,
)
from contractmgr.models.acceptance import DEFAULT_MATERIALS


@dataclass(frozen=True)
class Notice:
    """Something about a contract its people should look at; `code` is translated by the web layer."""

    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class LineView:
    #: the line, or on a list page only the columns its notices read (NOTICE_COLUMNS)
    line: LineItem | sa.Row
    period: LinePeriod


@dataclass(frozen=True)
class ContractView:
    contract: Contract
    status: ContractStatus
    lines: list[LineView]
    lines_total: Decimal
    notices: list[Notice]

    @property
    def waiting_lines(self) -> list[LineView]:
        return [view for view in self.lines if view.period.waiting_confirmation]

    @property
    def onsite_staff_asked(self) -> int:
        return sum(view.line.onsite_staff for view in self.lines)


#: What a list of contracts' own fields reads with each page of them: both parties (the API's list).
PARTY_LOADS = (joinedload(Contract.purchaser), joinedload(Contract.vendor))
#: The line columns a contract's notices read. A list page reads them as plain rows (view_contracts): a page of 50
#: contracts has about 1,250 lines, and as line objects they were most of the list's CPU.
NOTICE_COLUMNS = (
    LineItem.contract_id,
    LineItem.id,
    LineItem.seq,
    LineItem.amount,
    LineItem.parent_label,
    LineItem.start_on,
    LineItem.start_on_confirmation,
    LineItem.confirmed_on,
    LineItem.term_months,
    LineItem.end_on,
    LineItem.onsite_staff,
)
#: Ids per IN list: well under SQLite's and PostgreSQL's limits on bound parameters. notice_lines takes one
#: list; a caller with more contracts (schedule_inputs, the reminders' run of deadlines) reads a chunk at a time.
IN_LIST_CHUNK = 1000
#: What a list of contracts reads with each page of them when it needs the line objects: both parties and the
#: lines, without the lines' long texts, which no list shows.
LIST_LOADS = (
    *PARTY_LOADS,
    selectinload(Contract.lines).defer(LineItem.content).defer(LineItem.requirements),
)


def contract_period(contract: Contract) -> Period:
    return Period(contract.start_on, contract.end_on)


def notice_lines(contract_ids: list[int]) -> dict[int, list[sa.Row]]:
    """The live lines of the contracts, as NOTICE_COLUMNS rows in 序号 order, read in one query (even for no
    contracts: a page costs the same queries whatever it holds)."""
    lines: dict[int, list[sa.Row]] = {contract_id: [] for contract_id in contract_ids}
    for row in db.session.execute(
        sa.select(*NOTICE_COLUMNS)
        .where(LineItem.contract_id.in_(list(lines)), LineItem.voided_at.is_(None))
        .order_by(LineItem.contract_id, LineItem.seq)
    ):
        lines[row.contract_id].append(row)
    return lines


def view_contracts(contracts: list[Contract], today: date) -> list[ContractView]:
    """Each contract's view as a list shows it (status, notices, how many lines), its lines read as rows
    (notice_lines). The contracts should be loaded with PARTY_LOADS, not their lines."""
    lines = notice_lines([contract.id for contract in contracts])
    return [view_contract(contract, today, lines[contract.id]) for contract in contracts]


def view_contract(contract: Contract, today: date, lines: list[sa.Row] | None = None) -> ContractView:
    """The contract with each line's period and the notices its pages show; `lines` are its live lines as
    NOTICE_COLUMNS rows when a list has read them (view_contracts), else the contract's line objects."""
    period = contract_period(contract)
    # most lines run the contract's period: they share one LinePeriod (a list page reads about 1,250 lines)
    shared = line_period(period, own_start=None, start_on_confirmation=False, confirmed_on=None)
    line_views = [
        LineView(
            line,
            shared
            if line.start_on is None and not line.start_on_confirmation
            else line_period(
                period,
                own_start=line.start_on,
                start_on_confirmation=line.start_on_confirmation,
                confirmed_on=line.confirmed_on,
                term_months=line.term_months,
                own_end=line.end_on,
            ),
        )
        for line in (contract.lines if lines is None else lines)
    ]
    # in a list numbered 一 / 1 / 1.1 a parent's amount holds its children's: only the top lines add up
    lines_total = sum(
        (view.line.amount or Decimal(0) for view in line_views if view.line.parent_label is None), Decimal(0)
    )
    return ContractView(
        contract=contract,
        status=contract_status(contract.start_on, contract.end_on, today, contract.terminated_on),
        lines=line_views,
        lines_total=lines_total,
        notices=_notices(contract, line_views, lines_total),
    )


def _notices(contract: Contract, lines: list[LineView], lines_total: Decimal) -> list[Notice]:
    notices = []
    if lines and lines_total != contract.total_amount:
        notices.append(Notice("total_mismatch", {"difference": to_fen(lines_total - contract.total_amount)}))
    waiting = [view.line.seq for view in lines if view.period.waiting_confirmation]
    if waiting:
        notices.append(Notice("lines_waiting_confirmation", {"seqs": waiting}))
    for view in lines:
        if view.period.ends_after_contract:
            notices.append(
                Notice(
                    "line_after_contract_end",
                    {"seq": view.line.seq, "end": view.period.period.end, "days": view.period.days_past_contract_end},
                )
            )
    if contract.min_onsite_staff and sum(view.line.onsite_staff for view in lines) < contract.min_onsite_staff:
        notices.append(Notice("staff_asked_below_minimum", {"minimum": contract.min_onsite_staff}))
    return notices


# --- creating records from a parsed document (import confirmation and the demo) -----------------


def organisation(name: str, kind: OrgKind) -> Organisation:
    """The organisation of that name and kind, created when it does not exist yet."""
    return organisations([name], kind)[name]


def organisations(names: Iterable[str], kind: OrgKind) -> dict[str, Organisation]:
    """The organisations of these names and kind, by name, created where they do not exist yet: read in one
    query, so the units of a contract's hundreds of lines cost one, not one a line."""
    wanted = set(names)
    # Look among the not-yet-flushed first, and query without autoflush: this is called while
    # a contract and its lines are being put together and cannot be flushed half-built.
    found = {
        obj.name: obj
        for obj in db.session.new
        if isinstance(obj, Organisation) and obj.kind == kind and obj.name in wanted
    }
    if wanted - set(found):
        with db.session.no_autoflush:
            found.update(
                (org.name, org)
                for org in db.session.scalars(
                    sa.select(Organisation).where(Organisation.name.in_(wanted - set(found)), Organisation.kind == kind)
                )
            )
    for name in wanted - set(found):
        found[name] = Organisation(name=name, kind=kind)
        db.session.add(found[name])
    return found


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _decimal(value: str | None) -> Decimal | None:
    return Decimal(value) if value not in (None, "") else None


def line_terms(item: dict, units: dict[str, Organisation]) -> dict:
    """The LineTerms columns of one parsed line item; `units` holds its unit (organisations(…, USER_UNIT) of
    all the lines' units)."""
    sla = item.get("sla") or {}
    return dict(
        seq=item["seq"],
        seq_label=item.get("label"),
        parent_label=item.get("parent"),
        unit=units[item["unit"]],
        name=item["name"],
        content=item.get("content"),
        requirements=item.get("requirements"),
        term_months=item.get("term_months") or 12,
        start_on=_date(item.get("start")),
        start_on_confirmation=bool(item.get("start_on_confirmation")),
        onsite_staff=item.get("onsite_staff") or 0,
        service_hours=sla.get("service_hours"),
        response_hours=_decimal(_text_number(sla.get("response_hours"))),
        onsite_hours=_decimal(_text_number(sla.get("onsite_hours"))),
        recovery_hours=_decimal(_text_number(sla.get("recovery_hours"))),
        inspection_cycle=sla.get("inspection"),
    )


def _text_number(value) -> str | None:
    # The schema gives SLA hours as JSON numbers; go through text so no float reaches a Decimal.
    return None if value is None else repr(value) if isinstance(value, float) else str(value)


#: 第七条, when a document states no milestones: 70% after signing, 30% after acceptance
DEFAULT_MILESTONES = (
    {
        "seq": 1,
        "ratio": f"{DEFAULT_RATIOS[0]}",
        "due_working_days": FIRST_MILESTONE_WORKING_DAYS,
        "trigger": "合同生效后，乙方提交发票及各项目巡检报告",
    },
    {
        "seq": 2,
        "ratio": f"{DEFAULT_RATIOS[1]}",
        "due_working_days": SECOND_MILESTONE_WORKING_DAYS,
        "trigger": "服务期满验收合格，采购人收到发票后",
    },
)
MILESTONE_CONDITIONS = {
    1: (("invoice", "采购人确认的发票"), ("inspection_reports", "各项目巡检报告")),
    2: (("invoice", "采购人确认的发票"), ("acceptance_report", "双方签字的验收报告")),
}


def add_milestones(contract: Contract, stated: list[dict]) -> None:
    """Milestones as the contract states them (default 70% / 30%), amounts split to the fen."""
    stated = sorted(stated or DEFAULT_MILESTONES, key=lambda m: m["seq"])
    ratios = [Decimal(m["ratio"]) for m in stated]
    for milestone, ratio, amount in zip(stated, ratios, milestone_amounts(contract.total_amount, ratios), strict=True):
        contract.milestones.append(
            PaymentMilestone(
                seq=milestone["seq"],
                ratio=ratio,
                amount=amount,
                due_working_days=milestone.get("due_working_days") or 30,
                trigger=milestone.get("trigger") or "",
                conditions=[
                    MilestoneCondition(kind=kind, label=label)
                    for kind, label in MILESTONE_CONDITIONS.get(milestone["seq"], ())
                ],
            )
        )


def covered_lot(payload: dict, tender_lot: TenderLot | None = None) -> dict:
    """The lot (包) a contract covers, when one is chosen: its number and name as the document's own lots
    word them, else as the tender lot on file words them (a contract that names no lot of its own, its lot
    chosen among the tender's on the review); and that tender lot and its tender, when there is one."""
    chosen = next((lot for lot in payload.get("lots") or [] if lot["label"] == payload.get("lot")), None)
    if chosen:
        covered = {"lot_no": chosen["label"], "lot_name": chosen["name"]}
    elif tender_lot is not None:
        covered = {"lot_no": tender_lot.lot_no, "lot_name": tender_lot.name}
    else:
        return {}
    # the lot on file makes the contract one of its tender's
    return covered | ({"tender_lot": tender_lot, "tender_id": tender_lot.tender_id} if tender_lot else {})


def new_chain(payload: dict, *, started_on: date, original_award: Decimal | None = None) -> RenewalChain:
    """A new renewal chain for the contract of a parsed document, begun `started_on`, with the 3-year
    limit and supplement cap the document states; its award is the contract's total unless given."""
    chain = RenewalChain(
        title=payload["title"],
        started_on=started_on,
        original_award_amount=Decimal(payload["total_amount"]) if original_award is None else original_award,
        max_years=(payload.get("renewal") or {}).get("max_total_years") or MAX_CHAIN_YEARS,
        change_cap_ratio=_decimal(payload.get("change_cap_ratio")) or SUPPLEMENT_CAP_RATIO,
    )
    db.session.add(chain)
    return chain


def create_contract(
    payload: dict,
    *,
    chain: RenewalChain | None = None,
    year_in_chain: int | None = None,
    renews: Contract | None = None,
    import_record: ImportRecord | None = None,
    signed_on: date | None = None,
    tender_lot: TenderLot | None = None,
) -> Contract:
    """A contract with its lines, milestones and acceptance materials from a parsed (and confirmed)
    document; a new renewal chain when none is given, with the contract's total as its award. It is
    year `year_in_chain` of the chain (default: after the chain's contracts), renewing `renews`, and of
    `tender_lot` (the lot on file its chosen 包号 names: services.imports.tender_lot_of)."""
    period = payload["service_period"]
    start, end = _date(period["start"]), _date(period["end"])
    total = Decimal(payload["total_amount"])
    if chain is None:
        chain = new_chain(payload, started_on=start)
    evaluation = payload.get("evaluation") or {}
    contract = Contract(
        chain=chain,
        year_in_chain=year_in_chain or len(chain.contracts) + 1,
        renews=renews,
        title=payload["title"],
        procurement_number=payload.get("procurement_number"),
        filing_number=payload.get("filing_number"),
        purchaser=organisation(payload["purchaser"], OrgKind.PURCHASER),
        vendor=organisation(payload["supplier"], OrgKind.VENDOR),
        total_amount=total,
        total_amount_upper=payload.get("total_amount_upper"),
        signed_on=signed_on,
        # an award notice in the payload gives the day the 30 days to sign count from (政府采购法 第四十六条)
        award_notice_on=_date(payload.get("award_notice_on")),
        **covered_lot(payload, tender_lot),
        start_on=start,
        end_on=end,
        min_onsite_staff=payload.get("min_onsite_staff"),
        evaluation_deduction_ratio=_decimal(evaluation.get("deduction_ratio_per_point")) or DEDUCTION_PER_POINT,
        import_record_id=import_record.id if import_record else None,
    )
    units = organisations((item["unit"] for item in payload["line_items"]), OrgKind.USER_UNIT)
    contract.lines = [
        LineItem(amount=_decimal(item.get("amount")), **line_terms(item, units)) for item in payload["line_items"]
    ]
    add_milestones(contract, payload.get("payment_milestones"))
    db.session.add(contract)
    for position, name in enumerate(DEFAULT_MATERIALS):
        db.session.add(AcceptanceMaterial(contract=contract, name=name, position=position))
    return contract


def status_clause(status: str, today: date) -> sa.ColumnElement[bool]:
    """The SQL condition of `domain.status.contract_status(...) == status` on `today`, so a list
    filters by status in the database (a test holds the two to agreement)."""
    terminated = sa.and_(Contract.terminated_on.is_not(None), Contract.terminated_on <= today)
    if status == "terminated":
        return terminated
    running = sa.not_(terminated)
    if status == "upcoming":
        return sa.and_(running, Contract.start_on > today)
    if status == "active":
        return sa.and_(running, Contract.start_on <= today, Contract.end_on >= today)
    if status == "ended":
        return sa.and_(running, Contract.end_on < today)
    return sa.true()
