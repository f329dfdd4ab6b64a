"""Finance forms: ticking a condition, the day a milestone's clock starts, recording a payment."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional

from forms.fields import DateField, MoneyField


class ConditionForm(FlaskForm):
    met_on = DateField(_l("收到或确认日期"), validators=[DataRequired(_l("请输入日期。"))])


class ClockForm(FlaskForm):
    started_on = DateField(
        _l("计时起算日"),
        validators=[Optional()],
        description=_l("第1笔：合同签订（生效）日期；第2笔：验收合格后采购人收到发票的日期。留空则按合同记录推算。"),
    )


class PaymentForm(FlaskForm):
    paid_on = DateField(_l("付款日期"), validators=[DataRequired(_l("请输入付款日期。"))])
    amount = MoneyField(_l("付款金额（元）"), validators=[DataRequired(_l("请输入付款金额。"))])
    voucher_number = StringField(_l("凭证号"), validators=[DataRequired(_l("请输入凭证号。")), Length(max=60)])

    def to_data(self) -> dict:
        return {
            "paid_on": self.paid_on.data,
            "amount": self.amount.data,
            "voucher_number": self.voucher_number.data.strip(),
        }
