"""The production server: gunicorn with gunicorn.conf.py, started as `make serve` starts it, in a real process."""

import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import CSRF_PATTERN

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@pytest.fixture
def gunicorn(database_uri, tmp_path):
    """gunicorn serving the test's database with two workers of two threads; its base URL."""
    port = free_port()
    env = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "WEB_THREADS": "2",
        "ACCESS_LOG": "",
        "DATABASE_URL": database_uri,
        "SECRET_KEY": "serve-test",
        "STORAGE_DIR": str(tmp_path / "files"),
    }
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [str(GUNICORN), "--config", "gunicorn.conf.py", "app:app"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/login", process)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_gunicorn_serves_the_login_page_and_signs_in_against_the_database(demo, gunicorn):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(gunicorn + "/login", timeout=10) as response:
        assert response.status == 200
        page = response.read().decode()
    assert 'name="password"' in page
    token = CSRF_PATTERN.search(page).group(1)
    form = urllib.parse.urlencode({"username": "officer", "password": "officer-demo", "csrf_token": token})
    # Signed in, then the dashboard: whichever worker and thread answers reads the same session and database.
    with opener.open(gunicorn + "/login", data=form.encode(), timeout=30) as response:
        assert response.status == 200 and "/login" not in response.url
    for _ in range(4):
        with opener.open(gunicorn + "/", timeout=30) as response:
            assert response.status == 200 and "/login" not in response.url


def test_the_loaded_application_is_kept_out_of_the_garbage_collectors_walks():
    """What gunicorn.conf.py's pre_fork does: the objects alive once the application is loaded are not
    walked by the collector again (a full collection during a request took 100+ ms at 1,000 contracts)."""
    import gc

    from contractmgr.serving import YOUNG_THRESHOLD, freeze_loaded_app

    threshold = gc.get_threshold()
    try:
        freeze_loaded_app()
        assert gc.get_freeze_count() > 10_000
        assert gc.get_threshold() == (YOUNG_THRESHOLD, *threshold[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
