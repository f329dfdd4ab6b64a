"""Concurrent users of every role against a real server (gunicorn, as `make serve` runs it), on a
generated PostgreSQL database: errors, p50/p95 per page, requests per second, and the server's memory
(RSS of the master and its workers) every 10 seconds.

    .venv/bin/python benchmarks/bench_load.py --database cm_bench_1000 [--users 50] [--seconds 60]

Users are split as in the issue's measurement: 40% officers, 30% finance, 30% vendors (the largest,
a middling and the smallest vendor in turn). Each user signs in through the login form, then reads its
role's usual pages in a loop, with no pause. A request that fails, answers an error status or takes
longer than --timeout counts as an error.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
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
    "officer": (("gen-officer",), ("/", "/contracts/", "/tenders/", "/contracts/?page=2", "/api/v1/contracts")),
    "finance": (("gen-finance",), ("/", "/finance/", "/contracts/")),
    "vendor": (("gen-vendor-large", "gen-vendor-medium", "gen-vendor-small"), ("/", "/contracts/")),
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


def sign_in(base: str, username: str, timeout: float) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(base + "/login", timeout=timeout).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrf_token": token}).encode()
    opener.open(base + "/login", data=data, timeout=timeout).read()
    return opener


def user_loop(base, role, username, deadline, timeout, results, lock):
    try:
        opener = sign_in(base, username, timeout)
    except Exception as error:  # noqa: BLE001 - a failed sign-in is an error of the run, counted
        with lock:
            results["errors"].append(("login", repr(error)))
        return
    pages = ROLES[role][1]
    n = 0
    while time.monotonic() < deadline:
        url = pages[n % len(pages)]
        n += 1
        started = time.perf_counter()
        try:
            with opener.open(base + url, timeout=timeout) as response:
                response.read()
                ok = response.status == 200
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            ok, url = False, f"{url} ({error!r})"
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            if ok:
                results["times"][f"{role} {url}"].append(elapsed)
            else:
                results["errors"].append((role, url))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--timeout", type=float, default=30)
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
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/login", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        memory = [(0, rss_kb(server.pid))]
        results = {"times": defaultdict(list), "errors": []}
        lock = threading.Lock()
        deadline = time.monotonic() + args.seconds
        threads = []
        for i in range(args.users):
            share, role = i / args.users, None
            for name, part in MIX:
                if share < part:
                    role = name
                    break
                share -= part
            usernames = ROLES[role or "vendor"][0]
            thread = threading.Thread(
                target=user_loop,
                args=(base, role or "vendor", usernames[i % len(usernames)], deadline, args.timeout, results, lock),
            )
            thread.start()
            threads.append(thread)
        started = time.monotonic()
        while any(t.is_alive() for t in threads):
            time.sleep(10)
            memory.append((round(time.monotonic() - started), rss_kb(server.pid)))
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
        f"\n{args.users} users, {args.seconds} s, {args.database}: {len(everything)} requests "
        f"({len(everything) / args.seconds:.1f}/s), {len(results['errors'])} errors"
    )
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
    for error in results["errors"][:10]:
        print("error:", error, file=sys.stderr)


if __name__ == "__main__":
    main()
