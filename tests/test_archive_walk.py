"""Nothing silent: what a folder walk leaves out is listed, counted and logged; each failure
is printed once; `--max-mb` limits `index` as it limits `extract`."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from pipeline.cli import cli


def lofte(kommun: str) -> str:
    return f"Medborgarlöfte 2025 för {kommun}\n\nPolisen och {kommun} kommun lovar trygghetsvandringar.\n"


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "ljusdal.txt").write_text(lofte("Ljusdal"), encoding="utf-8")
    (folder / "kalkyl.xlsx").write_bytes(b"PK\x03\x04 a spreadsheet")
    (folder / "bild.png").write_bytes(b"\x89PNG")
    (folder / "trasig-länk.txt").symlink_to(folder / "finns-inte.txt")
    (folder / ".dold.txt").write_text(lofte("Hudiksvall"), encoding="utf-8")
    (folder / "sub" / "loop").symlink_to(folder)  # a link loop is walked once
    (folder / "stor.txt").write_text(lofte("Bollnäs") + "x" * 300_000, encoding="utf-8")
    return folder


def test_the_walk_lists_what_it_skipped_in_json_summary_and_log(tmp_path, inbox):
    dirs = ["--corpus", tmp_path / "corpus", "--index", tmp_path / "index"]
    result = invoke("index", inbox, *dirs, "--json", "--max-mb", "0.2")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    skipped = {os.path.basename(s["path"]): s["reason"] for s in report["skipped"]}
    assert set(skipped) == {"kalkyl.xlsx", "bild.png", "trasig-länk.txt"}
    assert skipped["trasig-länk.txt"] == "a link to something that does not exist"
    assert skipped["kalkyl.xlsx"].startswith("file type '.xlsx' is not read (loften reads ")
    assert "PDF" in skipped["kalkyl.xlsx"] and "DOCX" in skipped["kalkyl.xlsx"]
    assert skipped["bild.png"].startswith("file type '.png' is not read")
    assert [os.path.basename(f["path"]) for f in report["failed"]] == ["stor.txt"]
    assert report["failed"][0]["reason"].endswith("over the 0.2 MB limit")
    assert len(report["added"]) == 1
    assert result.stderr.count("stor.txt") == 1  # each failure printed once
    log = (tmp_path / "corpus" / "failures.log").read_text(encoding="utf-8").splitlines()
    assert sorted(os.path.basename(line.split("\t")[1]) for line in log) == sorted(
        ["stor.txt", "kalkyl.xlsx", "bild.png", "trasig-länk.txt"])

    again = invoke("index", inbox, *dirs, "--max-mb", "0.2")
    assert again.stdout.splitlines()[-1] == "added 0, updated 0, unchanged 1, skipped 3, failed 1"
    assert again.stderr.splitlines() == [f"Error: {inbox / 'stor.txt'}: " + report["failed"][0]["reason"]]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_folder_is_skipped_with_its_reason(tmp_path, inbox):
    locked = inbox / "låst"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = invoke("index", inbox, "--corpus", tmp_path / "c", "--index", tmp_path / "i", "--json")
    finally:
        locked.chmod(0o755)
    reasons = {os.path.basename(s["path"]): s["reason"] for s in json.loads(result.stdout)["skipped"]}
    assert reasons["låst"].startswith("folder could not be read")
