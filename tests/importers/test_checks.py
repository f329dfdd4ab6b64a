"""Each cross-check fires on a contract PDF that has the defect, and says where and by how much."""

from decimal import Decimal

import pytest

import importers
from importers.checks import milestone_mismatch
from importers.document import Milestone, ParsedDocument, SourceFile
from importers.lines import RawRow, build_lines
from tests import documents


@pytest.fixture(scope="module")
def defect_files(tmp_path_factory):
    return tmp_path_factory.mktemp("defects")


_COLUMNS = {"seq": 0, "unit": 1, "name": 2, "amount": 3}


def _codes(document, code):
    return [warning for warning in document.warnings if warning.code == code]


def test_changed_line_amount_gives_total_mismatch_with_the_difference(defect_files, contract_data):
    path = documents.pdf_contract_line_amount_changed(
        defect_files / "line_amount_changed.pdf", contract_data, seq=7, delta="1000.00"
    )
    [warning] = _codes(importers.parse_file(path), "total_mismatch")
    assert warning.params["difference"] == Decimal("1000.00")
    assert "1,000.00" in warning.message


def test_wrong_upper_case_words_give_upper_amount_mismatch(defect_files, contract_data):
    path = documents.pdf_contract_wrong_upper_amount(
        defect_files / "wrong_upper.pdf", contract_data, words="捌佰贰拾柒万壹仟伍佰元整"
    )
    document = importers.parse_file(path)
    [warning] = _codes(document, "upper_amount_mismatch")
    assert warning.params["upper_amount"] == Decimal("8271500.00")
    assert warning.where == "第六条"
    assert not _codes(document, "total_mismatch")


def test_wrong_milestone_amount_gives_milestone_mismatch(defect_files, contract_data):
    path = documents.pdf_contract_wrong_milestone(
        defect_files / "wrong_milestone.pdf", contract_data, amount="5789000.00"
    )
    [warning] = _codes(importers.parse_file(path), "milestone_mismatch")
    assert warning.params == {"expected": Decimal("5789980.00"), "stated": Decimal("5789000.00"), "seq": 1}


def _stating(total: str, *amounts: str) -> ParsedDocument:
    """A contract whose 第七条 pays 70% and 30% of `total` in the stated `amounts`."""
    return ParsedDocument(
        kind="contract",
        title="milestone split",
        source=SourceFile("split.pdf", "0" * 64, "pdf"),
        total_amount=Decimal(total),
        payment_milestones=[
            Milestone(seq, ratio, Decimal(amount))
            for seq, ratio, amount in zip((1, 2), (Decimal("0.70"), Decimal("0.30")), amounts, strict=False)
        ],
    )


def test_milestones_split_to_the_fen_as_the_contract_will_have_them_give_no_warning():
    # 100.05 × 70% = 70.035 and × 30% = 30.015: the spare fen goes to the first (largest remainder,
    # ties in order), as contract milestones are created, so 70.04 + 30.01 adds up to 100.05.
    assert milestone_mismatch(_stating("100.05", "70.04", "30.01")) == []


def test_a_milestone_rounded_on_its_own_is_a_fen_off_the_split():
    [warning] = milestone_mismatch(_stating("100.05", "70.04", "30.02"))
    assert warning.params == {"expected": Decimal("30.01"), "stated": Decimal("30.02"), "seq": 2}


def test_a_milestone_stated_alone_is_checked_against_its_share_of_the_split():
    assert milestone_mismatch(_stating("100.05", "70.04")) == []
    [warning] = milestone_mismatch(_stating("100.05", "70.03"))
    assert warning.params["expected"] == Decimal("70.04")


def test_empty_amount_cell_gives_missing_amount(defect_files, contract_data):
    path = documents.pdf_contract_missing_amount(defect_files / "missing_amount.pdf", contract_data, seq=3)
    document = importers.parse_file(path)
    [warning] = _codes(document, "missing_amount")
    assert warning.params["seq"] == 3
    assert warning.where.startswith("序号3")
    [total] = _codes(document, "total_mismatch")
    assert total.params["difference"] == Decimal("-67000.00")


def test_an_amount_with_two_points_is_unreadable_not_read_as_far_as_its_first_two_decimals(defect_files, contract_data):
    """OCR reads a 0 of 110000.00 as a point: 「1100.00.00」 is no amount, and 1100.00 would be wrong."""
    data = documents.with_line_amount(contract_data, 3, "1100.00.00")
    document = importers.parse_file(documents.pdf_contract(defect_files / "two_points.pdf", data))
    [warning] = _codes(document, "unreadable_amount")
    assert warning.where.startswith("序号3") and "1100.00.00" in warning.message
    assert next(line for line in document.line_items if line.seq == 3).amount is None


def test_a_total_row_amount_with_two_points_is_said_unreadable_on_the_total():
    rows = [
        RawRow.from_cells(["1", "市档案馆", "机房运维", "56000.00"], _COLUMNS, "第1页第2行"),
        RawRow.from_cells(["合计", "", "", "5600.0.00"], _COLUMNS, "第1页第3行"),
    ]
    document = ParsedDocument(kind="contract", title="total", source=SourceFile("total.pdf", "0" * 64, "pdf"))
    build_lines(rows, document)
    [warning] = _codes(document, "unreadable_total")
    assert warning.target == "total_amount" and "5600.0.00" in warning.message
    assert document.total_amount is None


def test_line_after_contract_end_only_for_own_start_lines(parsed_contract_pdf):
    assert [w.params["seq"] for w in _codes(parsed_contract_pdf, "line_after_contract_end")] == [35, 40]
