"""Take one document out of the archive: corpus first, then the index (a crash in between
leaves an index entry that the next reconcile removes)."""

from __future__ import annotations

from pathlib import Path

from pipeline.archive import store
from pipeline.archive.lock import archive_lock
from pipeline.archive.lookup import get_record
from pipeline.archive.reconcile import open_index


def remove(corpus: Path, index: Path, record_id: str, wait: float = 10.0,
           backend_name: str | None = None) -> str:
    """Remove the record, its original (the id is the original's hash, so no other record
    shares it) and its index entry. Returns the removed record's main path."""
    corpus, index = Path(corpus), Path(index)
    with archive_lock(corpus, wait):
        record = get_record(corpus, record_id)
        store.delete_record(corpus, record.id)
        store.delete_originals(corpus, record.source.sha256)
        open_index(corpus, index, backend_name).remove([record.id])
        return record.source.path
