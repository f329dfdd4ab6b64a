"""A signed contract photographed page by page, imported in a real browser with a job worker: the officer
selects the page images, sees them in page order and each page being read (第 n/3 页), reaches the review
with the recogniser's scores and the page crop of a doubtful figure, and confirms — or cancels the
reading half-way, and nothing is imported. OCR takes seconds a page: three pages, the least there is."""

import re
import time
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract, ImportRecord, Job, StoredFile
from contractmgr.services.storage import storage_path
from tests.corpus import documents as layouts
from tests.corpus import write_pdf
from tests.live_server import sign_in
from tests.scans import page_images

pytestmark = pytest.mark.browser

#: a layout whose second line's quantity × unit price disagrees with its amount: a doubtful figure
LAYOUT = "unit_price_times_quantity_disagrees"


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """p1.jpg (the contract's table, sealed, skewed), p2.png and p3.jpg (clauses, the last one sealed)."""
    folder = tmp_path_factory.mktemp("page-images")
    doc = next(doc for doc in layouts() if doc.layout == LAYOUT)
    return page_images(write_pdf(doc, folder / "contract.pdf"), folder / "pages")


def _watch_status(page) -> None:
    page.evaluate("""() => { window.seen = [];
        new MutationObserver(() => window.seen.push(document.querySelector('#upload-progress .status').textContent))
          .observe(document.querySelector('#upload-progress .status'), {childList: true, characterData: true}); }""")


def _choose(page, pages) -> None:
    page.goto(page.base + "/imports/")
    page.set_input_files("#file", [str(path) for path in reversed(pages)])  # chosen in any order
    assert page.locator("#upload-pages li").all_inner_texts() == ["p1.jpg", "p2.png", "p3.jpg"]


def test_the_officer_uploads_three_page_images_watches_each_page_read_reviews_the_crops_and_confirms(
    browser_page, demo, pages, jobs_worker
):
    page = browser_page
    sign_in(page, "officer")
    _choose(page, pages)
    _watch_status(page)
    page.click("#upload-form button.primary")
    page.wait_for_function("() => window.seen.some(text => /正在识别第 [123]\\/3 页/.test(text))", timeout=240000)
    page.wait_for_url(re.compile(r"/imports/\d+$"), timeout=240000)

    assert page.locator("#page-images a").all_inner_texts() == ["第 1 页 p1.jpg", "第 2 页 p2.png", "第 3 页 p3.jpg"]
    assert "识别置信度：" in " ".join(page.locator("#supplier ~ small.source").all_inner_texts())
    crop = page.locator("#line-1 img.ocr-crop")  # the doubtful amount, beside the image it was read from
    crop.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('#line-1 img.ocr-crop').naturalWidth > 0")
    assert "相差500.00元" in page.locator("#line-1").inner_text()
    for index in range(3):  # the table has no 服务单位 column: the officer names the unit
        page.fill(f"#lines-{index}-unit", "市政务服务中心")
    page.check("#acknowledge_warnings")
    page.click("#confirm")
    page.wait_for_url("**/contracts/*")

    db.session.rollback()
    record = db.session.scalar(sa.select(ImportRecord))
    contract = db.session.scalar(sa.select(Contract).where(Contract.import_record_id == record.id))
    assert contract.total_amount == Decimal("64000.00")
    assert [line.amount for line in contract.lines] == [Decimal("33800.00"), Decimal("15800.00"), Decimal("14400.00")]
    assert (record.filename, record.stored_file.format, record.payload["source"]["pages"]) == ("p1–p3.pdf", "pdf", 3)
    kept = [image["sha256"] for image in record.payload["page_images"]]
    assert [storage_path(sha256).read_bytes() for sha256 in kept] == [path.read_bytes() for path in pages]


def test_the_officer_reloads_then_cancels_the_reading_and_nothing_is_imported(
    app, browser_page, demo, pages, jobs_worker
):
    app.config["JOBS_TEST_PAGE_DELAY"] = 6  # after each page read, so the reading is caught half-way
    page = browser_page
    sign_in(page, "officer")
    _choose(page, pages)
    page.click("#upload-form button.primary")
    page.wait_for_selector("#upload-progress .status >> text=/正在识别第 [23]\\/3 页/", timeout=240000)
    page.reload()  # the page follows the same job again: its progress is in the jobs table
    page.wait_for_selector("#upload-progress .status >> text=/正在识别第 [23]\\/3 页/", timeout=60000)
    page.click("#upload-progress button.cancel")
    page.wait_for_selector("#upload-error >> text=已取消", timeout=30000)
    assert page.url.endswith("/imports/")

    time.sleep(8)  # the worker finds the cancellation when it reports its next page, and stops there
    db.session.rollback()
    job = db.session.scalar(sa.select(Job))
    assert job.state == "cancelled" and job.done < job.total == 3 and job.import_record_id is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportRecord)) == 0
    # the page images (and the scan made of them) stay in the file store, with their rows
    assert [image["filename"] for image in job.page_files] == ["p1.jpg", "p2.png", "p3.jpg"]
    for image in job.page_files:
        assert db.session.scalar(sa.select(StoredFile).where(StoredFile.sha256 == image["sha256"])) is not None
        assert storage_path(image["sha256"]).exists()
    assert storage_path(job.sha256).exists()
