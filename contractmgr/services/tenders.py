"""Creating a tender and its items from a parsed (and confirmed) document."""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import ImportRecord, OrgKind, Tender, TenderItem, TenderLot
from contractmgr.services.contracts import line_terms, organisation, organisations


def create_tender(payload: dict, *, import_record: ImportRecord | None = None) -> Tender:
    period = payload.get("service_period") or {}
    evaluation = payload.get("evaluation") or {}
    tender = Tender(
        title=payload["title"],
        procurement_number=payload.get("procurement_number"),
        purchaser=organisation(payload["purchaser"], OrgKind.PURCHASER) if payload.get("purchaser") else None,
        service_start_on=date.fromisoformat(period["start"]) if period.get("start") else None,
        service_end_on=date.fromisoformat(period["end"]) if period.get("end") else None,
        min_onsite_staff=payload.get("min_onsite_staff"),
        evaluation_full_min_score=evaluation.get("full_payment_min_score"),
        evaluation_deduction_ratio=Decimal(evaluation["deduction_ratio_per_point"])
        if evaluation.get("deduction_ratio_per_point")
        else None,
        evaluation_termination_below=evaluation.get("termination_below_score"),
        budget_amount=Decimal(payload["total_amount"]) if payload.get("total_amount") else None,
        import_record_id=import_record.id if import_record else None,
    )
    tender.lots = [
        TenderLot(
            lot_no=lot["label"],
            name=lot["name"],
            budget_amount=Decimal(lot["budget"]) if lot.get("budget") else None,
            term_months=lot.get("months"),
            start_on=date.fromisoformat(lot["start"]) if lot.get("start") else None,
            end_on=date.fromisoformat(lot["end"]) if lot.get("end") else None,
        )
        for lot in payload.get("lots") or []
    ]
    lot_of = {lot.lot_no: lot for lot in tender.lots}
    units = organisations((item["unit"] for item in payload["line_items"]), OrgKind.USER_UNIT)
    tender.items = [
        TenderItem(
            budget_amount=Decimal(item["amount"]) if item.get("amount") else None,
            lot=lot_of.get(item.get("lot") or ""),
            **line_terms(item, units),
        )
        for item in payload["line_items"]
    ]
    db.session.add(tender)
    return tender


def item_counts(tender_ids: list[int]) -> dict[int, int]:
    """How many items each of these tenders has, in one query (a list page shows the count, not the items)."""
    rows = db.session.execute(
        sa.select(TenderItem.tender_id, sa.func.count())
        .where(TenderItem.tender_id.in_(tender_ids))
        .group_by(TenderItem.tender_id)
    )
    return {tender_id: count for tender_id, count in rows}
