"""`loften extract`: one record per publication, the same record from any format, and one clear
line per bad file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.extract import extract_file

PROMISE = {
    "title": "Exempel: Medborgarlöfte 2026–2027 för Orsa och Mora",
    "blocks": [
        {"p": "Publicerad 12 januari 2026"},
        {"p": "Orsa kommun, Mora kommun och lokalpolisområde Mora har tagit fram ett gemensamt "
              "medborgarlöfte för 2026–2027. Kommunstyrelsens ordförande Lena Ek och "
              "lokalpolisområdeschef Johan Berglund skrev under medborgarlöftet den 9 januari 2026."},
        {"h": "Synlig polis", "level": 2},
        {"p": "Detta gör vi genom att:"},
        {"li": "Polisen genomför fotpatrullering i Orsa centrum varje fredagskväll", "depth": 0},
        {"li": "särskilt vid busstationen", "depth": 1},
        {"li": "Polisen och kommunen genomför trafikkontroller vid skolorna i augusti", "depth": 0},
        {"h": "Unga och narkotika", "level": 2},
        {"li": "Polisen genomför sök med narkotikahund på gymnasieskolan två gånger per termin", "depth": 0},
        {"li": "Socialtjänsten och föreningar nattvandrar på helgerna", "depth": 0},
    ],
    "options": {"header": "Exempel – Orsa och Mora", "footer": "Exempeltext för loften",
                "page_numbers": True, "min_pages": 3},
}


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    from docgen import render

    folder = tmp_path_factory.mktemp("formats")
    return {fmt: extract_file(render(PROMISE, fmt, folder / f"promise.{fmt}")) for fmt in ("pdf", "docx", "html", "txt")}


def test_record_values(records):
    r = records["txt"]
    assert r.kind == "medborgarlofte"
    assert r.municipalities == ["Orsa", "Mora"]
    assert r.county == "Dalarnas län"
    assert r.police_area == "Mora"
    assert (r.year, r.period.from_, r.period.to) == (2026, 2026, 2027)
    assert (r.published, r.signed) == ("2026-01-12", "2026-01-09")
    assert [(s.name, s.role, s.organisation) for s in r.signatories] == [
        ("Lena Ek", "kommunstyrelsens ordförande", "Orsa kommun"),
        ("Johan Berglund", "lokalpolisområdeschef", "Polisen"),
    ]
    assert r.focus_areas == ["Synlig polis", "Unga och narkotika"]
    texts = [a.text for a in r.activities]
    assert texts[0] == "Polisen genomför fotpatrullering i Orsa centrum varje fredagskväll"
    assert r.activities[0].details == ["särskilt vid busstationen"]
    assert r.activities[0].focus_area == "Synlig polis"
    assert r.activities[1].actors == ["polisen", "kommunen"]
    assert "narkotika" in r.activities[2].themes and "skola" in r.activities[2].themes
    assert r.activities[3].actors == ["socialtjänsten", "civilsamhället"]
    for theme in ("synlighet", "trafik", "narkotika", "skola", "nattvandring"):
        assert theme in r.themes
    assert "Orsa kommun" in r.parties and "Polisen" in r.parties


def test_same_content_same_record_in_every_format(records):
    reference = records["txt"].content_dict()
    for fmt, record in records.items():
        assert record.content_dict() == reference, fmt
        assert record.source.format == fmt
    assert records["pdf"].source.pages >= 3
    assert "Exempeltext för loften" not in records["pdf"].text  # running footer removed


def test_record_json_matches_schema(records):
    import jsonschema

    schema = json.loads((Path(__file__).parents[1] / "pipeline/schema/record.schema.json").read_text())
    for record in records.values():
        jsonschema.validate(json.loads(record.to_json()), schema)
        assert record.id == record.source.sha256[:16]


def test_round_trip_through_json(records):
    from pipeline.record import Record

    r = records["docx"]
    assert Record.from_json(r.to_json()) == r


def test_swedish_text_is_nfc(tmp_path):
    import unicodedata

    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", "Medborgarlöfte 2025 för Årjängs kommun\n\nPolisen lovar."), encoding="utf-8")
    r = extract_file(path)
    assert r.municipalities == ["Årjäng"]
    assert unicodedata.is_normalized("NFC", r.text)


def test_cli_readable_and_json(tmp_path):
    from docgen import render

    path = render(PROMISE, "html", tmp_path / "promise.html")
    runner = CliRunner()
    result = runner.invoke(cli, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    assert "kind: Medborgarlöfte | municipalities: Orsa, Mora" in result.output
    assert "signed by: Lena Ek, kommunstyrelsens ordförande, Orsa kommun" in result.output
    result = runner.invoke(cli, ["extract", str(tmp_path), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [d["municipalities"] for d in data] == [["Orsa", "Mora"]]


def test_cli_bad_inputs_reported_and_batch_goes_on(tmp_path):
    from docgen import render

    good = render(PROMISE, "txt", tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (tmp_path / "notes.odt").write_bytes(b"whatever")
    scanned = render({"title": "Skannad", "blocks": [], "options": {"scanned": True}}, "pdf", tmp_path / "scanned.pdf")
    locked = render({**PROMISE, "options": {"password": "hemligt"}}, "pdf", tmp_path / "locked.pdf")
    runner = CliRunner()
    result = runner.invoke(cli, ["extract", str(good), str(tmp_path / "empty.txt"), str(tmp_path / "junk.txt"),
                                 str(tmp_path / "broken.pdf"), str(tmp_path / "notes.odt"), str(scanned),
                                 str(locked), str(tmp_path / "missing.docx"), "--json"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line]
    assert errors == [
        f"Error: {tmp_path / 'empty.txt'}: file is empty",
        f"Error: {tmp_path / 'junk.txt'}: not a text file: binary content",
        f"Error: {tmp_path / 'broken.pdf'}: " + errors[2].split(": ", 2)[2],
        f"Error: {tmp_path / 'notes.odt'}: not a readable ODT: not a zip package (damaged or not an Office file)",
        f"Error: {scanned}: PDF has no text layer (scanned?); read it with --ocr (or LOFTEN_OCR=1)",
        f"Error: {locked}: PDF is encrypted (password protected)",
        f"Error: {tmp_path / 'missing.docx'}: no such file",
    ]
    assert errors[2].split(": ", 2)[2].startswith("not a readable PDF")
    assert "Traceback" not in result.output
    outcomes = json.loads(result.stdout)
    assert [d["source"]["path"] for d in outcomes if "source" in d] == [str(good)]
    assert [f"Error: {d['path']}: {d['error']}" for d in outcomes if "error" in d] == errors


def test_cli_too_large(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Medborgarlöfte 2025\n\n" + "Polisen lovar. " * 2000, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(big), "--max-mb", "0.01"])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {big}: file is 30.0 kB, over the 10.0 kB limit"


def test_token_lemmas_come_from_the_vocabulary():
    """Every token's lemma_ is its dictionary form: inflections, compounds and the verbs the
    rules read ("ska", "lovar", "skrev under") all reduce to one form."""
    from pipeline.lang.nlp import get_nlp

    doc = get_nlp()("Skolorna ska genomföra trygghetsvandringar och kommunen lovar att medborgarlöftena skrevs under")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["Skolorna"] == "skola"
    assert lemmas["ska"] == "ska"
    assert lemmas["trygghetsvandringar"] == "trygghetsvandring"
    assert lemmas["kommunen"] == "kommun"
    assert lemmas["lovar"] == "lova"
    assert lemmas["medborgarlöftena"] == "medborgarlöfte"
    assert lemmas["skrevs"] == "skriva"


def test_cue_words_match_every_inflection():
    """A cue word written once as its lemma matches its inflected forms in a text."""
    from pipeline.extract.analysis import count_terms, lemma_key

    key = lemma_key("Medborgarlöftet och medborgarlöftenas aktiviteter undertecknades i går.")
    assert count_terms(key, ["medborgarlöfte"]) == 2
    assert count_terms(key, ["underteckna"]) == 1


BODY = ("Kommunen och lokalpolisområdet har tagit fram ett medborgarlöfte för 2024. Polisen "
        "genomför fotpatrullering i centrum varje fredag.")


@pytest.mark.parametrize("date_line, expected", [
    ("2024-03-05", "2024-03-05"),                                   # a bare ISO date line
    ("5 mars 2024", "2024-03-05"),                                  # a bare date in Swedish words
    ("2024-03-05 14:32", "2024-03-05"),                             # with a time of day
    ("Publicerad: 2024-03-05 kl. 14.32", "2024-03-05"),
    ("Publicerat den 5 mars 2024", "2024-03-05"),
    ("Publicerad tisdag 5 mars 2024, 08:15", "2024-03-05"),         # a weekday between
    ("Uppdaterad 5 mars 2024", "2024-03-05"),
    ("Senast ändrad: 2024-03-05", "2024-03-05"),
    ("Datum: 5 mar 2024", "2024-03-05"),
    ("Published: March 5, 2024", "2024-03-05"),                     # English words and order
    ("Mar 5th, 2024 at 9:00 am", "2024-03-05"),
    ("5th March 2024", "2024-03-05"),
])
def test_published_date_shapes(tmp_path, date_line, expected):
    path = tmp_path / "sida.txt"
    path.write_text(f"Nytt medborgarlöfte i Orsa\n\n{date_line}\n\n{BODY}\n", encoding="utf-8")
    assert extract_file(path).published == expected


@pytest.mark.parametrize("paragraph", [
    "ORSA 5 mars 2024. " + BODY,          # a newspaper dateline
    "Orsa, 2024-03-05 – " + BODY,
    "ORSA5 mars 2024 " + BODY,            # place and date glued by text extraction
])
def test_published_from_a_news_dateline(tmp_path, paragraph):
    path = tmp_path / "nyhet.txt"
    path.write_text(f"Nytt medborgarlöfte i Orsa\n\n{paragraph}\n", encoding="utf-8")
    assert extract_file(path).published == "2024-03-05"


def test_publication_label_beats_update_and_bare_dates(tmp_path):
    path = tmp_path / "sida.txt"
    path.write_text("Nytt medborgarlöfte i Orsa\n\nSenast uppdaterad 9 april 2024\n\n"
                    f"{BODY}\n\nPublicerad 5 mars 2024\n", encoding="utf-8")
    assert extract_file(path).published == "2024-03-05"


def test_a_date_deep_in_the_text_is_not_the_publication_date(tmp_path):
    path = tmp_path / "sida.txt"
    paragraphs = [BODY] * 7 + ["2024-03-05"]
    path.write_text("Nytt medborgarlöfte i Orsa\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    assert extract_file(path).published is None


@pytest.mark.parametrize("text_date, expected", [
    ("", "2024-03-05"),                                   # the metadata when the text has no date
    ("Publicerad 4 mars 2024", "2024-03-04"),             # the visible label wins
    ("Senast uppdaterad 9 april 2024", "2024-03-05"),     # the metadata beats an update date
])
def test_html_metadata_date_as_evidence(tmp_path, text_date, expected):
    """The parser's `meta["published"]` (article:published_time, <time datetime>, JSON-LD)."""
    from pipeline.extract import extract_parsed
    from pipeline.parse import parse_file

    path = tmp_path / "sida.txt"
    path.write_text(f"Nytt medborgarlöfte i Orsa\n\n{text_date}\n\n{BODY}\n", encoding="utf-8")
    doc, data = parse_file(path)
    doc.meta = {"published": "2024-03-05"}
    assert extract_parsed(doc, data, str(path)).published == expected


@pytest.mark.parametrize("furniture", [
    "Other languages",
    "Typ av artikel: Nyhet",
    "Ring till kundtjänst 0771-14 00 00",
    "Anna Lind och Per Holm",                # a photo caption naming people
    "Orsa, Dalarnas län",                    # place names only
    "Dela sidan på sociala medier",
    "Publicerad 5 mars 2024",
])
def test_title_is_never_web_furniture(tmp_path, furniture):
    from docgen import render

    doc = {"blocks": [{"h": furniture, "level": 2}, {"h": "Nytt medborgarlöfte för Orsa", "level": 1},
                      {"p": BODY}]}
    assert extract_file(render(doc, "html", tmp_path / "sida.html")).title == "Nytt medborgarlöfte för Orsa"


@pytest.mark.parametrize("sentence, period", [
    ("Samverkansöverenskommelsen gäller från den 1 mars 2023 till 28 februari 2027.", (2023, 2027)),
    ("Samverkansöverenskommelsen löper från och med 2023-12-15 till och med 2026-12-31.", (2023, 2026)),
    ("Medborgarlöftet gäller 2024–2025.", (2024, 2025)),
])
def test_period_from_full_dates_or_years(tmp_path, sentence, period):
    path = tmp_path / "sida.txt"
    path.write_text(f"Samverkan i Orsa\n\nOrsa kommun och polisen har en överenskommelse. {sentence}\n",
                    encoding="utf-8")
    r = extract_file(path)
    assert (r.year, r.period.from_, r.period.to) == (period[0], *period)


@pytest.mark.parametrize("phrase, area", [
    ("lokalpolisområde södra Ångermanland", "Södra Ångermanland"),   # a lower-case direction
    ("lokalpolisområde Luleå/Boden", "Luleå/Boden"),                 # a slash
    ("lokalpolisområde Luleå - Boden", "Luleå/Boden"),
    ("lokalpolisområde Medelpad", "Medelpad"),                       # a landscape's name
    ("lokalpolisen Södra Ångermanland", "Södra Ångermanland"),
    ("Landskronapolisen", "Landskrona"),                             # the area's police in one word
    ("lokalpolisområdeschef, Uppsala/Knivsta,", "Uppsala/Knivsta"),
    ("LPO Piteå älvdal", "Piteå älvdal"),
    ("lokalpolsområde Borås", "Borås"),                             # a misspelt trigger
])
def test_police_area_name_variants(tmp_path, phrase, area):
    path = tmp_path / "sida.txt"
    path.write_text(f"Medborgarlöfte 2024\n\nKommunen och {phrase} lovar att genomföra fotpatrullering "
                    "i centrum varje vecka.\n", encoding="utf-8")
    assert extract_file(path).police_area == area


def test_municipality_inferred_from_the_area(tmp_path):
    path = tmp_path / "sida.txt"
    path.write_text("Medborgarlöfte 2024\n\nLokalpolisområde Norra Ångermanland lovar att genomföra "
                    "fotpatrullering i centrum varje vecka.\n", encoding="utf-8")
    r = extract_file(path)
    assert (r.police_area, r.municipalities, r.county) == ("Norra Ångermanland", ["Örnsköldsvik"], "Västernorrlands län")


def test_police_gazetteer_covers_every_municipality():
    """Every municipality lies in a lokalpolisområde of the gazetteer, under its real name."""
    from pipeline.lang.gazetteer import areas_of, canonical_municipality, municipality_names, police_areas

    areas = police_areas()
    assert len(areas) >= 95 and len({a.name for a in areas}) == len(areas)
    assert all(canonical_municipality(m) == m for a in areas for m in a.municipalities)
    assert [m for m in municipality_names() if not areas_of(m)] == []
    assert {a.polisomrade for a in areas_of("Kiruna")} == {"Norrbotten"}
    assert {a.region for a in areas_of("Göteborg")} == {"Väst"}


def test_first_names_are_thousands_of_common_names():
    from pipeline.lang.nlp import first_names, is_first_name

    assert len(first_names()) >= 2100
    for name in ("Anna", "Mohammed", "Sten-Ove", "Åsa", "Linnéa", "Ebba"):
        assert is_first_name(name), name


@pytest.mark.parametrize("chair,chief", [
    ("Sepideh Karimi", "Mladen Petrović"), ("Päivi Niemi", "Abdirizak Warsame"),
    ("Wiktoria Nowak", "Hannes Lindqvist"), ("Feven Tesfay", "August Holm"),
    ("Agnieszka Kowalska", "Serkan Yilmaz"), ("Yasaman Rahimi", "Dženan Hodžić"),
])
def test_signatories_with_common_names_no_dev_page_has(tmp_path, chair, chief):
    """Names borne in Sweden today, Swedish and of immigrant origin, that none of the
    development pages contains: the signing sentence finds both people."""
    from docgen import render

    doc = {"title": "Medborgarlöfte 2026 för Orsa", "blocks": [
        {"p": f"Kommunstyrelsens ordförande {chair} och lokalpolisområdeschef {chief} skrev under "
              "medborgarlöftet för Orsa kommun den 9 januari 2026."},
        {"li": "Polisen genomför trafikkontroller vid skolorna i augusti", "depth": 0}]}
    r = extract_file(render(doc, "txt", tmp_path / "lofte.txt"))
    assert [s.name for s in r.signatories] == [chair, chief]


def test_a_cut_off_last_item_is_not_an_activity(tmp_path):
    """Excerpts stop mid-word: a last list item of a few words without an ending is dropped,
    a finished short item ("Fotpatrullering") is kept."""
    from docgen import render

    items = ["Polisen genomför trafikkontroller vid skolorna i augusti", "Fotpatrullering", "Polisen ska"]
    doc = {"title": "Medborgarlöfte 2025 för Orsa", "blocks": [
        {"p": "Orsa kommun och polisen lovar att arbeta för ökad trygghet. Detta gör vi genom att:"},
        *({"li": text, "depth": 0} for text in items)]}
    r = extract_file(render(doc, "txt", tmp_path / "lofte.txt"))
    assert [x.text for x in r.activities] == items[:2]


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_signature_blocks_of_name_title_and_organisation(tmp_path, fmt):
    from docgen import render

    doc = {"title": "Medborgarlöfte 2025 för Orsa", "blocks": [
        {"p": "Orsa kommun och polisen lovar att arbeta för ökad trygghet. Detta gör vi genom att:"},
        {"li": "Polisen genomför trafikkontroller vid skolorna i augusti", "depth": 0},
        {"p": "Karin Berg"}, {"p": "Chef lokalpolisområde Mora"}, {"p": "Polismyndigheten"},
        {"p": "Lars Holm"}, {"p": "Ordförande kommunstyrelsen"}, {"p": "Orsa kommun"}]}
    r = extract_file(render(doc, fmt, tmp_path / f"lofte.{fmt}"))
    assert [(s.name, s.role, s.organisation) for s in r.signatories] == [
        ("Karin Berg", "lokalpolisområdeschef", "Polisen"),
        ("Lars Holm", "kommunstyrelsens ordförande", "Orsa kommun"),
    ]


def test_an_end_date_alone_gives_no_year(tmp_path):
    path = tmp_path / "sida.txt"
    path.write_text("Samverkan i Orsa\n\nOrsa kommun och polisen har en samverkansöverenskommelse som ska "
                    "gälla fram till 2027. Polisen ska genomföra trafikkontroller.\n", encoding="utf-8")
    assert extract_file(path).year is None


@pytest.mark.parametrize("layout", ["prose", "list"])
def test_a_second_predicate_is_a_second_promise(tmp_path, layout):
    sentence = ("Orsa kommun och polisen ska tillsammans utbilda personalen på fritidsgårdarna "
                "samt genomföra trafikkontroller vid skolorna varje termin.")
    other = "Polisen ska fotpatrullera i centrum varje fredag."
    body = f"{sentence}\n\n{other}" if layout == "prose" else f"Det här lovar vi:\n\n- {sentence}\n- {other}"
    path = tmp_path / "sida.txt"
    path.write_text(f"Medborgarlöfte för Orsa 2026\n\n{body}\n", encoding="utf-8")
    assert [x.text for x in extract_file(path).activities] == [
        "Orsa kommun och polisen ska tillsammans utbilda personalen på fritidsgårdarna",
        "Genomföra trafikkontroller vid skolorna varje termin.", other]


@pytest.mark.parametrize("sentence", [
    "Polisen ska planera och genomföra trafikkontroller.",  # one predicate, two verbs
    "Polisen ska patrullera i centrum för att minska skadegörelsen och förebygga bränder vid skolorna.",
    "Polisen ska patrullera i centrum, vilket ska minska skadegörelsen och hålla nere bränderna i området.",
    "Polisen ska genomföra trafikkontroller vid skolorna och arbeta proaktivt med kunskap.",  # a goal verb
])
def test_verbs_of_one_predicate_or_a_purpose_are_one_promise(tmp_path, sentence):
    path = tmp_path / "sida.txt"
    path.write_text(f"Medborgarlöfte för Orsa 2026\n\n{sentence}\n", encoding="utf-8")
    assert [x.text for x in extract_file(path).activities] == [sentence]


def test_a_police_role_is_the_police_acting(tmp_path):
    sentence = "Närpoliserna och fältassistenterna fortsätter sina gemensamma kvällsbesök i Orsa centrum."
    path = tmp_path / "sida.txt"
    path.write_text(f"Medborgarlöfte för Orsa 2026\n\n{sentence}\n", encoding="utf-8")
    assert [(x.text, x.actors) for x in extract_file(path).activities] == [
        (sentence, ["polisen", "socialtjänsten"])]


def test_means_listed_in_a_committing_sentence_are_activities(tmp_path):
    path = tmp_path / "nyhet.txt"
    path.write_text("Nytt medborgarlöfte i Orsa\n\nUnder 2025 ska polisen och kommunen öka tryggheten i "
                    "centrum genom trygghetsvandringar, fotpatrullering, fler trafikkontroller och bättre "
                    "belysning.\n", encoding="utf-8")
    assert [x.text for x in extract_file(path).activities] == [
        "Trygghetsvandringar", "Fotpatrullering", "Fler trafikkontroller", "Bättre belysning"]


@pytest.mark.parametrize("sentence", [
    "I februari 2017 beslutade kommunen och polisen att ta fram ett nytt medborgarlöfte.",
    "Nästa medborgarlöfte påbörjas vid årsskiftet 2016-2017.",
])
def test_when_something_happened_is_not_the_promise_year(tmp_path, sentence):
    path = tmp_path / "sida.txt"
    path.write_text(f"Medborgarlöften i Orsa\n\n{sentence} Polisen ska genomföra trafikkontroller.\n",
                    encoding="utf-8")
    assert extract_file(path).year is None


def test_a_year_of_measured_results_is_not_the_promise_year(tmp_path):
    path = tmp_path / "sida.txt"
    path.write_text("Medborgarlöfte i Orsa\n\nArbetet med överenskommelsen syns när brottsstatistiken för 2021 "
                    "sammanställs. Tillsammans ska vi prioritera trafiken under 2024/2025.\n\n"
                    "Polisen ska genomföra trafikkontroller.\n", encoding="utf-8")
    assert extract_file(path).year == 2024


@pytest.mark.parametrize("start", ["Med början måndagen den 3 mars 2025", "Från och med den 3 mars 2025"])
def test_a_stated_start_date_gives_the_year(tmp_path, start):
    """A full date otherwise only says when something happened; after a period-start phrase it
    opens the promised period, and it comes before a later year about the next promise."""
    path = tmp_path / "sida.txt"
    path.write_text(f"Medborgarlöfte i Orsa\n\n{start} kommer polisen att finnas vid torget varje fredag.\n\n"
                    "Ett nytt medborgarlöfte kommer att tecknas under hösten 2027.\n", encoding="utf-8")
    assert extract_file(path).year == 2025


def test_an_english_news_item_about_a_promise(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text(
        "The police and the municipality promise a safer Orsa\n\nPublicerad 4 maj 2025\n\n"
        "Orsa Municipality and the police have signed a citizen's promise. On Monday the chair "
        "Lena Ek and Johan Berglund of Orsa Local Police Area signed the pledge.\n\n"
        "– This is a step towards a safer Orsa, says Lena Ek.\n\n"
        "The parties promise that:\n\n  • Conduct foot patrols in the centre every Friday\n"
        "  • Hold traffic checks near the schools in August\n", encoding="utf-8")
    r = extract_file(path)
    assert (r.kind, r.municipalities, r.police_area, r.published) == ("news", ["Orsa"], "Orsa", "2025-05-04")
    assert [s.name for s in r.signatories] == ["Lena Ek", "Johan Berglund"]
    assert len(r.activities) == 2


ITEMS = ["Polisen genomför fotpatrullering i centrum varje fredag",
         "Kommunen och polisen genomför trygghetsvandringar i maj",
         "Polisen genomför trafikkontroller vid skolorna i augusti",
         "Kommunen förbättrar belysningen i parken",
         "Socialtjänsten och föreningar nattvandrar på helgerna",
         "Polisen besöker skolorna varje termin"]


@pytest.mark.parametrize("title, lead, items, kind", [
    # reported: dated, a quote, the signing in the past tense
    ("Nytt medborgarlöfte i Orsa", "Publicerad 5 mars 2025\n\nI går undertecknade Lena Ek och Johan "
     "Berglund ett medborgarlöfte för 2025.\n\n– Vi är glada, säger Lena Ek.\n\nLöftet innehåller bland annat:",
     ITEMS[:2], "news"),
    # the promise in its own words
    ("Medborgarlöfte 2025 för Orsa", "Orsa kommun och polisen lovar att arbeta för ökad trygghet under 2025. "
     "Det här ska vi göra:", ITEMS[:3], "medborgarlofte"),
    # an article that carries the whole promise is the promise (the annotators' convention)
    ("Nytt medborgarlöfte i Orsa", "Publicerad 5 mars 2025\n\nI går undertecknade Lena Ek och Johan "
     "Berglund ett medborgarlöfte för 2025.\n\n– Vi är glada, säger Lena Ek.\n\nLöftet innehåller:",
     ITEMS, "medborgarlofte"),
    # a method page: no named party, no year, nothing promised
    ("Så tar man fram medborgarlöften", "Medborgarlöften är en metod där polisen och kommunen utgår från "
     "en lägesbild. Modellen beskrivs i en handbok om arbetssättet.", [], "method"),
    # a press invitation to a named party's signing is news, though it explains the method
    ("Orsa kommun tecknar sitt första medborgarlöfte", "Medborgarlöftet är en metod för att komma närmare "
     "invånarna.\n\nMedia bjuds in till undertecknandet av medborgarlöftet mellan Orsa kommun och "
     "lokalpolisområde Mora på torsdag.\n\nPressinbjudan från Polisen Dalarna", [], "news"),
])
def test_kind_from_general_evidence(tmp_path, title, lead, items, kind):
    from docgen import render

    doc = {"title": title, "blocks": [*({"p": p} for p in lead.split("\n\n")),
                                      *({"li": text, "depth": 0} for text in items)]}
    assert extract_file(render(doc, "txt", tmp_path / "sida.txt")).kind == kind
