"""Files the importer refuses, each with its own error class (and a message saying what to do)."""

from decimal import Decimal

import pytest

import importers
from importers.errors import (
    CorruptFile,
    DocumentError,
    EncryptedPdf,
    FileTooLarge,
    NoLineItemTable,
    ScannedPdf,
    ScanTooSmall,
    UnsupportedFormat,
)
from tests import documents


@pytest.fixture(scope="module")
def bad(tmp_path_factory):
    return tmp_path_factory.mktemp("bad-files")


def test_scanned_pdf_needs_ocr(bad):
    with pytest.raises(ScannedPdf) as raised:
        importers.parse_file(documents.pdf_scanned(bad / "scanned_no_text_layer.pdf"))
    assert "OCR" in raised.value.message


def test_encrypted_pdf(bad, contract_data):
    with pytest.raises(EncryptedPdf):
        importers.parse_file(documents.pdf_encrypted(bad / "encrypted_with_password.pdf", contract_data))


def test_truncated_pdf(bad, contract_data):
    with pytest.raises(CorruptFile):
        importers.parse_file(documents.pdf_truncated(bad / "truncated_half.pdf", contract_data))


def test_docx_with_damaged_zip(bad, contract_data):
    with pytest.raises(CorruptFile):
        importers.parse_file(documents.docx_corrupt(bad / "zip_directory_cut.docx", contract_data))


def test_docx_with_damaged_member(bad, contract_data):
    with pytest.raises(CorruptFile):
        importers.parse_file(documents.docx_damaged_member(bad / "document_xml_overwritten.docx", contract_data))


@pytest.mark.parametrize(
    "make, name",
    [
        (documents.picture_named_pdf, "picture.pdf"),
        (documents.zip_named_docx, "archive.docx"),
        (documents.text_named_pdf, "notes.pdf"),
    ],
)
def test_file_that_is_not_what_its_name_says(bad, make, name):
    with pytest.raises(UnsupportedFormat):
        importers.parse_file(make(bad / name))


def test_a_page_image_named_pdf_is_read_as_the_image_it_is(bad):
    from PIL import Image

    # a PNG page is read by OCR; this one (20×20 pixels) is too small to hold any text
    Image.new("RGB", (20, 20), "white").save(bad / "page.pdf", format="PNG")
    with pytest.raises(ScanTooSmall):
        importers.parse_file(bad / "page.pdf")


def test_a_contract_whose_annex_is_a_separate_file_is_imported_without_lines(bad, contract_data):
    document = importers.parse_file(
        documents.docx_without_line_table(bad / "contract_without_annex.docx", contract_data)
    )
    assert document.line_items == []
    assert "no_line_items" in document.warning_codes()
    assert document.kind == "contract"
    assert document.title == contract_data["title"]
    assert document.total_amount == Decimal(contract_data["total_amount"])


def test_a_word_file_that_states_nothing_of_a_procurement_is_refused(bad):
    with pytest.raises(NoLineItemTable):
        importers.parse_file(documents.docx_unrelated(bad / "minutes.docx"))


def test_file_over_the_size_limit(contract_pdf):
    size = contract_pdf.stat().st_size
    with pytest.raises(FileTooLarge) as raised:
        importers.check_size(contract_pdf, limit=size - 1)
    assert raised.value.params == {"size": size, "limit": size - 1}
    assert importers.check_size(contract_pdf, limit=size) == size
    with pytest.raises(FileTooLarge):
        importers.parse_file(contract_pdf, max_bytes=1024)


def test_every_error_has_a_code_and_both_messages():
    classes = [ScannedPdf, EncryptedPdf, CorruptFile, UnsupportedFormat, NoLineItemTable, FileTooLarge]
    assert len({cls.code for cls in classes}) == len(classes)
    for cls in classes:
        assert issubclass(cls, DocumentError)
        assert cls.message and cls.message_en and cls.code.islower()
