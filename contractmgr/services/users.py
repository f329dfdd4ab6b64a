"""Users: creating them (one role each, vendors bound to their organisation), signing in, and their
passwords under the policy of domain/passwords.py."""

import secrets
from datetime import datetime
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.passwords import check_new_password
from contractmgr.extensions import db
from contractmgr.models import ApiToken, AuditEntry, LoginSession, OrgKind, Role, User
from contractmgr.services.contracts import organisation
from contractmgr.services.sessions import end_all_sessions, revoke_api_tokens

COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common_passwords.txt"


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
    user = User(
        username=username,
        role=role,
        display_name=display_name or username,
        vendor=organisation(vendor_name, OrgKind.VENDOR) if vendor_name else None,
    )
    set_new_password(user, password)
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


@cache
def common_passwords() -> frozenset[str]:
    """The list shipped in services/data (lower case, comments and blank lines skipped)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def set_new_password(user: User, password: str) -> None:
    """Set a password chosen now, under the policy; raises UserError (password_too_short,
    password_is_username, password_too_common)."""
    try:
        check_new_password(password, user.username, common_passwords())
    except RuleViolation as violation:
        raise UserError(violation.code, **violation.params) from None
    user.set_password(password)


def change_password(user: User, current: str, new: str, *, keep_session_key: str | None) -> None:
    """The user's own change: the current password must be right; the new one follows the policy.
    Every other session of the user ends and every API token is revoked. Flushes."""
    if not user.check_password(current):
        raise UserError("current_password_wrong")
    if new == current:
        raise UserError("password_unchanged")
    set_new_password(user, new)
    user.must_change_password = False
    end_all_sessions(user, keep_key=keep_session_key)
    db.session.flush()


def issue_api_token(user: User) -> str:
    """A new bearer token for `user` (shown once). Refused (token_before_new_password) while the user must
    choose a new password after an administrator's reset: the API refuses their tokens until then
    (web/api/__init__.py), and choosing it revokes every token, so a token issued now would never work. Flushes."""
    if user.must_change_password:
        raise UserError("token_before_new_password", name=user.username)
    token = user.issue_token()
    db.session.flush()
    return token


# --- the administrator's changes to other users (web/admin/users.py) ------------------------------


def change_role(user: User, role: str, *, vendor_name: str | None = None) -> None:
    """Give `user` another role; a vendor user is bound to its organisation (found or created by name),
    anybody else to none. Raises UserError (unknown_role, vendor_needs_organisation,
    only_vendors_have_organisation). The user's sessions stay: each request reads the role anew. Flushes."""
    vendor_name = (vendor_name or "").strip() or None
    if role not in set(Role):
        raise UserError("unknown_role", role=role)
    if role == Role.VENDOR and not vendor_name:
        raise UserError("vendor_needs_organisation")
    if role != Role.VENDOR and vendor_name:
        raise UserError("only_vendors_have_organisation")
    user.role = role
    user.vendor = organisation(vendor_name, OrgKind.VENDOR) if vendor_name else None
    db.session.flush()


def reset_password(user: User, password: str) -> None:
    """An administrator sets a new password for `user` (under the policy): every session of the user
    ends and every API token is revoked, so whoever knew the old password is out; and the user must
    choose a new one at the next sign-in, so the password the administrator knows does not stay. The
    calendar feed URL ends too: whoever held the old password could read it on the deadlines page. Flushes."""
    set_new_password(user, password)
    user.must_change_password = True
    end_all_sessions(user)
    user.calendar_token_digest = None
    db.session.flush()


def revoke_access(user: User) -> int:
    """Revoke the user's API tokens and calendar feed URL (sessions stay). Returns how many live
    tokens there were. Flushes."""
    count = revoke_api_tokens(user)
    user.calendar_token_digest = None
    db.session.flush()
    return count


def user_changes(limit: int) -> list[AuditEntry]:
    """The latest changes to users (role, state, password, tokens), newest first, for the users page."""
    query = sa.select(AuditEntry).where(AuditEntry.entity == "users")
    return list(db.session.scalars(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)))


def last_logins() -> dict[int, datetime]:
    """When each user last signed in (the start of their latest session), by user id."""
    rows = db.session.execute(
        sa.select(LoginSession.user_id, sa.func.max(LoginSession.created_at)).group_by(LoginSession.user_id)
    )
    return {user_id: at for user_id, at in rows}


def live_token_counts() -> dict[int, int]:
    """How many unrevoked API tokens each user holds, by user id."""
    rows = db.session.execute(
        sa.select(ApiToken.user_id, sa.func.count(ApiToken.id))
        .where(ApiToken.revoked_at.is_(None))
        .group_by(ApiToken.user_id)
    )
    return {user_id: count for user_id, count in rows}
