"""Real document files, generated once per test session from the demo data by `tests.documents`
(PDF, Word and Excel, one per quirk): shared by the importer tests and the import journeys."""

from pathlib import Path

import pytest

from tests import documents


@pytest.fixture(scope="session")
def contract_data() -> dict:
    return documents.load_demo("luoyang_contract")


@pytest.fixture(scope="session")
def tender_data() -> dict:
    return documents.load_demo("anyang_tender")


@pytest.fixture(scope="session")
def files(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("document-files")


@pytest.fixture(scope="session")
def contract_pdf(files, contract_data) -> Path:
    return documents.pdf_contract(files / "contract_annex_rows_split_across_pages.pdf", contract_data)


@pytest.fixture(scope="session")
def contract_docx(files, contract_data) -> Path:
    return documents.docx_contract(files / "contract_typed_seq.docx", contract_data)


@pytest.fixture(scope="session")
def tender_docx(files, tender_data) -> Path:
    return documents.docx_tender_autonumbered(files / "tender_autonumbered_seq_merged_units.docx", tender_data)
