"""How many requests gunicorn (gunicorn.conf.py) answers, and how much memory its workers hold.

Sets up a database with the demo data (a temporary SQLite file, or --database-url, which must be an
empty database), starts gunicorn as `make serve` does with --workers/--threads, signs in --users
clients (officers, finance and vendors in turn) and has each fetch its dashboard, the contract list
and the demo contract for --seconds. Prints requests/s, p50/p95 latency, errors, and the resident
memory of each worker before and after.

The clients run in this process (threads), on the same cores as the server: figures are a floor.

Run: .venv/bin/python benchmarks/bench_serve.py [--workers 3 --threads 4 --users 20 --seconds 30]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
ROLES = ("procurement", "finance", "vendor")
USERS = {"procurement": "officer", "finance": "finance", "vendor": "vendor"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def workers_of(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def sign_in(base: str, username: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(base + "/login", timeout=30).read().decode()
    token = CSRF.search(page).group(1)
    form = {"username": username, "password": f"{username}-demo", "csrf_token": token}
    response = opener.open(base + "/login", data=urllib.parse.urlencode(form).encode(), timeout=30)
    assert "/login" not in response.url, f"{username} could not sign in"
    return opener


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--database-url", default="", help="an empty database (default: a temporary SQLite file)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url or f"sqlite:///{work / 'bench.sqlite'}",
        "SECRET_KEY": "bench",
        "STORAGE_DIR": str(work / "files"),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(args.workers),
        "WEB_THREADS": str(args.threads),
        "ACCESS_LOG": "",
    }
    flask = [str(BIN / "flask"), "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    log = (work / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "app:app"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/login", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        openers = [sign_in(base, USERS[ROLES[n % len(ROLES)]]) for n in range(args.users)]
        pages = ["/", "/contracts/", "/contracts/1"]
        for opener in openers[: len(ROLES)]:  # warm every worker's caches a little
            for page in pages:
                opener.open(base + page, timeout=60).read()
        before = {pid: rss_mb(pid) for pid in workers_of(server.pid)}
        latencies: list[float] = []
        errors: list[str] = []
        stop = time.monotonic() + args.seconds
        lock = threading.Lock()

        def client(opener: urllib.request.OpenerDirector, offset: int) -> None:
            n = offset
            while time.monotonic() < stop:
                page = pages[n % len(pages)]
                n += 1
                start = time.perf_counter()
                try:
                    with opener.open(base + page, timeout=60) as response:
                        response.read()
                        ok = response.status == 200
                except Exception as error:  # noqa: BLE001 — a benchmark counts every failure
                    ok, page = False, f"{page}: {error}"
                with lock:
                    (latencies if ok else errors).append(time.perf_counter() - start if ok else page)

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(o, i)) for i, o in enumerate(openers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        after = {pid: rss_mb(pid) for pid in workers_of(server.pid)}
        latencies.sort()
        p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else float("nan")
        print(
            f"workers {args.workers} × threads {args.threads}, {args.users} users, {elapsed:.0f} s: "
            f"{len(latencies) / elapsed:.1f} requests/s, p50 {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, {len(errors)} errors"
        )
        print(f"master {rss_mb(server.pid):.0f} MB; workers before: " + ", ".join(f"{v:.0f}" for v in before.values()))
        print("workers after: " + ", ".join(f"{v:.0f}" for v in after.values()) + " MB")
        for error in errors[:5]:
            print("error:", error)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    main()
