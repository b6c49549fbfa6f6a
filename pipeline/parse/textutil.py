"""Text normalisation and line classification shared by the format parsers.

All four parsers must agree on what a bullet, a heading-like line and a clean string are,
or the same content would give different blocks; so those rules live here, once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

from pipeline.blocks import Block

# Glyphs that open a top-level bullet, and those that open a sub-bullet. "(cid:127)" is what
# pdfminer reports for the bullet of the standard PDF fonts.
BULLETS = ("•", "●", "▪", "■", "·", "*", "", "(cid:127)")
SUB_BULLETS = ("o", "◦", "○", "", "▫")
DASHES = ("-", "–", "—")

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SENTENCE_END = re.compile(r"[.!?:;,…]$")
_TITLE_WITHIN = 3  # the first heading among this many leading blocks is the title


@cache
def data_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a file in pipeline/parse/data."""
    text = resources.files("pipeline.parse").joinpath("data", name).read_text(encoding="utf-8")
    return tuple(s for s in (line.strip() for line in text.splitlines()) if s and not s.startswith("#"))


@cache
def data_regex(name: str, whole: bool = True) -> re.Pattern:
    """One alternation of the patterns in a data file, matched whole or at the start."""
    body = "|".join(f"(?:{p})" for p in data_lines(name))
    return re.compile(f"(?:{body})" + (r"\Z" if whole else ""), re.IGNORECASE)


def clean(text: str) -> str:
    """NFC, invisible characters removed, all whitespace runs made one space, trimmed."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return " ".join(_SPACES.sub(" ", text).split())


def split_bullet(line: str) -> tuple[str | None, str]:
    """Split a leading list glyph off a line: ("bullet" | "sub" | "dash" | None, rest)."""
    s = line.strip()
    for kind, glyphs in (("bullet", BULLETS), ("sub", SUB_BULLETS), ("dash", DASHES)):
        for g in glyphs:
            if s.startswith(g) and len(s) > len(g) and s[len(g)] in " \t\u00a0":
                rest = clean(s[len(g):])
                if rest:
                    return kind, rest
    return None, clean(s)


def is_caps(line: str) -> bool:
    """A line in CAPITALS, like "SYNLIGARE POLIS" (at least three letters, none lowercase)."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters) and len(line) <= 80


def is_heading_like(line: str) -> bool:
    """Short, starts with a capital or digit, no sentence punctuation at the end, not a byline."""
    s = clean(line)
    if not s or len(s) > 80 or len(s.split()) > 12 or _SENTENCE_END.search(s):
        return False
    if not (s[0].isupper() or s[0].isdigit()) or not any(c.isalpha() for c in s):
        return False
    if data_regex("not_heading.txt", whole=False).match(s):
        return False
    return s.split()[-1].lower() not in data_lines("lead_in_endings.txt")


def is_quote(line: str) -> bool:
    """A dash line that reports speech ("– Vi ska ..., säger X") rather than listing an item."""
    words = {w.strip(",.;:!?”\"'").lower() for w in line.split()}
    return bool(words & set(data_lines("speech_verbs.txt")))


def join_lines(prev: str, nxt: str) -> str:
    """Join two wrapped lines, mending a word hyphenated across the break.

    "trygghets-" + "vandringar" -> "trygghetsvandringar"; "gång-" + "och cykel" keeps
    "gång- och"; "ICA-" + "butiker" keeps the hyphen of a real compound.
    """
    prev, nxt = prev.rstrip(), nxt.lstrip()
    if not prev:
        return nxt
    if not nxt:
        return prev
    m = re.search(r"(\w+)-$", prev)
    if m and nxt[0].isalpha() and nxt[0].islower():
        first = re.match(r"\w+", nxt)
        if first and first.group(0).lower() in data_lines("hyphen_keep.txt"):
            return f"{prev} {nxt}"
        if m.group(1).isupper() and len(m.group(1)) > 1:
            return prev + nxt
        return prev[:-1] + nxt
    return f"{prev} {nxt}"


def table_text(rows: list[list[str]]) -> str:
    """The text of a table block: cells joined by " | ", rows by newlines."""
    return "\n".join(" | ".join(row) for row in rows)


def mark_title(blocks: list[Block]) -> list[Block]:
    """The first heading near the start of a document without heading levels (plain text, a
    scan) is its title: level 1."""
    if any(b.kind == "heading" and b.level == 1 for b in blocks):
        return blocks
    for b in blocks[:_TITLE_WITHIN]:
        if b.kind == "heading":
            b.level = 1
            break
    return blocks
