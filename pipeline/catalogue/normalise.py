"""Normalised keys for activity wordings, so that small differences in inflection, word
order, punctuation and function words do not make two activities look different."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_STEM = 3


def _data_lines(name: str) -> list[str]:
    text = resources.files("pipeline.catalogue").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(_data_lines("stopwords.txt"))


@lru_cache(maxsize=1)
def suffixes() -> tuple[str, ...]:
    return tuple(sorted(_data_lines("suffixes.txt"), key=len, reverse=True))


def clean(text: str) -> str:
    """NFC, single spaces, no surrounding space: how a wording is shown and compared."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@lru_cache(maxsize=200_000)  # an archive's vocabulary is small next to its word count
def stem(word: str) -> str:
    """Strip the longest known inflection ending, keeping at least MIN_STEM letters."""
    for suffix in suffixes():
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> list[str]:
    """The stems of a wording's content words, in order, without repeats."""
    words = _WORD.findall(clean(text).casefold())
    stems = [stem(w) for w in words if w not in stopwords()]
    return list(dict.fromkeys(stems))


def activity_key(text: str) -> str:
    """The order-free key two wordings share when they differ only in form: sorted stems."""
    return " ".join(sorted(content_stems(text)))
