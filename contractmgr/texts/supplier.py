"""What the vendor portal and the acceptance review say, in the user's language: the labels of
acceptance states, decisions and penalties, and how a penalty's amount was found."""

from decimal import Decimal

from contractmgr.formatting import gettext as _
from contractmgr.formatting import money, percent

FORMAT_LABELS = {"pdf": "PDF", "docx": "Word (.docx)", "xlsx": "Excel (.xlsx)", "png": "PNG", "jpeg": "JPEG"}


SCOPE_STATES = {
    "waiting_confirmation": lambda: _("等待确认运维开始日期"),
    "open": lambda: _("待提交"),
    "under_review": lambda: _("待审核"),
    "rework": lambda: _("整改中"),
    "passed": lambda: _("验收通过"),
}

PENALTY_STATUSES = {
    "proposed": lambda: _("待采购人确认"),
    "confirmed": lambda: _("已确认"),
    "waived": lambda: _("已免除"),
}


def scope_state_label(state: str) -> str:
    return SCOPE_STATES[state]()


def scope_label(scope) -> str:
    if scope.line is None:
        return _("合同整体")
    return _("第 %(seq)s 项 %(name)s（单独服务期）", seq=scope.line.seq, name=scope.line.name)


def decision_label(decision: str | None) -> str:
    return {"pass": _("通过"), "fail": _("不通过"), None: _("待审核")}[decision]


def penalty_status_label(status: str) -> str:
    return PENALTY_STATUSES[status]()


def penalty_basis_text(penalty) -> str:
    """How the amount was found, from the inputs the proposal recorded."""
    inputs = penalty.inputs or {}
    try:
        total = money(Decimal(inputs["total"]))
        ratio = percent(Decimal(inputs["ratio"]))
    except (KeyError, ArithmeticError, ValueError):
        return ""
    if penalty.kind == "late_delivery":
        return _(
            "逾期 %(days)s 天（期限 %(deadline)s）：%(total)s × %(ratio)s",
            days=inputs.get("days"),
            deadline=inputs.get("deadline", "—"),
            total=total,
            ratio=ratio,
        )
    if penalty.kind in ("acceptance_failed", "acceptance_failed_again"):
        return _(
            "第 %(attempt)s 次验收不合格：%(total)s × %(ratio)s",
            attempt=inputs.get("attempt"),
            total=total,
            ratio=ratio,
        )
    return _("%(total)s × %(ratio)s", total=total, ratio=ratio)


def uploaded_versions_text(versions) -> str:
    """The notice after several materials were uploaded at once: each material with its new version."""
    return _(
        "已上传 %(count)s 个文件：%(names)s。",
        count=len(versions),
        names=_("、").join(
            _("「%(name)s」第 %(version)s 版", name=v.material.name, version=v.version) for v in versions
        ),
    )
