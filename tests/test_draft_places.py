"""A draft for one municipality never promises work in another's places.

Real catalogues: the bundled samples' annotated records under their real ids, and the records
extracted from the development pages in ../shared/dev.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from pipeline.catalogue import build_catalogue, catalogue_of, find_entry
from pipeline.catalogue.places import MARK, find_places, mark_places
from pipeline.cli import cli
from pipeline.draft import draft, prepare
from pipeline.draft.labels import label
from pipeline.draft.properties import read_provenance
from pipeline.draft.spec import spec_from_dict
from pipeline.errors import SpecError
from tests.shared import require
from tests.test_draft_examples import gold_corpus  # noqa: F401 (a fixture)

GAP = label("place_gap")
OSTERSUND_HUND = "Polisen söker med narkotikahund på gymnasieskolorna i Östersund varje månad under läsåret"
LUDVIKA_VANDRING = "Kommunen och polisen genomför trygghetsvandringar i Ludvika centrum och i Grängesberg varje år"
LJUSDAL_VANDRING = "Kommunen och polisen genomför två trygghetsvandringar i Ljusdals centrum"


def _spec(municipality: str, activities: list, **changes) -> dict:
    spec = {
        "municipalities": [municipality], "police_area": municipality, "year": 2027,
        "focus_areas": [{"title": "Barn och unga", "activities": activities}],
        "signatories": [{"name": "Eva Ek", "role": "kommunstyrelsens ordförande",
                         "organisation": f"{municipality}s kommun"}],
        "place": municipality, "date": "2027-01-15",
    }
    spec.update(changes)
    return spec


def _entry(corpus, wording: str):
    return next(e for e in catalogue_of(corpus) if wording in e.wordings)


def _texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_places_are_recognised_in_all_their_forms():
    text = "Fotpatrullering i Ludvika centrum, i Grängesbergs skolor, i Malung-Sälens kommun och på Rosengård."
    assert [(m.text, m.place.name, m.place.municipalities) for m in find_places(text)] == [
        ("Ludvika", "Ludvika", ("Ludvika",)), ("Grängesbergs", "Grängesberg", ("Ludvika",)),
        ("Malung-Sälens kommun", "Malung-Sälen", ("Malung-Sälen",)), ("Rosengård", "Rosengård", ("Malmö",)),
    ]
    assert mark_places(text) == "Fotpatrullering i {ort} centrum, i {ort} skolor, i {ort} och på {ort}."
    # a name that is also a word: the verb is no municipality, nor is a sentence's first word
    assert find_places("Vi vill vara synliga. Mark och vägar ses över.") == []
    assert [m.text for m in find_places("Samverkan med Vara kommun.")] == ["Vara kommun"]


def test_every_locality_lies_in_a_known_municipality():
    from pipeline.catalogue.places import places
    from pipeline.lang.gazetteer import municipality_names

    known = set(municipality_names())
    owners = {m for place in places().values() for m in place.municipalities}
    assert owners == known  # every municipality has at least its main town, no unknown owner
    shared = require("data", "municipalities.csv")
    assert {line.split(",")[2] for line in shared.read_text(encoding="utf-8").splitlines()[1:]} == known


def test_catalogue_entry_reads_as_a_pattern_with_its_examples(gold_corpus):  # noqa: F811
    entry = _entry(gold_corpus, LUDVIKA_VANDRING)
    by_text = {x.text: x.municipalities for x in entry.examples}
    assert by_text == {LUDVIKA_VANDRING: ["Ludvika"], LJUSDAL_VANDRING: ["Ljusdal"]}
    assert MARK in entry.pattern and entry.to_dict()["pattern"] == entry.pattern
    assert entry.wording_for({"Ljusdal"}).text == LJUSDAL_VANDRING
    assert entry.wording_for({"Ludvika"}).text == LUDVIKA_VANDRING


def test_other_municipalitys_places_become_gaps(tmp_path, gold_corpus):  # noqa: F811
    hund = _entry(gold_corpus, OSTERSUND_HUND)
    out = tmp_path / "sandviken.docx"
    result = draft(spec_from_dict(_spec("Sandviken", [{"id": hund.id}])), out, corpus=gold_corpus)
    expected = "Polisen söker med narkotikahund på gymnasieskolorna i [fyll i ort] varje månad under läsåret"
    assert expected in _texts(out)
    assert not any("Östersund" in t for t in _texts(out))
    assert result.gaps == ["Barn och unga, aktivitet 1: “Östersund” (Östersunds kommun) ersatt med [fyll i ort]"]
    assert result.warnings == []
    assert [n.to_dict() for n in result.places] == [{
        "where": "Barn och unga, aktivitet 1", "place": "Östersund", "municipalities": ["Östersund"],
        "replaced": True, "message": result.gaps[0]}]
    assert read_provenance(out) == [{"focus_area": "Barn och unga", "catalogue_id": hund.id,
                                     "record_id": hund.examples[0].record_id}]


def test_own_wording_wins_and_keeps_its_own_numbers(tmp_path, gold_corpus):  # noqa: F811
    entry = _entry(gold_corpus, LUDVIKA_VANDRING)
    result = prepare(spec_from_dict(_spec("Ljusdal", [{"id": entry.id}])), corpus=gold_corpus)
    out = tmp_path / "ljusdal.docx"
    out.write_bytes(result.content)
    assert LJUSDAL_VANDRING in _texts(out)
    assert (result.gaps, result.warnings) == ([], [])
    ljusdal_record = next(x.record_id for x in entry.examples if x.municipalities == ["Ljusdal"])
    assert result.provenance == [{"focus_area": "Barn och unga", "catalogue_id": entry.id,
                                  "record_id": ljusdal_record}]


def test_a_third_municipality_gets_the_canonical_wording_with_every_foreign_place_a_gap(gold_corpus):  # noqa: F811
    entry = _entry(gold_corpus, LUDVIKA_VANDRING)
    result = prepare(spec_from_dict(_spec("Mora", [{"id": entry.id}])), corpus=gold_corpus)
    canonical = entry.examples[0]
    assert [x.place for x in result.places] == [m.text for m in find_places(canonical.text)]
    assert all(n.replaced for n in result.places) and result.warnings == []


def test_keep_places_keeps_what_the_spec_names(gold_corpus):  # noqa: F811
    hund = _entry(gold_corpus, OSTERSUND_HUND)
    for spec in (_spec("Sandviken", [{"id": hund.id}], keep_places=["Östersund"]),
                 _spec("Sandviken", [{"id": hund.id, "keep_places": ["Östersund"]}])):
        result = prepare(spec_from_dict(spec), corpus=gold_corpus)
        assert (result.gaps, result.warnings) == ([], [])


def test_own_text_with_a_foreign_place_is_warned_and_strict_refuses(tmp_path, gold_corpus):  # noqa: F811
    own = "Polisen fotpatrullerar i Grängesberg varje fredag."
    spec = _spec("Sandviken", [own], lagesbild="Oron gäller Storvik och Järvsö.")
    result = prepare(spec_from_dict(spec), corpus=gold_corpus)
    assert result.warnings == [
        "Barn och unga, aktivitet 1: “Grängesberg” hör till Ludvika kommun, inte till Sandvikens kommun",
        "Lägesbild: “Järvsö” hör till Ljusdals kommun, inte till Sandvikens kommun",
    ]
    assert result.gaps == []
    with pytest.raises(SpecError) as e:
        prepare(spec_from_dict(spec), corpus=gold_corpus, strict=True)
    assert str(e.value) == ("--strict: andra kommuners orter finns kvar i utkastet: Barn och unga, aktivitet 1: "
                            "“Grängesberg” hör till Ludvika kommun, inte till Sandvikens kommun (och 1 till)")

    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "utkast.docx"
    runner = CliRunner()
    ran = runner.invoke(cli, ["draft", str(path), "-o", str(out), "--corpus", str(gold_corpus)])
    assert ran.exit_code == 0, ran.output
    assert ran.stderr.splitlines() == [f"Varning: {w}" for w in result.warnings]
    assert own in _texts(out)
    out.unlink()
    ran = runner.invoke(cli, ["draft", str(path), "-o", str(out), "--corpus", str(gold_corpus), "--strict"])
    assert ran.exit_code == 2
    assert ran.stderr.splitlines()[-1] == f"Error: {e.value}"
    assert not out.exists()


def test_based_on_renewal_for_another_town_loses_the_old_towns_places(tmp_path, gold_corpus):  # noqa: F811
    from pipeline.archive.store import iter_records

    ludvika = next(r for r in iter_records(gold_corpus) if r.municipalities == ["Ludvika"])
    result = prepare(spec_from_dict(_spec("Smedjebacken", [], focus_areas=[], based_on=ludvika.id)),
                     corpus=gold_corpus)
    out = tmp_path / "smedjebacken.docx"
    out.write_bytes(result.content)
    texts = _texts(out)
    assert "Kommunen och polisen genomför trygghetsvandringar i [fyll i ort] centrum och i [fyll i ort] varje år" in texts
    assert not any("Ludvika" in t or "Grängesberg" in t for t in texts[1:])
    assert [(n.place, n.replaced) for n in result.places] == [("Ludvika", True), ("Grängesberg", True)]
    assert {p["record_id"] for p in result.provenance} == {ludvika.id}


@pytest.fixture(scope="module", params=["pages", "pages2"])
def dev_catalogue(request):
    from pipeline.extract import extract_file

    docs = require("dev", request.param, "docs")
    return build_catalogue([extract_file(p) for p in sorted(docs.glob("*.txt"))])


def test_dev_pages_entries_drafted_elsewhere_keep_no_foreign_place(dev_catalogue):
    from pipeline.draft.context import resolve_activity
    from pipeline.draft.spec import SpecActivity

    with_places = [e for e in dev_catalogue if e.places]
    assert len(with_places) >= 10
    for entry in with_places:
        elsewhere = next(m for m in ("Sandviken", "Mora", "Kiruna") if m not in entry.municipalities
                         and not any(m in x.municipalities for x in entry.examples))
        resolved = resolve_activity(SpecActivity(id=entry.id), dev_catalogue, "X", {elsewhere}, set())
        text = resolved.item["text"]
        assert find_entry(dev_catalogue, entry.id) is entry
        assert [m for m in find_places(text) if elsewhere not in m.place.municipalities] == []
        assert text.replace(GAP, MARK) == mark_places(entry.text), entry.text
        assert len(resolved.notes) == text.count(GAP)


def test_cli_activities_for_a_municipality_shows_its_own_wording_and_the_pattern(gold_corpus):  # noqa: F811
    entry = _entry(gold_corpus, LUDVIKA_VANDRING)
    result = CliRunner().invoke(cli, ["activities", "-m", "Ljusdals kommun", "--corpus", str(gold_corpus)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = lines.index(f"{entry.id}  {LJUSDAL_VANDRING}")
    assert lines[at + 1] == f"    pattern: {entry.pattern}"
    assert not any(LUDVIKA_VANDRING in line for line in lines)
