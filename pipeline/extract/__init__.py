"""From a parsed publication to one structured record.

`extract_file` is the whole job for one path; `extract_parsed` works on blocks a
parser produced, so every format goes through the same rules.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.blocks import ParsedDocument
from pipeline.fingerprint import extraction_version
from pipeline.parse import MAX_BYTES, parse_file, sha256
from pipeline.record import Record, Source


def record_id(digest: str) -> str:
    """Stable id: the first 16 hex digits of the file's sha256, as the archive stores it."""
    return digest[:16]


def extract_file(path: str | Path, max_bytes: int = MAX_BYTES, ocr: bool = False) -> Record:
    doc, data = parse_file(path, max_bytes, ocr=ocr)
    return extract_parsed(doc, data, str(path))


def extract_parsed(doc: ParsedDocument, data: bytes, path: str) -> Record:
    from pipeline.extract.fields import extract_fields

    digest = sha256(data)
    source = Source(path=path, sha256=digest, format=doc.format, pages=doc.pages, size=len(data), paths=[path])
    record = Record(id=record_id(digest), source=source, pipeline_version=extraction_version())
    record.warnings.extend(doc.warnings)
    record.ocr = doc.meta.get("ocr")
    extract_fields(doc, record)
    return record
