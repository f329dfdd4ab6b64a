"""A scanned contract on the review screen: every field read by OCR shows the recogniser's score, and a
doubtful one shows the page area it was read from, so the officer checks the value against the image."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from tests.corpus import documents as layouts
from tests.corpus import write_pdf
from tests.helpers import csrf_token
from tests.imports.conftest import counts, upload
from tests.scans import long_scan


@pytest.fixture(scope="module")
def two_page_scan(tmp_path_factory) -> Path:
    """A two-page image-only PDF: the 合计-row layout scanned twice (skewed, noisy, JPEG), so lines are
    read on both pages and their sum is twice the stated total (every amount doubtful)."""
    folder = tmp_path_factory.mktemp("ocr-review")
    doc = next(doc for doc in layouts() if doc.layout == "total_row_lower_and_upper")
    return long_scan([write_pdf(doc, folder / "contract.pdf")], folder / "scan.pdf", pages=2)


@pytest.fixture
def review(officer, two_page_scan):
    response = upload(officer, two_page_scan, "扫描合同.pdf")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"], officer.get(response.headers["Location"]).get_data(as_text=True)


def _crops(html: str) -> list[str]:
    return re.findall(r'<img class="ocr-crop" src="([^"]+)"', html)


def test_every_ocr_field_shows_its_score_and_each_doubtful_one_its_page_crop(officer, review):
    _, html = review
    assert "识别置信度：" in html and "（第 2 页）" in html  # lines read on the second page too
    crops = _crops(html)
    # the six line amounts disagree with the total: each is doubtful and shows where it was read, and so
    # does the total, read from the 合计 row's figures
    lines = [url for url in crops if "/line_items/" in url]
    assert sorted(url.rsplit("/", 2)[-2] for url in lines) == [str(n) for n in range(6)]
    assert all(url.endswith("/amount") for url in lines)
    assert [url for url in crops if url not in lines] == [url for url in crops if url.endswith("/crop/total_amount")]
    assert len(crops) == 7
    assert "相差" in html  # the total mismatch still shown beside the total, as for a text file


def test_a_crop_is_a_png_of_the_field_s_place_on_its_page(officer, review):
    _, html = review
    page_two = next(url for url in _crops(html) if "/line_items/3/" in url)
    response = officer.get(page_two)
    assert response.status_code == 200 and response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data)).convert("L")
    width, height = image.size
    # one amount (about 35 × 13 points) with its margin, at 150 dpi: a small strip, not the whole page
    assert 80 <= width <= 400 and 40 <= height <= 150, image.size
    assert image.getextrema()[0] < 100  # the figures' ink is on it


def test_a_field_not_read_from_the_scan_has_no_crop_and_crops_are_for_procurement_only(app, officer, review):
    review_url, html = review
    assert officer.get(f"{review_url}/crop/agency").status_code == 404  # no agency in this contract
    assert officer.get(f"{review_url}/crop/no/such/field").status_code == 404
    before = counts()
    vendor = app.test_client()
    token = csrf_token(vendor.get("/login"))
    vendor.post("/login", data={"username": "vendor", "password": "vendor-demo", "csrf_token": token})
    assert vendor.get(_crops(html)[0]).status_code == 403
    assert counts() == before
