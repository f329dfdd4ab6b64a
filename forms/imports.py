"""Import forms: the upload, and the review of everything the file was read as.

The review form holds the whole parsed document as editable fields — the header, the milestones,
the penalties, the evaluation rule and every line (a FieldList of line forms, 40 or 400 of them) —
and turns them back into a payload of document.schema.json (`ReviewForm.to_payload`). Ratios are
typed the way the documents write them: 70 (%) for a milestone, 10 (%) for the change cap, 2 (‰)
for the evaluation deduction.
"""

from __future__ import annotations

import copy
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.validators import NumberRange, Optional

from contractmgr.services.chain_placement import ChainPlacement, ChainProposal
from forms.fields import DateField, IntegerField, MoneyField
from importers.document import hours_number, iso_date, money_text, ratio_text, to_date, to_decimal

#: The chain select's values: a new chain, or "chain-<id>" for a chain on file.
NEW_CHAIN = "new"
CHAIN_PREFIX = "chain-"


def chain_started_on_field() -> UnboundField:
    """A new chain's first-year start (the import review, 修改合同)."""
    return DateField(
        _l("首年合同起始日"),
        validators=[Optional()],
        description=_l("新建续签链时填写；留空则为本合同起始日。3 年上限自此起算。"),
    )


def chain_original_award_field() -> UnboundField:
    """A new chain's original award (the import review, 修改合同)."""
    return MoneyField(
        _l("原中标金额（元）"), validators=[Optional()], description=_l("新建续签链时填写；留空则为本合同总金额。")
    )


KIND_CHOICES = [
    SelectChoice("contract", _l("合同")),
    SelectChoice("tender", _l("招标文件")),
    SelectChoice("award", _l("中标（成交）公告")),
]
PENALTY_KIND_CHOICES = [
    SelectChoice("late_per_day", _l("逾期交付：每日")),
    SelectChoice("late_over_days", _l("逾期超过若干日")),
    SelectChoice("acceptance_failed", _l("验收不合格")),
    SelectChoice("acceptance_failed_again", _l("限期整改后仍不合格")),
    SelectChoice("other", _l("其他")),
]


class UploadForm(FlaskForm):
    #: one document file, or one or several JPEG/PNG page images (a scan, photos of pages) for one document
    file = MultipleFileField(
        _l("招标文件或合同文件"),
        validators=[FileRequired(_l("请选择要导入的文件。"))],
        description=_l(
            "PDF、Word（.docx）或 Excel（.xlsx）；或一份文件的扫描页面图片（JPEG/PNG，可一次选多张）。"
            "按文件内容识别格式，不看文件名。"
        ),
    )


class DiscardForm(FlaskForm):
    """Discarding an import: a button, with its CSRF token."""


class NumberField(StringField):
    """A non-negative number typed as people type it; `data` is a Decimal divided by `scale`, so a
    percentage field (scale 100) typed 70 gives 0.70, a per-mille field (scale 1000) typed 2 gives 0.002."""

    def __init__(self, label=None, validators=None, scale: int = 1, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.scale = Decimal(scale)

    def process_formdata(self, valuelist):
        raw = (valuelist[0] if valuelist else "").strip().rstrip("%‰").strip()
        self.data = None
        if not raw:
            return
        try:
            value = Decimal(raw.replace(",", ""))
        except InvalidOperation:
            raise ValueError(_l("请输入数字。")) from None
        if not value.is_finite() or value < 0:
            raise ValueError(_l("请输入不小于 0 的数字。"))
        self.data = value / self.scale

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else _plain(self.data * self.scale)


class LineForm(Form):
    """One line of the annex (运维项目清单) or of the tender's list."""

    remove = BooleanField(_l("删除"))
    seq = IntegerField(_l("序号"), validators=[NumberRange(min=1, message=_l("序号须为正整数。"))])
    #: the hierarchy of a list numbered 一 / 1 / 1.1: the 序号 as printed and the printed 序号 of its parent
    label = StringField(_l("原文序号"))
    parent = StringField(_l("上级序号"))
    #: the 包号 of the lot the line belongs to, in a document in lots (a select of the page's lots)
    lot = StringField(_l("所属包"))
    unit = StringField(_l("服务单位"))
    name = StringField(_l("运维项目"))
    content = TextAreaField(_l("运维内容及目标"))
    requirements = TextAreaField(_l("服务要求"))
    amount = MoneyField(_l("运维资金（元）"))
    term_months = IntegerField(
        _l("服务期限（月）"), validators=[Optional(), NumberRange(min=1, message=_l("至少 1 个月。"))]
    )
    start = DateField(_l("自定起始日"), validators=[Optional()])
    start_on_confirmation = BooleanField(_l("确认后开始"))
    onsite_staff = IntegerField(_l("驻场人数"), validators=[Optional(), NumberRange(min=0, message=_l("不能为负数。"))])
    service_hours = StringField(_l("服务时间"))
    response_hours = NumberField(_l("响应（小时）"))
    onsite_hours = NumberField(_l("到场（小时）"))
    recovery_hours = NumberField(_l("恢复（小时）"))
    inspection = StringField(_l("巡检周期"))
    # read from the file and carried through the review unchanged (the amount is what counts)
    quantity = HiddenField()
    unit_price = HiddenField()
    measure = HiddenField()
    amount_unit = HiddenField()


class LotForm(Form):
    """One lot (包 / 标段) of a tender in lots."""

    remove = BooleanField(_l("删除"))
    label = StringField(_l("包号"))
    name = StringField(_l("包名称"))
    budget = MoneyField(_l("预算或最高限价（元）"))
    months = IntegerField(
        _l("服务期限（月）"), validators=[Optional(), NumberRange(min=1, message=_l("至少 1 个月。"))]
    )
    start = DateField(_l("服务期自"), validators=[Optional()])
    end = DateField(_l("服务期至"), validators=[Optional()])


class MilestoneForm(Form):
    seq = IntegerField(_l("期次"), validators=[NumberRange(min=1, message=_l("期次须为正整数。"))])
    ratio = NumberField(_l("比例（%）"), scale=100)
    amount = MoneyField(_l("金额（元）"))
    due_working_days = IntegerField(_l("工作日内"), validators=[Optional(), NumberRange(min=0)])
    trigger = StringField(_l("触发条件"))


class PenaltyForm(Form):
    kind = SelectField(_l("类别"), choices=PENALTY_KIND_CHOICES)
    ratio = NumberField(_l("合同总金额的（%）"), scale=100)
    days = IntegerField(_l("天数"), validators=[Optional(), NumberRange(min=0)])
    text = TextAreaField(_l("条款原文"))


class ReviewForm(FlaskForm):
    kind = SelectField(_l("文件类别"), choices=KIND_CHOICES)
    title = StringField(_l("项目名称"))
    procurement_number = StringField(_l("招标采购文件编号"))
    filing_number = StringField(_l("备案编号"))
    purchaser = StringField(_l("甲方（采购人）"))
    supplier = StringField(_l("乙方（供应商）"))
    total_amount = MoneyField(_l("合同总金额（元）"))
    total_amount_upper = StringField(_l("大写金额（按文件原文）"))
    service_start = DateField(_l("服务期自"), validators=[Optional()])
    service_end = DateField(_l("服务期至"), validators=[Optional()])
    service_months = IntegerField(_l("服务期限（月）"), validators=[Optional(), NumberRange(min=1)])
    renewal_max_years = IntegerField(_l("续签总服务周期不超过（年）"), validators=[Optional(), NumberRange(min=1)])
    change_cap = NumberField(_l("补充合同增加金额上限（原中标金额的 %）"), scale=100)
    min_onsite_staff = IntegerField(_l("承诺驻场人员不少于（人）"), validators=[Optional(), NumberRange(min=0)])
    evaluation_full_min_score = IntegerField(
        _l("考评全额支付分数线"), validators=[Optional(), NumberRange(min=0, max=100)]
    )
    evaluation_deduction = NumberField(_l("每扣 1 分扣减总价款的（‰）"), scale=1000)
    evaluation_termination_below = IntegerField(
        _l("低于此分可解除合同"), validators=[Optional(), NumberRange(min=0, max=100)]
    )
    signed_on = DateField(
        _l("签订日期"),
        validators=[Optional()],
        description=_l("文件中签订时间常为空白，可在此填写；合同自签订之日起生效。"),
    )
    milestones = FieldList(FormField(MilestoneForm))
    penalties = FieldList(FormField(PenaltyForm))
    lines = FieldList(FormField(LineForm))
    lots = FieldList(FormField(LotForm))
    #: an award notice, confirmed as one: the contract it belongs to and the day its notice was sent
    award_contract = StringField(_l("所属合同编号"), description=_l("如 HT-000012"))
    award_notice_on = DateField(_l("中标（成交）通知书发出日期"), validators=[Optional()])
    #: the lot a contract covers (the 包号 of one of `lots`); the choices are the lots on the page
    lot = SelectField(_l("本合同所涉包"), choices=[], validate_choice=False)

    # the renewal chain (续签链) the contract goes in: the choices are the review's proposal (`chain_choices`)
    chain = SelectField(_l("续签链"), default=NEW_CHAIN, validate_choice=False)
    chain_started_on = chain_started_on_field()
    chain_original_award = chain_original_award_field()
    chain_year = IntegerField(
        _l("本合同为续签链第几年"), default=1, validators=[Optional(), NumberRange(min=1, max=10)]
    )
    acknowledge_warnings = BooleanField(_l("我已逐条核对上述提示，按当前内容导入"))
    confirm = SubmitField(_l("确认导入"))
    save = SubmitField(_l("保存修改（暂不导入）"))
    add_line = SubmitField(_l("保存并添加一行"))
    #: lines from another file (an annex sent apart from the contract), appended to these
    annex = FileField(
        _l("从另一个文件添加运维项目"),
        description=_l("Excel、Word 或 PDF 格式的清单（附件）；其中各行接在现有各行之后，序号顺延。"),
    )
    add_annex = SubmitField(_l("保存并读入该文件的清单"))

    @classmethod
    def for_payload(
        cls, payload: dict, signed_on: date | None = None, placement: ChainPlacement | None = None
    ) -> ReviewForm:
        """The form filled from a payload (not from the request), with the renewal chain chosen."""
        return cls(formdata=None, data=form_data(payload, signed_on) | placement_data(placement or ChainPlacement()))

    def placement(self) -> ChainPlacement:
        return placement_of(self)

    def to_payload(self, base: dict) -> dict:
        """The corrected document: `base` (the stored payload, which keeps the source and the
        warnings) with every field taken from the form; lines ticked for removal are left out."""
        period = _drop_empty(
            {
                "start": iso_date(self.service_start.data),
                "end": iso_date(self.service_end.data),
                "months": self.service_months.data,
            }
        )
        evaluation = _drop_empty(
            {
                "full_payment_min_score": self.evaluation_full_min_score.data,
                "deduction_ratio_per_point": ratio_text(self.evaluation_deduction.data),
                "termination_below_score": self.evaluation_termination_below.data,
            }
        )
        payload = copy.deepcopy(base)
        payload.update(
            kind=self.kind.data,
            title=_text(self.title.data) or "",
            procurement_number=_text(self.procurement_number.data),
            filing_number=_text(self.filing_number.data),
            purchaser=_text(self.purchaser.data),
            supplier=_text(self.supplier.data),
            total_amount=money_text(self.total_amount.data),
            total_amount_upper=_text(self.total_amount_upper.data),
            service_period=period,
            renewal=None if self.renewal_max_years.data is None else {"max_total_years": self.renewal_max_years.data},
            change_cap_ratio=ratio_text(self.change_cap.data),
            min_onsite_staff=self.min_onsite_staff.data,
            evaluation=evaluation,
            payment_milestones=[_milestone(entry.form) for entry in self.milestones],
            penalties=[_penalty(entry.form) for entry in self.penalties],
            line_items=[_line(entry.form) for entry in self.lines if not entry.form.remove.data],
            lots=[_lot(entry.form) for entry in self.lots if not entry.form.remove.data],
            lot=_text(self.lot.data),
        )
        return payload


def placement_of(form) -> ChainPlacement:
    """The renewal chain the officer chose on a form with the chain fields (the import review, 修改合同):
    a chain on file, or a new one with its first year."""
    if (form.chain.data or "").startswith(CHAIN_PREFIX):
        return ChainPlacement(chain_id=int(form.chain.data.removeprefix(CHAIN_PREFIX)))
    return ChainPlacement(
        started_on=form.chain_started_on.data,
        original_award=form.chain_original_award.data,
        year_in_chain=form.chain_year.data or 1,
    )


def placement_data(placement: ChainPlacement) -> dict:
    """The chain fields' data for a placement."""
    return {
        "chain": NEW_CHAIN if placement.chain_id is None else f"{CHAIN_PREFIX}{placement.chain_id}",
        "chain_started_on": placement.started_on,
        "chain_original_award": placement.original_award,
        "chain_year": placement.year_in_chain,
    }


def chain_choices(proposal: ChainProposal) -> list[tuple[str, str]]:
    """The chain select's options: each chain on file the document may continue, best first, then a new chain."""
    options = [
        (
            f"{CHAIN_PREFIX}{c.chain.id}",
            _l("%(title)s（作为第 %(year)s 年）", title=c.chain.title, year=c.year_in_chain),
        )
        for c in proposal.candidates
    ]
    return [*options, (NEW_CHAIN, _l("新建续签链（按下面填写的首年起始日和年度）"))]


def form_data(payload: dict, signed_on: date | None = None) -> dict:
    """The form's data from a payload: money and ratios as Decimal, dates as dates."""
    period = payload.get("service_period") or {}
    evaluation = payload.get("evaluation") or {}
    return {
        "kind": payload["kind"],
        "title": payload.get("title") or "",
        "procurement_number": payload.get("procurement_number"),
        "filing_number": payload.get("filing_number"),
        "purchaser": payload.get("purchaser"),
        "supplier": payload.get("supplier"),
        "total_amount": to_decimal(payload.get("total_amount")),
        "total_amount_upper": payload.get("total_amount_upper"),
        "service_start": to_date(period.get("start")),
        "service_end": to_date(period.get("end")),
        "service_months": period.get("months"),
        "renewal_max_years": (payload.get("renewal") or {}).get("max_total_years"),
        "change_cap": to_decimal(payload.get("change_cap_ratio")),
        "min_onsite_staff": payload.get("min_onsite_staff"),
        "evaluation_full_min_score": _whole(evaluation.get("full_payment_min_score")),
        "evaluation_deduction": to_decimal(evaluation.get("deduction_ratio_per_point")),
        "evaluation_termination_below": _whole(evaluation.get("termination_below_score")),
        "signed_on": signed_on,
        "milestones": [
            {
                "seq": m["seq"],
                "ratio": to_decimal(m.get("ratio")),
                "amount": to_decimal(m.get("amount")),
                "due_working_days": m.get("due_working_days"),
                "trigger": m.get("trigger"),
            }
            for m in payload.get("payment_milestones") or []
        ],
        "penalties": [
            {
                "kind": p.get("kind") or "other",
                "ratio": to_decimal(p.get("ratio")),
                "days": p.get("days"),
                "text": p.get("text") or "",
            }
            for p in payload.get("penalties") or []
        ],
        "lines": [_line_data(line) for line in payload.get("line_items") or []],
        "lots": [
            {
                "remove": False,
                "label": lot["label"],
                "name": lot["name"],
                "budget": to_decimal(lot.get("budget")),
                "months": lot.get("months"),
                "start": to_date(lot.get("start")),
                "end": to_date(lot.get("end")),
            }
            for lot in payload.get("lots") or []
        ],
        "lot": payload.get("lot") or "",
    }


#: line fields the review shows as read and returns as they are, or as the officer corrected them
_CARRIED = ("label", "parent", "quantity", "unit_price", "measure", "amount_unit", "lot")


def _line_data(line: dict) -> dict:
    sla = line.get("sla") or {}
    return {
        "remove": False,
        "seq": line["seq"],
        "unit": line["unit"],
        "name": line["name"],
        "content": line.get("content"),
        "requirements": line.get("requirements"),
        "amount": to_decimal(line.get("amount")),
        "term_months": line.get("term_months"),
        "start": to_date(line.get("start")),
        "start_on_confirmation": bool(line.get("start_on_confirmation")),
        "onsite_staff": line.get("onsite_staff"),
        "service_hours": sla.get("service_hours"),
        "response_hours": to_decimal(sla.get("response_hours")),
        "onsite_hours": to_decimal(sla.get("onsite_hours")),
        "recovery_hours": to_decimal(sla.get("recovery_hours")),
        "inspection": sla.get("inspection"),
        **{name: line.get(name) for name in _CARRIED},
    }


def _line(form: LineForm) -> dict:
    return {
        **{name: _text(form[name].data) for name in _CARRIED},
        "seq": form.seq.data,
        "unit": _text(form.unit.data) or "",
        "name": _text(form.name.data) or "",
        "content": _text(form.content.data, multiline=True),
        "requirements": _text(form.requirements.data, multiline=True),
        "amount": money_text(form.amount.data),
        "term_months": form.term_months.data,
        "start": iso_date(form.start.data),
        "start_on_confirmation": bool(form.start_on_confirmation.data),
        "onsite_staff": form.onsite_staff.data,
        "sla": {
            "service_hours": _text(form.service_hours.data),
            "response_hours": hours_number(form.response_hours.data),
            "onsite_hours": hours_number(form.onsite_hours.data),
            "recovery_hours": hours_number(form.recovery_hours.data),
            "inspection": _text(form.inspection.data),
        },
    }


def _lot(form: LotForm) -> dict:
    return {
        "label": _text(form.label.data) or "",
        "name": _text(form.name.data) or "",
        "budget": money_text(form.budget.data),
        "months": form.months.data,
        "start": iso_date(form.start.data),
        "end": iso_date(form.end.data),
    }


def _milestone(form: MilestoneForm) -> dict:
    return {
        "seq": form.seq.data,
        "ratio": ratio_text(form.ratio.data),
        "amount": money_text(form.amount.data),
        "due_working_days": form.due_working_days.data,
        "trigger": _text(form.trigger.data),
    }


def _penalty(form: PenaltyForm) -> dict:
    return {
        "kind": form.kind.data,
        "ratio": ratio_text(form.ratio.data),
        "days": form.days.data,
        "text": _text(form.text.data, multiline=True) or "",
    }


# -- where each payload path is on the form ----------------------------------------------------

HEADER_FIELDS = {
    "service_period": "service_start",
    "service_period/start": "service_start",
    "service_period/end": "service_end",
    "service_period/months": "service_months",
    "renewal": "renewal_max_years",
    "renewal/max_total_years": "renewal_max_years",
    "change_cap_ratio": "change_cap",
    "evaluation": "evaluation_full_min_score",
    "evaluation/full_payment_min_score": "evaluation_full_min_score",
    "evaluation/deduction_ratio_per_point": "evaluation_deduction",
    "evaluation/termination_below_score": "evaluation_termination_below",
}
_LIST_PATH = re.compile(r"^(line_items|payment_milestones|penalties|lots)/(\d+)(?:/(?:sla/)?(\w+))?")
_LISTS = {
    "lots": ("lots", LotForm),
    "line_items": ("lines", LineForm),
    "payment_milestones": ("milestones", MilestoneForm),
    "penalties": ("penalties", PenaltyForm),
}
_WHOLE_LISTS = {"line_items": "lines", "payment_milestones": "milestones", "lots": "lots"}


def field_id(path: str | None) -> str | None:
    """The id of the form field a payload path is shown in: ``line_items/3/sla/response_hours`` is
    ``lines-3-response_hours``; a list as a whole (``line_items``) is its FieldList's id."""
    if path is None:
        return None
    if path in HEADER_FIELDS:
        return HEADER_FIELDS[path]
    match = _LIST_PATH.match(path)
    if match is None:
        return _WHOLE_LISTS.get(path, path.split("/")[0])
    prefix, form = _LISTS[match[1]]
    name = {"sla": "service_hours"}.get(match[3], match[3])
    if not isinstance(getattr(form, name or "", None), UnboundField):
        name = {PenaltyForm: "kind", LotForm: "label"}.get(form, "seq")
    return f"{prefix}-{match[2]}-{name}"


# -- value conversions (the payload encoders are the importer's: importers/document.py) ----------


def _text(value: str | None, multiline: bool = False) -> str | None:
    if value is None:
        return None
    text = value.replace("\r\n", "\n").strip()
    if not multiline:
        text = " ".join(text.split())
    return text or None


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _whole(value) -> int | None:
    return None if value is None else int(value)


def _drop_empty(values: dict) -> dict | None:
    return values if any(value is not None for value in values.values()) else None


def form_values(form: Form) -> dict[str, list[str]]:
    """The form as a browser submits it unchanged, {name: [values]}: what each field renders (a ticked box
    sends "y", an unticked one nothing; buttons and the CSRF token are not entries). Compared with what was
    submitted, it says which fields the officer changed (the audit of a review draft)."""
    values: dict[str, list[str]] = {}
    for field in _leaves(form):
        if field.type in ("SubmitField", "CSRFTokenField", "FileField"):
            continue
        if field.type == "BooleanField":
            values[field.name] = ["y"] if field.data else []
        elif field.type == "SelectField":
            values[field.name] = [] if field.data is None else [str(field.data)]
        else:
            values[field.name] = [field._value()]
    return values


def _leaves(fields):
    for field in fields:
        if field.type in ("FormField", "FieldList"):
            yield from _leaves(field)
        else:
            yield field
