"""The procurement part of the contract page: the timeline and chain pictures, drawn on the server."""

import re

from contractmgr.extensions import db


def _svgs(page: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", page, flags=re.S)


def test_the_officer_sees_the_timeline_the_chain_and_the_actions(officer, seed):
    page = officer.get(f"/contracts/{seed.id}").get_data(as_text=True)
    timeline, chain = _svgs(page)
    assert timeline.count("<rect") >= 40 and "至 2027-07-26" in timeline  # line 40 runs past the contract's end
    assert "至 2027-06-30" in timeline  # and line 35
    assert "3 年上限 2028-05-21" in chain and "此前年度" in chain and "可续签 366 天" in chain
    assert f"/procurement/contracts/{seed.id}/renewal" in page


def test_a_line_waiting_for_its_confirmation_stands_out_in_the_timeline(officer, seed):
    seed.lines[15].start_on_confirmation = True
    db.session.commit()
    timeline = _svgs(officer.get(f"/contracts/{seed.id}").get_data(as_text=True))[0]
    assert ">等待确认运维开始日期</text>" in timeline
    assert "<title>第 16 项：等待采购人和使用单位确认运维开始日期</title>" in timeline
    assert 'fill="url(#waiting)"' in timeline


def test_names_in_the_pictures_are_escaped(officer, seed):
    seed.lines[0].name = "<script>alert(1)</script>"
    db.session.commit()
    page = officer.get(f"/contracts/{seed.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page
