"""Writes the audit log from the session itself, so no service can forget to.

Before each flush, every new, changed or deleted record of an audited table becomes
AuditEntry rows: one per changed column, with the old and the new value as text.
The acting user comes from the request (Flask-Login) or, for CLI commands, from `acting_as`.
"""

import json
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from contractmgr.models.audit import AuditEntry

_cli_user_id: ContextVar[int | None] = ContextVar("cli_user_id", default=None)

# Records that are themselves bookkeeping are not audited.
NOT_AUDITED = {"audit_log", "api_tokens", "jobs", "login_sessions", "milestone_states", "reminders", "stored_files"}
HIDDEN_FIELDS = {"password_hash", "calendar_token_digest"}
#: columns logged by their service in a short entry of its own, not as old and new values: an import
#: review's draft is the whole form, saved at each refusal (services.imports.keep_draft)
SELF_LOGGED_FIELDS = {"draft", "draft_saved_at"}
#: a change of a hidden field is still logged, without its value: "set" (now has one), None (has none),
#: "changed" (had one and has another)
MASK_SET, MASK_CHANGED = "set", "changed"


@contextmanager
def acting_as(user_id: int | None):
    """Attribute changes made inside the block to this user (CLI commands, demo load)."""
    token = _cli_user_id.set(user_id)
    try:
        yield
    finally:
        _cli_user_id.reset(token)


def _current_user_id() -> int | None:
    from flask import has_request_context
    from flask_login import current_user

    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return _cli_user_id.get()


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _contract_id(obj) -> int | None:
    if obj.__tablename__ == "contracts":
        return obj.id
    if getattr(obj, "contract_id", None):
        return obj.contract_id
    for parent in ("contract", "milestone", "supplement", "line_item", "material"):
        related = getattr(obj, parent, None)
        if related is not None:
            return _contract_id(related)
    return None


def _entity_id(obj) -> int | None:
    # Most tables have an integer `id`; calendar_years is keyed by its year.
    identity = sa.inspect(obj).mapper.primary_key_from_instance(obj)
    return identity[0] if len(identity) == 1 and isinstance(identity[0], int) else None


def _columns(obj):
    return [c for c in sa.inspect(obj).mapper.column_attrs if c.key not in HIDDEN_FIELDS | SELF_LOGGED_FIELDS]


def _entries_for(obj, action: str, user_id: int | None) -> list[AuditEntry]:
    base = dict(
        user_id=user_id,
        entity=obj.__tablename__,
        entity_id=_entity_id(obj),
        action=action,
        contract_id=_contract_id(obj),
    )
    if action == "delete":
        return [AuditEntry(**base)]
    if action == "create":
        # One entry per new record, holding all its values: a 40-line import is 40 entries, not 600.
        values = {c.key: _text(getattr(obj, c.key)) for c in _columns(obj) if getattr(obj, c.key) is not None}
        return [AuditEntry(**base, new_value=json.dumps(values, ensure_ascii=False))]
    state = sa.inspect(obj)
    entries = []
    for column in _columns(obj):
        history = state.attrs[column.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if _text(old) != _text(new):
                entries.append(AuditEntry(**base, field=column.key, old_value=_text(old), new_value=_text(new)))
    for key in sorted(HIDDEN_FIELDS):
        if key not in state.attrs:
            continue
        history = state.attrs[key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                masked_old = MASK_SET if old else None
                masked_new = (MASK_CHANGED if old else MASK_SET) if new else None
                entries.append(AuditEntry(**base, field=key, old_value=masked_old, new_value=masked_new))
    return entries


def _audited(obj) -> bool:
    return getattr(obj, "__tablename__", None) not in NOT_AUDITED | {None}


def install() -> None:
    """Hook the audit writer into every session (idempotent)."""
    if event.contains(Session, "before_flush", _before_flush):
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush_postexec", _after_flush)


def record_change(session: Session, obj, field: str, old, new) -> None:
    """An entry for a change the session's flush does not see: a bulk UPDATE of rows that are not
    audited themselves (revoking a user's API tokens is logged on the user as their live count)."""
    base = dict(entity=obj.__tablename__, entity_id=_entity_id(obj), action="update", contract_id=None)
    session.add(AuditEntry(**base, user_id=_current_user_id(), field=field, old_value=_text(old), new_value=_text(new)))


def _before_flush(session: Session, flush_context, instances) -> None:
    # New rows have no id before the flush: remember them and write their entries after it.
    user_id = _current_user_id()
    pending = session.info.setdefault("audit_new", [])
    pending.extend(obj for obj in session.new if _audited(obj))
    for obj in session.dirty:
        if _audited(obj) and session.is_modified(obj, include_collections=False):
            session.add_all(_entries_for(obj, "update", user_id))
    for obj in session.deleted:
        if _audited(obj):
            session.add_all(_entries_for(obj, "delete", user_id))


def _after_flush(session: Session, flush_context) -> None:
    created = session.info.pop("audit_new", [])
    if created:
        user_id = _current_user_id()
        session.add_all([entry for obj in created for entry in _entries_for(obj, "create", user_id)])
