"""Drafting: the spec model, validation before anything is written, and the DOCX read back."""

from __future__ import annotations

import json
import os
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx.oxml.ns import qn

from pipeline.archive.store import iter_records, read_record, write_record
from pipeline.catalogue import build_catalogue
from pipeline.cli import cli
from pipeline.draft import draft, load_spec
from pipeline.draft.spec import spec_from_dict
from pipeline.errors import ConversionError, SpecError
from pipeline.record import Activity, Record, Source

FOT = "Polisen genomför fotpatrullering i centrum under fredagskvällar."
VANDRING = "Kommunen och polisen bjuder in till trygghetsvandringar i bostadsområdena."
FALT = "Fältassistenter finns på plats vid skolavslutningen."


def spec_dict(**changes) -> dict:
    spec = {
        "template": "medborgarlofte",
        "municipalities": ["Malung-Sälen"],
        "police_area": "Malung-Sälen",
        "year": 2027,
        "lagesbild": "Invånarna känner sig trygga i stort.\n\nOron gäller centrum på kvällstid.",
        "focus_areas": [
            {"title": "Synlighet", "activities": [
                {"text": "Polisen ska genomföra fotpatrullering i Malung fredagskvällar.",
                 "details": ["i samverkan med fältassistenter"], "actors": ["polisen", "kommunen"]},
                {"text": "Trygghetsvandring i Sälen varje höst."},
            ]},
            {"title": "Trafik", "activities": [{"text": "Hastighetskontroller vid skolorna.", "actors": ["polisen"]}]},
        ],
        "followup": "Löftet följs upp i juni och december.",
        "signatories": [
            {"name": "Anna Andersson", "role": "kommunstyrelsens ordförande", "organisation": "Malung-Sälens kommun"},
            {"name": "Per Persson", "role": "lokalpolisområdeschef", "organisation": "Polisen", "place": "Mora"},
        ],
        "place": "Malung",
        "date": "2027-01-15",
    }
    spec.update(changes)
    return spec


def write_spec(tmp_path, data: dict, name: str = "spec.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def read_back(path) -> list[tuple[str, str, int | None]]:
    """(style, text, list level or None) for every body paragraph, tables included."""
    document = docx.Document(str(path))
    out = []
    for p in document.element.body.iter(qn("w:p")):
        paragraph = docx.text.paragraph.Paragraph(p, document)
        num = p.pPr.find(qn("w:numPr")) if p.pPr is not None else None
        level = int(num.find(qn("w:ilvl")).get(qn("w:val"))) if num is not None else None
        if paragraph.text:
            out.append((paragraph.style.name, paragraph.text, level))
    return out


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus"
    write_record(path, Record(
        id="1111111111111111", source=Source(path="mora.pdf", sha256="1" * 64, format="pdf"),
        kind="medborgarlofte", municipalities=["Mora"], year=2025, focus_areas=["Trygghet"],
        activities=[
            Activity(FOT, focus_area="Trygghet", actors=["polisen"]),
            Activity(VANDRING, focus_area="Trygghet", actors=["kommunen", "polisen"], details=["två gånger per år"]),
            Activity(FALT, focus_area="Ungdomar", actors=["kommunen"]),
        ],
    ))
    return path


def test_load_spec_yaml_and_json_agree(tmp_path):
    data = spec_dict(kontaktperson="Eva Ek")
    from_yaml = load_spec(write_spec(tmp_path, data))
    (tmp_path / "spec.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    from_json = load_spec(tmp_path / "spec.json")
    assert from_yaml.focus_areas == from_json.focus_areas
    assert from_yaml.extra == {"kontaktperson": "Eva Ek"}
    assert from_yaml.focus_areas[0].activities[0].actors == ["polisen", "kommunen"]
    assert from_yaml.lagesbild == data["lagesbild"]


def test_yaml_date_becomes_iso_text(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec_dict(), allow_unicode=True).replace("'2027-01-15'", "2027-01-15"),
                    encoding="utf-8")
    assert load_spec(path).date == "2027-01-15"


@pytest.mark.parametrize("changes, message", [
    ({"municipalities": []}, "obligatoriskt fält saknas: municipalities"),
    ({"year": None}, "obligatoriskt fält saknas: year (eller period: {from: ..., to: ...})"),
    ({"period": {"from": 2027, "to": 2029}}, "ange year eller period, inte båda"),
    ({"year": None, "period": {"from": 2029, "to": 2027}}, "period slutar (2027) innan den börjar (2029)"),
    ({"signatories": []}, "obligatoriskt fält saknas: signatories"),
    ({"signatories": [{"role": "ordförande"}]}, "obligatoriskt fält saknas: signatories[0].name"),
    ({"focus_areas": [{"activities": []}]}, "obligatoriskt fält saknas: focus_areas[0].title"),
    ({"focus_areas": [{"title": "X", "activities": [{"details": ["a"]}]}]},
     "focus_areas[0].activities[0] behöver ett 'id' (från `loften activities`) eller en 'text'"),
    ({"kind": "avtal"}, "okänd kind 'avtal' (välj en av: medborgarlofte, samverkansoverenskommelse, "
                        "trygghetsoverenskommelse)"),
    ({"remove": ["A-1234"]}, "remove kräver based_on: <dokument-id> att ta bort ur"),
])
def test_spec_shape_errors(changes, message):
    with pytest.raises(SpecError) as e:
        spec_from_dict(spec_dict(**changes))
    assert str(e.value) == message


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text("municipalities: [Mora\nyear: 2027\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"spec.yaml: ogiltig YAML på rad 2"):
        load_spec(path)


def test_drafted_medborgarlofte_reads_back(tmp_path):
    out = tmp_path / "lofte.docx"
    result = draft(load_spec(write_spec(tmp_path, spec_dict())), out)
    assert (result.focus_areas, result.activities, result.signatories) == (2, 3, 2)
    assert result.title == "Medborgarlöfte 2027 för Malung-Sälens kommun"
    assert docx.Document(str(out)).core_properties.title == result.title
    paragraphs = read_back(out)
    assert paragraphs[0] == ("Title", "Medborgarlöfte 2027 för Malung-Sälens kommun", None)
    assert ("Normal", "Parter: Malung-Sälens kommun och Polisen", None) in paragraphs
    start = paragraphs.index(("Heading 2", "Synlighet", None))
    assert paragraphs[start:start + 7] == [
        ("Heading 2", "Synlighet", None),
        ("List Bullet", "Polisen ska genomföra fotpatrullering i Malung fredagskvällar.", 0),
        ("List Bullet 2", "i samverkan med fältassistenter", 1),
        ("List Bullet 2", "Ansvar: polisen och kommunen", 1),
        ("List Bullet", "Trygghetsvandring i Sälen varje höst.", 0),
        ("Heading 2", "Trafik", None),
        ("List Bullet", "Hastighetskontroller vid skolorna.", 0),
    ]
    texts = [t for _, t, _ in paragraphs]
    assert texts.count("Lägesbild") == 1 and "Oron gäller centrum på kvällstid." in texts
    assert "Löftet följs upp i juni och december." in texts
    assert not any("{" in t for t in texts)
    tables = docx.Document(str(out)).tables
    assert [[r.cells[0].text for r in t.rows][1:] for t in tables] == [
        ["Namnförtydligande: Anna Andersson", "Titel: kommunstyrelsens ordförande",
         "Organisation: Malung-Sälens kommun", "Ort och datum: Malung den 15 januari 2027"],
        ["Namnförtydligande: Per Persson", "Titel: lokalpolisområdeschef",
         "Organisation: Polisen", "Ort och datum: Mora den 15 januari 2027"],
    ]


def test_optional_sections_are_left_out(tmp_path):
    out = tmp_path / "lofte.docx"
    draft(spec_from_dict(spec_dict(lagesbild=None, followup=None, police_area=None)), out)
    texts = [t for _, t, _ in read_back(out)]
    assert "Lägesbild" not in texts and "Uppföljning" not in texts
    assert not any(t.startswith("Lokalpolisområde") for t in texts)


def test_values_are_data_not_template_code(tmp_path):
    nasty = 'Möte & samtal <b>"ungdomar"</b> {{ title }} {% if x %}'
    spec = spec_dict(
        focus_areas=[{"title": "A & B <C>", "activities": [{"text": nasty, "details": ["{{ 7*7 }}"],
                                                              "actors": ["polisen & kommunen"]}]}],
        followup="Uppföljning sker 'varje' kvartal > två gånger",
    )
    out = tmp_path / "lofte.docx"
    draft(spec_from_dict(spec), out)
    texts = [t for _, t, _ in read_back(out)]
    assert "A & B <C>" in texts and nasty in texts and "{{ 7*7 }}" in texts
    assert "Ansvar: polisen & kommunen" in texts
    assert "Uppföljning sker 'varje' kvartal > två gånger" in texts


def test_overenskommelse_with_period_and_three_parties(tmp_path):
    spec = spec_dict(
        template="overenskommelse", kind="trygghetsoverenskommelse", year=None,
        period={"from": 2027, "to": 2029}, municipalities=["malung-sälen", "Vansbro"],
        parties=["Malung-Sälens kommun", "Polisen", "Sälens Fastighets AB"],
    )
    out = tmp_path / "avtal.docx"
    result = draft(spec_from_dict(spec), out)
    assert result.title == "Trygghetsöverenskommelse 2027–2029 för Malung-Sälens kommun och Vansbro kommun"
    texts = [t for _, t, _ in read_back(out)]
    parties = texts.index("Parter")
    assert texts[parties + 1:parties + 4] == ["Malung-Sälens kommun", "Polisen", "Sälens Fastighets AB"]
    assert ("Denna trygghetsöverenskommelse gäller 2027–2029 och omfattar Malung-Sälens kommun och "
            "Vansbro kommun.") in texts


def test_catalogue_ids_take_the_canonical_wording_and_actors(tmp_path, corpus):
    entry = next(e for e in build_catalogue([read_record(corpus, "1111111111111111")]) if e.text == VANDRING)
    spec = spec_dict(focus_areas=[{"title": "Trygghet", "activities": [{"id": entry.id[:8]}, {"id": entry.id}]}])
    out = tmp_path / "lofte.docx"
    draft(spec_from_dict(spec), out, corpus=corpus)
    texts = [t for _, t, _ in read_back(out)]
    assert texts.count(VANDRING) == 2
    assert "Ansvar: kommunen och polisen" in texts


def test_based_on_keeps_the_record_less_removed_activities(tmp_path, corpus):
    fot_id = next(e.id for e in build_catalogue(iter_records(corpus)) if e.text == FOT)
    spec = spec_dict(based_on="1111111111111111", remove=[fot_id, FALT.upper()],
                     focus_areas=[{"title": "Trafik", "activities": [{"text": "Hastighetskontroller."}]}])
    out = tmp_path / "lofte.docx"
    result = draft(spec_from_dict(spec), out, corpus=corpus)
    assert result.activities == 2
    paragraphs = read_back(out)
    start = paragraphs.index(("Heading 2", "Trygghet", None))
    assert paragraphs[start:start + 6] == [
        ("Heading 2", "Trygghet", None),
        ("List Bullet", VANDRING, 0),
        ("List Bullet 2", "två gånger per år", 1),
        ("List Bullet 2", "Ansvar: kommunen och polisen", 1),
        ("Heading 2", "Trafik", None),
        ("List Bullet", "Hastighetskontroller.", 0),
    ]


@pytest.mark.parametrize("changes, message", [
    ({"municipalities": ["Malung-Salen"]}, "okänd kommun 'Malung-Salen' (menade du 'Malung-Sälen'?)"),
    ({"focus_areas": [{"title": "Tomt", "activities": []}]}, "fokusområdet 'Tomt' har inga aktiviteter"),
    ({"based_on": "ffffffffffffffff"}, "based_on: inget arkiverat dokument 'ffffffffffffffff' i {corpus}"),
    ({"based_on": "1111111111111111", "remove": ["Polisen genomför fotpatrullering i centrum"]},
     f"remove: 'Polisen genomför fotpatrullering i centrum' är ingen aktivitet i dokument 1111111111111111 "
     f"(menade du '{FOT}'?)"),
])
def test_validation_errors_leave_no_output(tmp_path, corpus, changes, message):
    out = tmp_path / "lofte.docx"
    with pytest.raises(SpecError) as e:
        draft(spec_from_dict(spec_dict(**changes)), out, corpus=corpus)
    assert str(e.value) == message.format(corpus=corpus)
    assert list(tmp_path.glob("lofte*")) == [] and list(tmp_path.glob(".lofte*")) == []


def test_unknown_activity_id_suggests_the_closest(tmp_path, corpus):
    (entry,) = [e for e in build_catalogue(iter_records(corpus)) if e.text == FOT]
    typo = entry.id[:-1] + ("0" if entry.id[-1] != "0" else "1")
    spec = spec_dict(focus_areas=[{"title": "X", "activities": [{"id": typo}]}])
    with pytest.raises(SpecError) as e:
        draft(spec_from_dict(spec), tmp_path / "out.docx", corpus=corpus)
    assert str(e.value) == (f"okänt aktivitets-id '{typo}' i focus_areas[0].activities[0] "
                            f"(menade du '{entry.id}'?)")


def _own_template(tmp_path, *lines):
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    path = tmp_path / "egen.docx"
    document.save(str(path))
    return path


def test_own_template_variables_must_be_filled_by_the_spec(tmp_path):
    template = _own_template(tmp_path, "{{ title }}", "Kontakt: {{ kontaktperson }}")
    out = tmp_path / "out.docx"
    with pytest.raises(SpecError) as e:
        draft(spec_from_dict(spec_dict()), out, template=template)
    assert str(e.value) == (f"mallen {template} använder variabler som specen inte fyller i: kontaktperson "
                            "(lägg till dem som nycklar överst i specen)")
    assert not out.exists()
    draft(spec_from_dict(spec_dict(kontaktperson="Eva <Ek>")), out, template=template)
    assert [t for _, t, _ in read_back(out)] == ["Medborgarlöfte 2027 för Malung-Sälens kommun", "Kontakt: Eva <Ek>"]


def test_broken_template_is_refused_with_its_location(tmp_path):
    template = _own_template(tmp_path, "{{ title }}", "{%p for area in focus_areas %}", "{{ area.title }}")
    with pytest.raises(SpecError) as e:
        draft(spec_from_dict(spec_dict()), tmp_path / "out.docx", template=template)
    assert str(e.value) == (f"mallen {template}: stycke 2: “for” stängs aldrig med “endfor”: "
                            "“{%p for area in focus_areas %}”")
    assert not (tmp_path / "out.docx").exists()


def test_pdf_without_libreoffice_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr("pipeline.draft.pdf.find_soffice", lambda: None)
    out = tmp_path / "lofte.docx"
    with pytest.raises(ConversionError) as e:
        draft(spec_from_dict(spec_dict()), out, pdf=True)
    assert str(e.value) == ("LibreOffice (soffice) is not installed; install it with: "
                            "apt-get install libreoffice-writer-nogui")
    assert not out.exists()


def test_cli_draft(tmp_path, corpus):
    runner = CliRunner()
    spec = write_spec(tmp_path, spec_dict())
    out = tmp_path / "lofte.docx"
    result = runner.invoke(cli, ["draft", str(spec), "-o", str(out), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert result.output == (f"Wrote {out}: Medborgarlöfte 2027 för Malung-Sälens kommun "
                             "(2 focus areas, 3 activities, 2 signatories)\n")

    bad = write_spec(tmp_path, spec_dict(municipalities=["Malung-Salen"]), "bad.yaml")
    result = runner.invoke(cli, ["draft", str(bad), "-o", str(tmp_path / "bad.docx"), "--corpus", str(corpus)])
    assert result.exit_code == 2
    assert result.output == "Error: okänd kommun 'Malung-Salen' (menade du 'Malung-Sälen'?)\n"
    assert not (tmp_path / "bad.docx").exists()

    result = runner.invoke(cli, ["draft", str(spec), "-o", str(out), "--template", "brev"])
    assert result.exit_code == 1
    assert result.output == ("Error: mallen finns inte: brev (inbyggda mallar: medborgarlofte, "
                             "overenskommelse, eller sökvägen till en .docx)\n")


def test_cli_draft_pdf_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr("pipeline.draft.pdf.find_soffice", lambda: None)
    out = tmp_path / "lofte.docx"
    result = CliRunner().invoke(cli, ["draft", str(write_spec(tmp_path, spec_dict())), "-o", str(out), "--pdf",
                                      "--json"])
    assert result.exit_code == 1
    assert result.output == ("Error: LibreOffice (soffice) is not installed; install it with: "
                             "apt-get install libreoffice-writer-nogui\n")
    assert not out.exists()


@pytest.mark.parametrize("line, message", [
    ("date: 2027-02-30", "date: 2027-02-30 finns inte (februari 2027 har 28 dagar)"),
    ("date: 2028-02-30", "date: 2028-02-30 finns inte (februari 2028 har 29 dagar)"),
    ("date: 2027-13-01", "date: '2027-13-01' är inget datum (skriv till exempel 2027-01-15)"),
    ("date: i morgon", "date: 'i morgon' är inget datum (skriv till exempel 2027-01-15)"),
])
def test_impossible_date_is_one_line_naming_the_field(tmp_path, line, message):
    text = yaml.safe_dump(spec_dict(date=None), allow_unicode=True, sort_keys=False).replace("date: null", line)
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as e:
        load_spec(path)
    assert str(e.value) == message
    result = CliRunner().invoke(cli, ["draft", str(path), "-o", str(tmp_path / "ut.docx")])
    assert result.exit_code == 2
    assert result.output == f"Error: {message}\n"


def test_signatory_date_is_checked_too():
    spec = spec_dict()
    spec["signatories"][1]["date"] = "2027-04-31"
    with pytest.raises(SpecError) as e:
        spec_from_dict(spec)
    assert str(e.value) == "signatories[1].date: 2027-04-31 finns inte (april 2027 har 30 dagar)"


def test_missing_output_folder_is_an_error_unless_mkdir(tmp_path):
    spec = write_spec(tmp_path, spec_dict())
    out = tmp_path / "nya" / "utkast" / "lofte.docx"
    runner = CliRunner()
    result = runner.invoke(cli, ["draft", str(spec), "-o", str(out)])
    assert result.exit_code == 1
    assert result.output == f"Error: {out}: mappen {out.parent} finns inte (ge --mkdir för att skapa den)\n"
    assert not (tmp_path / "nya").exists()
    result = runner.invoke(cli, ["draft", str(spec), "-o", str(out), "--mkdir"])
    assert result.exit_code == 0, result.output
    assert out.is_file()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_read_only_folder_names_the_users_path(tmp_path):
    spec = write_spec(tmp_path, spec_dict())
    locked = tmp_path / "låst"
    locked.mkdir()
    os.chmod(locked, 0o500)
    try:
        result = CliRunner().invoke(cli, ["draft", str(spec), "-o", str(locked / "lofte.docx")])
    finally:
        os.chmod(locked, 0o700)
    assert result.exit_code == 1
    assert result.output == f"Error: {locked / 'lofte.docx'}: ingen skrivrätt\n"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc, a folder no one can write in")
def test_unwritable_output_names_the_users_path(tmp_path):
    spec = write_spec(tmp_path, spec_dict())
    out = "/proc/lofte.docx"
    result = CliRunner().invoke(cli, ["draft", str(spec), "-o", out])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {out}: ") and result.output.count("\n") == 1
    assert ".tmp" not in result.output and "/proc/." not in result.output
    (tmp_path / "fil.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["draft", str(spec), "-o", str(tmp_path / "fil.txt" / "lofte.docx")])
    assert result.output == f"Error: {tmp_path / 'fil.txt' / 'lofte.docx'}: {tmp_path / 'fil.txt'} är ingen mapp\n"


def test_write_failure_names_the_users_path_not_the_temp_file(tmp_path, monkeypatch):
    from pipeline.errors import OutputError

    def full_disk(path, data):
        raise OSError(28, "No space left on device", str(path.parent / ".lofte.docx.abc123.tmp"))

    monkeypatch.setattr("pipeline.archive.store.atomic_write", full_disk)
    out = tmp_path / "lofte.docx"
    with pytest.raises(OutputError) as e:
        draft(spec_from_dict(spec_dict()), out)
    assert str(e.value) == f"{out}: kan inte skriva utkastet (No space left on device)"


def test_based_on_focus_area_titles_lose_the_old_towns_places(tmp_path):
    corpus = tmp_path / "corpus"
    write_record(corpus, Record(
        id="2222222222222222", source=Source(path="mora.pdf", sha256="2" * 64, format="pdf"),
        kind="medborgarlofte", municipalities=["Mora"], year=2025, focus_areas=["Ett tryggare Noret i Mora"],
        activities=[Activity("Polisen är synlig vid Noret på fredagskvällar.", focus_area="Ett tryggare Noret i Mora")],
    ))
    spec = spec_dict(based_on="2222222222222222", focus_areas=[])
    out = tmp_path / "lofte.docx"
    result = draft(spec_from_dict(spec), out, corpus=corpus)
    paragraphs = read_back(out)
    assert ("Heading 2", "Ett tryggare [fyll i ort] i [fyll i ort]", None) in paragraphs
    assert ("List Bullet", "Polisen är synlig vid [fyll i ort] på fredagskvällar.", 0) in paragraphs
    assert result.gaps == [
        "Fokusområdet “Ett tryggare Noret i Mora”: “Noret” (Mora kommun) ersatt med [fyll i ort]",
        "Fokusområdet “Ett tryggare Noret i Mora”: “Mora” (Mora kommun) ersatt med [fyll i ort]",
        "Ett tryggare [fyll i ort] i [fyll i ort], aktivitet 1: “Noret” (Mora kommun) ersatt med [fyll i ort]",
    ]
