"""The extraction version: a fingerprint of everything that decides what a record says.

A hand-bumped version number stayed 1 through eleven extraction changes, so archived records
never saw the improvements. The version is instead a digest of the extraction code and its
data (the parse, extract and lang packages with their data files, the block and record
models) and of the libraries that read the formats. Any change gives a new version, and the
archive re-extracts the originals whose records carry another one.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SOURCES = ("parse", "extract", "lang", "blocks.py", "record.py")  # relative to pipeline/
LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "python-docx", "beautifulsoup4", "lxml", "pytesseract",
             "spacy", "spacy-lookups-data", "charset-normalizer")
DIGITS = 16


@lru_cache(maxsize=1)
def extraction_version() -> str:
    """16 hex digits; the same code and data always give the same version."""
    digest = hashlib.sha256()
    for path in _files():
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}=={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} absent\0".encode())
    return digest.hexdigest()[:DIGITS]


def _files() -> list[Path]:
    found = []
    for name in SOURCES:
        path = ROOT / name
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += [p for p in path.rglob("*") if p.is_file() and _counts(p)]
    return sorted(found)


def _counts(path: Path) -> bool:
    """Code and data; not caches, compiled files or editor leftovers."""
    parts = path.relative_to(ROOT).parts
    return not any(p == "__pycache__" or p.startswith(".") for p in parts) and path.suffix not in (".pyc", ".pyo")
