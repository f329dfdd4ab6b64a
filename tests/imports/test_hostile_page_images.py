"""Hostile page images through the import paths (the page, read in the request and in the background;
the API; the CLI): a decompression bomb, a photo cut off in transfer, a PDF named .png among the pages,
a PNG named .pdf, too many pages, too many bytes in all — each refused by its content with a sentence
naming the file, nothing saved, no job queued, no file stored, no temporary file left behind."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Job, User
from tests import documents, hostile
from tests.imports.conftest import counts, left_behind, stored_files, upload, upload_pages


def _pages(folder: Path, *bad: Path) -> list[Path]:
    """Two good page images (readable, but never read: the bad one stops the upload first) and `bad`."""
    return [hostile.page_image(folder / "p1.png"), *bad, hostile.page_image(folder / "p9.jpg", fmt="JPEG")]


# (file name, how it is made, words of the sentence)
HOSTILE = [
    ("bomb.png", hostile.png_pixel_bomb, "图片超过 50,000,000 像素（可能是“解压炸弹”），未读取。"),
    ("cut.jpg", hostile.jpeg_cut_off, "文件已损坏或不完整"),
    ("contract.png", lambda path: documents.pdf_scanned(path), "每个文件都须是一份文件的页面图片（JPEG或PNG）"),
    ("small.png", lambda path: hostile.page_image(path, (400, 600)), "短边不足500像素"),
]


@pytest.mark.parametrize("background", [False, True], ids=["in the request", "in the background"])
@pytest.mark.parametrize("name, make, words", HOSTILE, ids=[case[0] for case in HOSTILE])
def test_a_bad_image_among_the_pages_is_refused_naming_it_and_nothing_is_saved(
    officer, app, tmp_path, spool_dir, name, make, words, background
):
    pages = _pages(tmp_path, make(tmp_path / name))
    before = counts()
    response = upload_pages(officer, pages, background=background)
    assert response.status_code in (413, 415, 422)
    said = response.json["message"] if background else response.get_data(as_text=True)
    assert f"《{name}》：" in said and words in said
    assert counts() == before and not stored_files(app)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0
    assert left_behind(spool_dir) == []


def test_a_png_named_pdf_is_read_as_the_page_image_it_is(officer, app, tmp_path, spool_dir):
    """By its content, not its name: alone, it is a one-page scan (here too small to read, which only
    an image can be); a real PDF named .png, alone, is read as the PDF it is (here a blank scan)."""
    response = upload(officer, hostile.page_image(tmp_path / "page.pdf", (300, 400)))
    assert response.status_code == 422 and "《page.pdf》：扫描图片分辨率过低" in response.get_data(as_text=True)
    response = upload(officer, documents.pdf_scanned(tmp_path / "scan.png"), background=True)
    assert response.status_code == 202 and response.json["filename"] == "scan.png"
    assert not left_behind(spool_dir)


def test_more_pages_than_the_scan_limit_are_refused(officer, app, tmp_path):
    one = hostile.page_image(tmp_path / "p.png", (1, 1))
    pages = [one.with_name(f"p{n}.png") for n in range(1, 302)]
    for page in pages:
        page.write_bytes(one.read_bytes())
    before = counts()
    response = upload_pages(officer, pages)
    assert response.status_code == 422
    assert "扫描件需要文字识别的页数超过300页" in response.get_data(as_text=True)
    assert counts() == before and not stored_files(app)


def test_page_images_over_the_limit_in_all_are_refused_each_within_it(app, demo, tmp_path):
    app.config["MAX_CONTENT_LENGTH"] = 3 * 1024 * 1024  # one file ≤ 3 MB, page images ≤ 9 MB in all
    pages = [hostile.page_image(tmp_path / f"p{n}.png", (1000, 1000)) for n in range(1, 5)]  # 2.4 MB each
    result = app.test_cli_runner().invoke(args=["import", *map(str, pages), "--json"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("error: file_over_limit: 这些页面图片合计超过 9 MB。")


def test_an_upload_over_the_request_limit_is_told_both_limits(officer, app, tmp_path):
    app.config["MAX_CONTENT_LENGTH"] = 3 * 1024 * 1024
    pages = [hostile.page_image(tmp_path / f"p{n}.png", (1000, 1000)) for n in range(1, 6)]  # 12 MB in all
    before = counts()
    response = upload_pages(officer, pages, background=True)
    assert response.status_code == 413
    assert "上限 3.0 MB；页面图片合计上限 9 MB" in response.json["message"]
    assert counts() == before and not stored_files(app)


def test_the_api_refuses_an_image_bomb_naming_it(client, app, demo, tmp_path, spool_dir):
    officer = db.session.scalar(sa.select(User).where(User.username == "officer"))
    headers = {"Authorization": f"Bearer {officer.issue_token()}"}
    db.session.commit()
    before = counts()
    with open(hostile.png_pixel_bomb(tmp_path / "bomb.png"), "rb") as file:
        response = client.post(
            "/api/v1/imports", data={"file": (file, "bomb.png")}, headers=headers, content_type="multipart/form-data"
        )
    assert response.status_code == 422, response.json
    assert response.json["error"] == "file_over_limit" and "解压炸弹" in response.json["message"]
    assert counts() == before and not stored_files(app) and left_behind(spool_dir) == []


def test_the_cli_refuses_a_bad_page_in_one_line_naming_it(app, demo, tmp_path):
    pages = _pages(tmp_path, hostile.jpeg_cut_off(tmp_path / "p2.jpg"))
    before = counts()
    result = app.test_cli_runner().invoke(args=["import", *map(str, pages), "--save", "--user", "officer"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("error: corrupt_file: 《p2.jpg》：文件已损坏或不完整")
    assert counts() == before


def test_page_images_over_one_file_limit_in_all_are_taken_when_within_the_images_limit(officer, app, tmp_path):
    """The images limit must hold from the first read of the body: the CSRF check reads the form before the
    view runs, so a limit raised only inside the view would refuse three good pages of 2.4 MB (7.2 MB)."""
    app.config["MAX_CONTENT_LENGTH"] = 3 * 1024 * 1024  # one file ≤ 3 MB, page images ≤ 9 MB in all
    pages = [hostile.page_image(tmp_path / f"p{n}.png", (1000, 1000)) for n in range(1, 4)]
    response = upload_pages(officer, pages, background=True)
    assert response.status_code != 413, response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 1
