"""The administrator manages other users in the browser: role, password reset, revoking API tokens
and the calendar feed, last sign-in; each change is in the audit log; never on oneself."""

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import ApiToken, AuditEntry, LoginSession
from contractmgr.services.deadlines import issue_calendar_token
from tests.helpers import csrf_token
from tests.security.test_sessions import contract_page, signed_in, user


def post(client, path: str, data: dict | None = None):
    return client.post(path, data={"csrf_token": csrf_token(client.get("/admin/users")), **(data or {})})


def audit_of(user_id: int, field: str) -> list[AuditEntry]:
    return db.session.scalars(
        sa.select(AuditEntry)
        .where(AuditEntry.entity == "users", AuditEntry.entity_id == user_id, AuditEntry.field == field)
        .order_by(AuditEntry.id)
    ).all()


def test_the_page_shows_last_sign_in_and_never_signed_in(app, demo):
    admin = signed_in(app, "admin")
    page = admin.get("/admin/users").get_data(as_text=True)
    officer_row = page.split(f'id="user-{user("officer").id}"')[1].split("</tr>")[0]
    admin_row = page.split(f'id="user-{user("admin").id}"')[1].split("</tr>")[0]
    assert "从未登录" in officer_row
    assert "从未登录" not in admin_row and "2" in admin_row  # a year of the medium date-time


def test_changing_a_role_is_audited_and_takes_effect_at_once(app, demo):
    officer = signed_in(app, "officer")
    assert contract_page(officer) == 200
    admin = signed_in(app, "admin")
    officer_id = user("officer").id
    response = post(admin, f"/admin/users/{officer_id}/role", {f"role-{officer_id}-role": "finance"})
    assert response.status_code == 302
    db.session.expire_all()
    assert user("officer").role == "finance"
    [entry] = audit_of(officer_id, "role")
    assert (entry.old_value, entry.new_value, entry.user_id) == ("procurement", "finance", user("admin").id)
    # the officer's open session now has the finance role: the procurement-only page is refused
    assert officer.get("/procurement/contracts/new").status_code == 403


def test_a_vendor_role_needs_its_organisation_and_nothing_is_written_without(app, demo):
    admin = signed_in(app, "admin")
    officer_id = user("officer").id
    response = post(admin, f"/admin/users/{officer_id}/role", {f"role-{officer_id}-role": "vendor"})
    assert response.status_code == 422
    assert "供应商单位" in response.get_data(as_text=True)
    db.session.expire_all()
    assert user("officer").role == "procurement" and audit_of(officer_id, "role") == []
    response = post(
        admin,
        f"/admin/users/{officer_id}/role",
        {f"role-{officer_id}-role": "vendor", f"role-{officer_id}-vendor": "洛阳数智科技发展有限公司"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert user("officer").vendor.name == "洛阳数智科技发展有限公司"
    # and back: the organisation goes with the vendor role
    post(admin, f"/admin/users/{officer_id}/role", {f"role-{officer_id}-role": "procurement"})
    db.session.expire_all()
    assert user("officer").role == "procurement" and user("officer").vendor is None


def test_resetting_a_password_follows_the_policy_ends_sessions_and_is_audited_without_the_hash(app, demo):
    officer = signed_in(app, "officer")
    token = user("officer").issue_token()
    feed = issue_calendar_token(user("officer"))
    db.session.commit()
    admin = signed_in(app, "admin")
    officer_id = user("officer").id
    field = f"password-{officer_id}-password"
    weak = post(admin, f"/admin/users/{officer_id}/password", {field: "short"})
    assert weak.status_code == 422 and "密码至少" in weak.get_data(as_text=True)
    assert contract_page(officer) == 200 and audit_of(officer_id, "password_hash") == []
    response = post(admin, f"/admin/users/{officer_id}/password", {field: "a fresh Passphrase 42"})
    assert response.status_code == 302
    assert contract_page(officer) == 302
    headers = {"Authorization": f"Bearer {token}"}
    assert app.test_client().get("/api/v1/contracts", headers=headers).status_code == 401
    assert app.test_client().get(f"/calendar/{feed}.ics").status_code == 404
    client = app.test_client()
    old = client.post(
        "/login",
        data={"username": "officer", "password": "officer-demo", "csrf_token": csrf_token(client.get("/login"))},
    )
    assert old.status_code != 302
    new = client.post(
        "/login",
        data={
            "username": "officer",
            "password": "a fresh Passphrase 42",
            "csrf_token": csrf_token(client.get("/login")),
        },
    )
    assert new.status_code == 302
    [entry] = audit_of(officer_id, "password_hash")
    assert (entry.old_value, entry.new_value) == ("set", "changed")


def test_revoking_ends_api_tokens_and_the_calendar_feed_but_not_the_session(app, demo):
    officer = signed_in(app, "officer")
    token = user("officer").issue_token()
    feed = issue_calendar_token(user("officer"))
    db.session.commit()
    assert app.test_client().get(f"/calendar/{feed}.ics").status_code == 200
    admin = signed_in(app, "admin")
    assert "日历订阅链接" in admin.get("/admin/users").get_data(as_text=True)
    officer_id = user("officer").id
    response = post(admin, f"/admin/users/{officer_id}/revoke")
    assert response.status_code == 302
    assert app.test_client().get(f"/calendar/{feed}.ics").status_code == 404
    headers = {"Authorization": f"Bearer {token}"}
    assert app.test_client().get("/api/v1/contracts", headers=headers).status_code == 401
    assert db.session.scalar(sa.select(ApiToken.revoked_at).where(ApiToken.user_id == officer_id)) is not None
    assert contract_page(officer) == 200
    assert [(e.old_value, e.new_value) for e in audit_of(officer_id, "calendar_token_digest")] == [
        (None, "set"),
        ("set", None),
    ]
    # the tokens are not audited rows themselves: the user's entry says how many were live, and who revoked them
    [revoked] = audit_of(officer_id, "api_tokens")
    assert (revoked.old_value, revoked.new_value, revoked.user_id) == ("1", "0", user("admin").id)


def test_disabling_a_user_with_no_live_token_logs_no_token_change(app, demo):
    admin = signed_in(app, "admin")
    officer_id = user("officer").id
    assert post(admin, f"/admin/users/{officer_id}/active").status_code == 302
    assert [(e.old_value, e.new_value) for e in audit_of(officer_id, "is_active_user")] == [("True", "False")]
    assert audit_of(officer_id, "api_tokens") == []


def test_an_administrator_cannot_change_themselves_and_others_cannot_at_all(app, demo):
    admin = signed_in(app, "admin")
    admin_id = user("admin").id
    assert post(admin, f"/admin/users/{admin_id}/role", {f"role-{admin_id}-role": "finance"}).status_code == 400
    assert (
        post(admin, f"/admin/users/{admin_id}/password", {f"password-{admin_id}-password": "x" * 20}).status_code == 400
    )
    assert post(admin, f"/admin/users/{admin_id}/revoke").status_code == 400
    db.session.expire_all()
    assert user("admin").role == "admin"
    officer = signed_in(app, "officer")
    finance_id = user("finance").id
    token = csrf_token(officer.get("/account/password"))
    data = {f"role-{finance_id}-role": "admin", "csrf_token": token}
    assert officer.post(f"/admin/users/{finance_id}/role", data=data).status_code == 403
    db.session.expire_all()
    assert user("finance").role == "finance"


def test_missing_csrf_is_refused(app, demo):
    admin = signed_in(app, "admin")
    officer_id = user("officer").id
    response = admin.post(f"/admin/users/{officer_id}/revoke")
    assert response.status_code == 400
    response = admin.post(f"/admin/users/{officer_id}/role", data={f"role-{officer_id}-role": "finance"})
    assert response.status_code in (400, 422)
    db.session.expire_all()
    assert user("officer").role == "procurement"


def test_last_sign_in_counts_sessions(app, demo):
    signed_in(app, "officer")
    from contractmgr.services.users import last_logins

    assert user("officer").id in last_logins()
    assert db.session.scalar(sa.select(sa.func.count(LoginSession.id))) >= 1
