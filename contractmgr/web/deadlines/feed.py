"""The iCalendar feed of a user's deadlines, at a secret URL that works without signing in.

Calendar applications fetch it with no session, so it lives in its own blueprint with no role
guard: the secret in the URL (stored as its digest, User.calendar_token_digest) is the only key. A wrong or revoked secret is a
404, the same as a page that does not exist. Each item is an all-day event (VALUE=DATE) with a
stable UID, so a calendar updates it when its date moves; the icalendar package writes RFC 5545
(CRLF, escaping, folding at 75 octets).
"""

from datetime import UTC, datetime, timedelta

from flask import Blueprint, Response, abort, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event

from contractmgr import clock
from contractmgr.services import deadlines
from contractmgr.services.calendar import working_calendar
from contractmgr.texts.deadlines import contract_numbers, deadline_text

feed_bp = Blueprint("calendar_feed", __name__, url_prefix="/calendar")

#: the feed holds the first 1,000 items, in the deadlines page's order (its cost follows that, not the
#: number of contracts); the page's "more" lists the rest
FEED_ITEMS = 1000


@feed_bp.get("/<token>.ics")
def feed(token: str):
    user = deadlines.user_for_calendar_token(token)
    if user is None:
        abort(404)
    today = clock.today()
    items = deadlines.deadlines_for(user, today, working_calendar(), limit=FEED_ITEMS)
    with force_locale(user.locale or "zh_CN"):
        body = ics(items, _("运维合同管理 · %(name)s 的待办期限", name=user.display_name or user.username))
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": 'inline; filename="deadlines.ics"',
            "Cache-Control": "private, max-age=900",
            "X-Robots-Tag": "noindex",
        },
    )


def ics(items, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//contractmgr//deadlines//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = datetime.now(UTC).replace(microsecond=0)
    for item in items:
        event = Event()
        event.add("uid", f"{item.uid}@contractmgr")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due_on)
        event.add("dtend", item.due_on + timedelta(days=1))
        event.add("summary", _("%(number)s %(what)s", number=item.contract.record_number, what=deadline_text(item)))
        description = [item.contract.title, contract_numbers(item.contract)]
        if item.since:
            description.append(_("自该日起等待处理"))
        if item.provisional:
            description.append(_("暂定日期：相关年份的节假日安排尚未录入"))
        event.add("description", "\n".join(description))
        event.add("url", url_for("contracts.show", contract_id=item.contract.id, _external=True))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
