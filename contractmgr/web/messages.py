"""User-facing sentences for the stable codes that the domain, the services and the importer use."""

from flask_babel import gettext as _

from contractmgr.formatting import long_date, money

STATUS_LABELS = {
    "upcoming": lambda: _("未开始"),
    "active": lambda: _("履行中"),
    "ended": lambda: _("已到期"),
    "terminated": lambda: _("已解除"),
}


def status_label(status: str) -> str:
    return STATUS_LABELS[status]()


#: code → function(params) giving the message; each feature registers its codes with `register_messages`
_MESSAGES: dict = {}


def register_messages(messages: dict) -> None:
    """Add messages for stable codes: {code: lambda **params: _("…%(x)s…", **params)}."""
    _MESSAGES.update(messages)


def explain(code: str, **params) -> str:
    """The message for a notice, warning or rule code, in the user's language."""
    if code in _MESSAGES:
        return _MESSAGES[code](**params)
    if code == "total_mismatch":
        return _("各行金额合计与合同总金额不符，相差 %(difference)s。", difference=money(params["difference"]))
    if code == "lines_waiting_confirmation":
        return _("第 %(seqs)s 项等待采购人和使用单位确认运维开始日期。", seqs=_("、").join(map(str, params["seqs"])))
    if code == "line_after_contract_end":
        return _(
            "第 %(seq)s 项服务期至 %(end)s，晚于合同期满 %(days)s 天。",
            seq=params["seq"],
            end=long_date(params["end"]),
            days=params["days"],
        )
    if code == "staff_asked_below_minimum":
        return _("各项目要求的驻场人数合计少于合同承诺的 %(minimum)s 人。", minimum=params["minimum"])
    return _("规则检查未通过：%(code)s", code=code)


def role_label(role: str) -> str:
    from forms.admin import ROLE_LABELS

    return str(ROLE_LABELS[role])


BASIS_LABELS = {
    "contract": lambda: _("同合同服务期"),
    "own_start": lambda: _("本项自定起始日"),
    "confirmed": lambda: _("自确认之日起"),
    "waiting_confirmation": lambda: _("等待确认运维开始日期"),
}


def basis_label(basis: str) -> str:
    return BASIS_LABELS[basis]()
