"""The importer over the generated corpus (tests/corpus: ≥ 20 layouts as Word, PDF and Excel files,
each with its truth file), scored by importers.evaluate. The floors below are the figures reached so
far: a change that loses accuracy or lets an amount through silently fails here. Raise them as the
importer learns (the aim: every amount right or flagged, no silent wrong amount, ≥ 95% of fields)."""

from decimal import Decimal

import pytest

from importers.evaluate import evaluate, format_report, score
from tests.corpus import LAYOUTS, documents, libreoffice_available, write_corpus

#: the figures the importer reaches on the corpus (reportlab PDF, Word and Excel files)
FLOORS = {"field_accuracy": 0.995, "amounts_right_or_flagged": 1.0}
MAX_SILENT_WRONG_AMOUNTS = 0
MAX_SILENT_WRONG = 0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, libreoffice=False)
    return folder


def test_the_corpus_has_twenty_layouts_each_with_truth_beside_every_file(corpus):
    assert len(LAYOUTS) >= 20
    assert len({doc.layout for doc in documents()}) == len(LAYOUTS)
    documents_written = [path for path in corpus.iterdir() if not path.name.endswith(".truth.json")]
    assert {path.suffix for path in documents_written} == {".docx", ".pdf", ".xlsx"}
    for path in documents_written:
        assert path.with_name(path.name + ".truth.json").exists(), path


def test_the_truth_is_the_data_the_files_were_written_from():
    for doc in documents():
        truth = doc.truth()
        top = [Decimal(line["amount"]) for line in truth["line_items"] if line["parent"] is None and line["amount"]]
        if top and truth["total_amount"] and doc.layout != "unit_price_times_quantity_disagrees":
            assert sum(top) == Decimal(truth["total_amount"]), doc.layout
        for line in truth["line_items"]:
            if line["quantity"] and line["unit_price"] and not doc.must_flag:
                assert Decimal(line["quantity"]) * Decimal(line["unit_price"]) == Decimal(line["amount"])


def test_the_importer_reaches_its_figures_on_the_corpus(corpus):
    report = evaluate(corpus)
    print(format_report(report))
    assert report.field_accuracy >= FLOORS["field_accuracy"]
    assert report.amounts_right_or_flagged >= FLOORS["amounts_right_or_flagged"]
    assert report.silent_wrong_amounts <= MAX_SILENT_WRONG_AMOUNTS
    assert report.silent_wrong <= MAX_SILENT_WRONG


@pytest.mark.libreoffice
def test_the_pdfs_printed_by_libreoffice_read_as_well(tmp_path):
    if not libreoffice_available():
        pytest.skip("LibreOffice (soffice) is not installed")
    write_corpus(tmp_path, libreoffice=True)
    for path in tmp_path.glob("*.reportlab.pdf*"):
        path.unlink()
    for path in tmp_path.glob("*.docx*"):
        path.unlink()
    for path in tmp_path.glob("*.xlsx*"):
        path.unlink()
    report = evaluate(tmp_path)
    assert {result.producer for result in report.files} == {"libreoffice"}
    assert report.field_accuracy >= FLOORS["field_accuracy"]
    assert report.silent_wrong_amounts <= MAX_SILENT_WRONG_AMOUNTS


# -- the scoring itself ----------------------------------------------------------------------


def _truth(**changes):
    truth = {
        "kind": "contract",
        "title": "某项目",
        "total_amount": "300.00",
        "line_items": [
            {"label": "1", "name": "甲", "amount": "100.00"},
            {"label": "2", "name": "乙", "amount": "200.00"},
        ],
    }
    return truth | changes


def _payload(amounts=("100.00", "200.00"), total="300.00", warnings=()):
    return {
        "kind": "contract",
        "title": "某 项目",
        "total_amount": total,
        "line_items": [
            {"seq": i, "name": name, "amount": a} for i, (name, a) in enumerate(zip("甲乙", amounts, strict=True), 1)
        ],
        "warnings": list(warnings),
    }


def _outcomes(scored):
    return {field.path: field.outcome for field in scored}


def test_a_right_read_is_right_everywhere():
    assert set(_outcomes(score(_truth(), _payload())).values()) == {"right"}


def test_a_wrong_amount_without_a_warning_is_silent():
    outcomes = _outcomes(score(_truth(), _payload(amounts=("100.00", "250.00"), total="350.00")))
    assert outcomes["line_items/1/amount"] == outcomes["total_amount"] == "silent"


def test_a_wrong_amount_with_a_warning_on_its_row_or_on_the_total_is_flagged():
    on_row = {"code": "unreadable_amount", "message": "", "where": "序号2（第1页）"}
    outcomes = _outcomes(score(_truth(), _payload(amounts=("100.00", None), warnings=[on_row])))
    assert outcomes["line_items/1/amount"] == "flagged"
    on_total = {"code": "total_mismatch", "message": "", "where": None}
    outcomes = _outcomes(score(_truth(), _payload(amounts=("100.00", "250.00"), warnings=[on_total])))
    assert outcomes["line_items/1/amount"] == "flagged"


def test_a_value_the_truth_does_not_have_is_wrong_and_a_refused_file_is_missing():
    outcomes = _outcomes(score(_truth(), _payload() | {"supplier": "代理机构"}))
    assert outcomes["supplier"] == "silent"
    assert set(_outcomes(score(_truth(), None)).values()) == {"missing"}
