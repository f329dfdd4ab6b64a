"""Page images uploaded together for one document, up to the job (no worker here: reading them by OCR is
the browser journey's, tests/imports/test_browser_page_images.py): put in the order of their names, each
kept in the file store with its row and recorded on the job, made one scan that is the same bytes each
time, the progress worded for OCR; a cancelled job keeps them."""

import sqlalchemy as sa

import importers
from contractmgr.extensions import db
from contractmgr.models import Job, StoredFile
from contractmgr.services.storage import storage_path
from tests import hostile
from tests.helpers import csrf_token
from tests.imports.conftest import upload, upload_pages


def test_page_images_are_queued_as_one_scan_in_the_order_of_their_names_each_kept(officer, tmp_path):
    pages = [
        hostile.page_image(tmp_path / "p10.png"),
        hostile.page_image(tmp_path / "p2.jpg", fmt="JPEG"),
        hostile.page_image(tmp_path / "p1.png"),
    ]
    response = upload_pages(officer, pages, background=True)
    assert response.status_code == 202, response.json
    answer = response.json
    assert (answer["state"], answer["ocr"], answer["filename"]) == ("queued", True, "p1–p10.pdf")
    job = db.session.scalar(sa.select(Job))
    assert [(image["filename"], image["format"]) for image in job.page_files] == [
        ("p1.png", "png"),
        ("p2.jpg", "jpeg"),
        ("p10.png", "png"),
    ]
    for image, path in zip(job.page_files, [pages[2], pages[1], pages[0]], strict=True):
        stored = db.session.scalar(sa.select(StoredFile).where(StoredFile.sha256 == image["sha256"]))
        assert (stored.format, stored.original_name) == (image["format"], image["filename"])
        assert storage_path(image["sha256"]).read_bytes() == path.read_bytes()

    token = csrf_token(officer.get("/imports/"))
    assert officer.post(answer["cancel"], headers={"X-CSRFToken": token}).json["state"] == "cancelled"
    db.session.rollback()
    assert db.session.get(Job, job.id).state == "cancelled"
    assert all(storage_path(image["sha256"]).exists() for image in job.page_files)
    assert storage_path(job.sha256).exists()  # the scan made of them too


def test_the_same_page_images_make_the_same_scan(tmp_path):
    images = [(hostile.page_image(tmp_path / f"p{n}.png"), f"p{n}.png") for n in (1, 2)]
    first = tmp_path / "first.pdf"
    second = tmp_path / "second.pdf"
    importers.scan_of_page_images(images, first, max_bytes=1 << 24, max_total=1 << 25)
    importers.scan_of_page_images(images, second, max_bytes=1 << 24, max_total=1 << 25)
    assert first.read_bytes() == second.read_bytes()
    assert importers.reads_by_ocr(first, "pdf")


def test_the_progress_says_pages_are_read_by_ocr_only_for_a_scan(officer, tmp_path, contract_pdf):
    scan = hostile.page_image(tmp_path / "scan.pdf", fmt="PDF")  # an image-only PDF, as a scanner writes
    assert upload(officer, scan, background=True).json["ocr"] is True
    assert upload(officer, contract_pdf, background=True).json["ocr"] is False
