"""Corpus layout and atomic file writes.

    corpus/
      originals/<sha[:2]>/<sha256><ext>   the publication's bytes, content-addressed
      records/<id>.json                    its Record as stable JSON (id = sha256[:16])
      failures.log                         one line per failed file: time, path, reason
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from pathlib import Path
from typing import Iterator

from pipeline.errors import ArchiveError
from pipeline.record import Record


TEMP_SUFFIX = ".tmp"
ARCHIVE_ID_NAME = "ARCHIVE_ID"
RECORD_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")  # ids are sha256[:16]; never a path


def records_dir(corpus: Path) -> Path:
    return Path(corpus) / "records"


def originals_dir(corpus: Path) -> Path:
    return Path(corpus) / "originals"


def record_path(corpus: Path, record_id: str) -> Path:
    """An id names a file in records/ and nothing else: no dots, no slashes."""
    if not RECORD_ID.match(record_id):
        raise ValueError(f"not a record id: {record_id!r}")
    return records_dir(corpus) / f"{record_id}.json"


def original_path(corpus: Path, sha256: str, ext: str) -> Path:
    return originals_dir(corpus) / sha256[:2] / f"{sha256}{ext.lower()}"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temp file, fsync and rename (and fsync the folder): a reader, or a crash,
    sees the old file or the new one, never half. The file gets the usual permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def remove_stale_temp_files(corpus: Path) -> None:
    """Temp files a killed writer left behind; only called under the write lock."""
    for folder in (records_dir(corpus), originals_dir(corpus)):
        if folder.is_dir():
            for tmp in folder.rglob(f".*{TEMP_SUFFIX}"):
                tmp.unlink(missing_ok=True)


def archive_id(corpus: Path, create: bool = False) -> str | None:
    """The corpus's identity (a random id made when it is first written), so an index can tell
    which corpus it was built from."""
    path = Path(corpus) / ARCHIVE_ID_NAME
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    if not create:
        return None
    new = uuid.uuid4().hex
    atomic_write(path, (new + "\n").encode("utf-8"))
    return new


def write_record(corpus: Path, record: Record) -> Path:
    path = record_path(corpus, record.id)
    atomic_write(path, (record.to_json(indent=1) + "\n").encode("utf-8"))
    return path


def read_record(corpus: Path, record_id: str) -> Record:
    return load_record(record_path(corpus, record_id))


def load_record(path: Path) -> Record:
    """One record file; a file that is not a valid record is an ArchiveError naming it."""
    try:
        return Record.from_json(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise ArchiveError(f"{path}: not a valid record ({type(e).__name__}: {e}); run `loften check`") from e


def iter_records(corpus: Path) -> Iterator[Record]:
    """Every archived record, in id order."""
    d = records_dir(corpus)
    if not d.is_dir():
        return
    for p in sorted(d.glob("*.json")):
        yield load_record(p)


def record_ids(corpus: Path) -> set[str]:
    """The ids of every archived record, from file names alone (no parsing)."""
    d = records_dir(corpus)
    return {p.stem for p in d.glob("*.json")} if d.is_dir() else set()


def find_originals(corpus: Path, sha256: str) -> list[Path]:
    """The stored original(s) for a digest, whatever extension they were stored under."""
    d = originals_dir(corpus) / sha256[:2]
    return sorted(d.glob(f"{sha256}.*")) if d.is_dir() else []


def write_original(corpus: Path, sha256: str, ext: str, data: bytes) -> Path:
    """Store a publication's bytes once: an existing original with the same digest is kept."""
    existing = find_originals(corpus, sha256)
    if existing:
        return existing[0]
    path = original_path(corpus, sha256, ext)
    atomic_write(path, data)
    return path


def delete_record(corpus: Path, record_id: str) -> None:
    record_path(corpus, record_id).unlink(missing_ok=True)


def delete_originals(corpus: Path, sha256: str) -> None:
    for p in find_originals(corpus, sha256):
        p.unlink()


def append_failures(corpus: Path, failures: list[tuple[str, str]], when: str) -> None:
    """Append one tab-separated line per failed file (time, path, reason) to failures.log."""
    if not failures:
        return
    path = Path(corpus) / "failures.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        for file, reason in failures:
            f.write(f"{when}\t{file}\t{' '.join(reason.split())}\n")
