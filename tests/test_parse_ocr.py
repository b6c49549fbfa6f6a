"""OCR of scanned pages with Tesseract's Swedish model: the tests make their own scans by
rendering a real PDF page to an image and wrapping the image in a PDF with no text layer."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from docgen import render, sample_doc, scan

from pipeline.errors import NeedsOCR
from pipeline.parse import parse_file

def _has_swedish_tesseract() -> bool:
    if not shutil.which("tesseract"):
        return False
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    return "swe" in listed


needs_tesseract = pytest.mark.skipif(not _has_swedish_tesseract(),
                                     reason="Tesseract with its Swedish model (tesseract-ocr-swe) is not installed")
SCHEMA = Path(__file__).resolve().parent.parent / "pipeline" / "schema" / "record.schema.json"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scan")
    return scan(render(sample_doc(), "pdf", folder / "original.pdf"), folder / "skannad.pdf")


@needs_tesseract
@pytest.mark.slow
def test_a_scan_is_read_with_swedish_letters_and_structure(scanned):
    doc, _ = parse_file(scanned, ocr=True)
    assert doc.meta["ocr"]["pages"] == [1]
    assert 0.8 < doc.meta["ocr"]["confidence"] <= 1
    text = doc.text
    for words in ("Årjängs kommun", "Töcksfors", "trygghetsvandringar", "medborgardialogen", "Löftet följs upp"):
        assert words in text
    assert [b.text for b in doc.blocks if b.kind == "heading"][1:] == ["Bakgrund", "Våra aktiviteter", "Uppföljning"]
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].level == 1 and "Årjäng" in doc.blocks[0].text
    assert [(b.text, b.depth) for b in doc.blocks if b.kind == "list_item"] == [
        ("Polisen genomför minst tolv riktade insatser vid busstationen.", 0),
        ("Kommunen förbättrar belysningen längs gång- och cykelvägar.", 0),
        ("Ny belysning vid skolan i Töcksfors.", 1),
        ("Tillsammans håller vi två trygghetsvandringar under hösten.", 0),
    ]


@needs_tesseract
@pytest.mark.slow
def test_the_record_says_which_pages_were_read_by_ocr(scanned):
    import jsonschema

    from pipeline.extract import extract_file

    record = extract_file(scanned, ocr=True)
    assert record.ocr["pages"] == [1] and record.ocr["confidence"] > 0.8
    assert "Årjäng" in record.municipalities
    assert any("trygghetsvandringar" in a.text for a in record.activities)
    jsonschema.validate(json.loads(record.to_json()), json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_without_ocr_a_scan_is_refused_and_a_scanned_page_is_named(scanned, tmp_path):
    with pytest.raises(NeedsOCR) as e:
        parse_file(scanned)
    assert e.value.reason == "PDF has no text layer (scanned?); read it with --ocr (or LOFTEN_OCR=1)"
    two = render({**sample_doc(), "options": {"min_pages": 2}}, "pdf", tmp_path / "tva.pdf")
    mixed = scan(two, tmp_path / "blandad.pdf", pages=[2])
    doc, _ = parse_file(mixed)
    assert doc.warnings == ["page 2 has no text layer (scanned?) and was not read; OCR reads them"]
    assert {b.page for b in doc.blocks} == {1}


@needs_tesseract
@pytest.mark.slow
def test_only_the_pages_without_text_are_read_by_ocr(tmp_path):
    two = render({**sample_doc(), "options": {"min_pages": 2}}, "pdf", tmp_path / "tva.pdf")
    doc, _ = parse_file(scan(two, tmp_path / "blandad.pdf", pages=[2]), ocr=True)
    assert doc.meta["ocr"]["pages"] == [2]
    assert doc.warnings == []
    assert doc.blocks[0].text == "Bilaga: polisens och kommunens gemensamma lägesbild för Årjäng."
    assert "Löftet följs upp varje kvartal" in " ".join(b.text for b in doc.blocks if b.page == 2)


def test_without_tesseract_the_message_says_how_to_install_it(scanned, monkeypatch, tmp_path):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-tesseract"))
    with pytest.raises(NeedsOCR) as e:
        parse_file(scanned, ocr=True)
    assert e.value.reason == ("PDF has no text layer (scanned?) and Tesseract is not installed; "
                              "install Tesseract with Swedish: apt-get install tesseract-ocr tesseract-ocr-swe")


def test_a_blank_page_is_not_taken_for_a_scan(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "blank.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("Helvetica", 11)
    c.drawString(72, 770, "Polisen och kommunen i Årjäng lovar fler trygghetsvandringar under året.")
    c.showPage()
    c.showPage()  # an empty page, as a document ending on a right-hand page has
    c.save()
    doc, _ = parse_file(path)
    assert doc.warnings == [] and doc.pages == 2
    assert doc.text == "Polisen och kommunen i Årjäng lovar fler trygghetsvandringar under året."
