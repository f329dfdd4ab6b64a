"""Generated data at scale: many contracts made through the application's own services, as if a
bureau's officers, finance staff and vendors had used it for years. The scale test (a few hundred
contracts on SQLite) and the benchmarks (thousands on PostgreSQL) both use it.

Deterministic for a seed: the same seed gives the same organisations, contracts, lines, amounts,
dates and decisions (database ids depend on what the database held before). Every event is dated
on or before `reference_day` (default 2026-11-30), which stands for "today" when it is made, so
the same seed gives the same data whatever day it runs.

What one renewal chain gets (1 to 3 contracts of one year each, through `record_renewal`):
- 10 to 40 lines whose amounts add up to the total, a few waiting for their start confirmation;
- milestone 1 (70%): invoice and inspection reports ticked, paid a few weeks after signing (some
  late, some not paid at all), and a few lines' inspections recorded;
- an evaluation half-way through the year; a score under 90 proposes a deduction that the officer
  confirms (netted against the next unpaid milestone) or waives with a reason;
- sometimes a supplementary contract (within the chain's 10% cap);
- after the year: the six acceptance materials uploaded, submitted, sometimes failed once (with the
  penalty proposed) and resubmitted, then passed; milestone 2 (30%) ticked and mostly paid.
Vendors hold very different numbers of contracts (a few large, many small; see `vendor_spread`),
as a city's shared platform does; a vendor user is made for the largest, a middling and the
smallest vendor, so benchmarks can sign in at each size.

Commits every `batch` chains (the caller owns nothing half-done: a failed batch is rolled back).
"""

from __future__ import annotations

import contextlib
import functools
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from contractmgr.audit import acting_as
from contractmgr.domain.calendar import WorkingCalendar
from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.money import to_fen
from contractmgr.domain.periods import one_year_from
from contractmgr.extensions import db
from contractmgr.models import AcceptanceMaterial, Contract, LprRate, Organisation, OrgKind, Role, User
from contractmgr.services.acceptance import review_submission, submit_acceptance, upload_material
from contractmgr.services.calendar import working_calendar
from contractmgr.services.contracts import create_contract
from contractmgr.services.evaluations import record_evaluation
from contractmgr.services.finance import record_payment, tick_condition
from contractmgr.services.inspections import record_inspection
from contractmgr.services.penalties import confirm_penalty, waive_penalty
from contractmgr.services.renewals import record_renewal
from contractmgr.services.schedule import contract_schedule, lpr_table
from contractmgr.services.supplements import record_supplement
from contractmgr.services.tenders import create_tender
from contractmgr.services.users import create_user

REFERENCE_DAY = date(2026, 11, 30)
#: every generated user's password (generated data is for tests and benchmarks only)
PASSWORD = "generated-pass"
#: the earliest year a chain starts: a bureau keeps its contracts for at least 15 years
FIRST_YEAR = 2012

_CITIES = ("洛阳", "安阳", "郑州", "开封", "新乡", "焦作", "许昌", "南阳", "商丘", "信阳", "周口", "驻马店")
_BUREAUS = (
    "行政审批和政务信息管理局",
    "大数据管理局",
    "自然资源和规划局",
    "人力资源和社会保障局",
    "市场监督管理局",
    "住房和城乡建设局",
    "卫生健康委员会",
    "教育局",
    "公安局",
    "财政局",
)
_UNITS = (
    "市政务服务中心",
    "市不动产登记中心",
    "市社会保险中心",
    "市公共资源交易中心",
    "市疾病预防控制中心",
    "市档案馆",
    "市住房公积金管理中心",
    "市12345热线中心",
    "市医疗保障局",
    "市应急管理局",
    "市交通运输局",
    "市统计局",
    "市民政局",
    "市税务局",
)
_SYSTEMS = (
    "政务服务网",
    "一体化在线政务服务平台",
    "电子证照系统",
    "数据共享交换平台",
    "视频会议系统",
    "机房基础设施",
    "网络安全设备",
    "办公自动化系统",
    "档案管理系统",
    "业务审批系统",
    "综合监管平台",
    "呼叫中心系统",
    "数据库及中间件",
    "云平台资源",
    "门户网站",
)
_VENDOR_WORDS = ("数智", "华信", "中原", "天成", "博远", "云海", "恒通", "智联", "鼎新", "融创", "汇达", "启明")
_VENDOR_KINDS = ("科技发展", "信息技术", "软件", "网络科技", "数据服务", "系统集成")
_INSPECTION = ("每日", "每周", "每月", "4次/月", "每季度")
_LPR = (
    (date(2019, 8, 20), "4.25"),
    (date(2020, 4, 20), "3.85"),
    (date(2024, 10, 21), "3.10"),
    (date(2025, 5, 20), "3.00"),
)


@dataclass
class Generated:
    """What was made, for the command to print and the benchmarks to sign in with."""

    contracts: int = 0
    chains: int = 0
    lines: int = 0
    tenders: int = 0
    #: vendor username → (organisation name, its number of contracts)
    vendor_users: dict[str, tuple[str, int]] = field(default_factory=dict)
    officer: str = "gen-officer"
    finance: str = "gen-finance"
    admin: str = "gen-admin"


@functools.cache
def material_pdf() -> bytes:
    """A real one-page PDF that stands for every acceptance material the generated vendors upload."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def vendor_spread(count: int) -> list[float]:
    """Weights of `count` vendors: Zipf-like, so with 10,000 contracts the largest vendor holds
    hundreds, a middling one a few dozen and the smallest a handful."""
    return [1 / (rank**0.9) for rank in range(1, count + 1)]


def _amount(rng: random.Random, low: int, high: int) -> Decimal:
    """A whole-yuan amount most of the time, sometimes with fen (as real annexes have)."""
    yuan = rng.randrange(low, high) * 100
    return Decimal(yuan) if rng.random() < 0.8 else Decimal(yuan) + Decimal(rng.randrange(1, 100)) / 100


class _Maker:
    def __init__(self, rng: random.Random, seed: int, reference_day: date):
        self.rng, self.seed, self.today = rng, seed, reference_day
        self.calendar: WorkingCalendar = working_calendar(range(FIRST_YEAR - 1, reference_day.year + 4))
        self.rates = lpr_table()
        self.officer = self.finance = None
        self.vendor_user: dict[str, User] = {}
        self.serial = 0

    # --- one contract's life --------------------------------------------------------------

    def first_contract(self, purchaser: str, vendor: str, start: date) -> Contract:
        rng = self.rng
        self.serial += 1
        lines = []
        for seq in range(1, rng.randint(10, 40) + 1):
            confirmation = rng.random() < 0.03
            lines.append(
                {
                    "seq": seq,
                    "unit": rng.choice(_UNITS),
                    "name": f"{rng.choice(_SYSTEMS)}运维",
                    "content": "日常运维、故障处理、巡检及安全加固",
                    "requirements": f"需安排{rng.choice((1, 1, 1, 2, 3))}名技术人员驻场",
                    "amount": str(_amount(rng, 20_000, 600_000)),
                    "term_months": 12,
                    "start_on_confirmation": confirmation,
                    "onsite_staff": rng.choice((0, 1, 1, 1, 2, 3)),
                    "sla": {"inspection": rng.choice(_INSPECTION), "response_hours": rng.choice((0.5, 1, 2))},
                }
            )
        total = sum((Decimal(line["amount"]) for line in lines), Decimal(0))
        period = one_year_from(start)
        payload = {
            "title": f"{purchaser}{start.year}年政务信息化运维项目（第{self.serial}批）",
            "procurement_number": f"生成政采（{start.year}）{self.seed:03d}-{self.serial:05d}号",
            "filing_number": f"生成-{self.seed}-{self.serial}",
            "purchaser": purchaser,
            "supplier": vendor,
            "total_amount": f"{total:.2f}",
            "service_period": {"start": start.isoformat(), "end": period.end.isoformat()},
            "min_onsite_staff": rng.choice((None, 5, 10, 15)),
            "line_items": lines,
        }
        contract = create_contract(payload, signed_on=start - timedelta(days=rng.randint(0, 10)))
        db.session.flush()
        return contract

    def live(self, contract: Contract) -> None:
        """Everything that happens to a contract up to the reference day, in the order it happens."""
        rng, today = self.rng, self.today
        signed = contract.signed_on or contract.start_on
        first, second = sorted(contract.milestones, key=lambda m: m.seq)
        if signed + timedelta(days=30) <= today:
            self.inspections(contract, signed)
            day = signed + timedelta(days=rng.randint(5, 25))
            for condition in first.conditions:
                tick_condition(condition, day, by=self.finance, today=day)
            if rng.random() < 0.9:
                self.pay(contract, first, day + timedelta(days=rng.randint(10, 70)))
        halfway = contract.start_on + timedelta(days=182)
        if halfway + timedelta(days=10) <= today:
            self.evaluate(contract, halfway)
        if rng.random() < 0.15 and contract.start_on + timedelta(days=120) <= today:
            self.supplement(contract)
        passed_on = self.accept(contract)
        if passed_on is not None:
            for condition in second.conditions:
                tick_condition(condition, passed_on, by=self.finance, today=passed_on)
            if rng.random() < 0.85:
                self.pay(contract, second, passed_on + timedelta(days=rng.randint(10, 60)))

    def inspections(self, contract: Contract, signed: date) -> None:
        for line in self.rng.sample(list(contract.lines), k=min(3, len(contract.lines))):
            day = contract.start_on + timedelta(days=self.rng.randint(0, 25))
            record_inspection(line, inspected_on=day, inspector="巡检工程师", by=None, today=max(day, signed))

    def pay(self, contract: Contract, milestone, paid_on: date) -> None:
        if paid_on > self.today:
            return
        schedule = contract_schedule(contract, paid_on, calendar=self.calendar, rates=self.rates)
        view = next(m for m in schedule.milestones if m.milestone.id == milestone.id)
        if view.outstanding <= 0:
            return
        record_payment(
            milestone,
            paid_on=paid_on,
            amount=view.outstanding,
            voucher_number=f"记-{paid_on:%Y%m}-{self.rng.randint(1, 9999):04d}",
            by=self.finance,
            today=paid_on,
        )

    def evaluate(self, contract: Contract, day: date) -> None:
        rng = self.rng
        score = Decimal(rng.choice((100, 98, 96, 95, 93, 92, 91, 90, 90, 88, 85, 80, 72, 58)))
        result = record_evaluation(
            contract,
            score=score,
            evaluated_on=day,
            period_start=contract.start_on,
            period_end=day - timedelta(days=1),
            by=self.officer,
        )
        if result.penalty is not None:
            if rng.random() < 0.7:
                confirm_penalty(result.penalty, by=self.officer)
            else:
                waive_penalty(result.penalty, reason="整改及时，经研究予以免除", by=self.officer)

    def supplement(self, contract: Contract) -> None:
        increase = to_fen(contract.chain.original_award_amount * Decimal(self.rng.choice(("0.01", "0.02", "0.03"))))
        # the chain's cap may be used up: then no supplement this year
        with contextlib.suppress(RuleViolation):
            record_supplement(
                contract,
                increase=increase,
                reason="新增系统纳入运维范围",
                signed_on=contract.start_on + timedelta(days=120),
            )

    def accept(self, contract: Contract) -> date | None:
        """Upload, submit and review the contract's acceptance; the day it passed, or None."""
        rng = self.rng
        submitted = contract.end_on + timedelta(days=rng.randint(3, 20))
        if submitted + timedelta(days=5) > self.today:
            return None
        vendor = self.vendor_user.get(contract.vendor.name)
        materials = db.session.scalars(
            sa.select(AcceptanceMaterial).where(
                AcceptanceMaterial.contract_id == contract.id, AcceptanceMaterial.voided_at.is_(None)
            )
        ).all()
        for material in materials:
            upload_material(material, FileStorage(io.BytesIO(material_pdf()), f"{material.name}.pdf"), by=vendor)
        for attempt in (1, 2):
            submission = submit_acceptance(contract, "contract", by=vendor, today=submitted, calendar=self.calendar)
            decided = submitted + timedelta(days=rng.randint(2, 8))
            if decided > self.today:
                return None
            fail = attempt == 1 and rng.random() < 0.08
            review_submission(
                submission,
                "fail" if fail else "pass",
                "巡检记录不完整" if fail else None,
                by=self.officer,
                today=decided,
                calendar=self.calendar,
            )
            if not fail:
                return decided
            submitted = decided + timedelta(days=rng.randint(3, 12))
            if submitted > self.today:
                return None
        return None


def generate(
    contracts: int,
    *,
    seed: int = 1,
    reference_day: date = REFERENCE_DAY,
    batch: int = 50,
    progress: Callable[[Generated], None] | None = None,
) -> Generated:
    """Make about `contracts` contracts (whole chains: the last chain may stop short) with everything
    that happens to them; commits every `batch` chains and returns what was made."""
    rng = random.Random(seed)
    made = Generated()
    with acting_as(None):
        maker = _Maker(rng, seed, reference_day)
        _rates()
        # The organisations' names come from a fixed sequence, not the seed: data generated in two
        # runs (two seeds) shares its vendors and purchasers, so a vendor's contracts add up.
        vendors = _vendor_names(random.Random(0), max(3, contracts // 25))
        cities = random.Random(1)
        purchasers = [f"{cities.choice(_CITIES)}市{b}" for b in _BUREAUS][: max(2, min(len(_BUREAUS), contracts // 20))]
        _users(maker, made)
        weights = vendor_spread(len(vendors))
        counts: dict[str, int] = {}
        chains_in_batch = 0
        while made.contracts < contracts:
            vendor = rng.choices(vendors, weights)[0]
            purchaser = rng.choice(purchasers)
            start = date(rng.randint(FIRST_YEAR, reference_day.year), rng.randint(1, 12), rng.randint(1, 28))
            years = min(rng.choice((1, 2, 3, 3)), contracts - made.contracts)
            contract = maker.first_contract(purchaser, vendor, start)
            for year in range(years):
                if year:
                    period = one_year_from(contract.end_on + timedelta(days=1))
                    if period.start > reference_day:
                        break
                    contract = record_renewal(
                        contract, start=period.start, end=period.end, signed_on=period.start - timedelta(days=3)
                    )
                maker.live(contract)
                made.contracts += 1
                made.lines += len(contract.lines)
                counts[vendor] = counts.get(vendor, 0) + 1
            made.chains += 1
            chains_in_batch += 1
            if chains_in_batch >= batch:
                db.session.commit()
                chains_in_batch = 0
                if progress:
                    progress(made)
        made.tenders = _tenders(rng, purchasers, max(1, contracts // 25))
        _vendor_users(maker, made, counts)
        db.session.commit()
    return made


def _vendor_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(_CITIES)}{rng.choice(_VENDOR_WORDS)}{rng.choice(_VENDOR_KINDS)}有限公司"
        if name in names:  # more vendors than word combinations: number the branch offices
            name = f"{name[:-4]}第{len(names)}分公司"
        names.append(name)
    return names


def _rates() -> None:
    known = set(db.session.scalars(sa.select(LprRate.effective_on)))
    for day, percent in _LPR:
        if day not in known:
            db.session.add(LprRate(effective_on=day, one_year_percent=Decimal(percent)))
    db.session.flush()


def _user(name: str, role: str, vendor: str | None = None) -> User:
    found = db.session.scalar(sa.select(User).where(User.username == name))
    return found or create_user(name, role, PASSWORD, vendor_name=vendor)


def _users(maker: _Maker, made: Generated) -> None:
    maker.officer = _user(made.officer, Role.PROCUREMENT)
    maker.finance = _user(made.finance, Role.FINANCE)
    _user(made.admin, Role.ADMIN)


def _vendor_users(maker: _Maker, made: Generated, counts: dict[str, int]) -> None:
    """A vendor user for the largest, a middling and the smallest vendor."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    picks = {
        "gen-vendor-large": ranked[0],
        "gen-vendor-medium": ranked[len(ranked) // 2],
        "gen-vendor-small": ranked[-1],
    }
    for username, (vendor, count) in picks.items():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        if user is None:
            organisation = db.session.scalar(
                sa.select(Organisation).where(Organisation.name == vendor, Organisation.kind == OrgKind.VENDOR)
            )
            user = create_user(username, Role.VENDOR, PASSWORD, vendor_name=organisation.name)
        made.vendor_users[username] = (user.vendor.name, count)


def _tenders(rng: random.Random, purchasers: list[str], count: int) -> int:
    for n in range(1, count + 1):
        items = [
            {
                "seq": seq,
                "unit": rng.choice(_UNITS),
                "name": f"{rng.choice(_SYSTEMS)}运维",
                "amount": str(_amount(rng, 20_000, 500_000)),
                "onsite_staff": rng.choice((0, 1, 2)),
                "sla": {"inspection": rng.choice(_INSPECTION)},
            }
            for seq in range(1, rng.randint(10, 30) + 1)
        ]
        year = rng.randint(FIRST_YEAR, 2026)
        create_tender(
            {
                "title": f"{rng.choice(purchasers)}{year}年政务信息化运维项目招标（第{n}包）",
                "procurement_number": f"生成招标（{year}）{n:04d}号",
                "purchaser": rng.choice(purchasers),
                "service_period": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
                "min_onsite_staff": 15,
                "total_amount": str(sum((Decimal(i["amount"]) for i in items), Decimal(0))),
                "line_items": items,
            }
        )
    db.session.flush()
    return count
