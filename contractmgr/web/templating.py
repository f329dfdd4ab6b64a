"""The Jinja filters and globals every template may use: money, dates and numbers the zh_CN way, the
navigation bar, and the shared labels and sentences of contractmgr.texts."""

from flask import Flask
from flask_babel import get_locale

from contractmgr import clock
from contractmgr.formatting import (
    datetime_text,
    long_date,
    money,
    number,
    percent,
    select_locale,
    short_date,
    translations,
    upper_words,
)
from contractmgr.services.reminders import unread_count
from contractmgr.services.search import MAX_QUERY_LENGTH
from contractmgr.texts.labels import basis_label, role_label, status_label
from contractmgr.texts.messages import explain
from contractmgr.texts.paging import next_page, page_summary, previous_page
from contractmgr.web.navigation import active_entry, entries_for


def install(app: Flask) -> None:
    # Flask-Babel's own callables look its state up six times per string; a page has hundreds of them.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.filters.update(
        money=money,
        date=long_date,
        short_date=short_date,
        number=number,
        upper=upper_words,
        percent=percent,
        datetime=datetime_text,
    )
    app.jinja_env.globals.update(
        get_locale=get_locale,
        current_language=select_locale,
        nav_entries=entries_for,
        active_entry=active_entry,
        explain=explain,
        status_label=status_label,
        role_label=role_label,
        basis_label=basis_label,
        timezone_name=clock.zone_name,
        previous_page=previous_page,
        next_page=next_page,
        page_summary=page_summary,
        search_limit=MAX_QUERY_LENGTH,
        unread_notices=unread_count,
    )
