"""Durable import jobs: queued in the job queue, read by a job worker in another process, their state in
our database so that any app process shows the progress, surviving a worker that was not running."""

import io
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from functools import partial
from pathlib import Path

import pytest
import sqlalchemy as sa

from contractmgr import jobs as background
from contractmgr.extensions import db
from contractmgr.models import ImportRecord, Job, StoredFile, User
from contractmgr.models.types import utcnow
from contractmgr.services import jobs as job_state
from contractmgr.services.storage import storage_path, store_made_file
from tests import documents
from tests.conftest import FreshContextClient, make_app
from tests.helpers import csrf_token
from tests.imports.conftest import upload

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def second_app(app, database_uri, tmp_path):
    """Another app process's view: its own app (instance folder, engine, sessions) on the same
    database, file store and queue, with an officer signed in."""
    other = make_app(
        database_uri,
        tmp_path / "instance-2",
        STORAGE_DIR=app.config["STORAGE_DIR"],
        JOBS_URL=app.config["JOBS_URL"],
    )
    other.test_client_class = FreshContextClient
    client = other.test_client()
    token = csrf_token(client.get("/login"))
    client.post("/login", data={"username": "officer", "password": "officer-demo", "csrf_token": token})
    yield client
    with other.app_context():
        db.engine.dispose()


@pytest.fixture
def worker_process(app, database_uri):
    """Starts `flask --app app jobs worker` (a real process) on the test's database, files and queue."""
    started = []

    def start(**settings: str) -> subprocess.Popen:
        env = {
            **os.environ,
            **settings,
            "DATABASE_URL": database_uri,
            "STORAGE_DIR": app.config["STORAGE_DIR"],
            "JOBS_URL": app.config["JOBS_URL"],
            "SECRET_KEY": "test",
        }
        flask = Path(sys.executable).parent / "flask"
        process = subprocess.Popen(
            [str(flask), "--app", "app", "jobs", "worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def poll_until(client, url: str, states=("queued", "running"), seconds: float = 90) -> dict:
    deadline = time.monotonic() + seconds
    job = client.get(url).json
    while job["state"] in states and time.monotonic() < deadline:
        time.sleep(0.1)
        job = client.get(url).json
    return job


def test_a_job_queued_while_no_worker_runs_is_read_by_a_worker_process_started_later(
    officer, contract_pdf, second_app, worker_process
):
    response = upload(officer, contract_pdf, background=True)
    assert response.status_code == 202
    poll = response.json["poll"]
    # No worker yet: the job waits, and another app process sees it waiting.
    time.sleep(0.5)
    assert second_app.get(poll).json["state"] == "queued"
    job = db.session.scalar(sa.select(Job))
    assert storage_path(job.sha256).read_bytes() == contract_pdf.read_bytes()  # kept where any host reads it

    worker_process()
    seen = []
    deadline = time.monotonic() + 90
    answer = second_app.get(poll).json
    while answer["state"] in ("queued", "running") and time.monotonic() < deadline:
        seen.append(answer["state"])
        time.sleep(0.05)
        answer = second_app.get(poll).json
    assert answer["state"] == "done", answer
    record = db.session.scalar(sa.select(ImportRecord))
    assert answer["redirect"] == f"/imports/{record.id}" and record.status == "review"
    assert len(record.payload["line_items"]) == 40 and record.created_by_id is not None
    job = db.session.scalar(sa.select(Job))
    assert (job.state, job.import_record_id, job.done, job.total) == ("done", record.id, 18, 18)
    assert job.started_at and job.finished_at and job.created_at <= job.started_at <= job.finished_at
    assert officer.get(poll).json == answer  # the uploader's own process says the same


def test_a_queued_job_cancelled_is_never_read(app, officer, contract_pdf, second_app):
    poll = upload(officer, contract_pdf, background=True).json["poll"]
    token = csrf_token(officer.get("/imports/"))
    answer = second_app.post(poll + "/cancel", headers={"X-CSRFToken": csrf_token(second_app.get("/imports/"))})
    assert answer.status_code == 200 and answer.json["state"] == "cancelled" and "取消" in answer.json["message"]
    # The queue still holds its message; a worker that takes it finds the job cancelled and leaves it.
    queue = background.queue_of(app)
    assert len(queue) == 1
    worker = background.consumer(app, in_thread=True)
    worker.start()
    try:
        deadline = time.monotonic() + 30
        while len(queue) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
    finally:
        worker.stop(graceful=True)
    assert len(queue) == 0 and officer.get(poll).json["state"] == "cancelled"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportRecord)) == 0
    assert officer.post(poll + "/cancel", headers={"X-CSRFToken": token}).json["state"] == "cancelled"


def test_a_running_job_cancelled_stops_and_imports_nothing(app, officer, files, contract_data):
    path = documents.pdf_contract(files / "contract-120.pdf", documents.with_many_lines(contract_data, 120))
    poll = upload(officer, path, background=True).json["poll"]
    job_id = poll.rsplit("/", 1)[1]
    reader = threading.Thread(target=background.run_import, args=(app, job_id))
    reader.start()
    try:
        answer = poll_until(officer, poll, states=("queued",), seconds=60)
        while answer["state"] == "running" and not answer["done"]:
            answer = officer.get(poll).json
        assert answer["state"] == "running" and 0 < answer["done"] < answer["total"], answer
        token = csrf_token(officer.get("/imports/"))
        assert officer.post(poll + "/cancel", headers={"X-CSRFToken": token}).json["state"] == "cancelled"
    finally:
        reader.join(timeout=120)
    db.session.rollback()
    job = db.session.get(Job, job_id)
    assert job.state == "cancelled" and job.import_record_id is None and job.done < job.total
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportRecord)) == 0


def test_a_job_whose_worker_was_killed_mid_job_is_read_again_by_the_next_worker_and_imported_once(
    officer, contract_pdf, worker_process
):
    poll = upload(officer, contract_pdf, background=True).json["poll"]
    job_id = poll.rsplit("/", 1)[1]
    slow = worker_process(JOBS_TEST_PAGE_DELAY="0.5")
    answer = poll_until(officer, poll, states=("queued",))
    while answer["state"] == "running" and answer["done"] < 3:
        time.sleep(0.05)
        answer = officer.get(poll).json
    assert answer["state"] == "running" and 3 <= answer["done"] < answer["total"], answer
    slow.send_signal(signal.SIGKILL)
    slow.wait(timeout=30)
    db.session.rollback()
    job = db.session.get(Job, job_id)
    assert (job.state, job.attempts) == ("running", 1) and job.worker.endswith(f":{slow.pid}")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportRecord)) == 0

    time.sleep(1.5)  # the dead worker's heartbeat is now older than the next worker's JOBS_STALE_AFTER
    fresh = worker_process(JOBS_STALE_AFTER="1")
    answer = poll_until(officer, poll)
    assert answer["state"] == "done", answer
    db.session.rollback()
    job = db.session.get(Job, job_id)
    assert (job.state, job.attempts, job.done, job.total) == ("done", 2, 18, 18)
    assert job.worker.endswith(f":{fresh.pid}")
    records = db.session.scalars(sa.select(ImportRecord)).all()
    assert len(records) == 1 and len(records[0].payload["line_items"]) == 40  # saved once


def _stale_running_job(officer, contract_pdf, app, attempts: int) -> tuple[str, str]:
    poll = upload(officer, contract_pdf, background=True).json["poll"]
    job_id = poll.rsplit("/", 1)[1]
    background.queue_of(app).flush()  # the message a worker took before it died
    assert job_state.start(job_id)
    old = utcnow() - job_state.stale_after() - timedelta(seconds=1)
    db.session.execute(sa.update(Job).where(Job.id == job_id).values(heartbeat_at=old, attempts=attempts))
    db.session.commit()
    return poll, job_id


def test_a_job_whose_worker_stopped_waits_to_be_read_again(app, officer, contract_pdf):
    poll, job_id = _stale_running_job(officer, contract_pdf, app, attempts=1)
    assert officer.get(poll).json["state"] == "queued"
    result = app.test_cli_runner().invoke(args=["jobs", "status", "--requeue-stale"])
    assert result.exit_code == 0, result.output
    assert (
        "queued again (their worker died): 1" in result.output and "messages waiting in the queue: 1" in result.output
    )
    db.session.rollback()
    assert db.session.get(Job, job_id).state == "queued"
    # Another look finds nothing more to queue: the job moved once.
    assert (
        "queued again (their worker died): 0"
        in app.test_cli_runner().invoke(args=["jobs", "status", "--requeue-stale"]).output
    )


def test_a_job_whose_workers_died_three_times_fails_and_says_so(app, officer, contract_pdf):
    poll, job_id = _stale_running_job(officer, contract_pdf, app, attempts=3)
    answer = officer.get(poll).json  # before any worker looked: lost
    assert answer["state"] == "failed" and answer["error"] == "job_lost" and "重新上传" in answer["message"]
    result = app.test_cli_runner().invoke(args=["jobs", "status", "--requeue-stale"])
    assert (
        "queued again (their worker died): 0" in result.output and "messages waiting in the queue: 0" in result.output
    )
    db.session.rollback()
    job = db.session.get(Job, job_id)
    assert (job.state, job.error_code, job.import_record_id) == ("failed", "job_lost", None)
    assert officer.get(poll).json == answer


def test_a_failed_job_is_worded_in_the_readers_language(officer, tmp_path, jobs_worker):
    poll = upload(officer, documents.pdf_scanned(tmp_path / "scan.pdf"), background=True).json["poll"]
    answer = poll_until(officer, poll)
    assert (answer["state"], answer["error"]) == ("failed", "scanned_pdf") and "扫描件" in answer["message"]
    officer.post("/language/en", data={"csrf_token": csrf_token(officer.get("/imports/"))})
    assert "scan" in officer.get(poll).json["message"]
    job = db.session.scalar(sa.select(Job))
    assert (job.state, job.error_code, job.import_record_id) == ("failed", "scanned_pdf", None)


def test_a_failed_job_keeps_the_file_it_stored(officer, tmp_path, jobs_worker):
    """Nothing stored is deleted (《政府采购法》第四十二条): the upload of a failed import stays in the store,
    though no record points to it."""
    scan = documents.pdf_scanned(tmp_path / "scan.pdf")
    assert poll_until(officer, upload(officer, scan, background=True).json["poll"])["state"] == "failed"
    job = db.session.scalar(sa.select(Job))
    assert storage_path(job.sha256).read_bytes() == scan.read_bytes()


def test_jobs_status_lists_what_waits(app, officer, contract_pdf):
    upload(officer, contract_pdf, background=True)
    result = app.test_cli_runner().invoke(args=["jobs", "status"])
    assert result.exit_code == 0, result.output
    assert "queued 1" in result.output and "messages waiting in the queue: 1" in result.output
    assert contract_pdf.name in result.output


# -- one attempt owns the job ------------------------------------------------------------------


@pytest.fixture
def stalling_app(app, database_uri, tmp_path):
    """Another worker's app on the same database, files and queue, whose runs stall (alive) for a few
    seconds between reading the file and keeping the import: a worker that looks dead but is not."""
    other = make_app(
        database_uri,
        tmp_path / "instance-stalling",
        STORAGE_DIR=app.config["STORAGE_DIR"],
        JOBS_URL=app.config["JOBS_URL"],
        JOBS_TEST_STALL=4,
    )
    yield other
    with other.app_context():
        db.engine.dispose()


def _in_thread(target, *args) -> tuple[threading.Thread, list]:
    outcome: list = []
    thread = threading.Thread(target=lambda: outcome.append(target(*args)))
    thread.start()
    return thread, outcome


def _wait_for_stall(job_id: str, seconds: float = 90) -> Job:
    """The job once its first attempt has read every page (and so stalls before keeping its import)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.rollback()
        job = db.session.get(Job, job_id)
        if job.state == "running" and job.total and job.done == job.total:
            return job
        time.sleep(0.05)
    raise AssertionError("the first attempt never finished reading")


def _counted(model) -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_stalled_worker_that_wakes_after_its_job_was_taken_again_keeps_nothing(
    app, officer, contract_pdf, stalling_app, caplog
):
    """Attempt 1 stalls after reading; its heartbeat goes old, the job is queued again and attempt 2 reads
    and keeps the import. Attempt 1 then wakes and finishes too: it is told it lost, and keeps nothing."""
    poll = upload(officer, contract_pdf, background=True).json["poll"]
    job_id = poll.rsplit("/", 1)[1]
    first, first_outcome = _in_thread(background.run_import, stalling_app, job_id)
    try:
        _wait_for_stall(job_id)
        # As a worker would find it once JOBS_STALE_AFTER has passed without a heartbeat:
        assert job_state.requeue_stale(now=utcnow() + timedelta(hours=1)) == [(job_id, "import")]
        assert background.run_import(app, job_id) == "done"  # attempt 2
    finally:
        first.join(timeout=120)
    assert first_outcome == ["lost"]
    assert any("lost it to a later attempt" in r.getMessage() for r in caplog.records)
    job = db.session.get(Job, job_id)
    record = db.session.scalar(sa.select(ImportRecord))
    assert (job.state, job.attempts, job.import_record_id) == ("done", 2, record.id)
    assert _counted(ImportRecord) == 1
    assert officer.get(poll).json["redirect"] == f"/imports/{record.id}"


def test_a_job_cancelled_while_its_worker_stalled_keeps_no_import(officer, contract_pdf, stalling_app):
    poll = upload(officer, contract_pdf, background=True).json["poll"]
    job_id = poll.rsplit("/", 1)[1]
    worker, outcome = _in_thread(background.run_import, stalling_app, job_id)
    try:
        _wait_for_stall(job_id)
        token = csrf_token(officer.get("/imports/"))
        assert officer.post(poll + "/cancel", headers={"X-CSRFToken": token}).json["state"] == "cancelled"
    finally:
        worker.join(timeout=120)
    assert outcome == ["cancelled"]
    assert officer.get(poll).json["state"] == "cancelled" and _counted(ImportRecord) == 0


def test_a_cancel_that_comes_after_the_finish_changes_nothing(app, officer, contract_pdf):
    poll = upload(officer, contract_pdf, background=True).json["poll"]
    assert background.run_import(app, poll.rsplit("/", 1)[1]) == "done"
    token = csrf_token(officer.get("/imports/"))
    answer = officer.post(poll + "/cancel", headers={"X-CSRFToken": token}).json
    assert answer["state"] == "done" and _counted(ImportRecord) == 1


def _racing_job(app, tmp_path, round_: int, *, requeued: bool) -> tuple[str, list[int]]:
    """A running job (as a worker took it); with `requeued`, taken again by a second attempt after
    the first looked dead. Its id and the attempts that hold it, oldest first."""
    path = tmp_path / f"upload-{round_}.pdf"
    path.write_bytes(f"%PDF-1.4 round {round_}".encode())
    job = job_state.queue_import(
        path, path.name, by=db.session.scalar(sa.select(User).where(User.username == "officer"))
    )
    db.session.commit()
    attempts = [job_state.start(job.id)]
    if requeued:
        job_state.requeue_stale(now=utcnow() + timedelta(hours=1))
        attempts.append(job_state.start(job.id))
    return job.id, attempts


def _race(app, *runs) -> list:
    """Run each callable in its own thread (own app context, own session, own connection), all let go at once."""
    barrier = threading.Barrier(len(runs))
    results: list = [None] * len(runs)

    def run(index, work):
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                results[index] = work()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, work)) for i, work in enumerate(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _finish_with_a_file(job_id: str, attempt: int) -> str:
    """What a worker does at the end of its run, its result a stored file of its own."""

    def keep() -> dict:
        stored = store_made_file(io.BytesIO(f"{job_id} by {attempt}".encode()), "result.txt", "text", by=None)
        return {"stored_file_id": stored.id}

    return background._finish(job_id, attempt, keep)


def _cancel(job_id: str) -> bool:
    with committed_now():
        return job_state.cancel(db.session.get(Job, job_id))


@contextmanager
def committed_now():
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def test_two_attempts_finishing_at_once_keep_one_result_and_a_cancel_racing_a_finish_never_both(app, demo, tmp_path):
    """Real concurrency, on each engine: threads with their own connections let go at once. Two attempts of
    one job finishing: only the newer keeps its result, the older is told it lost. A cancel and a finish:
    exactly one of them wins, and a cancelled job has no result."""
    for round_ in range(6):
        job_id, (old, new) = _racing_job(app, tmp_path, round_, requeued=True)
        results = _race(app, partial(_finish_with_a_file, job_id, old), partial(_finish_with_a_file, job_id, new))
        assert results == ["lost", "done"], round_
        db.session.rollback()
        job = db.session.get(Job, job_id)
        assert job.state == "done" and job.stored_file_id is not None
        assert _counted(StoredFile) == round_ + 1
    kept = _counted(StoredFile)
    for round_ in range(6, 18):
        job_id, (attempt,) = _racing_job(app, tmp_path, round_, requeued=False)
        finished, cancelled = _race(app, partial(_finish_with_a_file, job_id, attempt), partial(_cancel, job_id))
        db.session.rollback()
        job = db.session.get(Job, job_id)
        if cancelled:
            assert (finished, job.state, job.stored_file_id) == ("cancelled", "cancelled", None), round_
        else:
            assert finished == "done" and job.state == "done" and job.stored_file_id is not None, round_
            kept += 1
        assert _counted(StoredFile) == kept
