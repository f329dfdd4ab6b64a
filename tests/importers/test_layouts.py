"""The rules for the class of documents, one layout of the generated corpus each (tests/corpus),
read from Word, reportlab PDF and Excel alike."""

from decimal import Decimal

import pytest

import importers
from tests import corpus

FORMATS = {"docx": corpus.write_docx, "pdf": corpus.write_pdf, "xlsx": corpus.write_xlsx}


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    folder = tmp_path_factory.mktemp("layouts")
    cache = {}

    def read(layout, fmt="docx"):
        if (layout, fmt) not in cache:
            doc = next(doc for doc in corpus.documents() if doc.layout == layout)
            cache[layout, fmt] = importers.parse_file(FORMATS[fmt](doc, folder / f"{layout}.{fmt}"))
        return cache[layout, fmt]

    return read


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_unit_price_column_is_never_the_line_amount(read, fmt):
    document = read("unit_price_quantity_amount", fmt)
    assert [line.amount for line in document.line_items] == [
        Decimal("42000.00"),
        Decimal("35200.00"),
        Decimal("25000.00"),
        Decimal("180000.00"),
    ]
    assert document.line_items[0].unit_price == Decimal("3500.00") and document.line_items[0].quantity == 12
    assert document.line_items[0].measure == "台"
    assert "quantity_price_mismatch" not in document.warning_codes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_quantity_times_unit_price_that_disagrees_with_the_amount_is_said_with_the_difference(read, fmt):
    document = read("unit_price_times_quantity_disagrees", fmt)
    warning = next(w for w in document.warnings if w.code == "quantity_price_mismatch")
    assert warning.where.startswith("序号2")
    assert "相差500.00元" in warning.message
    assert document.line_items[1].amount == Decimal("15800.00")  # the amount column, as printed


@pytest.mark.parametrize("fmt", FORMATS)
def test_amounts_in_wan_are_kept_in_yuan_exactly(read, fmt):
    header = read("amounts_in_wan_header", fmt)
    assert [line.amount for line in header.line_items] == [
        Decimal("298000.00"),
        Decimal("1250000.00"),
        Decimal("86000.00"),
    ]
    assert header.total_amount == Decimal("1634000.00")
    cells = read("amounts_in_wan_cells", fmt)
    assert cells.line_items[0].amount == Decimal("407140.00")


def test_an_award_notice_in_wan_prose_is_imported_without_lines(read):
    document = read("award_notice_without_table")
    assert document.total_amount == Decimal("4071400.00")
    assert document.supplier == "河南云帆信息技术有限公司"
    assert document.agency == "洛阳市公共资源交易中心"
    assert document.purchaser == "郑州市大数据管理局"
    assert document.line_items == [] and "no_line_items" in document.warning_codes()
    assert (document.kind, document.kind_evidence) == ("award", "中标（成交）结果公告")
    assert document.amount_unit == "万元"
    assert document.sources["total_amount"].where == "中标金额：407.14万元"
    # the 万元 after the figures is a unit, not a total in 大写 that disagrees with them
    assert document.total_amount_upper is None and "upper_amount_mismatch" not in document.warning_codes()


def test_the_payload_is_schema_version_4_with_each_field_s_source_and_confidence(read):
    payload = read("unit_price_times_quantity_disagrees", "pdf").to_payload()
    importers.validate_payload(payload)
    assert payload["schema_version"] == 4
    # a text PDF's source has no OCR place (page, bbox, ocr_confidence): those are for scans
    assert payload["sources"]["supplier"] == {"where": "供应商（乙方）：郑州智联网络科技有限公司", "confidence": "high"}
    assert payload["sources"]["line_items/1/amount"]["confidence"] == "low"  # 数量 × 单价 disagrees
    assert payload["sources"]["line_items/0/amount"]["confidence"] == "high"
    assert payload["line_items"][1]["quantity"] == "340" and payload["line_items"][1]["unit_price"] == "45.00"
    assert payload["line_items"][1]["measure"] == "株" and payload["line_items"][1]["amount_unit"] == "元"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_hierarchy_keeps_labels_and_parents_and_never_counts_a_subtotal(read, fmt):
    document = read("hierarchical_table", fmt)
    assert [(line.label, line.parent) for line in document.line_items] == [
        ("一", None),
        ("1", "一"),
        ("1.1", "1"),
        ("1.2", "1"),
        ("2", "一"),
        ("二", None),
        ("1", "二"),
        ("2", "二"),
    ]
    assert document.total_amount == Decimal("650000.00")
    assert not {"total_mismatch", "parent_sum_mismatch"} & set(document.warning_codes())


def test_a_parent_whose_children_do_not_add_up_is_said(tmp_path):
    doc = next(doc for doc in corpus.documents() if doc.layout == "hierarchical_table")
    doc.table[3][3] = "160000.00"  # 1.1 150000 → 160000: 1 no longer adds up
    document = importers.parse_file(corpus.write_docx(doc, tmp_path / "h.docx"))
    warning = next(w for w in document.warnings if w.code == "parent_sum_mismatch")
    assert "相差-10,000.00元" in warning.message


@pytest.mark.parametrize("layout", ["total_row_lower_and_upper", "contract_total_sentence", "total_only_in_upper"])
def test_totals_in_every_form(read, layout):
    doc = next(doc for doc in corpus.documents() if doc.layout == layout)
    document = read(layout)
    assert document.total_amount == doc.total
    assert "total_mismatch" not in document.warning_codes()


def test_the_agency_and_its_fee_are_neither_the_purchaser_nor_the_amount(read):
    document = read("agency_and_its_fee")
    assert document.agency == "河南省中正招标代理有限公司"
    assert document.purchaser == "南阳市自然资源和规划局"
    assert document.total_amount == Decimal("240000.00")


@pytest.mark.parametrize(
    ("layout", "kind", "evidence"),
    [
        ("consultation_requirements_table", "tender", "竞争性磋商文件"),
        ("enquiry_notice", "tender", "询价通知书"),
        ("renewal_contract", "contract", "续签合同"),
        ("unit_price_times_quantity_disagrees", "contract", "协议书"),
    ],
)
def test_the_kind_comes_with_the_words_that_decided_it(read, layout, kind, evidence):
    document = read(layout)
    assert (document.kind, document.kind_evidence) == (kind, evidence)


@pytest.mark.parametrize("fmt", FORMATS)
def test_lots_in_a_table_are_lots_not_lines(read, fmt):
    document = read("lots_in_a_table", fmt)
    assert document.line_items == []
    assert [(lot.label, lot.name, lot.budget, lot.months) for lot in document.lots] == [
        ("1", "政务外网运维", Decimal("1200000.00"), 8),
        ("2", "数据中心运维", Decimal("860000.00"), 8),
    ]
    assert str(document.service_period.start) == "2024-09-01" and str(document.service_period.end) == "2025-04-30"


def test_lots_in_prose_with_budgets_in_words(read):
    document = read("lots_in_prose")
    assert [(lot.label, lot.budget) for lot in document.lots] == [
        ("1", Decimal("350000.00")),
        ("2", Decimal("180000.00")),
    ]
    assert document.total_amount == Decimal("530000.00")


@pytest.mark.parametrize(
    ("layout", "start", "end", "months"),
    [
        ("renewal_contract", "2023-10-21", "2024-07-20", 9),
        ("period_from_signing", None, None, 12),
        ("header_subject_and_total_price", None, None, 12),
    ],
)
def test_periods_in_prose(read, layout, start, end, months):
    period = read(layout).service_period
    assert (period.start and str(period.start), period.end and str(period.end), period.months) == (start, end, months)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_measure_column_is_not_the_service_unit(read, fmt):
    document = read("measure_units_column", fmt)
    assert {line.unit for line in document.line_items} == {"市卫生健康委员会"}
    assert [line.measure for line in document.line_items] == ["项", "台", "套"]
