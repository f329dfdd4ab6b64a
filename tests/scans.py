"""Scans made from the generated corpus: what a signed contract looks like when it comes back from the
scanner. Each page of a corpus PDF is rendered to an image (pypdfium2), stamped with a red seal over
its 合计 row and over its signature block (the ink multiplies, as a stamp on paper does: black text
under it stays black), turned by a small skew, given scanner noise and JPEG compression, and the
pages are wrapped back into an image-only PDF (Pillow). The truth is the source file's truth.

Beside the scans: each layout's table printed without ruling lines (many real contracts), then scanned;
and a phone photo (JPEG) of each one-page layout: perspective tilt, uneven light and a hand's shadow, a
lower resolution. The PDFs printed by LibreOffice are scanned too when `soffice` is installed.

Run: .venv/bin/python -m tests.scans OUTDIR [--layouts a,b] [--pages N] [--no-libreoffice]
(`--pages N` makes one long scan of N pages from the corpus, for the speed benchmark.)
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
from pathlib import Path

import numpy as np
import pdfplumber
import pypdfium2
from PIL import Image, ImageDraw, ImageFont

#: the resolution of the generated scans (an office scanner's "document" setting)
SCAN_DPI = 150
_SEAL_RED = (215, 30, 35)
_SEAL_WORDS = "合同专用章"
_FONTS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
#: words of a signature block, where the parties stamp
_SIGNATURE_WORDS = ("盖章", "签字", "签章", "乙方", "供应商")


def scan_pdf(
    source: Path,
    out: Path,
    *,
    seed: int = 0,
    seal: bool = True,
    skew: bool = True,
    noise: bool = True,
    quality: int = 70,
    upside_down: tuple[int, ...] = (),
    sideways: tuple[int, ...] = (),
) -> Path:
    """An image-only PDF at `out` made from the PDF `source`; `upside_down`: page numbers (from 1)
    fed into the scanner the wrong way round; `sideways`: page numbers fed in turned a quarter (a
    portrait page scanned as landscape), clockwise, or counter-clockwise when also in `upside_down`."""
    chance = random.Random(seed)
    pages = []
    for number, image in enumerate(render_pages(source), start=1):
        if seal:
            for x, y in seal_places(source, number):
                stamp(image, x, y, chance)
        if skew:
            angle = chance.choice((-1, 1)) * chance.uniform(1.0, 2.0)
            image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor="white")
        if number in upside_down:
            image = image.rotate(180)
        if number in sideways:
            image = image.rotate(-90, expand=True)
        if noise:
            image = speckle(image, chance)
        pages.append(jpeg(image, quality))
    pages[0].save(out, save_all=True, append_images=pages[1:], resolution=SCAN_DPI)
    return out


def render_pages(source: Path) -> list[Image.Image]:
    pdf = pypdfium2.PdfDocument(str(source))
    try:
        return [pdf[index].render(scale=SCAN_DPI / 72).to_pil().convert("RGB") for index in range(len(pdf))]
    finally:
        pdf.close()


def seal_places(source: Path, number: int) -> list[tuple[float, float]]:
    """Where the seals go on page `number`, in pixels: over the 合计 row's figures and over the
    signature block (the last line naming a party or asking for a stamp)."""
    scale = SCAN_DPI / 72
    places = []
    with pdfplumber.open(source) as pdf:
        page = pdf.pages[number - 1]
        total = page.search("合计")
        if total:
            figures = [f for f in page.search(r"\d[\d,]*\.\d\d") if abs(f["top"] - total[0]["top"]) < 4]
            x = (figures[0]["x0"] + figures[0]["x1"]) / 2 if figures else page.width * 0.55
            places.append((x * scale, total[0]["top"] * scale))
        for word in _SIGNATURE_WORDS:
            found = page.search(word)
            if found:
                places.append((found[-1]["x1"] * scale + 40, found[-1]["top"] * scale))
                break
    return places


def stamp(image: Image.Image, x: float, y: float, chance: random.Random) -> None:
    """A round red seal (42 mm) centred at (x, y): ring, star and its words, multiplied into the page."""
    radius = round(21 / 25.4 * SCAN_DPI)
    seal = Image.new("RGB", image.size, "white")
    draw = ImageDraw.Draw(seal)
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=_SEAL_RED, width=5)
    star = [
        (x + math.cos(math.radians(90 + 36 * k)) * (28 if k % 2 == 0 else 11),
         y - math.sin(math.radians(90 + 36 * k)) * (28 if k % 2 == 0 else 11))
        for k in range(10)
    ]  # fmt: skip
    draw.polygon(star, fill=_SEAL_RED)
    font = _font(22)
    company = "河南某某信息技术有限公司"
    for index, char in enumerate(company):  # the company's name round the top of the ring
        angle = math.radians(200 - index * 220 / (len(company) - 1))
        cx, cy = x + math.cos(angle) * (radius - 24), y - math.sin(angle) * (radius - 24)
        draw.text((cx, cy), char, fill=_SEAL_RED, font=font, anchor="mm")
    draw.text((x, y + radius * 0.5), _SEAL_WORDS, fill=_SEAL_RED, font=font, anchor="mm")
    seal = seal.rotate(chance.uniform(-30, 30), center=(x, y), fillcolor="white")
    image.paste(Image.fromarray(np.minimum(np.asarray(image), np.asarray(seal))))


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in _FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def speckle(image: Image.Image, chance: random.Random) -> Image.Image:
    """Scanner noise: grain over the whole page and a few dark specks."""
    generator = np.random.default_rng(chance.randrange(1 << 30))
    pixels = np.asarray(image).astype(np.int16)
    pixels = pixels + generator.normal(0, 8, pixels.shape).astype(np.int16)
    for _ in range(60):
        y, x = generator.integers(0, pixels.shape[0] - 3), generator.integers(0, pixels.shape[1] - 3)
        pixels[y : y + 2, x : x + 2] = 40
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    return Image.open(buffer)


def phone_photo(image: Image.Image, chance: random.Random, width: int = 1000) -> Image.Image:
    """A page as a phone photographs it: held a few degrees off square (a perspective tilt: one edge of
    the page nearer the lens than the other), lit unevenly (light falling off across the page and a
    soft shadow of the hand), at a lower resolution (`width` pixels across an A4 page, about 120 dpi)
    and JPEG compressed."""
    import cv2

    pixels = np.asarray(image.convert("RGB"))
    height, full_width = pixels.shape[:2]
    # the corners moved by up to 3% of the side: a tilt of a few degrees
    shift = [chance.uniform(0.005, 0.03) * side for side in (full_width, height) * 4]
    corners = np.float32([[0, 0], [full_width, 0], [full_width, height], [0, height]])
    moved = np.float32(
        [[shift[0], shift[1]], [full_width - shift[2], shift[3]], [full_width - shift[4], height - shift[5]],
         [shift[6], height - shift[7]]]
    )  # fmt: skip
    warp = cv2.getPerspectiveTransform(corners, moved)
    # framed on the page, as a phone's document mode does: the edges the tilt uncovers are paper too
    tilted = cv2.warpPerspective(pixels, warp, (full_width, height), borderValue=(235, 235, 230))
    ys, xs = np.mgrid[0:height, 0:full_width]
    light = 1.0 - 0.35 * (xs / full_width if chance.random() < 0.5 else ys / height)
    centre_x, centre_y = chance.uniform(0.6, 1.0) * full_width, chance.uniform(0.6, 1.0) * height
    shadow = 0.3 * np.exp(-(((xs - centre_x) / (0.3 * full_width)) ** 2 + ((ys - centre_y) / (0.3 * height)) ** 2))
    lit = np.clip(tilted.astype(np.float32) * (light - shadow)[..., None] + 10, 0, 255).astype(np.uint8)
    small = Image.fromarray(lit).resize((width, round(height * width / full_width)), Image.Resampling.BILINEAR)
    return jpeg(speckle(small, chance), 60)


#: the words of the pages after a contract's first, in page images made by `page_images`
_CLAUSES = (
    "第五条 保密：双方对履行本合同中知悉的对方信息负有保密义务。",
    "第六条 争议解决：双方协商解决；协商不成的，向采购人所在地人民法院起诉。",
    "第七条 本合同一式四份，双方各执两份，自双方签字盖章之日起生效。",
)


def page_images(source: Path, out: Path, *, pages: int = 3, seed: int = 0) -> list[Path]:
    """A signed contract photographed or scanned page by page, as JPEG and PNG files in the folder `out`
    (p1.jpg, p2.png, p3.jpg …): page 1 is the PDF `source`'s first page, sealed over its 合计 row,
    skewed, noisy; the pages after it carry plain clauses (no figures), the last one a seal. The truth
    is the source's."""
    chance = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    first = render_pages(source)[0]
    for x, y in seal_places(source, 1):
        stamp(first, x, y, chance)
    images = [first]
    for number in range(2, pages + 1):
        image = Image.new("RGB", first.size, "white")
        draw = ImageDraw.Draw(image)
        for row, clause in enumerate(_CLAUSES[: 2 if number < pages else 3]):
            draw.text((120, 200 + row * 70), clause, fill="black", font=_font(26))
        if number == pages:
            stamp(image, first.size[0] * 0.7, 500, chance)
        images.append(image)
    made = []
    for number, image in enumerate(images, start=1):
        turned = image.rotate(chance.uniform(-1.5, 1.5), resample=Image.Resampling.BICUBIC, fillcolor="white")
        noisy = speckle(turned, chance)
        path = out / (f"p{number}.png" if number % 2 == 0 else f"p{number}.jpg")
        if path.suffix == ".png":
            noisy.save(path)
        else:
            jpeg(noisy, 80).save(path, format="JPEG", quality=90)
        made.append(path)
    return made


def scan_corpus(corpus: Path, out: Path, layouts: set[str] | None = None) -> list[Path]:
    """In `out`, with their truth: a scan of every PDF of the corpus folder (reportlab's and, when
    written, LibreOffice's); a scan of each layout's table printed without ruling lines; and a phone
    photo (JPEG) of each one-page layout."""
    from tests.corpus import documents, write_pdf

    out.mkdir(parents=True, exist_ok=True)
    made = []
    for seed, truth_path in enumerate(sorted(corpus.glob("*.pdf.truth.json"))):
        source = truth_path.with_name(truth_path.name.removesuffix(".truth.json"))
        truth = json.loads(truth_path.read_text("utf-8"))
        if layouts and truth.get("layout") not in layouts:
            continue
        scan = scan_pdf(source, out / source.name.replace(".pdf", ".scan.pdf"), seed=seed)
        made.append(_with_truth(scan, truth, f"scan of {truth.get('producer', source.name)}"))
    for seed, doc in enumerate(documents(), start=1000):
        if (layouts and doc.layout not in layouts) or not doc.table:
            continue
        unruled = write_pdf(doc, corpus / f"{doc.layout}.unruled.pdf", ruled=False)
        scan = scan_pdf(unruled, out / f"{doc.layout}.unruled.scan.pdf", seed=seed)
        made.append(_with_truth(scan, doc.truth(), "scan of reportlab, table without ruling lines"))
    for seed, source in enumerate(sorted(corpus.glob("*.reportlab.pdf")), start=2000):
        truth = json.loads(source.with_name(source.name + ".truth.json").read_text("utf-8"))
        if layouts and truth.get("layout") not in layouts:
            continue
        photo = sealed_photo(source, out / source.name.replace(".reportlab.pdf", ".photo.jpg"), seed)
        if photo:
            made.append(_with_truth(photo, truth, "phone photo of reportlab"))
    return made


def sealed_photo(source: Path, photo: Path, seed: int) -> Path | None:
    """The one-page PDF `source` sealed and photographed (`phone_photo`) into the JPEG `photo`, as the
    corpus does with `seed` (2000 + the PDF's place among the corpus's reportlab PDFs); None when the PDF
    has more pages."""
    pages = render_pages(source)
    if len(pages) != 1:
        return None
    chance = random.Random(seed)
    page = pages[0]
    for x, y in seal_places(source, 1):
        stamp(page, x, y, chance)
    phone_photo(page, chance).save(photo, quality=60)
    return photo


def _with_truth(path: Path, truth: dict, producer: str) -> Path:
    (path.parent / f"{path.name}.truth.json").write_text(
        json.dumps(truth | {"producer": producer}, ensure_ascii=False, indent=1), "utf-8"
    )
    return path


def long_scan(sources: list[Path], out: Path, pages: int) -> Path:
    """One image-only PDF of `pages` pages taken round-robin from the scans of `sources`."""
    images: list[Image.Image] = []
    rendered = [render_pages(source) for source in sources]
    chance = random.Random(pages)
    while len(images) < pages:
        for document in rendered:
            for image in document:
                if len(images) < pages:
                    turned = image.rotate(chance.uniform(-2, 2), resample=Image.Resampling.BICUBIC, fillcolor="white")
                    images.append(jpeg(speckle(turned, chance), 70))
    images[0].save(out, save_all=True, append_images=images[1:], resolution=SCAN_DPI)
    return out


def main() -> None:
    from tests.corpus import write_corpus

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--layouts", help="comma-separated layout names (default: all)")
    parser.add_argument("--pages", type=int, help="write one long scan of this many pages instead")
    parser.add_argument("--no-libreoffice", action="store_true", help="leave out the PDFs printed by LibreOffice")
    arguments = parser.parse_args()
    corpus = arguments.out / "source"
    write_corpus(corpus, libreoffice=False if arguments.no_libreoffice else None)
    if arguments.pages:
        print(
            long_scan(sorted(corpus.glob("*.pdf")), arguments.out / f"long-{arguments.pages}.scan.pdf", arguments.pages)
        )
        return
    layouts = set(arguments.layouts.split(",")) if arguments.layouts else None
    print(f"{len(scan_corpus(corpus, arguments.out, layouts))} scans in {arguments.out}")


if __name__ == "__main__":
    main()
