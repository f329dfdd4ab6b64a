"""Hostile and oversized Word and Excel files (tests/hostile.py makes them): each is refused by
importers.limits before a parser opens it, naming the limit it breaks, within bounded memory.

Memory: each file is read in a fresh interpreter that has loaded the importer (its baseline), under
an address-space limit (RLIMIT_AS) of MEMORY_BOUND over that baseline. Without the checks the first
of them needs tens of GB (openpyxl builds 17 billion cells); with them, every one must end with its
refusal, not MemoryError, and its peak resident memory must stay under the bound too.
"""

import json
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

import importers
from importers import limits
from importers.errors import CorruptFile
from importers.limits import FileOverLimit
from tests import hostile

ROOT = Path(__file__).resolve().parents[2]
#: Address space a hostile file may take over a loaded interpreter's, in bytes.
MEMORY_BOUND = 300 * 1024 * 1024

_BOUNDED_READ = """
import json, resource, sys
import importers

def address_space():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))

bound = int(sys.argv[2])
base_space = address_space()
base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
resource.setrlimit(resource.RLIMIT_AS, (base_space + bound, base_space + bound))
try:
    document = importers.parse_file(sys.argv[1])
    answer = {"code": "read", "lines": len(document.line_items)}
except importers.DocumentError as error:
    answer = {"code": error.code, "what": error.params.get("what")}
except MemoryError:
    answer = {"code": "MemoryError"}
answer["peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - base_rss
print(json.dumps(answer))
"""


def read_bounded(path: Path, bound: int = MEMORY_BOUND) -> dict:
    """parse_file(path) in a fresh interpreter limited to `bound` bytes over its baseline: the error
    code (and limit) it ends with, and its peak resident memory over the baseline."""
    result = subprocess.run(
        [sys.executable, "-c", _BOUNDED_READ, str(path), str(bound)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


# (file name, how it is made, the limit it breaks)
OVER_LIMIT = [
    ("merged_H3_to_XFD1048576.xlsx", hostile.xlsx_merged_to_sheet_end, "merged_range"),
    ("dimension_whole_sheet.xlsx", hostile.xlsx_declared_range, "sheet_range"),
    ("cell_at_XFD1048576.xlsx", hostile.xlsx_cell_far_away, "sheet_range"),
    ("rows_100000.xlsx", hostile.xlsx_many_rows, "xml"),
    ("rows_30000.xlsx", partial(hostile.xlsx_many_rows, rows=30_000), "sheet_cells"),
    ("empty_paragraphs_8_5_million.docx", hostile.docx_empty_paragraphs, "xml"),
    ("paragraphs_100001.docx", partial(hostile.docx_many_paragraphs, count=100_001), "paragraphs"),
    ("text_run_1_1_GB.docx", hostile.docx_huge_text_run, "unpacked"),
    ("characters_5_1_million.docx", partial(hostile.docx_long_text, characters=5_100_000), "characters"),
    ("elements_1_04_million.docx", partial(hostile.docx_many_elements, runs=520_000), "elements"),
    ("member_ratio_1000.docx", hostile.docx_high_ratio_member, "ratio"),
    ("unpacked_70_MB.docx", hostile.docx_large_unpacked, "unpacked"),
    ("members_5000.docx", hostile.docx_many_members, "members"),
    ("member_lies_about_its_size.docx", hostile.docx_lying_member_size, "inflates"),
    ("pages_1001.pdf", partial(hostile.pdf_many_pages, pages=1_001), "pages"),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("hostile")


@pytest.mark.parametrize("name, make, what", OVER_LIMIT, ids=[case[0] for case in OVER_LIMIT])
def test_hostile_file_is_refused_naming_its_limit_within_bounded_memory(folder, name, make, what):
    path = make(folder / name)
    with pytest.raises(FileOverLimit) as raised:
        importers.parse_file(path)
    assert raised.value.params["what"] == what
    assert raised.value.code == "file_over_limit"
    answer = read_bounded(path)
    assert answer["code"] == "file_over_limit" and answer["what"] == what, answer
    assert answer["peak"] < MEMORY_BOUND


@pytest.mark.parametrize(
    "name, make",
    [("cut_at_60_percent.docx", hostile.docx_truncated), ("billion_laughs.docx", hostile.docx_entity_expansion)],
)
def test_damaged_or_entity_laden_package_is_corrupt(folder, name, make):
    path = make(folder / name)
    with pytest.raises(CorruptFile):
        importers.parse_file(path)
    assert read_bounded(path)["code"] == "corrupt_file"


def test_a_list_over_the_line_limit_is_refused_and_one_at_the_limit_is_read(folder):
    at_limit = hostile.xlsx_many_rows(folder / "lines_2000.xlsx", rows=limits.MAX_LINES)
    assert len(importers.parse_file(at_limit).line_items) == limits.MAX_LINES
    over = hostile.xlsx_many_rows(folder / "lines_2001.xlsx", rows=limits.MAX_LINES + 1)
    with pytest.raises(FileOverLimit) as raised:
        importers.parse_file(over)
    assert raised.value.params == {"what": "lines", "limit": limits.MAX_LINES, "found": limits.MAX_LINES + 1}


def test_the_largest_documents_within_the_limits_are_read_within_the_bound(folder):
    """Near the limits, not over them: memory is bounded by the limits, not by luck."""
    elements = hostile.docx_many_elements(folder / "elements_940000.docx", runs=460_000)
    answer = read_bounded(elements)
    assert answer["code"] == "no_line_item_table", answer  # read to the end: no annex in it
    assert answer["peak"] < MEMORY_BOUND


def test_merged_ranges_are_read_from_the_sheet_xml(folder, contract_data):
    from tests import documents

    path = documents.xlsx_annex(folder / "annex.xlsx", contract_data)
    merged = limits.merged_ranges(path, "xl/worksheets/sheet1.xml")
    assert merged and all(isinstance(found, limits.Range) for found in merged)
    assert limits.parse_range("H3:XFD1048576") == limits.Range(3, 8, 1_048_576, 16_384)
    assert limits.parse_range("B2") == limits.Range(2, 2, 2, 2)
    assert limits.parse_range("not a range") is None


def test_a_pdf_at_the_page_limit_passes_the_check(folder):
    limits.check_pdf(hostile.pdf_many_pages(folder / "pages_1000.pdf", pages=limits.MAX_PDF_PAGES))
