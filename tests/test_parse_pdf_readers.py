"""PDFium's characters (the fast reader) give the same blocks as pdfplumber's (the reference)
on generated PDFs of every shape the layout code handles."""

from __future__ import annotations

import random

import pytest
from docgen import render, sample_doc

from pipeline.parse import pdf

WORDS = ("trygghetsvandringar", "fotpatrullering", "grannsamverkan", "Årjäng", "lägesbild", "Töcksfors",
         "narkotikahund", "föräldrar", "kvällstid", "busstationen", "ökad", "närvaro", "skolan", "polisen")


def _random_doc(rng: random.Random) -> dict:
    blocks = []
    for _ in range(rng.randrange(3, 9)):
        blocks.append({"h": " ".join(rng.choice(WORDS) for _ in range(rng.randrange(1, 4))).capitalize(),
                       "level": rng.choice((2, 2, 3))})
        for _ in range(rng.randrange(1, 4)):
            blocks.append({"p": " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 60))).capitalize() + "."})
        for _ in range(rng.randrange(0, 5)):
            blocks.append({"li": " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 25))) + ".",
                           "depth": rng.choice((0, 0, 1))})
    options = {"header": "Medborgarlöfte – exempel", "footer": "Exempelkommun", "page_numbers": True,
               "min_pages": rng.choice((1, 2, 3))}
    return {"title": "Medborgarlöfte " + " ".join(rng.choice(WORDS) for _ in range(3)), "blocks": blocks,
            "options": options}


def _shape(doc):
    return [(b.kind, b.text, b.level, b.depth, b.page, b.rows) for b in doc.blocks], doc.pages, doc.title


@pytest.mark.parametrize("seed", range(12))
def test_pdfium_and_pdfplumber_give_identical_blocks(tmp_path, seed):
    source = render(_random_doc(random.Random(seed)), "pdf", tmp_path / "lofte.pdf").read_bytes()
    fast = pdf.parse(source, "lofte.pdf")
    reference = pdf.parse(source, "lofte.pdf", all_pdfplumber=True)
    assert _shape(fast) == _shape(reference)
    assert len(fast.blocks) > 5


@pytest.mark.parametrize("options", [{}, {"header": "Sidhuvud", "footer": "Sidfot", "page_numbers": True,
                                          "min_pages": 3}, {"boilerplate": True}])
def test_the_sample_document_and_its_table_page_read_alike(tmp_path, options):
    doc = sample_doc(**options)
    doc["blocks"].append({"table": [["Aktivitet", "Ansvar"], ["Trygghetsvandring", "Kommunen"]]})
    source = render(doc, "pdf", tmp_path / "tabell.pdf").read_bytes()
    fast = pdf.parse(source, "tabell.pdf")
    assert _shape(fast) == _shape(pdf.parse(source, "tabell.pdf", all_pdfplumber=True))
    assert fast.blocks[-1].rows == [["Aktivitet", "Ansvar"], ["Trygghetsvandring", "Kommunen"]]


def test_pdfminer_reference_loops_end_with_a_reason():
    import sys
    from pathlib import Path

    from pipeline.errors import CorruptFile

    sys.path.insert(0, str(Path(__file__).parent / "hostile"))
    import pdfs

    with pytest.raises(CorruptFile) as e:
        pdf.parse(pdfs.length_loop(), "slinga.pdf", all_pdfplumber=True)
    assert e.value.reason == "damaged PDF: its objects refer to each other in a loop"


@pytest.mark.slow
@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_a_pdf_written_by_libreoffice_reads_alike(tmp_path):
    """Embedded, subset TrueType fonts and Word numbering glyphs, as most published PDFs have."""
    from pipeline.office import convert

    made = convert(render(sample_doc(), "docx", tmp_path / "lofte.docx"), tmp_path / "pdf", "pdf",
                   produces="pdf", what="the PDF")
    data = made.read_bytes()
    fast = pdf.parse(data, "lofte.pdf")
    assert _shape(fast) == _shape(pdf.parse(data, "lofte.pdf", all_pdfplumber=True))
    assert [b.text for b in fast.blocks if b.kind == "list_item"][0] == \
        "Polisen genomför minst tolv riktade insatser vid busstationen."
