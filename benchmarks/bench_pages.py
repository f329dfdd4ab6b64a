"""Per-page time (p50/p95) and SQL query count at a given number of contracts, on PostgreSQL.

The database is made once per size with the generator and reused (it takes a while):

    createdb cm_bench_1000
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cm_bench_1000 .venv/bin/flask --app app db upgrade
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cm_bench_1000 .venv/bin/flask --app app generate --contracts 1000

Then (or `make bench-scale`, which does all of it for the sizes in BENCH_SIZES when the database is missing):

    .venv/bin/python benchmarks/bench_pages.py --database cm_bench_1000 [--repeat 5]

Each page is read by the role that uses it, in-process through the test client (no server: the
figures are the application's and the database's cost, not the network's); the first read of each
page is a warm-up and not counted. CPU ms is this process's CPU time for the request (time.process_time:
the application's Python, not the database server's), which load on a shared host changes far less than wall time.
`--profile DIR` writes a cProfile of each page's measured reads to DIR/<page>.prof (`python -m pstats`).
Prints a Markdown table for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from contractmgr.extensions import db  # noqa: E402
from contractmgr.factory import create_app  # noqa: E402
from contractmgr.models import Contract, User  # noqa: E402
from contractmgr.services.generate import PASSWORD  # noqa: E402
from contractmgr.serving import freeze_loaded_app  # noqa: E402
from tests.helpers import csrf_token  # noqa: E402

#: page → (who reads it, URL); {contract} is a contract that user may see
PAGES = {
    "officer dashboard": ("gen-officer", "/"),
    "finance overview": ("gen-finance", "/finance/"),
    "finance overview.xlsx": ("gen-finance", "/finance/overview.xlsx"),
    "contract list": ("gen-officer", "/contracts/"),
    "API /contracts": ("gen-officer", "/api/v1/contracts"),
    "vendor dashboard (large)": ("gen-vendor-large", "/"),
    "vendor dashboard (medium)": ("gen-vendor-medium", "/"),
    "vendor dashboard (small)": ("gen-vendor-small", "/"),
    "tenders list": ("gen-officer", "/tenders/"),
    "deadlines": ("gen-officer", "/deadlines/"),
    "finance deadlines": ("gen-finance", "/deadlines/"),
    "vendor deadlines (large)": ("gen-vendor-large", "/deadlines/"),
    "finance dashboard": ("gen-finance", "/"),
    "one contract page": ("gen-officer", "/contracts/{contract}"),
    "one schedule": ("gen-finance", "/finance/contracts/{contract}"),
    # every kind, a Chinese substring matching thousands of lines (trigram index) and a 2-character one (scan)
    "search 呼叫中心 (officer)": ("gen-officer", "/search/?q=呼叫中心"),
    "search 运维 (officer)": ("gen-officer", "/search/?q=运维"),
    "search 运维 (largest vendor)": ("gen-vendor-large", "/search/?q=运维"),
}


def signed_in(app, username: str):
    client = app.test_client()
    token = csrf_token(client.get("/login"))
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, f"cannot sign in as {username}: was the database generated?"
    return client


def measure(
    app, repeat: int, only: list[str] | None, explain: str | None = None, profile: Path | None = None
) -> list[tuple]:
    rows = []
    with app.app_context():
        contract_id = db.session.scalar(sa.select(sa.func.max(Contract.id)))
        officer = db.session.scalar(sa.select(User).where(User.username == "gen-officer"))
        token = officer.issue_token()
        db.session.commit()
        contracts = db.session.scalar(sa.select(sa.func.count(Contract.id)))
        analyzed = db.session.scalar(
            sa.text(
                "SELECT coalesce(last_analyze, last_autoanalyze) IS NOT NULL FROM pg_stat_user_tables"
                " WHERE relname = 'line_items'"
            )
        )
    print(f"{contracts} contracts", file=sys.stderr)
    if not analyzed:  # plans made without statistics are not the plans a served database gets
        print("warning: no planner statistics (run ANALYZE; `flask generate` does at its end)", file=sys.stderr)
    clients = {}
    for page, (username, url) in PAGES.items():
        if only and page not in only:
            continue
        client = clients.get(username) or clients.setdefault(username, signed_in(app, username))
        url = url.format(contract=contract_id)
        headers = {"Authorization": f"Bearer {token}"} if url.startswith("/api/") else {}
        statements = []

        def count(conn, cursor, statement, parameters, context, executemany, statements=statements):
            statements.append((statement, parameters))

        times, cpu = [], []
        size = 0
        profiler = cProfile.Profile()
        for attempt in range(repeat + 1):
            with app.app_context():
                sa.event.listen(db.engine, "before_cursor_execute", count)
                statements.clear()
                if profile and attempt:
                    profiler.enable()
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url, headers=headers)
                elapsed, used = time.perf_counter() - started, time.process_time() - started_cpu
                profiler.disable()
                sa.event.remove(db.engine, "before_cursor_execute", count)
            assert response.status_code == 200, (page, response.status_code)
            size = len(response.get_data())
            if attempt:
                times.append(elapsed * 1000)
                cpu.append(used * 1000)
        p50 = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
        sql_ms, buffers = explained(app, statements, explain == "each") if explain else (0.0, 0)
        cpu_ms = (statistics.median(cpu), statistics.quantiles(cpu, n=20)[-1] if len(cpu) > 1 else cpu[0])
        if profile:
            profile.mkdir(parents=True, exist_ok=True)
            profiler.dump_stats(profile / f"{page.replace('/', '_')}.prof")
        rows.append((page, p50, p95, cpu_ms, len(statements), size, sql_ms, buffers))
        print(
            f"{page}: p50 {p50:.0f} ms, p95 {p95:.0f} ms, CPU {cpu_ms[0]:.0f} / {cpu_ms[1]:.0f} ms, {len(statements)} queries",
            file=sys.stderr,
        )
    return rows


def explained(app, statements: list[tuple[str, object]], each: bool = False) -> tuple[float, int]:
    """The page's statements run again under EXPLAIN (ANALYZE, BUFFERS): the database's own time (ms) and
    the shared buffers they touched (hit + read), summed. Unlike wall time on a shared host, buffer counts
    do not depend on the load; the slowest statement's plan goes to stderr (with `each`, every statement's
    time and start too)."""
    total_ms, total_buffers, slowest = 0.0, 0, (0.0, "", [])
    with app.app_context():
        connection = db.session.connection()
        cursor = connection.connection.cursor()
        for statement, parameters in statements:
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, parameters)
            plan = cursor.fetchone()[0][0]
            top = plan["Plan"]
            total_ms += plan["Execution Time"]
            if each:
                print(f"  {plan['Execution Time']:7.1f} ms  {' '.join(statement.split())[:150]}", file=sys.stderr)
            total_buffers += top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)
            if plan["Execution Time"] > slowest[0]:
                slowest = (plan["Execution Time"], statement, parameters)
        db.session.rollback()
        if slowest[1]:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[1], slowest[2])
            print(f"  slowest statement ({slowest[0]:.1f} ms):", file=sys.stderr)
            for (line,) in cursor.fetchall():
                print(f"    {line}", file=sys.stderr)
    return total_ms, total_buffers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="a PostgreSQL database made by `flask generate`")
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/", help="server URL")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--page", action="append", help="only this page (repeatable)")
    parser.add_argument(
        "--explain",
        nargs="?",
        const="sum",
        choices=("sum", "each"),
        help="also each page's SQL under EXPLAIN ANALYZE: its time and buffers (each: every statement's time too)",
    )
    parser.add_argument("--profile", type=Path, metavar="DIR", help="a cProfile of each page's reads in DIR")
    args = parser.parse_args()
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": args.url + args.database, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": True}
    )
    freeze_loaded_app()  # as gunicorn.conf.py does before forking its workers
    rows = measure(app, args.repeat, args.page, args.explain, args.profile)
    print(
        f"\n| page ({args.database}) | p50 ms | p95 ms | CPU ms p50 / p95 | queries | bytes | SQL ms (EXPLAIN ANALYZE) | buffers |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for page, p50, p95, cpu_ms, queries, size, sql_ms, buffers in rows:
        print(
            f"| {page} | {p50:.0f} | {p95:.0f} | {cpu_ms[0]:.0f} / {cpu_ms[1]:.0f} | {queries} | {size:,} | {sql_ms:.1f} | {buffers:,} |"
        )


if __name__ == "__main__":
    main()
