"""TXT parsing: encodings, binary junk, bullets, dash lists versus quotes, headings."""

import pytest
from docgen import sample_doc

from pipeline.errors import EncodingProblem
from pipeline.parse import parse_file


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings_all_give_arjang(make_doc, encoding):
    doc, data = parse_file(make_doc(sample_doc(encoding=encoding), "txt"))
    assert "Årjäng" in doc.blocks[0].text
    assert "Töcksfors" in doc.text
    assert not doc.text.startswith("\ufeff")
    if encoding == "cp1252":
        assert "Årjäng".encode("cp1252") in data


def test_binary_junk_is_refused(tmp_path):
    p = tmp_path / "bild.txt"
    p.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(EncodingProblem) as err:
        parse_file(p)
    assert err.value.reason == "not a text file: binary content"


def _parse(tmp_path, text):
    p = tmp_path / "sida.txt"
    p.write_text(text, encoding="utf-8")
    return [(b.kind, b.text, b.level or b.depth) for b in parse_file(p)[0].blocks]


def test_saved_page_structure(tmp_path):
    text = (
        "JavaScript är inte påslaget i din webbläsare.\nSök på polisen.se\n\n"
        "Exempel – medborgarlöfte i Årjäng\n\n"
        "Kommunen och polisen har kommit överens om ett påhittat löfte för året.\n\n"
        "TRYGGARE CENTRUM\n"
        "• Fler kvällsvandringar vid torget\n"
        "o med föreningar\n"
        "  • Bättre belysning i parken\n\n"
        "Uppföljning\n\n"
        "Löftet följs upp i kommunstyrelsen.\n\n"
        "Hjälpte informationen på sidan dig?\n\nTill toppen\n"
    )
    assert _parse(tmp_path, text) == [
        ("heading", "Exempel – medborgarlöfte i Årjäng", 1),
        ("paragraph", "Kommunen och polisen har kommit överens om ett påhittat löfte för året.", 0),
        ("heading", "TRYGGARE CENTRUM", 2),
        ("list_item", "Fler kvällsvandringar vid torget", 0),
        ("list_item", "med föreningar", 1),
        ("list_item", "Bättre belysning i parken", 1),
        ("heading", "Uppföljning", 2),
        ("paragraph", "Löftet följs upp i kommunstyrelsen.", 0),
    ]


def test_dash_lines_list_after_lead_in_but_quotes_stay_paragraphs(tmp_path):
    text = (
        "Exempel på nyhet\n\n"
        "Polisen lovar följande under året:\n"
        "– Att patrullera vid stationen varje fredag.\n"
        "– Att besöka skolorna i Töcksfors.\n\n"
        "– Vi vill att alla ska känna sig trygga, säger kommunpolisen.\n\n"
        "- Det är ett långt och viktigt arbete som vi gör tillsammans med föreningarna i kommunen.\n"
    )
    assert _parse(tmp_path, text) == [
        ("heading", "Exempel på nyhet", 1),
        ("paragraph", "Polisen lovar följande under året:", 0),
        ("list_item", "Att patrullera vid stationen varje fredag.", 0),
        ("list_item", "Att besöka skolorna i Töcksfors.", 0),
        ("paragraph", "– Vi vill att alla ska känna sig trygga, säger kommunpolisen.", 0),
        ("paragraph", "- Det är ett långt och viktigt arbete som vi gör tillsammans med föreningarna i kommunen.", 0),
    ]


def test_wrapped_lines_join_and_heading_over_text(tmp_path):
    text = (
        "Lägesbild\n"
        "Invånarna i det påhittade exemplet känner oro vid busstationen och i parken på kvällarna.\n\n"
        "Den här meningen är bruten\növer två rader.\n\n"
        "Slut på exemplet.\n"
    )
    assert _parse(tmp_path, text) == [
        ("heading", "Lägesbild", 1),
        ("paragraph", "Invånarna i det påhittade exemplet känner oro vid busstationen och i parken på kvällarna.", 0),
        ("paragraph", "Den här meningen är bruten över två rader.", 0),
        ("paragraph", "Slut på exemplet.", 0),
    ]


def test_markdown_headings_keep_their_level(tmp_path):
    assert _parse(tmp_path, "# Löfte\n\n### Detaljer\n\nText om detaljerna.\n") == [
        ("heading", "Löfte", 1), ("heading", "Detaljer", 3), ("paragraph", "Text om detaljerna.", 0)]
