"""The holiday calendar: a year's official holidays and make-up working days (调休), typed or uploaded."""

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.formatting import long_date
from contractmgr.services.holidays import (
    MAX_CALENDAR_FILE_BYTES,
    CalendarEntries,
    calendar_years,
    enter_calendar_year,
    parse_calendar_file,
    parse_days,
)
from contractmgr.web.admin import bp
from contractmgr.web.messages import explain, register_messages
from forms.admin_calendar import CalendarUploadForm, CalendarYearForm

#: the years whose package calendar the page lists: the ones a contract of at most 3 years can touch
PACKAGE_YEARS = range(2020, 2031)

register_messages(
    {
        "calendar_bad_date": lambda **p: _("无法识别日期「%(text)s」，请写成 2027-10-01 或 2027年10月1日。", **p),
        "calendar_bad_range": lambda **p: _("日期区间「%(text)s」有误：结束日应不早于开始日，且不超过 31 天。", **p),
        "calendar_year_out_of_range": lambda **p: _("年份 %(year)s 不在 2000 到 2100 之间。", **p),
        "calendar_day_outside_year": lambda **p: _(
            "%(day)s 不在 %(year)s 年内；一次只录入一年的安排。", day=long_date(p["day"]), year=p["year"]
        ),
        "calendar_day_both": lambda **p: _("%(day)s 同时列为放假和上班，请只保留一种。", day=long_date(p["day"])),
        "calendar_workday_not_weekend": lambda **p: _(
            "%(day)s 是工作日（周一至周五），不必列为调休上班日；调休上班日应是周六或周日。", day=long_date(p["day"])
        ),
        "calendar_year_empty": lambda **p: _(
            "%(year)s 年没有任何放假日期；官方安排至少包括元旦、春节、国庆等假日。", **p
        ),
        "calendar_file_too_large": lambda **p: _("文件过大：节假日文件不超过 %(kb)s KB。", **p),
        "calendar_file_empty": lambda **p: _("文件中没有任何日期行。"),
        "calendar_file_type": lambda **p: _("不支持的文件「%(name)s」：请上传 .xlsx 或 .csv 文件。", **p),
        "calendar_file_not_xlsx": lambda **p: _(
            "文件扩展名是 .xlsx，但内容不是 Excel 工作簿；请用 Excel 另存为 .xlsx 后重试。"
        ),
        "calendar_file_not_text": lambda **p: _("文件扩展名是 .csv，但内容不是文本；请用 Excel 另存为 CSV 后重试。"),
        "calendar_file_too_many_rows": lambda **p: _("文件行数过多：一年的安排不超过 %(rows)s 行。", **p),
        "calendar_file_bad_row": lambda **p: (
            _("第 %(row)s 行：无法识别日期「%(text)s」（请写成 2027-10-01）。", row=p["row"], text=p["text"])
            if p["problem"] == "date"
            else _("第 %(row)s 行：类型「%(text)s」无法识别，应为「休」或「班」。", row=p["row"], text=p["text"])
        ),
    }
)


def _page(year_form: CalendarYearForm, upload_form: CalendarUploadForm):
    failed = year_form.errors or year_form.form_errors or upload_form.errors or upload_form.form_errors
    this_year = date.today().year
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
    try:
        entered = enter_calendar_year(form.year.data, read_entries(), by=current_user)
    except RuleViolation as violation:
        db.session.rollback()
        form.form_errors.append(explain(violation.code, **violation.params))
        return None
    db.session.commit()
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
