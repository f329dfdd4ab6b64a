"""The daily reminder run, `flask --app app reminders send [--dry-run]` (cron, once a day): each user's
deadlines reminded today (services.reminders), worded in the user's language, claimed, sent as one
e-mail digest per user through SMTP, and recorded — sent, or failed and retried by the next run (as is
one left "sending" by a run that crashed: services.reminders.to_send_again).

Links are absolute, from PUBLIC_URL: the run has no request of its own, so it words everything inside
a request context made for that address.
"""

import smtplib
import ssl
from collections.abc import Callable
from datetime import date
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import sqlalchemy as sa
from flask import current_app, request
from flask_babel import force_locale

from contractmgr.extensions import db
from contractmgr.models import Reminder, User
from contractmgr.models.types import utcnow
from contractmgr.services import reminders
from contractmgr.services.calendar import working_calendar
from contractmgr.texts.deadlines import deadline_link, deadline_text
from contractmgr.texts.reminders import digest_body, digest_subject, stage_text


def send_reminders(today: date, *, dry_run: bool = False, echo: Callable[[str], None] = print) -> int:
    """Send today's digests; how many users got one. With `dry_run`, print who would get what and
    write and send nothing."""
    calendar = working_calendar()
    sent_to = 0
    with current_app.test_request_context("/", base_url=current_app.config["PUBLIC_URL"]):
        for user in reminders.reminded_users():
            with force_locale(_language(user)):
                due = [
                    reminders.DueReminder(item, stage, deadline_text(item), deadline_link(item))
                    for item, stage in reminders.reminders_due(user, today, calendar)
                ]
            if dry_run:
                _describe(user, due, echo)
                continue
            claimed = reminders.claim(user, today, due)
            if claimed:
                _deliver(user, claimed, today)
                sent_to += 1
    return sent_to


def _language(user: User) -> str:
    return user.locale if user.locale in current_app.config["LANGUAGES"] else "zh_CN"


def _describe(user: User, due: list[reminders.DueReminder], echo: Callable[[str], None]) -> None:
    retries = db.session.scalar(
        sa.select(sa.func.count()).where(Reminder.user_id == user.id, reminders.to_send_again(utcnow()))
    )
    if not due and not retries:
        return
    where = user.email or "(no e-mail address: in-app notice only)"
    echo(f"{user.username} <{where}>: {len(due)} item(s), {retries} to retry")
    with force_locale(_language(user)):
        for entry in due:
            echo(
                f"  {entry.deadline.due_on.isoformat()} [{stage_text(entry.stage)}] {entry.summary} {_absolute(entry.link)}"
            )


def _deliver(user: User, claimed: list[Reminder], today: date) -> None:
    """One digest for the user; the outcome recorded and committed whatever it is."""
    if not user.email:
        reminders.record_outcome(claimed, emailed=False)
        db.session.commit()
        return
    with force_locale(_language(user)):
        message = _message(user, claimed, today)
    try:
        _smtp_send(message)
    except (smtplib.SMTPException, OSError) as error:
        reminders.record_outcome(claimed, emailed=True, error=f"{type(error).__name__}: {error}")
    else:
        reminders.record_outcome(claimed, emailed=True)
    db.session.commit()


def _absolute(path: str) -> str:
    return request.host_url.rstrip("/") + path


def _message(user: User, claimed: list[Reminder], today: date) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["Subject"] = digest_subject(len(claimed), today)
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = user.email
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=config["MAIL_DEFAULT_SENDER"].rpartition("@")[2].strip("> ") or None)
    message.set_content(digest_body(user, claimed, today, _absolute))
    return message


def _smtp_send(message: EmailMessage) -> None:
    """Hand the message to the configured SMTP server: implicit TLS (MAIL_USE_SSL), STARTTLS
    (MAIL_USE_TLS) or plain, with a login when MAIL_USERNAME is set."""
    config = current_app.config
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
