"""The holiday calendar: a year's official holidays and make-up working days (调休), typed or uploaded."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contractmgr import clock
from contractmgr.services.holidays import (
    MAX_CALENDAR_FILE_BYTES,
    CalendarEntries,
    calendar_years,
    enter_calendar_year,
    parse_calendar_file,
    parse_days,
)
from contractmgr.web.actions import user_action
from contractmgr.web.admin import bp
from forms.admin_calendar import CalendarUploadForm, CalendarYearForm

#: the years whose package calendar the page lists: the ones a contract of at most 3 years can touch
PACKAGE_YEARS = range(2020, 2031)


def _page(year_form: CalendarYearForm, upload_form: CalendarUploadForm):
    failed = year_form.errors or year_form.form_errors or upload_form.errors or upload_form.form_errors
    this_year = clock.today().year
    years = calendar_years(PACKAGE_YEARS, ahead=range(this_year, this_year + 3))
    return render_template(
        "admin/calendar.html",
        years=years,
        year_form=year_form,
        upload_form=upload_form,
        max_kb=MAX_CALENDAR_FILE_BYTES // 1024,
    ), 422 if failed else 200


def _enter(form, read_entries):
    """Read the days, enter the year; commit and redirect, or roll back and explain."""
    with user_action(form) as action:
        entered = enter_calendar_year(form.year.data, read_entries(), by=current_user)
    if not action.done:
        return None
    flash(_("%(year)s 年节假日安排已录入，相关到期日不再是暂定。", year=entered.year))
    return redirect(url_for("admin.calendar"))


@bp.route("/calendar", methods=["GET", "POST"])
def calendar():
    year_form = CalendarYearForm(prefix="typed")
    upload_form = CalendarUploadForm(prefix="upload")
    if request.method == "POST" and "typed-year" in request.form and year_form.validate_on_submit():
        done = _enter(
            year_form, lambda: CalendarEntries(parse_days(year_form.holidays.data), parse_days(year_form.workdays.data))
        )
        if done:
            return done
    elif request.method == "POST" and "upload-year" in request.form and upload_form.validate_on_submit():
        upload = upload_form.file.data
        # Read one byte past the limit: enough to know the file is too large, never more.
        content = upload.read(MAX_CALENDAR_FILE_BYTES + 1)
        done = _enter(upload_form, lambda: parse_calendar_file(upload.filename or "", content))
        if done:
            return done
    return _page(year_form, upload_form)
