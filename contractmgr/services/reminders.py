"""Reminders of the deadlines services.deadlines lists: which of a user's deadlines are reminded on a day,
claiming them so that no two runs send one twice, recording how the sending went, the notices the user
reads in the app, and the user's reminder settings (e-mail address, language, categories turned off).

The run itself (wording, SMTP) is contractmgr/reminders.py; these functions flush and never commit,
except `claim`, whose rows must be visible to a concurrent run before anything is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from contractmgr.domain.calendar import WorkingCalendar
from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.reminders import CATEGORIES, category_of, reminder_stage
from contractmgr.extensions import db
from contractmgr.models import Contract, Reminder, Role, User
from contractmgr.models.types import utcnow
from contractmgr.services.access import visible_contracts
from contractmgr.services.deadlines import Deadline, deadlines_for

#: A run sends a digest within minutes (MAIL_TIMEOUT per connection); a reminder "sending" for longer
#: was claimed by a run that died before recording the outcome.
STALE_SENDING = timedelta(hours=1)
#: the roles with deadlines of their own (an administrator has none)
REMINDED_ROLES = (Role.PROCUREMENT, Role.FINANCE, Role.VENDOR)
LANGUAGES = ("zh_CN", "en")


class ReminderSettingsError(RuleViolation):
    """Settings that cannot be saved (unknown_language, unknown_reminder_category); worded in texts.messages."""


@dataclass(frozen=True)
class DueReminder:
    """A deadline reminded today, worded for the user (summary in their language, link to its page)."""

    deadline: Deadline
    stage: str
    summary: str
    link: str


def reminded_users() -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.is_active_user.is_(True), User.role.in_([str(r) for r in REMINDED_ROLES]))
            .order_by(User.id)
        )
    )


def reminders_due(user: User, today: date, calendar: WorkingCalendar) -> list[tuple[Deadline, str]]:
    """The user's deadlines reminded on `today`, each with its stage ("7", "3", "1", "overdue"), less the
    categories the user turned off. Items that wait for someone rather than fall due (a review, a
    payment whose conditions are not met) are never reminded: they have no day to count to."""
    turned_off = set(user.reminder_opt_outs or ())
    due = []
    for item in deadlines_for(user, today, calendar):
        category = category_of(item.kind)
        if item.since or item.waiting or category is None or category in turned_off:
            continue
        stage = reminder_stage(item.due_on, today, calendar)
        if stage is not None:
            due.append((item, stage))
    return due


def claim(user: User, today: date, due: list[DueReminder]) -> list[Reminder]:
    """The reminders this run is to send to `user`: today's new ones, each inserted (and committed) before
    anything is sent, so a second run at the same time hits the UNIQUE key and leaves it; and the ones an
    earlier run failed to send or left "sending" (`to_send_again`), taken over by a conditional update
    only one run can win."""
    claimed = []
    for entry in due:
        row = Reminder(
            user_id=user.id,
            deadline_key=entry.deadline.uid,
            remind_on=today,
            stage=entry.stage,
            contract_id=entry.deadline.contract.id,
            due_on=entry.deadline.due_on,
            summary=entry.summary[:500],
            link=entry.link[:500],
            status="sending",
        )
        db.session.add(row)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()  # already claimed: sent, or being sent, by another run
            continue
        claimed.append(row)
    now = utcnow()
    to_retry = db.session.scalars(
        sa.select(Reminder.id).where(Reminder.user_id == user.id, to_send_again(now)).order_by(Reminder.id)
    ).all()
    for reminder_id in to_retry:
        won = db.session.execute(
            sa.update(Reminder)
            .where(Reminder.id == reminder_id, to_send_again(now))
            .values(status="sending", claimed_at=now)
        )
        db.session.commit()
        if won.rowcount == 1:
            claimed.append(db.session.get_one(Reminder, reminder_id))
    return sorted(claimed, key=lambda r: (r.due_on, r.id))


def to_send_again(now: datetime) -> sa.ColumnElement[bool]:
    """The reminders a run sends again: those whose sending failed, and those still "sending" more than
    STALE_SENDING after their claim — the run that claimed them crashed (or was killed) before recording
    the outcome. The SMTP server may have accepted such a digest already: it is sent at least once."""
    stale = sa.and_(Reminder.status == "sending", Reminder.claimed_at < now - STALE_SENDING)
    return sa.or_(Reminder.status == "failed", stale)


def record_outcome(reminders: list[Reminder], *, emailed: bool, error: str | None = None) -> None:
    """After the digest was handed to the SMTP server (or refused): sent, failed (for the next run to
    retry) or, for a user with no e-mail address, kept as an in-app notice only."""
    now = utcnow()
    for reminder in reminders:
        if emailed:
            reminder.attempts += 1
        if error is not None:
            reminder.status, reminder.last_error = "failed", error[:500]
        else:
            reminder.status, reminder.sent_at = ("sent" if emailed else "in_app"), now
    db.session.flush()


# --- notices: what was sent, in the app ----------------------------------------------------------


def _visible(user: User):
    mine = sa.and_(Reminder.user_id == user.id, Reminder.status.in_(Reminder.VISIBLE))
    if user.role != Role.VENDOR:
        return mine
    # a user moved to another vendor keeps no notice of the contracts it may no longer see
    return sa.and_(mine, Reminder.contract_id.in_(visible_contracts(user).with_only_columns(Contract.id)))


def unread_count(user: User) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(_visible(user), Reminder.read_at.is_(None))) or 0


def notices_for(user: User, limit: int = 200) -> list[Reminder]:
    """The user's notices, newest first."""
    return list(
        db.session.scalars(
            sa.select(Reminder)
            .where(_visible(user))
            .order_by(Reminder.remind_on.desc(), Reminder.id.desc())
            .limit(limit)
        )
    )


def mark_read(user: User, notice_id: int | None = None) -> int:
    """Mark one of the user's notices read (or all of them when `notice_id` is None); how many changed.
    Another user's notice is simply not found."""
    condition = [_visible(user), Reminder.read_at.is_(None)]
    if notice_id is not None:
        condition.append(Reminder.id == notice_id)
    result = db.session.execute(sa.update(Reminder).where(*condition).values(read_at=utcnow()))
    return result.rowcount


# --- the user's settings -------------------------------------------------------------------------


def update_reminder_settings(user: User, *, email: str | None, locale: str, receive: list[str]) -> None:
    """Save where the digest goes, its language and the categories received (the others are turned off)."""
    if locale not in LANGUAGES:
        raise ReminderSettingsError("unknown_language", language=locale)
    unknown = set(receive) - set(CATEGORIES)
    if unknown:
        raise ReminderSettingsError("unknown_reminder_category", category=", ".join(sorted(unknown)))
    user.email = (email or "").strip() or None
    user.locale = locale
    user.reminder_opt_outs = [name for name in CATEGORIES if name not in receive]
    db.session.flush()
