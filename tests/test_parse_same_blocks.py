"""The same neutral document in PDF, DOCX, HTML and TXT parses to the same blocks."""

import pytest
from docgen import expected_blocks, sample_doc

from pipeline.parse import parse_file


def _shape(doc):
    return [(b.kind, b.text, b.level if b.kind == "heading" else b.depth) for b in doc.blocks]


FULL = sample_doc(header="Exempel – Medborgarlöfte 2026", footer="Exempelkommun", page_numbers=True,
                  min_pages=3, boilerplate=True)
FULL["blocks"].append({"table": [["Aktivitet", "Ansvar"], ["Trygghetsvandring", "Kommunen"]]})


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "txt"])
def test_every_format_gives_the_expected_blocks(make_doc, fmt):
    doc, _ = parse_file(make_doc(FULL, fmt))
    assert _shape(doc) == expected_blocks(FULL)
    assert doc.title == "Exempel – Medborgarlöfte 2026 för Årjäng"
    assert doc.format == fmt


def test_all_four_formats_agree(make_doc):
    shapes = {fmt: _shape(parse_file(make_doc(FULL, fmt))[0]) for fmt in ("pdf", "docx", "html", "txt")}
    assert shapes["pdf"] == shapes["docx"] == shapes["html"] == shapes["txt"]


def test_table_rows_survive_in_every_format(make_doc):
    for fmt in ("pdf", "docx", "html", "txt"):
        doc, _ = parse_file(make_doc(FULL, fmt))
        table = [b for b in doc.blocks if b.kind == "table"]
        assert [t.rows for t in table] == [[["Aktivitet", "Ansvar"], ["Trygghetsvandring", "Kommunen"]]], fmt
