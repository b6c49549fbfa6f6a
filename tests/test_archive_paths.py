"""Paths are data: a tampered record, an id holding `../`, a foreign folder given as --corpus
or --index, a file name that is not UTF-8. Each test makes its hostile input itself."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from pipeline.archive import store
from pipeline.cli import cli
from pipeline.errors import ArchiveError


def lofte(kommun: str, year: int) -> str:
    return (f"Medborgarlöfte {year} för {kommun}\n\nLokalpolisområde {kommun} och {kommun} kommun lovar:\n\n"
            f"• Polisen genomför fotpatrullering i {kommun} centrum varje fredag\n")


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def archive(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "mora.txt").write_text(lofte("Mora", 2024), encoding="utf-8")
    (inbox / "orsa.txt").write_text(lofte("Orsa", 2025), encoding="utf-8")
    dirs = ["--corpus", tmp_path / "corpus", "--index", tmp_path / "index"]
    result = invoke("index", inbox, *dirs, "--json", "--workers", "1")
    assert result.exit_code == 0, result.output
    return tmp_path, dirs, sorted(json.loads(result.stdout)["added"])


def test_a_tampered_sha256_never_reaches_outside_the_corpus(archive):
    root, dirs, (rid, other) = archive
    victim = root / "victim"
    victim.mkdir()
    (victim / "secret").write_text("behåll mig", encoding="utf-8")
    path = store.record_path(root / "corpus", rid)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["source"]["sha256"] = "../../victim/secret"
    path.write_text(json.dumps(data), encoding="utf-8")

    shown = invoke("show", rid, *dirs)
    assert shown.exit_code == 1
    assert shown.stderr.strip() == ("Error: '../../victim/secret' is not a sha256 digest; "
                                    "the record is damaged (run `loften check`)")
    assert invoke("remove", rid, *dirs).exit_code == 0  # to the trash: nothing is deleted
    emptied = invoke("trash", "--empty", "--json", *dirs)
    assert emptied.exit_code == 0
    assert json.loads(emptied.stdout) == {"deleted": []}
    assert "is not a sha256 digest" in emptied.stderr
    assert (victim / "secret").read_text(encoding="utf-8") == "behåll mig"
    problems = json.loads(invoke("check", "--json", *dirs).stdout)["problems"]
    assert any(p.startswith(f"record {store.record_path(root / 'corpus', rid, 'trash')}: its sha256 '../../victim/secret'")
               for p in problems)


@pytest.mark.parametrize("given", ["../records/x", "../../etc/passwd", "/etc/passwd", "a" * 5000, "ab\x00cd"])
def test_an_id_is_checked_by_its_exact_form(archive, given):
    _, dirs, _ = archive
    for command in ("remove", "show", "restore"):
        result = invoke(command, given, *dirs)
        assert result.exit_code == 1, (command, result.output)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_a_record_whose_id_holds_a_path_is_damaged_and_skipped(archive):
    root, dirs, (rid, other) = archive
    path = store.record_path(root / "corpus", rid)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["id"] = "../../victim"
    path.write_text(json.dumps(data), encoding="utf-8")
    stats = invoke("stats", "--json", *dirs)
    assert stats.exit_code == 0 and json.loads(stats.stdout)["documents"] == 1
    assert f"Warning: {path}: damaged record (its id or source does not match the file)" in stats.stderr
    assert not (root / "victim").exists()


def test_a_foreign_folder_as_corpus_is_refused_and_left_as_it_was(archive, tmp_path):
    _, _, _ = archive
    home = tmp_path / "hemma"
    (home / "gen-1").mkdir(parents=True)
    (home / "gen-1" / "brev.txt").write_text("mitt", encoding="utf-8")
    (home / "records").mkdir()
    (home / "records" / ".anteckning.json.abc.tmp").write_text("min", encoding="utf-8")
    before = sorted(p.relative_to(home) for p in home.rglob("*"))
    result = invoke("index", tmp_path / "in", "--corpus", home, "--index", tmp_path / "ny-index")
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"Error: {home} is not a loften archive and not empty (it holds gen-1); "
                                     "give an empty or new folder as --corpus")
    assert sorted(p.relative_to(home) for p in home.rglob("*")) == before
    assert not (tmp_path / "ny-index").exists()


def test_a_foreign_folder_as_index_is_refused_and_left_as_it_was(archive, tmp_path):
    root, _, _ = archive
    other = tmp_path / "annat"
    other.mkdir()
    (other / "gen-7.sqlite").write_bytes(b"inte ett index")
    (other / ".dold").write_text("x", encoding="utf-8")
    result = invoke("index", tmp_path / "in", "--corpus", tmp_path / "ny-corpus", "--index", other)
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"Error: {other} is not a loften index and not empty (it holds .dold, gen-7.sqlite); "
                                     "give an empty or new folder as --index")
    assert sorted(p.name for p in other.iterdir()) == [".dold", "gen-7.sqlite"]
    assert (other / "gen-7.sqlite").read_bytes() == b"inte ett index"


def test_stray_files_inside_the_archive_that_loften_did_not_make_are_kept(archive):
    root, dirs, _ = archive
    mine = store.records_dir(root / "corpus") / ".mina-anteckningar.tmp"
    mine.write_text("rör inte", encoding="utf-8")
    assert invoke("index", root / "in", *dirs).exit_code == 0
    assert mine.read_text(encoding="utf-8") == "rör inte"


def test_a_file_name_that_is_not_utf8_is_stored_and_printed_safely(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    raw = os.path.join(os.fsencode(inbox), b"l\xf6fte.txt")
    with open(raw, "wb") as f:
        f.write(lofte("Leksand", 2025).encode("utf-8"))
    dirs = ["--corpus", tmp_path / "corpus", "--index", tmp_path / "index"]
    for _ in range(2):  # and again: the name is looked up the same way
        result = invoke("index", inbox, *dirs)
        assert result.exit_code == 0, result.output
        assert f"{inbox}/l\\xf6fte.txt" in result.stdout
    assert result.stdout.splitlines()[-1] == "added 0, updated 0, unchanged 1, failed 0"
    (record,) = store.iter_records(tmp_path / "corpus")
    assert record.source.path == f"{inbox.resolve()}/l\\xf6fte.txt"
    hits = json.loads(invoke("search", "fotpatrullering", *dirs, "--json").stdout)["hits"]
    assert [h["id"] for h in hits] == [record.id]


def test_a_path_that_does_not_exist_is_named(tmp_path):
    result = invoke("index", tmp_path / "finns-inte", "--corpus", tmp_path / "c", "--index", tmp_path / "i")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {tmp_path / 'finns-inte'}: does not exist"
    assert "Traceback" not in result.output


def test_an_id_from_a_spec_or_a_record_never_names_a_path(tmp_path):
    for given in ("../../x", "/etc/passwd", "a/b", "..", ""):
        with pytest.raises(ArchiveError, match="is not a record id; refused"):
            store.record_path(tmp_path, given)
    with pytest.raises(ArchiveError, match="is not a sha256 digest"):
        store.original_path(tmp_path, "../" + "a" * 61, ".txt")
    assert store.original_path(tmp_path, "a" * 64, "/../../x").name == "a" * 64 + ".bin"
