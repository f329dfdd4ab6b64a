"""What the annex writes, our own importer reads back: the same line items and the same total."""

from datetime import date
from decimal import Decimal

from contractmgr.exports.annex_docx import annex_docx
from contractmgr.extensions import db
from contractmgr.models import OrgKind
from contractmgr.services.contracts import organisation
from importers import parse_file
from importers.text import normalise, one_line
from tests.factories import make_contract


def _read_back(contract, tmp_path):
    path = tmp_path / "annex.docx"
    path.write_bytes(annex_docx(contract))
    return parse_file(path)


def _as_written(line) -> dict:
    return {
        "seq": line.seq,
        "unit": line.unit.name,
        "name": one_line(line.name),
        "content": normalise(line.content) or None,
        "requirements": normalise(line.requirements) or None,
        "amount": line.amount,
        "term_months": line.term_months,
        "start": line.start_on,
        "start_on_confirmation": line.start_on_confirmation,
    }


def _as_read(line) -> dict:
    return {
        "seq": line.seq,
        "unit": line.unit,
        "name": line.name,
        "content": line.content,
        "requirements": line.requirements,
        "amount": line.amount,
        "term_months": line.term_months,
        "start": line.start,
        "start_on_confirmation": line.start_on_confirmation,
    }


def test_importing_the_demo_annex_gives_back_its_forty_lines_and_total(demo_contract, tmp_path):
    document = _read_back(demo_contract, tmp_path)
    assert [_as_read(line) for line in document.line_items] == [_as_written(line) for line in demo_contract.lines]
    assert document.total_amount == Decimal("8271400.00")
    assert document.total_amount_upper == "捌佰贰拾柒万壹仟肆佰元整"
    assert sum(line.amount for line in document.line_items) == demo_contract.total_amount
    assert not [
        w
        for w in document.warnings
        if w.code
        in ("total_mismatch", "upper_amount_mismatch", "unit_filled_down", "seq_inferred", "unreadable_amount")
    ]


def test_lines_that_start_on_their_own_date_or_on_confirmation_read_back_as_such(app, tmp_path):
    contract = make_contract(total=Decimal("300000.00"), lines=3)
    contract.lines[0].unit = organisation("洛阳市教育局", OrgKind.USER_UNIT)
    contract.lines[1].start_on = date(2026, 7, 27)
    contract.lines[2].start_on_confirmation = True
    contract.lines[2].confirmed_on = date(2026, 6, 3)
    db.session.flush()
    document = _read_back(contract, tmp_path)
    assert [_as_read(line) for line in document.line_items] == [_as_written(line) for line in contract.lines]
    assert document.total_amount == Decimal("300000.00")
