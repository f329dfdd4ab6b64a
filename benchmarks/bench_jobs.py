"""The job queue's own cost on each storage contractmgr can use (JOBS_URL): how long a job waits
between being queued and a worker starting it, and how many jobs a worker takes per second.

For each of SQLite (the default, a file), Redis (127.0.0.1:6379, db 15) and PostgreSQL (--postgres,
an empty database), a worker process runs Huey's consumer with the options of contractmgr/jobs.py
(one worker thread, idle polling up to 0.5 s where the storage cannot wake it). Measured:
- latency: one job queued at a time, after the worker has been idle (0.2–1.2 s), 20 times;
- throughput: 500 empty jobs queued at once, until the last one ran.

Run: .venv/bin/python benchmarks/bench_jobs.py [--postgres postgresql://postgres@127.0.0.1:5432/bench_jobs]
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from huey import PostgresHuey, RedisHuey, SqliteHuey  # noqa: E402

from contractmgr.jobs import MAX_POLL_SECONDS  # noqa: E402


def make_queue(kind: str, where: str):
    options = {"results": True, "utc": True}
    if kind == "sqlite":
        queue = SqliteHuey("bench", filename=where, **options)
    elif kind == "redis":
        queue = RedisHuey("bench", url=where, **options)
    else:
        queue = PostgresHuey("bench", dsn=where, **options)

    @queue.task(name="started")
    def started(queued_at: float) -> float:
        return time.time() - queued_at

    return queue, started


def work(kind: str, where: str) -> None:
    queue, _ = make_queue(kind, where)
    queue.create_consumer(workers=1, worker_type="thread", periodic=False, max_delay=MAX_POLL_SECONDS).run()


def measure(kind: str, where: str) -> tuple[float, float, float]:
    queue, started = make_queue(kind, where)
    queue.flush()
    worker = multiprocessing.get_context("fork").Process(target=work, args=(kind, where))
    worker.start()
    try:
        started(time.time()).get(blocking=True, timeout=30)  # the worker is up
        latencies = []
        for _ in range(20):
            time.sleep(random.uniform(0.2, 1.2))
            latencies.append(started(time.time()).get(blocking=True, timeout=30))
        begin = time.perf_counter()
        results = [started(time.time()) for _ in range(500)]
        for result in results:
            result.get(blocking=True, timeout=120)
        throughput = 500 / (time.perf_counter() - begin)
    finally:
        worker.terminate()
        worker.join()
    latencies.sort()
    return statistics.median(latencies), latencies[int(len(latencies) * 0.95) - 1], throughput


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--postgres", default="", help="an empty PostgreSQL database (skipped when not given)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        storages = [("sqlite", str(Path(folder) / "jobs.sqlite")), ("redis", args.redis)]
        if args.postgres:
            storages.append(("postgres", args.postgres))
        print(f"{'storage':<9} {'latency p50 ms':>14} {'p95 ms':>7} {'jobs/s':>7}")
        for kind, where in storages:
            p50, p95, throughput = measure(kind, where)
            print(f"{kind:<9} {p50 * 1000:>14.0f} {p95 * 1000:>7.0f} {throughput:>7.0f}")


if __name__ == "__main__":
    main()
