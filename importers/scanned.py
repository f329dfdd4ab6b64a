"""A scanned page as the rest of the importer sees it: what OCR read (`ScannedPage`, its text boxes and
grids), the thresholds other modules share, and which pages of a PDF need OCR at all.

Plain values (pypdf is imported when a PDF's pages are listed): a Word, Excel or text PDF file is read
without loading `importers.ocr` (numpy, pdfium's renderer, the ONNX models), which is imported only when
a page is to be read by OCR.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from importers.errors import CorruptFile

#: Resolution a scanned PDF page is rendered at: 9-point text is 19 pixels high, enough for the models
RENDER_DPI: Final = 150
#: Shortest side below which a page image is too small to read (an A4 page at about 50 dpi)
MIN_SIDE: Final = 500
#: A text box recognised with a lower score than this is doubtful: its field is marked for review
DOUBT_BELOW: Final = 0.9

#: (x0, top, x1, bottom) in page coordinates
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class TextBox:
    """One recognised run of text, its place on the page and the recogniser's score (0–1)."""

    text: str
    score: float
    box: Box

    def char(self) -> dict[str, Any]:
        """The box as pdfplumber gives a character: the text path's cell and line code reads it."""
        x0, top, x1, bottom = self.box
        # a box is about 1.25 times the font size high: the text path's tolerances are per font size
        size = (bottom - top) * 0.8
        return {"text": self.text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": size, "score": self.score}


@dataclass(frozen=True)
class GridRow:
    bbox: Box
    #: one per column of the table; None where a merged cell from the left or above covers it
    cells: list[Box | None]


@dataclass(frozen=True)
class Grid:
    """A ruled table found on a page image, shaped as a pdfplumber Table (bbox, rows with cells)."""

    bbox: Box
    rows: list[GridRow]


@dataclass
class ScannedPage:
    """What OCR read on one page."""

    number: int
    boxes: list[TextBox] = field(default_factory=list)
    tables: list[Grid] = field(default_factory=list)
    upside_down: bool = False
    #: quarter turns (counter-clockwise) given to a page scanned sideways before anything else: 0 or 1
    #: (a page turned the other way is then found upside down as well)
    quarter_turns: int = 0
    #: the skew taken out, in degrees
    skew: float = 0.0
    #: pixels dropped as seal red
    red_pixels: int = 0

    @property
    def rotation(self) -> float:
        """Degrees the page image was turned (counter-clockwise) before its boxes were placed: the
        skew taken out, a quarter turn for a page fed sideways, half a turn for a page fed upside down.
        A crop turns the image alike."""
        return 90.0 * self.quarter_turns + self.turn_after_quarters

    @property
    def turn_after_quarters(self) -> float:
        """The turn of the page image once a sideways page has had its quarter turn."""
        return self.skew + (180.0 if self.upside_down else 0.0)


# -- which pages need OCR ------------------------------------------------------------------------


def pages_without_text(path: Path) -> tuple[int, list[int]]:
    """(page count, numbers of the pages that have no text layer), pages numbered from 1.

    A page without a font in its resources (or in those of the forms it draws) draws no text: a scan.
    Reading the resources is cheap (pypdf, no content stream parsed: 0.1 s for a 159-page annex, where
    loading every page in pdfium takes seconds), so a text PDF keeps its speed."""
    import pypdf  # here: only a PDF needs it (0.2 s to load)
    from pypdf.errors import PyPdfError

    try:
        pages = pypdf.PdfReader(path, strict=False).pages
        return len(pages), [number for number, page in enumerate(pages, start=1) if not _has_font(page)]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise CorruptFile(f"cannot list the PDF's pages: {error!r}") from error


def _has_font(page: Any, depth: int = 0) -> bool:
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    if not resources:
        return False
    if resources.get("/Font"):
        return True
    forms = resources.get("/XObject")
    forms = forms.get_object() if forms is not None else {}
    return depth < 3 and any(
        xobject.get_object().get("/Subtype") == "/Form" and _has_font(xobject.get_object(), depth + 1)
        for xobject in forms.values()
    )
