"""Sentences of signing in and of passwords."""

from contractmgr.formatting import gettext as _


def wrong_credentials_text() -> str:
    return _("用户名或密码不正确。")


def throttled_text(minutes: int) -> str:
    return _("登录失败次数过多，请 %(minutes)s 分钟后再试。如忘记密码，请联系系统管理员。", minutes=minutes)
