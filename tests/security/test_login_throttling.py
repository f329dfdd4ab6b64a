"""Failed sign-ins are throttled per account and per address (Flask-Limiter, memory store by default),
and a wrong name costs the same password hashing as a wrong password."""

import hashlib

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import User
from tests.helpers import csrf_token
from tests.security.test_sessions import contract_page


def attempt(client, username: str, password: str, address: str = "10.0.0.1"):
    environ = {"REMOTE_ADDR": address}
    token = csrf_token(client.get("/login", environ_base=environ))
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}, environ_base=environ
    )


@pytest.fixture
def limits(app):
    app.config.update(LOGIN_LIMIT_PER_ACCOUNT="3 per 15 minutes", LOGIN_LIMIT_PER_ADDRESS="5 per 15 minutes")


def test_the_defaults_are_documented_values(app):
    assert app.config["LOGIN_LIMIT_PER_ACCOUNT"] == "10 per 15 minutes"
    assert app.config["LOGIN_LIMIT_PER_ADDRESS"] == "50 per 15 minutes"
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_an_account_is_throttled_after_its_failures_even_with_the_right_password(app, demo, limits, client):
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):  # from several addresses: the account counts
        assert attempt(client, "officer", "wrong-password", address).status_code == 401
    refused = attempt(client, "officer", "officer-demo", "10.0.0.4")
    assert refused.status_code == 429
    assert "登录失败次数过多" in refused.get_data(as_text=True)
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60 + 1
    assert contract_page(client) == 302  # not signed in
    # Another account from the same addresses is not affected.
    assert attempt(app.test_client(), "finance", "finance-demo", "10.0.0.1").status_code == 302


def test_an_address_is_throttled_after_its_failures_across_accounts(app, demo, limits):
    client = app.test_client()
    for name in ("a1", "a2", "a3", "a4", "a5"):  # unknown names count too
        assert attempt(client, name, "wrong-password").status_code == 401
    assert attempt(client, "finance", "finance-demo").status_code == 429
    assert attempt(app.test_client(), "finance", "finance-demo", "10.9.9.9").status_code == 302


def test_successful_sign_ins_and_page_views_do_not_count(app, demo, limits):
    client = app.test_client()
    for _ in range(6):
        client.get("/login", environ_base={"REMOTE_ADDR": "10.0.0.1"})
        assert attempt(app.test_client(), "officer", "officer-demo").status_code == 302
    assert attempt(client, "officer", "wrong-password").status_code == 401


def test_an_unknown_name_costs_the_same_password_hashing_as_a_known_one(app, demo, client, monkeypatch):
    """Counted, not timed: the same key derivation, with the same cost parameters, runs once per attempt."""
    calls = []
    real_scrypt = hashlib.scrypt

    def counting_scrypt(password, *, salt, n, r, p, maxmem=0, dklen=64):
        calls.append((n, r, p))
        return real_scrypt(password, salt=salt, n=n, r=r, p=p, maxmem=maxmem, dklen=dklen)

    monkeypatch.setattr(hashlib, "scrypt", counting_scrypt)
    assert attempt(client, "officer", "wrong-password").status_code == 401
    known = list(calls)
    calls.clear()
    assert attempt(client, "nobody-of-that-name", "wrong-password").status_code == 401
    unknown = list(calls)
    assert len(known) == 1 and unknown == known
    # A disabled user's password is hashed too: the answer does not tell that the name exists.
    db.session.scalar(sa.select(User).where(User.username == "finance")).is_active_user = False
    db.session.commit()
    calls.clear()
    assert attempt(client, "finance", "finance-demo").status_code == 401
    assert calls == known
