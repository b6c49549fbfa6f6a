"""HTML page -> blocks, from the page's main content only.

Municipal and police pages wrap a few paragraphs in navigation, cookie banners and
footers; only the main content belongs in a record, so the furniture is cut away
before the markup (h1-h6, p, ul/ol, table) is turned into blocks.
"""

from __future__ import annotations

import re

from pipeline.blocks import Block, ParsedDocument
from pipeline.errors import CorruptFile
from pipeline.parse.boilerplate import clean_blocks
from pipeline.parse.textutil import clean, split_bullet, table_text

_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "aside", "form", "iframe", "svg",
              "button", "select", "footer")
_FURNITURE = re.compile(r"cookie|consent|gdpr|skip-?link|skiplink", re.IGNORECASE)
_HEADING = re.compile(r"^h([1-6])$")
_BLOCK_TAGS = {"p", "ul", "ol", "table", "div", "section", "article", "main", "blockquote", "header",
               "figure", "figcaption", "dl", "dd", "dt", "li", "pre", "address", "h1", "h2", "h3", "h4",
               "h5", "h6", "hr", "br"}


def parse(data: bytes, path: str) -> ParsedDocument:
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(data, "lxml")
    except Exception as exc:  # lxml refuses only truly broken input
        raise CorruptFile(path, f"not a readable HTML page: {exc}") from None
    page_title = clean(soup.title.get_text()) if soup.title else ""
    root = _main_content(soup)
    _strip_furniture(root)
    blocks: list[Block] = []
    _walk(root, blocks)
    blocks = clean_blocks(blocks)
    h1 = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None)
    return ParsedDocument(blocks=blocks, format="html", pages=1, title=h1 or page_title or None)


def _main_content(soup):
    """<main>, role=main or the largest <article>; else the body."""
    for candidate in (soup.find("main"), soup.find(attrs={"role": "main"})):
        if candidate is not None:
            return candidate
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=lambda a: len(a.get_text(" ", strip=True)))
    return soup.body or soup


def _strip_furniture(root) -> None:
    for tag in root.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in root.find_all("header"):
        if tag.find("h1") is None:  # an article's own header holds its title: keep that one
            tag.decompose()
    for tag in root.find_all(True):
        if tag.decomposed:
            continue
        attrs = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
        if _FURNITURE.search(attrs) or tag.get("aria-hidden") == "true" or tag.get("hidden") is not None:
            tag.decompose()


def _walk(node, blocks: list[Block]) -> None:
    """Blocks in document order; inline text between block elements becomes a paragraph."""
    inline: list[str] = []

    def flush():
        text = clean(" ".join(inline))
        inline.clear()
        if text:
            blocks.append(Block("paragraph", text))

    for child in node.children:
        name = getattr(child, "name", None)
        if name is None:
            if type(child).__name__ == "NavigableString":
                inline.append(str(child))
            continue
        if name not in _BLOCK_TAGS:
            inline.append(child.get_text(" "))
            continue
        flush()
        m = _HEADING.match(name)
        if m:
            text = clean(child.get_text(" "))
            if text:
                blocks.append(Block("heading", text, level=int(m.group(1))))
        elif name == "p":
            _paragraph(child, blocks)
        elif name in ("ul", "ol"):
            _list(child, blocks, 0)
        elif name == "table":
            _table(child, blocks)
        elif name not in ("br", "hr"):
            _walk(child, blocks)
    flush()


def _paragraph(p, blocks: list[Block]) -> None:
    text = clean(p.get_text(" "))
    if not text:
        return
    kind, rest = split_bullet(text)
    if kind in ("bullet", "sub"):  # a typed bullet in a <p>
        blocks.append(Block("list_item", rest, depth=1 if kind == "sub" else 0))
    else:
        blocks.append(Block("paragraph", text))


def _list(lst, blocks: list[Block], depth: int) -> None:
    for li in lst.find_all("li", recursive=False):
        own = [c.get_text(" ") if getattr(c, "name", None) else str(c)
               for c in li.children if getattr(c, "name", None) not in ("ul", "ol")]
        text = clean(" ".join(own))
        if text:
            blocks.append(Block("list_item", text, depth=depth))
        for sub in li.find_all(("ul", "ol"), recursive=False):
            _list(sub, blocks, depth + 1)


def _table(table, blocks: list[Block]) -> None:
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        cells = [clean(c.get_text(" ")) for c in tr.find_all(("td", "th"), recursive=False)]
        if any(cells):
            rows.append(cells)
    if rows:
        blocks.append(Block("table", table_text(rows), rows=rows))
