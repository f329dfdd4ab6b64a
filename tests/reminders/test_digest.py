"""The daily digest, sent by `flask reminders send` to a real SMTP server and read back from it.

The officer's contract (tests/reminders/conftest.py) was signed Wed 29 Apr 2026: publication is due
Wed 6 May, filing Tue 12 May. Counted by hand: filing's "7 working days" reminder goes on 29 Apr
(30 Apr, 6, 7, 8, 9, 11, 12 May); publication's "1 working day" on Thu 30 Apr (only 6 May lies between,
1–5 May being off); publication is overdue on Thu 7 May; filing's "3" is Fri 8 May (9, 11, 12 May).
"""

import threading
from datetime import date, timedelta

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Reminder, User
from contractmgr.models.types import utcnow
from contractmgr.reminders import send_reminders
from contractmgr.services import reminders
from contractmgr.services.calendar import working_calendar
from tests.factories import make_contract, make_user
from tests.reminders.conftest import PUBLIC_URL, body, send, subject

OFFICER = "officer@example.gov.cn"


def test_each_working_day_brings_the_deadlines_due_then_with_links_to_their_pages(app, smtp, signed):
    for day in ("2026-04-29", "2026-04-30", "2026-05-01", "2026-05-06", "2026-05-07", "2026-05-08"):
        send(app, day)

    digests = smtp.to(OFFICER)
    assert [subject(m) for m in digests] == [
        "运维合同管理：2026年4月29日 的期限提醒（1 项）",
        "运维合同管理：2026年4月30日 的期限提醒（1 项）",
        "运维合同管理：2026年5月7日 的期限提醒（1 项）",
        "运维合同管理：2026年5月8日 的期限提醒（1 项）",
    ]
    first, second, overdue, third = (body(m) for m in digests)
    assert "还有 7 个工作日到期" in first and "备案" in first and "2026年5月12日" in first
    assert "还有 1 个工作日到期" in second and "公告" in second and "2026年5月6日" in second
    assert f"{PUBLIC_URL}/contracts/{signed.id}" in second
    assert "已逾期" in overdue and "公告" in overdue
    assert "还有 3 个工作日到期" in third and "备案" in third
    assert "洛阳运维项目" in first and f"{PUBLIC_URL}/account/reminders" in first


def test_a_second_run_on_the_same_day_sends_nothing_again(app, smtp, signed):
    send(app, "2026-04-30")
    output = send(app, "2026-04-30")
    assert len(smtp.to(OFFICER)) == 1
    assert "digests to 0 user(s)" in output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Reminder)) == 1


def test_a_reminder_claimed_by_another_run_is_not_sent_by_this_one(app, smtp, signed):
    """Two runs at once: the UNIQUE (user, deadline, day) row written first belongs to the run that wrote it."""
    officer = db.session.scalar(sa.select(User).where(User.username == "officer"))
    day = date(2026, 4, 30)
    ((item, stage),) = reminders.reminders_due(officer, day, working_calendar())
    other_run = reminders.DueReminder(item, stage, "公告合同", f"/contracts/{signed.id}")
    assert len(reminders.claim(officer, day, [other_run])) == 1

    send(app, "2026-04-30")
    assert smtp.to(OFFICER) == []


def test_a_reminder_left_sending_by_a_crashed_run_is_sent_by_a_run_an_hour_later(app, smtp, signed):
    """A run claimed the reminder and died before recording the outcome (maybe after the SMTP server took
    the digest: it is sent at least once). Within the hour another run leaves it (that run may be sending
    it now); past the hour the next run sends it, and a run after that does not send it again."""
    officer = db.session.scalar(sa.select(User).where(User.username == "officer"))
    day = date(2026, 4, 30)
    ((item, stage),) = reminders.reminders_due(officer, day, working_calendar())
    (crashed,) = reminders.claim(
        officer, day, [reminders.DueReminder(item, stage, "公告合同", f"/contracts/{signed.id}")]
    )
    send(app, "2026-04-30")
    assert smtp.to(OFFICER) == []

    crashed.claimed_at = utcnow() - reminders.STALE_SENDING - timedelta(minutes=1)  # the crash, an hour ago
    db.session.commit()
    assert "1 to retry" in send(app, "2026-05-06", "--dry-run")
    send(app, "2026-05-06")
    send(app, "2026-05-06")
    (message,) = smtp.to(OFFICER)
    assert "公告" in body(message)
    row = db.session.get(Reminder, crashed.id)
    assert (row.status, row.attempts) == ("sent", 1)


def test_the_digest_speaks_the_language_the_user_chose(app, smtp, signed):
    db.session.scalar(sa.select(User).where(User.username == "officer")).locale = "en"
    db.session.commit()
    send(app, "2026-04-30")
    (message,) = smtp.to(OFFICER)
    text = body(message)
    assert subject(message) == "Contract management: deadline reminders for April 30, 2026 (1 item(s))"
    assert "1 working day(s) left" in text and "May 6, 2026" in text
    assert "还有" not in text


def test_when_the_smtp_server_is_down_the_next_run_sends_it_once(app, smtp, signed):
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 1  # nothing listens there: the connection is refused
    send(app, "2026-04-30")
    row = db.session.scalar(sa.select(Reminder))
    assert (row.status, row.attempts) == ("failed", 1) and row.last_error
    assert smtp.messages == []

    app.config["MAIL_PORT"] = port
    send(app, "2026-05-06")  # a day with nothing new: the failed reminder is retried
    send(app, "2026-05-06")
    (message,) = smtp.to(OFFICER)
    assert "公告" in body(message)
    row = db.session.scalar(sa.select(Reminder))
    assert (row.status, row.attempts) == ("sent", 2)


def test_dry_run_prints_who_would_get_what_and_sends_and_records_nothing(app, smtp, signed):
    output = send(app, "2026-04-30", "--dry-run")
    assert f"officer <{OFFICER}>: 1 item(s)" in output and "2026-05-06" in output
    assert f"{PUBLIC_URL}/contracts/{signed.id}" in output
    assert smtp.messages == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Reminder)) == 0


def test_a_vendor_is_reminded_only_of_its_own_contracts(app, smtp):
    """Tender 六: a local service office within 7 days of the award (signing on file): signed Wed 29 Apr,
    due Wed 6 May; the last working day before it is Thu 30 Apr."""
    ours = make_contract(title="我方合同", vendor="甲供应商有限公司")
    theirs = make_contract(title="他方合同", vendor="乙供应商有限公司")
    ours.signed_on = theirs.signed_on = date(2026, 4, 29)
    vendor = make_user("jiavendor", "vendor", vendor="甲供应商有限公司")
    vendor.email = "jia@example.com"
    db.session.commit()

    send(app, "2026-04-30")
    (message,) = smtp.to("jia@example.com")
    assert "我方合同" in body(message) and "他方合同" not in body(message)
    assert f"/contracts/{theirs.id}" not in body(message)


def test_a_user_without_an_e_mail_address_finds_the_reminder_in_the_app_only(app, smtp, signed):
    db.session.scalar(sa.select(User).where(User.username == "officer")).email = None
    db.session.commit()
    send(app, "2026-04-30")
    assert smtp.messages == []
    assert db.session.scalar(sa.select(Reminder.status)) == "in_app"


def test_two_runs_at_the_same_moment_send_each_reminder_once(app, smtp, signed):
    """Two cron jobs (two hosts, or a rerun) started together, each in its own app context and connection."""
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            with app.app_context():
                barrier.wait()
                send_reminders(date(2026, 4, 30), echo=lambda line: None)
                db.session.remove()
        except Exception as error:  # reported below: a thread's exception would otherwise vanish
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(smtp.to(OFFICER)) == 1
    assert db.session.scalar(sa.select(Reminder.status)) == "sent"
