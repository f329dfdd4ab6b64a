"""The in-app side of reminders: the notices list and its unread count mirror what was sent; each user
sets (and an administrator may set) where reminders go, in which language, and which categories."""

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Reminder, User
from tests.factories import make_user
from tests.helpers import csrf_token
from tests.reminders.conftest import send

SETTINGS = "/account/reminders"


def _settings(client, **data):
    token = csrf_token(client.get(SETTINGS))
    return client.post(SETTINGS, data={"csrf_token": token, **data})


def test_what_was_sent_is_listed_with_an_unread_count_until_marked_read(app, smtp, signed, login):
    send(app, "2026-04-30")
    client = login("officer")
    header = client.get("/").get_data(as_text=True)
    assert '<span class="badge" aria-label="1 条未读">1</span>' in header

    page = client.get("/notices/").get_data(as_text=True)
    assert "还有 1 个工作日到期" in page and f'href="/contracts/{signed.id}"' in page and "公告" in page
    notice = db.session.scalar(sa.select(Reminder))
    assert client.post(f"/notices/{notice.id}/read").status_code == 400  # no CSRF token
    response = client.post(f"/notices/{notice.id}/read", data={"csrf_token": csrf_token(client.get("/notices/"))})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Reminder.read_at)) is not None
    assert 'class="badge"' not in client.get("/").get_data(as_text=True)


def test_another_user_neither_sees_nor_marks_someone_elses_notice(app, smtp, signed, login, client):
    send(app, "2026-04-30")
    make_user("finance", "finance")
    db.session.commit()
    other = login("finance")
    assert "公告" not in other.get("/notices/").get_data(as_text=True)
    notice_id = db.session.scalar(sa.select(Reminder.id))
    other.post(f"/notices/{notice_id}/read", data={"csrf_token": csrf_token(other.get("/notices/"))})
    assert db.session.scalar(sa.select(Reminder.read_at)) is None


def test_a_user_turns_a_category_off_and_is_no_longer_reminded_of_it(app, smtp, signed, login):
    client = login("officer")
    response = _settings(
        client, email="li@example.gov.cn", locale="zh_CN", receive=["acceptance", "payment", "contract"]
    )
    assert response.status_code == 302
    officer = db.session.scalar(sa.select(User).where(User.username == "officer"))
    assert (officer.email, officer.reminder_opt_outs) == ("li@example.gov.cn", ["statutory"])

    send(app, "2026-04-30")
    assert smtp.messages == [] and db.session.scalar(sa.select(sa.func.count()).select_from(Reminder)) == 0


def test_an_address_that_is_not_one_is_refused_with_a_sentence_and_nothing_saved(app, signed, login):
    client = login("officer")
    response = _settings(client, email="li at example", locale="en", receive=["payment"])
    assert response.status_code == 422
    assert "请输入有效的电子邮箱地址" in response.get_data(as_text=True)
    officer = db.session.scalar(sa.select(User).where(User.username == "officer"))
    assert (officer.email, officer.locale, officer.reminder_opt_outs) == ("officer@example.gov.cn", None, [])


def test_the_administrator_sets_another_users_reminder_address(app, signed, login):
    make_user("admin", "admin")
    db.session.commit()
    client = login("admin")
    officer_id = db.session.scalar(sa.select(User.id).where(User.username == "officer"))
    token = csrf_token(client.get("/admin/users"))
    response = client.post(
        f"/admin/users/{officer_id}/reminders",
        data={
            "csrf_token": token,
            f"reminders-{officer_id}-email": "zhang@example.gov.cn",
            f"reminders-{officer_id}-locale": "en",
            f"reminders-{officer_id}-receive": ["statutory"],
        },
    )
    assert response.status_code == 302
    officer = db.session.get(User, officer_id)
    assert (officer.email, officer.locale) == ("zhang@example.gov.cn", "en")
    assert sorted(officer.reminder_opt_outs) == ["acceptance", "contract", "payment"]


def test_a_vendor_user_moved_to_another_organisation_keeps_no_notice_of_its_former_contracts(app, signed, login):
    """Notices are kept per user; a user the administrator moves to another vendor no longer reads (or
    counts) those about contracts it may no longer see."""
    from datetime import date

    make_user("admin", "admin")
    vendor = make_user("zhang", "vendor", vendor=signed.vendor.name)
    db.session.add(
        Reminder(
            user=vendor,
            deadline_key=f"contract-{signed.id}-acceptance",
            remind_on=date(2026, 4, 30),
            stage="7",
            contract_id=signed.id,
            due_on=date(2026, 5, 11),
            summary=f"提交验收材料：{signed.title}",
            link=f"/vendor/contracts/{signed.id}",
            status="in_app",
        )
    )
    db.session.commit()
    vendor_id = vendor.id
    zhang = app.test_client()
    token = csrf_token(zhang.get("/login"))
    zhang.post("/login", data={"username": "zhang", "password": "zhang-demo", "csrf_token": token})
    assert signed.title in zhang.get("/notices/").get_data(as_text=True)

    admin = login("admin")
    response = admin.post(
        f"/admin/users/{vendor_id}/role",
        data={
            "csrf_token": csrf_token(admin.get("/admin/users")),
            f"role-{vendor_id}-role": "vendor",
            f"role-{vendor_id}-vendor": "另一家信息技术有限公司",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert signed.title not in zhang.get("/notices/").get_data(as_text=True)
    assert 'class="badge"' not in zhang.get("/").get_data(as_text=True)
