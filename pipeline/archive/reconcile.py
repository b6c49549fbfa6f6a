"""Keep the index equal to the corpus: the corpus is the truth, the index is derived.

A run writes each record before it commits the record to the index, so a crash can leave
the corpus ahead of the index. Ids written to the corpus but not yet committed are listed in
`index.pending` (appended before the record is written, cleared after each index commit);
reconciling re-adds them, which also catches a record rewritten in place under the same id.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from pipeline.archive import store
from pipeline.archive.lock import archive_lock
from pipeline.errors import ArchiveError

PENDING_NAME = "index.pending"
INDEX_OWNER = "archive-id"  # in the index folder: the id of the corpus it was built from


def pending_path(corpus: Path) -> Path:
    return Path(corpus) / PENDING_NAME


def mark_pending(corpus: Path, ids: Iterable[str]) -> None:
    """Note ids about to be written to the corpus, durably, before they are written."""
    path = pending_path(corpus)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write("".join(f"{i}\n" for i in ids))
        f.flush()
        os.fsync(f.fileno())


def pending_ids(corpus: Path) -> set[str]:
    path = pending_path(corpus)
    if not path.exists():
        return set()
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def clear_pending(corpus: Path) -> None:
    pending_path(corpus).unlink(missing_ok=True)


def check_pair(corpus: Path, index: Path, writing: bool) -> None:
    """Refuse to pair an index with a corpus it was not built from: reconciling a fresh or
    mistyped --corpus against a real index would empty that index. A writer claims an index
    that has no owner yet (and gives a new corpus its id)."""
    corpus, index = Path(corpus), Path(index)
    owner_file = index / INDEX_OWNER
    owner = owner_file.read_text(encoding="utf-8").strip() if owner_file.is_file() else None
    mine = store.archive_id(corpus, create=writing)
    if owner and mine != owner:
        if mine is None:
            raise ArchiveError(f"no archive at {corpus}; the index {index} was built from another corpus")
        raise ArchiveError(
            f"the index {index} belongs to another corpus than {corpus}; "
            "give the matching --corpus, or a new --index and run `loften reindex`"
        )
    if writing and owner is None and mine:
        store.atomic_write(owner_file, (mine + "\n").encode("utf-8"))


def open_index(corpus: Path, index: Path, backend_name: str | None = None):
    """The search backend for `index` (by name; None is the default), rebuilt from the corpus
    first when it has no index yet or one made by another schema version. The caller holds
    the write lock."""
    from pipeline.search import open_backend

    check_pair(corpus, index, writing=True)
    store.remove_stale_temp_files(corpus)
    backend = open_backend(Path(index), backend_name)
    if backend.needs_rebuild():
        backend.rebuild(store.iter_records(corpus))
        clear_pending(corpus)
    return backend


def reconcile(corpus: Path, backend) -> tuple[list[str], list[str]]:
    """Add to the index what the corpus has and the index lacks (or may hold stale), remove
    what the index has and the corpus lacks. Returns (added ids, removed ids)."""
    corpus_ids = store.record_ids(corpus)
    index_ids = backend.doc_ids()
    to_add = sorted((corpus_ids - index_ids) | (pending_ids(corpus) & corpus_ids))
    to_remove = sorted(index_ids - corpus_ids)
    if to_add:
        backend.add(store.read_record(corpus, i) for i in to_add)
    if to_remove:
        backend.remove(to_remove)
    clear_pending(corpus)
    return to_add, to_remove


def reindex(corpus: Path, index: Path, wait: float = 10.0, backend_name: str | None = None) -> int:
    """Rebuild the whole index from the corpus records alone; returns the number of documents."""
    from pipeline.search import open_backend

    if not store.records_dir(corpus).is_dir():
        raise ArchiveError(f"no archive at {corpus} (it has no records/ folder); nothing to reindex")
    with archive_lock(corpus, wait):
        check_pair(corpus, index, writing=True)
        backend = open_backend(Path(index), backend_name)
        backend.rebuild(store.iter_records(corpus))
        clear_pending(corpus)
        return len(backend.doc_ids())


def ensure_index(corpus: Path, index: Path, wait: float = 10.0, backend_name: str | None = None):
    """The backend ready to search: rebuilt under the write lock only when it needs it, so
    ordinary searches never wait for an indexing run."""
    from pipeline.search import open_backend

    if not Path(corpus).is_dir() and not Path(index).is_dir():
        raise ArchiveError(f"no archive at {corpus}: run `loften index PATH...` first")
    check_pair(corpus, index, writing=False)
    backend = open_backend(Path(index), backend_name)
    if backend.needs_rebuild():
        with archive_lock(corpus, wait):
            backend = open_index(corpus, index, backend_name)
    return backend
