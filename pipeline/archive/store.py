"""Corpus layout and atomic file writes.

    corpus/
      originals/<sha[:2]>/<sha256><ext>   the publication's bytes, content-addressed
      records/<id>.json                    its Record as stable JSON (id = sha256[:16])
      failures.log                         one line per failed file: time, path, reason
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterator

from pipeline.record import Record


def records_dir(corpus: Path) -> Path:
    return Path(corpus) / "records"


def originals_dir(corpus: Path) -> Path:
    return Path(corpus) / "originals"


def record_path(corpus: Path, record_id: str) -> Path:
    return records_dir(corpus) / f"{record_id}.json"


def original_path(corpus: Path, sha256: str, ext: str) -> Path:
    return originals_dir(corpus) / sha256[:2] / f"{sha256}{ext.lower()}"


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temp file, fsync and rename: a reader (or a crash) sees old or new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_record(corpus: Path, record: Record) -> Path:
    path = record_path(corpus, record.id)
    atomic_write(path, (record.to_json(indent=1) + "\n").encode("utf-8"))
    return path


def read_record(corpus: Path, record_id: str) -> Record:
    return Record.from_json(record_path(corpus, record_id).read_text(encoding="utf-8"))


def iter_records(corpus: Path) -> Iterator[Record]:
    """Every archived record, in id order."""
    d = records_dir(corpus)
    if not d.is_dir():
        return
    for p in sorted(d.glob("*.json")):
        yield Record.from_json(p.read_text(encoding="utf-8"))
