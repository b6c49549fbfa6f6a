"""Verify the archive: originals intact, records valid and complete, index in step."""

from __future__ import annotations

from pathlib import Path

from pipeline.archive import store
from pipeline.errors import ArchiveError
from pipeline.parse import sha256


def check(corpus: Path, index: Path, backend_name: str | None = None) -> list[str]:
    """Every problem found, one line each; an empty list means the archive is sound."""
    corpus = Path(corpus)
    problems = _check_originals(corpus)
    problems += _check_records(corpus)
    problems += _check_index(corpus, Path(index), backend_name)
    return problems


def _check_originals(corpus: Path) -> list[str]:
    problems = []
    root = store.originals_dir(corpus)
    for p in sorted(root.rglob("*")) if root.is_dir() else []:
        if p.is_file() and not p.name.startswith("."):
            digest = p.name.split(".", 1)[0]
            if sha256(p.read_bytes()) != digest:
                problems.append(f"original {p}: content does not match its sha256 (changed or damaged)")
    return problems


def _check_records(corpus: Path) -> list[str]:
    problems = []
    root = store.records_dir(corpus)
    for p in sorted(root.glob("*.json")) if root.is_dir() else []:
        try:
            record = store.load_record(p)
        except ArchiveError as e:
            problems.append(f"record {p}: does not parse ({e.__cause__})")
            continue
        if record.id != p.stem or record.source.sha256[:16] != record.id:
            problems.append(f"record {p}: id {record.id} does not match its file name and sha256")
        if not store.find_originals(corpus, record.source.sha256):
            problems.append(f"record {p}: its original {record.source.sha256} is missing")
    return problems


def _check_index(corpus: Path, index: Path, backend_name: str | None) -> list[str]:
    from pipeline.search import open_backend

    if not index.exists():
        return [f"index {index}: missing; run `loften reindex`"]
    backend = open_backend(index, backend_name)
    if backend.needs_rebuild():
        return [f"index {index}: made by another version or unreadable; run `loften reindex`"]
    corpus_ids, index_ids = store.record_ids(corpus), backend.doc_ids()
    problems = [f"index {index}: lacks {i}, which is in the corpus" for i in sorted(corpus_ids - index_ids)]
    problems += [f"index {index}: has {i}, which is not in the corpus" for i in sorted(index_ids - corpus_ids)]
    return problems
