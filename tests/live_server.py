"""A real server and a real browser for the journeys: the app of the test (its own database) served
on a free localhost port, and Debian's Chromium driven by Playwright."""

import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def live_server(app):
    """The base URL of the test's app, served in a background thread until the test ends."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium, live_server):
    """A fresh browser context (no cookies) with a page; `page.base` is the server's URL."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server
    yield page
    context.close()


def sign_in(page, username: str, password: str | None = None) -> None:
    """Sign in through the login form, as a person would."""
    page.goto(page.base + "/login")
    page.fill("#username", username)
    page.fill("#password", password or f"{username}-demo")
    page.click("form button.primary")
    page.wait_for_url(lambda url: "/login" not in url)
