"""The bundled sample corpus: every publication exists, opens, parses, covers the shapes the
pipeline must handle, and agrees with its hand-made gold annotation."""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from shared import SHARED

from pipeline.record import KINDS

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "samples"
DATA = Path(__file__).parent / "data"
MUNICIPALITIES_CSV = SHARED / "data" / "municipalities.csv"

GOLD = [json.loads(line) for line in (DATA / "samples_gold.jsonl").read_text("utf-8").splitlines()]
GOLD_BY_FILE = {g["file"]: g for g in GOLD}
QUERIES = [json.loads(line) for line in (DATA / "samples_queries.jsonl").read_text("utf-8").splitlines()]
THEMES = {
    "synlighet", "samverkan", "trygghet", "narkotika", "trafik", "barn_och_unga", "skola",
    "grannsamverkan", "trygghetsvandring", "nattvandring", "butik_och_handel", "medborgardialog",
    "lagesbild", "klotter_skadegorelse", "vald_i_nara_relationer", "nyanlanda_information",
    "alkohol", "bostadsinbrott", "offentlig_miljo", "brottsutsatta", "bedragerier", "gangkriminalitet",
}
GOLD_FIELDS = {
    "file", "kind", "title", "municipalities", "police_area", "year", "period", "published",
    "signed", "parties", "signatories", "focus_areas", "activities", "themes",
}


def _pdf_pages(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _html_text(path: Path) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_bytes(), "html.parser").get_text("\n")


def _raw_text(path: Path) -> str:
    """The text of a sample read with the format's own library, independent of our parsers."""
    suffix = path.suffix
    if suffix == ".pdf":
        return "\n".join(_pdf_pages(path))
    if suffix == ".docx":
        return _docx_text(path)
    if suffix == ".html":
        return _html_text(path)
    data = path.read_bytes()
    return data.decode("cp1252") if "cp1252" in path.name else data.decode("utf-8")


def _flat(text: str) -> str:
    """One line, single spaces: bullets and headings wrapped across lines still match."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {name: _flat(_raw_text(SAMPLES / name)) for name in GOLD_BY_FILE}


def test_every_sample_has_exactly_one_gold_record():
    on_disk = sorted(p.name for p in SAMPLES.iterdir() if p.is_file())
    assert sorted(GOLD_BY_FILE) == on_disk
    assert len(GOLD) == len(GOLD_BY_FILE)


def test_all_four_formats_with_at_least_three_each():
    formats = Counter(Path(name).suffix for name in GOLD_BY_FILE)
    assert len(GOLD_BY_FILE) >= 14
    assert {ext: n >= 3 for ext, n in formats.items()} == {".pdf": True, ".docx": True, ".html": True, ".txt": True}


def test_files_are_small():
    for name in GOLD_BY_FILE:
        assert (SAMPLES / name).stat().st_size < 100_000, name


@pytest.mark.parametrize("gold", GOLD, ids=lambda g: g["file"])
def test_gold_record_follows_the_conventions(gold):
    assert set(gold) == GOLD_FIELDS
    assert gold["kind"] in KINDS
    assert set(gold["themes"]) <= THEMES
    assert gold["title"].startswith("Exempel")
    for date in (gold["published"], gold["signed"]):
        assert date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", date)
    if gold["period"]:
        assert gold["year"] == gold["period"]["from"] < gold["period"]["to"]
    assert bool(gold["signed"]) == bool(gold["signatories"])
    assert all(set(s) == {"name", "role", "organisation"} for s in gold["signatories"])
    if gold["kind"] == "method":
        assert gold["activities"] == [] and gold["year"] is None


@pytest.mark.skipif(not MUNICIPALITIES_CSV.exists(), reason=f"{SHARED}/data/municipalities.csv is not present")
def test_gold_municipalities_are_real():
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as f:
        real = {row["municipality_name_short"] for row in csv.DictReader(f)}
    named = {m for g in GOLD for m in g["municipalities"]}
    assert named <= real
    assert len(named) >= 14


@pytest.mark.parametrize("name", sorted(GOLD_BY_FILE))
def test_sample_text_carries_its_annotation(name, texts):
    """Title, activities, focus areas, signatories and places are written in the sample itself."""
    gold, text = GOLD_BY_FILE[name], texts[name]
    assert unicodedata.is_normalized("NFC", text)
    assert re.search("[åäö]", text)
    assert "Exempel" in text
    assert gold["title"] in text
    for wanted in gold["activities"] + [s["name"] for s in gold["signatories"]]:
        assert wanted in text
    for area in gold["focus_areas"]:
        assert area.lower() in text.lower()
    for municipality in gold["municipalities"]:
        assert municipality in text
    if gold["police_area"]:
        assert gold["police_area"] in text


def test_queries_point_at_samples_that_mention_them(texts):
    assert len(QUERIES) >= 10
    for q in QUERIES:
        assert q["relevant"] and set(q["relevant"]) <= set(GOLD_BY_FILE), q["query"]
        first_word = q["query"].split()[0].lower()[:6]  # a stem: "trafikkontroller" ~ "trafikkontroll"
        for name in q["relevant"]:
            assert first_word in texts[name].lower(), (q["query"], name)


def test_required_shapes_are_annotated():
    kinds = Counter(g["kind"] for g in GOLD)
    assert kinds["samverkansoverenskommelse"] >= 1 and kinds["trygghetsoverenskommelse"] >= 1
    assert kinds["news"] >= 2 and kinds["method"] >= 1
    assert any(len(g["municipalities"]) == 2 for g in GOLD)
    assert any(g["kind"] == "medborgarlofte" and g["period"] for g in GOLD)
    assert any(g["kind"] == "news" and g["signatories"] and g["published"] for g in GOLD)
    assert any(g["kind"] == "news" and not g["signatories"] for g in GOLD)
    partners = GOLD_BY_FILE["skovde-trygghetsoverenskommelse-centrum-2025.html"]["parties"]
    assert len(partners) == 5


def test_txt_promise_uses_capital_headings_and_two_bullet_levels():
    lines = (SAMPLES / "ljusdal-medborgarlofte-2025.txt").read_text("utf-8").splitlines()
    assert "TRYGG OFFENTLIG MILJÖ" in lines and "BARN OCH UNGA" in lines
    assert sum(line.startswith("• ") for line in lines) == 8
    assert sum(line.startswith("o ") for line in lines) == 7


def test_cp1252_sample_is_not_utf8():
    data = (SAMPLES / "vetlanda-medborgarlofte-2025-cp1252.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "Bedrägerier mot äldre" in data.decode("cp1252")


def test_pdf_has_running_header_footer_and_page_numbers_over_three_pages():
    pages = _pdf_pages(SAMPLES / "ludvika-samverkansoverenskommelse-2025-2027.pdf")
    assert len(pages) >= 3
    for n, page in enumerate(pages, start=1):
        assert "Samverkansöverenskommelse 2025–2027 – Ludvika kommun och Polisen" in page
        assert "Exempel – fiktivt dokument för loften" in page
        assert f"Sida {n} av {len(pages)}" in page


def test_docx_bullets_use_word_numbering():
    import docx

    document = docx.Document(str(SAMPLES / "ostersund-medborgarlofte-2025.docx"))
    numbered = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    levels = {int(p._p.pPr.numPr.ilvl.val) for p in numbered}
    assert len(numbered) == 7 and levels == {0, 1}
    formats = document.part.numbering_part.element.xpath(".//w:numFmt/@w:val")
    assert "bullet" in formats


def test_docx_signature_block():
    text = _docx_text(SAMPLES / "stromstad-medborgarlofte-2025-underskrifter.docx")
    for label in ("Namnförtydligande:", "Titel:", "Organisation:", "Ort och datum:"):
        assert text.count(label) == 2


def test_html_page_wraps_content_in_navigation_cookie_banner_and_footer():
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((SAMPLES / "harnosand-medborgarlofte-2026.html").read_bytes(), "html.parser")
    assert soup.find("nav") and soup.find("footer") and soup.find(id="cookie-banner")
    assert "Skydd Mot Bedrägerier" in soup.find("main").get_text()
    assert "Tryggare Offentliga Miljöer" not in soup.find("footer").get_text()


@pytest.mark.parametrize("name", sorted(GOLD_BY_FILE))
def test_sample_parses_into_blocks(name):
    fmt = Path(name).suffix.lstrip(".")
    if importlib.util.find_spec(f"pipeline.parse.{fmt}") is None:
        pytest.skip(f"no {fmt} parser in pipeline.parse yet")
    from pipeline.parse import parse_file

    doc, _ = parse_file(SAMPLES / name)
    assert doc.format == fmt
    assert doc.blocks[0].text == GOLD_BY_FILE[name]["title"]
    assert any(b.kind in ("list_item", "table") for b in doc.blocks) == bool(GOLD_BY_FILE[name]["activities"])


def test_binary_samples_match_their_generator(tmp_path):
    sys.path.insert(0, str(DATA))
    try:
        import make_samples
    finally:
        sys.path.remove(str(DATA))
    for written in make_samples.write_samples(tmp_path):
        assert _flat(_raw_text(written)) == _flat(_raw_text(SAMPLES / written.name)), written.name
