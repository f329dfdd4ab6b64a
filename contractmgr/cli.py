"""Commands administrators and scripts rely on: `flask --app app demo`, `users create`, `users token`."""

import sys
from typing import NoReturn

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup

from contractmgr.audit import acting_as
from contractmgr.extensions import db
from contractmgr.models import Role, User
from contractmgr.models.types import utcnow
from contractmgr.services.demo import load_demo
from contractmgr.services.users import UserError, create_user, issue_api_token
from contractmgr.texts.messages import explain_violation

users = AppGroup("users", help="Manage users and their API tokens.")


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def _user_named(name: str) -> User:
    """The user of that name, or exit with a one-line error."""
    user = db.session.scalar(sa.select(User).where(User.username == name))
    if user is None:
        _fail(f"no user named {name}")
    return user


@users.command("create")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--vendor", "vendor_name", help="The vendor organisation (by name) of a vendor user.")
@click.option("--password", required=True, help="At least 10 characters, not the name, not a common password.")
def create_user_command(name: str, role: str, vendor_name: str | None, password: str) -> None:
    """Create user NAME with a role; a vendor's organisation is created when it does not exist yet."""
    try:
        user = create_user(name, role, password, vendor_name=vendor_name)
    except UserError as error:
        db.session.rollback()
        _fail(explain_violation(error))
    db.session.commit()
    click.echo(f"created {user.username} ({user.role})")


@users.command("token")
@click.argument("name")
def token_command(name: str) -> None:
    """Print a new bearer token for NAME's use of /api/v1 (shown once; only its digest is kept). Refused while
    NAME must change a password an administrator set."""
    user = _user_named(name)
    try:
        token = issue_api_token(user)
    except UserError as error:
        db.session.rollback()
        _fail(explain_violation(error))
    db.session.commit()
    click.echo(token)


@users.command("revoke-tokens")
@click.argument("name")
def revoke_tokens_command(name: str) -> None:
    """Revoke every API token of NAME (for a lost token or a user who left)."""
    user = _user_named(name)
    live = [token for token in user.tokens if token.revoked_at is None]
    for token in live:
        token.revoked_at = utcnow()
    db.session.commit()
    click.echo(f"revoked {len(live)} token(s) of {name}")


@users.command("set-password")
@click.argument("name")
@click.option("--password", required=True, help="At least 10 characters, not the name, not a common password.")
def set_password_command(name: str, password: str) -> None:
    """Set a new password for NAME (one who forgot theirs); ends NAME's sessions and API tokens, and NAME
    chooses a new password at the next sign-in."""
    from contractmgr.services.users import reset_password

    user = _user_named(name)
    try:
        with acting_as(None):
            reset_password(user, password)
    except UserError as error:
        db.session.rollback()
        _fail(explain_violation(error))
    db.session.commit()
    click.echo(f"password of {name} set; sessions ended and API tokens revoked; a new one is asked at sign-in")


@users.command("disable")
@click.argument("name")
def disable_command(name: str) -> None:
    """Disable NAME: no more sign-ins; every session of NAME ends and every API token is revoked."""
    from contractmgr.services.sessions import set_active

    user = _user_named(name)
    with acting_as(None):
        set_active(user, False)
    db.session.commit()
    click.echo(f"disabled {name}; sessions ended and API tokens revoked")


@users.command("enable")
@click.argument("name")
def enable_command(name: str) -> None:
    """Enable NAME again (sessions and tokens ended by disabling stay ended)."""
    from contractmgr.services.sessions import set_active

    user = _user_named(name)
    with acting_as(None):
        set_active(user, True)
    db.session.commit()
    click.echo(f"enabled {name}")


@click.command("demo")
def demo_command() -> None:
    """Load the demo data (the 洛阳 contract, the 安阳 tender, a user per role); twice changes nothing."""
    with acting_as(None):
        created = load_demo()
    db.session.commit()
    click.echo("\n".join(f"created {what}" for what in created) or "demo data already loaded")


@click.command("generate")
@click.option("--contracts", "count", type=click.IntRange(min=1), required=True, help="How many contracts to make.")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed makes the same data.")
@click.option("--batch", type=click.IntRange(min=1), default=50, show_default=True, help="Chains per commit.")
def generate_command(count: int, seed: int, batch: int) -> None:
    """Generate COUNT contracts with their lines, renewals, supplements, evaluations, penalties,
    payments, acceptance and tenders, through the services (for tests and benchmarks, not production)."""
    from contractmgr.services.generate import PASSWORD, generate

    def progress(made) -> None:
        click.echo(f"{made.contracts} contracts, {made.lines} lines", err=True)

    made = generate(count, seed=seed, batch=batch, progress=progress)
    if db.engine.dialect.name == "postgresql":
        # the planner's statistics: without them (a server with autovacuum off, or before it comes round)
        # every table looks empty and the list pages pick nested loops over the whole data
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
    click.echo(
        f"generated {made.contracts} contracts in {made.chains} chains, {made.lines} lines, {made.tenders} tenders"
    )
    click.echo(f"users (password {PASSWORD}): {made.officer}, {made.finance}, {made.admin}")
    for username, (vendor, contracts) in made.vendor_users.items():
        click.echo(f"  {username}: {vendor}, {contracts} contracts")


workdays = AppGroup("workdays", help="Working days on the official PRC calendar (and the administrator's entries).")


@workdays.command("add")
@click.argument("start", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.argument("n", type=click.IntRange(min=0))
def workdays_add_command(start, n: int) -> None:
    """Print the N-th working day after START (START itself not counted), or say it is provisional."""
    from contractmgr.services.calendar import working_calendar

    start = start.date()
    due = working_calendar(range(start.year, start.year + n // 200 + 2)).add_working_days(start, n)
    if due.provisional:
        years = ", ".join(map(str, due.unknown_years))
        click.echo(
            f"{due.on.isoformat()} provisional: the official calendar for {years} is not known "
            f"(its weekdays were counted as working days); an administrator can enter it under 节假日日历"
        )
    else:
        click.echo(due.on.isoformat())


reminders = AppGroup("reminders", help="E-mail each user the deadlines that concern them (cron, once a day).")


@reminders.command("send")
@click.option("--dry-run", is_flag=True, help="Print who would get what; send and record nothing.")
@click.option(
    "--on",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The business day to remind for (default today, in TIMEZONE), e.g. to catch up a day the job missed.",
)
def reminders_send_command(dry_run: bool, day) -> None:
    """Send today's reminder digests: deadlines 7, 3 and 1 working days ahead and those overdue since the last
    working day; a reminder already sent for that deadline and day is not sent again, a failed one is retried."""
    from contractmgr import clock
    from contractmgr.reminders import send_reminders

    today = day.date() if day else clock.today()
    count = send_reminders(today, dry_run=dry_run, echo=click.echo)
    if not dry_run:
        click.echo(f"reminders for {today.isoformat()}: digests to {count} user(s)")


jobs = AppGroup("jobs", help="Durable jobs: run a job worker, see what is queued and running.")


@jobs.command("worker")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1), help="Jobs run at once.")
def jobs_worker_command(workers: int) -> None:
    """Run a job worker until stopped (Ctrl-C or SIGTERM finish the job at hand; SIGINT twice stops at once)."""
    import logging

    from flask import current_app

    from contractmgr.jobs import consumer, requeue_stale

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = current_app._get_current_object()
    click.echo(f"job worker: {workers} at once, queue {_safe_url(app.config['JOBS_URL'])}", err=True)
    requeue_stale(app)  # jobs left running by a worker that died
    consumer(app, workers).run()


def _safe_url(url: str) -> str:
    """The queue's address without a password."""
    return sa.engine.make_url(url).render_as_string(hide_password=True) if "@" in url else url


@jobs.command("status")
@click.option("--requeue-stale", is_flag=True, help="First queue again the running jobs whose worker died.")
def jobs_status_command(requeue_stale: bool) -> None:
    """How many jobs are queued, running, done, failed and cancelled; the open ones listed."""
    from flask import current_app

    from contractmgr import jobs as background
    from contractmgr.jobs import queue_of
    from contractmgr.services import jobs as job_state

    if requeue_stale:
        requeued = background.requeue_stale(current_app._get_current_object())
        click.echo(f"queued again (their worker died): {len(requeued)}")

    counts = job_state.status_counts()
    click.echo(
        "  ".join(f"{state} {counts.get(state, 0)}" for state in ("queued", "running", "done", "failed", "cancelled"))
    )
    click.echo(f"messages waiting in the queue: {len(queue_of(current_app))}")
    for job in job_state.open_jobs():
        state = job_state.effective_state(job)
        pages = f"{job.done}/{job.total}" if job.total else "-"
        click.echo(f"{job.id}  {state:<8} {pages:>9}  {job.created_at:%Y-%m-%d %H:%M:%S}  {job.filename}")


milestones = AppGroup("milestones", help="Each payment milestone's state, kept as data for the lists.")


@milestones.command("refresh")
def milestones_refresh_command() -> None:
    """Recompute every milestone's state from the schedule rules (after a restore, or to be sure)."""
    from contractmgr.services.milestone_state import refresh_all

    count = refresh_all()
    db.session.commit()
    click.echo(f"refreshed {count} milestone(s)")


db_role = AppGroup("db-role", help="The least-privilege PostgreSQL role the application connects as.")


def grant_statements(role: str, database: str) -> list[str]:
    """What the table owner grants the application's role: read and write every table, but only read and
    append the audit log — no UPDATE, DELETE or TRUNCATE on it, and, not being its owner, no ALTER TABLE
    (so no DISABLE TRIGGER) either; alembic_version read-only (migrations run as the owner)."""
    quoted = '"' + role.replace('"', '""') + '"'
    db_name = '"' + database.replace('"', '""') + '"'
    return [
        f"GRANT CONNECT ON DATABASE {db_name} TO {quoted}",
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM {quoted}",
        f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
    ]


@db_role.command("grant")
@click.argument("name")
@click.option("--password", help="Create the role with this password when it does not exist yet.")
def db_role_grant_command(name: str, password: str | None) -> None:
    """Create (if needed) PostgreSQL role NAME and grant it what the application needs; run as the owner of the
    tables after every `db upgrade`, then point DATABASE_URL at NAME."""
    if db.engine.dialect.name != "postgresql":
        _fail("db-role is for PostgreSQL; SQLite has no roles")
    with db.engine.begin() as connection:
        owner = connection.execute(sa.text("SELECT current_user")).scalar_one()
        if name == owner:
            _fail(f"{name} owns the tables: choose another role for the application")
        exists = connection.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
        if not exists:
            quoted = '"' + name.replace('"', '""') + '"'
            connection.exec_driver_sql(f"CREATE ROLE {quoted} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE")
            if password:
                literal = "'" + password.replace("'", "''") + "'"
                connection.exec_driver_sql(f"ALTER ROLE {quoted} PASSWORD {literal}")
        database = connection.execute(sa.text("SELECT current_database()")).scalar_one()
        for statement in grant_statements(name, database):
            connection.exec_driver_sql(statement)
    click.echo(f"granted {name}: every table read/write, audit_log SELECT and INSERT only")


def register(app: Flask) -> None:
    from contractmgr.import_command import import_command

    app.cli.add_command(users)
    app.cli.add_command(jobs)
    app.cli.add_command(reminders)
    app.cli.add_command(demo_command)
    app.cli.add_command(generate_command)
    app.cli.add_command(import_command)
    app.cli.add_command(workdays)
    app.cli.add_command(db_role)
    app.cli.add_command(milestones)
