"""What finance's pages and exports say about the schedule, in the user's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from contractmgr.formatting import gettext as _
from contractmgr.formatting import long_date, money

if TYPE_CHECKING:
    from contractmgr.services.schedule import MilestoneView

CLOCK_EVENTS = {
    "contract_signed": lambda: _("合同签订（生效）"),
    "acceptance_and_invoice": lambda: _("验收合格且采购人收到发票"),
    "recorded": lambda: _("财务登记的计时起点"),
}

CLOCK_SOURCES = {
    "recorded": lambda: _("财务登记"),
    "signed_on": lambda: _("合同签订日期"),
    "conditions": lambda: _("按验收报告和发票日期"),
}

STATUS_KINDS = {
    "waiting": lambda: _("等待条件"),
    "due": lambda: _("待支付"),
    "overdue": lambda: _("逾期"),
    "partly_paid": lambda: _("部分支付"),
    "paid": lambda: _("已支付"),
}


def rate_percent(rate) -> str:
    """An LPR in percent with two decimals, or three when the third is not zero: 3.00, 3.125."""
    text = f"{rate:.3f}"
    return text[:-1] if text.endswith("0") else text


def clock_event_label(event: str) -> str:
    return CLOCK_EVENTS[event]()


def clock_source_label(source: str | None) -> str:
    return CLOCK_SOURCES[source]() if source else _("尚未确定")


def status_kind_label(kind: str) -> str:
    return STATUS_KINDS[kind]()


def provisional_text(years) -> str:
    return _(
        "暂定：%(years)s 年的官方节假日安排尚未录入，按周一至周五推算；管理员录入后自动更正。",
        years=_("、").join(str(y) for y in years),
    )


def status_text(view: MilestoneView) -> str:
    """等待… / 应于…支付 / 逾期N个工作日 / 已支付, with what is paid and owed and any doubt about the date."""
    status = view.status
    if status.kind == "paid":
        if view.netted.net == 0 and status.paid == 0:
            return _("全额抵扣，无需支付")
        return _("已支付")
    parts = []
    if status.kind == "partly_paid":
        parts.append(
            _("已支付%(paid)s，尚欠%(outstanding)s", paid=money(status.paid), outstanding=money(status.outstanding))
        )
    if not view.conditions_met or view.due is None:
        waiting = [condition_label(c.condition) for c in view.missing]
        # Milestone 2's clock starts from its own conditions: naming it as well would say it twice.
        if view.clock.on is None and not (view.clock.event == "acceptance_and_invoice" and waiting):
            waiting.insert(0, _("计时起点（%(event)s）", event=clock_event_label(view.clock.event)))
        text = _("等待%(what)s", what=_("、").join(waiting))
        if view.due is not None:
            text += _("（付款期限 %(due)s）", due=long_date(view.due.on))
        parts.append(text)
    elif status.is_overdue:
        parts.append(
            _("逾期%(days)s个工作日（应于%(due)s支付）", days=status.overdue_working_days, due=long_date(view.due.on))
        )
    else:
        parts.append(_("应于%(due)s支付", due=long_date(view.due.on)))
    text = _("；").join(parts)
    return text + _("（暂定）") if status.provisional else text


#: the conditions contracts state (services.contracts.MILESTONE_CONDITIONS), in the user's language; a condition an
#: officer typed in other words is shown as typed
CONDITION_LABELS = {
    "采购人确认的发票": lambda: _("采购人确认的发票"),
    "各项目巡检报告": lambda: _("各项目巡检报告"),
    "双方签字的验收报告": lambda: _("双方签字的验收报告"),
}


def condition_label(condition) -> str:
    return CONDITION_LABELS.get(condition.label, lambda: condition.label)()
