"""The seed tender as a PDF, printed from its Word file by LibreOffice as offices do: the sentence
naming the lines that start on confirmation wraps over several lines, and so do cells' phrases."""

import shutil
import subprocess

import pytest

import importers

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def tender_pdf(tender_docx, tmp_path_factory):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("tender_pdf")
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{out / 'profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(tender_docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return importers.parse_file(out / f"{tender_docx.stem}.pdf")


def test_lines_16_24_30_start_on_confirmation(tender_pdf):
    assert [line.seq for line in tender_pdf.line_items if line.start_on_confirmation] == [16, 24, 30]
    assert all(line.term_months == 12 for line in tender_pdf.line_items)


def test_on_site_staff_is_read_across_wrapped_lines(tender_pdf, tender_data):
    staff = {line.seq: line.onsite_staff for line in tender_pdf.line_items}
    assert staff[24] == 2  # 「其他时段提供两人7×8小时驻场服务」
    assert staff[30] == 4
    assert len(tender_pdf.line_items) == len(tender_data["line_items"])
