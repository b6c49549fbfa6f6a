"""Snippets for the SQLite backend's hits, marked like the whoosh backend's: up to two
fragments around matched words, each matched word as **word**, fragments joined by " … ";
without a match, the opening. FTS5's own snippet() would show our stored stems, not the
text, so the text is scanned here, only for the hits shown."""

from __future__ import annotations

import re

from pipeline.search.sqlite_tokens import terms_of

SNIPPET_CHARS = 240
SURROUND = 60
FRAGMENTS = 2
CUE = 3  # letters of a term a word must contain to be analysed
_WORD = re.compile(r"\w+")


def snippet(text: str, terms: set[str], prefixes: set[str] = frozenset()) -> str:
    """Only words holding the start of a searched term are analysed: analysing every word
    of ten long texts took longer than the search itself."""
    starts = {t[:CUE] for t in (*terms, *prefixes)}
    spans = [
        m.span() for m in _WORD.finditer(text)
        if _cued(w := m.group().lower(), starts) and _matches(w, terms, prefixes)
    ]
    if not spans:
        return excerpt(text)
    fragments = []  # (first span index, last span index)
    i = 0
    while i < len(spans):
        j = i
        while j + 1 < len(spans) and spans[j + 1][1] - spans[i][0] <= SNIPPET_CHARS - 2 * SURROUND:
            j += 1
        fragments.append((i, j))
        i = j + 1
    best = sorted(sorted(fragments, key=lambda f: f[0] - f[1])[:FRAGMENTS])
    return " … ".join(_mark(text, spans[a : b + 1]) for a, b in best)


def excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def _cued(word: str, starts: set[str]) -> bool:
    return any(s in word for s in starts)


def _matches(word: str, terms: set[str], prefixes: set[str]) -> bool:
    group = terms_of(word)
    return any(t in terms for t in group) or any(
        t.startswith(p) for p in prefixes for t in (word, *group)
    )


def _mark(text: str, spans: list[tuple[int, int]]) -> str:
    start = _word_start(text, max(spans[0][0] - SURROUND, 0))
    end = _word_end(text, min(spans[-1][1] + SURROUND, len(text)))
    out, pos = [], start
    for a, b in spans:
        out += [text[pos:a], "**", text[a:b], "**"]
        pos = b
    out.append(text[pos:end])
    return " ".join("".join(out).split())


def _word_start(text: str, i: int) -> int:
    while 0 < i < len(text) and text[i - 1].isalnum():
        i += 1
    return i


def _word_end(text: str, i: int) -> int:
    while 0 < i < len(text) and text[i].isalnum():
        i -= 1
    return i
