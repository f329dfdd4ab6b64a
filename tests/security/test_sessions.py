"""Sign-in sessions are held on the server: a cookie saved before signing out opens nothing afterwards;
sessions end after inactivity; disabling a user ends its sessions and API tokens."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import ApiToken, LoginSession, User
from contractmgr.models.types import utcnow
from tests.helpers import csrf_token, statements_run


def user(name: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == name))


def signed_in(app, name: str):
    client = app.test_client()
    response = client.post(
        "/login", data={"username": name, "password": f"{name}-demo", "csrf_token": csrf_token(client.get("/login"))}
    )
    assert response.status_code == 302
    return client


def with_cookie(app, cookie: str):
    """A new browser holding only a copy of a session cookie."""
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client


def contract_page(client) -> int:
    return client.get("/contracts/1").status_code


@pytest.fixture
def officer(app, demo):
    return signed_in(app, "officer")


def test_a_cookie_saved_before_signing_out_no_longer_opens_a_contract(app, officer):
    saved = officer.get_cookie("session").value
    assert contract_page(with_cookie(app, saved)) == 200  # the copy works while the session lives
    page = officer.get("/")
    assert officer.post("/logout", data={"csrf_token": csrf_token(page)}).status_code == 302
    replay = with_cookie(app, saved).get("/contracts/1")
    assert replay.status_code == 302 and "/login" in replay.headers["Location"]
    session = db.session.scalar(sa.select(LoginSession).where(LoginSession.user_id == user("officer").id))
    assert session.ended_at is not None


def test_the_server_keeps_a_digest_of_the_key_not_the_key(app, officer):
    from flask.sessions import SecureCookieSessionInterface

    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    key = serializer.loads(officer.get_cookie("session").value)["login_key"]
    stored = db.session.scalars(sa.select(LoginSession.key_digest)).all()
    assert len(stored) == 1 and key not in stored and len(stored[0]) == 64


def test_a_session_ends_after_the_configured_inactivity(app, officer):
    assert app.config["SESSION_IDLE_MINUTES"] == 30
    session = db.session.scalar(sa.select(LoginSession))
    session.last_seen_at = utcnow() - timedelta(minutes=29)
    db.session.commit()
    assert contract_page(officer) == 200  # still alive, and the request counts as activity
    db.session.refresh(session)
    assert utcnow() - session.last_seen_at < timedelta(minutes=1)
    session.last_seen_at = utcnow() - timedelta(minutes=31)
    db.session.commit()
    assert contract_page(officer) == 302


def test_a_session_ends_after_the_longest_lifetime_even_when_busy(app, officer):
    session = db.session.scalar(sa.select(LoginSession))
    session.created_at = utcnow() - timedelta(hours=app.config["SESSION_MAX_HOURS"], minutes=1)
    db.session.commit()
    assert contract_page(officer) == 302


def test_last_seen_is_written_at_most_once_a_minute(app, officer):
    session = db.session.scalar(sa.select(LoginSession))
    half_a_minute_ago = utcnow() - timedelta(seconds=30)
    session.last_seen_at = half_a_minute_ago
    db.session.commit()
    with statements_run() as statements:
        assert contract_page(officer) == 200
    db.session.refresh(session)
    assert session.last_seen_at == half_a_minute_ago
    assert not any(s.lstrip().upper().startswith("UPDATE LOGIN_SESSIONS") for s in statements)


def test_disabling_a_user_ends_its_sessions_and_api_tokens(app, officer):
    token = user("officer").issue_token()
    db.session.commit()
    assert app.test_client().get("/api/v1/contracts", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    admin = signed_in(app, "admin")
    page = admin.get("/admin/users")
    officer_id = user("officer").id
    response = admin.post(f"/admin/users/{officer_id}/active", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert contract_page(officer) == 302
    assert app.test_client().get("/api/v1/contracts", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert db.session.scalar(sa.select(ApiToken).where(ApiToken.user_id == officer_id)).revoked_at is not None
    refused = app.test_client()
    refused.post(
        "/login",
        data={"username": "officer", "password": "officer-demo", "csrf_token": csrf_token(refused.get("/login"))},
    )
    assert contract_page(refused) == 302
    # Enabling again lets the user sign in anew; the old session and token stay ended.
    admin.post(f"/admin/users/{officer_id}/active", data={"csrf_token": csrf_token(admin.get("/admin/users"))})
    assert contract_page(officer) == 302
    assert contract_page(signed_in(app, "officer")) == 200


def test_an_administrator_cannot_disable_themselves(app, demo):
    admin = signed_in(app, "admin")
    response = admin.post(
        f"/admin/users/{user('admin').id}/active", data={"csrf_token": csrf_token(admin.get("/admin/users"))}
    )
    assert response.status_code == 400 and user("admin").is_active


def test_the_cli_disables_a_user_and_ends_its_sessions(app, officer):
    result = app.test_cli_runner().invoke(args=["users", "disable", "officer"])
    assert result.exit_code == 0, result.output
    assert contract_page(officer) == 302
    assert db.session.scalar(sa.select(LoginSession)).ended_at is not None
