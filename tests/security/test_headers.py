"""Every response carries the security headers: every route of the URL map, every method, signed out,
signed in (page session) and with an API token; HSTS and a Secure cookie only with SERVED_OVER_HTTPS."""

import pytest
import sqlalchemy as sa
from werkzeug.routing.converters import NumberConverter

from contractmgr.extensions import db
from contractmgr.models import User
from contractmgr.web.security import CONTENT_SECURITY_POLICY
from tests.security.test_sessions import signed_in

ALWAYS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
}


def urls(app):
    """(method, url, endpoint) for every route, its path parameters filled with 1 or a word."""
    for rule in app.url_map.iter_rules():
        values = {}
        for name in rule.arguments:
            numeric = isinstance(rule._converters[name], NumberConverter)
            values[name] = 1 if numeric else ("app.css" if rule.endpoint == "static" else "x")
        url = rule.build(values, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, url, rule.endpoint


def assert_secure(response, endpoint, where):
    response.close()  # a static file is streamed from an open file
    for name, value in ALWAYS.items():
        assert response.headers.get(name) == value, f"{where}: {name}"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    if endpoint not in ("static", "calendar_feed.feed"):
        assert response.headers.get("Cache-Control") == "no-store", where
    assert "Strict-Transport-Security" not in response.headers  # only with SERVED_OVER_HTTPS


def test_every_route_answers_with_the_security_headers(app, demo):
    officer, vendor = signed_in(app, "officer"), signed_in(app, "vendor")
    token = db.session.scalar(sa.select(User).where(User.username == "finance")).issue_token()
    db.session.commit()
    routes = list(urls(app))
    assert len(routes) > 100
    for method, url, endpoint in routes:
        anonymous = app.test_client().open(url, method=method)
        assert_secure(anonymous, endpoint, f"anonymous {method} {url} {anonymous.status_code}")
        if method == "GET":
            for name, client in (("officer", officer), ("vendor", vendor)):
                response = client.get(url)
                assert response.status_code < 500, f"{name} GET {url}"
                assert_secure(response, endpoint, f"{name} GET {url} {response.status_code}")
            if url.startswith("/api/"):
                response = app.test_client().get(url, headers={"Authorization": f"Bearer {token}"})
                assert_secure(response, endpoint, f"token GET {url} {response.status_code}")


def test_static_files_stay_cacheable_and_a_page_does_not(app, demo):
    officer = signed_in(app, "officer")
    with officer.get("/static/app.css") as static:
        assert static.headers.get("Cache-Control") != "no-store"
    dashboard = officer.get("/")
    assert dashboard.status_code == 200 and dashboard.headers["Cache-Control"] == "no-store"


@pytest.fixture
def https_app(tmp_path, database_uri):
    from tests.conftest import make_app

    app = make_app(database_uri, tmp_path / "https", SERVED_OVER_HTTPS=True)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_served_over_https_sends_hsts_and_a_secure_session_cookie(https_app):
    from contractmgr.services.demo import load_demo

    load_demo()
    db.session.commit()
    client = https_app.test_client()
    page = client.get("/login", base_url="https://localhost")
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Secure" in page.headers["Set-Cookie"] and "HttpOnly" in page.headers["Set-Cookie"]
    assert https_app.config["PREFERRED_URL_SCHEME"] == "https"


def test_plain_http_by_default_has_no_hsts_and_no_secure_cookie(app, client):
    page = client.get("/login")
    assert "Strict-Transport-Security" not in page.headers
    assert not app.config["SESSION_COOKIE_SECURE"]


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(tmp_path, database_uri):
    from flask import request

    from tests.conftest import make_app

    seen = []
    for proxies in (0, 1):
        app = make_app(database_uri, tmp_path / f"proxy{proxies}", TRUSTED_PROXIES=proxies)
        app.before_request(lambda: seen.append(request.remote_addr) and None)
        with app.app_context():
            app.test_client().get(
                "/login", headers={"X-Forwarded-For": "203.0.113.9"}, environ_base={"REMOTE_ADDR": "10.0.0.1"}
            )
            db.engine.dispose()
    assert seen == ["10.0.0.1", "203.0.113.9"]
