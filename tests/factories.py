"""Plain factories with the seed contract's figures as defaults (CTFd/Indico style: callables, no magic)."""

from datetime import date
from decimal import Decimal

from contractmgr.domain.money import split
from contractmgr.extensions import db
from contractmgr.models import Contract, LineItem, OrgKind, RenewalChain
from contractmgr.services.contracts import add_milestones, organisation
from contractmgr.services.users import create_user


def make_contract(
    *,
    title="测试运维项目",
    vendor="洛阳数智科技发展有限公司",
    purchaser="洛阳市行政审批和政务信息管理局",
    total=Decimal("8271400.00"),
    lines=40,
    start=date(2026, 5, 22),
    end=date(2027, 5, 21),
    chain_start=None,
    award=None,
    procurement_number=None,
) -> Contract:
    chain = RenewalChain(title=title, started_on=chain_start or start, original_award_amount=award or total)
    contract = Contract(
        chain=chain,
        year_in_chain=1,
        title=title,
        procurement_number=procurement_number,
        total_amount=total,
        start_on=start,
        end_on=end,
        purchaser=organisation(purchaser, OrgKind.PURCHASER),
        vendor=organisation(vendor, OrgKind.VENDOR),
        min_onsite_staff=15,
    )
    unit = organisation("测试使用单位", OrgKind.USER_UNIT)
    contract.lines = [
        LineItem(seq=i + 1, unit=unit, name=f"系统{i + 1}", amount=amount, onsite_staff=1)
        for i, amount in enumerate(split(total, [1] * lines))
    ]
    add_milestones(contract, [])
    db.session.add(contract)
    db.session.flush()
    return contract


def make_user(username, role, *, vendor=None, password=None):
    return create_user(username, role, password or f"{username}-demo", vendor_name=vendor)
