"""A drafted agreement, as DOCX and as PDF/A-2 from LibreOffice, extracts back to what was asked for."""

from __future__ import annotations

import pdfplumber
import pytest

from pipeline.draft import draft
from pipeline.draft.pdf import find_soffice
from pipeline.draft.spec import spec_from_dict
from pipeline.extract import extract_file

needs_soffice = pytest.mark.skipif(not find_soffice(), reason="LibreOffice (soffice) is not installed")

FOCUS_AREAS = [
    {"title": "Synlighet i centrum", "activities": [
        {"text": "Polisen genomför fotpatrullering i centrum fredagskvällar.",
         "details": ["i samverkan med fältassistenter"], "actors": ["polisen", "kommunen"]},
        {"text": "Kommunen ordnar trygghetsvandringar i bostadsområdena varje höst.", "actors": ["kommunen"]},
    ]},
    {"title": "Trafiksäkerhet", "activities": [
        {"text": "Polisen gör hastighetskontroller vid skolorna under terminsstarten.", "actors": ["polisen"]},
    ]},
]
SIGNATORIES = [
    {"name": "Anna Andersson", "role": "kommunstyrelsens ordförande", "organisation": "Malung-Sälens kommun"},
    {"name": "Per Persson", "role": "lokalpolisområdeschef", "organisation": "Polisen"},
]
SPECS = {
    "medborgarlofte": {
        "template": "medborgarlofte", "municipalities": ["Malung-Sälen"], "police_area": "Malung-Sälen", "year": 2027,
        "lagesbild": "Trygghetsmätningen visar att de flesta känner sig trygga.",
        "followup": "Löftet följs upp i juni och december.",
    },
    "overenskommelse": {
        "template": "overenskommelse", "kind": "samverkansoverenskommelse",
        "municipalities": ["Malung-Sälen"], "police_area": "Norra Dalarna", "period": {"from": 2027, "to": 2029},
        "parties": ["Malung-Sälens kommun", "Polisen", "Sälens Fastighets AB"],
        "signatories": [*SIGNATORIES, {"name": "Karin Nilsson", "role": "vd", "organisation": "Sälens Fastighets AB"}],
    },
}


@pytest.fixture(scope="module", params=sorted(SPECS))
def drafted(request, tmp_path_factory):
    spec = {"focus_areas": FOCUS_AREAS, "signatories": SIGNATORIES, "place": "Malung", "date": "2027-01-15",
            **SPECS[request.param]}
    out = tmp_path_factory.mktemp(request.param) / f"{request.param}.docx"
    result = draft(spec_from_dict(spec), out, pdf=bool(find_soffice()))
    return spec, result


def _expected_activities(spec):
    return [
        (area["title"], a["text"], a.get("details", []), sorted(x.casefold() for x in a.get("actors", [])))
        for area in spec["focus_areas"] for a in area["activities"]
    ]


def _assert_round_trip(spec, path):
    record = extract_file(path)
    assert record.kind == spec.get("kind", "medborgarlofte")
    assert record.municipalities == spec["municipalities"]
    assert record.police_area == spec["police_area"]
    assert record.signed == spec["date"]
    if "year" in spec:
        assert (record.year, record.period) == (spec["year"], None)
    else:
        assert record.period is not None and record.period.to_dict() == spec["period"]
    assert record.focus_areas == [area["title"] for area in spec["focus_areas"]]
    got = [(a.focus_area, a.text, a.details, sorted(x.casefold() for x in a.actors)) for a in record.activities]
    assert got == _expected_activities(spec)
    assert [(s.name, s.role, s.organisation) for s in record.signatories] == [
        (s["name"], s["role"], s["organisation"]) for s in spec["signatories"]
    ]


def test_docx_round_trip(drafted):
    spec, result = drafted
    _assert_round_trip(spec, result.docx)


@needs_soffice
def test_pdf_is_pdf_a2_with_the_agreement_text(drafted):
    spec, result = drafted
    with pdfplumber.open(result.pdf) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        metadata = pdf.doc.catalog["Metadata"].resolve().get_data().decode("utf-8", "replace")
    assert 'pdfaid:part="2"' in metadata or "<pdfaid:part>2</pdfaid:part>" in metadata
    assert "Namnförtydligande: Anna Andersson" in text
    assert "• Polisen genomför fotpatrullering i centrum fredagskvällar." in text
    assert "Ansvar: polisen och kommunen" in text


@needs_soffice
def test_pdf_round_trip(drafted):
    spec, result = drafted
    _assert_round_trip(spec, result.pdf)


def test_drafted_agreement_can_be_archived_and_found(drafted, tmp_path):
    from pipeline.archive.batch import index_paths
    from pipeline.archive.reconcile import open_index
    from pipeline.search import SearchRequest

    spec, result = drafted
    report = index_paths([result.docx], tmp_path / "corpus", tmp_path / "index", workers=1)
    assert len(report.added) == 1 and not report.failed
    hits = open_index(tmp_path / "corpus", tmp_path / "index").search(
        SearchRequest(query="fotpatrullering", municipality="Malung-Sälens kommun", activities=True)).hits
    assert [h.id for h in hits] == report.added
    assert hits[0].activities[0].text.startswith("Polisen genomför fotpatrullering i centrum fredagskvällar.")


def test_docx_says_who_promises_what_for_which_period(drafted):
    import docx

    spec, result = drafted
    paragraphs = [p.text for p in docx.Document(str(result.docx)).paragraphs]
    if spec["template"] == "medborgarlofte":
        assert paragraphs[1] == ("Malung-Sälens kommun och Polisen i lokalpolisområde Malung-Sälen lovar invånarna i "
                                 "Malung-Sälens kommun att under 2027 genomföra de aktiviteter som beskrivs i detta "
                                 "medborgarlöfte.")
    else:
        assert paragraphs[1] == ("Malung-Sälens kommun, Polisen i lokalpolisområde Norra Dalarna och Sälens Fastighets AB "
                                 "ingår denna samverkansöverenskommelse för 2027–2029.")
    assert "Ort och datum: Malung den 15 januari 2027" in [c.text for t in docx.Document(str(result.docx)).tables
                                                          for row in t.rows for c in row.cells]


def test_drafted_activities_keep_their_provenance(drafted):
    from pipeline.draft.properties import read_provenance

    spec, result = drafted
    expected = [{"focus_area": area["title"], "catalogue_id": "", "record_id": ""}
                for area in spec["focus_areas"] for _ in area["activities"]]
    assert read_provenance(result.docx) == result.provenance == expected


@needs_soffice
def test_pdf_has_page_numbers(drafted):
    spec, result = drafted
    with pdfplumber.open(result.pdf) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    assert [f"Sida {n} av {len(pages)}" in text for n, text in enumerate(pages, 1)] == [True] * len(pages)
