"""What the vendor portal, the acceptance review and the deadlines say, in the user's language:
messages for the rule codes of files, acceptance, inspections and staff, and the labels of states."""

from decimal import Decimal

from flask_babel import gettext as _

from contractmgr.formatting import long_date, money
from contractmgr.web.labels import penalty_kind_label  # noqa: F401 — shared label
from contractmgr.web.messages import register_messages

FORMAT_LABELS = {"pdf": "PDF", "docx": "Word (.docx)", "xlsx": "Excel (.xlsx)", "png": "PNG", "jpeg": "JPEG"}

register_messages(
    {
        # files (services/storage.py)
        "file_empty": lambda **p: _("文件「%(name)s」是空的。", **p),
        "file_too_large": lambda **p: _("文件「%(name)s」超过 %(limit_mb)s MB 的上限。", **p),
        "file_format_unsupported": lambda **p: _(
            "文件「%(name)s」的内容不是 PDF、Word (.docx)、Excel (.xlsx)、PNG 或 JPEG；旧版 .doc/.xls 请另存为 .docx/.xlsx 后上传。",
            **p,
        ),
        "file_format_not_allowed": lambda **p: _("此处不接受 %(found)s 文件，只接受：%(allowed)s。", **p),
        "file_format_mismatch": lambda **p: _(
            "文件「%(name)s」的内容是 %(found)s，与文件名不符（应以 %(expected)s 结尾）；请检查是否选错了文件。",
            name=p["name"],
            found=FORMAT_LABELS.get(p["found"], p["found"]),
            expected=p["expected"],
        ),
        # acceptance (services/acceptance.py, domain/acceptance.py)
        "acceptance_scope_unknown": lambda **p: _("没有这一验收范围：%(scope)s。", **p),
        "acceptance_line_waiting_confirmation": lambda **p: _(
            "第 %(seq)s 项尚待采购人和使用单位确认运维开始日期，服务期未定，暂不能提交验收。", **p
        ),
        "acceptance_awaiting_review": lambda **p: _(
            "第 %(attempt)s 次提交仍在等待采购人审核，审核后才能再次提交。", **p
        ),
        "acceptance_already_passed": lambda **p: _("验收已通过，无需再提交。"),
        "acceptance_materials_missing": lambda **p: _(
            "还缺 %(count)s 项必交材料：%(names)s（合同第十一条）。",
            count=len(p["names"]),
            names=_("、").join(p["names"]),
        ),
        "acceptance_decision_unknown": lambda **p: _("审核结论只能是「通过」或「不通过」。"),
        "acceptance_already_decided": lambda **p: _("第 %(attempt)s 次提交已经审核过了。", **p),
        "acceptance_submission_superseded": lambda **p: _("第 %(attempt)s 次提交已被之后的提交取代。", **p),
        "acceptance_failure_needs_reasons": lambda **p: _("不通过时必须写明理由，供应商据此整改。"),
        "acceptance_before_service_end": lambda **p: _(
            "服务期未满，最早可于 %(earliest)s 验收通过（合同第十一条），今天是 %(accepted_on)s。",
            earliest=long_date(p["earliest"]),
            accepted_on=long_date(p["accepted_on"]),
        ),
        "material_name_empty": lambda **p: _("请输入材料名称。"),
        "material_name_taken": lambda **p: _("已有名为「%(name)s」的材料。", **p),
        "material_has_files": lambda **p: _(
            "「%(name)s」已有 %(count)s 个版本，文件不删除；如不再需要，请改为非必交。", **p
        ),
        # inspections (services/inspections.py)
        "inspection_needs_inspector": lambda **p: _("请填写巡检人。"),
        "inspection_in_future": lambda **p: _("巡检日期 %(day)s 晚于今天。", day=long_date(p["day"])),
        "inspection_before_contract": lambda **p: _(
            "巡检日期 %(day)s 早于合同服务期开始（%(start)s）。", day=long_date(p["day"]), start=long_date(p["start"])
        ),
        # staff (services/staffing.py, domain/staffing.py)
        "staff_needs_name": lambda **p: _("请填写人员姓名。"),
        "staff_line_not_in_contract": lambda **p: _("所选项目不属于本合同。"),
        "assignment_ends_before_start": lambda **p: _(
            "%(person)s 的驻场结束日期 %(on_site_to)s 早于开始日期 %(on_site_from)s。",
            person=p["person"],
            on_site_to=long_date(p["on_site_to"]),
            on_site_from=long_date(p["on_site_from"]),
        ),
    }
)

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
        ratio = f"{(Decimal(inputs['ratio']) * 100).normalize():f}%"
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
    return texts[item.kind]()


def due_text(item, today) -> str:
    days = item.days_left(today)
    if item.since:
        return _("自 %(day)s 起等待", day=long_date(item.due_on)) if days < 0 else _("今天起等待")
    if days < 0:
        return _("已逾期 %(days)s 天", days=-days)
    if days == 0:
        return _("今天到期")
    return _("还有 %(days)s 天", days=days)
