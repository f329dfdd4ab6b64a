"""The procurement officer's forms on a contract: header, line items, tender amounts, confirmations,
renewal, supplements, evaluations and penalties. Each turns into the plain data its service takes;
the rules themselves are checked by the domain when the service runs."""

from dataclasses import replace
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from contractmgr.domain.caps import SUPPLEMENT_CAP_RATIO
from contractmgr.domain.penalties import (
    ACCEPTANCE_FAILED_AGAIN,
    ACCEPTANCE_FAILED_FIRST,
    LATE_DELIVERY_RATE_CAP,
    LATE_DELIVERY_RATE_PER_DAY,
)
from contractmgr.domain.renewal import MAX_CHAIN_YEARS
from contractmgr.formatting import percent
from contractmgr.services.chain_placement import ChainPlacement, ChainProposal
from contractmgr.services.contract_editing import ContractTerms, LineData
from contractmgr.services.supplements import SupplementChange
from forms.common import VOID_REASON_REQUIRED
from forms.fields import DateField, DecimalField, IntegerField, MoneyField, read_id
from forms.imports import chain_choices, chain_original_award_field, chain_started_on_field, placement_of

BASIS_CHOICES = [
    SelectChoice("from_100", _l("自 100 分起算（百分扣分制字面含义）")),
    SelectChoice("from_90", _l("自 90 分起算")),
]
PENALTY_KIND_CHOICES = [
    SelectChoice(
        "late_delivery",
        _l(
            "逾期交付（每日 %(rate)s，最高 %(cap)s）",
            rate=percent(LATE_DELIVERY_RATE_PER_DAY),
            cap=percent(LATE_DELIVERY_RATE_CAP),
        ),
    ),
    SelectChoice(
        "acceptance_failed",
        _l(
            "验收不合格（%(first)s，再次不合格 %(again)s）",
            first=percent(ACCEPTANCE_FAILED_FIRST),
            again=percent(ACCEPTANCE_FAILED_AGAIN),
        ),
    ),
]

REQUIRED = _l("此项必填。")
NOT_NEGATIVE = _l("不能为负数。")
#: 修改合同's chain select: the contract stays in its chain (only its year may change).
CURRENT_CHAIN = "current"


def _text(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


class ContractForm(FlaskForm):
    """The header of a contract, entered or corrected by hand."""

    title = StringField(_l("项目名称"), validators=[DataRequired(REQUIRED), Length(max=300)])
    procurement_number = StringField(_l("招标采购文件编号"), validators=[Optional(), Length(max=100)])
    filing_number = StringField(_l("备案编号"), validators=[Optional(), Length(max=100)])
    purchaser = StringField(_l("甲方（采购人）"), validators=[DataRequired(REQUIRED), Length(max=200)])
    vendor = StringField(_l("乙方（供应商）"), validators=[DataRequired(REQUIRED), Length(max=200)])
    total_amount = MoneyField(_l("合同总金额（元）"), validators=[InputRequired(REQUIRED)])
    signed_on = DateField(_l("签订日期"), validators=[Optional()])
    start_on = DateField(_l("服务期起"), validators=[InputRequired(REQUIRED)])
    end_on = DateField(
        _l("服务期止"), validators=[InputRequired(REQUIRED)], description=_l("含当日；一年期为起始日次年同日的前一天。")
    )
    min_onsite_staff = IntegerField(
        _l("承诺驻场人员（人）"), validators=[Optional(), NumberRange(min=0, message=NOT_NEGATIVE)]
    )
    evaluation_basis = SelectField(_l("考评扣分口径"), choices=BASIS_CHOICES, default="from_100")

    def to_terms(self) -> ContractTerms:
        return ContractTerms(
            title=self.title.data.strip(),
            purchaser=self.purchaser.data.strip(),
            vendor=self.vendor.data.strip(),
            total_amount=self.total_amount.data,
            start_on=self.start_on.data,
            end_on=self.end_on.data,
            procurement_number=_text(self.procurement_number.data),
            filing_number=_text(self.filing_number.data),
            signed_on=self.signed_on.data,
            min_onsite_staff=self.min_onsite_staff.data,
            evaluation_basis=self.evaluation_basis.data,
        )


class NewContractForm(ContractForm):
    """A new contract; a paper contract may be a later year of a chain that began outside the system."""

    chain_started_on = DateField(
        _l("续签链起始日"),
        validators=[Optional()],
        description=_l("首年合同的起始日；留空则为本合同起始日。%(years)s 年上限自此起算。", years=MAX_CHAIN_YEARS),
    )
    original_award = MoneyField(
        _l("原中标金额（元）"),
        validators=[Optional()],
        description=_l("补充合同 %(ratio)s 上限的基数；留空则为本合同总金额。", ratio=percent(SUPPLEMENT_CAP_RATIO)),
    )
    year_in_chain = IntegerField(
        _l("本合同为续签链第几年"), default=1, validators=[InputRequired(REQUIRED), NumberRange(min=1, max=10)]
    )


class ChainForm(FlaskForm):
    """修改合同's renewal chain: keep the chain (and correct the year), move to a chain on file, or a new one."""

    chain = SelectField(_l("续签链"), default=CURRENT_CHAIN, validate_choice=False)
    chain_year = IntegerField(
        _l("本合同为续签链第几年"),
        validators=[Optional(), NumberRange(min=1, max=10)],
        description=_l("保留当前续签链或新建续签链时适用；移入已有续签链时，年度接在其最后一份合同之后。"),
    )
    chain_started_on = chain_started_on_field()
    chain_original_award = chain_original_award_field()

    @classmethod
    def for_contract(cls, contract, proposal: ChainProposal, formdata=None) -> "ChainForm":
        """The form with its choices: the current chain first, then those `chains_for` ranks, then a new
        one. Filled from `formdata` (the posted chain section) or, without it, from the contract."""
        form = cls(formdata=formdata, data={"chain": CURRENT_CHAIN, "chain_year": contract.year_in_chain})
        current = _l(
            "当前续签链《%(title)s》（第 %(year)s 年）", title=contract.chain.title, year=contract.year_in_chain
        )
        form.chain.choices = [(CURRENT_CHAIN, current), *chain_choices(proposal)]
        return form

    def placement(self) -> ChainPlacement:
        return placement_of(self)


class LineRowForm(Form):
    """One row of the line-items editor (a sub-form: the page's CSRF token covers it)."""

    id = HiddenField()
    seq = IntegerField(_l("序号"), validators=[Optional(), NumberRange(min=1, message=_l("序号从 1 起。"))])
    unit = StringField(_l("服务单位"), validators=[Optional(), Length(max=200)])
    name = StringField(_l("运维项目"), validators=[Optional(), Length(max=300)])
    amount = MoneyField(_l("运维资金（元）"), validators=[Optional()])
    term_months = IntegerField(_l("服务期限（月）"), default=12, validators=[Optional(), NumberRange(min=1, max=60)])
    start_on = DateField(_l("自定起始日"), validators=[Optional()])
    start_on_confirmation = BooleanField(_l("确认后开始"))
    onsite_staff = IntegerField(
        _l("驻场"), default=0, validators=[Optional(), NumberRange(min=0, message=NOT_NEGATIVE)]
    )
    inspection_cycle = StringField(_l("巡检周期"), validators=[Optional(), Length(max=100)])
    remove = BooleanField(_l("作废"))

    @property
    def blank(self) -> bool:
        """A new row left empty is no line at all."""
        return (
            not self.id.data
            and not (self.unit.data or "").strip()
            and not (self.name.data or "").strip()
            and self.amount.data is None
        )

    def line_id(self) -> int | None:
        return read_id(self.id.data)

    def to_data(self) -> LineData:
        return LineData(
            id=self.line_id(),
            seq=self.seq.data,
            unit=self.unit.data.strip(),
            name=self.name.data.strip(),
            amount=self.amount.data,
            term_months=self.term_months.data or 12,
            start_on=self.start_on.data,
            start_on_confirmation=self.start_on_confirmation.data,
            onsite_staff=self.onsite_staff.data or 0,
            inspection_cycle=_text(self.inspection_cycle.data),
        )


class LinesForm(FlaskForm):
    """Every line of a contract in one editable table; blank new rows are ignored."""

    rows = FieldList(FormField(LineRowForm), min_entries=0)
    #: why the ticked lines are voided (they are kept, never deleted)
    void_reason = TextAreaField(_l("作废理由"), validators=[Optional(), Length(max=1000)])

    def validate_void_reason(self, field):
        if any(row.form.remove.data and row.form.line_id() for row in self.rows) and not (field.data or "").strip():
            raise ValidationError(VOID_REASON_REQUIRED)

    def validate_rows(self, field):
        for entry in field:
            row = entry.form
            if row.blank or row.remove.data:
                continue
            for sub in (row.seq, row.unit, row.name):
                if sub.data in (None, "") or (isinstance(sub.data, str) and not sub.data.strip()):
                    sub.errors.append(REQUIRED)
        if any(row.errors for row in field):
            raise ValidationError(_l("请更正标出的行。"))

    def to_data(self) -> tuple[list[LineData], set[int]]:
        """The rows kept, and the ids of the lines to void."""
        kept = [row.form.to_data() for row in self.rows if not row.form.blank and not row.form.remove.data]
        removed = {row.form.line_id() for row in self.rows if row.form.remove.data and row.form.line_id()}
        return kept, removed


class ItemAmountForm(Form):
    item_id = HiddenField()
    amount = MoneyField(_l("运维资金（元）"), validators=[Optional()])


class TenderContractForm(ContractForm):
    """A contract from a tender: the header, and an amount for each of the tender's items."""

    total_amount = MoneyField(
        _l("合同总金额（元）"), validators=[Optional()], description=_l("留空则为下列各项金额之和。")
    )
    items = FieldList(FormField(ItemAmountForm), min_entries=0)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.total_amount.data is None and not any(a is not None for a in self.amounts().values()):
            self.total_amount.errors = [*self.total_amount.errors, _l("请填写合同总金额，或各项金额。")]
            return False
        return valid

    def to_terms(self) -> ContractTerms:
        terms = super().to_terms()
        if terms.total_amount is None:
            total = sum((amount for amount in self.amounts().values() if amount is not None), Decimal("0.00"))
            terms = replace(terms, total_amount=total)
        return terms

    def amounts(self) -> dict[int, Decimal | None]:
        return {
            item_id: entry.form.amount.data
            for entry in self.items
            if (item_id := read_id(entry.form.item_id.data)) is not None
        }


class ConfirmationForm(FlaskForm):
    confirmed_on = DateField(_l("确认运维开始日期"), validators=[InputRequired(REQUIRED)])


def confirmation_forms(tender) -> dict:
    """One confirmation form per tender item still waiting for its date, by item id (the tender page)."""
    return {
        item.id: ConfirmationForm(prefix=f"item-{item.id}", formdata=None)
        for item in tender.items
        if item.start_on_confirmation and item.confirmed_on is None
    }


class RenewalForm(FlaskForm):
    start_on = DateField(_l("续签服务期起"), validators=[InputRequired(REQUIRED)])
    end_on = DateField(_l("续签服务期止"), validators=[InputRequired(REQUIRED)])
    total_amount = MoneyField(
        _l("续签合同总金额（元）"), validators=[Optional()], description=_l("留空则沿用上一年的合同总金额。")
    )
    signed_on = DateField(_l("签订日期"), validators=[Optional()])
    title = StringField(_l("项目名称"), validators=[Optional(), Length(max=300)])
    filing_number = StringField(_l("备案编号"), validators=[Optional(), Length(max=100)])
    keep_full_line_years = BooleanField(
        _l("自定起始日的项目保留完整年度，不截至续签链上限"),
        description=_l("默认截至上限；保留须填写理由，理由记入各项目和审计记录。"),
    )
    past_limit_reason = TextAreaField(_l("超出上限的理由"), validators=[Optional(), Length(max=1000)])

    def to_kwargs(self) -> dict:
        return dict(
            keep_full_line_years=bool(self.keep_full_line_years.data),
            past_limit_reason=_text(self.past_limit_reason.data),
            start=self.start_on.data,
            end=self.end_on.data,
            total_amount=self.total_amount.data,
            signed_on=self.signed_on.data,
            title=_text(self.title.data),
            filing_number=_text(self.filing_number.data),
        )


NEW_LINE = ""


class SupplementChangeForm(Form):
    line = SelectField(_l("项目"), choices=[], validate_choice=False)
    name = StringField(_l("新增项目名称"), validators=[Optional(), Length(max=300)])
    unit_name = StringField(_l("服务单位"), validators=[Optional(), Length(max=200)])
    amount_after = MoneyField(_l("变更后金额（元）"), validators=[Optional()])

    @property
    def blank(self) -> bool:
        return self.amount_after.data is None and not (self.name.data or "").strip() and not self.line.data


class SupplementForm(FlaskForm):
    increase = MoneyField(
        _l("增加金额（元）"), validators=[Optional()], description=_l("留空则按下列各项变更前后的差额合计。")
    )
    reason = TextAreaField(_l("事由"), validators=[DataRequired(_l("请写明补充合同的事由。")), Length(max=2000)])
    signed_on = DateField(_l("签订日期"), validators=[Optional()])
    changes = FieldList(FormField(SupplementChangeForm), min_entries=3)

    def set_lines(self, lines) -> None:
        """Offer the contract's own lines (by id) in each change row, plus "a new line"."""
        choices = [SelectChoice(NEW_LINE, _l("（新增项目）"))] + [
            SelectChoice(str(line.id), f"{line.seq}. {line.name}") for line in lines
        ]
        self._line_ids = {str(line.id) for line in lines}
        for entry in self.changes:
            entry.form.line.choices = choices

    def validate_changes(self, field):
        for entry in field:
            row = entry.form
            if row.blank:
                continue
            if row.line.data and row.line.data not in getattr(self, "_line_ids", set()):
                row.line.errors.append(_l("请选择本合同的项目。"))
            if row.amount_after.data is None:
                row.amount_after.errors.append(REQUIRED)
            if not row.line.data and not (row.name.data or "").strip():
                row.name.errors.append(_l("新增项目须填写名称。"))
        if any(entry.errors for entry in field):
            raise ValidationError(_l("请更正标出的变更项。"))

    def to_changes(self) -> list[SupplementChange]:
        return [
            SupplementChange(
                amount_after=e.form.amount_after.data,
                line_item_id=read_id(e.form.line.data),
                name=(e.form.name.data or "").strip(),
                unit_name=(e.form.unit_name.data or "").strip(),
            )
            for e in self.changes
            if not e.form.blank
        ]


class EvaluationForm(FlaskForm):
    score = DecimalField(
        _l("考评得分"),
        places=None,
        validators=[InputRequired(REQUIRED), NumberRange(min=0, max=100, message=_l("得分应在 0 至 100 之间。"))],
    )
    evaluated_on = DateField(_l("考评日期"), validators=[InputRequired(REQUIRED)])
    period_start = DateField(_l("考评期间起"), validators=[InputRequired(REQUIRED)])
    period_end = DateField(_l("考评期间止"), validators=[InputRequired(REQUIRED)])
    note = TextAreaField(_l("说明"), validators=[Optional(), Length(max=2000)])

    def validate_score(self, field):
        if field.data is not None and field.data != field.data.quantize(Decimal("0.01")):
            raise ValidationError(_l("得分最多两位小数。"))


class BasisForm(FlaskForm):
    evaluation_basis = SelectField(_l("考评扣分口径"), choices=BASIS_CHOICES)


class PenaltyForm(FlaskForm):
    kind = SelectField(_l("违约情形"), choices=PENALTY_KIND_CHOICES)
    days = IntegerField(_l("逾期天数"), validators=[Optional(), NumberRange(min=1, message=_l("逾期天数至少为 1。"))])
    attempt = IntegerField(
        _l("第几次验收不合格"), default=1, validators=[Optional(), NumberRange(min=1, message=_l("从第 1 次算起。"))]
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.kind.data == "late_delivery" and self.days.data is None and not self.days.errors:
            self.days.errors = [_l("请填写逾期天数。")]
            return False
        return valid


class DecideForm(FlaskForm):
    """Confirm a proposed penalty, with the loss it compensates where the officer knows it (民法典 第五百八十五条)."""

    known_loss = MoneyField(_l("已知损失（元，可不填）"), validators=[Optional()])


class WaiveForm(FlaskForm):
    reason = TextAreaField(_l("免除理由"), validators=[DataRequired(_l("免除须写明理由。")), Length(max=2000)])
