"""A user's reminder settings: where the daily digest goes, in which language, which categories."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from contractmgr.texts.reminders import CATEGORY_LABELS

#: one @, something on each side, a dot in the domain: the SMTP server is the real judge
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class ReminderSettingsForm(FlaskForm):
    email = StringField(
        _l("电子邮箱"),
        validators=[
            Optional(),
            Length(max=254),
            Regexp(EMAIL, message=_l("请输入有效的电子邮箱地址，例如 name@example.gov.cn。")),
        ],
        description=_l("每天的期限提醒发到这里；留空则只在系统的“提醒”页显示。"),
    )
    locale = SelectField(_l("提醒和界面的语言"), choices=[SelectChoice("zh_CN", "中文"), SelectChoice("en", "English")])
    receive = SelectMultipleField(
        _l("接收以下类别的提醒"),
        choices=[SelectChoice(name, label) for name, label in CATEGORY_LABELS.items()],
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validate_choice=True,
    )

    @classmethod
    def for_user(cls, user, **kwargs) -> "ReminderSettingsForm":
        from contractmgr.domain.reminders import CATEGORIES

        receive = [name for name in CATEGORIES if name not in (user.reminder_opt_outs or [])]
        return cls(data={"email": user.email or "", "locale": user.locale or "zh_CN", "receive": receive}, **kwargs)
