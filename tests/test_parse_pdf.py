"""PDF parsing: headings by size, bullets, running furniture, hyphen mending, bad PDFs."""

import pytest
from docgen import sample_doc

from pipeline.errors import CorruptFile, EncryptedFile, NeedsOCR
from pipeline.parse import parse_file

LONG = sample_doc(header="Exempel – Medborgarlöfte 2026", footer="Exempelkommun", page_numbers=True, min_pages=3)


@pytest.fixture
def long_pdf(make_doc):
    return parse_file(make_doc(LONG, "pdf"))[0]


def test_spans_three_pages_with_page_numbers_on_blocks(long_pdf):
    assert long_pdf.pages >= 3
    pages = [b.page for b in long_pdf.blocks]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == long_pdf.pages


def test_running_header_footer_and_page_numbers_removed(long_pdf):
    text = long_pdf.text
    assert "Exempelkommun" not in text
    assert "Sida" not in text
    assert "Exempel – Medborgarlöfte 2026" not in [b.text for b in long_pdf.blocks]  # the header
    assert long_pdf.blocks[0].text == "Exempel – Medborgarlöfte 2026 för Årjäng"


def test_headings_levels_from_font_size(long_pdf):
    headings = [(b.text, b.level) for b in long_pdf.blocks if b.kind == "heading"]
    assert headings[0] == ("Exempel – Medborgarlöfte 2026 för Årjäng", 1)
    assert ("Bakgrund", 2) in headings and ("Uppföljning", 2) in headings


def test_bullets_and_sub_bullets(long_pdf):
    items = [(b.text, b.depth) for b in long_pdf.blocks if b.kind == "list_item"]
    assert items == [
        ("Polisen genomför minst tolv riktade insatser vid busstationen.", 0),
        ("Kommunen förbättrar belysningen längs gång- och cykelvägar.", 0),
        ("Ny belysning vid skolan i Töcksfors.", 1),
        ("Tillsammans håller vi två trygghetsvandringar under hösten.", 0),
    ]


def test_hyphen_across_line_break_is_mended_but_compounds_kept(long_pdf):
    text = long_pdf.text
    assert "trygghetsvandringar tillsammans" in text
    assert "trygghets-" not in text
    assert "ICA-butiker" in text


def test_wrapped_paragraph_is_one_block(long_pdf):
    para = next(b for b in long_pdf.blocks if b.text.startswith("Vid medborgardialogen"))
    assert para.kind == "paragraph" and para.text.endswith("i centrum.")


def test_title_from_metadata(long_pdf):
    assert long_pdf.title == "Exempel – Medborgarlöfte 2026 för Årjäng"


def test_corrupt_pdf(tmp_path):
    p = tmp_path / "trasig.pdf"
    p.write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    with pytest.raises(CorruptFile, match="not a readable PDF"):
        parse_file(p)


def test_encrypted_pdf(make_doc):
    with pytest.raises(EncryptedFile) as err:
        parse_file(make_doc(sample_doc(password="hemligt"), "pdf"))
    assert err.value.reason == "PDF is encrypted (password protected)"


def test_scanned_pdf_needs_ocr(make_doc):
    with pytest.raises(NeedsOCR) as err:
        parse_file(make_doc(sample_doc(scanned=True), "pdf"))
    assert err.value.reason == "PDF has no text layer (scanned?); read it with --ocr (or LOFTEN_OCR=1)"
