"""Reconcile and rebuild: the index follows the corpus, including records rewritten in place."""

from __future__ import annotations

import hashlib

from pipeline.fingerprint import extraction_version
from pipeline.archive import store
from pipeline.archive.reconcile import ensure_index, open_index
from pipeline.record import Record, Source
from pipeline.search import SearchRequest, open_backend


def archive(corpus, text: str, title: str) -> Record:
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    record = Record(
        id=digest[:16], source=Source(path=f"/in/{digest[:6]}.txt", sha256=digest, format="txt", size=len(data)),
        kind="medborgarlofte", title=title, municipalities=["Vadstena"], year=2025, text=text,
        pipeline_version=extraction_version(),
    )
    store.write_original(corpus, digest, ".txt", data)
    store.write_record(corpus, record)
    return record


def test_a_writer_brings_the_index_in_step_with_records_changed_by_hand(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    kept = archive(corpus, "Vi lovar trygghetsvandringar i Vadstena.", "Medborgarlöfte Vadstena")
    stray = archive(corpus, "Vi lovar mer belysning vid hamnen.", "Medborgarlöfte hamnen")
    backend = open_index(corpus, index)
    assert backend.doc_ids() == {kept.id, stray.id}

    store.delete_record(corpus, stray.id)
    late = archive(corpus, "Vi lovar fler grannsamverkansområden.", "Medborgarlöfte grannsamverkan")
    kept.text = "Vi lovar cykelpatruller längs strandpromenaden."
    store.write_record(corpus, kept)  # rewritten in place, same id

    backend = open_index(corpus, index)
    assert backend.doc_ids() == {kept.id, late.id}
    assert [h.id for h in backend.search(SearchRequest(query="cykelpatruller")).hits] == [kept.id]


def test_ensure_index_rebuilds_a_missing_index_from_the_corpus(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    record = archive(corpus, "Vi lovar trygga skolvägar i Vadstena.", "Medborgarlöfte skolvägar")
    assert open_backend(index).needs_rebuild()
    backend = ensure_index(corpus, index)
    assert not backend.needs_rebuild()
    assert backend.doc_ids() == {record.id}
    assert [h.id for h in backend.search(SearchRequest(query="skolvägar")).hits] == [record.id]
