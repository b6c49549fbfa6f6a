"""DOCX parsing: heading styles, real Word numbering, typed bullets, tables, corrupt files."""

import pytest
from docgen import sample_doc

from pipeline.errors import CorruptFile
from pipeline.parse import parse_file


def test_heading_styles_and_title(make_doc):
    doc, _ = parse_file(make_doc(sample_doc(), "docx"))
    headings = [(b.text, b.level) for b in doc.blocks if b.kind == "heading"]
    assert headings == [("Exempel – Medborgarlöfte 2026 för Årjäng", 1), ("Bakgrund", 2),
                        ("Våra aktiviteter", 2), ("Uppföljning", 2)]
    assert doc.title == "Exempel – Medborgarlöfte 2026 för Årjäng"


def test_real_word_numbering_gives_list_depth(make_doc):
    path = make_doc(sample_doc(), "docx")
    import docx

    numbered = [p for p in docx.Document(str(path)).paragraphs
                if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert len(numbered) == 4  # the generator used w:numPr, not typed glyphs
    assert not any(p.text.startswith(("•", "o ")) for p in numbered)
    doc, _ = parse_file(path)
    assert [(b.text, b.depth) for b in doc.blocks if b.kind == "list_item"] == [
        ("Polisen genomför minst tolv riktade insatser vid busstationen.", 0),
        ("Kommunen förbättrar belysningen längs gång- och cykelvägar.", 0),
        ("Ny belysning vid skolan i Töcksfors.", 1),
        ("Tillsammans håller vi två trygghetsvandringar under hösten.", 0),
    ]


def test_typed_bullets_and_bold_heading(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph().add_run("Trygghet i centrum").bold = True
    d.add_paragraph("• Fler trygghetsvandringar i Töcksfors.")
    d.add_paragraph("o Med föreningar och skolor.")
    d.add_paragraph("Kommunen ansvarar för uppföljningen.")
    path = tmp_path / "typed.docx"
    d.save(str(path))
    doc, _ = parse_file(path)
    assert [(b.kind, b.text, b.level or b.depth) for b in doc.blocks] == [
        ("heading", "Trygghet i centrum", 2),
        ("list_item", "Fler trygghetsvandringar i Töcksfors.", 0),
        ("list_item", "Med föreningar och skolor.", 1),
        ("paragraph", "Kommunen ansvarar för uppföljningen.", 0),
    ]
    assert doc.title == "Trygghet i centrum"


def test_table_in_document_order(make_doc):
    nd = sample_doc()
    nd["blocks"].insert(2, {"table": [["Plats", "Tid"], ["Busstationen", "Kväll"]]})
    doc, _ = parse_file(make_doc(nd, "docx"))
    kinds = [b.kind for b in doc.blocks]
    assert kinds[:4] == ["heading", "paragraph", "heading", "table"]
    assert doc.blocks[3].rows == [["Plats", "Tid"], ["Busstationen", "Kväll"]]


@pytest.mark.parametrize("content", [b"not a zip file at all", b"PK\x03\x04broken zip"])
def test_corrupt_docx(tmp_path, content):
    p = tmp_path / "trasig.docx"
    p.write_bytes(content)
    with pytest.raises(CorruptFile, match="not a readable DOCX"):
        parse_file(p)


def test_zip_without_document_xml(tmp_path):
    import zipfile

    p = tmp_path / "tom.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hej.txt", "inget dokument")
    with pytest.raises(CorruptFile, match="not a readable DOCX"):
        parse_file(p)
