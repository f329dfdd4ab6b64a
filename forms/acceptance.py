"""Forms of the purchaser's acceptance review: the decision and the list of required materials."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from forms.fields import IntegerField


class ReviewForm(FlaskForm):
    decision = RadioField(
        _l("审核结论"),
        choices=[SelectChoice("pass", _l("通过")), SelectChoice("fail", _l("不通过"))],
        validators=[InputRequired(_l("请选择审核结论。"))],
    )
    reasons = TextAreaField(
        _l("理由"), validators=[Optional(), Length(max=5000)], description=_l("不通过时必填：写明需要整改的内容。")
    )

    def validate_reasons(self, field):
        if self.decision.data == "fail" and not (field.data or "").strip():
            raise ValidationError(_l("不通过时必须写明理由。"))


class MaterialForm(FlaskForm):
    name = StringField(_l("材料名称"), validators=[DataRequired(_l("请输入材料名称。")), Length(max=100)])
    required = BooleanField(_l("必交"), default=True)


class EditMaterialForm(MaterialForm):
    position = IntegerField(_l("顺序"), validators=[InputRequired(), NumberRange(min=0, max=999)])
