"""What the officer's pages say: readable labels for penalty states and inputs, and for the tables
and fields of the audit trail."""

import ast
import json
from datetime import date, datetime
from decimal import Decimal

from flask_babel import pgettext

from contractmgr.formatting import datetime_text, long_date, money, number, percent
from contractmgr.formatting import gettext as _
from contractmgr.texts.labels import evaluation_basis_label, penalty_kind_label, role_label

PENALTY_STATUS_LABELS = {
    "proposed": lambda: _("待确认"),
    "confirmed": lambda: _("已确认"),
    "waived": lambda: _("已免除"),
}
INPUT_LABELS = {
    "total": lambda: _("合同总价"),
    "days": lambda: _("逾期天数"),
    "ratio": lambda: _("比例"),
    "attempt": lambda: _("验收次数"),
    "score": lambda: _("考评得分"),
    "basis": lambda: _("扣分口径"),
    "points_deducted": lambda: _("扣分"),
    "overdue_amount": lambda: _("逾期金额"),
    "annual_rate_percent": lambda: _("年利率（%）"),
    "day_basis": lambda: _("计息天数基准"),
    "deadline": lambda: _("提交期限"),
    "submitted_on": lambda: _("提交日期"),
    "failed_on": lambda: _("不合格结论日期"),
    "scope": lambda: _("验收范围"),
    "rework_deadline": lambda: _("整改期限"),
}
#: inputs that hold a day (ISO text in the JSON)
_DATE_INPUTS = {"deadline", "submitted_on", "failed_on", "rework_deadline"}


def penalty_status_label(status: str) -> str:
    return PENALTY_STATUS_LABELS.get(status, lambda: status)()


def penalty_inputs(inputs: dict) -> list[tuple[str, str]]:
    """The inputs of a penalty as (label, value) pairs a person reads: money formatted, ratios in %."""
    shown = []
    for key, value in (inputs or {}).items():
        if key in ("total", "overdue_amount"):
            value = money(value)
        elif key == "ratio":
            value = percent(Decimal(value))
        elif key == "basis":
            value = evaluation_basis_label(value)
        elif key in _DATE_INPUTS:
            value = _day(value)
        elif key == "scope":
            value = scope_key_label(value)
        elif key == "segments":
            continue
        shown.append((INPUT_LABELS.get(key, lambda k=key: k)(), str(value)))
    return shown


def scope_key_label(key: str) -> str:
    """An acceptance scope's key ("contract", "line-35") in words."""
    if key.startswith("line-"):
        return _("第 %(seq)s 项", seq=key.removeprefix("line-"))
    return _("合同整体")


def _day(value: object) -> str:
    try:
        return long_date(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


# --- the audit trail ------------------------------------------------------------------------------

ENTITY_LABELS = {
    "contracts": lambda: _("合同"),
    "line_items": lambda: _("运维项目"),
    "renewal_chains": lambda: _("续签链"),
    "supplementary_contracts": lambda: _("补充合同"),
    "supplement_lines": lambda: _("补充合同变更项"),
    "payment_milestones": lambda: _("付款节点"),
    "milestone_conditions": lambda: _("付款条件"),
    "payments": lambda: _("付款"),
    "evaluations": lambda: _("考评"),
    "penalties": lambda: _("违约金"),
    "acceptance_materials": lambda: _("验收材料"),
    "material_files": lambda: _("验收材料文件"),
    "acceptance_submissions": lambda: _("验收提交"),
    "staff_assignments": lambda: _("驻场人员"),
    "inspections": lambda: _("巡检记录"),
    "tenders": lambda: _("招标项目"),
    "tender_items": lambda: _("招标运维项目"),
    "tender_lots": lambda: _("招标包"),
    "users": lambda: _("用户"),
    "organisations": lambda: _("单位"),
    "lpr_rates": lambda: _("贷款市场报价利率"),
    "holiday_overrides": lambda: _("节假日调整"),
    "calendar_years": lambda: _("工作日历年度"),
    "import_records": lambda: _("导入记录"),
}
FIELD_LABELS = {
    "title": lambda: _("项目名称"),
    "procurement_number": lambda: _("招标采购文件编号"),
    "filing_number": lambda: _("备案编号"),
    "purchaser_id": lambda: _("甲方"),
    "vendor_id": lambda: _("乙方"),
    "total_amount": lambda: _("合同总金额"),
    "signed_on": lambda: _("签订日期"),
    "start_on": lambda: _("起始日"),
    "end_on": lambda: _("终止日"),
    "min_onsite_staff": lambda: _("承诺驻场人员"),
    "evaluation_basis": lambda: _("考评扣分口径"),
    "terminated_on": lambda: _("解除日期"),
    "seq": lambda: _("序号"),
    "seq_label": lambda: _("原文序号"),
    "parent_label": lambda: _("上级序号"),
    "lot_no": lambda: _("包号"),
    "award_notice_import_id": lambda: _("中标公告导入记录"),
    "lot_name": lambda: _("包名称"),
    "tender_lot_id": lambda: _("所属包"),
    "unit_id": lambda: _("服务单位"),
    "name": lambda: _("名称"),
    "amount": lambda: _("金额"),
    "term_months": lambda: _("服务期限（月）"),
    "start_on_confirmation": lambda: _("确认后开始"),
    "confirmed_on": lambda: _("确认运维开始日期"),
    "onsite_staff": lambda: _("驻场人数"),
    "inspection_cycle": lambda: _("巡检周期"),
    "content": lambda: _("运维内容及目标"),
    "status": lambda: _("状态"),
    "waive_reason": lambda: _("免除理由"),
    "voided_at": lambda: _("作废时间"),
    "voided_by_id": lambda: _("作废人"),
    "void_reason": lambda: _("作废理由"),
    "superseded_at": lambda: _("被替代时间"),
    "milestone_id": lambda: _("抵扣节点"),
    "decided_by_id": lambda: _("处理人"),
    "decided_at": lambda: _("处理时间"),
    "increase_amount": lambda: _("增加金额"),
    "reason": lambda: _("事由"),
    "score": lambda: _("考评得分"),
    "started_on": lambda: _("续签链起始日"),
    "original_award_amount": lambda: _("原中标金额"),
    # the other columns of the audited tables (tests/test_audit_labels.py checks that every one has a label)
    "id": lambda: _("编号"),
    "contract_id": lambda: _("合同"),
    "supplement_id": lambda: _("补充合同"),
    "line_item_id": lambda: _("运维项目"),
    "unit_name": lambda: _("服务单位"),
    "amount_before": lambda: _("变更前金额"),
    "amount_after": lambda: _("变更后金额"),
    "chain_id": lambda: _("续签链"),
    "year_in_chain": lambda: _("续签年度"),
    "renews_id": lambda: _("续签自合同"),
    "tender_id": lambda: _("招标项目"),
    "total_amount_upper": lambda: _("合同总金额（大写）"),
    "evaluation_deduction_ratio": lambda: _("每扣 1 分扣减比例"),
    "interest_day_basis": lambda: _("计息天数基准"),
    "import_record_id": lambda: _("导入记录"),
    "created_at": lambda: _("创建时间"),
    "service_start_on": lambda: _("服务起始日"),
    "service_end_on": lambda: _("服务终止日"),
    "evaluation_full_min_score": lambda: _("考评满额付款最低分"),
    "evaluation_termination_below": lambda: _("考评解除合同分数线"),
    "budget_amount": lambda: _("预算金额"),
    "username": lambda: _("用户名"),
    "display_name": lambda: _("姓名"),
    "role": lambda: _("角色"),
    "is_active_user": lambda: _("启用"),
    "must_change_password": lambda: _("下次登录须修改密码"),
    "api_tokens": lambda: _("有效 API 令牌"),
    "locale": lambda: _("界面语言"),
    "email": lambda: _("电子邮箱"),
    "reminder_opt_outs": lambda: _("不接收的提醒类别"),
    "kind": lambda: _("类别"),
    "is_sme": lambda: _("中小企业"),
    "inspected_on": lambda: _("巡检日期"),
    "inspector": lambda: _("巡检人"),
    "findings": lambda: _("巡检发现"),
    "stored_file_id": lambda: _("文件"),
    "recorded_by_id": lambda: _("记录人"),
    "max_years": lambda: _("最长年限"),
    "change_cap_ratio": lambda: _("补充合同上限比例"),
    "note": lambda: _("备注"),
    "material_id": lambda: _("验收材料"),
    "version": lambda: _("版本"),
    "uploaded_by_id": lambda: _("上传人"),
    "uploaded_at": lambda: _("上传时间"),
    "effective_on": lambda: _("生效日期"),
    "one_year_percent": lambda: _("一年期利率（%）"),
    "required": lambda: _("必交"),
    "position": lambda: _("排序"),
    "requirements": lambda: _("服务要求"),
    "service_hours": lambda: _("服务时间"),
    "response_hours": lambda: _("响应时限（小时）"),
    "onsite_hours": lambda: _("到场时限（小时）"),
    "recovery_hours": lambda: _("恢复时限（小时）"),
    "paid_on": lambda: _("付款日期"),
    "voucher_number": lambda: _("凭证号"),
    "attempt": lambda: _("验收次数"),
    "submitted_on": lambda: _("提交日期"),
    "submitted_by_id": lambda: _("提交人"),
    "deadline_on": lambda: _("提交期限"),
    "late": lambda: _("逾期"),
    "decision": lambda: _("验收结论"),
    "reasons": lambda: _("不合格理由"),
    "ratio": lambda: _("比例"),
    "due_working_days": lambda: _("付款期限（工作日）"),
    "trigger": lambda: _("付款条件说明"),
    "clock_started_on": lambda: _("起算日"),
    "clause": lambda: _("依据条款"),
    "inputs": lambda: _("计算依据"),
    "may_terminate": lambda: _("可解除合同"),
    "evaluation_id": lambda: _("考评"),
    "submission_id": lambda: _("验收提交"),
    "proposed_by_id": lambda: _("提出人"),
    "person_name": lambda: _("姓名"),
    "staff_role": lambda: _("岗位"),
    "id_last4": lambda: _("证件号后四位"),
    "on_site_from": lambda: _("驻场开始"),
    "on_site_to": lambda: _("驻场结束"),
    "roster_file_id": lambda: _("导入的人员名单文件"),
    "day": lambda: _("日期"),
    "label": lambda: _("条件"),
    "met_on": lambda: _("满足日期"),
    "met_by_id": lambda: _("确认人"),
    "met_at": lambda: _("确认时间"),
    "filename": lambda: _("文件名"),
    "sha256": lambda: _("文件摘要（SHA-256）"),
    "payload": lambda: _("识别内容"),
    "draft": lambda: _("核对草稿"),
    "draft_saved_at": lambda: _("草稿保存时间"),
    "created_by_id": lambda: _("创建人"),
    "confirmed_at": lambda: _("确认时间"),
    "year": lambda: _("年度"),
    "entered_by_id": lambda: _("录入人"),
    "entered_at": lambda: _("录入时间"),
    "evaluated_on": lambda: _("考评日期"),
    "period_start_on": lambda: _("考评期起"),
    "period_end_on": lambda: _("考评期止"),
    "award_notice_on": lambda: _("中标（成交）通知书发出日期"),
    "published_on": lambda: _("合同公告日期"),
    "publication_url": lambda: _("合同公告链接"),
    "filed_on": lambda: _("备案日期"),
    "sme_payment_days": lambda: _("约定付款期限（日）"),
    "acceptance_period_end_on": lambda: _("约定验收期限届满日"),
    "delivered_on": lambda: _("交付日期"),
    "sme_industry": lambda: _("划分行业"),
    "finance_submitted_on": lambda: _("向财政部门提交付款申请日期"),
    "finance_submission_file_id": lambda: _("付款申请提交凭证"),
    "late_interest_rule": lambda: _("逾期付款利息规则"),
    "past_limit_reason": lambda: _("超出续签上限的理由"),
    "known_loss_amount": lambda: _("已知损失金额"),
    "password_hash": lambda: _("密码"),
    "calendar_token_digest": lambda: _("日历订阅链接"),
}
#: stored codes shown as words, by field
VALUE_LABELS = {
    "status": {
        "proposed": lambda: _("待确认"),
        "confirmed": lambda: _("已确认"),
        "waived": lambda: _("已免除"),
        "review": lambda: _("待审核"),
        "discarded": lambda: _("已放弃"),
    },
    "decision": {"pass": lambda: _("通过"), "fail": lambda: _("不通过")},
    "kind": {
        "late_delivery": lambda: penalty_kind_label("late_delivery"),
        "acceptance_failed": lambda: penalty_kind_label("acceptance_failed"),
        "acceptance_failed_again": lambda: penalty_kind_label("acceptance_failed_again"),
        "evaluation": lambda: penalty_kind_label("evaluation"),
        "other": lambda: _("其他"),
        "invoice": lambda: _("发票"),
        "inspection_reports": lambda: _("巡检报告"),
        "acceptance_report": lambda: _("验收报告"),
        "holiday": lambda: _("放假"),
        "workday": lambda: _("调休上班"),
        "purchaser": lambda: _("采购人"),
        "vendor": lambda: _("供应商"),
        "user_unit": lambda: _("服务单位"),
        "tender": lambda: _("招标文件"),
        "contract": lambda: pgettext("document kind", "合同"),
    },
    "role": {role: (lambda role=role: role_label(role)) for role in ("procurement", "finance", "vendor", "admin")},
    "evaluation_basis": {
        basis: (lambda basis=basis: evaluation_basis_label(basis)) for basis in ("from_100", "from_90")
    },
    "late_interest_rule": {"lpr": lambda: _("按一年期 LPR 日利率"), "none": lambda: _("合同未约定")},
    # hidden fields are logged without their values (audit.MASK_SET / MASK_CHANGED)
    "password_hash": {"set": lambda: _("已设置"), "changed": lambda: _("已重新设置")},
    "calendar_token_digest": {"set": lambda: _("已发放")},
}

ACTION_LABELS = {"create": lambda: _("新建"), "update": lambda: _("修改"), "delete": lambda: _("删除")}


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, lambda: entity)()


def field_label(field: str | None) -> str:
    return "" if field is None else FIELD_LABELS.get(field, lambda: field)()


def action_label(action: str) -> str:
    return ACTION_LABELS[action]()


def created_values(entry) -> list[tuple[str, str, str]]:
    """(field, label, value) of the values a new record was created with, labelled fields first,
    bookkeeping ids and timestamps left out."""
    try:
        values = json.loads(entry.new_value or "{}")
    except ValueError:
        return []
    skip = {"id", "contract_id", "created_at", "created_by_id", "proposed_by_id", "inputs", "chain_id"}
    pairs = [(key, value) for key, value in values.items() if key not in skip]
    pairs.sort(key=lambda pair: pair[0] not in FIELD_LABELS)
    return [(key, field_label(key), value) for key, value in pairs]


def audit_value(field: str | None, value: str | None, kind: str) -> str:
    """A stored audit value (text) as a person reads it, by the kind of its column: money, ratio, date,
    timestamp, yes/no, a code in words, or the labelled inputs of a penalty."""
    if value is None or value == "":
        return "—"
    codes = VALUE_LABELS.get(field or "", {})
    if value in codes:
        return codes[value]()
    try:
        if kind == "money":
            return money(Decimal(value))
        if kind == "ratio":
            return percent(Decimal(value))
        if kind == "number":
            return number(Decimal(value))
        if kind == "date":
            return long_date(date.fromisoformat(value))
        if kind == "datetime":
            return datetime_text(datetime.fromisoformat(value))
        if kind == "bool":
            return _("是") if value in ("True", "true", "1") else _("否")
        if kind == "json":
            pairs = penalty_inputs(_mapping(value)) if field == "inputs" else []
            return _("；").join(f"{label} {shown}" for label, shown in pairs) if pairs else _("（内容略）")
    except (ValueError, ArithmeticError, TypeError, SyntaxError):
        return value
    return value


def _mapping(value: str) -> dict:
    """A JSON column's audit text: JSON, or (entries written before the audit wrote JSON) a Python literal."""
    try:
        return json.loads(value)
    except ValueError:
        return ast.literal_eval(value)
