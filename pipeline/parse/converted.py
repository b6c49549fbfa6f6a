"""Older and other word-processor formats (.doc, .odt, .rtf) -> DOCX with LibreOffice -> blocks.

Converting keeps one reader for word-processor documents: LibreOffice writes headings as
Heading styles and lists as Word numbering, which the DOCX parser already reads. The
conversion runs in pipeline.office (private profile, no macros, links or network, killed
on timeout); an ODT package gets the same zip checks as a DOCX before LibreOffice sees it.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path

from pipeline.blocks import ParsedDocument
from pipeline.errors import CorruptFile, UnsupportedFormat
from pipeline.office import INSTALL_HINT, OfficeError, convert, find_soffice
from pipeline.parse import docx
from pipeline.parse.package import check_package

CONVERT_TIMEOUT = 60.0  # seconds; a real document converts in two or three
_DOCX_FILTER = "docx:MS Word 2007 XML"
# LibreOffice imports any bytes it cannot place as plain text, so a damaged or random file
# "converts" into symbol soup; a Swedish document's text is mostly letters of the Latin script.
_READABLE = re.compile(r"[\w\s.,;:!?()\[\]\-–—\"'’”/%&+§*•]", re.ASCII | re.IGNORECASE)
_SWEDISH_LETTERS = set("åäöÅÄÖéÉüÜ")
READABLE_SHARE = 0.85


def parse(data: bytes, path: str) -> ParsedDocument:
    fmt = Path(path).suffix.lower().lstrip(".")
    soffice = find_soffice()
    if not soffice:
        raise UnsupportedFormat(path, f".{fmt} files are read through LibreOffice, which is not installed; "
                                      f"{INSTALL_HINT.split('; ', 1)[1]}")
    if fmt == "odt":
        check_package(data, path, "ODT")
    with tempfile.TemporaryDirectory(prefix="loften-read-") as work:
        source = Path(work) / f"dokument.{fmt}"  # the user's file name never reaches the command line
        source.write_bytes(data)
        try:
            converted = convert(source, Path(work) / "docx", _DOCX_FILTER, produces="docx", what="the conversion",
                                soffice=soffice, timeout=CONVERT_TIMEOUT)
        except OfficeError as e:
            raise CorruptFile(path, f"not a readable .{fmt} file: {e.reason}") from None
        doc = docx.parse(converted.read_bytes(), path)
    if not _readable(doc.text):
        raise CorruptFile(path, f"not a readable .{fmt} file: what LibreOffice found in it is not text "
                                "(damaged, or not a word-processor document)")
    return replace(doc, format=fmt)


def _readable(text: str) -> bool:
    sample = text[:20000]
    plain = sum(1 for c in sample if _READABLE.match(c) or c in _SWEDISH_LETTERS)
    return not sample or plain >= READABLE_SHARE * len(sample)
