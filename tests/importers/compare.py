"""Comparing what the importer read with the data the fixture was written from."""

import unicodedata

from importers.document import _sla_payload

#: Characters the built-in CID font STSong-Light has no glyph for: reportlab drops them from the PDF.
NOT_IN_CID_FONT = "•⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def fold(text: str | None) -> str:
    """`text` without whitespace, with full- and half-width forms folded (：/: ；/; ，/,), for
    comparing texts whose wrapping and punctuation width differ."""
    folded = unicodedata.normalize("NFKC", "".join((text or "").split()))
    return "".join(char for char in folded if char not in unicodedata.normalize("NFKC", NOT_IN_CID_FONT))


def sla_of(line) -> dict | None:
    return _sla_payload(line.sla)
