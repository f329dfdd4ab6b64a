"""What the officer's pages say: messages for the rule codes of contract work, and readable labels
for penalty kinds, their inputs, and the tables and fields of the audit trail."""

import json
from decimal import Decimal

from flask_babel import gettext as _

from contractmgr.formatting import long_date, money
from contractmgr.web.labels import evaluation_basis_label, penalty_kind_label  # noqa: F401 — shared labels
from contractmgr.web.messages import register_messages

register_messages(
    {
        "period_ends_before_start": lambda **p: _(
            "期间止日 %(end)s 早于起日 %(start)s。", start=long_date(p["start"]), end=long_date(p["end"])
        ),
        "line_starts_before_contract": lambda **p: _(
            "项目开始日 %(line_start)s 早于合同服务期起始日 %(contract_start)s %(days)s 天：服务不能早于购买它的合同开始。",
            line_start=long_date(p["line_start"]),
            contract_start=long_date(p["contract_start"]),
            days=p["days_early"],
        ),
        "renewal_overlaps": lambda **p: _(
            "续签服务期自 %(new_start)s 起，与上一年合同（至 %(previous_end)s）重叠 %(days)s 天；续签应自上一年期满次日开始。",
            new_start=long_date(p["new_start"]),
            previous_end=long_date(p["previous_end"]),
            days=p["days_overlap"],
        ),
        "renewal_limit_exceeded": lambda **p: _(
            "总服务周期累计不超过 3 年（合同第四条）：本续签至 %(new_end)s，超出上限 %(limit_end)s 共 %(days)s 天。",
            new_end=long_date(p["new_end"]),
            limit_end=long_date(p["limit_end"]),
            days=p["days_over"],
        ),
        "chain_vendor_change": lambda **p: _(
            "续签链中的合同乙方须一致（%(vendor)s）：中标供应商不能在续签链中更换。", vendor=p["vendor"]
        ),
        "already_renewed": lambda **p: _(
            "本合同已续签（续签链第 %(year)s 年），请在最新一年的合同上续签。", year=p["year"]
        ),
        "renewing_terminated_contract": lambda **p: _(
            "本合同已于 %(day)s 解除，不能续签。", day=long_date(p["terminated_on"])
        ),
        "supplement_cap_exceeded": lambda **p: _(
            "补充合同累计增加金额不得超过原中标金额的 10%%（合同第六条、《政府采购法》第四十九条）：上限 %(cap)s，"
            "已用 %(used)s，尚余 %(remaining)s，本次超出 %(over)s。",
            cap=money(p["cap"]),
            used=money(p["used"]),
            remaining=money(p["remaining"]),
            over=money(p["over_by"]),
        ),
        "supplement_lines_disagree": lambda **p: _(
            "各项变更合计 %(lines)s，与填写的增加金额 %(stated)s 不符，相差 %(difference)s。",
            lines=money(p["lines"]),
            stated=money(p["stated"]),
            difference=money(p["difference"]),
        ),
        "supplement_decrease": lambda **p: _(
            "补充合同合计为减少 %(amount)s：此处只登记增加费用的补充合同，减少请修改合同本身。",
            amount=money(-p["increase"]),
        ),
        "score_out_of_range": lambda **p: _("考评得分 %(score)s 不在 0 至 100 之间。", score=p["score"]),
        "unknown_evaluation_basis": lambda **p: _("未知的扣分口径：%(basis)s。", basis=p["basis"]),
        "penalty_already_decided": lambda **p: _(
            "该违约金已处理（%(status)s），不能再次确认或免除。", status=penalty_status_label(p["status"])
        ),
        "waiver_needs_reason": lambda **p: _("免除违约金须写明理由。"),
        "days_late_not_positive": lambda **p: _("逾期天数至少为 1，填写的是 %(days)s。", days=p["days"]),
        "attempt_not_positive": lambda **p: _("验收次数从 1 算起，填写的是 %(attempt)s。", attempt=p["attempt"]),
        "line_not_in_contract": lambda **p: _("所选项目不属于本合同。"),
        "item_not_in_tender": lambda **p: _("所填项目不属于该招标。"),
        "line_in_use": lambda **p: _("第 %(seq)s 项已有补充合同、驻场、巡检或验收记录引用，不能删除。", seq=p["seq"]),
        "duplicate_line_seq": lambda **p: _("序号 %(seq)s 重复：每项须有自己的序号。", seq=p["seq"]),
        "line_two_start_rules": lambda **p: _(
            "第 %(seq)s 项既有自定起始日又设为确认后开始，只能选一种。", seq=p["seq"]
        ),
        "line_not_awaiting_confirmation": lambda **p: _("第 %(seq)s 项不是「确认后开始」的项目。", seq=p["seq"]),
        "total_change_after_payment": lambda **p: _(
            "已有付款记录，合同总金额（%(total)s）不能再修改；请以补充合同变更。", total=money(p["total"])
        ),
        "chain_starts_after_contract": lambda **p: _(
            "续签链起始日 %(chain)s 晚于本合同起始日 %(contract)s。",
            chain=long_date(p["chain_start"]),
            contract=long_date(p["contract_start"]),
        ),
    }
)


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
            value = f"{(Decimal(value) * 100).normalize():f}%"
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
