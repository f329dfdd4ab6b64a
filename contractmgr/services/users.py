"""Creating users: one role each, vendors bound to their organisation."""

import sqlalchemy as sa
from flask_babel import gettext as _

from contractmgr.extensions import db
from contractmgr.models import OrgKind, Role, User
from contractmgr.services.contracts import organisation


class UserError(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params

    def message(self) -> str:
        p = self.params
        messages = {
            "username_taken": lambda: _("用户名 %(name)s 已存在。", name=p["name"]),
            "unknown_role": lambda: _("未知角色 %(role)s；可选 procurement、finance、vendor、admin。", role=p["role"]),
            "vendor_needs_organisation": lambda: _("供应商用户必须指定所属供应商单位。"),
            "only_vendors_have_organisation": lambda: _("只有供应商用户才能绑定供应商单位。"),
            "password_too_short": lambda: _("密码至少 8 个字符。"),
        }
        return messages[self.code]()


def create_user(
    username: str, role: str, password: str, *, vendor_name: str | None = None, display_name: str = ""
) -> User:
    """A new user; a vendor user's organisation is found by name, or created when it does not exist yet."""
    username = username.strip()
    if role not in set(Role):
        raise UserError("unknown_role", role=role)
    if db.session.scalar(sa.select(User.id).where(User.username == username)):
        raise UserError("username_taken", name=username)
    if role == Role.VENDOR and not vendor_name:
        raise UserError("vendor_needs_organisation")
    if role != Role.VENDOR and vendor_name:
        raise UserError("only_vendors_have_organisation")
    if len(password) < 8:
        raise UserError("password_too_short")
    user = User(
        username=username,
        role=role,
        display_name=display_name or username,
        vendor=organisation(vendor_name, OrgKind.VENDOR) if vendor_name else None,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user
