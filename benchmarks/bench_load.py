"""Concurrent users of every role against a real server (gunicorn, as `make serve` runs it), on a
generated PostgreSQL database: errors, p50/p95 per page, requests per second, and the server's memory
(RSS of the master and its workers) every 10 seconds.

    .venv/bin/python benchmarks/bench_load.py --database cm_bench_1000 [--users 50] [--seconds 60]

Users are split as in the issue's measurement: 40% officers, 30% finance, 30% vendors (the largest,
a middling and the smallest vendor in turn). Each user signs in through the login form, then reads its
role's usual pages in a loop, with no pause (`--think S`: a random pause of 0–2S seconds before each page,
a person reading the page). A request that fails, answers an error status or takes
longer than --timeout counts as an error.

Prints everything a re-run on another host needs for benchmarks/README.md: requests per second, errors
(by page), p50/p95 in all and per role and page, the server's RSS every 10 s as it goes (run two minutes,
--seconds 120, to see whether it keeps growing after the first), and the host's load average before,
during and after the run (the machine's other work shows in the times, not in the error count).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "generated-pass"

#: role → (username(s), the pages it reads in turn)
ROLES = {
    "officer": (
        ("gen-officer",),
        ("/", "/contracts/", "/tenders/", "/contracts/?page=2", "/api/v1/contracts", "/deadlines/", "/search/?q=运维"),
    ),
    "finance": (("gen-finance",), ("/", "/finance/", "/contracts/", "/deadlines/")),
    "vendor": (("gen-vendor-large", "gen-vendor-medium", "gen-vendor-small"), ("/", "/contracts/", "/deadlines/")),
}
MIX = (("officer", 0.4), ("finance", 0.3), ("vendor", 0.3))


def rss_kb(pid: int) -> int:
    """Resident memory of `pid` and its children, in kB (from /proc)."""
    total = 0
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    for each in [str(pid), *children]:
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(match.group(1)) if match else 0
    return total


def load_average() -> str:
    return " / ".join(f"{load:.1f}" for load in os.getloadavg())


def sign_in(base: str, username: str, timeout: float) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(base + "/login", timeout=timeout).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrf_token": token}).encode()
    opener.open(base + "/login", data=data, timeout=timeout).read()
    return opener


def api_token(database_url: str) -> str:
    """A bearer token of gen-officer for the API pages (the API does not read the session cookie)."""
    sys.path.insert(0, str(ROOT))
    import sqlalchemy as sa

    from contractmgr.extensions import db
    from contractmgr.factory import create_app
    from contractmgr.models import User

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench-load"})
    with app.app_context():
        token = db.session.scalar(sa.select(User).where(User.username == "gen-officer")).issue_token()
        db.session.commit()
        db.engine.dispose()
    return token


def user_loop(base, role, opener, token, deadline, timeout, results, lock, think=0.0):
    pages = ROLES[role][1]
    n = 0
    pause = random.Random(id(opener))
    while time.monotonic() < deadline:
        if think:
            # a person reading the page before the next click; before the first, the moment each arrives (people
            # do not all click at the same instant, which would queue every first request behind the others)
            time.sleep(pause.uniform(0, 2 * think))
        url = pages[n % len(pages)]
        n += 1
        request = urllib.request.Request(base + urllib.parse.quote(url, safe="/?=&"))
        if url.startswith("/api/"):
            request.add_header("Authorization", f"Bearer {token}")
        started = time.perf_counter()
        try:
            with opener.open(request, timeout=timeout) as response:
                response.read()
                ok = response.status == 200
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            ok = False
            with lock:
                results["details"].append(f"{role} {url}: {error!r}")
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            if ok:
                results["times"][f"{role} {url}"].append(elapsed)
            else:
                results["errors"].append((role, url))


def role_of(i: int, users: int) -> tuple[str, str]:
    """The role and username of the i-th of `users` users (MIX's shares, the vendors in turn)."""
    share, role = i / users, MIX[-1][0]
    for name, part in MIX:
        if share < part:
            role = name
            break
        share -= part
    usernames = ROLES[role][0]
    return role, usernames[i % len(usernames)]


def sign_in_all(base: str, roles: list[tuple[str, str]], results, lock) -> list[tuple[str, object]]:
    """Every user signed in before the clock starts (a sign-in hashes a password on purpose: 50 at once
    is not a page's cost); a sign-in that fails is an error of the run."""
    openers: list[tuple[str, object]] = []

    def one(role: str, username: str) -> None:
        try:
            opener = sign_in(base, username, timeout=120)
        except Exception as error:  # noqa: BLE001 - counted and shown
            with lock:
                results["errors"].append(("login", username))
                results["details"].append(f"sign-in of {username}: {error!r}")
            return
        with lock:
            openers.append((role, opener))

    threads = [threading.Thread(target=one, args=role) for role in roles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return openers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean seconds a user reads a page before the next (0: no pause)"
    )
    args = parser.parse_args()
    env = dict(
        os.environ,
        DATABASE_URL=f"{args.server}/{args.database}",
        BIND=f"127.0.0.1:{args.port}",
        ACCESS_LOG="",
        SECRET_KEY="bench-load",
    )
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--config", "gunicorn.conf.py", "app:app"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{args.port}"
    token = api_token(env["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/login", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        memory = [(0, rss_kb(server.pid))]
        loads = [load_average()]
        print(f"load average (1 / 5 / 15 min) before: {loads[0]}; server RSS at 0 s: {memory[0][1] / 1024:.0f} MB")
        results = {"times": defaultdict(list), "errors": [], "details": []}
        lock = threading.Lock()
        roles = [role_of(i, args.users) for i in range(args.users)]
        openers = sign_in_all(base, roles, results, lock)
        print(f"{len(openers)} of {args.users} users signed in; load average {load_average()}", flush=True)
        deadline = time.monotonic() + args.seconds
        threads = []
        for role, opener in openers:
            thread = threading.Thread(
                target=user_loop, args=(base, role, opener, token, deadline, args.timeout, results, lock, args.think)
            )
            thread.start()
            threads.append(thread)
        started = time.monotonic()
        while any(t.is_alive() for t in threads):
            time.sleep(10)
            memory.append((round(time.monotonic() - started), rss_kb(server.pid)))
            loads.append(load_average())
            print(
                f"{memory[-1][0]:>4} s: server RSS {memory[-1][1] / 1024:.0f} MB, load average {loads[-1]}", flush=True
            )
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        try:
            server.wait(timeout=45)  # gunicorn lets the requests in flight finish (graceful_timeout 30 s)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    everything = [t for times in results["times"].values() for t in times]
    print(
        f"\n{args.users} users, {args.seconds} s, {args.database}, {os.cpu_count()} CPUs: {len(everything)} requests "
        f"({len(everything) / args.seconds:.1f}/s), {len(results['errors'])} errors"
    )
    print(f"load average (1 / 5 / 15 min): before {loads[0]}, at the end {loads[-1]}")
    if everything:
        print(
            f"all pages: p50 {statistics.median(everything):.0f} ms, "
            f"p95 {statistics.quantiles(everything, n=20)[-1]:.0f} ms"
        )
    print("\n| role and page | requests | p50 ms | p95 ms |\n|---|---:|---:|---:|")
    for page, times in sorted(results["times"].items()):
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
        print(f"| {page} | {len(times)} | {statistics.median(times):.0f} | {p95:.0f} |")
    print("\nserver RSS (s → MB): " + ", ".join(f"{s}: {kb / 1024:.0f}" for s, kb in memory))
    after_a_minute = [kb for s, kb in memory if s >= 60]
    if len(after_a_minute) > 1:
        print(f"RSS change after the first minute: {(after_a_minute[-1] - after_a_minute[0]) / 1024:+.0f} MB")
    by_page = defaultdict(int)
    for role, url in results["errors"]:
        by_page[f"{role} {url}"] += 1
    for page, count in sorted(by_page.items()):
        print(f"errors: {count} × {page}")
    for detail in results["details"][:10]:
        print(f"  {detail}")


if __name__ == "__main__":
    main()
