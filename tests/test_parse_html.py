"""HTML parsing: main content, boilerplate removal, heading levels, nested lists."""

from docgen import sample_doc

from pipeline.parse import parse_file


def test_boilerplate_page_gives_only_main_content(make_doc):
    doc, _ = parse_file(make_doc(sample_doc(boilerplate=True), "html"))
    text = doc.text
    for furniture in ("Hoppa till huvudinnehållet", "Start", "kakor", "Jag godkänner", "Mest läst",
                      "Storgatan", "Orgnr", "var x"):
        assert furniture not in text
    assert doc.blocks[0].text == "Exempel – Medborgarlöfte 2026 för Årjäng"
    assert doc.title == "Exempel – Medborgarlöfte 2026 för Årjäng"


def test_levels_and_nested_lists(tmp_path):
    page = """<html><head><title>Trygghet | Exempelkommun</title></head><body>
    <nav><a href="/">Start</a></nav>
    <div class="content"><h2>Fokusområden</h2><p>Vi arbetar med <b>tre</b> områden.</p>
    <ol><li>Trafik<ul><li>Hastighet vid skolor</li></ul></li><li>Narkotika</li></ol>
    <h3>Uppföljning</h3>Text direkt i en div.<div id="gdpr-notice">Vi använder kakor.</div></div>
    <p>Till toppen</p></body></html>"""
    p = tmp_path / "sida.html"
    p.write_text(page, encoding="utf-8")
    doc, _ = parse_file(p)
    assert [(b.kind, b.text, b.level or b.depth) for b in doc.blocks] == [
        ("heading", "Fokusområden", 2),
        ("paragraph", "Vi arbetar med tre områden.", 0),
        ("list_item", "Trafik", 0),
        ("list_item", "Hastighet vid skolor", 1),
        ("list_item", "Narkotika", 0),
        ("heading", "Uppföljning", 3),
        ("paragraph", "Text direkt i en div.", 0),
    ]
    assert doc.title == "Trygghet | Exempelkommun"


def test_article_header_with_h1_is_kept(tmp_path):
    page = """<html><body><header>Sajtens logga</header><article><header><h1>Nytt löfte i Årjäng</h1>
    </header><p>Polisen och kommunen lovar fler trygghetsvandringar.</p></article></body></html>"""
    p = tmp_path / "artikel.htm"
    p.write_text(page, encoding="utf-8")
    doc, _ = parse_file(p)
    assert [b.text for b in doc.blocks] == ["Nytt löfte i Årjäng", "Polisen och kommunen lovar fler trygghetsvandringar."]
    assert doc.title == "Nytt löfte i Årjäng"
