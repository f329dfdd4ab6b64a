"""Scanned pages read by OCR: the pages of a PDF that have no text layer, and JPEG/PNG page images.

One set of rules, two ways of reading: a scanned page becomes what pdfplumber gives the text path —
characters (here one per recognised text box, with its place on the page) and tables (here the grid
of the ruling lines drawn on the page image) — and `importers.pdf` reads both alike, so the same
field and line rules apply.

A page is read in this order:
1. rendered with pypdfium2 at `RENDER_DPI` (an image file is taken as it is, scaled down to `MAX_SIDE`);
2. red-dominant pixels (seals, 公章 and 骑缝章) made white, so a stamp over a figure or a name does not
   turn into characters, and a seal's own words never become a field;
3. text boxes detected; a page whose boxes are mostly lines running down the page (scanned sideways)
   is turned a quarter and its boxes detected again; each box's orientation classified: a page whose
   boxes are mostly upside down is turned round; the page's skew is measured from the boxes' top edges and taken out;
4. each box recognised (RapidOCR, the PP-OCRv4 Chinese models inside the `rapidocr-onnxruntime` wheel:
   nothing is downloaded at run time), with its recognition score from 0 to 1;
5. the ruling lines found on the straightened image (morphological opening): rows between horizontal
   rules, cells between the vertical rules crossing the row; a cell whose top or left rule is missing
   is covered by a merged cell (None, as pdfplumber gives it);
6. a table printed without rules (`header_grid`): a line of boxes that reads as a line-item header
   gives the columns (its boxes' x-ranges, split half-way between them), the lines of text under it
   the rows (a line starting no new row — no 序号, or a single box — is the wrapped rest of the row).

Positions are in page coordinates: points (1/72 inch) from the top-left corner for a PDF page, as
pdfplumber gives them; pixels for an image file.

The page's types and the check of which pages need OCR are in `importers.scanned`, which loads none of
this module's libraries: this module is imported only when a page is read by OCR (or a crop is cut).

Pages are read in parallel over the available cores (`read_pages`: a process pool, each worker
renders its own page, so at most one page image per worker is in memory); `on_page(done, total)` is
called in the caller's process as each page is finished, for a progress bar or a job's progress.
"""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Final

import numpy as np
import pypdfium2

from importers.errors import CorruptFile, ScanTooSmall
from importers.scanned import MIN_SIDE, RENDER_DPI, Box, Grid, GridRow, ScannedPage, TextBox

#: Longest side an image is read at (the detector's own limit): larger photos are scaled down
MAX_SIDE: Final = 2000
#: A box recognised with a lower score is not text (specks, what is left of a seal's strokes): dropped
NOT_TEXT_BELOW: Final = 0.5
#: a red pixel darker than this (grey level) is black text under a seal, not the seal's ink
_TEXT_UNDER_SEAL: Final = 55
_RED_OVER_OTHERS: Final = 40
_DARK: Final = 170
#: ink is this much darker than the paper around it (a photo's light falls off across the page)
_INK_BELOW_PAPER: Final = 70
#: half of the boxes (at least three) upside down: the page is upside down
_UPSIDE_DOWN_SHARE: Final = 0.5


def _open_pdf(path: Path) -> pypdfium2.PdfDocument:
    try:
        return pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as error:
        raise CorruptFile(f"pdfium cannot open the PDF: {error}") from error


# -- reading pages in parallel ---------------------------------------------------------------------


def read_pages(
    path: Path,
    numbers: list[int] | None,
    on_page: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> dict[int, ScannedPage]:
    """OCR of the pages `numbers` of the PDF at `path` (None: `path` is one page image), by number.

    Pages go to a pool of `workers` processes (default: the available cores, no more than pages);
    `on_page(done, total)` is called in this process as each page is finished. One page is read here,
    without a pool."""
    tasks: list[tuple[str, int | None]] = [(str(path), None)]
    if numbers is not None:
        tasks = [(str(path), number) for number in numbers]
    workers = min(workers or available_cores(), len(tasks))
    pages: dict[int, ScannedPage] = {}
    for page in _read_all(tasks, workers):
        pages[page.number] = page
        if on_page:
            on_page(len(pages), len(tasks))
    return pages


def _read_all(tasks: list[tuple[str, int | None]], workers: int) -> Iterator[ScannedPage]:
    if workers <= 1:
        for task in tasks:
            yield read_page(task)
        return
    # spawn, not fork: the ONNX runtime's threads do not survive a fork of a process that used them
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_one_thread) as pool:
        futures = [pool.submit(read_page, task) for task in tasks]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            for future in futures:
                future.cancel()


def available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _one_thread() -> None:
    # one page per core: a worker's models use one thread each
    os.environ["OCR_THREADS"] = "1"


def read_page(task: tuple[str, int | None]) -> ScannedPage:
    """OCR of one page: (PDF path, page number) or (image path, None)."""
    path, number = task
    if number is None:
        image, scale = _image_file(Path(path))
        return read_image(image, scale, 1)
    image, scale = _render(Path(path), number)
    return read_image(image, scale, number)


def _render(path: Path, number: int) -> tuple[np.ndarray, float]:
    pdf = _open_pdf(path)
    try:
        page = pdf[number - 1]
        _check_scan_resolution(page, number)
        # a page declared larger than A4 (a scan saved at 72 dpi is a page 1.7 m high) is rendered smaller
        scale = min(RENDER_DPI / 72, MAX_SIDE / max(page.get_size()))
        bitmap = page.render(scale=scale)
        image = np.array(bitmap.to_pil().convert("RGB"))
        page.close()
        return image, scale
    finally:
        pdf.close()


def _check_scan_resolution(page: pypdfium2.PdfPage, number: int) -> None:
    """Refuse a page whose largest picture is smaller than MIN_SIDE on its short side: blown up to the
    page it cannot be read."""
    sizes = [obj.get_px_size() for obj in page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2)]
    if sizes:
        width, height = max(sizes, key=lambda size: size[0] * size[1])
        if min(width, height) < MIN_SIDE:
            raise ScanTooSmall(f"page {number}: image {width}×{height} px", page=number, width=width, height=height)


def _image_file(path: Path) -> tuple[np.ndarray, float]:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(path) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGB")  # a phone photo says how it was held
    except (UnidentifiedImageError, OSError) as error:
        raise CorruptFile(f"cannot read image: {error}") from error
    if min(image.size) < MIN_SIDE:
        raise ScanTooSmall(f"image {image.size[0]}×{image.size[1]} px", width=image.size[0], height=image.size[1])
    scale = min(1.0, MAX_SIDE / max(image.size))
    if scale < 1:
        image = image.resize((round(image.size[0] * scale), round(image.size[1] * scale)))
    return np.array(image), scale


#: Room kept around a field's box in its crop (page units): a line of text on each side
CROP_MARGIN: Final = 12.0


def page_crop(path: Path, number: int, box: Box, *, pdf: bool, rotation: float = 0.0) -> bytes:
    """A PNG of the part of page `number` of the scan at `path` (a PDF, else one page image) around
    `box` (page units, as a field's source gives it), for the officer to read the field off the image.

    `rotation`: the page's turn when it was read (`ScannedPage.rotation`, kept with the field's source):
    the box is on the turned page, so the crop is cut from the image turned alike."""
    from PIL import Image

    image, scale = _render(path, number) if pdf else _image_file(path)
    quarters = round(rotation / 90)
    if quarters % 2:
        # a page read sideways: the quarter turn changes the image's shape, a turn about its centre cannot
        image = np.ascontiguousarray(np.rot90(image, quarters % 4))
        rotation -= 90 * quarters
    if rotation:
        image = _warp(image, cv2_rotation(image.shape, rotation))
    height, width = image.shape[:2]
    x0, top, x1, bottom = box
    left, upper = max(0, int((x0 - CROP_MARGIN) * scale)), max(0, int((top - CROP_MARGIN) * scale))
    right, lower = min(width, int((x1 + CROP_MARGIN) * scale)), min(height, int((bottom + CROP_MARGIN) * scale))
    if right <= left or lower <= upper:
        raise ValueError(f"box {box} is outside page {number}")
    buffer = io.BytesIO()
    Image.fromarray(image[upper:lower, left:right]).save(buffer, format="PNG")
    return buffer.getvalue()


# -- one page --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    threads = int(os.environ.get("OCR_THREADS", "-1"))
    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=threads)


def read_image(image: np.ndarray, scale: float, number: int) -> ScannedPage:
    """OCR of one page image (RGB, `scale` pixels per page unit)."""
    engine = _engine()
    image, red = drop_red(image)
    page = ScannedPage(number, red_pixels=red)
    quads, _ = engine.text_det(image)
    if quads is None or len(quads) == 0:
        return page
    if _sideways(quads):
        # the lines of text run up or down the page: turned a quarter, the page is upright or upside down
        image = np.ascontiguousarray(np.rot90(image))
        page.quarter_turns = 1
        quads, _ = engine.text_det(image)
        if quads is None or len(quads) == 0:
            return page
    quads = engine.sorted_boxes(quads)
    crops = engine.get_crop_img_list(image, quads)
    _, orientations, _ = engine.text_cls(crops)
    flipped = sum(1 for label, score in orientations if label == "180" and score > 0.9)
    page.upside_down = len(quads) >= 3 and flipped > len(quads) * _UPSIDE_DOWN_SHARE
    # the page's way up, not each box's: the classifier is unsure of a short box (「序号」, 「1」)
    if page.upside_down:
        crops = [np.rot90(crop, 2) for crop in crops]
    texts, _ = engine.text_rec(crops)
    page.skew = _skew_degrees(quads)
    turn = cv2_rotation(image.shape, page.turn_after_quarters)
    straight = _warp(image, turn)
    # the boxes' edges give the skew to a few tenths of a degree; a table's rules give it exactly
    residual = _rule_skew(straight)
    if residual:
        page.skew += residual
        turn = cv2_rotation(image.shape, page.turn_after_quarters)
        straight = _warp(image, turn)
    for quad, (text, score) in zip(quads, texts, strict=True):
        text = tidy(text)
        if not text or score < NOT_TEXT_BELOW:
            continue
        points = np.hstack([quad, np.ones((4, 1))]) @ turn.T
        x0, top = points.min(axis=0) / scale
        x1, bottom = points.max(axis=0) / scale
        page.boxes.append(TextBox(text, round(float(score), 3), (float(x0), float(top), float(x1), float(bottom))))
    pixel_boxes = [
        (x0 * scale, top * scale, x1 * scale, bottom * scale) for x0, top, x1, bottom in (b.box for b in page.boxes)
    ]
    page.tables = [checked_grid(_scaled(grid, scale), page.boxes) for grid in find_grids(straight, pixel_boxes)]
    unruled = header_grid([box for box in page.boxes if not any(_inside(box.box, grid.bbox) for grid in page.tables)])
    if unruled:
        page.boxes += lone_labels(unruled, page.boxes, straight, scale)
        page.tables.append(unruled)
    return page


_THOUSANDS_DOTS = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{3})+\.\d{2}(?!\d)")


#: 「采购人（甲方）」 with one of its brackets lost: 「采购人甲方）」
_OPEN_LOST = re.compile(r"(?<![（(])(甲方|乙方)(?=[）)])")
_CLOSE_LOST = re.compile(r"(?<=[（(])(甲方|乙方)(?![）)])")


#: a full-width comma or point between digits (LibreOffice prints ￥298，000．00) read as 「*」 or 「·」
_STAR_COMMA = re.compile(r"(?<=\d)[*＊](?=\d{3})")
_DOT_POINT = re.compile(r"(?<=\d)[·•](?=\d)")


def tidy(text: str) -> str:
    """Recognised text without what the recogniser makes of specks at its ends (「市档案馆·」), and a
    figure whose thousands commas were read as dots (「328.000.00」), or whose full-width comma or point
    was read as 「*」 or 「·」, with its commas and point back. The figures still go through the
    lines-vs-total and 大写 checks: a wrong guess here is a flagged mismatch, never a silent amount."""
    text = _CLOSE_LOST.sub(r"\1）", _OPEN_LOST.sub(r"（\1", text.strip().strip("·•")))
    text = _DOT_POINT.sub(".", _STAR_COMMA.sub(",", text))
    return _THOUSANDS_DOTS.sub(lambda match: match[0][:-3].replace(".", ",") + match[0][-3:], text)


def drop_red(image: np.ndarray) -> tuple[np.ndarray, int]:
    """`image` in grey with its red-dominant pixels (seal ink) made white, and how many there were.

    Where a seal lies over black text the ink mixes, and JPEG spreads the seal's red over the dark
    strokes: a pixel that is red but dark is text under the seal and keeps its grey. A red pixel
    that is not white in red light (`_under_seal`) keeps that shade: the thin grey strokes of a
    photographed page under the seal (「采购人」, 「供应商」) are not seal ink."""
    rgb = image.astype(np.int32)
    red, green, blue = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    grey = (red * 299 + green * 587 + blue * 114) // 1000
    seal = (red - green > _RED_OVER_OTHERS) & (red - blue > _RED_OVER_OTHERS) & (grey > _TEXT_UNDER_SEAL)
    grey[seal] = np.maximum(grey, _under_seal(image[..., 0]))[seal]
    return np.repeat(grey.astype(np.uint8)[..., None], 3, axis=2), int(seal.sum())


#: seal ink is at least this share of the paper's brightness in red light (the red channel), text under
#: the seal darker (a photo's grey strokes about half); at 0.78 the seal's scanned words came through
_SEAL_IN_RED_LIGHT: Final = 0.6


def _under_seal(red: np.ndarray) -> np.ndarray:
    """What a page looks like in red light, where the seal's red is paper: each pixel's red level
    against the paper around it (a photo's light falls off), white where it is seal ink."""
    import cv2

    paper = cv2.blur(cv2.dilate(red, np.ones((25, 25), np.uint8)), (25, 25)).astype(np.int32) + 1
    level = np.minimum(255, red.astype(np.int32) * 255 // paper)
    return np.where(level > 255 * _SEAL_IN_RED_LIGHT, 255, level)


#: a page whose boxes are mostly this much taller than wide (three at least) has its lines running down
_SIDEWAYS_RATIO: Final = 2.0


def _sideways(quads: np.ndarray) -> bool:
    """True when the text boxes are lines running up or down the page (a page scanned sideways): many
    more boxes far taller than wide than boxes far wider than tall (a single character is neither)."""
    tall = wide = 0
    for quad in quads:
        width, height = np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[3] - quad[0])
        tall += height > _SIDEWAYS_RATIO * width
        wide += width > _SIDEWAYS_RATIO * height
    return tall >= 3 and tall > 2 * wide


def _skew_degrees(quads: np.ndarray) -> float:
    """The page's skew: the median slope of the top edges of the long boxes (a line of text)."""
    angles = []
    for quad in quads:
        dx, dy = quad[1] - quad[0]
        height = np.linalg.norm(quad[3] - quad[0])
        if dx > 3 * height:
            angles.append(math.degrees(math.atan2(dy, dx)))
    return float(np.median(angles)) if angles else 0.0


def _rule_skew(image: np.ndarray) -> float:
    """The slope in degrees of the longest horizontal rule on a nearly straight page, 0 without one."""
    import cv2

    ink = dark_ink(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY))
    width = ink.shape[1]
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, width // 8), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    if count < 2:
        return 0.0
    longest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_WIDTH]))
    if stats[longest, cv2.CC_STAT_WIDTH] < width // 3:
        return 0.0
    ys, xs = np.nonzero(labels == longest)
    slope = float(np.polyfit(xs, ys, 1)[0])
    return math.degrees(math.atan(slope))


def dark_ink(gray: np.ndarray) -> np.ndarray:
    """1 where the grey image has ink: darker than `_DARK`, or than the paper around it by
    `_INK_BELOW_PAPER` where the paper itself is in shadow (a phone photo, lit unevenly)."""
    import cv2

    paper = cv2.blur(cv2.dilate(gray, np.ones((25, 25), np.uint8)), (25, 25)).astype(np.int16)
    threshold = np.minimum(_DARK, paper - _INK_BELOW_PAPER)
    ink: np.ndarray = (gray.astype(np.int16) < threshold).astype(np.uint8)
    return ink


#: a rule is this share of the paper's light or less: a phone photo's thin rules (one pixel at 120 dpi,
#: blurred by JPEG) are grey, far lighter than text, and lighter still in the shadow of the hand
_RULE_SHARE_OF_PAPER: Final = 0.75
#: pixels at the left and right edge of a page image where no column rule is looked for (within a
#: page's margin): the white a turn brings in there makes a photo's shaded paper beside it look dark
_PAGE_EDGE: Final = 12


def rule_ink(gray: np.ndarray) -> np.ndarray:
    """1 where the grey image may have a rule: darker than `_RULE_SHARE_OF_PAPER` of the paper around it.
    Fainter than `dark_ink` asks of text; what is not a rule (a speck, a character's stroke, grain) is
    too short for the runs `find_grids` keeps."""
    import cv2

    paper = cv2.blur(cv2.dilate(gray, np.ones((25, 25), np.uint8)), (25, 25)).astype(np.float32)
    ink: np.ndarray = (gray < paper * _RULE_SHARE_OF_PAPER).astype(np.uint8)
    ink[:, :_PAGE_EDGE] = ink[:, -_PAGE_EDGE:] = 0
    return ink


def cv2_rotation(shape: tuple[int, ...], degrees: float) -> np.ndarray:
    """The 2×3 matrix turning an image of `shape` by `degrees` about its centre (counter-clockwise as
    seen, which takes out a clockwise skew of the same angle)."""
    import cv2

    height, width = shape[:2]
    matrix: np.ndarray = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return matrix


def _warp(image: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    import cv2

    height, width = image.shape[:2]
    warped: np.ndarray = cv2.warpAffine(image, matrix, (width, height), borderValue=(255, 255, 255))
    return warped


# -- ruled tables ---------------------------------------------------------------------------------

#: a rule is at least this long (pixels): longer than four characters of text, shorter than a cell
_RULE_MIN: Final = 80
#: a table row is at least this high (pixels; one line of 9-point text with padding is 30): two rules
#: nearer than this are one rule that a skew not quite taken out spreads over more pixel rows
_ROW_MIN: Final = 16
#: share of a row's height (or of a cell's width) a rule must cover to count: scanner gaps, a seal or
#: JPEG blur break rules into pieces
_COVERED: Final = 0.6


def find_grids(image: np.ndarray, text: list[Box] | None = None) -> list[Grid]:
    """The ruled tables on a straightened page image, in pixels: rows between horizontal rules, the
    columns where vertical rules cross the rows.

    `text`: the page's text boxes, in the same pixels. A vertical run of ink inside a text box is a
    character's stroke, not a rule: in a row hardly higher than its text (LibreOffice's 13-point rows)
    the strokes of 「1」 or of a column of figures touch both rules and cross the row like a rule."""
    import cv2

    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    ink = dark_ink(gray)
    across = cv2.morphologyEx(
        cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((1, 5), np.uint8)),
        cv2.MORPH_OPEN,
        np.ones((1, _RULE_MIN), np.uint8),
    )
    # column rules by the fainter measure: a photo's thin vertical rules break up under dark_ink, and
    # only runs of 30 pixels count (text lines closed across would make rows of the fainter measure)
    down = cv2.morphologyEx(
        cv2.morphologyEx(rule_ink(gray), cv2.MORPH_CLOSE, np.ones((5, 1), np.uint8)),
        cv2.MORPH_OPEN,
        np.ones((30, 1), np.uint8),
    )
    ys = _strongest(_peaks(across.sum(axis=1), _RULE_MIN), across.sum(axis=1), _ROW_MIN)
    grids: list[Grid] = []
    bands: list[tuple[float, float, list[float]]] = []
    for upper, lower in zip(ys, ys[1:], strict=False):
        crossing = [x for x in _crossings(down, upper, lower) if not _through_text(x, upper, lower, text or [])]
        if len(crossing) >= 2:
            bands.append((upper, lower, crossing))
            continue
        grids += _grid(bands, across)
        bands = []
    grids += _grid(bands, across)
    return grids


def _peaks(profile: np.ndarray, minimum: float) -> list[float]:
    """Centres of the runs of positions where `profile` reaches `minimum` (a rule a few pixels thick is
    one position)."""
    runs: list[list[int]] = []
    for position in np.flatnonzero(profile >= minimum):
        if runs and position - runs[-1][-1] <= 4:
            runs[-1].append(int(position))
        else:
            runs.append([int(position)])
    return [sum(run) / len(run) for run in runs]


def _crossings(down: np.ndarray, upper: float, lower: float) -> list[float]:
    """x of the vertical rules that cross the band between two horizontal rules."""
    band = down[int(upper) + 3 : int(lower) - 2]
    if band.shape[0] < 4:
        return []
    coverage = band.mean(axis=0)
    # a rule one or two pixels wide: the best of each position's neighbours
    near = np.maximum.reduce([np.roll(coverage, shift) for shift in (-2, -1, 0, 1, 2)])
    return _peaks(near, _COVERED)


#: pixels (at 150 dpi: about 1 point) an ink run must be inside a text box to be a stroke of its text
_INSIDE_BOX: Final = 2.0


def _through_text(x: float, upper: float, lower: float, text: list[Box]) -> bool:
    """True when x falls inside a text box of the band between `upper` and `lower`, by more than
    `_INSIDE_BOX` pixels (a box the detector drew a pixel over a rule does not hide the rule; the
    first stroke of 「办」 is two pixels inside its box)."""
    for x0, top, x1, bottom in text:
        if upper <= (top + bottom) / 2 < lower and x0 + _INSIDE_BOX < x < x1 - _INSIDE_BOX:
            return True
    return False


def _covered(across: np.ndarray, y: float, x0: float, x1: float) -> bool:
    """True when a horizontal rule runs along y between x0 and x1."""
    strip = across[max(0, int(y) - 4) : int(y) + 5, int(x0) + 6 : int(x1) - 5]
    return strip.size > 0 and float(strip.max(axis=0).mean()) >= _COVERED


def _grid(bands: list[tuple[float, float, list[float]]], across: np.ndarray) -> list[Grid]:
    """One table from its consecutive row bands: a cell whose left rule is missing is covered by the
    cell to its left (None), one whose top rule is missing by the cell above (None)."""
    if not bands:
        return []
    columns = _cluster(sorted(x for _, _, crossing in bands for x in crossing), 8)
    if len(bands) >= 3:
        # a column rule crosses most rows; text strokes that touch both rules of a tightly padded row
        # (LibreOffice's header) cross that row only
        columns = [x for x in columns if sum(any(abs(c - x) <= 6 for c in crossing) for *_, crossing in bands) >= 2]
    if len(columns) < 2:
        return []
    rows: list[GridRow] = []
    for index, (upper, lower, crossing) in enumerate(bands):
        cells: list[Box | None] = []
        for column in range(len(columns) - 1):
            x0, x1 = columns[column], columns[column + 1]
            if column and not any(abs(x - x0) <= 6 for x in crossing):
                cells.append(None)
                _reach_right(cells, x1)
            elif index and not _covered(across, upper, x0, x1) and rows[-1].cells[column] is not None:
                cells.append(None)
                _reach_down(rows, column, lower)
            else:
                cells.append((x0, upper, x1, lower))
        rows.append(GridRow((columns[0], upper, columns[-1], lower), cells))
    return [Grid((columns[0], bands[0][0], columns[-1], bands[-1][1]), rows)]


#: a header row with more empty cells than this has columns that are not the table's
_EMPTY_HEADER_CELLS: Final = 2


def checked_grid(grid: Grid, boxes: list[TextBox]) -> Grid:
    """The ruled grid, or the grid of its header's x-ranges (`header_grid`) when the rules found do not
    fit the text: a header row with several empty cells, or far more columns than it has names, is a
    grid with strokes taken for rules, whose rows would be read into the wrong columns (a line's
    amount given to the line below it, which no check sees)."""
    inside = [box for box in boxes if _inside(box.box, grid.bbox)]
    first = grid.rows[0].bbox
    names = [box for box in inside if _inside(box.box, first)]
    cells = [cell for cell in grid.rows[0].cells if cell is not None]
    empty = sum(1 for cell in cells if not any(_inside(box.box, cell) for box in names))
    if empty <= _EMPTY_HEADER_CELLS and len(grid.rows[0].cells) <= 2 * len(names) + 1:
        return grid
    return header_grid(inside) or grid


def _strongest(positions: list[float], profile: np.ndarray, gap: float) -> list[float]:
    """Of positions nearer than `gap` to each other, the one where `profile` is highest: a rule
    beats a run of text strokes just under it."""
    kept: list[float] = []
    for position in positions:
        if kept and position - kept[-1] < gap:
            if profile[int(position)] > profile[int(kept[-1])]:
                kept[-1] = position
        else:
            kept.append(position)
    return kept


def _cluster(values: list[float], gap: float) -> list[float]:
    """Sorted `values` closer than `gap` to the one before taken as one (their mean)."""
    clustered: list[list[float]] = []
    for value in values:
        if clustered and value - clustered[-1][-1] < gap:
            clustered[-1].append(value)
        else:
            clustered.append([value])
    return [sum(group) / len(group) for group in clustered]


def _reach_right(cells: list[Box | None], x1: float) -> None:
    """A cell spanning columns: the open cell to the left reaches to `x1`."""
    for position in range(len(cells) - 2, -1, -1):
        cell = cells[position]
        if cell is not None:
            cells[position] = (cell[0], cell[1], x1, cell[3])
            return


def _reach_down(rows: list[GridRow], column: int, bottom: float) -> None:
    """A cell spanning rows: the cell where it starts reaches down to `bottom`."""
    for row in reversed(rows):
        cell = row.cells[column]
        if cell is not None:
            row.cells[column] = (cell[0], cell[1], cell[2], bottom)
            return


def _scaled(grid: Grid, scale: float) -> Grid:
    def box(value: Box) -> Box:
        x0, top, x1, bottom = value
        return (x0 / scale, top / scale, x1 / scale, bottom / scale)

    return Grid(
        box(grid.bbox),
        [GridRow(box(row.bbox), [None if cell is None else box(cell) for cell in row.cells]) for row in grid.rows],
    )


# -- tables without rules ----------------------------------------------------------------------------

#: a gap between two lines of a table larger than this many line heights ends the table
_ROW_GAP: Final = 2.5
#: a cell's whole text is a figure with its fen (「18000.00」, 「￥1,234.50」, 「人民币765,432.11元」): a wrapped
#: cell's rest is not
_FIGURE: Final = re.compile(r"(?:人民币|[￥¥])?\d[\d,，]*[.．]\d{2}元?")
#: a line written across the table that starts so is its 合计 row, not a sentence under it
_TOTAL_LINE: Final = re.compile(r"(合\s*计|总\s*计)")


def header_grid(boxes: list[TextBox]) -> Grid | None:
    """A table printed without ruling lines, rebuilt from its header (page coordinates): the first
    line of boxes whose texts are a line-item header gives the columns — each header box's x-range,
    the boundary half-way between two of them, so a cell falls in the column its text overlaps most —
    and the lines under it the rows, by baseline. A line with a box in the 序号 column (or, without
    one, with two boxes or more) starts a row, and so does a line with a figure in a column where the row
    above has one already (OCR often misses a lone 「2」 in the 序号 column); any other line is the
    wrapped rest of the row above.
    The table ends at a gap of more than `_ROW_GAP` lines, or at a box reaching over two columns
    (a sentence of the body; a 合计 line written across the table is the table's last row)."""
    lines = text_lines(boxes)
    for lots in (False, True):  # a lot table (包号 | 包名称 | 最高限价) only when no line table is found
        for index, line in enumerate(lines):
            header, seq = _table_header([box.text for box in line], lots) if len(line) >= 3 else (False, None)
            if header:
                return _grid_under(line, lines[index + 1 :], seq)
    return None


def _table_header(texts: list[str], lots: bool) -> tuple[bool, int | None]:
    """(whether `texts` head a line table, or with `lots` a lot table; the column of its 序号 or 包号)."""
    from importers.lines import header_columns
    from importers.lots import lot_columns

    if lots:
        lot = lot_columns(list(texts))
        return lot is not None, lot["label"] if lot else None
    columns = header_columns(list(texts))
    return columns is not None, columns.get("seq") if columns else None


def lone_labels(grid: Grid, boxes: list[TextBox], image: np.ndarray, scale: float) -> list[TextBox]:
    """The 序号 (or 包号) of the rows of an unruled table where the OCR found none, read again from the
    cell's ink alone: the text detector often misses a lone 「2」 or 「一」 in a wide empty column, and a
    lot row without its 包号 is no lot. Only a number is taken, with its recogniser's score."""
    header = grid.rows[0]
    texts = ["".join(b.text for b in boxes if cell and _inside(b.box, cell)) for cell in header.cells]
    _, seq = _table_header(texts, lots=False)
    if seq is None:
        _, seq = _table_header(texts, lots=True)
    if seq is None:
        return []
    found = []
    for row in grid.rows[1:]:
        cell = row.cells[seq]
        if cell is None or any(_inside(b.box, cell) for b in boxes):
            continue
        if not any(_inside(b.box, row.bbox) for b in boxes):
            continue
        label = _read_label(image, cell, scale)
        if label is not None:
            found.append(label)
    return found


_LONE_LABEL: Final = re.compile(r"\d{1,2}|[一二三四五六七八九十]{1,2}")


def _read_label(image: np.ndarray, cell: Box, scale: float) -> TextBox | None:
    import cv2

    x0, top, x1, bottom = (int(value * scale) for value in cell)
    gray = cv2.cvtColor(image[top:bottom, x0:x1], cv2.COLOR_RGB2GRAY)
    count, _, stats, _ = cv2.connectedComponentsWithStats((gray < _DARK).astype(np.uint8))
    # a speck of scanner noise is no stroke
    strokes = [stats[i] for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] >= 6]
    if not strokes:
        return None
    left = min(s[cv2.CC_STAT_LEFT] for s in strokes)
    upper = min(s[cv2.CC_STAT_TOP] for s in strokes)
    right = max(s[cv2.CC_STAT_LEFT] + s[cv2.CC_STAT_WIDTH] for s in strokes)
    lower = max(s[cv2.CC_STAT_TOP] + s[cv2.CC_STAT_HEIGHT] for s in strokes)
    pad = 4
    crop = image[max(0, top + upper - pad) : top + lower + pad, max(0, x0 + left - pad) : x0 + right + pad]
    (text, score), *_ = _engine().text_rec([np.ascontiguousarray(crop)])[0]
    text = tidy(text)
    if not _LONE_LABEL.fullmatch(text) or score < NOT_TEXT_BELOW:
        return None
    box = ((x0 + left) / scale, (top + upper) / scale, (x0 + right) / scale, (top + lower) / scale)
    return TextBox(text, round(float(score), 3), box)


def text_lines(boxes: list[TextBox]) -> list[list[TextBox]]:
    """The boxes in lines (by vertical middle), top to bottom, each line left to right."""
    lines: list[list[TextBox]] = []
    for box in sorted(boxes, key=lambda box: (box.box[1] + box.box[3]) / 2):
        middle, height = (box.box[1] + box.box[3]) / 2, box.box[3] - box.box[1]
        if lines and abs(middle - _middle(lines[-1])) <= height * 0.5:
            lines[-1].append(box)
        else:
            lines.append([box])
    return [sorted(line, key=lambda box: box.box[0]) for line in lines]


def _middle(line: list[TextBox]) -> float:
    return sum((box.box[1] + box.box[3]) / 2 for box in line) / len(line)


def _grid_under(header: list[TextBox], below: list[list[TextBox]], seq: int | None) -> Grid:
    spans = [(box.box[0], box.box[2]) for box in header]
    height = max(box.box[3] - box.box[1] for box in header)
    inner = [(left[1] + right[0]) / 2 for left, right in zip(spans, spans[1:], strict=False)]
    # the table reaches as far as its widest text either side of the header
    body = [box for line in below for box in line]
    left = min([spans[0][0], *(box.box[0] for box in body)]) - 2
    right = max([spans[-1][1], *(box.box[2] for box in body)]) + 2
    edges = [left, *inner, right]
    rows: list[tuple[float, float]] = [(min(box.box[1] for box in header), max(box.box[3] for box in header))]
    figures: set[int] = set()  # the columns where the row being read has a figure
    across = False  # the last row is 「合计金额小写：177500.00元大写：…」 written across the table
    for line in below:
        top, bottom = min(box.box[1] for box in line), max(box.box[3] for box in line)
        if top - rows[-1][1] > _ROW_GAP * height:
            break
        if any(_columns_reached(box, edges) > 1 for box in line):
            across = bool(_TOTAL_LINE.match(line[0].text))
            if across:
                rows.append((top, bottom))
            break
        in_seq = seq is not None and any(_column_of(box, edges) == seq for box in line)
        columns = {_column_of(box, edges) for box in line if _FIGURE.fullmatch(box.text)}
        if in_seq or (seq is None and len(line) >= 2) or len(rows) == 1 or columns & figures:
            rows.append((top, bottom))
            figures = columns
        else:
            rows[-1] = (rows[-1][0], bottom)
            figures |= columns
    # a row reaches half-way to the next one, so a character a little above its line stays in it
    bounds = [rows[0][0] - 2, *((upper[1] + lower[0]) / 2 for upper, lower in zip(rows, rows[1:], strict=False))]
    bounds.append(rows[-1][1] + 2)
    grid_rows = [
        GridRow((left, top, right, bottom), [(x0, top, x1, bottom) for x0, x1 in zip(edges, edges[1:], strict=False)])
        for top, bottom in zip(bounds, bounds[1:], strict=False)
    ]
    if across:
        # one cell merged across, as the ruled table prints it: its text is the row's label (合计…)
        last = grid_rows[-1].bbox
        grid_rows[-1] = GridRow(last, [last, *([None] * (len(edges) - 2))])
    return Grid((left, bounds[0], right, bounds[-1]), grid_rows)


def _column_of(box: TextBox, edges: list[float]) -> int:
    middle = (box.box[0] + box.box[2]) / 2
    return max(0, min(len(edges) - 2, sum(1 for edge in edges[1:-1] if middle >= edge)))


def _columns_reached(box: TextBox, edges: list[float]) -> int:
    """How many columns the box covers more than half of."""
    x0, x1 = box.box[0], box.box[2]
    return sum(
        1 for left, right in zip(edges, edges[1:], strict=False) if min(x1, right) - max(x0, left) > (right - left) / 2
    )


def _inside(box: Box, area: Box) -> bool:
    middle_x, middle_y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return area[0] <= middle_x < area[2] and area[1] <= middle_y < area[3]
