"""The trash: `remove` moves a document's record to trash/ (its original stays), `restore`
brings it back, `empty_trash` is the one place loften deletes archived documents for good.

Each step changes the record files first and the index after; the next writer's catalog sync
repairs an index left behind by a kill in between.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.archive import store
from pipeline.archive.catalog import Catalog
from pipeline.archive.lock import archive_lock
from pipeline.archive.lookup import get_record, unknown_id_message
from pipeline.archive.reconcile import open_archive
from pipeline.errors import ArchiveError, NotFound
from pipeline.record import Record


@dataclass
class TrashEntry:
    id: str
    title: str
    path: str
    year: int | None

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "path": self.path, "year": self.year}


def remove(corpus: Path, index: Path, record_id: str, wait: float = 10.0,
           backend_name: str | None = None) -> Record:
    """Move one document to the trash: record kept (in trash/), original kept, index entry gone."""
    corpus, index = Path(corpus), Path(index)
    with archive_lock(corpus, wait), store.one_report_each():
        backend, catalog = open_archive(corpus, index, backend_name)
        try:
            record = get_record(corpus, record_id)
            source = store.record_path(corpus, record.id)
            target = store.record_path(corpus, record.id, "trash")
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            store.fsync_dir(target.parent)
            backend.remove([record.id])
            catalog.update([("trash", record)], [("records", record.id)])
            return record
        finally:
            catalog.close()


def restore(corpus: Path, index: Path, record_id: str, wait: float = 10.0,
            backend_name: str | None = None) -> Record:
    """Bring a document back from the trash into the archive and the index."""
    corpus, index = Path(corpus), Path(index)
    rid = store.check_id(record_id)
    with archive_lock(corpus, wait), store.one_report_each():
        backend, catalog = open_archive(corpus, index, backend_name)
        try:
            if not store.record_path(corpus, rid, "trash").is_file():
                if store.record_path(corpus, rid).is_file():
                    raise NotFound(f"document {rid} is not in the trash (it is archived)")
                raise NotFound(unknown_id_message(corpus, rid).replace("no record", "no document in the trash"))
            record = restore_file(corpus, rid)
            backend.add([record])
            catalog.update([("records", record)], [("trash", rid)])
            return record
        finally:
            catalog.close()


def restore_file(corpus: Path, rid: str) -> Record:
    """Move the record back to records/; a path another document took meanwhile stays there."""
    record = store.read_record(corpus, rid, "trash")
    catalog = Catalog(corpus)
    try:
        taken = {p for p in record.source.paths if catalog.owner(p) not in (None, rid)}
    finally:
        catalog.close()
    if taken:
        record.source.paths = [p for p in record.source.paths if p not in taken]
    store.write_record(corpus, record)
    store.delete_record(corpus, rid, "trash")
    return record


def list_trash(corpus: Path) -> list[TrashEntry]:
    return [TrashEntry(r.id, r.title, r.source.path, r.year) for r in store.iter_records(corpus, "trash")]


def empty_trash(corpus: Path, index: Path, wait: float = 10.0, backend_name: str | None = None) -> list[str]:
    """Delete every document in the trash for good, with its original; returns their ids."""
    corpus = Path(corpus)
    with archive_lock(corpus, wait), store.one_report_each():
        backend, catalog = open_archive(corpus, index, backend_name)
        try:
            gone = []
            for record in store.iter_records(corpus, "trash"):
                try:
                    digest = store.check_sha256(record.source.sha256)
                except ArchiveError as e:  # a tampered record names nothing to delete
                    store.report_damaged(ArchiveError(f"{store.record_path(corpus, record.id, 'trash')}: {e}"))
                    continue
                if not store.record_path(corpus, record.id).is_file():  # bytes archived again: keep them
                    store.delete_originals(corpus, digest)
                store.delete_record(corpus, record.id, "trash")
                gone.append(record.id)
            catalog.update([], [("trash", i) for i in gone])
            return gone
        finally:
            catalog.close()
