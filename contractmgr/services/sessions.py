"""Sign-in sessions held on the server, and ending them: signing out, inactivity, a changed password,
a disabled user.

The session cookie carries a random key; `login_sessions` keeps its digest with the user, when the
session started, when it was last used and when it ended. A request is signed in only while that row
is live, so a cookie saved before signing out opens nothing afterwards. Ending all of a user's
sessions also revokes the user's API tokens: both are ways in that a new password must close.
"""

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from contractmgr.audit import record_change
from contractmgr.extensions import db
from contractmgr.models import ApiToken, LoginSession, User
from contractmgr.models.types import utcnow
from contractmgr.models.users import token_digest

#: last_seen_at is written at most this often, to keep writes low (one per user per minute at most)
TOUCH_EVERY = timedelta(minutes=1)


def start_session(user: User) -> str:
    """A new live session for `user`; returns its key, for the session cookie only. Flushes."""
    key = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user=user, key_digest=token_digest(key)))
    db.session.flush()
    return key


def live_session(key: str | None, user_id: int, *, idle: timedelta, longest: timedelta) -> LoginSession | None:
    """The live session of `key` for that user, with its user, in one query; None when there is none,
    it has ended, the user is disabled, or it has been idle longer than `idle` or open longer than
    `longest`. Touches last_seen_at (at most once a minute) on its own short transaction, outside the
    request's user action, so a page that only reads still keeps its session alive."""
    if not key:
        return None
    found = db.session.scalar(
        sa.select(LoginSession)
        .join(LoginSession.user)
        .where(LoginSession.key_digest == token_digest(key), LoginSession.user_id == user_id)
        .options(sa.orm.contains_eager(LoginSession.user))
    )
    now = utcnow()
    if found is None or found.ended_at is not None or not found.user.is_active:
        return None
    if now - found.last_seen_at > idle or now - found.created_at > longest:
        return None
    if now - found.last_seen_at >= TOUCH_EVERY:
        with db.engine.begin() as connection:
            connection.execute(sa.update(LoginSession).where(LoginSession.id == found.id).values(last_seen_at=now))
        sa.orm.attributes.set_committed_value(found, "last_seen_at", now)
    return found


def end_session(key: str | None) -> None:
    """End the session of this key (signing out). Flushes."""
    if not key:
        return
    db.session.execute(
        sa.update(LoginSession)
        .where(LoginSession.key_digest == token_digest(key), LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


def end_all_sessions(user: User, *, keep_key: str | None = None, at: datetime | None = None) -> int:
    """End every live session of `user` but the one of `keep_key`, and revoke every live API token.
    Returns how many sessions ended. Flushes."""
    at = at or utcnow()
    ended = sa.update(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
    if keep_key:
        ended = ended.where(LoginSession.key_digest != token_digest(keep_key))
    count = db.session.execute(ended.values(ended_at=at)).rowcount
    revoke_api_tokens(user, at=at)
    return count


def revoke_api_tokens(user: User, *, at: datetime | None = None) -> int:
    """Revoke every live API token of `user`; the audit log says how many were live (the tokens are
    bookkeeping, not audited rows themselves). Returns that number."""
    live = sa.and_(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    count = db.session.execute(sa.update(ApiToken).where(live).values(revoked_at=at or utcnow())).rowcount
    if count:
        record_change(db.session, user, "api_tokens", count, 0)
    return count


def set_active(user: User, active: bool) -> None:
    """Enable or disable a user; disabling ends the user's sessions and revokes its API tokens. Flushes."""
    user.is_active_user = active
    if not active:
        end_all_sessions(user)
    db.session.flush()
