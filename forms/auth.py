from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    username = StringField(_l("用户名"), validators=[DataRequired(_l("请输入用户名。")), Length(max=80)])
    password = PasswordField(_l("密码"), validators=[DataRequired(_l("请输入密码。"))])


class PasswordChangeForm(FlaskForm):
    """A user's own password change; the policy itself is checked by the service (services/users.py)."""

    current_password = PasswordField(_l("当前密码"), validators=[DataRequired(_l("请输入当前密码。"))])
    new_password = PasswordField(
        _l("新密码"),
        validators=[DataRequired(_l("请输入新密码。"))],
        description=_l("至少 10 个字符，不能与用户名相同，不能是常见密码。"),
    )
    confirm = PasswordField(
        _l("再次输入新密码"),
        validators=[DataRequired(_l("请再次输入新密码。")), EqualTo("new_password", _l("两次输入的新密码不一致。"))],
    )
