"""Inspections (巡检) per line: each line's cycle, as the annex prints it, gives the count each month
expects; both sides see done against expected."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest

from contractmgr import clock
from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.services import inspections
from tests.factories import make_contract
from tests.supplier.conftest import DEMO_VENDOR, post_form, text_of
from tests.supplier.files import image_bytes

CYCLES = ["每日", "每周", "巡检周期：每月一次", "4次/月", "每季度", "4次/月（硬件）；1次/天（软件）"]


@pytest.fixture
def cycled_contract(demo):
    """The tender's default year (2026), one line per cycle."""
    contract = make_contract(
        vendor=DEMO_VENDOR,
        total=Decimal("600000.00"),
        lines=len(CYCLES),
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
    )
    for line, cycle in zip(contract.lines, CYCLES, strict=True):
        line.inspection_cycle = cycle
    db.session.commit()
    return contract


def record(line, day):
    return inspections.record_inspection(line, inspected_on=day, inspector="李工", by=None, today=date(2026, 4, 15))


def table(overview):
    """{cycle text: [(done, expected) per month]}"""
    return {t.cycle_text: [(m.done, m.expected) for m in t.months] for t in overview.lines}


def test_each_cycle_expects_its_own_count_per_month(cycled_contract):
    lines = cycled_contract.lines
    for day in (date(2026, 1, 5), date(2026, 1, 20)):
        record(lines[2], day)
    record(lines[4], date(2026, 3, 30))
    for offset in range(10):
        record(lines[0], date(2026, 2, 1) + timedelta(days=offset))
    overview = inspections.inspection_overview(cycled_contract, date(2026, 4, 15))
    assert overview.months == ((2026, 1), (2026, 2), (2026, 3), (2026, 4))
    assert table(overview) == {
        # to 15 April: the month so far expects only the windows that have closed
        "每日": [(0, 31), (10, 28), (0, 31), (0, 15)],
        "每周": [(0, 4), (0, 4), (0, 5), (0, 2)],  # Sundays: 4 11 18 25 | 1 8 15 22 | 1 … 29 | 5 12
        "巡检周期：每月一次": [(2, 1), (0, 1), (0, 1), (0, 0)],  # a month counts when it is over
        "4次/月": [(0, 4), (0, 4), (0, 4), (0, 0)],
        "每季度": [(0, 0), (0, 0), (1, 1), (0, 0)],  # the quarter closes in March
        "4次/月（硬件）；1次/天（软件）": [(0, None)] * 4,  # two cycles: an officer must choose
    }
    daily = overview.lines[0]
    assert (daily.done, daily.expected, daily.missing) == (10, 105, 95)
    assert overview.lines[2].missing == 2  # two in January do not make up for February and March
    assert [t.line.seq for t in overview.lines_unknown] == [6]


def test_a_line_expects_nothing_before_its_own_start(cycled_contract):
    line = cycled_contract.lines[2]
    line.start_on = date(2026, 3, 10)
    db.session.commit()
    overview = inspections.inspection_overview(cycled_contract, date(2026, 4, 30))
    assert table(overview)["巡检周期：每月一次"] == [(0, 0), (0, 0), (0, 1), (0, 1)]


@pytest.mark.parametrize(
    "day, code", [(date(2026, 4, 16), "inspection_in_future"), (date(2025, 12, 31), "inspection_before_contract")]
)
def test_an_inspection_cannot_be_dated_in_the_future_or_before_the_contract(cycled_contract, day, code):
    with pytest.raises(RuleViolation) as refused:
        record(cycled_contract.lines[0], day)
    assert refused.value.code == code


def test_the_vendor_records_an_inspection_with_a_photo_and_the_officer_sees_it(client_for, ended_contract):
    vendor = client_for("vendor")
    line = ended_contract.lines[1]
    line.inspection_cycle = "每月"
    db.session.commit()
    page = f"/vendor/contracts/{ended_contract.id}/inspections"
    response = post_form(
        vendor,
        page,
        page,
        {
            "line": str(line.id),
            "inspected_on": ended_contract.end_on.isoformat(),
            "inspector": "王工",
            "findings": "机房温度正常",
            "file": (io.BytesIO(image_bytes("JPEG")), "机房.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, text_of(response)[:400]
    future = post_form(
        vendor,
        page,
        page,
        {"line": str(line.id), "inspector": "王工", "inspected_on": (clock.today() + timedelta(days=1)).isoformat()},
    )
    assert future.status_code == 422 and "晚于今天" in text_of(future)
    foreign_line = post_form(
        vendor, page, page, {"line": "999999", "inspector": "王工", "inspected_on": ended_contract.end_on.isoformat()}
    )
    assert foreign_line.status_code == 422  # not one of this contract's lines
    officer = client_for("officer")
    seen = text_of(officer.get(f"/acceptance/contracts/{ended_contract.id}/inspections"))
    assert "机房温度正常" in seen and "王工" in seen
    inspection = inspections.inspections_of(ended_contract)[0]
    photo = officer.get(f"/acceptance/contracts/{ended_contract.id}/inspections/{inspection.id}/file")
    assert photo.status_code == 200 and photo.headers["Content-Type"] == "image/jpeg"
