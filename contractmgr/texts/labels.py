"""Labels every area shows the same way: contract states, roles, how a line's period is counted,
penalty kinds and the evaluation basis; and the contract's figures that help texts quote."""

from flask_babel import lazy_gettext as _l

from contractmgr.domain.acceptance import REWORK_WORKING_DAYS, SUBMISSION_WORKING_DAYS
from contractmgr.domain.penalties import (
    ACCEPTANCE_FAILED_AGAIN,
    ACCEPTANCE_FAILED_FIRST,
    LATE_DELIVERY_RATE_CAP,
    LATE_DELIVERY_RATE_PER_DAY,
    LATE_DELIVERY_TERMINATION_AFTER_DAYS,
)
from contractmgr.formatting import gettext as _
from contractmgr.formatting import percent

STATUS_LABELS = {
    "upcoming": lambda: _("未开始"),
    "active": lambda: _("履行中"),
    "ended": lambda: _("已到期"),
    "terminated": lambda: _("已解除"),
}

#: lazy: the user form's role choices are built when forms/admin.py is imported, before any request
ROLE_LABELS = {
    "procurement": _l("采购经办人"),
    "finance": _l("财务"),
    "vendor": _l("供应商"),
    "admin": _l("系统管理员"),
}

BASIS_LABELS = {
    "contract": lambda: _("同合同服务期"),
    "own_start": lambda: _("本项自定起始日"),
    "confirmed": lambda: _("自确认之日起"),
    "waiting_confirmation": lambda: _("等待确认运维开始日期"),
}

PENALTY_KINDS = {
    "late_delivery": lambda: _("逾期交付违约金"),
    "acceptance_failed": lambda: _("验收不合格违约金"),
    "acceptance_failed_again": lambda: _("整改后验收仍不合格违约金"),
    "evaluation": lambda: _("考评扣款"),
    "other": lambda: _("其他违约金"),
}
EVALUATION_BASES = {"from_100": lambda: _("自 100 分起算"), "from_90": lambda: _("自 90 分起算")}


def status_label(status: str) -> str:
    return STATUS_LABELS[status]()


def role_label(role: str) -> str:
    return str(ROLE_LABELS[role])


def basis_label(basis: str) -> str:
    return BASIS_LABELS[basis]()


def penalty_kind_label(kind: str) -> str:
    return PENALTY_KINDS.get(kind, PENALTY_KINDS["other"])()


def evaluation_basis_label(basis: str) -> str:
    return EVALUATION_BASES[basis]() if basis in EVALUATION_BASES else basis


def clause_figures() -> dict[str, object]:
    """The figures of contract 第十一条 and 第十三条 as help texts quote them, from the domain's rules:
    working days as numbers, rates as percentages (15, 1%, 10%, 5%)."""
    return dict(
        submission_days=SUBMISSION_WORKING_DAYS,
        rework_days=REWORK_WORKING_DAYS,
        late_rate=percent(LATE_DELIVERY_RATE_PER_DAY),
        late_cap=percent(LATE_DELIVERY_RATE_CAP),
        late_terminate_after=LATE_DELIVERY_TERMINATION_AFTER_DAYS,
        failed_first=percent(ACCEPTANCE_FAILED_FIRST),
        failed_again=percent(ACCEPTANCE_FAILED_AGAIN),
    )
