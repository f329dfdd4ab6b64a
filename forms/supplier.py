"""Forms of the vendor portal and the deadlines page."""

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from forms.fields import DateField


class UploadMaterialsForm(FlaskForm):
    """New versions of several materials at once: one file input per material, named `file-<material id>`
    (the inputs follow the contract's list of materials, so they are read from the request, not declared)."""

    @staticmethod
    def field_name(material) -> str:
        return f"file-{material.id}"

    def chosen(self, materials) -> list[tuple]:
        """(material, file) for each material a file was chosen for, in the list's order; an input left
        empty (the browser sends it with no file name) is skipped."""
        files = request.files
        return [
            (m, files[self.field_name(m)]) for m in materials if getattr(files.get(self.field_name(m)), "filename", "")
        ]


class SubmitAcceptanceForm(FlaskForm):
    #: "contract" or "line-<seq>"; checked against the contract's scopes by the service
    scope = HiddenField(validators=[DataRequired()])


class InspectionForm(FlaskForm):
    line = SelectField(_l("运维项目"), coerce=int, validators=[InputRequired(_l("请选择项目。"))])
    inspected_on = DateField(_l("巡检日期"), validators=[InputRequired(_l("请输入巡检日期。"))])
    inspector = StringField(_l("巡检人"), validators=[DataRequired(_l("请填写巡检人。")), Length(max=60)])
    findings = TextAreaField(_l("巡检情况"), validators=[Optional(), Length(max=5000)])
    file = FileField(_l("巡检报告或照片（可选）"), description=_l("PDF、Word、Excel 或图片，按内容检查格式。"))


class StaffForm(FlaskForm):
    person_name = StringField(_l("姓名"), validators=[DataRequired(_l("请填写人员姓名。")), Length(max=60)])
    staff_role = StringField(_l("岗位"), validators=[Optional(), Length(max=60)])
    lines = SelectMultipleField(
        _l("驻场项目"),
        coerce=int,
        validators=[Optional()],
        description=_l("可多选；不选表示为合同整体驻场（基础驻场人员）。"),
    )
    on_site_from = DateField(_l("驻场开始"), validators=[InputRequired(_l("请输入驻场开始日期。"))])
    on_site_to = DateField(_l("驻场结束（可空）"), validators=[Optional()])
    id_number = StringField(
        _l("身份证号后四位（可选）"),
        validators=[Optional(), Length(min=4, max=18)],
        description=_l("只保存最后四位，列表中其余位以 * 显示。"),
    )


class RosterImportForm(FlaskForm):
    """The staff roster filled in from the downloaded template (services.staff_roster)."""

    file = FileField(
        _l("人员名单 (.xlsx)"),
        validators=[FileRequired(_l("请选择文件。"))],
        description=_l("用本页下载的模板填写；每行一人，示例行不导入。"),
    )


class EndStaffForm(FlaskForm):
    on_site_to = DateField(_l("驻场结束"), validators=[InputRequired(_l("请输入驻场结束日期。"))])


def line_choices(contract) -> list[SelectChoice]:
    """The contract's lines as choices: 「12. 系统名」."""
    return [SelectChoice(line.id, f"{line.seq}. {line.name}") for line in contract.lines]
