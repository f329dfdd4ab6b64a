"""Administration forms: a year's holiday calendar (typed or uploaded) and the LPR table."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import TextAreaField
from wtforms.validators import DataRequired, NumberRange

from forms.fields import DateField, DecimalField, IntegerField

YEAR_VALIDATORS = [DataRequired(_l("请输入年份。")), NumberRange(2000, 2100, _l("年份应在 2000 到 2100 之间。"))]


class CalendarYearForm(FlaskForm):
    year = IntegerField(_l("年份"), validators=YEAR_VALIDATORS)
    holidays = TextAreaField(
        _l("放假日期"),
        validators=[DataRequired(_l("请输入放假日期。"))],
        description=_l("每行或用逗号分隔一个日期，可写区间，例如 2027-10-01~2027-10-07。"),
        render_kw={"rows": 6},
    )
    workdays = TextAreaField(
        _l("调休上班日期（周六、周日）"),
        render_kw={"rows": 3},
        description=_l("国务院通知中「上班」的周末日期，例如 2027-09-26。"),
    )


class CalendarUploadForm(FlaskForm):
    year = IntegerField(_l("年份"), validators=YEAR_VALIDATORS)
    file = FileField(
        _l("日历文件（.xlsx 或 .csv，不超过 256 KB）"),
        validators=[FileRequired(_l("请选择文件。"))],
        description=_l("每行一天：第一列日期，第二列类型（休 或 班），第三列说明（可选）；可有表头行。"),
    )


class LprForm(FlaskForm):
    effective_on = DateField(_l("生效日期"), validators=[DataRequired(_l("请输入生效日期。"))])
    one_year_percent = DecimalField(
        _l("一年期 LPR（%）"),
        places=3,
        validators=[DataRequired(_l("请输入利率，例如 3.00。"))],
        description=_l("按全国银行间同业拆借中心公布的百分数填写，3.00 表示 3.00%。"),
    )
