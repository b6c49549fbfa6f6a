"""Keep the catalog and the index equal to the records: the records are the truth.

A writer publishes each batch of records before it commits them to the index, so a kill can
leave the records ahead of the index. Every writer therefore starts by finishing a published
batch (journal.replay) and syncing the catalog with the record files, which re-adds to the
index what changed since (including a record rewritten in place) and drops what is gone.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.archive import journal, store
from pipeline.archive.catalog import Catalog
from pipeline.archive.lock import archive_lock
from pipeline.errors import ArchiveError

INDEX_OWNER = "archive-id"  # in the index folder: the id of the corpus it was built from


def check_pair(corpus: Path, index: Path, writing: bool) -> None:
    """Refuse to pair an index with a corpus it was not built from: reconciling a fresh or
    mistyped --corpus against a real index would empty that index. A writer claims an index
    that has no owner yet (and gives a new corpus its id), but never a folder that holds
    files loften did not make there."""
    corpus, index = Path(corpus), Path(index)
    owner_file = index / INDEX_OWNER
    owner = owner_file.read_text(encoding="utf-8").strip() if owner_file.is_file() else None
    if writing and owner is None and index.is_dir() and any(index.iterdir()):
        raise ArchiveError(
            f"{index} is not a loften index and not empty (it holds {_some(index)}); "
            "give an empty or new folder as --index"
        )
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


def _some(folder: Path) -> str:
    names = sorted(p.name for p in folder.iterdir())
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def open_archive(corpus: Path, index: Path, backend_name: str | None = None):
    """(search backend, catalog), both in step with the records. The caller holds the write
    lock; a non-empty folder that is not a loften archive or index is refused first."""
    from pipeline.search import open_backend

    check_pair(corpus, index, writing=True)
    journal.replay(corpus)
    store.remove_stale_temp_files(corpus)
    backend = open_backend(Path(index), backend_name)
    catalog = Catalog(corpus)
    if backend.needs_rebuild():
        catalog.sync(lambda fresh, gone: None)
        backend.rebuild(store.iter_records(corpus))
        return backend, catalog
    catalog.sync(lambda fresh, gone: _apply(backend, fresh, gone))
    known, indexed = catalog.ids(), backend.doc_ids()
    _apply(backend, list(_readable(corpus, sorted(known - indexed))), sorted(indexed - known))
    return backend, catalog


def _readable(corpus: Path, ids: list[str]):
    for rid in ids:
        try:
            yield store.read_record(corpus, rid)
        except ArchiveError as e:
            store.report_damaged(e)


def open_index(corpus: Path, index: Path, backend_name: str | None = None):
    """The search backend for `index` (by name; None is the default), in step with the
    corpus. The caller holds the lock."""
    backend, catalog = open_archive(corpus, index, backend_name)
    catalog.close()
    return backend


def _apply(backend, fresh, gone) -> None:
    if fresh:
        backend.add(fresh)
    if gone:
        backend.remove(gone)


def reindex(corpus: Path, index: Path, wait: float = 10.0, backend_name: str | None = None) -> int:
    """Rebuild the whole index from the corpus records alone; returns the number of documents."""
    from pipeline.search import open_backend

    if not store.records_dir(corpus).is_dir():
        raise ArchiveError(f"no archive at {corpus} (it has no records/ folder); nothing to reindex")
    with archive_lock(corpus, wait), store.one_report_each():
        check_pair(corpus, index, writing=True)
        journal.replay(corpus)
        backend = open_backend(Path(index), backend_name)
        backend.rebuild(store.iter_records(corpus))
        catalog = Catalog(corpus)
        catalog.sync(lambda fresh, gone: None)
        catalog.close()
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
