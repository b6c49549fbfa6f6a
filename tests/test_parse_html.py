"""HTML parsing: main content, boilerplate removal, heading levels, nested lists."""

import pytest
from docgen import sample_doc

from pipeline.errors import CorruptFile
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


def _page(tmp_path, html, name="sida.html"):
    p = tmp_path / name
    p.write_text(html, encoding="utf-8")
    return parse_file(p)[0]


BODY = "<h1>Nytt medborgarlöfte i Årjäng</h1><p>Polisen och kommunen lovar fler trygghetsvandringar.</p>"


@pytest.mark.parametrize("head,body,expected", [
    ('<meta property="article:published_time" content="2023-03-06T09:15:00+01:00">', BODY, "2023-03-06"),
    ('<meta name="dcterms.date" content="2021-05-04">', BODY, "2021-05-04"),
    ('<meta property="article:published_time" content="2022-12-31T23:30:00Z">', BODY, "2023-01-01"),
    ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "WebPage"},'
     ' {"@type": "NewsArticle", "headline": "x", "datePublished": "2019-11-20T08:00:00+01:00"}]}</script>',
     BODY, "2019-11-20"),
    ("", f'<article>{BODY}<p>Publicerad <time datetime="2024-02-29">29 februari</time></p></article>', "2024-02-29"),
    ('<meta property="article:published_time" content="0001-01-01T00:00:00">', BODY, None),
    ('<script type="application/ld+json">{broken</script>', BODY, None),
    ("", BODY, None),
])
def test_published_date_from_the_markup(tmp_path, head, body, expected):
    doc = _page(tmp_path, f"<html><head>{head}</head><body>{body}</body></html>")
    assert doc.meta.get("published") == expected
    assert doc.blocks[0].text == "Nytt medborgarlöfte i Årjäng"


def test_furniture_is_removed_by_structure(tmp_path):
    page = """<html><body>
    <header class="site-header"><div class="top-bar"><p>Ring oss: <a href="tel:0570-81000">0570-810 00</a></p>
    </div><a href="/">Startsida</a></header>
    <div role="navigation"><a href="/">Start</a> / <a href="/trygghet">Trygghet</a></div>
    <ol class="breadcrumbs"><li><a href="/">Du är här: Start</a></li><li>Medborgarlöfte</li></ol>
    <div class="cookie-banner"><p>Vi vill ge dig en bättre upplevelse.</p><button>OK</button></div>
    <div id="content">
      <h1>Medborgarlöfte 2026 för Årjäng</h1>
      <p><span class="visually-hidden">Typ av artikel:</span></p>
      <p>Polisen och kommunen lovar fler trygghetsvandringar och <a href="/x">grannsamverkan</a> i Töcksfors.</p>
      <h2>Other languages</h2>
      <ul><li><a href="/en">English</a></li><li><a href="/ar">العربية</a></li><li><a href="/fi">Suomi</a></li></ul>
      <h2>Aktiviteter</h2>
      <ul><li>Fotpatrullering vid skolor</li><li>Nattvandring</li></ul>
      <div class="share-this"><a href="#">Facebook</a><a href="#">X</a><a href="#">LinkedIn</a></div>
      <div role="complementary"><h2>Kontakt</h2><p>Kommunpolis Anna Andersson</p></div>
    </div></body></html>"""
    doc = _page(tmp_path, page)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Medborgarlöfte 2026 för Årjäng"),
        ("paragraph", "Polisen och kommunen lovar fler trygghetsvandringar och grannsamverkan i Töcksfors."),
        ("heading", "Aktiviteter"),
        ("list_item", "Fotpatrullering vid skolor"),
        ("list_item", "Nattvandring"),
    ]


def test_inline_markup_joins_words_and_blocks_part_them(tmp_path):
    doc = _page(tmp_path, "<html><body><p>Fot<b>patrullering</b> vid<br>skolan</p>"
                          "<ul><li>Trafik<div>kontroller</div></li></ul></body></html>")
    assert [b.text for b in doc.blocks] == ["Fotpatrullering vid skolan", "Trafik kontroller"]


@pytest.mark.parametrize("levels", [600, 100_000])
@pytest.mark.parametrize("tag", ["div", "b", "ul><li", "table><tr><td"])
def test_deep_nesting_is_linear_or_refused(tmp_path, levels, tag):
    close = "".join(f"</{t}>" for t in reversed(tag.split("><")))
    page = f"<html><body><main>{f'<{tag}>ord ' * levels}Polisen lovar{close * levels}</main></body></html>"
    p = tmp_path / "djup.html"
    p.write_text(page, encoding="utf-8")
    try:
        doc, _ = parse_file(p)
    except CorruptFile as err:
        assert err.reason == "the page's markup is nested too deeply to be read (thousands of levels)"
        assert levels > 600
    else:
        assert "Polisen lovar" in doc.text
        assert doc.text.count("ord") == levels


def test_a_sidebar_of_other_news_does_not_date_the_page(tmp_path):
    doc = _page(tmp_path, f"<html><body><div class='related'><h2>Fler nyheter</h2><aside>"
                          "<time datetime='2019-01-01'>1 jan</time></aside></div>"
                          f"{BODY}<p>Uppdaterad <time datetime='2022-06-01T10:00'>1 juni</time></p>"
                          "</body></html>")
    assert doc.meta["published"] == "2022-06-01"
