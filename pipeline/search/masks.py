"""Sets of documents as bit masks (bit n = the engine's document key n): facet counts over a
whole result set and filters on facet values cost a population count or an AND per value,
a few microseconds, where counting rows cost tens of milliseconds at 10,000 documents."""

from __future__ import annotations

from collections import deque
from itertools import repeat
from typing import Iterable


def bitmask(docs: Iterable[int]) -> int:
    """Set by writing the bits as a string of digits: several times faster in Python than
    setting them one by one in a bytearray; the digits are written by map, without a Python
    loop (a third faster again at 100,000 keys)."""
    docs = list(docs)
    if not docs:
        return 0
    digits = bytearray(b"0" * (max(docs) + 1))
    deque(map(digits.__setitem__, docs, repeat(49)), maxlen=0)  # 49: "1"
    digits.reverse()
    return int(digits, 2)


def members(mask: int) -> set[int]:
    """The keys of a bit mask."""
    digits = bin(mask)[:1:-1]  # bit 0 first, without "0b"
    found, i = set(), digits.find("1")
    while i != -1:
        found.add(i)
        i = digits.find("1", i + 1)
    return found


def counts(masks: list[tuple[str, str, int]], result: int,
           fields: tuple[str, ...]) -> dict[str, dict[str, int]]:
    """Documents of the mask `result` per value of each field, most first; multi-valued
    fields count each value."""
    out: dict[str, dict[str, int]] = {f: {} for f in fields}
    if result:
        for field, value, mask in masks:
            if field in out:
                n = (mask & result).bit_count()
                if n:
                    out[field][value] = n
    return {f: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for f, c in out.items()}
