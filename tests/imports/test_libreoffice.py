"""A contract PDF made the way offices make them: the Word file printed to PDF by LibreOffice, whose
narrow annex columns break rows — 运维项目 included — across many page boundaries."""

import shutil
import subprocess
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract
from importers.text import squash
from tests.imports.conftest import form_fields, upload

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="session")
def contract_pdf_from_libreoffice(files, contract_docx, tmp_path_factory):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("libreoffice")
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{out / 'profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(contract_docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / f"{contract_docx.stem}.pdf"


def test_the_word_contract_printed_by_libreoffice_imports_as_forty_lines(
    officer, contract_pdf_from_libreoffice, contract_data
):
    response = upload(officer, contract_pdf_from_libreoffice, "合同（LibreOffice导出）.pdf")
    assert response.status_code == 302
    review_url = response.headers["Location"]
    fields = form_fields(officer.get(review_url))
    fields.update(confirm="确认导入", acknowledge_warnings="y")
    assert officer.post(review_url, data=fields).status_code == 302
    contract = db.session.scalar(sa.select(Contract).order_by(Contract.id.desc()))
    assert [line.seq for line in contract.lines] == list(range(1, 41))
    assert sum(line.amount for line in contract.lines) == Decimal("8271400.00") == contract.total_amount
    typed = contract_data["line_items"]
    assert [squash(line.name) for line in contract.lines] == [squash(line["name"]) for line in typed]
    assert [line.unit.name for line in contract.lines] == [line["unit"] for line in typed]
