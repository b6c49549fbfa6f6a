"""Plain text (often a saved web page) -> blocks.

Plain text carries no markup, so structure comes from layout: blank lines separate
blocks, bullet glyphs open list items, short unpunctuated lines are headings. Heading
depth is not in plain text except as Markdown "#"; other headings are level 2 and the
document's first heading, its title, is level 1.
"""

from __future__ import annotations

import re

from pipeline.blocks import Block, ParsedDocument
from pipeline.parse.boilerplate import clean_blocks
from pipeline.parse.encoding import decode
from pipeline.parse.textutil import (
    clean,
    is_caps,
    is_heading_like,
    is_quote,
    mark_title,
    split_bullet,
    table_text,
)

_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+)$")
_WRAP_WIDTH = 100  # lines longer than this were not wrapped by hand


def parse(data: bytes, path: str) -> ParsedDocument:
    text, warnings = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    for page_no, page in enumerate(text.split("\f"), start=1):
        blocks.extend(_page_blocks(page, page_no))
    blocks = mark_title(clean_blocks(blocks))
    title = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), None)
    return ParsedDocument(blocks=blocks, format="txt", pages=text.count("\f") + 1, title=title,
                          warnings=warnings)


def _groups(page: str) -> list[list[str]]:
    """Runs of non-blank lines, leading indentation kept."""
    groups, current = [], []
    for line in page.split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _page_blocks(page: str, page_no: int) -> list[Block]:
    groups = _groups(page)
    blocks: list[Block] = []
    list_indent: int | None = None  # indentation of the current list's top-level bullets
    for gi, lines in enumerate(groups):
        if len(lines) >= 2 and all("\t" in line.strip() for line in lines):
            rows = [[clean(c) for c in line.strip().split("\t")] for line in lines]
            blocks.append(Block("table", table_text(rows), page=page_no, rows=rows))
            list_indent = None
            continue
        kinds = [split_bullet(line)[0] for line in lines]
        open_block: Block | None = None
        for i, line in enumerate(lines):
            kind, rest = split_bullet(line)
            if kind == "dash" and not _dash_is_item(lines, kinds, i, rest):
                kind = None
            if kind:
                indent = _indent(line)
                if list_indent is None or indent < list_indent:
                    list_indent = indent
                depth = 1 if kind == "sub" or indent > list_indent else 0
                open_block = Block("list_item", rest, depth=depth, page=page_no)
                blocks.append(open_block)
                continue
            s = clean(line)
            if open_block is not None and open_block.kind == "list_item" and _indent(line) > 0:
                open_block.text = f"{open_block.text} {s}"  # an indented continuation line
                continue
            heading = _heading_level(lines, kinds, i, last_group=gi == len(groups) - 1)
            if heading:
                m = _MARKDOWN_HEADING.match(s)
                open_block = Block("heading", clean(m.group(2)) if m else s, level=heading, page=page_no)
                blocks.append(open_block)
                list_indent = None
            elif open_block is not None and open_block.kind == "paragraph" and not _is_dash(line) \
                    and not _new_paragraph(lines[i - 1], s):
                open_block.text = f"{open_block.text} {s}"
            else:
                open_block = Block("paragraph", s, page=page_no)
                blocks.append(open_block)
                list_indent = None
    return blocks


def _is_dash(line: str) -> bool:
    return split_bullet(line)[0] == "dash"


def _new_paragraph(prev: str, line: str) -> bool:
    """A long line ending a sentence, then a capital: one paragraph per line, as in text
    saved from a web page; hard-wrapped text (short lines) is joined instead."""
    prev = clean(prev)
    return len(prev) > _WRAP_WIDTH and _ends_sentence(prev) and line[:1].isupper()


def _dash_is_item(lines: list[str], kinds: list, i: int, rest: str) -> bool:
    """A dash line is a list item in a run of dash lines or after a lead-in ending in ":",
    and never when it reports speech (a quotation in news text)."""
    if is_quote(rest) or len(rest) > 300:
        return False
    neighbour = (i > 0 and kinds[i - 1] == "dash") or (i + 1 < len(kinds) and kinds[i + 1] == "dash")
    lead_in = i > 0 and lines[i - 1].rstrip().endswith(":")
    return neighbour or lead_in


def _heading_level(lines: list[str], kinds: list, i: int, last_group: bool) -> int:
    """0 if the line is not a heading, else its level."""
    s = clean(lines[i])
    m = _MARKDOWN_HEADING.match(s)
    if m:
        return len(m.group(1))
    if is_caps(s) and is_heading_like(s):
        return 2
    if not is_heading_like(s):
        return 0
    if len(lines) == 1:
        return 0 if last_group else 2  # stands alone before more content
    if i + 1 < len(lines):
        nxt = clean(lines[i + 1])
        if kinds[i + 1] in ("bullet", "sub"):
            return 2
        if len(nxt) >= max(60, 2 * len(s)) and (i == 0 or _ends_sentence(lines[i - 1])):
            return 2  # a short line over a long prose line, like "Lägesbild" over its text
    return 0


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith((".", "!", "?", ":"))
