"""Tenders (招标文件) and the systems they list."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contractmgr.extensions import db
from contractmgr.models.lines import LineTerms
from contractmgr.models.types import Money, Ratio, record_number, utcnow
from contractmgr.models.users import Organisation


class Tender(db.Model):
    __tablename__ = "tenders"
    __table_args__ = (sa.CheckConstraint("service_start_on <= service_end_on", name="period_ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: 项目名称
    title: Mapped[str] = mapped_column(sa.String(300))
    #: 招标采购文件编号
    procurement_number: Mapped[str | None] = mapped_column(sa.String(100))
    purchaser_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    #: 服务期 — tender 四 (default 2026-01-01 to 2026-12-31)
    service_start_on: Mapped[date | None]
    service_end_on: Mapped[date | None]
    #: 驻场人员 committed for the whole project — tender 注3 (at least 15)
    min_onsite_staff: Mapped[int | None]
    #: 运维考评 — tender 五: full payment from this score
    evaluation_full_min_score: Mapped[int | None]
    #: 运维考评 — 每扣1分扣减总合同价款的2‰
    evaluation_deduction_ratio: Mapped[Decimal | None] = mapped_column(Ratio)
    #: 运维考评 — below this score the purchaser may terminate
    evaluation_termination_below: Mapped[int | None]
    #: 预算金额, where the tender states one
    budget_amount: Mapped[Decimal | None] = mapped_column(Money)
    import_record_id: Mapped[int | None] = mapped_column(sa.ForeignKey("import_records.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    purchaser: Mapped[Organisation | None] = relationship()
    items: Mapped[list["TenderItem"]] = relationship(back_populates="tender", order_by="TenderItem.seq")
    lots: Mapped[list["TenderLot"]] = relationship(back_populates="tender", order_by="TenderLot.id")

    @property
    def units(self) -> list[Organisation]:
        seen: dict[int, Organisation] = {}
        for item in self.items:
            seen.setdefault(item.unit.id, item.unit)
        return list(seen.values())

    @property
    def items_by_lot(self) -> list[tuple["TenderLot | None", list["TenderItem"]]]:
        """The items grouped as the tender page lists them: each lot's, then those of no lot (None); one
        group of None for a tender without lots."""
        if not self.lots:
            return [(None, list(self.items))]
        loose = [item for item in self.items if item.tender_lot_id is None]
        return [(lot, list(lot.items)) for lot in self.lots] + ([(None, loose)] if loose else [])

    @property
    def record_number(self) -> str:
        return record_number("ZB", self.id)


class TenderItem(LineTerms, db.Model):
    """One information system the tender asks to be maintained."""

    __tablename__ = "tender_items"
    __table_args__ = (
        sa.UniqueConstraint("tender_id", "seq"),
        sa.CheckConstraint("budget_amount IS NULL OR budget_amount >= 0", name="amount_not_negative"),
        *LineTerms.line_constraints(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"))
    #: the item's budget, where the tender states one
    budget_amount: Mapped[Decimal | None] = mapped_column(Money)
    #: the lot (包 / 标段) the item belongs to, in a tender in lots
    tender_lot_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tender_lots.id"), index=True)

    tender: Mapped[Tender] = relationship(back_populates="items")
    lot: Mapped["TenderLot | None"] = relationship(back_populates="items")


class TenderLot(db.Model):
    """包 / 标包 / 标段 / 分标 of a tender split into parts: each is awarded, and contracted, on its own."""

    __tablename__ = "tender_lots"
    __table_args__ = (
        sa.UniqueConstraint("tender_id", "lot_no"),
        sa.CheckConstraint("budget_amount IS NULL OR budget_amount >= 0", name="budget_not_negative"),
        sa.CheckConstraint("term_months IS NULL OR term_months > 0", name="term_positive"),
        sa.CheckConstraint("start_on IS NULL OR end_on IS NULL OR start_on <= end_on", name="period_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tender_id: Mapped[int] = mapped_column(sa.ForeignKey("tenders.id"), index=True)
    #: 包号 as numbered: 第一包 → 1, A分标 → A
    lot_no: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(300))
    #: 最高限价 or 预算金额 of the lot
    budget_amount: Mapped[Decimal | None] = mapped_column(Money)
    term_months: Mapped[int | None]
    start_on: Mapped[date | None]
    end_on: Mapped[date | None]

    tender: Mapped[Tender] = relationship(back_populates="lots")
    items: Mapped[list[TenderItem]] = relationship(back_populates="lot", order_by="TenderItem.seq")
    #: the contracts signed for this lot
    contracts: Mapped[list["Contract"]] = relationship(  # noqa: F821
        back_populates="tender_lot", order_by="Contract.id"
    )

    @property
    def items_amount(self) -> Decimal | None:
        """The lot's items added up (the top ones of a numbered hierarchy); None when none has an amount."""
        amounts = [
            item.budget_amount for item in self.items if item.budget_amount is not None and not item.parent_label
        ]
        return sum(amounts, Decimal(0)) if amounts else None

    @property
    def over_budget_by(self) -> Decimal | None:
        """How much the items exceed the lot's budget or ceiling; None when they do not."""
        total = self.items_amount
        if total is None or self.budget_amount is None or total <= self.budget_amount:
            return None
        return total - self.budget_amount
