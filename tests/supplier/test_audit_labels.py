"""What a page says: no internal keys on screen. Every field of the audit trail has a label and a formatted value,
the penalty bases read as words, and business dates and shown timestamps follow one configured clock."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from contractmgr import clock
from contractmgr.audit import HIDDEN_FIELDS, NOT_AUDITED
from contractmgr.exports.acceptance_docx import local_date
from contractmgr.extensions import db
from contractmgr.models.types import enum as enum_type
from contractmgr.texts.procurement import ENTITY_LABELS, FIELD_LABELS, VALUE_LABELS
from tests.supplier.conftest import post_form, text_of, upload_all
from tests.supplier.test_acceptance import submit


def _audited_mappers():
    return [m for m in db.Model.registry.mappers if m.local_table.name not in NOT_AUDITED]


def test_every_audited_table_and_field_has_a_label(app):
    unlabelled = [
        f"{m.local_table.name}.{c.key}"
        for m in _audited_mappers()
        for c in m.column_attrs
        if c.key not in HIDDEN_FIELDS and c.key not in FIELD_LABELS
    ]
    assert unlabelled == []
    assert [m.local_table.name for m in _audited_mappers() if m.local_table.name not in ENTITY_LABELS] == []


def test_every_stored_code_has_words(app):
    enum_kind = type(enum_type("a", name="probe"))
    missing = [
        f"{m.local_table.name}.{c.key}={value}"
        for m in _audited_mappers()
        for c in m.column_attrs
        if isinstance(c.columns[0].type, enum_kind)
        for value in c.columns[0].type.enums
        if value not in VALUE_LABELS.get(c.key, {})
    ]
    assert missing == []


RAW = re.compile(
    r"failed_on|rework_deadline|submitted_on|scope (?:contract|line-)|decision: |\breasons\b|\d{2}:\d{2}:\d{2}\.\d+"
)


def test_a_failed_acceptance_reads_as_words_on_the_contract_page(client_for, ended_contract):
    upload_all(client_for("vendor"), ended_contract)
    submission = submit(ended_contract, clock.today())
    db.session.commit()
    officer = client_for("officer")
    page = f"/acceptance/contracts/{ended_contract.id}"
    fields = f"review-{submission.id}-"
    decided = post_form(
        officer,
        page,
        f"{page}/submissions/{submission.id}/review",
        {f"{fields}decision": "fail", f"{fields}reasons": "应急预案未签字"},
    )
    assert decided.status_code == 302
    for language in ("zh_CN", "en"):
        post_form(officer, "/", f"/language/{language}", {"next": "/"})
        shown = text_of(officer.get(f"/procurement/contracts/{ended_contract.id}/audit"))
        shown += text_of(officer.get(f"/contracts/{ended_contract.id}"))
        assert RAW.findall(shown) == [], (
            language,
            [shown[max(0, m.start() - 80) : m.end() + 40] for m in RAW.finditer(shown)],
        )
    post_form(officer, "/", "/language/zh_CN", {"next": "/"})
    contract_page = text_of(officer.get(f"/contracts/{ended_contract.id}"))
    assert "验收范围 合同整体" in contract_page
    assert f"不合格结论日期 {clock.today().year}年" in contract_page
    trail = text_of(officer.get(f"/procurement/contracts/{ended_contract.id}/audit"))
    assert "验收结论" in trail and "不通过" in trail and "时间（Asia/Shanghai）" in trail


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_business_dates_follow_the_configured_zone(app, zone):
    app.config["TIMEZONE"] = zone
    assert clock.today() == datetime.now(ZoneInfo(zone)).date()
    moment = clock.utc_moment_on(date(2026, 11, 30))
    assert local_date(moment) == date(2026, 11, 30)  # the acceptance report's 结论日期 is the day decided


def test_the_two_ends_of_the_day_line_are_a_day_apart(app):
    app.config["TIMEZONE"] = "Pacific/Kiritimati"  # UTC+14
    east = clock.today()
    app.config["TIMEZONE"] = "Pacific/Pago_Pago"  # UTC−11
    # 25 hours apart: always a different date, two days apart in the hour from 10:00 UTC
    assert (east - clock.today()).days in (1, 2)
