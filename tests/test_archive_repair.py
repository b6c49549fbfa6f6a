"""One damaged record or original is reported by every command that meets it and skipped;
`check` names it and `check --repair` extracts it again or sets it aside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.archive import store
from pipeline.cli import cli
from pipeline.search import open_backend


def lofte(kommun: str, year: int) -> str:
    return (f"Medborgarlöfte {year} för {kommun}\n\nLokalpolisområde {kommun} och {kommun} kommun lovar:\n\n"
            f"• Polisen genomför trygghetsvandringar i {kommun} varje höst\n")


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def broken(tmp_path):
    """Three archived documents; one record file then holds `{broken`."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    for kommun, year in (("Bjurholm", 2023), ("Vindeln", 2024), ("Robertsfors", 2025)):
        (inbox / f"{kommun.lower()}.txt").write_text(lofte(kommun, year), encoding="utf-8")
    dirs = ["--corpus", tmp_path / "corpus", "--index", tmp_path / "index"]
    result = invoke("index", inbox, *dirs, "--json", "--workers", "1")
    assert result.exit_code == 0, result.output
    ids = json.loads(result.stdout)["added"]
    damaged = store.record_path(tmp_path / "corpus", ids[0])
    damaged.write_text("{broken", encoding="utf-8")
    return tmp_path, dirs, ids, damaged


def warning(path) -> str:
    return f"Warning: {path}: damaged record (not valid JSON at line 1); run `loften check --repair`"


def test_every_command_that_meets_a_damaged_record_reports_it_and_goes_on(broken):
    root, dirs, ids, damaged = broken
    (root / "nya").mkdir()
    (root / "nya" / "nordmaling.txt").write_text(lofte("Nordmaling", 2025), encoding="utf-8")
    runs = {
        "index": invoke("index", root / "nya", *dirs, "--json"),
        "stats": invoke("stats", *dirs, "--json"),
        "activities": invoke("activities", *dirs, "--json"),
        "reindex": invoke("reindex", *dirs, "--json"),
        "remove": invoke("remove", ids[1], *dirs, "--json"),
    }
    for name, result in runs.items():
        assert result.exit_code == 0, (name, result.output)
        assert result.stderr.splitlines().count(warning(damaged)) == 1, (name, result.stderr)
        assert "Traceback" not in result.output
    assert len(json.loads(runs["index"].stdout)["added"]) == 1
    assert json.loads(runs["stats"].stdout)["documents"] == 3
    assert json.loads(runs["reindex"].stdout)["reindexed"] == 3
    hits = json.loads(invoke("search", "trygghetsvandringar", *dirs, "--json").stdout)["hits"]
    assert sorted(h["id"] for h in hits) == sorted([ids[2], *json.loads(runs["index"].stdout)["added"]])
    shown = invoke("show", ids[0], *dirs)
    assert shown.exit_code == 1
    assert shown.stderr.strip() == f"Error: {damaged}: damaged record (not valid JSON at line 1); run `loften check --repair`"


def test_check_names_it_and_repair_extracts_it_again_with_its_path(broken):
    root, dirs, ids, damaged = broken
    result = invoke("check", *dirs)
    assert result.exit_code == 1
    assert f"record {damaged}: damaged record (not valid JSON at line 1); run `loften check --repair`" in result.stdout
    repaired = invoke("check", "--repair", *dirs, "--json")
    assert repaired.exit_code == 0, repaired.output
    report = json.loads(repaired.stdout)
    assert report["ok"] and report["quarantined"] == [] and len(report["repaired"]) == 1
    record = store.read_record(root / "corpus", ids[0])
    assert record.year == 2023 and record.municipalities == ["Bjurholm"]
    assert record.source.paths == [str((root / "in" / "bjurholm.txt").resolve())]
    assert open_backend(root / "index").doc_ids() == set(ids)
    assert invoke("check", *dirs).stdout.strip() == "archive OK"
    again = json.loads(invoke("index", root / "in", *dirs, "--json").stdout)
    assert sorted(again["unchanged"]) == sorted(ids)


def test_repair_quarantines_a_record_whose_original_is_damaged_too(broken):
    root, dirs, ids, damaged = broken
    corpus = root / "corpus"
    (original,) = (p for p in store.originals_dir(corpus).rglob(f"{ids[0]}*"))
    original.write_bytes(b"overwritten")
    report = json.loads(invoke("check", "--repair", *dirs, "--json").stdout)
    assert report["repaired"] == [f"original {original}: restored from {(root / 'in' / 'bjurholm.txt').resolve()}"] \
        or len(report["quarantined"]) >= 1
    # with the source file gone as well, nothing can bring the bytes back: both are set aside
    original.write_bytes(b"overwritten")
    damaged.write_text("{broken", encoding="utf-8")
    (root / "in" / "bjurholm.txt").unlink()
    report = json.loads(invoke("check", "--repair", *dirs, "--json").stdout)
    quarantine = store.quarantine_dir(corpus)
    assert (quarantine / "records" / damaged.name).read_text(encoding="utf-8") == "{broken"
    assert (quarantine / original.parent.name / original.name).read_bytes() == b"overwritten"
    assert report["ok"], report["problems"]
    assert store.record_ids(corpus) == set(ids[1:]) == open_backend(root / "index").doc_ids()


def test_a_damaged_original_is_restored_from_its_source_path(broken):
    root, dirs, ids, _ = broken
    corpus = root / "corpus"
    record = store.read_record(corpus, ids[1])
    (original,) = store.find_originals(corpus, record.source.sha256)
    original.write_bytes(b"bitrot")
    assert f"original {original}: content does not match its sha256" in invoke("check", *dirs).stdout
    report = json.loads(invoke("check", "--repair", *dirs, "--json").stdout)
    assert f"original {original}: restored from {record.source.path}" in report["repaired"]
    assert original.read_bytes() == Path(record.source.path).read_bytes()
