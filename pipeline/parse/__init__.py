"""Parsers: one module per format, all returning the same `ParsedDocument` of blocks.

File types are data (extension -> parser module); dispatch is a lookup. Each format
module exposes `parse(data: bytes, path: str) -> ParsedDocument` (the PDF parser also takes
`ocr`) and raises `pipeline.errors.InputError` subclasses for input it cannot read.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.blocks import Block, ParsedDocument
from pipeline.errors import EmptyDocument, InputError, TooLarge, UnsupportedFormat

MAX_BYTES = 50 * 1024 * 1024  # a published agreement is a few MB at most
MAX_BLOCK_CHARS = 100_000  # a real paragraph is a few thousand; spaCy refuses texts over 1,000,000


@dataclass(frozen=True)
class FileType:
    format: str
    extensions: tuple[str, ...]
    module: str  # pipeline.parse.<module>, imported only when a file of this type is parsed


FILE_TYPES = (
    FileType("pdf", (".pdf",), "pdf"),
    FileType("docx", (".docx",), "docx"),
    FileType("html", (".html", ".htm", ".xhtml"), "html"),
    FileType("txt", (".txt", ".text", ".md"), "txt"),
    FileType("doc", (".doc",), "converted"),  # these three through LibreOffice, then as DOCX
    FileType("odt", (".odt",), "converted"),
    FileType("rtf", (".rtf",), "converted"),
)

_BY_EXTENSION = {ext: ft for ft in FILE_TYPES for ext in ft.extensions}
SUPPORTED_EXTENSIONS = tuple(sorted(_BY_EXTENSION))


def file_type(path: str | Path) -> FileType:
    ext = Path(path).suffix.lower()
    try:
        return _BY_EXTENSION[ext]
    except KeyError:
        raise UnsupportedFormat(
            str(path), f"unsupported file type '{ext or '(none)'}' (supported: PDF, DOCX, HTML, TXT, DOC, ODT, RTF)"
        ) from None


def read_input(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """Read a file with the checks every format shares: exists, not too large, not empty."""
    p = Path(path)
    if not p.exists():
        raise InputError(str(path), "no such file")
    if not p.is_file():
        raise InputError(str(path), "not a file")
    size = p.stat().st_size
    if size > max_bytes:
        raise TooLarge(str(path), f"file is {human_size(size)}, over the {human_size(max_bytes)} limit")
    if size == 0:
        raise EmptyDocument(str(path), "file is empty")
    return p.read_bytes()


def human_size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.1f} kB"


def parse_bytes(data: bytes, path: str, fmt: str | None = None, ocr: bool = False) -> ParsedDocument:
    """`ocr`: read PDF pages that have no text layer with Tesseract (Swedish)."""
    ft = file_type(path) if fmt is None else next(t for t in FILE_TYPES if t.format == fmt)
    module = importlib.import_module(f"pipeline.parse.{ft.module}")
    doc = module.parse(data, str(path), ocr=True) if ocr and ft.format == "pdf" else module.parse(data, str(path))
    if not any(b.text.strip() for b in doc.blocks):
        raise EmptyDocument(str(path), "no text found in the document")
    if any(len(b.text) > MAX_BLOCK_CHARS for b in doc.blocks):
        doc.blocks = [part for b in doc.blocks for part in split_block(b)]
    return doc


def split_block(block: Block, limit: int = MAX_BLOCK_CHARS) -> list[Block]:
    """A block over `limit` characters as paragraphs cut at sentence ends (else at spaces), so
    the language pipeline never meets one text too long for it; other blocks unchanged."""
    if len(block.text) <= limit:
        return [block]
    parts, text = [], block.text
    while len(text) > limit:
        window = text[:limit]
        cut = max(window.rfind(". "), window.rfind("\n"))
        cut = cut + 1 if cut > limit // 2 else (window.rfind(" ") if window.rfind(" ") > limit // 2 else limit)
        parts.append(text[:cut].strip())
        text = text[cut:]
    parts.append(text.strip())
    first = replace(block, text=parts[0], rows=[]) if block.kind != "table" else \
        Block("paragraph", parts[0], page=block.page)
    return [first, *(Block("paragraph", p, page=block.page) for p in parts[1:] if p)]


def parse_file(path: str | Path, max_bytes: int = MAX_BYTES, ocr: bool = False) -> tuple[ParsedDocument, bytes]:
    """Parse one file into blocks; returns the document and the raw bytes it was read from."""
    file_type(path)  # fail on the extension before reading a large file
    data = read_input(path, max_bytes)
    return parse_bytes(data, str(path), ocr=ocr), data


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
