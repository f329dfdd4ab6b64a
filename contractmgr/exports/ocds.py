"""A contract as Open Contracting Data Standard (OCDS 1.1) data: a release package with one release.

For the city's data platform and open-data portals. The release describes the contracting
process (招标 → 中标 → 合同) as it stands now:

- `ocid`: `<prefix>-<renewal chain id>`. The contracting process is the award and its renewals
  (续签): a renewal is another contract of the same process, so every contract of a chain shares
  the ocid and each release carries its own contract (ids `contract-<id>`), which merge into one
  compiled record. The prefix is `OCDS_OCID_PREFIX` (env, default the placeholder `ocds-xxxxxx`);
  a publisher registers its own six-character prefix with the Open Contracting Partnership.
- `parties`: the purchaser (buyer, procuringEntity, payer), the vendor (supplier, payee) and the
  user units of the lines (使用单位) with the role `userUnit` — partyRole is an open codelist and
  none of its codes says "the unit the service is for". One party per organisation name.
- `tender`: the procurement (招标采购文件编号 as its id when known), services, complete.
- `awards`: one, with the chain's original award amount (原中标金额) and the supplier.
- `contracts`: this contract — period, value (the signed total plus its supplements), one item per
  line item (id = 序号, the line amount as the unit value), a `financing` milestone per payment
  milestone (met, partly met or scheduled by the payments made), the payments made as
  `implementation.transactions`, and one `amendment` per supplementary contract.
- Dates are dates in China: a date becomes its first moment (T00:00:00+08:00); a period's end
  its last second.

Money: OCDS wants `Value.amount` as a JSON number. Amounts stay `Decimal` here and `dumps` writes
them as number literals with exactly two decimals (8271400.00) — no float ever holds them, so no
binary rounding can creep in; a reader that parses numbers as decimals gets the fen exactly.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa

from contractmgr import clock
from contractmgr.domain.caps import net_change
from contractmgr.domain.money import format_plain, to_fen
from contractmgr.domain.status import contract_status
from contractmgr.exports.supplement_docx import total_with_supplements
from contractmgr.extensions import db
from contractmgr.models import AuditEntry, Contract, Organisation, Payment, SupplementaryContract
from contractmgr.services.calendar import working_calendar

OCDS_VERSION = "1.1"
DEFAULT_OCID_PREFIX = "ocds-xxxxxx"
CURRENCY = "CNY"
CHINA_OFFSET = "+08:00"

#: our contract status → OCDS contractStatus
CONTRACT_STATUS = {"upcoming": "active", "active": "active", "ended": "terminated", "terminated": "terminated"}


def ocid(contract: Contract, prefix: str = DEFAULT_OCID_PREFIX) -> str:
    return f"{prefix}-{contract.chain_id}"


def release_package(
    contract: Contract,
    *,
    uri: str,
    ocid_prefix: str = DEFAULT_OCID_PREFIX,
    publisher: str | None = None,
    license_url: str | None = None,
    today: date | None = None,
) -> dict:
    """The OCDS release package of `contract`, money as Decimal (write it with `dumps`).

    `uri` is where the package is served; `publisher` defaults to the purchaser's name.
    `publishedDate` and the release's date are the contract's last recorded change (audit log),
    so the same data gives the same package and a change gives a new release id."""
    changed_at = last_change(contract)
    package = {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": _timestamp(changed_at),
        "publisher": {"name": publisher or contract.purchaser.name},
        "releases": [release(contract, ocid_prefix, changed_at, today or clock.today())],
    }
    if license_url:
        package["license"] = license_url
    return package


def last_change(contract: Contract) -> datetime:
    """When anything of the contract last changed: the newest audit entry, else its creation."""
    latest = db.session.scalar(sa.select(sa.func.max(AuditEntry.at)).where(AuditEntry.contract_id == contract.id))
    return max(filter(None, (latest, contract.created_at)))


def release(contract: Contract, ocid_prefix: str, changed_at: datetime, today: date) -> dict:
    process = ocid(contract, ocid_prefix)
    parties = _Parties(contract)
    tags = ["contract"]
    if contract.supplements:
        tags.append("contractAmendment")
    payments = [payment for milestone in contract.milestones for payment in milestone.payments]
    if payments:
        tags.append("implementation")
    award_id = f"{process}-award"
    return {
        "ocid": process,
        "id": f"{process}-contract-{contract.id}-{changed_at:%Y%m%dT%H%M%S.%f}",
        "date": _timestamp(changed_at),
        "tag": tags,
        "initiationType": "tender",
        "language": "zh",
        "parties": parties.all(),
        "buyer": parties.reference(contract.purchaser),
        "tender": _tender(contract, process, parties),
        "awards": [
            {
                "id": award_id,
                "title": contract.chain.title,
                "status": "active",
                "value": _value(contract.chain.original_award_amount),
                "suppliers": [parties.reference(contract.vendor)],
            }
        ],
        "contracts": [_contract(contract, award_id, parties, payments, today)],
    }


def _tender(contract: Contract, process: str, parties: _Parties) -> dict:
    tender = {
        "id": contract.procurement_number or f"{process}-tender",
        "title": contract.tender.title if contract.tender else contract.chain.title,
        "status": "complete",
        "procuringEntity": parties.reference(contract.purchaser),
        "mainProcurementCategory": "services",
    }
    if contract.tender and contract.tender.budget_amount is not None:
        tender["value"] = _value(contract.tender.budget_amount)
    return tender


def _contract(contract: Contract, award_id: str, parties: _Parties, payments: list[Payment], today: date) -> dict:
    status = contract_status(contract.start_on, contract.end_on, today, contract.terminated_on)
    data = {
        "id": f"contract-{contract.id}",
        "awardID": award_id,
        "title": contract.title,
        "description": _description(contract),
        "status": CONTRACT_STATUS[status] if contract.signed_on or status != "upcoming" else "pending",
        "period": {"startDate": _start_of(contract.start_on), "endDate": _end_of(contract.end_on)},
        "value": _value(total_with_supplements(contract)),
        "items": [_item(line) for line in contract.lines],
        "milestones": [_milestone(milestone) for milestone in contract.milestones],
    }
    if contract.signed_on:
        data["dateSigned"] = _start_of(contract.signed_on)
    if payments:
        data["implementation"] = {
            "transactions": [
                {
                    "id": f"payment-{payment.id}",
                    "date": _start_of(payment.paid_on),
                    "value": _value(payment.amount),
                    "payer": parties.reference(contract.purchaser),
                    "payee": parties.reference(contract.vendor),
                }
                for payment in sorted(payments, key=lambda p: (p.paid_on, p.id))
            ]
        }
    if contract.supplements:
        data["amendments"] = [_amendment(supplement) for supplement in contract.supplements]
    return data


def _description(contract: Contract) -> str:
    text = f"服务期第{contract.year_in_chain}年"
    if contract.renews_id:
        text += "（续签）"
    if contract.filing_number:
        text += f"；政府采购管理部门备案编号：{contract.filing_number}"
    return text


def _item(line) -> dict:
    item = {
        "id": str(line.seq),
        "description": f"{line.unit.name}：{line.name}",
        "quantity": 1,
        "unit": {"name": "项"},
    }
    if line.amount is not None:
        item["unit"]["value"] = _value(line.amount)
    return item


def _milestone(milestone) -> dict:
    paid = sum((payment.amount for payment in milestone.payments), Decimal("0.00"))
    status = "met" if paid >= milestone.amount else "partiallyMet" if paid else "scheduled"
    ratio = (milestone.ratio * 100).normalize()
    data = {
        "id": f"payment-milestone-{milestone.seq}",
        "title": f"第{milestone.seq}笔付款（合同总额的{ratio:f}%）",
        "type": "financing",
        "description": (
            f"金额¥{format_plain(milestone.amount)}元；{milestone.trigger}；"
            f"{milestone.due_working_days}个工作日内支付（合同第七条）"
        ),
        "status": status,
    }
    if milestone.clock_started_on:
        due = working_calendar().add_working_days(milestone.clock_started_on, milestone.due_working_days)
        data["dueDate"] = _end_of(due.on)
        if due.provisional:
            years = "、".join(map(str, due.unknown_years))
            data["description"] += f"；到期日为暂定（{years}年节假日安排尚未录入）"
    if status == "met":
        data["dateMet"] = _start_of(max(payment.paid_on for payment in milestone.payments))
    return data


def _amendment(supplement: SupplementaryContract) -> dict:
    changes = []
    for change in supplement.changes:
        where = f"第{change.line_item.seq}项" if change.line_item else "新增"
        before = format_plain(change.amount_before) if change.amount_before is not None else "—"
        difference = net_change([(change.amount_before, change.amount_after)])
        changes.append(
            f"{where}{change.name}：{before}→{format_plain(change.amount_after)}"
            f"（{'+' if difference > 0 else ''}{format_plain(difference)}）"
        )
    description = f"第{supplement.seq}号补充合同：增加服务费用¥{format_plain(supplement.increase_amount)}元"
    if changes:
        description += "；" + "；".join(changes)
    amendment = {
        "id": f"supplement-{supplement.seq}",
        "rationale": supplement.reason or None,
        "description": description,
    }
    amendment["date"] = _start_of(supplement.signed_on) if supplement.signed_on else _timestamp(supplement.created_at)
    return amendment


class _Parties:
    """The organisations of the release, one party per name, with all the roles that name plays."""

    def __init__(self, contract: Contract):
        self._parties: dict[str, dict] = {}
        self._add(contract.purchaser, ("buyer", "procuringEntity", "payer"))
        self._add(contract.vendor, ("supplier", "payee"))
        for line in contract.lines:
            self._add(line.unit, ("userUnit",))

    def _add(self, organisation: Organisation, roles: tuple[str, ...]) -> None:
        party = self._parties.setdefault(
            organisation.name, {"id": f"org-{organisation.id}", "name": organisation.name, "roles": []}
        )
        party["roles"] += [role for role in roles if role not in party["roles"]]

    def reference(self, organisation: Organisation) -> dict:
        party = self._parties[organisation.name]
        return {"id": party["id"], "name": party["name"]}

    def all(self) -> list[dict]:
        return list(self._parties.values())


def _value(amount: Decimal) -> dict:
    return {"amount": to_fen(amount), "currency": CURRENCY}


def _start_of(day: date) -> str:
    return f"{day.isoformat()}T00:00:00{CHINA_OFFSET}"


def _end_of(day: date) -> str:
    return f"{day.isoformat()}T23:59:59{CHINA_OFFSET}"


def _timestamp(moment: datetime) -> str:
    """A stored timestamp (naive UTC) in RFC 3339."""
    return f"{moment.replace(microsecond=0).isoformat()}Z"


# -- JSON with exact money --------------------------------------------------------------------


def dumps(value, indent: int | None = None) -> str:
    """JSON text of `value` where every Decimal is a number literal written exactly (8271400.00).

    The standard library turns a Decimal into a string or, through float, into a binary
    approximation; this writes the digits the Decimal holds. Strings stay readable Chinese."""
    return "".join(_encode(value, indent, 0))


def _encode(value, indent: int | None, depth: int):
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a JSON number: {value}")
        yield f"{value:f}"
    elif isinstance(value, float):
        raise TypeError("money and numbers in OCDS data are Decimal or int, never float")
    elif isinstance(value, dict):
        yield from _container(
            "{", "}", [(json.dumps(str(k), ensure_ascii=False) + ": ", v) for k, v in value.items()], indent, depth
        )
    elif isinstance(value, (list, tuple)):
        yield from _container("[", "]", [("", v) for v in value], indent, depth)
    else:
        yield json.dumps(value, ensure_ascii=False)


def _container(open_, close, members, indent, depth):
    if not members:
        yield open_ + close
        return
    inner = "\n" + " " * (indent * (depth + 1)) if indent is not None else ""
    outer = "\n" + " " * (indent * depth) if indent is not None else ""
    yield open_
    for index, (prefix, member) in enumerate(members):
        yield ("," if index else "") + inner + prefix
        yield from _encode(member, indent, depth + 1)
    yield outer + close
