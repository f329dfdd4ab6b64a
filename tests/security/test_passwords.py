"""The password policy on every way a password is chosen (CLI, the administrator's page, one's own
change), and changing one's own password: current password required, other sessions and tokens end."""

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import ApiToken, User
from contractmgr.services.users import common_passwords
from tests.helpers import csrf_token
from tests.security.test_sessions import contract_page, signed_in


def user(name: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == name))


def change(client, current: str, new: str, confirm: str | None = None):
    page = client.get("/account/password")
    assert page.status_code == 200
    return client.post(
        "/account/password",
        data={
            "current_password": current,
            "new_password": new,
            "confirm": new if confirm is None else confirm,
            "csrf_token": csrf_token(page),
        },
    )


def test_the_shipped_list_is_lower_case_and_long_enough_to_matter(app):
    common = common_passwords()
    assert len(common) > 50 and "woaini1314" in common and "qwertyuiop" in common
    assert all(entry == entry.casefold() and len(entry) >= 10 for entry in common)
    assert "officer-demo" not in common  # the demo passwords of the README still pass the policy


@pytest.mark.parametrize(
    ("password", "sentence"),
    [("short-pw", "至少 10 个字符"), ("wangwu-long", "不能与用户名相同"), ("1q2w3e4r5t", "过于常见")],
)
def test_the_cli_refuses_a_weak_password(app, password, sentence):
    name = "wangwu-long"
    result = app.test_cli_runner().invoke(args=["users", "create", name, "--role", "finance", "--password", password])
    assert result.exit_code != 0 and sentence in result.output
    assert user(name) is None


def test_the_administrators_page_refuses_a_common_password(app, demo):
    admin = signed_in(app, "admin")
    response = admin.post(
        "/admin/users",
        data={
            "username": "zhao",
            "role": "finance",
            "vendor": "",
            "password": "Password123",
            "csrf_token": csrf_token(admin.get("/admin/users")),
        },
    )
    assert response.status_code == 422 and "过于常见" in response.get_data(as_text=True)
    assert user("zhao") is None


def test_the_demo_passwords_still_sign_in(app, demo):
    for name in ("officer", "finance", "vendor", "vendor2", "admin"):
        assert contract_page(signed_in(app, name)) in (200, 404)


def test_the_header_links_to_changing_ones_password(app, demo):
    page = signed_in(app, "vendor").get("/").get_data(as_text=True)
    assert 'href="/account/password"' in page
    assert app.test_client().get("/account/password").status_code == 302  # signed in only


def test_changing_ones_password_ends_other_sessions_and_tokens_but_keeps_this_one(app, demo):
    here = signed_in(app, "officer")
    elsewhere = signed_in(app, "officer")
    token = user("officer").issue_token()
    db.session.commit()
    response = change(here, "officer-demo", "a-new-long-secret")
    assert response.status_code == 302
    assert contract_page(here) == 200
    assert contract_page(elsewhere) == 302
    assert db.session.scalar(sa.select(ApiToken).where(ApiToken.token_digest.is_not(None))).revoked_at is not None
    assert app.test_client().get("/api/v1/contracts", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert user("officer").check_password("a-new-long-secret")
    signed_in_again = app.test_client()
    signed_in_again.post(
        "/login",
        data={
            "username": "officer",
            "password": "a-new-long-secret",
            "csrf_token": csrf_token(signed_in_again.get("/login")),
        },
    )
    assert contract_page(signed_in_again) == 200


@pytest.mark.parametrize(
    ("current", "new", "confirm", "sentence"),
    [
        ("wrong-current", "a-new-long-secret", None, "当前密码不正确"),
        ("officer-demo", "short", None, "至少 10 个字符"),
        ("officer-demo", "qwertyuiop", None, "过于常见"),
        ("officer-demo", "officer", None, "至少 10 个字符"),
        ("officer-demo", "officer-demo", None, "不能与当前密码相同"),
        ("officer-demo", "a-new-long-secret", "another-secret", "两次输入的新密码不一致"),
    ],
)
def test_a_refused_change_says_why_and_changes_nothing(app, demo, current, new, confirm, sentence):
    here = signed_in(app, "officer")
    elsewhere = signed_in(app, "officer")
    response = change(here, current, new, confirm)
    assert response.status_code == 422 and sentence in response.get_data(as_text=True)
    assert user("officer").check_password("officer-demo")
    assert contract_page(elsewhere) == 200


def test_the_change_needs_the_forms_csrf_token(app, demo):
    here = signed_in(app, "officer")
    response = here.post(
        "/account/password",
        data={"current_password": "officer-demo", "new_password": "a-new-long-secret", "confirm": "a-new-long-secret"},
    )
    assert response.status_code == 400
    assert user("officer").check_password("officer-demo")


def test_an_administrator_sets_a_forgotten_password_from_the_cli(app, demo):
    officer = signed_in(app, "officer")
    result = app.test_cli_runner().invoke(args=["users", "set-password", "officer", "--password", "fresh-start-42"])
    assert result.exit_code == 0, result.output
    assert contract_page(officer) == 302 and user("officer").check_password("fresh-start-42")
    weak = app.test_cli_runner().invoke(args=["users", "set-password", "officer", "--password", "officer"])
    assert weak.exit_code != 0 and user("officer").check_password("fresh-start-42")
