"""The activity catalogue: merging near-duplicate wordings, stable ids, filters, CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pipeline.archive.store import iter_records, write_record
from pipeline.catalogue import build_catalogue, filter_catalogue, find_entry
from pipeline.cli import cli
from pipeline.record import Activity, Period, Record, Source


def make_record(rid: str, municipality: str, year: int | None, activities: list[Activity],
                period: Period | None = None) -> Record:
    return Record(
        id=rid, source=Source(path=f"{rid}.pdf", sha256=rid * 4, format="pdf"),
        kind="medborgarlofte", municipalities=[municipality], year=year, period=period,
        activities=activities,
    )


FOT = "Polisen ska genomföra fotpatrullering i centrum under fredagskvällar."
FOT_2 = "Polisen genomför fotpatrulleringar i centrum fredagskvällar"
FOT_3 = "fredagskvällar: fotpatrullering i centrum, polisen"
TRYGG = "Kommunen bjuder in till trygghetsvandringar i bostadsområden varje vår."
EPA = "Polisen och kommunen följer upp trafiken med epa-traktorer vid skolorna."


@pytest.fixture
def corpus(tmp_path):
    records = [
        make_record("b000000000000002", "Malung-Sälen", 2025, [
            Activity(FOT_2, focus_area="Synlighet", actors=["polisen"], themes=["synlighet"]),
            Activity(TRYGG, actors=["kommunen"], themes=["trygghetsvandring"]),
        ]),
        make_record("a000000000000001", "Vansbro", 2024, [
            Activity(FOT, actors=["Polisen"], themes=["synlighet", "ordning"]),
        ]),
        make_record("c000000000000003", "Mora", None, [
            Activity(FOT_3, actors=["polisen", "fältassistenter"]),
            Activity(EPA, actors=["polisen", "kommunen"], themes=["trafik"]),
        ], period=Period(2026, 2027)),
    ]
    for r in records:
        write_record(tmp_path, r)
    return tmp_path


def test_near_duplicate_wordings_are_merged_with_union_of_facts(corpus):
    catalogue = build_catalogue(iter_records(corpus))
    assert len(catalogue) == 3
    top = catalogue[0]
    assert top.text == FOT  # canonical: the earliest year
    assert top.merged == 3 and set(top.wordings) == {FOT, FOT_2, FOT_3}
    assert top.documents == 3
    assert top.actors == ["fältassistenter", "Polisen"]
    assert top.themes == ["ordning", "synlighet"]
    assert top.municipalities == ["Malung-Sälen", "Mora", "Vansbro"]
    assert top.years == [2024, 2025, 2026, 2027]
    assert top.focus_areas == ["Synlighet"]
    assert top.id.startswith("A-") and len(top.id) == 12
    assert {e.text for e in catalogue[1:]} == {TRYGG, EPA}


def test_different_activities_with_shared_words_stay_apart():
    records = [make_record("d000000000000001", "Mora", 2025, [
        Activity("Polisen genomför fotpatrullering i centrum."),
        Activity("Polisen genomför trafikkontroller vid skolorna."),
        Activity("Polisen"),
    ])]
    assert len(build_catalogue(records)) == 3


def test_ids_do_not_change_when_unrelated_documents_are_added(corpus):
    before = {e.text: e.id for e in build_catalogue(iter_records(corpus))}
    write_record(corpus, make_record("0000000000000000", "Orsa", 2020, [
        Activity("Kommunen anställer fler fältassistenter under sommaren."),
        Activity("Föreningar erbjuder nattvandring i samband med skolavslutningen."),
    ]))
    after = {e.text: e.id for e in build_catalogue(iter_records(corpus))}
    assert len(after) == 5
    assert {t: after[t] for t in before} == before


def test_find_entry_by_full_id_and_unique_prefix(corpus):
    catalogue = build_catalogue(iter_records(corpus))
    entry = catalogue[1]
    assert find_entry(catalogue, entry.id) is entry
    assert find_entry(catalogue, entry.id[:9]) is entry
    assert find_entry(catalogue, "A-zzzz") is None
    assert find_entry(catalogue, "A-") is None


def test_filters(corpus):
    catalogue = build_catalogue(iter_records(corpus))
    assert [e.text for e in filter_catalogue(catalogue, theme="Trafik")] == [EPA]
    assert [e.text for e in filter_catalogue(catalogue, municipality="malung-sälen")] == [FOT, TRYGG]
    assert [e.text for e in filter_catalogue(catalogue, query="trygghetsvandring")] == [TRYGG]
    assert [e.text for e in filter_catalogue(catalogue, query="epa traktorer")] == [EPA]
    assert filter_catalogue(catalogue, query="brandövning") == []


def test_cli_activities_json_and_text(corpus):
    runner = CliRunner()
    result = runner.invoke(cli, ["activities", "--corpus", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["merged"] for d in data] == [3, 1, 1]
    assert data[0]["text"] == FOT and data[0]["documents"] == 3

    result = runner.invoke(cli, ["activities", "--corpus", str(corpus), "--theme", "trafik"])
    assert result.exit_code == 0
    assert EPA in result.output and FOT not in result.output

    result = runner.invoke(cli, ["activities", "--corpus", str(corpus), "--query", "brandövning"])
    assert result.exit_code == 0
    assert "No activities match." in result.output


def test_cli_activities_empty_corpus_is_an_error(tmp_path):
    result = CliRunner().invoke(cli, ["activities", "--corpus", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.output.strip().endswith(f"no archived records in {tmp_path / 'none'} (run `loften index` first)")


def test_unknown_theme_and_genitive_municipality(tmp_path):
    from pipeline.errors import QueryError

    catalogue = build_catalogue([make_record("r1", "Ljusdal", 2024, [
        Activity(text="Polisen genomför trafikkontroller vid skolorna.", themes=["trafik"])])])
    with pytest.raises(QueryError, match="Okänt tema: flygplan"):
        filter_catalogue(catalogue, theme="flygplan")
    assert [e.municipalities for e in filter_catalogue(catalogue, municipality="Ljusdals kommun")] == [["Ljusdal"]]
