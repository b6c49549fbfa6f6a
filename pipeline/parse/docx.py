"""Word document -> blocks, from paragraph styles and real Word numbering.

Agreements are usually written in Word: headings carry Heading/Rubrik styles, and
lists are Word numbering (w:numPr) rather than typed glyphs, so both are read from
the markup; typed bullets and bold one-line headings are handled as a fallback.
"""

from __future__ import annotations

import io
import re

from pipeline.blocks import Block, ParsedDocument
from pipeline.errors import CorruptFile
from pipeline.parse.boilerplate import clean_blocks
from pipeline.parse.textutil import clean, is_heading_like, split_bullet, table_text

_HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "rubrik", "titel"}
_LIST_STYLE = re.compile(r"^(?:list bullet|list number|list paragraph|liststycke|punktlista)\s*(\d)?$",
                         re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def parse(data: bytes, path: str) -> ParsedDocument:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zipfile, KeyError and its own errors alike
        raise CorruptFile(path, f"not a readable DOCX: {type(exc).__name__}: {exc}".rstrip(": ")) from None
    blocks: list[Block] = []
    page = 1
    for el in document.element.body.iterchildren():
        if el.tag == f"{_W}p":
            para = Paragraph(el, document)
            block = _paragraph(para, page)
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


def _paragraph(para, page: int) -> Block | None:
    text = clean(para.text)
    if not text:
        return None
    style = para.style.name if para.style is not None else ""
    if style.lower() in _TITLE_STYLES:
        return Block("heading", text, level=1, page=page)
    m = _HEADING_STYLE.match(style)
    if m:
        return Block("heading", text, level=int(m.group(1)), page=page)
    ilvl = _numbering_level(para)
    kind, rest = split_bullet(text)
    if kind in ("bullet", "sub"):
        return Block("list_item", rest, depth=max(ilvl or 0, 1 if kind == "sub" else 0), page=page)
    if ilvl is not None:
        return Block("list_item", text, depth=ilvl, page=page)
    m = _LIST_STYLE.match(style)
    if m:
        return Block("list_item", text, depth=int(m.group(1) or 1) - 1, page=page)
    if _all_bold(para) and is_heading_like(text):
        return Block("heading", text, level=2, page=page)
    return Block("paragraph", text, page=page)


def _numbering_level(para) -> int | None:
    """w:ilvl of the paragraph's own or its style's w:numPr; None when not numbered."""
    for owner in (para._p, para.style.element if para.style is not None else None):
        if owner is None:
            continue
        num_pr = owner.find(f"{_W}pPr/{_W}numPr")
        if num_pr is not None:
            num_id = num_pr.find(f"{_W}numId")
            if num_id is not None and num_id.get(f"{_W}val") == "0":
                return None  # numbering explicitly switched off
            ilvl = num_pr.find(f"{_W}ilvl")
            return int(ilvl.get(f"{_W}val")) if ilvl is not None else 0
    return None


def _all_bold(para) -> bool:
    runs = [r for r in para.runs if r.text.strip()]
    style_bold = bool(para.style is not None and para.style.font.bold)
    return bool(runs) and all(r.bold or (r.bold is None and style_bold) for r in runs)


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
