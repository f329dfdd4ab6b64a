"""Fixture files for the importer tests, generated once per session from the demo data by
`tests.documents` (real PDF, Word and Excel files, one per quirk), and their parsed documents."""

from pathlib import Path

import pytest

import importers
from tests import documents


@pytest.fixture(scope="session")
def contract_data() -> dict:
    return documents.load_demo("luoyang_contract")


@pytest.fixture(scope="session")
def tender_data() -> dict:
    return documents.load_demo("anyang_tender")


@pytest.fixture(scope="session")
def files(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("importer-files")


@pytest.fixture(scope="session")
def contract_pdf(files, contract_data) -> Path:
    return documents.pdf_contract(files / "contract_annex_rows_split_across_pages.pdf", contract_data)


@pytest.fixture(scope="session")
def contract_docx(files, contract_data) -> Path:
    return documents.docx_contract(files / "contract_typed_seq.docx", contract_data)


@pytest.fixture(scope="session")
def tender_docx(files, tender_data) -> Path:
    return documents.docx_tender_autonumbered(files / "tender_autonumbered_seq_merged_units.docx", tender_data)


@pytest.fixture(scope="session")
def parsed_contract_pdf(contract_pdf):
    return importers.parse_file(contract_pdf)


@pytest.fixture(scope="session")
def parsed_contract_docx(contract_docx):
    return importers.parse_file(contract_docx)


@pytest.fixture(scope="session")
def parsed_tender(tender_docx):
    return importers.parse_file(tender_docx)
