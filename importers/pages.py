"""Page images — JPEG or PNG scans, or phone photos of pages — uploaded together as one scanned document.

Each image is checked by its content before anything reads it: a JPEG or PNG by its magic bytes
(whatever its name says), whole (Pillow's verify, then a full decode: a file cut off in transfer is
refused), of at most `MAX_IMAGE_PIXELS` pixels (a small file may declare a huge picture: a
decompression bomb is refused from its header, before it is decoded), not too small to read, and no
more than `MAX_SCAN_PAGES` images. A refusal names the file (`params["file"]`).

The images, in the order given, then become the pages of one image-only PDF (`combine`): a JPEG is
embedded as it is, a PNG as its pixels, each page sized so that rendering it at the OCR's resolution
gives back the image's own pixels. From there the document is read as any scanned PDF — the pages in
parallel, page by page progress, the crops on the review — by one path, `importers.pdf`.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from importers.detect import sniff_format
from importers.errors import CorruptFile, DocumentError, FileTooLarge, NotPageImage, ScanTooSmall, TooManyScanPages
from importers.limits import MAX_SCAN_PAGES, FileOverLimit
from importers.scanned import MIN_SIDE, RENDER_DPI

#: Pixels in one page image: an A4 page scanned at 600 dpi has 35 million, a 48-megapixel phone photo 48
#: million (read at 2,000 pixels on its long side anyway); more is refused before it is decoded
MAX_IMAGE_PIXELS: Final = 50_000_000
IMAGE_FORMATS: Final = ("png", "jpeg")

#: pdfium writes the time it saved the file, and a file ID made from it: the same images must give the
#: same PDF (and hash), so an upload of the same pages again is recognised as imported before
_CREATION_DATE = re.compile(rb"/CreationDate\(D:[^)]*\)")
_FILE_ID = re.compile(rb"/ID\[<[0-9A-F]{32}><[0-9A-F]{32}>\]")


def natural_order(names: Sequence[str]) -> list[int]:
    """The positions of `names` sorted as people number pages: 「第2页」 before 「第10页」, p2 before p10."""

    def key(index: int) -> list[tuple[int, int, str]]:
        parts = re.split(r"(\d+)", names[index].lower())
        return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts]

    return sorted(range(len(names)), key=key)


def check_image(path: Path, name: str, max_bytes: int) -> str:
    """The format ("png" or "jpeg") of the page image at `path`, uploaded as `name`, after the checks
    above. Raises FileTooLarge, UnsupportedFormat, FileOverLimit ("pixels"), CorruptFile or ScanTooSmall,
    each with `file=name`."""
    from PIL import Image, UnidentifiedImageError

    try:
        size = Path(path).stat().st_size
        if size > max_bytes:
            raise FileTooLarge(f"{size} bytes > {max_bytes}", size=size, limit=max_bytes)
        try:
            fmt = sniff_format(path)
        except DocumentError:  # no known format at all
            fmt = None
        if fmt not in IMAGE_FORMATS:
            raise NotPageImage(f"a {fmt} among page images")
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                with Image.open(path) as image:
                    width, height = image.size
                    if width * height > MAX_IMAGE_PIXELS:
                        raise FileOverLimit("pixels", MAX_IMAGE_PIXELS, found=width * height)
                    image.verify()
                with Image.open(path) as image:
                    image.load()  # verify does not decode: a JPEG cut off in transfer fails only here
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
                raise FileOverLimit("pixels", MAX_IMAGE_PIXELS) from error
            except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
                raise CorruptFile(f"cannot decode the image: {error}") from error
        if min(width, height) < MIN_SIDE:
            raise ScanTooSmall(f"image {width}×{height} px", width=width, height=height)
    except DocumentError as error:
        error.params["file"] = name
        raise
    return fmt


def check_images(images: Sequence[tuple[Path, str]], max_bytes: int, max_total: int) -> list[str]:
    """Check every (path, name) page image (`check_image`), their number and their bytes in all; the
    formats, in order."""
    if len(images) > MAX_SCAN_PAGES:
        raise TooManyScanPages(f"{len(images)} page images", found=len(images), limit=MAX_SCAN_PAGES)
    total = sum(Path(path).stat().st_size for path, _ in images)
    if total > max_total:
        raise FileOverLimit("images_total", max_total, found=total)
    return [check_image(path, name, max_bytes) for path, name in images]


def combine(paths: Sequence[Path], out: Path) -> Path:
    """One image-only PDF at `out` whose pages are the checked images at `paths`, in that order."""
    import pypdfium2
    from PIL import Image, ImageOps

    pdf = pypdfium2.PdfDocument.new()
    try:
        for path in paths:
            with Image.open(path) as image:
                upright = image.format == "JPEG" and image.getexif().get(0x0112, 1) == 1
                if upright:  # embedded as it is
                    jpeg, (width, height) = Path(path).read_bytes(), image.size
                else:  # a PNG, or a photo whose camera says how it was held: its pixels, turned upright
                    jpeg, (width, height) = _as_jpeg(ImageOps.exif_transpose(image))
            page_width, page_height = width * 72 / RENDER_DPI, height * 72 / RENDER_DPI
            page = pdf.new_page(page_width, page_height)
            picture = pypdfium2.PdfImage.new(pdf)
            picture.load_jpeg(io.BytesIO(jpeg), inline=False, autoclose=True)
            picture.set_matrix(pypdfium2.PdfMatrix().scale(page_width, page_height))
            page.insert_obj(picture)
            page.gen_content()
            page.close()
        buffer = io.BytesIO()
        pdf.save(buffer)
    finally:
        pdf.close()
    data = _file_id(_CREATION_DATE.sub(_fixed_date, buffer.getvalue(), count=1), b"0" * 32)
    out.write_bytes(_file_id(data, hashlib.md5(data, usedforsecurity=False).hexdigest().upper().encode()))
    return out


def _as_jpeg(image: Any) -> tuple[bytes, tuple[int, int]]:
    """The image as a JPEG at quality 95 without chroma subsampling (a seal's red stays where it is), and
    its size: pdfium's own compression of a page's pixels takes seconds a page, Pillow's JPEG a tenth of
    that. The PNG itself is kept as uploaded."""
    from PIL import Image

    rgba = image.convert("RGBA")
    page = Image.new("RGB", image.size, "white")
    page.paste(rgba, mask=rgba.getchannel("A"))  # a transparent background is paper, not black
    buffer = io.BytesIO()
    page.save(buffer, format="JPEG", quality=95, subsampling=0)
    return buffer.getvalue(), image.size


def _fixed_date(match: re.Match[bytes]) -> bytes:
    # the same length, so the file's cross-reference offsets stay right
    fixed = b"/CreationDate(D:20000101000000+00'00')"
    return fixed if len(fixed) == len(match[0]) else re.sub(rb"\d", b"0", match[0])


def _file_id(data: bytes, digest: bytes) -> bytes:
    return _FILE_ID.sub(b"/ID[<" + digest + b"><" + digest + b">]", data, count=1)
