"""Drop web furniture (cookie notices, "Till toppen", footers) from parsed blocks.

Saved web pages reach the pipeline as HTML and as TXT, and the furniture would otherwise
end up in records and the search index. Patterns live in data/boilerplate.txt and must
match a block's whole text, so a real sentence that merely mentions a word is kept.
"""

from __future__ import annotations

from pipeline.blocks import Block
from pipeline.parse.textutil import data_regex


def is_boilerplate(text: str) -> bool:
    return bool(data_regex("boilerplate.txt").match(text.strip()))


def clean_blocks(blocks: list[Block]) -> list[Block]:
    """The blocks that are not web furniture; tables are always kept."""
    return [b for b in blocks if b.kind == "table" or (b.text.strip() and not is_boilerplate(b.text))]
