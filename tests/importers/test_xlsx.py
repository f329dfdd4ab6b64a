"""The annex as officers keep it in Excel: numbers as numbers, units merged down, a 合计 row."""

from decimal import Decimal

import importers
from tests import documents
from tests.importers.compare import fold


def test_annex_workbook_gives_the_contract_lines(files, contract_data):
    path = documents.xlsx_annex(files / "annex_merged_units_total_row.xlsx", contract_data)
    document = importers.parse_file(path, filename="清单.xlsx")
    assert document.source.format == "xlsx"
    assert document.kind == "contract"
    assert document.title == contract_data["title"]
    assert [line.seq for line in document.line_items] == list(range(1, 41))
    assert [line.unit for line in document.line_items] == [line["unit"] for line in contract_data["line_items"]]
    assert sum(line.amount for line in document.line_items) == Decimal("8271400.00")
    assert document.total_amount == Decimal("8271400.00")  # from the 合计 row
    assert document.line_items[39].start.isoformat() == "2026-07-27"
    assert fold(document.line_items[0].requirements) == fold(contract_data["line_items"][0]["requirements"])
    # header fields the sheet does not state stay null, and no period means no period check
    assert document.purchaser is None and document.service_period is None
    assert document.warning_codes() == []


def test_xlsx_is_recognised_by_content_not_name(files, contract_data):
    path = documents.xlsx_annex(files / "annex_named_as.pdf", contract_data)
    assert importers.sniff_format(path) == "xlsx"
