"""After an administrator resets a password (in the browser or with `flask users set-password`), the user
must choose a new one at the next sign-in before anything else: every other page leads to the
change-password page until they do. The flag is in the audit log."""

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import AuditEntry
from tests.helpers import csrf_token
from tests.security.test_sessions import signed_in, user

RESET = "a fresh Passphrase 42"
CHOSEN = "my own Passphrase 7"


def sign_in(app, name: str, password: str):
    client = app.test_client()
    response = client.post(
        "/login", data={"username": name, "password": password, "csrf_token": csrf_token(client.get("/login"))}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client, response


def reset_by_admin(app, name: str) -> None:
    admin = signed_in(app, "admin")
    target = user(name).id
    response = admin.post(
        f"/admin/users/{target}/password",
        data={f"password-{target}-password": RESET, "csrf_token": csrf_token(admin.get("/admin/users"))},
    )
    assert response.status_code == 302
    page = admin.get("/admin/users").get_data(as_text=True)
    assert "下次登录须修改密码" in page.split(f'id="user-{target}"')[1].split("</tr>")[0]


def test_after_a_reset_every_page_leads_to_choosing_a_new_password_first(app, demo):
    reset_by_admin(app, "officer")
    officer, login = sign_in(app, "officer", RESET)
    assert officer.get(login.headers["Location"]).headers["Location"] == "/account/password"
    for path in ("/", "/contracts/", "/search/?q=运维", "/contracts/1", "/tenders/"):
        response = officer.get(path)
        assert (response.status_code, response.headers.get("Location")) == (302, "/account/password"), path
    # a form elsewhere is not carried out either
    token = csrf_token(officer.get("/account/password"))
    assert officer.post("/procurement/contracts/new", data={"csrf_token": token}).status_code == 302
    page = officer.get("/account/password")
    assert page.status_code == 200 and "管理员已重设您的密码" in page.get_data(as_text=True)


def test_choosing_a_new_password_opens_the_system_and_is_audited(app, demo):
    reset_by_admin(app, "officer")
    officer, _ = sign_in(app, "officer", RESET)
    token = csrf_token(officer.get("/account/password"))
    response = officer.post(
        "/account/password",
        data={"current_password": RESET, "new_password": CHOSEN, "confirm": CHOSEN, "csrf_token": token},
    )
    assert response.status_code == 302
    assert officer.get("/contracts/").status_code == 200
    page = officer.get("/account/password").get_data(as_text=True)
    assert "管理员已重设您的密码" not in page
    db.session.expire_all()
    assert user("officer").must_change_password is False
    changes = db.session.scalars(
        sa.select(AuditEntry.new_value)
        .where(AuditEntry.entity == "users", AuditEntry.entity_id == user("officer").id)
        .where(AuditEntry.field == "must_change_password")
        .order_by(AuditEntry.id)
    ).all()
    assert [value.lower() for value in changes] == ["true", "false"]


def test_a_refused_new_password_keeps_the_user_on_the_page(app, demo):
    reset_by_admin(app, "officer")
    officer, _ = sign_in(app, "officer", RESET)
    token = csrf_token(officer.get("/account/password"))
    response = officer.post(
        "/account/password",
        data={"current_password": RESET, "new_password": RESET, "confirm": RESET, "csrf_token": token},
    )
    assert response.status_code == 422 and "新密码不能与当前密码相同" in response.get_data(as_text=True)
    assert officer.get("/contracts/").headers["Location"] == "/account/password"


def test_signing_out_and_the_language_switch_stay_open(app, demo):
    reset_by_admin(app, "vendor")
    vendor, _ = sign_in(app, "vendor", RESET)
    token = csrf_token(vendor.get("/account/password"))
    switched = vendor.post("/language/en", data={"csrf_token": token, "next": "/account/password"})
    assert switched.headers["Location"] == "/account/password"
    assert "An administrator has reset your password" in vendor.get("/account/password").get_data(as_text=True)
    out = vendor.post("/logout", data={"csrf_token": token})
    assert out.status_code == 302 and out.headers["Location"] == "/login"


def test_a_user_who_changes_their_own_password_is_not_asked_again(app, demo):
    officer = signed_in(app, "officer")
    token = csrf_token(officer.get("/account/password"))
    officer.post(
        "/account/password",
        data={"current_password": "officer-demo", "new_password": CHOSEN, "confirm": CHOSEN, "csrf_token": token},
    )
    db.session.expire_all()
    assert user("officer").must_change_password is False
    again, _ = sign_in(app, "officer", CHOSEN)
    assert again.get("/contracts/").status_code == 200


def test_the_command_line_reset_asks_for_a_new_password_too(app, demo):
    result = app.test_cli_runner().invoke(args=["users", "set-password", "finance", "--password", RESET])
    assert result.exit_code == 0, result.output
    finance, _ = sign_in(app, "finance", RESET)
    assert finance.get("/finance/").headers["Location"] == "/account/password"


def _api_contracts(app, token: str):
    return app.test_client().get("/api/v1/contracts", headers={"Authorization": f"Bearer {token}"})


def test_no_token_is_issued_while_the_password_an_administrator_set_must_be_changed(app, demo):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "set-password", "finance", "--password", RESET]).exit_code == 0
    refused = runner.invoke(args=["users", "token", "finance"])
    assert refused.exit_code == 1 and "finance 须先修改管理员重设的密码" in refused.output
    assert len(refused.output.strip().splitlines()) == 1
    assert not [token for token in user("finance").tokens if token.revoked_at is None]

    # once the user has chosen a new password, the administrator issues one and it works
    finance, _ = sign_in(app, "finance", RESET)
    token = csrf_token(finance.get("/account/password"))
    finance.post(
        "/account/password",
        data={"current_password": RESET, "new_password": CHOSEN, "confirm": CHOSEN, "csrf_token": token},
    )
    issued = runner.invoke(args=["users", "token", "finance"])
    assert issued.exit_code == 0, issued.output
    assert _api_contracts(app, issued.output.strip()).status_code == 200


def test_the_api_refuses_a_token_of_a_user_who_must_change_their_password(app, demo):
    # a token issued while the mark was set (before tokens were refused for it): it opens nothing
    finance = user("finance")
    token = finance.issue_token()
    finance.must_change_password = True
    db.session.commit()
    response = _api_contracts(app, token)
    assert response.status_code == 403
    assert response.json["error"] == "password_change_required"
    assert response.json["message"].startswith("管理员已重设您的密码：请先登录网页修改密码")
    finance.locale = "en"
    db.session.commit()
    english = _api_contracts(app, token)
    assert english.status_code == 403 and english.json["message"].startswith("An administrator has reset your password")
