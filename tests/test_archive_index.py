"""index_paths: what a run adds, skips, updates and reports, on real TXT and HTML files."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pipeline.fingerprint import extraction_version
from pipeline.archive import store
from pipeline.archive.batch import index_paths
from pipeline.archive.extract_jobs import CRASH_REASON
from pipeline.extract import extract_file
from pipeline.search import open_backend


def lofte(kommun: str, year: int, extra: str = "") -> str:
    return (
        f"Medborgarlöfte {year} för {kommun}\n\n"
        f"Lokalpolisområde {kommun} och {kommun} kommun lovar invånarna följande under {year}.\n\n"
        f"Vi genomför trygghetsvandringar i centrala {kommun} varje höst. {extra}\n"
    )


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def html(kommun: str, year: int) -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>Medborgarlöfte {kommun} {year}</title></head>"
        f"<body><h1>Medborgarlöfte {year} för {kommun}</h1>"
        f"<p>Polisen och {kommun} kommun lovar att arbeta mot klotter och skadegörelse.</p>"
        f"<ul><li>Fler vuxna ute på kvällarna i {kommun}</li></ul></body></html>"
    )


def run(inputs, tmp_path, **kw):
    return index_paths(inputs, tmp_path / "corpus", tmp_path / "index", workers=2, **kw)


def index_ids(tmp_path) -> set[str]:
    return open_backend(tmp_path / "index").doc_ids()


def test_first_run_adds_every_document_and_a_rerun_changes_nothing(tmp_path):
    docs = tmp_path / "in"
    for n, kommun in enumerate(["Åmål", "Växjö", "Öckerö"]):
        write(docs, f"lofte{n}.txt", lofte(kommun, 2024 + n))
    write(docs, "sida.html", html("Säffle", 2025))
    first = run([docs], tmp_path)
    assert len(first.added) == 4 and first.updated == first.unchanged == first.failed == []
    corpus = tmp_path / "corpus"
    assert store.record_ids(corpus) == set(first.added) == index_ids(tmp_path)
    for record in store.iter_records(corpus):
        assert store.find_originals(corpus, record.source.sha256)
        assert record.pipeline_version == extraction_version()
    second = run([docs], tmp_path)
    assert second.added == second.updated == second.failed == []
    assert sorted(second.unchanged) == sorted(first.added)
    assert store.record_ids(corpus) == index_ids(tmp_path)


def test_an_archive_named_by_relative_paths_is_written_as_well(tmp_path, monkeypatch):
    """Library callers may name the corpus relatively; its temp files are named absolutely."""
    write(tmp_path / "in", "lofte.txt", lofte("Åmål", 2024))
    monkeypatch.chdir(tmp_path)
    report = index_paths([tmp_path / "in"], Path("corpus"), Path("index"), workers=1)
    assert len(report.added) == 1 and report.failed == []
    assert store.record_ids(Path("corpus")) == set(report.added)


def test_same_bytes_under_two_names_is_one_document_with_both_paths(tmp_path):
    a = write(tmp_path / "in", "a.txt", lofte("Ljusdal", 2025))
    b = write(tmp_path / "in" / "kopia", "b.txt", lofte("Ljusdal", 2025))
    report = run([tmp_path / "in"], tmp_path)
    assert len(report.added) == 1
    record = store.read_record(tmp_path / "corpus", report.added[0])
    assert sorted(record.source.paths) == sorted([str(a.resolve()), str(b.resolve())])
    c = write(tmp_path / "annan", "c.txt", lofte("Ljusdal", 2025))
    again = run([c], tmp_path)
    assert again.unchanged == report.added and again.added == []
    assert str(c.resolve()) in store.read_record(tmp_path / "corpus", report.added[0]).source.paths


def test_changed_content_at_an_archived_path_adds_a_new_version_and_keeps_the_old(tmp_path):
    path = write(tmp_path / "in", "lofte.txt", lofte("Borås", 2024))
    old_id = run([path], tmp_path).added[0]
    corpus = tmp_path / "corpus"
    old_sha = store.read_record(corpus, old_id).source.sha256
    write(tmp_path / "in", "lofte.txt", lofte("Borås", 2025, "Nytt för i år är fler cykelpatruller."))
    report = run([path], tmp_path)
    assert report.added == [] and len(report.updated) == 1 and report.updated[0] != old_id
    new = store.read_record(corpus, report.updated[0])
    old = store.read_record(corpus, old_id)
    assert new.previous == old_id and new.source.paths == [str(path.resolve())] and new.year == 2025
    assert old.source.paths == [] and old.year == 2024  # an older version: kept, holding no path
    assert store.record_ids(corpus) == {old_id, new.id} == index_ids(tmp_path)
    assert store.find_originals(corpus, old_sha)[0].read_text(encoding="utf-8") == lofte("Borås", 2024)
    assert run([path], tmp_path).unchanged == [new.id]


def test_changed_content_keeps_the_old_document_while_another_path_names_it(tmp_path):
    a = write(tmp_path / "in", "a.txt", lofte("Kiruna", 2024))
    b = write(tmp_path / "in", "b.txt", lofte("Kiruna", 2024))
    old_id = run([tmp_path / "in"], tmp_path).added[0]
    write(tmp_path / "in", "a.txt", lofte("Kiruna", 2025))
    report = run([a], tmp_path)
    assert len(report.updated) == 1
    old = store.read_record(tmp_path / "corpus", old_id)
    assert old.source.paths == [str(b.resolve())]
    assert store.record_ids(tmp_path / "corpus") == {old_id, report.updated[0]} == index_ids(tmp_path)


def test_records_from_other_extraction_code_are_extracted_again_named_or_not(tmp_path):
    gavle = write(tmp_path / "in", "gavle.txt", lofte("Gävle", 2025))
    write(tmp_path / "other", "sandviken.txt", lofte("Sandviken", 2025))
    ids = run([tmp_path / "in", tmp_path / "other"], tmp_path).added
    corpus = tmp_path / "corpus"
    for rid in ids:
        record = store.read_record(corpus, rid)
        record.pipeline_version = "0000000000000000"
        record.title = "föråldrad titel"
        store.write_record(corpus, record)
    report = run([gavle], tmp_path)  # only one of them named: both were made by other code
    assert sorted(report.reextracted) == sorted(ids) and report.unchanged == [] and report.added == []
    for rid in ids:
        renewed = store.read_record(corpus, rid)
        assert renewed.pipeline_version == extraction_version() and renewed.title != "föråldrad titel"
        assert len(renewed.source.paths) == 1 and renewed.source.path == renewed.source.paths[0]
    assert run([gavle], tmp_path).unchanged == [store.read_record(corpus, ids[0]).id]


def test_bad_files_are_reported_and_the_rest_goes_on(tmp_path):
    docs = tmp_path / "in"
    write(docs, "bra1.txt", lofte("Umeå", 2025))
    write(docs, "bra2.html", html("Luleå", 2025))
    (docs / "tom.txt").write_bytes(b"")
    (docs / "binär.txt").write_bytes(bytes(range(256)) * 8)
    (docs / "trasig.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> trasigt slut")
    events = []
    report = run([docs], tmp_path, progress=events.append)
    assert len(report.added) == 2
    failed = {Path(f.path).name: f.reason for f in report.failed}
    assert set(failed) == {"tom.txt", "binär.txt", "trasig.pdf"}
    assert failed["tom.txt"] == "file is empty"
    assert all(reason and "\n" not in reason for reason in failed.values())
    log = (tmp_path / "corpus" / "failures.log").read_text(encoding="utf-8").splitlines()
    assert len(log) == 3
    assert {Path(line.split("\t")[1]).name for line in log} == set(failed)
    assert all(len(line.split("\t")) == 3 for line in log)
    assert [e.done for e in events] == [1, 2, 3, 4, 5] and {e.total for e in events} == {5}
    assert sorted(e.status for e in events) == ["added", "added", "failed", "failed", "failed"]


def explode_on_boom(path: Path):
    """An extractor with a bug for one file, to show an unexpected error stays that file's."""
    if Path(path).stem == "boom":
        raise RuntimeError("kaputt")
    return extract_file(path)


def die_on_crash(path: Path):
    """An extractor whose process dies outright for one file, as a crashing C parser would."""
    if Path(path).stem == "crash":
        os._exit(3)
    return extract_file(path)


def test_an_unexpected_exception_is_one_failure_line_without_traceback(tmp_path):
    write(tmp_path / "in", "boom.txt", lofte("Mora", 2025))
    write(tmp_path / "in", "ok.txt", lofte("Rättvik", 2025))
    report = run([tmp_path / "in"], tmp_path, extract=explode_on_boom)
    assert len(report.added) == 1
    assert [(Path(f.path).name, f.reason) for f in report.failed] == [("boom.txt", "could not be read because of an unexpected problem in loften (kaputt)")]


def test_a_worker_process_that_dies_is_contained_to_its_file(tmp_path):
    for name in ("a", "crash", "c", "d"):
        write(tmp_path / "in", f"{name}.txt", lofte("Sala", 2020 + len(name), name))
    report = run([tmp_path / "in"], tmp_path, extract=die_on_crash)
    assert [(Path(f.path).name, f.reason) for f in report.failed] == [("crash.txt", CRASH_REASON)]
    assert len(report.added) == 3
    assert store.record_ids(tmp_path / "corpus") == set(report.added) == index_ids(tmp_path)


def test_report_as_json_lists_ids_by_status(tmp_path):
    write(tmp_path / "in", "a.txt", lofte("Ystad", 2025))
    (tmp_path / "in" / "tom.txt").write_bytes(b"")
    report = run([tmp_path / "in"], tmp_path).to_dict()
    assert json.loads(json.dumps(report)) == {
        "added": report["added"], "updated": [], "unchanged": [], "reextracted": [], "restored": [],
        "in_trash": [], "skipped": [], "failed": [{"path": str(tmp_path / "in" / "tom.txt"), "reason": "file is empty"}],
        "failed_before": [],
    }
    assert len(report["added"]) == 1 and len(report["added"][0]) == 16


def test_pdf_and_docx_publications_are_archived_with_their_format(tmp_path, make_doc):
    doc = {
        "title": "Medborgarlöfte 2026 för Tranås",
        "blocks": [
            {"p": "Lokalpolisområde Tranås och Tranås kommun lovar gemensamma insatser under 2026."},
            {"li": "Trygghetsvandringar i centrum", "depth": 0},
            {"table": [["Aktivitet", "Ansvar"], ["Föräldravandring", "Kommunen"]]},
        ],
    }
    (tmp_path / "in").mkdir()
    make_doc(doc, "pdf", "in/lofte.pdf")
    make_doc(doc, "docx", "in/lofte.docx")
    report = run([tmp_path / "in"], tmp_path)
    assert len(report.added) == 2 and report.failed == []
    corpus = tmp_path / "corpus"
    records = {r.source.format: r for r in store.iter_records(corpus)}
    assert set(records) == {"pdf", "docx"}
    for fmt, record in records.items():
        (original,) = store.find_originals(corpus, record.source.sha256)
        assert original.suffix == f".{fmt}"
        assert original.read_bytes() == (tmp_path / "in" / f"lofte.{fmt}").read_bytes()
