"""What the deadlines page, the calendar feed and the reminders say: one line per deadline, how far away it
is, and the page where it is acted on."""

from flask import url_for

from contractmgr.formatting import gettext as _
from contractmgr.formatting import long_date, money
from contractmgr.texts.statutory import statutory_text


def deadline_text(item) -> str:
    """One line of the deadlines list (and the calendar event's title)."""
    p = item.params
    texts = {
        "acceptance_submission": lambda: (
            _("提交验收材料（第 %(seq)s 项单独服务期）", seq=p["seq"]) if p["seq"] else _("提交验收材料")
        ),
        "acceptance_rework": lambda: (
            _("整改后重新提交验收（第 %(attempt)s 次，第 %(seq)s 项）", **p)
            if p["seq"]
            else _("整改后重新提交验收（第 %(attempt)s 次）", attempt=p["attempt"])
        ),
        "local_office": lambda: _("设立本地化服务机构（中标后一周内，招标文件 六）"),
        "acceptance_review": lambda: (
            _("审核验收材料（第 %(attempt)s 次提交，第 %(seq)s 项）", **{k: p[k] for k in ("attempt", "seq")})
            if p["seq"]
            else _("审核验收材料（第 %(attempt)s 次提交）", attempt=p["attempt"])
        ),
        "line_confirmation": lambda: _("确认第 %(seq)s 项运维开始日期：%(name)s", **p),
        "renewal_decision": lambda: _(
            "决定是否续签第 %(year)s 年（总服务周期至迟 %(limit)s）", year=p["year"], limit=long_date(p["limit"])
        ),
        "milestone_payment": lambda: _("支付第 %(seq)s 笔款 %(amount)s", seq=p["seq"], amount=money(p["outstanding"])),
    }
    if item.kind.startswith("statutory_"):
        return statutory_text(item.kind.removeprefix("statutory_"), p["clause"])
    return texts[item.kind]()


def due_text(item, today) -> str:
    days = item.days_left(today)
    if item.waiting:
        return _("等待条件")
    if item.since:
        return _("自 %(day)s 起等待", day=long_date(item.due_on)) if days < 0 else _("今天起等待")
    if days < 0:
        return _("已逾期 %(days)s 天", days=-days)
    if days == 0:
        return _("今天到期")
    return _("还有 %(days)s 天", days=days)


def contract_numbers(contract) -> str:
    """The numbers that tell a contract apart from others of its name: ours, the 备案编号, the chain's year."""
    parts = [_("合同编号 %(number)s", number=contract.record_number)]
    if contract.filing_number:
        parts.append(_("备案编号 %(number)s", number=contract.filing_number))
    if contract.year_in_chain:
        parts.append(_("第 %(year)s 年", year=contract.year_in_chain))
    return _("，").join(parts)


def deadline_link(item) -> str:
    """Where to act on an item: the page of the user's side that deals with it."""
    contract_id = item.contract.id
    if item.kind in ("acceptance_submission", "acceptance_rework"):
        return url_for("vendor.acceptance_page", contract_id=contract_id, _anchor="submit")
    if item.kind == "acceptance_review":
        return url_for(
            "acceptance.acceptance_page", contract_id=contract_id, _anchor=f"review-{item.params['submission_id']}"
        )
    if item.kind == "line_confirmation":
        return url_for("contracts.show", contract_id=contract_id, _anchor=f"line-{item.params['seq']}")
    return url_for("contracts.show", contract_id=contract_id)
