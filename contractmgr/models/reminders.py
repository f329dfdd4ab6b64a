"""The reminders sent to each user: one row per deadline and day, which is also the user's in-app notice."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contractmgr.extensions import db
from contractmgr.models.contracts import Contract
from contractmgr.models.types import enum, utcnow
from contractmgr.models.users import User

#: sending (claimed by a run) → sent | failed (retried by the next run) ; in_app: the user has no e-mail address.
#: A row still "sending" long after its claim (services.reminders.STALE_SENDING) was left by a run that
#: crashed: the next run takes it over and sends it again (at least once).
REMINDER_STATES = ("sending", "sent", "failed", "in_app")


class Reminder(db.Model):
    """A deadline put in a user's daily digest. The row is written before the e-mail is sent and its
    UNIQUE key is (user, deadline, day), so two runs at once cannot both send it; a failed send stays
    `failed` and the next run sends it again, in the same row. Shown as a notice once sent."""

    __tablename__ = "reminders"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "deadline_key", "remind_on"),
        sa.Index("ix_reminders_user_id_status", "user_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    #: the deadline's stable key (services.deadlines.Deadline.uid), e.g. milestone_payment-12-milestone-3
    deadline_key: Mapped[str] = mapped_column(sa.String(120))
    #: the business day whose digest carries it
    remind_on: Mapped[date]
    #: "7", "3", "1" working days before, or "overdue" (domain.reminders)
    stage: Mapped[str] = mapped_column(sa.String(10))
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"), index=True)
    #: the deadline's day when reminded
    due_on: Mapped[date]
    #: the line as the digest worded it, in the user's language
    summary: Mapped[str] = mapped_column(sa.String(500))
    #: the path of the item's page (the e-mail prefixes PUBLIC_URL)
    link: Mapped[str] = mapped_column(sa.String(500))
    status: Mapped[str] = mapped_column(enum(*REMINDER_STATES, name="reminder_status"), default="sending")
    #: how many times sending was tried
    attempts: Mapped[int] = mapped_column(default=0)
    #: the SMTP server's refusal or the connection error of the last failed try
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: when a run last took it to send (its first claim, a retry, or a take-over of a stale "sending")
    claimed_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    #: when the user marked the notice read; None while unread
    read_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
    contract: Mapped[Contract] = relationship()

    #: shown in the notice list (what reached the user)
    VISIBLE = ("sent", "in_app")
