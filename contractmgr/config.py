"""Configuration: SQLite in the instance folder unless DATABASE_URL says otherwise."""

import os
import secrets
from pathlib import Path


def database_url(instance_path: str) -> str:
    """DATABASE_URL when set (PostgreSQL via psycopg 3, or another SQLite file), else instance/contractmgr.sqlite."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{Path(instance_path) / 'contractmgr.sqlite'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, or one generated once into the instance folder (never committed)."""
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in ("1", "true", "yes", "on")


def load(app, overrides: dict | None = None) -> None:
    overrides = overrides or {}
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(
        SQLALCHEMY_DATABASE_URI=overrides.get("SQLALCHEMY_DATABASE_URI") or database_url(app.instance_path),
        SECRET_KEY=overrides.get("SECRET_KEY") or secret_key(app.instance_path),
        # Uploaded files are kept outside the web root, under their sha256.
        STORAGE_DIR=os.environ.get("STORAGE_DIR", str(Path(app.instance_path) / "files")),
        # The job queue's storage (contractmgr/jobs.py): a SQLite file needs no server, for one host;
        # redis://… or postgresql://… when job workers run on several hosts.
        JOBS_URL=os.environ.get("JOBS_URL") or f"sqlite:///{Path(app.instance_path) / 'jobs.sqlite'}",
        # A running job whose heartbeat (written with each page read) is older than this many seconds lost its
        # worker: job workers put it back in the queue, at most JOBS_MAX_ATTEMPTS times in all, then fail it.
        JOBS_STALE_AFTER=int(os.environ.get("JOBS_STALE_AFTER", "600")),
        JOBS_MAX_ATTEMPTS=int(os.environ.get("JOBS_MAX_ATTEMPTS", "3")),
        # Tests only: seconds a job worker waits after each page read, so a test can kill it mid-job.
        JOBS_TEST_PAGE_DELAY=float(os.environ.get("JOBS_TEST_PAGE_DELAY", "0")),
        # Tests only: seconds a job worker stalls, alive, after its work and before it keeps the result.
        JOBS_TEST_STALL=float(os.environ.get("JOBS_TEST_STALL", "0")),
        MAX_CONTENT_LENGTH=int(os.environ.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024,
        BABEL_DEFAULT_LOCALE="zh_CN",
        # One clock: business dates and shown timestamps in this zone (contractmgr/clock.py)
        TIMEZONE=os.environ.get("TIMEZONE", "Asia/Shanghai"),
        BABEL_DEFAULT_TIMEZONE=os.environ.get("TIMEZONE", "Asia/Shanghai"),
        LANGUAGES={"zh_CN": "中文", "en": "English"},
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,
        # A sign-in ends after this many minutes without a request, and in any case after this many hours.
        SESSION_IDLE_MINUTES=int(os.environ.get("SESSION_IDLE_MINUTES", "30")),
        SESSION_MAX_HOURS=int(os.environ.get("SESSION_MAX_HOURS", "12")),
        # Failed sign-ins allowed per account and per client address before the login page answers 429
        # (limits notation). The counts live in RATELIMIT_STORAGE_URI: memory:// serves one process; with
        # several processes or servers use a shared store, e.g. redis://localhost:6379 (the redis client is in requirements.txt).
        LOGIN_LIMIT_PER_ACCOUNT=os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "10 per 15 minutes"),
        LOGIN_LIMIT_PER_ADDRESS=os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "50 per 15 minutes"),
        RATELIMIT_STORAGE_URI=os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Production behind HTTPS: SERVED_OVER_HTTPS=1 marks the session cookie Secure, sends HSTS and makes
        # external URLs (the calendar feed's) https. Leave it off for http://127.0.0.1 development.
        SERVED_OVER_HTTPS=_flag("SERVED_OVER_HTTPS"),
        # How many reverse proxies (nginx, a load balancer) stand in front and set X-Forwarded-For/-Proto: their
        # headers are believed for that many hops, so throttling sees the client's address, not the proxy's.
        TRUSTED_PROXIES=int(os.environ.get("TRUSTED_PROXIES", "0")),
        # OCDS data (/api/v1/contracts/<id>/ocds.json): the ocid prefix the publisher registered with the
        # Open Contracting Partnership (placeholder until then), the publisher's name (default: the purchaser)
        OCDS_OCID_PREFIX=os.environ.get("OCDS_OCID_PREFIX", "ocds-xxxxxx"),
        OCDS_PUBLISHER_NAME=os.environ.get("OCDS_PUBLISHER_NAME") or None,
        OCDS_LICENSE=os.environ.get("OCDS_LICENSE") or None,
        # Reminder e-mails (`flask reminders send`): the address people open the app at, for the links in
        # the digest, and the SMTP server. MAIL_USE_TLS: STARTTLS on a plain port (587); MAIL_USE_SSL:
        # TLS from the start (465).
        PUBLIC_URL=os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000"),
        MAIL_SERVER=os.environ.get("MAIL_SERVER", "localhost"),
        MAIL_PORT=int(os.environ.get("MAIL_PORT", "25")),
        MAIL_USE_TLS=_flag("MAIL_USE_TLS"),
        MAIL_USE_SSL=_flag("MAIL_USE_SSL"),
        MAIL_USERNAME=os.environ.get("MAIL_USERNAME") or None,
        MAIL_PASSWORD=os.environ.get("MAIL_PASSWORD") or None,
        MAIL_DEFAULT_SENDER=os.environ.get("MAIL_DEFAULT_SENDER", "contractmgr@localhost"),
        MAIL_TIMEOUT=int(os.environ.get("MAIL_TIMEOUT", "30")),
    )
    app.config.update(overrides)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") and "SQLALCHEMY_ENGINE_OPTIONS" not in overrides:
        # SQLite lets one writer in at a time; a second waits for the lock up to this long before "database is
        # locked" (answered as a 409 conflict). 5 s, the driver's default, is short on a busy machine.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30}}
    if app.config["SERVED_OVER_HTTPS"]:
        app.config.update(SESSION_COOKIE_SECURE=True, PREFERRED_URL_SCHEME="https")
