"""A changed file at a known path adds a new version linked to its predecessor; both stay,
`show` lists the versions and the archived copy, search returns each version by its year."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli


def lofte(year: int, extra: str = "") -> str:
    return (f"Medborgarlöfte {year} för Ludvika\n\nLokalpolisområde Ludvika och Ludvika kommun lovar:\n\n"
            f"• Polisen genomför fotpatrullering i centrum {year}\n{extra}")


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_three_editions_under_one_name_are_three_linked_documents(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    path = inbox / "medborgarlofte.txt"
    dirs = ["--corpus", tmp_path / "corpus", "--index", tmp_path / "index"]
    ids = []
    for year in (2024, 2025, 2026):
        path.write_text(lofte(year), encoding="utf-8")
        report = json.loads(invoke("index", inbox, *dirs, "--json").stdout)
        ids += report["added"] + report["updated"]
    assert len(set(ids)) == 3

    shown = json.loads(invoke("show", ids[0], *dirs, "--json").stdout)
    assert [(v["id"], v["year"], v["current"]) for v in shown["versions"]] == [
        (ids[0], 2024, False), (ids[1], 2025, False), (ids[2], 2026, True)]
    assert Path(shown["archived_copy"]).read_text(encoding="utf-8") == lofte(2024)
    assert shown["source"]["paths"] == [] and shown["previous"] is None
    newest = json.loads(invoke("show", ids[2], *dirs, "--json").stdout)
    assert newest["previous"] == ids[1] and newest["source"]["paths"] == [str(path.resolve())]
    assert [v["id"] for v in newest["versions"]] == ids

    text = invoke("show", ids[1], *dirs).stdout
    middle = json.loads(invoke("show", ids[1], *dirs, "--json").stdout)
    assert f"archived copy: {middle['archived_copy']}" in text.splitlines()
    assert f" * {ids[1]}  2025" in text and f"   {ids[0]}  2024" in text and "(older version)" in text

    hits = json.loads(invoke("search", "fotpatrullering", *dirs, "--json").stdout)["hits"]
    assert sorted((h["id"], h["year"]) for h in hits) == sorted(zip(ids, (2024, 2025, 2026)))
    only = json.loads(invoke("search", "fotpatrullering", "--year", "2025", *dirs, "--json").stdout)["hits"]
    assert [h["id"] for h in only] == [ids[1]]
