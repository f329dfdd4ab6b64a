"""The tender's chapter 2 read from a Word file like the original: 序号 from Word auto-numbering
(decimalZero, restarts) mixed with typed numbers, 服务单位 merged down, the items that start on
confirmation, 注3's on-site staff and 五、运维考评."""

from datetime import date
from decimal import Decimal

import docx
from docx.oxml.ns import qn

from importers.document import validate_payload
from tests.documents import TYPED_SEQS
from tests.importers.compare import fold


def test_thirty_items_of_fourteen_units(parsed_tender):
    assert parsed_tender.kind == "tender"
    assert len(parsed_tender.line_items) == 30
    assert len({line.unit for line in parsed_tender.line_items}) == 14


def test_seq_from_auto_numbering_and_typed_numbers(parsed_tender):
    assert [line.seq for line in parsed_tender.line_items] == list(range(1, 31))
    assert "seq_inferred" not in parsed_tender.warning_codes()


def test_fixture_seq_cells_are_mostly_word_numbering(tender_docx):
    table = docx.Document(str(tender_docx)).tables[0]
    seq_cells = [row.cells[0] for row in table.rows[1:]]
    auto = [cell for cell in seq_cells if cell.text == "" and cell.paragraphs[0]._p.pPr.numPr is not None]
    assert len(auto) == 30 - len(TYPED_SEQS)
    merged = [row.cells[1]._tc for row in table.rows[1:] if row.cells[1]._tc.tcPr.find(qn("w:vMerge")) is not None]
    assert len(merged) == 30


def test_units_are_filled_down_from_merged_cells(parsed_tender, tender_data):
    assert [line.unit for line in parsed_tender.line_items] == [line["unit"] for line in tender_data["line_items"]]
    assert "unit_filled_down" not in parsed_tender.warning_codes()


def test_items_read_back_as_typed(parsed_tender, tender_data):
    for line, typed in zip(parsed_tender.line_items, tender_data["line_items"], strict=True):
        assert line.name == typed["name"]
        assert fold(line.content) == fold(typed["content"])
        assert fold(line.requirements) == fold(typed["requirements"])
        assert line.amount is None
        assert line.term_months == 12


def test_items_16_24_30_start_on_confirmation(parsed_tender):
    waiting = [line.seq for line in parsed_tender.line_items if line.start_on_confirmation]
    assert waiting == [16, 24, 30]


def test_header_fields(parsed_tender, tender_data):
    assert parsed_tender.title == tender_data["title"]
    assert parsed_tender.min_onsite_staff == 15
    assert parsed_tender.service_period.start == date(2026, 1, 1)
    assert parsed_tender.service_period.end == date(2026, 12, 31)
    assert parsed_tender.service_period.months == 12
    assert parsed_tender.supplier is None and parsed_tender.total_amount is None  # not stated: null


def test_evaluation_rule(parsed_tender):
    rule = parsed_tender.evaluation
    assert rule.full_payment_min_score == 90
    assert rule.deduction_ratio_per_point == Decimal("0.002")
    assert rule.termination_below_score == 60


def test_no_amount_warnings_for_a_tender(parsed_tender):
    assert parsed_tender.warning_codes() == []
    validate_payload(parsed_tender.to_payload())
