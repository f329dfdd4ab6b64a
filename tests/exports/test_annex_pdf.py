"""The annex laid out by LibreOffice (Debian's libreoffice-writer): pages, repeated header, total.

`make test` installs LibreOffice and poppler-utils when they are missing. docs/annex-page1.png is
the first page of the demo annex rendered this way (see docs/procurement.en.md, "Documents").
"""

import shutil
import subprocess
from decimal import Decimal

import pytest

from contractmgr.exports.annex_docx import annex_docx
from tests.factories import make_contract

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        not (shutil.which("soffice") and shutil.which("pdftotext")),
        reason="needs LibreOffice (soffice) and poppler-utils (pdftotext, pdfinfo)",
    ),
]


def to_pdf(data: bytes, tmp_path):
    """The .docx rendered to PDF by headless LibreOffice, with a profile of its own so that tests
    running at the same time do not share one."""
    source = tmp_path / "annex.docx"
    source.write_bytes(data)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return tmp_path / "annex.pdf"


def page_count(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def page_text(pdf, page: int) -> str:
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return "".join(text.split())


def test_a_short_annex_is_one_landscape_page_with_its_total(app, tmp_path):
    contract = make_contract(total=Decimal("250000.00"), lines=3)
    pdf = to_pdf(annex_docx(contract), tmp_path)
    assert page_count(pdf) == 1
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    width, height = (
        float(v) for v in next(line for line in info.splitlines() if line.startswith("Page size")).split()[2:5:2]
    )
    assert (round(width), round(height)) == (842, 595)  # A4 landscape in points
    text = page_text(pdf, 1)
    assert "运维项目清单明细" in text and "250000.00" in text and "贰拾伍万元整" in text
    assert "第1页共1页" in text


def test_the_demo_annex_repeats_its_header_on_every_page_and_ends_with_the_total(demo_contract, tmp_path):
    pdf = to_pdf(annex_docx(demo_contract), tmp_path)
    pages = page_count(pdf)
    assert pages > 1  # forty lines with their full 运维内容 do not fit one page
    texts = [page_text(pdf, page) for page in range(1, pages + 1)]
    for number, text in enumerate(texts, start=1):
        assert all(name in text for name in ("服务单位", "运维内容及目标", "服务期限")), (
            f"no header row on page {number}"
        )
        assert f"第{number}页共{pages}页" in text  # the PAGE and NUMPAGES fields agree with the PDF
    assert "8271400.00" in texts[-1] and "捌佰贰拾柒万壹仟肆佰元整" in texts[-1]
    assert "合计" in texts[-1]
