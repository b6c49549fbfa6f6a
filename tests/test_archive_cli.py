"""The archive commands through the CLI: exit codes, exact error lines, env var defaults."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.archive import store
from pipeline.cli import cli
from pipeline.search import open_backend


def lofte(kommun: str, year: int) -> str:
    return (
        f"Medborgarlöfte {year} för {kommun}\n\n"
        f"Lokalpolisområde {kommun} och {kommun} kommun lovar att minska oron för brott i {kommun}.\n\n"
        f"Vi ordnar trygghetsvandringar och besöker skolorna tillsammans under {year}.\n"
    )


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hallsberg.txt").write_text(lofte("Hallsberg", 2024), encoding="utf-8")
    (folder / "kumla.txt").write_text(lofte("Kumla", 2025), encoding="utf-8")
    return folder


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


def dirs(tmp_path) -> list[str]:
    return ["--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index")]


@pytest.fixture
def archived(tmp_path, inputs) -> list[str]:
    result = invoke("index", str(inputs), "--json", *dirs(tmp_path))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["added"]


def test_index_prints_progress_lines_and_a_summary(tmp_path, inputs):
    result = invoke("index", str(inputs), *dirs(tmp_path))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split(" ", 1)[0] for line in lines[:2]] == ["[1/2]", "[2/2]"]
    assert {line.split(" ", 1)[1] for line in lines[:2]} == {f"added {inputs / n}" for n in ("hallsberg.txt", "kumla.txt")}
    assert lines[-1] == "added 2, updated 0, unchanged 0, failed 0"
    again = invoke("index", str(inputs), *dirs(tmp_path))
    assert again.stdout.splitlines()[-1] == "added 0, updated 0, unchanged 2, failed 0"


def test_index_with_a_failure_exits_1_and_names_file_and_reason(tmp_path, inputs):
    empty = inputs / "tom.txt"
    empty.write_bytes(b"")
    result = invoke("index", str(inputs), *dirs(tmp_path), "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert len(report["added"]) == 2
    assert report["failed"] == [{"path": str(empty), "reason": "file is empty"}]
    assert f"Error: {empty}: file is empty" in result.stderr.splitlines()
    assert "file is empty" in (tmp_path / "corpus" / "failures.log").read_text(encoding="utf-8")


def test_env_vars_choose_the_default_corpus_and_index(tmp_path, inputs):
    env = {"LOFTEN_CORPUS": str(tmp_path / "envcorpus"), "LOFTEN_INDEX": str(tmp_path / "envindex")}
    result = invoke("index", str(inputs), env=env)
    assert result.exit_code == 0, result.output
    assert len(store.record_ids(tmp_path / "envcorpus")) == 2
    assert open_backend(tmp_path / "envindex").doc_ids() == store.record_ids(tmp_path / "envcorpus")
    stats = invoke("stats", "--json", env=env)
    assert json.loads(stats.stdout)["documents"] == 2


def test_show_prints_the_record_and_its_json(tmp_path, archived):
    rid = archived[0]
    result = invoke("show", rid, *dirs(tmp_path))
    assert result.exit_code == 0
    assert f"id {rid}" in result.stdout.splitlines()[0]
    as_json = json.loads(invoke("show", rid, "--json", *dirs(tmp_path)).stdout)
    assert as_json["id"] == rid and as_json["source"]["sha256"].startswith(rid)


def test_show_of_an_unknown_id_suggests_ids_with_that_prefix(tmp_path, archived):
    prefix = archived[0][:3]
    result = invoke("show", prefix, *dirs(tmp_path))
    assert result.exit_code == 1
    matches = sorted(i for i in archived if i.startswith(prefix))
    assert result.stderr.strip() == (
        f"Error: no record with id '{prefix}' in {tmp_path / 'corpus'}; did you mean: {', '.join(matches)}"
    )
    result = invoke("show", "zzzz", *dirs(tmp_path))
    assert result.stderr.strip() == f"Error: no record with id 'zzzz' in {tmp_path / 'corpus'}"


def test_stats_counts_documents_by_year_and_kind(tmp_path, archived):
    result = invoke("stats", "--json", *dirs(tmp_path))
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    assert stats["documents"] == 2
    assert stats["by_year"] == {"2024": 1, "2025": 1}
    assert stats["by_municipality"] == {"Hallsberg": 1, "Kumla": 1}
    assert stats["by_county"] == {"Örebro län": 2}
    assert stats["by_kind"] == {"medborgarlofte": 2}
    assert set(stats) == {"documents", "activities", "by_year", "by_theme", "by_kind", "by_municipality", "by_county"}
    readable = invoke("stats", *dirs(tmp_path))
    assert readable.stdout.splitlines()[0] == f"documents: 2  activities: {stats['activities']}"


def test_check_passes_then_finds_a_tampered_original(tmp_path, archived):
    ok = invoke("check", *dirs(tmp_path))
    assert ok.exit_code == 0 and ok.stdout.strip() == "archive OK"
    record = store.read_record(tmp_path / "corpus", archived[0])
    original = store.find_originals(tmp_path / "corpus", record.source.sha256)[0]
    original.write_bytes(original.read_bytes() + b"manipulerad")
    bad = invoke("check", *dirs(tmp_path))
    assert bad.exit_code == 1
    assert bad.stdout.splitlines() == [
        f"original {original}: content does not match its sha256 (changed or damaged)",
        "1 problem found",
    ]


def test_check_finds_a_broken_record_a_missing_original_and_index_drift(tmp_path, archived):
    corpus = tmp_path / "corpus"
    first, second = sorted(archived)
    store.record_path(corpus, first).write_text("{inte json", encoding="utf-8")
    store.delete_originals(corpus, store.read_record(corpus, second).source.sha256)
    open_backend(tmp_path / "index").remove([second])
    result = invoke("check", "--json", *dirs(tmp_path))
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert len(problems) == 3
    assert problems[0] == f"record {store.record_path(corpus, first)}: damaged record (not valid JSON at line 1); run `loften check --repair`"
    assert problems[1].startswith(f"record {store.record_path(corpus, second)}: its original")
    assert problems[2] == f"index {tmp_path / 'index'}: lacks {second}, which is in the corpus"


def test_remove_moves_to_the_trash_restore_brings_back_and_empty_deletes(tmp_path, archived, inputs):
    rid, corpus = archived[0], tmp_path / "corpus"
    sha = store.read_record(corpus, rid).source.sha256
    result = invoke("remove", rid, *dirs(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"moved {rid} (")
    assert rid not in store.record_ids(corpus) and rid in store.record_ids(corpus, "trash")
    assert len(store.find_originals(corpus, sha)) == 1  # the original stays
    assert open_backend(tmp_path / "index").doc_ids() == {archived[1]}
    listed = json.loads(invoke("trash", "--json", *dirs(tmp_path)).stdout)
    assert [(e["id"], Path(e["path"]).name) for e in listed] == [(rid, "hallsberg.txt")]

    again = invoke("index", str(inputs), "--json", *dirs(tmp_path))  # not silently re-added
    assert again.exit_code == 0
    report = json.loads(again.stdout)
    assert report["in_trash"] == [{"path": str((inputs / "hallsberg.txt").resolve()),
                                   "reason": f"in the trash (document {rid}); give --restore to bring it back"}]
    assert report["added"] == [] and rid not in store.record_ids(corpus)

    result = invoke("restore", rid, *dirs(tmp_path))
    assert result.exit_code == 0 and result.stdout.startswith(f"restored {rid} (")
    assert open_backend(tmp_path / "index").doc_ids() == set(archived)
    assert invoke("restore", rid, *dirs(tmp_path)).stderr.strip() == f"Error: document {rid} is not in the trash (it is archived)"

    invoke("remove", rid, *dirs(tmp_path))
    report = json.loads(invoke("index", str(inputs), "--restore", "--json", *dirs(tmp_path)).stdout)
    assert report["restored"] == [rid] and report["in_trash"] == []
    assert open_backend(tmp_path / "index").doc_ids() == set(archived)

    invoke("remove", rid, *dirs(tmp_path))
    emptied = invoke("trash", "--empty", "--json", *dirs(tmp_path))
    assert json.loads(emptied.stdout) == {"deleted": [rid]}
    assert store.find_originals(corpus, sha) == [] and store.record_ids(corpus, "trash") == set()
    gone = invoke("remove", rid, *dirs(tmp_path))
    assert gone.exit_code == 1
    assert gone.stderr.strip() == f"Error: no record with id '{rid}' in {corpus}"


def test_reindex_rebuilds_a_lost_index_from_the_corpus(tmp_path, archived):
    shutil.rmtree(tmp_path / "index")
    result = invoke("reindex", *dirs(tmp_path))
    assert result.exit_code == 0
    assert result.stdout.strip() == f"reindexed 2 documents into {tmp_path / 'index'}"
    assert open_backend(tmp_path / "index").doc_ids() == set(archived)


def test_index_rebuilds_a_missing_index_before_adding(tmp_path, archived, inputs):
    shutil.rmtree(tmp_path / "index")
    result = invoke("index", str(inputs), *dirs(tmp_path), "--json")
    assert json.loads(result.stdout)["unchanged"] == archived
    assert open_backend(tmp_path / "index").doc_ids() == set(archived)


def test_reindex_extract_renews_records_made_by_other_extraction_code(tmp_path, archived):
    from pipeline.fingerprint import extraction_version

    corpus = tmp_path / "corpus"
    old = store.read_record(corpus, archived[0])
    old.pipeline_version, old.title = "0" * 16, "föråldrad"
    store.write_record(corpus, old)
    result = invoke("reindex", "--extract", *dirs(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"[1/1] re-extracted {archived[0]}", "re-extracted 1, failed 0",
        f"reindexed 2 documents into {tmp_path / 'index'}"]
    renewed = store.read_record(corpus, archived[0])
    assert renewed.pipeline_version == extraction_version() and renewed.title != "föråldrad"
    assert renewed.source.paths == old.source.paths
    again = json.loads(invoke("reindex", "--extract", "--json", *dirs(tmp_path)).stdout)
    assert again == {"reindexed": 2, "index": str(tmp_path / "index"), "reextracted": [], "failed": []}
