"""Corpus layout, the exact form of every name in it, and atomic file writes.

    corpus/
      ARCHIVE_ID                           marks a loften archive (a random id made on first write)
      originals/<sha[:2]>/<sha256><ext>   the publication's bytes, content-addressed
      records/<id>.json                    its Record as stable JSON (id = sha256[:16])
      trash/<id>.json                      removed records (their originals stay in originals/)
      quarantine/                          damaged records and originals `check --repair` set aside
      catalog.sqlite                       lookups derived from the records (catalog.py)
      batch.journal                        a batch being published (journal.py)
      failures.log                         one line per failed or skipped file: time, path, reason

Paths are data: every path built here from an id, a digest or an extension is checked against
the exact form loften writes and must stay inside its folder, so a tampered record can never
name a file elsewhere. loften deletes only files with these names.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from pipeline.errors import ArchiveError, NotFound
from pipeline.record import Record

TEMP_SUFFIX = ".tmp"
ARCHIVE_ID_NAME = "ARCHIVE_ID"
RECORD_ID = re.compile(r"^[0-9a-f]{16}$")  # what a user or a spec names: sha256[:16]
SAFE_NAME = re.compile(r"^[0-9A-Za-z_-]{1,64}$")  # any record file name: never a path
SHA256 = re.compile(r"^[0-9a-f]{64}$")
EXTENSION = re.compile(r"^\.[0-9a-z]{1,10}$")
TEMP_NAME = re.compile(r"^\.(?:[0-9A-Za-z_-]{1,64}\.json|[0-9a-f]{64}\.[0-9a-z]{1,10})\.[0-9a-z_]+\.tmp$")
ROOT_TEMP_NAME = re.compile(r"^\.(?:ARCHIVE_ID|batch\.journal)\.[0-9a-z_]+\.tmp$")  # in the corpus folder itself
ARCHIVE_NAMES = frozenset({
    ARCHIVE_ID_NAME, "originals", "records", "trash", "quarantine", "catalog.sqlite",
    "catalog.sqlite-wal", "catalog.sqlite-shm", "batch.journal", "failures.log", "writer.lock",
    "index.pending",
})

class _ToStderr(logging.Handler):
    """Whatever sys.stderr is when the line is written (a CLI runner may have replaced it)."""

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record) + "\n")


log = logging.getLogger("loften.archive")
log.addHandler(_ToStderr())
log.propagate = False
_reported: set[str] = set()
_scopes: list[bool] = []


def records_dir(corpus: Path) -> Path:
    return Path(corpus) / "records"


def originals_dir(corpus: Path) -> Path:
    return Path(corpus) / "originals"


def trash_dir(corpus: Path) -> Path:
    return Path(corpus) / "trash"


def quarantine_dir(corpus: Path) -> Path:
    return Path(corpus) / "quarantine"


def check_id(record_id: str) -> str:
    """A document id as a user or a spec gives it: exactly 16 hex digits (any case)."""
    if not isinstance(record_id, str) or not RECORD_ID.match(record_id.lower()):
        raise NotFound(f"'{_printable(record_id)}' is not a document id (16 hex digits, as `loften search` shows)")
    return record_id.lower()


def check_sha256(digest: str) -> str:
    if not isinstance(digest, str) or not SHA256.match(digest):
        raise ArchiveError(f"'{_printable(digest)}' is not a sha256 digest; the record is damaged (run `loften check`)")
    return digest


def inside(folder: Path, path: Path) -> Path:
    """`path`, refused unless it resolves inside `folder` (a symlink cannot lead out)."""
    root = Path(folder).resolve()
    resolved = Path(path).resolve()
    if resolved != root and root not in resolved.parents:
        raise ArchiveError(f"{path}: outside the archive folder {folder}; refused")
    return path


def record_path(corpus: Path, record_id: str, folder: str = "records") -> Path:
    """An id names a file in records/ (or trash/) and nothing else: no dots, no slashes."""
    if not isinstance(record_id, str) or not SAFE_NAME.match(record_id):
        raise ArchiveError(f"'{_printable(record_id)}' is not a record id; refused")
    return Path(corpus) / folder / f"{record_id}.json"  # the exact form cannot lead out


def original_path(corpus: Path, sha256: str, ext: str) -> Path:
    check_sha256(sha256)
    ext = ext.lower()
    if not EXTENSION.match(ext):
        ext = ".bin"  # odd extensions are data too: the format is in the record
    return originals_dir(corpus) / sha256[:2] / f"{sha256}{ext}"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def temp_file(path: Path, data: bytes, durable: bool = False) -> Path:
    """Write `data` beside `path` under a temp name loften recognises as its own."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    except FileNotFoundError:  # the folder is made when first needed, not tried before every file
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def fsync_dir(folder: Path) -> None:
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temp file, fsync and rename (and fsync the folder): a reader, or a crash,
    sees the old file or the new one, never half. The file gets the usual permissions."""
    tmp = temp_file(path, data, durable=True)
    try:
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def remove_stale_temp_files(corpus: Path) -> None:
    """Temp files a killed writer left behind, recognised by their exact form; only called
    under the write lock. Any other file is not loften's and stays."""
    for folder in (records_dir(corpus), trash_dir(corpus), originals_dir(corpus)):
        if folder.is_dir():
            for tmp in folder.rglob(f".*{TEMP_SUFFIX}"):
                if TEMP_NAME.match(tmp.name) and tmp.is_file() and not tmp.is_symlink():
                    tmp.unlink(missing_ok=True)
    for tmp in Path(corpus).glob(f".*{TEMP_SUFFIX}") if Path(corpus).is_dir() else []:
        if ROOT_TEMP_NAME.match(tmp.name) and tmp.is_file() and not tmp.is_symlink():
            tmp.unlink(missing_ok=True)


def archive_id(corpus: Path, create: bool = False) -> str | None:
    """The corpus's identity (a random id made when it is first written), so an index can tell
    which corpus it was built from. A writer refuses a folder that holds other files."""
    path = Path(corpus) / ARCHIVE_ID_NAME
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    if not create:
        return None
    refuse_foreign(Path(corpus))
    new = uuid.uuid4().hex
    atomic_write(path, (new + "\n").encode("utf-8"))
    return new


def refuse_foreign(corpus: Path) -> None:
    """A writer never works in a folder that holds files loften did not make (a typo, a home
    folder): it would write beside, and later clean up among, someone else's files."""
    if (Path(corpus) / ARCHIVE_ID_NAME).is_file():
        return
    foreign = foreign_entries(Path(corpus), ARCHIVE_NAMES)
    if foreign:
        raise ArchiveError(
            f"{corpus} is not a loften archive and not empty (it holds {_names(foreign)}); "
            "give an empty or new folder as --corpus"
        )


def foreign_entries(folder: Path, own: frozenset[str] | set[str]) -> list[str]:
    """Names in `folder` that loften would not have made there."""
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.name not in own)


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def record_bytes(record: Record) -> bytes:
    """Stable compact JSON, one line: json's C encoder writes it (an indented record goes
    through the pure-Python encoder, several milliseconds per record in the main process);
    `loften show --json` is the readable view."""
    return (record.to_json() + "\n").encode("utf-8")


def write_record(corpus: Path, record: Record) -> Path:
    path = record_path(corpus, record.id)
    atomic_write(path, record_bytes(record))
    return path


def read_record(corpus: Path, record_id: str, folder: str = "records") -> Record:
    return load_record(record_path(corpus, record_id, folder))


def load_record(path: Path) -> Record:
    """One record file; a file that is not a valid record (unreadable, not JSON, a field of
    the wrong form, an id that is not its file name) is an ArchiveError naming it."""
    path = Path(path)
    try:
        record = Record.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise ArchiveError(f"{path}: damaged record ({_why(e)}); run `loften check --repair`") from e
    if record.id != path.stem or not isinstance(record.source.sha256, str) or not isinstance(record.source.path, str):
        raise ArchiveError(f"{path}: damaged record (its id or source does not match the file); run `loften check --repair`")
    return record


def _why(e: Exception) -> str:
    if isinstance(e, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(e, ValueError) and type(e).__name__ == "JSONDecodeError":
        return f"not valid JSON at line {e.lineno}"
    if isinstance(e, OSError):
        return e.strerror or "unreadable"
    if isinstance(e, KeyError):
        return f"the field {e} is missing"
    return "a field has the wrong form"


def report_damaged(error: ArchiveError) -> None:
    """Every command that meets a damaged file says so (on stderr) and goes on without it;
    within `one_report_each`, once per file."""
    message = str(error)
    if _scopes:
        if message in _reported:
            return
        _reported.add(message)
    log.warning("Warning: %s", message)


@contextmanager
def one_report_each() -> Iterator[None]:
    """One operation that may meet the same damaged file several times reports it once."""
    if not _scopes:
        _reported.clear()
    _scopes.append(True)
    try:
        yield
    finally:
        _scopes.pop()


def iter_records(corpus: Path, folder: str = "records") -> Iterator[Record]:
    """Every readable record, in id order; a damaged one is reported and skipped."""
    for p in record_files(corpus, folder):
        try:
            yield load_record(p)
        except ArchiveError as e:
            report_damaged(e)


def record_files(corpus: Path, folder: str = "records") -> list[Path]:
    d = Path(corpus) / folder
    if not d.is_dir():
        return []
    return sorted(p for p in d.glob("*.json") if SAFE_NAME.match(p.stem) and p.is_file())


def record_ids(corpus: Path, folder: str = "records") -> set[str]:
    """The ids of every archived record, from file names alone (no parsing)."""
    return {p.stem for p in record_files(corpus, folder)}


def find_originals(corpus: Path, sha256: str) -> list[Path]:
    """The stored original(s) for a digest, whatever extension they were stored under."""
    check_sha256(sha256)
    d = originals_dir(corpus) / sha256[:2]
    found = sorted(p for p in d.glob(f"{sha256}.*") if not p.name.endswith(TEMP_SUFFIX)) if d.is_dir() else []
    return [inside(originals_dir(corpus), p) for p in found if p.is_file()]


def write_original(corpus: Path, sha256: str, ext: str, data: bytes) -> Path:
    """Store a publication's bytes once: an existing original with the same digest is kept."""
    existing = find_originals(corpus, sha256)
    if existing:
        return existing[0]
    path = original_path(corpus, sha256, ext)
    atomic_write(path, data)
    return path


def delete_record(corpus: Path, record_id: str, folder: str = "records") -> None:
    record_path(corpus, record_id, folder).unlink(missing_ok=True)


def delete_originals(corpus: Path, sha256: str) -> None:
    for p in find_originals(corpus, sha256):
        p.unlink()


def append_log(corpus: Path, entries: list[tuple[str, str]], when: str) -> None:
    """Append one tab-separated line per failed or skipped file (time, path, reason)."""
    if not entries:
        return
    path = Path(corpus) / "failures.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        for file, reason in entries:
            f.write(f"{when}\t{printable_path(file)}\t{' '.join(reason.split())}\n")


def printable_path(path: str | os.PathLike) -> str:
    """A file name that is not valid UTF-8 (`l\\xf6fte.txt` from an old file share) as text
    that can be stored and printed: its undecodable bytes written as \\xNN."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", "backslashreplace")


def _printable(value) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= 80 else text[:77] + "…"
