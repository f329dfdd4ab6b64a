from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from contractmgr.texts.labels import ROLE_LABELS

ROLE_CHOICES = [SelectChoice(value, label) for value, label in ROLE_LABELS.items()]


class UserForm(FlaskForm):
    username = StringField(_l("用户名"), validators=[DataRequired(_l("请输入用户名。")), Length(max=80)])
    role = SelectField(_l("角色"), choices=ROLE_CHOICES)
    vendor = StringField(_l("供应商单位（仅供应商用户）"), validators=[Optional(), Length(max=200)])
    password = PasswordField(
        _l("初始密码"),
        validators=[DataRequired(_l("请输入密码。"))],
        description=_l("至少 10 个字符，不能与用户名相同，不能是常见密码。"),
    )


class RoleForm(FlaskForm):
    """Another role for an existing user (a vendor user names its organisation)."""

    role = SelectField(_l("角色"), choices=ROLE_CHOICES)
    vendor = StringField(_l("供应商单位（仅供应商用户）"), validators=[Optional(), Length(max=200)])


class ResetPasswordForm(FlaskForm):
    """A new password set by the administrator for another user."""

    password = PasswordField(
        _l("新密码"),
        validators=[DataRequired(_l("请输入密码。"))],
        description=_l("至少 10 个字符，不能与用户名相同，不能是常见密码。"),
    )
