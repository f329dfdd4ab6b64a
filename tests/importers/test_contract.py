"""The signed contract read from a PDF like the original (and from a Word file): header fields,
the 40 annex lines adding up to the total, the milestones, lines with their own start."""

from datetime import date
from decimal import Decimal

import pdfplumber
import pytest

from importers.document import validate_payload
from tests.importers.compare import fold, sla_of

#: Lines whose SLA the demo data's typist read from free text beyond the labelled fields
#: (see the data's notes): 服务方式 「24小时内提供现场服务」 as onsite time, two inspection items joined,
#: 「应用程序检查服务：每月1次」 as inspection, 7*24h chosen over 5*8h.
SLA_READ_BY_HAND = {22, 23, 24, 25, 27, 37, 38}


@pytest.fixture(params=["pdf", "docx"])
def contract(request, parsed_contract_pdf, parsed_contract_docx):
    return parsed_contract_pdf if request.param == "pdf" else parsed_contract_docx


def test_header_fields(contract, contract_data):
    assert contract.kind == "contract"
    assert contract.title == contract_data["title"]
    assert contract.filing_number == "洛采公开-2026-54"
    assert contract.procurement_number == "洛直政采招标（2025）0060号"
    assert contract.purchaser == "洛阳市行政审批和政务信息管理局"
    assert contract.supplier == "洛阳数智科技发展有限公司"
    assert contract.service_period.start == date(2026, 5, 22)
    assert contract.service_period.end == date(2027, 5, 21)
    assert contract.service_period.months == 12
    assert contract.renewal_max_total_years == 3
    assert contract.change_cap_ratio == Decimal("0.10")
    assert contract.total_amount_upper == "捌佰贰拾柒万壹仟肆佰元整"


def test_forty_lines_add_up_to_the_total_exactly(contract):
    assert [line.seq for line in contract.line_items] == list(range(1, 41))
    assert contract.total_amount == Decimal("8271400.00")
    assert sum(line.amount for line in contract.line_items) == Decimal("8271400.00")
    assert "total_mismatch" not in contract.warning_codes()
    assert "upper_amount_mismatch" not in contract.warning_codes()


def test_milestones_seventy_and_thirty_per_cent(contract):
    first, second = contract.payment_milestones
    assert (first.ratio, first.amount, first.due_working_days) == (Decimal("0.70"), Decimal("5789980.00"), 30)
    assert (second.ratio, second.amount, second.due_working_days) == (Decimal("0.30"), Decimal("2481420.00"), 30)
    assert first.trigger == "本合同生效后"
    assert "milestone_mismatch" not in contract.warning_codes()


def test_penalties_of_clause_13(contract, contract_data):
    read = [(p.kind, p.ratio, p.days) for p in contract.penalties]
    typed = [(p["kind"], Decimal(p["ratio"]) if p["ratio"] else None, p["days"]) for p in contract_data["penalties"]]
    assert read == typed


def test_lines_35_and_40_start_on_their_own_dates_and_end_after_the_contract(contract):
    lines = {line.seq: line for line in contract.line_items}
    assert lines[35].start == date(2026, 7, 1)
    assert lines[40].start == date(2026, 7, 27)
    assert all(line.start is None for seq, line in lines.items() if seq not in (35, 40))
    late = [w for w in contract.warnings if w.code == "line_after_contract_end"]
    assert [w.params["seq"] for w in late] == [35, 40]
    assert late[1].params["line_end"] == date(2027, 7, 26)
    assert late[1].where.startswith("序号40")


def test_every_line_reads_back_as_typed(contract, contract_data):
    for line, typed in zip(contract.line_items, contract_data["line_items"], strict=True):
        assert (line.seq, line.unit, line.name) == (typed["seq"], typed["unit"], typed["name"])
        assert fold(line.content) == fold(typed["content"]), line.seq
        assert fold(line.requirements) == fold(typed["requirements"]), line.seq
        assert line.amount == Decimal(typed["amount"])
        assert line.term_months == typed["term_months"] == 12
        assert line.onsite_staff == typed["onsite_staff"], line.seq


def test_labelled_service_levels_read_as_typed(contract, contract_data):
    for line, typed in zip(contract.line_items, contract_data["line_items"], strict=True):
        if line.seq not in SLA_READ_BY_HAND:
            assert sla_of(line) == typed["sla"], line.seq


def test_on_site_staff_per_line(contract):
    staff = {line.seq: line.onsite_staff for line in contract.line_items}
    assert (staff[1], staff[12], staff[13], staff[2]) == (2, 5, 3, 0)


def test_payload_validates_against_the_schema(contract):
    payload = contract.to_payload()
    validate_payload(payload)
    assert payload["total_amount"] == "8271400.00"
    assert payload["payment_milestones"][0]["ratio"] == "0.70"
    assert payload["line_items"][39]["start"] == "2026-07-27"


# -- the PDF's own quirks ----------------------------------------------------------------------


def _first_cells_per_page(path):
    """(page number, 序号 cell of the first row below the header) for each annex page."""
    found = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for table in page.extract_tables():
                if table and table[0][0] == "序号" and len(table) > 1:
                    found.append((number, table[1][0], table[-1][0]))
    return found


def test_fixture_repeats_the_header_and_splits_rows_across_pages(contract_pdf):
    pages = _first_cells_per_page(contract_pdf)
    assert len(pages) > 10  # the header row heads every annex page
    assert sum(1 for _, first, _ in pages if first == "") >= 3  # rows that continue from the page before


def test_split_row_is_merged_whole(contract_pdf, parsed_contract_pdf, contract_data):
    pages = _first_cells_per_page(contract_pdf)
    split_seqs = [int(pages[i - 1][2]) for i in range(1, len(pages)) if pages[i][1] == "" and pages[i - 1][2]]
    assert split_seqs
    typed = {line["seq"]: line for line in contract_data["line_items"]}
    for line in parsed_contract_pdf.line_items:
        if line.seq in split_seqs:
            assert fold(line.content) == fold(typed[line.seq]["content"])
            assert fold(line.requirements) == fold(typed[line.seq]["requirements"])
    assert len(parsed_contract_pdf.line_items) == 40


def test_progress_is_reported_per_page(contract_pdf):
    import importers

    calls = []
    document = importers.parse_file(
        contract_pdf, filename="合同.pdf", progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(page, document.source.pages) for page in range(1, document.source.pages + 1)]
    assert document.source.filename == "合同.pdf"
    assert document.source.format == "pdf"
    assert len(document.source.sha256) == 64
