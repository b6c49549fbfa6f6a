"""Word document -> blocks, from paragraph styles and real Word numbering.

Agreements are usually written in Word: headings carry Heading/Rubrik styles, and
lists are Word numbering (w:numPr) rather than typed glyphs, so both are read from
the markup; typed bullets and bold one-line headings are handled as a fallback.
Styles are resolved once per document (python-docx's `paragraph.style` searches every
style for the default on each call). The package is checked before python-docx opens it
(see pipeline.parse.package): no zip bomb, no DTD, so no entity expansion.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pipeline.blocks import Block, ParsedDocument
from pipeline.errors import CorruptFile
from pipeline.parse.boilerplate import clean_blocks
from pipeline.parse.package import check_package
from pipeline.parse.textutil import clean, is_heading_like, split_bullet, table_text

_HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "rubrik", "titel"}
_LIST_STYLE = re.compile(r"^(?:list bullet|list number|list paragraph|liststycke|punktlista)\s*(\d)?$",
                         re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_LEVEL = 8  # Word numbering has levels 0-8


@dataclass(frozen=True)
class _Style:
    name: str
    bold: bool
    num_pr: object  # the style's own w:numPr element, or None


def parse(data: bytes, path: str) -> ParsedDocument:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_package(data, path, "DOCX")
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        styles = _styles(document)
    except Exception as exc:  # python-docx raises zipfile, KeyError, lxml and its own errors alike
        raise CorruptFile(path, _reason(exc)) from None
    default = styles.get(None, _Style("", False, None))
    blocks: list[Block] = []
    page = 1
    for el in body.iterchildren():
        if el.tag == f"{_W}p":
            para = Paragraph(el, document)
            block = _paragraph(para, styles.get(_style_id(el), default), page)
            if block:
                blocks.append(block)
            page += len(el.findall(f".//{_W}br[@{_W}type='page']"))
        elif el.tag == f"{_W}tbl":
            rows = _rows(Table(el, document))
            if rows:
                blocks.append(Block("table", table_text(rows), page=page, rows=rows))
    blocks = clean_blocks(blocks)
    title = clean(document.core_properties.title or "") or next(
        (b.text for b in blocks if b.kind == "heading"), None)
    return ParsedDocument(blocks=blocks, format="docx", pages=page, title=title)


def _reason(exc: Exception) -> str:
    from lxml.etree import XMLSyntaxError

    if isinstance(exc, XMLSyntaxError):
        return "not a readable DOCX: its XML is damaged or nested too deeply"
    if isinstance(exc, KeyError):
        return "not a readable DOCX: a part Word needs is missing from the package"
    return "not a readable DOCX (damaged, or not a Word document)"


def _styles(document) -> dict[str | None, _Style]:
    """Paragraph styles by id, resolved once; the key None holds the default paragraph style."""
    table: dict[str | None, _Style] = {}
    for el in document.styles.element.findall(f"{_W}style"):
        if el.get(f"{_W}type") != "paragraph":
            continue
        name_el = el.find(f"{_W}name")
        bold_el = el.find(f"{_W}rPr/{_W}b")
        style = _Style(
            name=(name_el.get(f"{_W}val") if name_el is not None else "") or "",
            bold=bold_el is not None and bold_el.get(f"{_W}val") not in ("0", "false", "off"),
            num_pr=el.find(f"{_W}pPr/{_W}numPr"),
        )
        table[el.get(f"{_W}styleId")] = style
        if el.get(f"{_W}default") in ("1", "true", "on") and None not in table:
            table[None] = style
    return table


def _style_id(p) -> str | None:
    ref = p.find(f"{_W}pPr/{_W}pStyle")
    return ref.get(f"{_W}val") if ref is not None else None


def _paragraph(para, style: _Style, page: int) -> Block | None:
    text = clean(para.text)
    if not text:
        return None
    name = style.name
    if name.lower() in _TITLE_STYLES:
        return Block("heading", text, level=1, page=page)
    m = _HEADING_STYLE.match(name)
    if m:
        return Block("heading", text, level=int(m.group(1)), page=page)
    ilvl = _numbering_level(para._p, style)
    kind, rest = split_bullet(text)
    if kind in ("bullet", "sub"):
        return Block("list_item", rest, depth=max(ilvl or 0, 1 if kind == "sub" else 0), page=page)
    if ilvl is not None:
        return Block("list_item", text, depth=ilvl, page=page)
    m = _LIST_STYLE.match(name)
    if m:
        return Block("list_item", text, depth=int(m.group(1) or 1) - 1, page=page)
    if _all_bold(para, style) and is_heading_like(text):
        return Block("heading", text, level=2, page=page)
    return Block("paragraph", text, page=page)


def _numbering_level(p, style: _Style) -> int | None:
    """w:ilvl of the paragraph's own or its style's w:numPr; None when not numbered."""
    for num_pr in (p.find(f"{_W}pPr/{_W}numPr"), style.num_pr):
        if num_pr is None:
            continue
        num_id = num_pr.find(f"{_W}numId")
        if num_id is not None and num_id.get(f"{_W}val") == "0":
            return None  # numbering explicitly switched off
        ilvl = num_pr.find(f"{_W}ilvl")
        return _level(ilvl.get(f"{_W}val")) if ilvl is not None else 0
    return None


def _level(value: str | None) -> int:
    """A numbering level as Word reads it: a damaged value ('abc', '-3', '99') is the nearest level."""
    try:
        return min(max(int(value or 0), 0), _MAX_LEVEL)
    except ValueError:
        return 0


def _all_bold(para, style: _Style) -> bool:
    runs = [r for r in para.runs if r.text.strip()]
    return bool(runs) and all(r.bold or (r.bold is None and style.bold) for r in runs)


def _rows(table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells, seen = [], []
        for cell in row.cells:
            if any(cell._tc is tc for tc in seen):  # a merged cell is reported once per grid column
                continue
            seen.append(cell._tc)
            cells.append(clean(cell.text))
        if any(cells):
            rows.append(cells)
    return rows
