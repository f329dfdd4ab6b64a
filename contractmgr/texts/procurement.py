"""What the officer's pages say: readable labels for penalty states and inputs, and for the tables
and fields of the audit trail."""

import json
from decimal import Decimal

from flask_babel import gettext as _

from contractmgr.formatting import money, percent
from contractmgr.texts.labels import evaluation_basis_label

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
}


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
        elif key == "segments":
            continue
        shown.append((INPUT_LABELS.get(key, lambda k=key: k)(), str(value)))
    return shown


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
    "milestone_id": lambda: _("抵扣节点"),
    "decided_by_id": lambda: _("处理人"),
    "decided_at": lambda: _("处理时间"),
    "increase_amount": lambda: _("增加金额"),
    "reason": lambda: _("事由"),
    "score": lambda: _("考评得分"),
    "started_on": lambda: _("续签链起始日"),
    "original_award_amount": lambda: _("原中标金额"),
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
