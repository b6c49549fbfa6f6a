"""HTML page -> blocks, from the page's main content only.

Municipal and police pages wrap a few paragraphs in navigation, cookie banners, share bars and
footers; only the main content belongs in a record, so the furniture is cut away by structure
(landmark elements and ARIA roles, hidden and screen-reader-only text, link-dense lists) before
the markup (h1-h6, p, ul/ol, table) is turned into blocks. Every pass over the tree is an
iteration, never a recursion, so a page nested thousands of levels deep costs linear time.
The dates the page states in its metadata are read before the furniture goes.
"""

from __future__ import annotations

import re

from pipeline.blocks import Block, ParsedDocument
from pipeline.errors import CorruptFile
from pipeline.parse.boilerplate import clean_blocks
from pipeline.parse.encoding import decode
from pipeline.parse.html_meta import dated_in, stated
from pipeline.parse.textutil import clean, split_bullet, table_text

_DROP_TAGS = {"script", "style", "noscript", "template", "nav", "aside", "form", "iframe", "svg",
              "button", "select", "footer", "dialog", "menu", "object", "embed"}
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog",
               "menu", "menubar", "toolbar", "tablist", "alert", "status"}
# Class and id words that name furniture on any site: consent banners, skip links, breadcrumbs,
# share bars, language pickers, and text shown only to screen readers or not at all.
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:cookies?|consent|gdpr|skip-?links?|skip-?to|breadcrumbs?|brodsmulor|share|sharing|social"
    r"|language-?(?:picker|selector|switcher|menu)|sr-only|visually-?hidden|screen-?reader(?:-text|-only)?"
    r"|element-invisible|hidden|d-none)(?:$|[\s_-])",
    re.IGNORECASE)
_HEADING = re.compile(r"^h([1-6])$")
_BLOCK_TAGS = {"p", "ul", "ol", "table", "div", "section", "article", "main", "blockquote", "header",
               "figure", "figcaption", "dl", "dd", "dt", "li", "pre", "address", "h1", "h2", "h3", "h4",
               "h5", "h6", "hr", "br", "tr", "td", "th", "caption", "details", "summary", "center"}
_LINK_LISTS = {"ul", "ol", "div", "section", "p", "dl", "table"}
_LINK_SHARE = 0.8  # of a container's text inside links: a menu or link list, not content
_MIN_LINKS = 3  # ...with at least this many links (one link in a sentence is content)


def parse(data: bytes, path: str) -> ParsedDocument:
    text, warnings = decode(data, path, html=True)
    root = _document(text, path)
    date = stated(root)
    title_el = root.find(".//title")
    page_title = clean(title_el.text_content()) if title_el is not None else ""
    main = _main_content(root)
    _strip_furniture(main)
    date = date or dated_in(main)
    meta = {"published": date} if date else {}
    blocks = clean_blocks(_blocks(main))
    h1 = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None)
    return ParsedDocument(blocks=blocks, format="html", pages=1, title=h1 or page_title or None,
                          warnings=warnings, meta=meta)


def _document(text: str, path: str):
    """The lxml tree; a page nested beyond what the parser keeps is refused, never cut silently."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise CorruptFile(path, "not a readable HTML page (no markup or text in it)") from None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise CorruptFile(path, "the page's markup is nested too deeply to be read (thousands of levels)")
    return root


def _main_content(root):
    """<main>, role=main or the largest <article>; else the body."""
    for candidate in (root.find(".//main"), next(iter(root.xpath("//*[@role='main']")), None)):
        if candidate is not None:
            return candidate
    articles = root.findall(".//article")
    if articles:
        return max(articles, key=lambda a: len(a.text_content()))
    body = root.find("body")
    return body if body is not None else root


def _strip_furniture(root) -> None:
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    dense = _link_dense(elements)
    drop = []
    for el in elements:
        if el is root:
            continue
        if _is_furniture(el):
            drop.append(el)
        elif el in dense:
            drop.append(el)
            intro = el.getprevious()
            if intro is not None and _HEADING.match(str(intro.tag)) and intro.tag != "h1" \
                    and not (intro.tail or "").strip():
                drop.append(intro)  # "Other languages" right over the list of languages
    for el in drop:
        if el.getparent() is not None:
            el.drop_tree()


def _is_furniture(el) -> bool:
    tag = el.tag
    if tag in _DROP_TAGS:
        return True
    if tag == "header" and el.find(".//h1") is None:  # an article's own header holds its title: keep that one
        return True
    if (el.get("role") or "").strip().lower() in _DROP_ROLES:
        return True
    if el.get("aria-hidden") == "true" or el.get("hidden") is not None:
        return True
    attrs = " ".join(filter(None, (el.get("id"), el.get("class"))))
    return bool(attrs and _FURNITURE.search(attrs))


def _link_dense(elements: list) -> set:
    """Containers whose text is mostly links, from sizes summed bottom-up in one pass."""
    chars: dict = {}
    link_chars: dict = {}
    links: dict = {}
    headed: dict = {}
    for el in reversed(elements):  # reversed document order: every child before its parent
        own = len((el.text or "").strip()) + sum(len((c.tail or "").strip()) for c in el)
        kids = [c for c in el if isinstance(c.tag, str)]
        chars[el] = own + sum(chars[c] for c in kids)
        if el.tag == "a":
            link_chars[el], links[el] = chars[el], 1
        else:
            link_chars[el] = sum(link_chars[c] for c in kids)
            links[el] = sum(links[c] for c in kids)
        headed[el] = bool(_HEADING.match(el.tag)) or any(headed[c] for c in kids)
    return {
        el for el in elements
        if el.tag in _LINK_LISTS and links[el] >= _MIN_LINKS and not headed[el]
        and chars[el] and link_chars[el] / chars[el] >= _LINK_SHARE
    }


def _children(node):
    """A node's content in order: its text, then each child element and the text after it."""
    if node.text:
        yield node.text
    for child in node:
        if isinstance(child.tag, str):
            yield child
        if child.tail:
            yield child.tail


def _blocks(root) -> list[Block]:
    """Blocks in document order; inline text between block elements becomes a paragraph."""
    blocks: list[Block] = []
    stack = [(_children(root), [])]  # per open container: its remaining content, its pending inline text
    while stack:
        items, inline = stack[-1]
        item = next(items, None)
        if item is None:
            _flush(inline, blocks)
            stack.pop()
            continue
        if isinstance(item, str):
            inline.append(item)
            continue
        name = item.tag
        if name not in _BLOCK_TAGS:
            inline.append(text_of(item))
            continue
        _flush(inline, blocks)
        m = _HEADING.match(name)
        if m:
            text = clean(text_of(item))
            if text:
                blocks.append(Block("heading", text, level=int(m.group(1))))
        elif name == "p":
            _paragraph(item, blocks)
        elif name in ("ul", "ol"):
            _list(item, blocks)
        elif name == "table":
            _table(item, blocks)
        elif name not in ("br", "hr"):
            stack.append((_children(item), []))
    return blocks


def _flush(inline: list[str], blocks: list[Block]) -> None:
    text = clean("".join(inline))
    inline.clear()
    if text:
        blocks.append(Block("paragraph", text))


def text_of(el, skip: tuple[str, ...] = ()) -> str:
    """An element's text as a browser shows it: inline markup joins, block markup and <br> part.
    Elements named in `skip` (the nested lists of a list item) are left out, their tails kept."""
    from lxml import etree

    parts: list[str] = []
    skipping = 0
    for event, node in etree.iterwalk(el, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else ""
        if node is not el and tag in skip:
            skipping += 1 if event == "start" else -1
            if event == "end" and not skipping:
                parts.append(node.tail or "")
            continue
        if skipping:
            continue
        gap = " " if tag in _BLOCK_TAGS else ""
        if event == "start":
            parts.append(gap + (node.text or ""))
        else:
            parts.append(gap + ("" if node is el else node.tail or ""))
    return "".join(parts)


def _paragraph(p, blocks: list[Block]) -> None:
    text = clean(text_of(p))
    if not text:
        return
    kind, rest = split_bullet(text)
    if kind in ("bullet", "sub"):  # a typed bullet in a <p>
        blocks.append(Block("list_item", rest, depth=1 if kind == "sub" else 0))
    else:
        blocks.append(Block("paragraph", text))


def _list(lst, blocks: list[Block]) -> None:
    """Items in document order, each nested list one level deeper than its item."""
    stack = [(iter(lst), 0)]
    while stack:
        items, depth = stack[-1]
        li = next(items, None)
        if li is None:
            stack.pop()
            continue
        if li.tag != "li":
            continue
        text = clean(text_of(li, skip=("ul", "ol")))
        if text:
            blocks.append(Block("list_item", text, depth=depth))
        nested = [item for sub in li if sub.tag in ("ul", "ol") for item in sub]
        if nested:
            stack.append((iter(nested), depth + 1))


def _table(table, blocks: list[Block]) -> None:
    """Rows of this table only (directly or in thead/tbody/tfoot), not of tables nested in it."""
    rows = []
    for part in table:
        for tr in ([part] if part.tag == "tr" else part if part.tag in ("thead", "tbody", "tfoot") else ()):
            if tr.tag != "tr":
                continue
            cells = [clean(text_of(c)) for c in tr if c.tag in ("td", "th")]
            if any(cells):
                rows.append(cells)
    if rows:
        blocks.append(Block("table", table_text(rows), rows=rows))
