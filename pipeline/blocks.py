"""The intermediate every format parser produces: an ordered list of blocks.

Everything after parsing works on blocks only, so the same content in PDF, DOCX,
HTML or TXT leads to the same record by design rather than by special cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table"]


@dataclass
class Block:
    kind: BlockKind
    text: str
    level: int = 0  # heading level, 1 = top
    depth: int = 0  # list nesting, 0 = top-level bullet
    page: int = 1
    rows: list[list[str]] = field(default_factory=list)  # table cells, row by row

    def to_dict(self) -> dict:
        d = {"kind": self.kind, "text": self.text, "page": self.page}
        if self.kind == "heading":
            d["level"] = self.level
        if self.kind == "list_item":
            d["depth"] = self.depth
        if self.kind == "table":
            d["rows"] = self.rows
        return d


@dataclass
class ParsedDocument:
    """What a parser returns: blocks plus the facts only the container knows."""

    blocks: list[Block]
    format: str  # pdf | docx | html | txt
    pages: int = 1
    title: str | None = None  # <title>, PDF or DOCX metadata, when present
    warnings: list[str] = field(default_factory=list)  # what the parser had to guess, for the record
    meta: dict = field(default_factory=dict)  # facts the container states, e.g. "published" (ISO date)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)
