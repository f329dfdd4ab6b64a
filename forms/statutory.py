"""The law around a contract: the officer's record of the award notice, signing, publication (with its
link) and filing days; the vendor's SME status and the contract's SME payment terms; finance's delivery
day of a payment. The domain checks the rules when the service runs."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional

from contractmgr.domain.sme import SME_MAX_AGREED_DAYS, SME_PAYMENT_DAYS
from contractmgr.services.sme import DEFAULT_INDUSTRY, SmeTerms
from contractmgr.services.statutory import StatutoryRecord
from forms.fields import DateField, IntegerField


class StatutoryForm(FlaskForm):
    award_notice_on = DateField(_l("中标（成交）通知书发出日期"), validators=[Optional()])
    signed_on = DateField(_l("签订日期"), validators=[Optional()])
    published_on = DateField(_l("合同公告日期"), validators=[Optional()])
    publication_url = URLField(
        _l("公告网址"),
        validators=[
            Optional(),
            Length(max=500, message=_l("网址最长 500 个字符。")),
            URL(require_tld=True, message=_l("请填写以 http:// 或 https:// 开头的完整网址。")),
        ],
    )
    filed_on = DateField(_l("备案日期"), validators=[Optional()])

    def to_record(self) -> StatutoryRecord:
        return StatutoryRecord(
            award_notice_on=self.award_notice_on.data,
            signed_on=self.signed_on.data,
            published_on=self.published_on.data,
            publication_url=self.publication_url.data,
            filed_on=self.filed_on.data,
        )


class SmeForm(FlaskForm):
    """The vendor's SME status and the contract's SME payment terms (《保障中小企业款项支付条例》)."""

    is_sme = BooleanField(_l("供应商为中小企业"))
    industry = StringField(
        _l("划分行业"), validators=[Optional(), Length(max=100, message=_l("划分行业最长 100 个字。"))]
    )
    payment_days = IntegerField(
        _l("合同约定付款期限（日）"),
        validators=[
            Optional(),
            NumberRange(
                min=1, max=SME_MAX_AGREED_DAYS, message=_l("约定付款期限为 1 至 %(max)s 日。", max=SME_MAX_AGREED_DAYS)
            ),
        ],
        description=_l("留空按条例第九条：%(days)s 日。", days=SME_PAYMENT_DAYS),
    )
    acceptance_period_end_on = DateField(_l("约定验收期限届满日"), validators=[Optional()])
    late_interest_rule = SelectField(
        _l("合同约定的逾期付款利息"),
        choices=[
            SelectChoice("lpr", _l("按一年期 LPR 日利率计算（如洛阳合同第十三条 2）")),
            SelectChoice("none", _l("合同未约定（中小企业按条例第十七条：每日万分之五）")),
        ],
        default="lpr",
    )

    @classmethod
    def for_contract(cls, contract) -> "SmeForm":
        return cls(
            formdata=None,
            data={
                "is_sme": contract.vendor.is_sme,
                "industry": contract.vendor.sme_industry or DEFAULT_INDUSTRY,
                "payment_days": contract.sme_payment_days,
                "acceptance_period_end_on": contract.acceptance_period_end_on,
                "late_interest_rule": contract.late_interest_rule,
            },
        )

    def to_terms(self) -> SmeTerms:
        return SmeTerms(
            is_sme=bool(self.is_sme.data),
            industry=self.industry.data,
            payment_days=self.payment_days.data,
            acceptance_period_end_on=self.acceptance_period_end_on.data,
            late_interest_rule=self.late_interest_rule.data,
        )


class DeliveryForm(FlaskForm):
    delivered_on = DateField(
        _l("交付日期"),
        validators=[Optional()],
        description=_l("中小企业供应商：不以验收为付款条件的款项，自服务交付之日起计算条例规定的付款期限。"),
    )


class FinanceSubmissionForm(FlaskForm):
    """洛阳 contract 第十三条 2: the payment application submitted to the finance department, with proof."""

    submitted_on = DateField(_l("向财政部门提交支付申请的日期"), validators=[DataRequired(_l("请输入提交日期。"))])
    proof = FileField(_l("证明文件（PDF、Word、Excel 或图片）"))
