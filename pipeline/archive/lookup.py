"""Find one archived record by its id, with a helpful error for an unknown one."""

from __future__ import annotations

from pathlib import Path

from pipeline.archive import store
from pipeline.errors import NotFound
from pipeline.record import Record

MAX_SUGGESTIONS = 5


def get_record(corpus: Path, record_id: str) -> Record:
    """The record with exactly this id; NotFound suggests ids that start with what was given."""
    if store.RECORD_ID.match(record_id) and store.record_path(corpus, record_id).is_file():
        return store.read_record(corpus, record_id)
    raise NotFound(unknown_id_message(corpus, record_id))


def unknown_id_message(corpus: Path, record_id: str) -> str:
    matches = sorted(i for i in store.record_ids(corpus) if record_id and i.startswith(record_id.lower()))
    message = f"no record with id '{record_id}' in {corpus}"
    if matches:
        shown = ", ".join(matches[:MAX_SUGGESTIONS]) + (", …" if len(matches) > MAX_SUGGESTIONS else "")
        message += f"; did you mean: {shown}"
    return message
