"""Scanned contracts read by OCR (importers.ocr): scans generated from the corpus by tests/scans.py —
rendered pages with a red seal over the 合计 row and the signature block, a skew of 1–2°, scanner noise
and JPEG compression, wrapped into an image-only PDF. OCR takes seconds a page: a few scans here, the
whole scan corpus in benchmarks/ (figures in benchmarks/README.md)."""

import io
import json
import random
from decimal import Decimal

import numpy as np
import pypdf
import pytest
from PIL import Image, ImageDraw

import importers
from importers import ocr, scanned, sources
from importers.document import ParsedDocument, SourceFile, from_payload, validate_payload
from importers.errors import ScannedPdf, ScanTooSmall, TooManyScanPages
from importers.evaluate import AMOUNT_PATH, score
from importers.lines import RawRow, build_lines
from tests import documents
from tests.corpus import documents as layouts
from tests.corpus import libreoffice_available, print_with_libreoffice, write_docx, write_pdf
from tests.scans import phone_photo, render_pages, scan_pdf, sealed_photo

LAYOUT = "total_row_lower_and_upper"


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """The corpus layout with a 合计 row in figures and in words, as a text PDF, and its truth."""
    doc = next(doc for doc in layouts() if doc.layout == LAYOUT)
    folder = tmp_path_factory.mktemp("scans")
    return write_pdf(doc, folder / f"{LAYOUT}.pdf"), doc.truth()


@pytest.fixture(scope="module")
def sealed_scan(source):
    path, truth = source
    scan = scan_pdf(path, path.with_name("sealed.scan.pdf"), seed=3)
    return importers.parse_file(scan).to_payload(), truth


def _silent_amounts(truth, payload):
    return [field for field in score(truth, payload) if field.outcome == "silent" and AMOUNT_PATH.match(field.path)]


def test_a_sealed_skewed_scan_reads_its_parties_lines_and_total_with_no_silent_wrong_amount(sealed_scan):
    payload, truth = sealed_scan
    assert payload["source"]["format"] == "pdf" and payload["source"]["pages"] == 1
    assert (payload["title"], payload["procurement_number"]) == (truth["title"], truth["procurement_number"])
    assert [line["name"] for line in payload["line_items"]] == [line["name"] for line in truth["line_items"]]
    assert [line["amount"] for line in payload["line_items"]] == [line["amount"] for line in truth["line_items"]]
    assert _silent_amounts(truth, payload) == []
    # the seal's own words (河南某某信息技术有限公司 合同专用章) are no field
    assert "某某" not in json.dumps(payload, ensure_ascii=False)


def test_every_field_read_by_ocr_has_its_page_box_and_score_and_the_payload_is_schema_version_4(sealed_scan):
    payload, _ = sealed_scan
    validate_payload(payload)
    assert payload["schema_version"] == 4
    assert from_payload(payload).to_payload()["sources"] == payload["sources"]  # the review form keeps them
    amount = payload["sources"]["line_items/0/amount"]
    assert amount["page"] == 1 and 0.9 <= amount["ocr_confidence"] <= 1
    x0, top, x1, bottom = amount["bbox"]
    assert 0 < x0 < x1 < 595 and 0 < top < bottom < 842  # an A4 page in points
    doubtful = [w for w in payload["warnings"] if w["code"] == "ocr_doubtful"]
    for warning in doubtful:
        assert payload["sources"][warning["field"]]["confidence"] == "low"
        assert payload["sources"][warning["field"]]["ocr_confidence"] < scanned.DOUBT_BELOW


def test_a_total_the_ocr_cannot_trust_is_a_mismatch_on_the_review_never_a_silent_total(source, tmp_path):
    """The seal's star covers the 合计 figures; whatever OCR makes of them, the total either equals the
    lines or a warning points at it."""
    path, truth = source
    payload = importers.parse_file(scan_pdf(path, tmp_path / "star.scan.pdf", seed=11, quality=40)).to_payload()
    flagged = {w.get("field") for w in payload["warnings"]} | {
        "total_amount" for w in payload["warnings"] if w["code"] in ("total_mismatch", "upper_amount_mismatch")
    }
    assert payload["total_amount"] == truth["total_amount"] or "total_amount" in flagged
    assert _silent_amounts(truth, payload) == []


def test_an_upside_down_page_is_turned_round_and_read(source, tmp_path):
    path, truth = source
    scan = scan_pdf(path, tmp_path / "upside-down.scan.pdf", seed=5, upside_down=(1,))
    page = ocr.read_pages(scan, [1])[1]
    assert page.upside_down
    payload = importers.parse_file(scan).to_payload()
    assert [line["amount"] for line in payload["line_items"]] == [line["amount"] for line in truth["line_items"]]


@pytest.mark.parametrize(("turned", "upside_down"), [("clockwise", ()), ("counter-clockwise", (1,))])
def test_a_page_scanned_sideways_is_turned_upright_and_its_crops_show_the_fields(source, tmp_path, turned, upside_down):
    """A portrait page fed into the scanner as landscape: its lines run down (or up) the image. It is
    turned a quarter (and half a turn more when then upside down); the crop turns the page alike."""
    path, truth = source
    scan = scan_pdf(path, tmp_path / f"{turned}.scan.pdf", seed=6, seal=False, sideways=(1,), upside_down=upside_down)
    page = ocr.read_pages(scan, [1])[1]
    assert page.quarter_turns == 1 and page.upside_down == bool(upside_down)
    payload = importers.parse_file(scan).to_payload()
    validate_payload(payload)
    assert [line["amount"] for line in payload["line_items"]] == [line["amount"] for line in truth["line_items"]]
    assert _silent_amounts(truth, payload) == []
    field_source = payload["sources"]["line_items/0/amount"]
    assert 88 <= field_source["page_rotation"] % 180 <= 92
    crop = ocr.page_crop(scan, 1, field_source["bbox"], pdf=True, rotation=field_source["page_rotation"])
    assert truth["line_items"][0]["amount"] in _read_back(crop)


def _read_back(png: bytes) -> str:
    """The text OCR finds on a crop, seal red dropped, whitespace and thousands commas left out."""
    crop = np.array(Image.open(io.BytesIO(png)).convert("RGB"))
    found, _ = ocr._engine()(ocr.drop_red(crop)[0])
    return "".join(text for _, text, _ in found or []).replace(",", "").replace(" ", "")


def test_the_crop_of_a_field_on_an_upside_down_page_shows_that_field(source, tmp_path):
    """The box was measured on the page turned round: the crop turns the page alike (the turn is kept
    with the field's source), so the officer sees the figure the importer read, not the opposite corner."""
    path, truth = source
    scan = scan_pdf(path, tmp_path / "upside-down-crop.scan.pdf", seed=6, seal=False, upside_down=(1,))
    payload = importers.parse_file(scan).to_payload()
    validate_payload(payload)
    for field_path, figure in (
        ("total_amount", truth["total_amount"]),
        ("line_items/0/amount", truth["line_items"][0]["amount"]),
    ):
        field_source = payload["sources"][field_path]
        assert 178 <= abs(field_source["page_rotation"]) <= 182
        crop = ocr.page_crop(scan, 1, field_source["bbox"], pdf=True, rotation=field_source["page_rotation"])
        assert figure in _read_back(crop)
        unturned = ocr.page_crop(scan, 1, field_source["bbox"], pdf=True)
        assert figure not in _read_back(unturned)


def test_a_table_printed_without_ruling_lines_is_rebuilt_from_its_header(tmp_path):
    payload, truth = _unruled_scan("contract_total_sentence", 4, tmp_path)
    assert [line["name"] for line in payload["line_items"]] == [line["name"] for line in truth["line_items"]]
    assert [line["unit"] for line in payload["line_items"]] == [line["unit"] for line in truth["line_items"]]
    assert [line["amount"] for line in payload["line_items"]] == [line["amount"] for line in truth["line_items"]]
    assert payload["total_amount"] == truth["total_amount"]


def _box(text, x0, top, x1):
    return ocr.TextBox(text, 0.99, (x0, top, x1, top + 12))


def test_unruled_columns_come_from_the_header_and_a_wrapped_name_stays_in_its_row():
    boxes = [
        _box("合同内容如下：", 40, 80, 200),
        *(_box(text, x, 100, x + 40) for text, x in (("序号", 40, ), ("服务单位", 120), ("运维项目", 260), ("金额", 420))),
        *(_box(text, x0, 120, x1) for text, x0, x1 in (("1", 42, 50), ("市档案馆", 120, 170), ("数据中心机房", 260, 330), ("78000.00", 420, 470))),
        _box("运维", 260, 134, 285),  # the name wrapped onto a second line
        *(_box(text, x0, 152, x1) for text, x0, x1 in (("2", 42, 50), ("市一中", 120, 160), ("视频会议", 262, 310), ("43500.00", 418, 470))),
        _box("本合同自双方签字盖章之日起生效，一式四份，双方各执两份。", 40, 180, 400),
    ]  # fmt: skip
    grid = ocr.header_grid(boxes)
    assert grid is not None and len(grid.rows) == 3  # the header and two rows; the sentence under it is not
    assert all(len(row.cells) == 4 for row in grid.rows)
    x0, _, x1, _ = grid.rows[1].cells[2]
    assert x0 < 260 and 330 < x1 < 420  # the name column reaches half-way to its neighbours
    _, top, _, bottom = grid.rows[1].cells[2]
    assert top < 120 and 146 < bottom < 152  # the wrapped 「运维」 is inside the first row
    assert grid.bbox[3] < 180


def test_an_unruled_line_whose_seq_the_ocr_missed_is_its_own_row_not_the_wrapped_rest_of_the_line_above():
    """OCR often misses a lone 「2」 in the 序号 column: the line's second figure in the amount column
    starts its own row; a wrapped name (text only) still joins the row above."""
    boxes = [
        *(_box(text, x, 100, x + 40) for text, x in (("序号", 40), ("服务单位", 120), ("运维项目", 260), ("金额", 420))),
        *(_box(text, x0, 120, x1) for text, x0, x1 in (("1", 42, 50), ("市档案馆", 120, 170), ("数据中心机房", 260, 330), ("78000.00", 420, 470))),
        _box("运维", 260, 134, 285),
        *(_box(text, x0, 152, x1) for text, x0, x1 in (("市一中", 120, 160), ("视频会议", 262, 310), ("43500.00", 418, 470))),
    ]  # fmt: skip
    grid = ocr.header_grid(boxes)
    assert grid is not None and len(grid.rows) == 3
    assert grid.rows[1].bbox[3] < 152 < grid.rows[2].bbox[3]
    # the figures as 「人民币765,432.11元」 (rmb_thousands_amounts) are figures too
    spelled = [
        ocr.TextBox(f"人民币{b.text}元", b.score, b.box) if b.text[0].isdigit() and "." in b.text else b for b in boxes
    ]
    assert len(ocr.header_grid(spelled).rows) == 3


def _unruled_scan(layout: str, seed: int, tmp_path) -> tuple[dict, dict]:
    """The corpus layout printed without rules and scanned with `seed`, as imported, and its truth."""
    doc = next(doc for doc in layouts() if doc.layout == layout)
    unruled = write_pdf(doc, tmp_path / "unruled.pdf", ruled=False)
    return importers.parse_file(scan_pdf(unruled, tmp_path / "unruled.scan.pdf", seed=seed)).to_payload(), doc.truth()


def test_an_unruled_scan_whose_ocr_misses_a_seq_reads_every_line_with_its_own_amount(tmp_path):
    """The corpus's unruled scan of the enquiry notice (same seed): line 2's 「2」 is not found by the
    OCR; its name, unit and amount were run into line 1, silently."""
    payload, truth = _unruled_scan("enquiry_notice", 1018, tmp_path)
    for key in ("name", "unit", "amount"):
        assert [line[key] for line in payload["line_items"]] == [line[key] for line in truth["line_items"]]
    assert _silent_amounts(truth, payload) == []


def test_an_unruled_total_line_written_across_the_table_is_its_last_row_in_one_merged_cell():
    boxes = [
        *(_box(text, x, 100, x + 40) for text, x in (("序号", 40), ("服务单位", 120), ("运维项目", 260), ("金额", 420))),
        *(_box(text, x0, 120, x1) for text, x0, x1 in (("1", 42, 50), ("市档案馆", 120, 170), ("机房运维", 260, 330), ("78000.00", 420, 470))),
        _box("合计金额小写：78000.00元大写：柒万捌仟元整", 40, 140, 280),
        _box("本合同自双方签字盖章之日起生效，一式四份，双方各执两份。", 40, 160, 400),
    ]  # fmt: skip
    grid = ocr.header_grid(boxes)
    assert grid is not None and len(grid.rows) == 3  # the sentence under the 合计 line is not in the table
    total = grid.rows[2]
    assert total.cells[0] == total.bbox and total.cells[1:] == [None, None, None]


def test_an_unruled_scan_reads_its_total_from_the_total_line_written_across_the_table(tmp_path):
    """The corpus's unruled scan of 「合计金额小写：177500.00元大写：…」 (same seed): the line ended the
    table, and the total was not read at all."""
    payload, truth = _unruled_scan(LAYOUT, 1011, tmp_path)
    assert payload["total_amount"] == truth["total_amount"]
    assert len(payload["line_items"]) == len(truth["line_items"])
    assert not any("合计" in line["unit"] for line in payload["line_items"])  # not run into the last line


def test_an_unruled_lot_table_whose_lot_numbers_the_ocr_missed_reads_every_lot(tmp_path):
    """The corpus's unruled scan of a 包号 | 包名称 | 最高限价 | 服务期 table (same seed): the text detector
    finds neither 「1」 nor 「2」 alone in the 包号 column; each is read again from its cell's ink."""
    payload, truth = _unruled_scan("lots_in_a_table", 1021, tmp_path)
    for key in ("label", "name", "budget", "months"):
        assert [lot[key] for lot in payload["lots"]] == [lot[key] for lot in truth["lots"]]


def test_an_unruled_top_level_seq_the_ocr_missed_is_read_from_its_cell(tmp_path):
    """The corpus's unruled scan of a hierarchical table (same seed): the lone 「一」 (one stroke) heading
    the first group is not detected; read from its cell, it is the label and the parent of 1 and 2."""
    payload, truth = _unruled_scan("hierarchical_table", 1010, tmp_path)
    for key in ("label", "parent", "amount"):
        assert [line[key] for line in payload["line_items"]] == [line[key] for line in truth["line_items"]]


@pytest.mark.libreoffice
def test_a_libreoffice_table_whose_text_fills_its_rows_is_read_in_its_four_columns_each_line_in_its_row(tmp_path):
    """LibreOffice prints the Word table with 13-point rows: the strokes of 「1」 and of the figures,
    the same in every row, touch both rules and crossed the rows like rules (17 columns for 4), and
    each line was given the amount of the line below it, silently."""
    if not libreoffice_available():
        pytest.skip("LibreOffice (soffice) is not installed")
    doc = next(doc for doc in layouts() if doc.layout == "consultation_requirements_table")
    (printed,) = print_with_libreoffice([(doc, write_docx(doc, tmp_path / "tight.docx"))], tmp_path)
    scan = scan_pdf(printed, tmp_path / "tight.scan.pdf", seed=8)
    (grid,) = ocr.read_pages(scan, [1])[1].tables
    assert [len(row.cells) for row in grid.rows] == [4, 4, 4, 4]
    payload = importers.parse_file(scan).to_payload()
    truth = doc.truth()
    assert [line["amount"] for line in payload["line_items"]] == [line["amount"] for line in truth["line_items"]]
    assert [line["unit"] for line in payload["line_items"]] == [line["unit"] for line in truth["line_items"]]
    assert _silent_amounts(truth, payload) == []


def test_a_ruled_grid_with_more_empty_header_cells_than_names_gives_way_to_the_header_grid():
    """Strokes kept as rules split the header into empty cells: the grid would read the lines into
    columns no header names; the header's own x-ranges are taken instead."""
    header = [
        _box(text, x, 100, x + 40) for text, x in (("序号", 40), ("服务内容", 140), ("需求单位", 240), ("金额", 340))
    ]
    line = [
        _box(text, x, 114, x + 40) for text, x in (("1", 40), ("机房运维", 140), ("市档案馆", 240), ("56000.00", 340))
    ]

    def ruled(edges):
        rows = [(98.0, 113.0), (113.0, 128.0)]
        cells = [[(x0, top, x1, bottom) for x0, x1 in zip(edges, edges[1:], strict=False)] for top, bottom in rows]
        return ocr.Grid(
            (36, 98, 400, 128),
            [ocr.GridRow((36, top, 400, bottom), row) for (top, bottom), row in zip(rows, cells, strict=True)],
        )

    strokes = ruled([36, 60, 90, 136, 170, 200, 236, 290, 336, 360, 400])  # columns at strokes inside the texts
    assert [len(row.cells) for row in ocr.checked_grid(strokes, header + line).rows] == [4, 4]
    straight = ruled([36, 136, 236, 336, 400])
    assert ocr.checked_grid(straight, header + line) is straight


def test_a_phone_photo_of_a_page_is_read_or_flagged_never_a_silent_wrong_amount(source, tmp_path):
    """A page photographed a few degrees off square, lit unevenly, at about 120 dpi, JPEG."""
    path, truth = source
    page = render_pages(path)[0]
    phone_photo(page, random.Random(9)).save(tmp_path / "photo.jpg", quality=60)
    payload = importers.parse_file(tmp_path / "photo.jpg").to_payload()
    assert _silent_amounts(truth, payload) == []
    outcomes = {field.path: field.outcome for field in score(truth, payload)}
    assert all(outcomes[f"line_items/{index}/amount"] in ("right", "flagged") for index in range(3))


def test_the_faint_column_rules_of_a_phone_photo_make_the_table_s_columns_and_every_line_is_read(tmp_path):
    """At 120 dpi a one-pixel rule is grey, lighter still in the hand's shadow: taken as text ink it
    broke up, the grid kept 2 of its 5 column rules and no line of the table was read."""
    doc = next(doc for doc in layouts() if doc.layout == "fullwidth_yen_amounts")
    photo = sealed_photo(write_pdf(doc, tmp_path / "fullwidth.pdf"), tmp_path / "fullwidth.photo.jpg", seed=2009)
    (grid,) = ocr.read_pages(photo, None)[1].tables
    assert [len(row.cells) for row in grid.rows] == [4, 4, 4, 4]
    payload = importers.parse_file(photo).to_payload()
    truth = doc.truth()
    assert [line["unit"] for line in payload["line_items"]] == [line["unit"] for line in truth["line_items"]]
    assert _silent_amounts(truth, payload) == []


def test_the_party_labels_under_a_photographed_seal_are_read_and_the_seal_s_words_are_not(tmp_path):
    """At 120 dpi the strokes of 「采购人」 and 「供应商」 under the seal are grey and take on its red:
    made white with the seal, the labels lost a character and neither party was read. In red light
    the seal is paper and those strokes stay; the seal's own words (its ink, white in red light) do not.
    (The supplier's name under the seal's ring is read too, but 郑 as 部: a character no rule catches.)"""
    doc = next(doc for doc in layouts() if doc.layout == "unit_price_times_quantity_disagrees")
    photo = sealed_photo(write_pdf(doc, tmp_path / "parties.pdf"), tmp_path / "parties.photo.jpg", seed=2027)
    payload = importers.parse_file(photo).to_payload()
    truth = doc.truth()
    assert payload["purchaser"] == truth["purchaser"]
    assert payload["supplier"] and not set(payload["supplier"]) & set("某合同专用章")
    assert _silent_amounts(truth, payload) == []


def test_a_photo_of_a_page_as_png_is_read_like_the_scan(source, tmp_path):
    path, truth = source
    image = tmp_path / "page.png"
    render_pages(scan_pdf(path, tmp_path / "for-photo.scan.pdf", seed=7))[0].save(image)
    document = importers.parse_file(image)
    assert document.source.format == "png"
    assert [line.amount for line in document.line_items] == [Decimal(line["amount"]) for line in truth["line_items"]]


def test_only_the_scanned_page_of_a_mixed_pdf_is_read_by_ocr_and_the_annex_reads_as_from_text(tmp_path):
    data = documents.load_demo("luoyang_contract")
    text_pdf = documents.pdf_contract(tmp_path / "contract.pdf", data)
    pages = len(pypdf.PdfReader(text_pdf).pages)
    scanned_page = scan_pdf(text_pdf, tmp_path / "all.scan.pdf", seed=2, seal=False)
    mixed = pypdf.PdfWriter()
    for number in range(pages):
        # the last annex page comes back from the scanner
        chosen = scanned_page if number == pages - 1 else text_pdf
        mixed.add_page(pypdf.PdfReader(chosen).pages[number])
    mixed.write(tmp_path / "mixed.pdf")
    assert scanned.pages_without_text(tmp_path / "mixed.pdf") == (pages, [pages])
    seen = []
    from_text = importers.parse_file(text_pdf)
    from_mixed = importers.parse_file(tmp_path / "mixed.pdf", progress=lambda done, total: seen.append((done, total)))
    assert seen == [(done, pages) for done in range(1, pages + 1)]
    assert from_mixed.total_amount == from_text.total_amount
    assert [line.amount for line in from_mixed.line_items] == [line.amount for line in from_text.line_items]
    assert [line.name for line in from_mixed.line_items] == [line.name for line in from_text.line_items]


@pytest.mark.parametrize(
    ("path", "value", "odd"),
    [
        ("procurement_number", "KFDA-2024-004", False),
        ("procurement_number", "ZZCG2024-0156", False),
        ("procurement_number", "HNZC-20240312", False),
        ("procurement_number", "XXWj-2024-009", True),  # J read as j
        ("procurement_number", "KFDA-2024-0I2", True),  # 1 read as I
        ("procurement_number", "XXRY-2024031", True),  # the hyphen lost
        ("supplier", "河南云帆信息技术有限公司", False),
        ("supplier", "（乙方）：河南云帆信息技术有限公司", True),
        ("purchaser", ".：许昌市公安局", True),
        ("title", "许昌市公安局内户网站运维项目", False),  # 门 read as 内: no shape gives it away
    ],
)
def test_a_header_value_whose_shape_a_misread_gives_away_is_marked_for_review_not_corrected(path, value, odd):
    assert (sources.odd_shape(path, value) is not None) is odd


def test_a_speck_read_as_a_point_before_a_seq_makes_no_sub_line():
    """「.2」: a speck left of the 2 read as a point. The line is line 2 of the table, not a sub-line,
    and the table is not made hierarchical by it."""
    columns = {"seq": 0, "unit": 1, "name": 2, "amount": 3}
    cells = [["1", "市档案馆", "机房运维", "56000.00"], [".2", "市一中", "网络运维", "47000.00"]]
    rows = [RawRow.from_cells(row, columns, f"第1页第{number}行") for number, row in enumerate(cells, start=2)]
    document = ParsedDocument(kind="contract", title="speck", source=SourceFile("speck.pdf", "0" * 64, "pdf"))
    lines = build_lines(rows, document)
    assert [(line.label, line.parent) for line in lines] == [("1", None), ("2", None)]


# -- refusals: a sentence each, before anything is kept ---------------------------------------------


def test_a_blank_scan_is_refused_with_a_sentence(tmp_path):
    blank = tmp_path / "blank.pdf"
    Image.new("RGB", (1240, 1754), "white").save(
        blank, save_all=True, append_images=[Image.new("RGB", (1240, 1754), "white")]
    )
    with pytest.raises(ScannedPdf) as refused:
        importers.parse_file(blank)
    assert "没有识别出任何文字" in refused.value.message and "OCR" in refused.value.message_en


def test_an_image_too_small_to_read_is_refused_as_an_image_and_inside_a_pdf(tmp_path):
    small = Image.new("RGB", (300, 420), "white")
    ImageDraw.Draw(small).text((20, 20), "contract", fill="black")
    small.save(tmp_path / "small.jpg")
    small.save(tmp_path / "small.pdf")
    for name in ("small.jpg", "small.pdf"):
        with pytest.raises(ScanTooSmall) as refused:
            importers.parse_file(tmp_path / name)
        assert "分辨率过低" in refused.value.message and "500" in refused.value.message_en


def test_a_scan_of_more_than_300_pages_is_refused_before_any_page_is_read(tmp_path):
    pages = [Image.new("L", (8, 8), 255) for _ in range(301)]
    pages[0].save(tmp_path / "long.pdf", save_all=True, append_images=pages[1:])
    with pytest.raises(TooManyScanPages) as refused:
        importers.parse_file(tmp_path / "long.pdf")
    assert refused.value.params == {"found": 301, "limit": 300} and "300页" in refused.value.message


# -- the page image: seals and ruled tables ------------------------------------------------------


def test_seal_red_turns_white_and_black_text_under_it_stays_black():
    page = np.full((100, 100, 3), 255, np.uint8)
    page[40:60, 10:90] = (0, 0, 0)  # a stroke of text
    page[10:90, 45:55] = np.minimum(page[10:90, 45:55], np.array([215, 30, 35], np.uint8))  # seal ink over it
    cleaned, red = ocr.drop_red(page)
    assert red == 80 * 10 - 20 * 10
    assert cleaned[20, 50].tolist() == [255, 255, 255]  # the seal alone
    assert cleaned[50, 50].tolist() == [0, 0, 0] and cleaned[50, 20].tolist() == [0, 0, 0]  # text, under it too


def test_a_ruled_table_with_a_cell_merged_down_gives_none_under_it():
    page = Image.new("RGB", (600, 300), "white")
    draw = ImageDraw.Draw(page)
    for y in (20, 80, 140, 200):
        draw.line((20, y, 580, y), fill="black", width=2)
    draw.line((20, 140, 220, 140), fill="white", width=6)  # the first column's cell spans rows 2 and 3
    for x in (20, 220, 400, 580):
        draw.line((x, 20, x, 200), fill="black", width=2)
    (grid,) = ocr.find_grids(np.array(page))
    assert len(grid.rows) == 3 and [len(row.cells) for row in grid.rows] == [3, 3, 3]
    assert grid.rows[2].cells[0] is None and grid.rows[2].cells[1] is not None
    x0, top, x1, bottom = grid.rows[1].cells[0]
    assert (round(x0), round(top), round(x1), round(bottom)) == (20, 80, 220, 200)
