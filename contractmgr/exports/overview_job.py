"""Finance's overview workbook written for an export job (services/overview_export.py queues it; the job
worker, contractmgr/jobs.py, calls `write` and keeps the file)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import IO

import sqlalchemy as sa
from flask_babel import force_locale

from contractmgr.exports.schedule_xlsx import overview_workbook
from contractmgr.extensions import db
from contractmgr.models import Job, User
from contractmgr.services.access import visible_contracts
from contractmgr.services.overview import export_rows, listed_states, month_totals


@contextmanager
def write(job: Job, progress: Callable[[int, int], None]) -> Iterator[IO[bytes]]:
    """Write the job's workbook into a temporary file (gone when the block ends), calling
    `progress(rows written, rows)` as it goes."""
    user = db.session.get(User, job.user_id)
    today = date.fromisoformat(job.params["today"])
    filters = job.params["filters"]
    contracts = visible_contracts(user)
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(listed_states(contracts, today, **filters).subquery())
    )
    progress(0, total)
    with force_locale(job.params["locale"]):
        rows = _counted(export_rows(contracts, today, **filters), total, progress)
        file = overview_workbook(rows, month_totals(contracts, today, **filters), identifier=job.id)
    try:
        yield file
    finally:
        file.close()


def _counted(rows: Iterable, total: int, progress: Callable[[int, int], None]) -> Iterator:
    for done, row in enumerate(rows, start=1):
        yield row
        progress(done, total)
