"""One clock for business dates and timestamps.

Timestamps are stored in UTC (naive, `models.types.utcnow`); business dates — today's date for a deadline, a
payment, an acceptance decision — are read in the configured zone (`TIMEZONE`, default Asia/Shanghai), so an
action at 00:30 in Beijing belongs to that Beijing day whatever the server's own zone.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Asia/Shanghai"


def zone_name() -> str:
    return current_app.config.get("TIMEZONE", DEFAULT_ZONE) if has_app_context() else DEFAULT_ZONE


def zone() -> ZoneInfo:
    return ZoneInfo(zone_name())


def today() -> date:
    """Today's business date in the configured zone."""
    return datetime.now(zone()).date()


def local(moment: datetime) -> datetime:
    """A stored UTC timestamp (naive) as an aware time in the configured zone."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone())


def local_date(moment: datetime) -> date:
    return local(moment).date()


def utc_moment_on(day: date) -> datetime:
    """A stored (naive UTC) timestamp on business day `day`, at the current time of day in the configured zone."""
    now = datetime.now(zone())
    return datetime.combine(day, now.timetz()).astimezone(UTC).replace(tzinfo=None)
