"""Find one archived document by its id: its record, its archived copy and its versions."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.archive import store
from pipeline.archive.catalog import Catalog
from pipeline.errors import ArchiveError, NotFound
from pipeline.record import Record

MAX_SUGGESTIONS = 5
MAX_VERSIONS = 1000  # a chain of `previous` links longer than this is damaged


@dataclass
class Version:
    id: str
    year: int | None
    title: str
    current: bool  # holds a source path now (an older version has given all of them up)

    def to_dict(self) -> dict:
        return {"id": self.id, "year": self.year, "title": self.title, "current": self.current}


@dataclass
class Shown:
    record: Record
    archived_copy: str | None  # the original's path in the corpus
    versions: list[Version] = field(default_factory=list)  # oldest first, this one included
    in_trash: bool = False

    def to_dict(self) -> dict:
        return {**self.record.to_dict(), "archived_copy": self.archived_copy,
                "versions": [v.to_dict() for v in self.versions], "in_trash": self.in_trash}


def get_record(corpus: Path, record_id: str) -> Record:
    """The record with exactly this id; NotFound suggests ids that start with what was given."""
    text = record_id if isinstance(record_id, str) else ""
    if store.RECORD_ID.match(text.lower()) and store.record_path(corpus, text.lower()).is_file():
        return store.read_record(corpus, text.lower())
    raise NotFound(unknown_id_message(corpus, record_id))


def show(corpus: Path, record_id: str) -> Shown:
    """A document (archived or in the trash) with its archived copy and its versions."""
    corpus = Path(corpus)
    rid = record_id.lower() if isinstance(record_id, str) else ""
    in_trash = False
    if store.RECORD_ID.match(rid) and store.record_path(corpus, rid, "trash").is_file() \
            and not store.record_path(corpus, rid).is_file():
        record, in_trash = store.read_record(corpus, rid, "trash"), True
    else:
        record = get_record(corpus, record_id)
    copies = store.find_originals(corpus, store.check_sha256(record.source.sha256))
    return Shown(record, str(copies[0]) if copies else None, versions(corpus, record), in_trash)


def versions(corpus: Path, record: Record) -> list[Version]:
    """Every version of the document at its path, oldest first: back along `previous`, forward
    through the documents that name it as theirs."""
    chain = [record]
    seen = {record.id}
    while chain[0].previous and len(chain) < MAX_VERSIONS:
        older = _read(corpus, chain[0].previous)
        if older is None or older.id in seen:
            break
        seen.add(older.id)
        chain.insert(0, older)
    successors, catalog = _successors(corpus)
    try:
        while len(chain) < MAX_VERSIONS:
            newer = [i for i in successors(chain[-1].id) if i not in seen]
            found = _read(corpus, newer[0]) if newer else None
            if found is None:
                break
            seen.add(found.id)
            chain.append(found)
    finally:
        if catalog is not None:
            catalog.close()
    return [Version(r.id, r.year, r.title, bool(r.source.paths)) for r in chain] if len(chain) > 1 else []


def _successors(corpus: Path):
    """(ids naming a given id as `previous`, the catalog to close afterwards)."""
    try:
        catalog = Catalog(corpus, writable=False)
    except (sqlite3.Error, ArchiveError):  # no catalog yet, or a damaged one: read the records
        return (lambda rid: sorted(r.id for r in store.iter_records(corpus) if r.previous == rid)), None
    return catalog.successors, catalog


def _read(corpus: Path, rid) -> Record | None:
    if not isinstance(rid, str) or not store.RECORD_ID.match(rid):
        return None
    for folder in ("records", "trash"):
        try:
            return store.read_record(corpus, rid, folder)
        except ArchiveError:
            continue
    return None


def unknown_id_message(corpus: Path, record_id) -> str:
    text = record_id if isinstance(record_id, str) else ""
    shown = store.printable_path(text) if text else repr(record_id)
    matches = sorted(i for i in store.record_ids(corpus) if text and i.startswith(text.lower()))
    message = f"no record with id '{shown}' in {corpus}"
    if matches:
        listed = ", ".join(matches[:MAX_SUGGESTIONS]) + (", …" if len(matches) > MAX_SUGGESTIONS else "")
        message += f"; did you mean: {listed}"
    return message
