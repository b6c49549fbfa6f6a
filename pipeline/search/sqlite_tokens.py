"""The Swedish analysis as plain token strings for SQLite FTS5.

FTS5 cannot run our analyzer, so text is analysed here and stored as space-separated terms
that FTS5's unicode61 tokenizer keeps as they are. The analyzer works word by word (no
filter looks at a neighbour), so a word's terms are cached: a corpus repeats its words, and
analysing word by word is several times faster than running the whoosh chain over a whole
text. `word_groups` gives exactly what `analysis.analyze` gives.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.search.analysis import WORD_PATTERN, analyze

_WORD = re.compile(WORD_PATTERN)


@lru_cache(maxsize=500_000)
def terms_of(word: str) -> tuple[str, ...]:
    """Terms of one lowercase word: whole form, then compound parts; () for a stop word."""
    groups = analyze(word)
    return tuple(groups[0]) if groups else ()


def word_groups(text: str) -> list[tuple[str, ...]]:
    """Index terms of a text grouped by word, as `analyze` gives them."""
    groups = (terms_of(w) for w in _WORD.findall(unicodedata.normalize("NFC", text).lower()))
    return [g for g in groups if g]


def streams(text: str) -> tuple[str, str]:
    """(every term, whole words only): the first for matching words and compound parts, the
    second for phrases, whose positions compound parts would shift."""
    groups = word_groups(text)
    return " ".join(t for g in groups for t in g), " ".join(g[0] for g in groups)


def join(*parts: tuple[str, str]) -> tuple[str, str]:
    """Streams of texts analysed apart, as if the texts had been one."""
    return (
        " ".join(p[0] for p in parts if p[0]),
        " ".join(p[1] for p in parts if p[1]),
    )
