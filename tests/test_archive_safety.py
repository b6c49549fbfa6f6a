"""The archive refuses what would lose data or reach outside it, and says why in one line."""

from __future__ import annotations

import json
import os
import stat

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

PROMISES = {
    "falun.txt": "Medborgarlöfte 2025–2027 för Falu kommun\n\nFalu kommun och lokalpolisområde Falun lovar:\n\n"
                 "• Polisen genomför fotpatrullering i centrum varje fredag\n"
                 "• Kommunen och polisen genomför trygghetsvandringar i Främby\n",
    "mora.txt": "Medborgarlöfte 2024 för Mora kommun\n\nMora kommun och polisen lovar:\n\n"
                "• Polisen genomför trafikkontroller vid skolorna\n"
                "• Föreningarna nattvandrar på helgerna\n",
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    inbox = root / "inbox"
    inbox.mkdir()
    for name, text in PROMISES.items():
        (inbox / name).write_text(text, encoding="utf-8")
    dirs = ["--corpus", str(root / "corpus"), "--index", str(root / "index")]
    result = CliRunner().invoke(cli, ["index", str(inbox), *dirs, "--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    return root, dirs, json.loads(result.stdout)["added"]


def run(*args):
    return CliRunner().invoke(cli, list(args))


def hits(dirs, *args):
    result = run("search", *args, *dirs, "--json")
    assert result.exit_code == 0, result.output
    return [h["title"] for h in json.loads(result.stdout)["hits"]]


def test_a_mistyped_corpus_never_empties_the_real_index(archive, tmp_path):
    root, dirs, _ = archive
    stray = tmp_path / "other.txt"
    stray.write_text(PROMISES["mora.txt"].replace("Mora", "Orsa"), encoding="utf-8")
    result = run("index", str(stray), "--corpus", str(tmp_path / "typo"), "--index", str(root / "index"), "--workers", "1")
    assert result.exit_code == 1
    assert "belongs to another corpus" in result.stderr
    result = run("reindex", "--corpus", str(tmp_path / "typo2"), "--index", str(root / "index"))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: no archive at {tmp_path / 'typo2'} (it has no records/ folder); nothing to reindex"
    assert len(hits(dirs, "polisen")) == 2


def test_search_without_an_archive_creates_nothing(tmp_path):
    result = run("search", "narkotika", "--corpus", str(tmp_path / "c"), "--index", str(tmp_path / "i"))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: no archive at {tmp_path / 'c'}: run `loften index PATH...` first"
    result = run("search", '"narkotika', "--corpus", str(tmp_path / "c"), "--index", str(tmp_path / "i"))
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_an_id_is_never_a_path(archive):
    root, dirs, added = archive
    result = run("remove", "../records/" + added[0], *dirs)
    assert result.exit_code == 1
    assert "no record with id '../records/" in result.stderr
    assert len(hits(dirs, "polisen")) == 2


def test_reindex_and_remove_report_json(archive, tmp_path):
    root, dirs, added = archive
    result = run("reindex", *dirs, "--json")
    assert json.loads(result.stdout)["reindexed"] == 2
    result = run("remove", added[1], *dirs, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["removed"] == added[1]
    assert len(hits(dirs, "polisen")) == 1
    record = root / "corpus" / "records" / f"{added[0]}.json"
    assert stat.S_IMODE(record.stat().st_mode) == 0o666 & ~_umask()


def test_a_multi_year_promise_is_found_for_every_year_of_its_period(archive):
    _, dirs, _ = archive
    assert hits(dirs, "fotpatrullering", "--year", "2026") == ["Medborgarlöfte 2025–2027 för Falu kommun"]
    assert hits(dirs, "fotpatrullering", "--years", "2028-2030") == []


def test_irregular_municipality_names_filter(archive):
    _, dirs, _ = archive
    assert hits(dirs, "polisen", "-m", "Falu kommun") == ["Medborgarlöfte 2025–2027 för Falu kommun"]


def test_an_excluded_word_on_the_command_line_gets_a_hint(archive):
    _, dirs, _ = archive
    result = run("search", "polisen", "-skola", *dirs)
    assert result.exit_code == 2
    assert 'to exclude a word, quote the query, as in loften search "narkotika -skola"' in result.output
    assert hits(dirs, "polisen -trafikkontroller") == ["Medborgarlöfte 2025–2027 för Falu kommun"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
