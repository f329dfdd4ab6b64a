"""Creating users: one role each, vendors bound to their organisation."""

import secrets

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.models import OrgKind, Role, User
from contractmgr.services.contracts import organisation


class UserError(RuleViolation):
    """A user that cannot be created as asked (username_taken, unknown_role, …); its sentence is in
    contractmgr.texts.messages like any broken rule's."""


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


def _dummy_hash() -> str:
    """A hash made the same way as users' hashes, of a password nobody has, computed once per process."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(16))
    return _DUMMY_HASH


_DUMMY_HASH: str | None = None


def authenticate(username: str, password: str) -> User | None:
    """The active user with this name and password, else None.

    The password is hashed whether or not the name exists (against a dummy hash when it does not) and
    whether or not the user is active, so the answer takes as long for a wrong name as for a wrong
    password and does not tell which names exist."""
    user = db.session.scalar(sa.select(User).where(User.username == username.strip()))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    matches = user.check_password(password)
    return user if matches and user.is_active else None
