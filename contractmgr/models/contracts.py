"""Contracts (合同), the renewal chains that link them, and supplementary contracts (补充合同)."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contractmgr.domain.caps import SUPPLEMENT_CAP_RATIO
from contractmgr.domain.evaluation import DEDUCTION_PER_POINT
from contractmgr.domain.renewal import MAX_CHAIN_YEARS
from contractmgr.extensions import db
from contractmgr.models.lines import LineItem
from contractmgr.models.types import Money, Ratio, enum, record_number, utcnow
from contractmgr.models.users import Organisation

EVALUATION_BASES = ("from_100", "from_90")
LATE_INTEREST_RULES = ("lpr", "none")


class RenewalChain(db.Model):
    """The first contract of an award and all its renewals (续签): at most 3 years in all."""

    __tablename__ = "renewal_chains"
    __table_args__ = (
        sa.CheckConstraint("original_award_amount >= 0", name="award_not_negative"),
        sa.CheckConstraint("max_years > 0", name="max_years_positive"),
        sa.CheckConstraint("change_cap_ratio >= 0", name="cap_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    #: the first contract's start: the 3 years count from here — contract 第四条
    started_on: Mapped[date]
    #: 原中标金额: the base of the 10% supplement cap — contract 第六条, 《政府采购法》第四十九条
    original_award_amount: Mapped[Decimal] = mapped_column(Money)
    #: 总服务周期累计不超过3年 — contract preamble and 第四条
    max_years: Mapped[int] = mapped_column(default=MAX_CHAIN_YEARS)
    #: 补充合同 increase cap as a ratio of the original award — contract 第六条
    change_cap_ratio: Mapped[Decimal] = mapped_column(Ratio, default=SUPPLEMENT_CAP_RATIO)
    #: where a figure was assumed rather than read (e.g. the award of a chain whose first year is not on file)
    note: Mapped[str | None] = mapped_column(sa.Text)

    contracts: Mapped[list["Contract"]] = relationship(back_populates="chain", order_by="Contract.year_in_chain")


def _still_open_index(name: str, counts_from: str, still_open: str) -> sa.Index:
    where = sa.text(still_open)
    return sa.Index(name, counts_from, "id", sqlite_where=where, postgresql_where=where)


class Contract(db.Model):
    __tablename__ = "contracts"
    __table_args__ = (
        sa.UniqueConstraint("chain_id", "year_in_chain"),
        sa.CheckConstraint("start_on <= end_on", name="period_ordered"),
        sa.CheckConstraint("total_amount >= 0", name="total_not_negative"),
        sa.CheckConstraint("year_in_chain > 0", name="year_positive"),
        sa.CheckConstraint("interest_day_basis IN (360, 365)", name="day_basis_known"),
        sa.CheckConstraint("published_on IS NULL OR signed_on IS NOT NULL", name="published_after_signing"),
        sa.CheckConstraint("filed_on IS NULL OR signed_on IS NOT NULL", name="filed_after_signing"),
        sa.CheckConstraint("sme_payment_days IS NULL OR sme_payment_days BETWEEN 1 AND 60", name="sme_days_in_range"),
        # The officer's statutory deadlines (services.deadlines) take the first contracts still to sign, publish or
        # file in the order of the day each counts from: read from these in that order, not sorted out of all.
        _still_open_index("ix_contracts_unsigned", "award_notice_on", "signed_on IS NULL"),
        _still_open_index("ix_contracts_unpublished", "signed_on", "published_on IS NULL"),
        _still_open_index("ix_contracts_unfiled", "signed_on", "filed_on IS NULL"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chain_id: Mapped[int] = mapped_column(sa.ForeignKey("renewal_chains.id"))
    #: 1 for the first contract of the chain, 2 for the first renewal …
    year_in_chain: Mapped[int] = mapped_column(default=1)
    #: the contract this one renews (续签), if any
    renews_id: Mapped[int | None] = mapped_column(sa.ForeignKey("contracts.id"), unique=True)
    tender_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    #: the lot (包) of a tender in lots this contract covers, as the document numbers it, and its name
    lot_no: Mapped[str | None] = mapped_column(sa.String(20))
    lot_name: Mapped[str | None] = mapped_column(sa.String(300))
    #: the tender lot on file this contract is of (its 包号 among the lots of the tender with its
    #: 招标采购文件编号): its ceiling is what the total is checked against; None when no such lot is on file
    tender_lot_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tender_lots.id"), index=True)
    #: 项目名称
    title: Mapped[str] = mapped_column(sa.String(300))
    #: 招标采购文件编号
    procurement_number: Mapped[str | None] = mapped_column(sa.String(100))
    #: 政府采购管理部门备案编号
    filing_number: Mapped[str | None] = mapped_column(sa.String(100))
    purchaser_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    vendor_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    #: 合同总金额 in figures — contract 第六条
    total_amount: Mapped[Decimal] = mapped_column(Money)
    #: 大写 as printed in the document, when imported
    total_amount_upper: Mapped[str | None] = mapped_column(sa.String(100))
    #: 签订时间: the contract takes effect on signing — 第十五条
    signed_on: Mapped[date | None]
    #: 中标/成交通知书发出之日: signing is due within 30 days of it — 《政府采购法》第四十六条
    award_notice_on: Mapped[date | None]
    #: the imported award notice (中标（成交）公告) that recorded `award_notice_on`, if one did
    award_notice_import_id: Mapped[int | None] = mapped_column(sa.ForeignKey("import_records.id"), index=True)
    #: 合同公告: published within 2 working days of signing — 《政府采购法实施条例》第五十条
    published_on: Mapped[date | None]
    #: where the 合同公告 can be read (the designated media's page)
    publication_url: Mapped[str | None] = mapped_column(sa.String(500))
    #: 合同副本备案: filed within 7 working days of signing — 《政府采购法》第四十七条
    filed_on: Mapped[date | None]
    #: payment period the contract agrees with an SME, in days (at most 60); None: the statutory 30
    #: — 《保障中小企业款项支付条例》第九条
    sme_payment_days: Mapped[int | None]
    #: the last day of the agreed acceptance period: a purchaser that accepts later starts the SME
    #: payment clock here — 《保障中小企业款项支付条例》第十条
    acceptance_period_end_on: Mapped[date | None]
    #: the contract's own late-payment rule: "lpr" (the one-year LPR daily rate, with the fiscal
    #: exemption — 洛阳 contract 第十三条 2) or "none" stated (an SME vendor then gets the statute's
    #: 0.05% a day — 《保障中小企业款项支付条例》第十七条)
    late_interest_rule: Mapped[str] = mapped_column(
        enum(*LATE_INTEREST_RULES, name="late_interest_rule"), default="lpr"
    )
    #: 服务期限 — 第四条: 2026-05-22 to 2027-05-21
    start_on: Mapped[date] = mapped_column(index=True)
    end_on: Mapped[date] = mapped_column(index=True)
    #: 驻场 staff committed for the whole project — tender 注3
    min_onsite_staff: Mapped[int | None]
    #: how evaluation points are counted: from 100 (literal 百分扣分制, default) or from 90 — tender 五
    evaluation_basis: Mapped[str] = mapped_column(enum(*EVALUATION_BASES, name="evaluation_basis"), default="from_100")
    #: 2‰ of the total per point — tender 五
    evaluation_deduction_ratio: Mapped[Decimal] = mapped_column(Ratio, default=DEDUCTION_PER_POINT)
    #: day-count basis of the daily LPR rate for late-payment interest (central bank convention 360)
    interest_day_basis: Mapped[int] = mapped_column(default=360)
    #: set when the purchaser terminates the contract
    terminated_on: Mapped[date | None]
    import_record_id: Mapped[int | None] = mapped_column(sa.ForeignKey("import_records.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    chain: Mapped[RenewalChain] = relationship(back_populates="contracts")
    renews: Mapped["Contract | None"] = relationship(remote_side=[id])
    purchaser: Mapped[Organisation] = relationship(foreign_keys=[purchaser_id])
    vendor: Mapped[Organisation] = relationship(foreign_keys=[vendor_id])
    tender: Mapped["Tender | None"] = relationship()  # noqa: F821
    tender_lot: Mapped["TenderLot | None"] = relationship(back_populates="contracts")  # noqa: F821
    #: the live lines; a voided line is kept out of every list and sum (see voided_lines)
    lines: Mapped[list[LineItem]] = relationship(
        back_populates="contract",
        primaryjoin=lambda: sa.and_(Contract.id == LineItem.contract_id, LineItem.voided_at.is_(None)),
        order_by=LineItem.seq,
    )
    voided_lines: Mapped[list[LineItem]] = relationship(
        primaryjoin=lambda: sa.and_(Contract.id == LineItem.contract_id, LineItem.voided_at.is_not(None)),
        order_by=LineItem.voided_at,
        viewonly=True,
    )
    milestones: Mapped[list["PaymentMilestone"]] = relationship(  # noqa: F821
        back_populates="contract", order_by="PaymentMilestone.seq"
    )
    supplements: Mapped[list["SupplementaryContract"]] = relationship(
        back_populates="contract", order_by="SupplementaryContract.seq"
    )

    @property
    def record_number(self) -> str:
        """The number people quote for this record (HT-000012): two contracts of one name stay apart."""
        return record_number("HT", self.id)

    def __repr__(self) -> str:
        return f"<Contract {self.id} {self.title[:20]}>"


class SupplementaryContract(db.Model):
    """补充合同: a work-volume change — contract 第六条; all of a chain's together at most +10%."""

    __tablename__ = "supplementary_contracts"
    __table_args__ = (
        sa.UniqueConstraint("contract_id", "seq"),
        sa.CheckConstraint("increase_amount >= 0", name="increase_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"))
    seq: Mapped[int]
    signed_on: Mapped[date | None]
    #: the added fees this supplement agrees (counted against the cap)
    increase_amount: Mapped[Decimal] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contract: Mapped[Contract] = relationship(back_populates="supplements")
    changes: Mapped[list["SupplementLine"]] = relationship(back_populates="supplement")


class SupplementLine(db.Model):
    """One added or changed line of a supplementary contract."""

    __tablename__ = "supplement_lines"
    __table_args__ = (
        sa.CheckConstraint("amount_before IS NULL OR amount_before >= 0", name="before_not_negative"),
        sa.CheckConstraint("amount_after >= 0", name="after_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    supplement_id: Mapped[int] = mapped_column(sa.ForeignKey("supplementary_contracts.id"), index=True)
    #: the changed line; None for a line the supplement adds
    line_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("line_items.id"), index=True)
    unit_name: Mapped[str] = mapped_column(sa.String(200), default="")
    name: Mapped[str] = mapped_column(sa.String(300))
    amount_before: Mapped[Decimal | None] = mapped_column(Money)
    amount_after: Mapped[Decimal] = mapped_column(Money)

    supplement: Mapped[SupplementaryContract] = relationship(back_populates="changes")
    line_item: Mapped[LineItem | None] = relationship()
