"""The demo data: the two seed documents, typed once into contractmgr/demo/*.json, and a user per role.

Loading twice changes nothing: records that exist already are left alone.
"""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract, LprRate, RenewalChain, Tender, User
from contractmgr.services.contracts import create_contract
from contractmgr.services.tenders import create_tender
from contractmgr.services.users import create_user

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"

#: (username, role, password, vendor organisation) — listed in the README; for the demo only
DEMO_USERS = (
    ("officer", "procurement", "officer-demo", None),
    ("finance", "finance", "finance-demo", None),
    ("vendor", "vendor", "vendor-demo", "洛阳数智科技发展有限公司"),
    ("vendor2", "vendor", "vendor2-demo", "郑州示例信息技术有限公司"),
    ("admin", "admin", "admin-demo", None),
)

# The seed is the renewal (year 2, 2026-05-22 to 2027-05-21) of a chain whose first contract the
# seed does not include: its preamble dates the tender 2025-05-20, so year 1 most likely ran
# 2025-05-22 to 2026-05-21. The 2025 award amount is not given either: the demo takes this
# contract's own total as the chain's original award, and says so on the chain.
LUOYANG_CHAIN_START = date(2025, 5, 22)
LUOYANG_CHAIN_NOTE = (
    "演示数据：种子文件未给出2025年度原中标金额，暂以本续签合同总金额作为原中标金额；"
    "首年合同起始日按续签起始日推定为2025年5月22日。"
)


#: 一年期 LPR as published by the National Interbank Funding Center (percent), so that late-payment
#: interest shows in the demo; an administrator keeps this table in a real installation.
DEMO_LPR = ((date(2024, 10, 21), Decimal("3.10")), (date(2025, 5, 20), Decimal("3.00")))


def load_payload(name: str) -> dict:
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def load_demo(*, lpr_rates: bool = True) -> list[str]:
    """Create what is missing of the demo data; returns what was created, for the command to print.
    Without `lpr_rates`, an installation whose administrator has entered no LPR yet."""
    created = []
    for username, role, password, vendor in DEMO_USERS:
        if not db.session.scalar(sa.select(User.id).where(User.username == username)):
            create_user(username, role, password, vendor_name=vendor)
            created.append(f"user {username}")
    contract_payload = load_payload("luoyang_contract.json")
    if not db.session.scalar(sa.select(Contract.id).where(Contract.filing_number == contract_payload["filing_number"])):
        chain = RenewalChain(
            title=contract_payload["title"].replace("（续签）", ""),
            started_on=LUOYANG_CHAIN_START,
            original_award_amount=contract_payload["total_amount"],
            note=LUOYANG_CHAIN_NOTE,
        )
        db.session.add(chain)
        contract = create_contract(contract_payload, chain=chain)
        contract.year_in_chain = 2  # the seed is the first renewal of the chain
        created.append(f"contract {contract.title}")
    tender_payload = load_payload("anyang_tender.json")
    if not db.session.scalar(sa.select(Tender.id).where(Tender.title == tender_payload["title"])):
        create_tender(tender_payload)
        created.append(f"tender {tender_payload['title']}")
    for effective_on, percent in DEMO_LPR if lpr_rates else ():
        if not db.session.scalar(sa.select(LprRate.id).where(LprRate.effective_on == effective_on)):
            db.session.add(LprRate(effective_on=effective_on, one_year_percent=percent))
            created.append(f"LPR {percent}% from {effective_on}")
    db.session.flush()
    return created
