"""How much an uploaded file may make the importer read: checked before any parser opens the file.

Word and Excel files are zip packages of XML. A few kilobytes can ask a parser for gigabytes: a
merged range ``H3:XFD1048576`` makes openpyxl build 17 billion cells, 8.5 million empty paragraphs
compress to 75 KB, a member can declare 1 KB and inflate to 1 GB. So before python-docx or openpyxl
see a package, `check_package` reads it the cheap way:

1. the end of the central directory (how many members, how big the directory is) before
   `zipfile` lists anything;
2. the central directory: member count, total and per-XML-member uncompressed size, compression
   ratio;
3. every XML member, streamed through expat (no tree, constant memory), counted while it is read:
   bytes (a member that inflates past what it declares is refused), elements, characters of
   text, Word paragraphs, and per worksheet its ``<dimension ref>``, ``<mergeCell ref>`` ranges,
   cells and used range. A DOCTYPE (never in a real Office file: entity expansion) is refused.

`check_pdf` refuses a PDF cut off before its end or one that needs a password to open; the stored
files of every feature (services.storage: vendor materials, inspections, imports) pass both checks.

Each limit is a named constant below: the one place to change it. A file over a limit raises
`FileOverLimit` naming the limit (``params["what"]``) and its figure (``params["limit"]``); the
web layer, API and CLI turn that into a sentence (contractmgr.texts.imports). The upload size itself
is the application's config (MAX_UPLOAD_MB), checked before this.

With these checks the parsers stay under a bounded amount of memory (tests/importers/test_hostile_files.py
measures each hostile file under an address-space limit). Pure: no Flask, no database.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, Final
from xml.parsers import expat

from importers.errors import CorruptFile, DocumentError, EncryptedPdf

#: Members of a Word or Excel package (a real one has 10 to 100; pictures add some).
MAX_MEMBERS: Final = 1_000
#: Size of the zip's central directory (about 100 bytes a member), checked before it is listed.
MAX_CENTRAL_DIRECTORY_BYTES: Final = 1 << 20
#: All members together, uncompressed (pictures included).
MAX_UNPACKED_BYTES: Final = 64 << 20
#: The XML members together, uncompressed: python-docx keeps them in memory as trees (about 8× their
#: size); a 2,000-line contract's document.xml is about 6 MB.
MAX_XML_BYTES: Final = 16 << 20
#: Uncompressed size ÷ compressed size of one member larger than RATIO_FROM_BYTES (XML compresses
#: 5 to 30 times; a zip bomb hundreds or thousands of times).
MAX_RATIO: Final = 200
RATIO_FROM_BYTES: Final = 1 << 20
#: XML elements in the whole package (a 2,000-line contract has about 400,000).
MAX_XML_ELEMENTS: Final = 1_000_000
#: Characters of text in a Word document (a 500-page document has about 500,000).
MAX_CHARACTERS: Final = 5_000_000
#: Paragraphs in a Word document, table cells included.
MAX_PARAGRAPHS: Final = 100_000
#: Cells stored in one worksheet (2,000 lines of 10 columns are 20,000).
MAX_SHEET_CELLS: Final = 200_000
#: Rows × columns of a worksheet's range (declared in <dimension ref>, or used by its cells), and
#: of its merged ranges together.
MAX_SHEET_AREA: Final = 1_000_000
#: Line items in one document.
MAX_LINES: Final = 2_000
#: Pages of a PDF the importer reads (a tender with its annex runs to a few hundred).
MAX_PDF_PAGES: Final = 1_000
#: Pages of a PDF read by OCR (a scanned page takes seconds; a signed contract with its annex is under 100).
MAX_SCAN_PAGES: Final = 300

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_END_OF_DIRECTORY = b"PK\x05\x06"
_END_OF_DIRECTORY_SIZE = 22
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CHUNK = 64 * 1024
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


class FileOverLimit(DocumentError):
    """A file the importer will not read because it asks for more than a limit allows. `params`:
    ``what`` (which limit: members, unpacked, xml, ratio, inflates, elements, characters, paragraphs,
    sheet_cells, sheet_range, merged_range, lines), ``limit`` (its figure), and where it applies
    (``member``, ``sheet``, ``ref``) when known."""

    code = "file_over_limit"
    message = "文件内容超出导入限制，无法读取。请删去无关内容或拆分文件后再上传。"
    message_en = (
        "The file holds more than the importer reads. Remove unrelated content or split the file, then upload it."
    )

    def __init__(self, what: str, limit: int, **where: object) -> None:
        super().__init__(f"{what} over {limit} {where}".strip(), what=what, limit=limit, **where)


@dataclass(frozen=True)
class Range:
    """A rectangle of cells, 1-based and inclusive, as in ``B3:D7``."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int

    @property
    def area(self) -> int:
        return (self.max_row - self.min_row + 1) * (self.max_col - self.min_col + 1)


def parse_range(ref: str) -> Range | None:
    """``B3:D7`` (or a single cell ``B3``) as a Range; None when `ref` is no cell range."""
    first, _, last = ref.strip().partition(":")
    start, end = _cell(first), _cell(last or first)
    if start is None or end is None:
        return None
    return Range(min(start[0], end[0]), min(start[1], end[1]), max(start[0], end[0]), max(start[1], end[1]))


def _cell(ref: str) -> tuple[int, int] | None:
    match = _CELL_REF.match(ref)
    if match is None:
        return None
    column = 0
    for letter in match[1].upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(match[2]), column


def check_lines(count: int) -> None:
    """Refuse a document with more line items than MAX_LINES."""
    if count > MAX_LINES:
        raise FileOverLimit("lines", MAX_LINES, found=count)


def check_package(source: Path | BinaryIO) -> None:
    """Refuse a zip package (Word, Excel) that breaks a limit, or is too damaged to read
    (CorruptFile). Files that are not zip packages pass untouched: the format check decides.
    `source` is a path or a seekable binary file (an upload held in memory)."""
    with _opened(source) as file:
        file.seek(0)
        if file.read(4) not in _ZIP_MAGIC:
            return
        _check_directory_end(file)
        try:
            with zipfile.ZipFile(file) as package:
                members = package.infolist()
                _check_members(members)
                scan = _Scan()
                for info in members:
                    if _is_xml(info.filename):
                        _scan_member(file, package, info, scan)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as error:
            raise CorruptFile(f"damaged zip package: {error!r}") from error


def check_pdf(source: Path | BinaryIO, max_pages: int | None = MAX_PDF_PAGES) -> None:
    """Refuse a PDF cut off before its end (no %%EOF in its last 2 KiB: CorruptFile), one that pypdf
    cannot open (CorruptFile), one that does not open without a password (EncryptedPdf), and one of
    more than `max_pages` pages (None: any number, for files stored but not read). A PDF encrypted
    with an empty opening password (permissions only) opens for everyone and passes."""
    import pypdf  # here: it takes 0.2 s to load (its crypto providers), and only a PDF needs it
    from pypdf.errors import DependencyError, PyPdfError

    with _opened(source) as file:
        size = file.seek(0, 2)
        file.seek(max(0, size - 2048))
        if b"%%EOF" not in file.read():
            raise CorruptFile("no %%EOF at the end: the file is truncated")
        file.seek(0)
        try:
            reader = pypdf.PdfReader(file, strict=False)
            if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
                raise EncryptedPdf("an opening password is set")
            pages = len(reader.pages)
        except DependencyError as error:  # an encryption pypdf cannot undo here: it needs a password tool
            raise EncryptedPdf(f"{error}") from error
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
            raise CorruptFile(f"cannot open PDF: {error!r}") from error
    if max_pages is not None and pages > max_pages:
        raise FileOverLimit("pages", max_pages, found=pages)


@contextmanager
def _opened(source: Path | BinaryIO) -> Iterator[BinaryIO]:
    if isinstance(source, Path):
        with open(source, "rb") as file:
            yield file
    else:
        yield source


def merged_ranges(path: Path, member: str) -> list[Range]:
    """The merged ranges of the worksheet `member` of the package at `path` (read-only openpyxl does
    not give them), streamed; the package has passed `check_package`."""
    found: list[Range] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        if name == f"{_SHEET_NS} mergeCell":
            merged = parse_range(attributes.get("ref", ""))
            if merged is not None:
                found.append(merged)

    with zipfile.ZipFile(path) as package, package.open(member.lstrip("/")) as stream:
        _stream_xml(stream, start, None)
    return found


def _check_directory_end(file: BinaryIO) -> None:
    """Refuse a package whose central directory lists too many members, from its end record alone
    (zipfile would build an object per member first)."""
    size = file.seek(0, 2)
    tail_size = min(size, _END_OF_DIRECTORY_SIZE + 0xFFFF)
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    at = tail.rfind(_END_OF_DIRECTORY)
    if at < 0 or len(tail) - at < _END_OF_DIRECTORY_SIZE:
        raise CorruptFile("no end of central directory: truncated zip")
    entries, directory_size = struct.unpack("<HL", tail[at + 10 : at + 16])
    if entries > MAX_MEMBERS:
        raise FileOverLimit("members", MAX_MEMBERS, found=entries)
    if directory_size > MAX_CENTRAL_DIRECTORY_BYTES:
        raise FileOverLimit("members", MAX_MEMBERS, directory_bytes=directory_size)


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise FileOverLimit("members", MAX_MEMBERS, found=len(members))
    if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
        raise FileOverLimit("unpacked", MAX_UNPACKED_BYTES)
    if sum(info.file_size for info in members if _is_xml(info.filename)) > MAX_XML_BYTES:
        raise FileOverLimit("xml", MAX_XML_BYTES)
    for info in members:
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * info.compress_size:
            raise FileOverLimit("ratio", MAX_RATIO, member=info.filename)


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


@dataclass
class _Scan:
    """What the XML members of one package hold so far."""

    elements: int = 0
    characters: int = 0
    paragraphs: int = 0


@dataclass
class _Sheet:
    """What one worksheet holds so far."""

    member: str
    cells: int = 0
    row: int = 0
    column: int = 0
    max_row: int = 0
    max_column: int = 0
    merged_area: int = 0


def _scan_member(file: BinaryIO, package: zipfile.ZipFile, info: zipfile.ZipInfo, scan: _Scan) -> None:
    sheet = _Sheet(info.filename) if info.filename.startswith("xl/worksheets/") else None
    in_text = False

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal in_text
        scan.elements += 1
        if scan.elements > MAX_XML_ELEMENTS:
            raise FileOverLimit("elements", MAX_XML_ELEMENTS)
        if name == f"{_WORD_NS} p":
            scan.paragraphs += 1
            if scan.paragraphs > MAX_PARAGRAPHS:
                raise FileOverLimit("paragraphs", MAX_PARAGRAPHS)
        in_text = name in (f"{_WORD_NS} t", f"{_SHEET_NS} t")
        if sheet is not None:
            _sheet_element(sheet, name, attributes)

    def text(data: str) -> None:
        if in_text:
            scan.characters += len(data)
            if scan.characters > MAX_CHARACTERS:
                raise FileOverLimit("characters", MAX_CHARACTERS)

    def end(name: str) -> None:
        nonlocal in_text
        in_text = False

    read = 0
    try:
        with package.open(info) as stream:
            read = _stream_xml(stream, start, text, end)
    except zipfile.BadZipFile as error:
        # zipfile stops at the size a member declares and then finds the checksum wrong: a member
        # that would inflate past its declared size is a bomb, not a damaged file.
        if _inflates_past(file, info):
            raise FileOverLimit("inflates", info.file_size, member=info.filename) from error
        raise
    if read != info.file_size:
        raise CorruptFile(f"{info.filename}: {read} bytes, {info.file_size} declared")


def _sheet_element(sheet: _Sheet, name: str, attributes: dict[str, str]) -> None:
    if name == f"{_SHEET_NS} c":
        sheet.cells += 1
        if sheet.cells > MAX_SHEET_CELLS:
            raise FileOverLimit("sheet_cells", MAX_SHEET_CELLS, member=sheet.member)
        at = _cell(attributes.get("r", ""))
        sheet.column = at[1] if at else sheet.column + 1
        _grow(sheet, sheet.row, sheet.column)
    elif name == f"{_SHEET_NS} row":
        number = attributes.get("r", "")
        sheet.row = int(number) if number.isdigit() else sheet.row + 1
        sheet.column = 0
        _grow(sheet, sheet.row, 1)
    elif name == f"{_SHEET_NS} dimension":
        declared = parse_range(attributes.get("ref", ""))
        if declared is not None and declared.area > MAX_SHEET_AREA:
            raise FileOverLimit("sheet_range", MAX_SHEET_AREA, member=sheet.member, ref=attributes["ref"])
    elif name == f"{_SHEET_NS} mergeCell":
        merged = parse_range(attributes.get("ref", ""))
        if merged is not None:
            sheet.merged_area += merged.area
            if sheet.merged_area > MAX_SHEET_AREA:
                raise FileOverLimit("merged_range", MAX_SHEET_AREA, member=sheet.member, ref=attributes["ref"])


def _grow(sheet: _Sheet, row: int, column: int) -> None:
    sheet.max_row, sheet.max_column = max(sheet.max_row, row), max(sheet.max_column, column)
    if sheet.max_row * sheet.max_column > MAX_SHEET_AREA:
        ref = f"A1:{_column_letters(sheet.max_column)}{sheet.max_row}"
        raise FileOverLimit("sheet_range", MAX_SHEET_AREA, member=sheet.member, ref=ref)


def _column_letters(column: int) -> str:
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _stream_xml(
    stream: IO[bytes],
    start: Callable[[str, dict[str, str]], None],
    text: Callable[[str], None] | None,
    end: Callable[[str], None] | None = None,
) -> int:
    """Feed `stream` to expat block by block, calling the handlers; the bytes read. A DOCTYPE is
    refused (CorruptFile); a handler's exception stops the reading."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def doctype(*_: object) -> None:
        raise CorruptFile("XML with a DOCTYPE")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = start
    if text is not None:
        parser.CharacterDataHandler = text
    if end is not None:
        parser.EndElementHandler = end
    read = 0
    try:
        while block := stream.read(_CHUNK):
            read += len(block)
            parser.Parse(block, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise CorruptFile(f"XML not well-formed: {error}") from error
    return read


def _inflates_past(file: BinaryIO, info: zipfile.ZipInfo) -> bool:
    """Whether the member's deflated data gives more than its declared size (read with a bound)."""
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return False
    file.seek(info.header_offset)
    header = file.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size:
        return False
    name_length, extra_length = struct.unpack("<2H", header[26:30])
    file.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced, left = 0, info.compress_size
    while left > 0 and produced <= info.file_size:
        block = file.read(min(_CHUNK, left))
        if not block:
            break
        left -= len(block)
        try:
            produced += len(inflater.decompress(block, info.file_size + 1 - produced))
        except zlib.error:
            return False
        if inflater.unconsumed_tail:
            produced += 1  # more output was waiting beyond the bound
    return produced > info.file_size
