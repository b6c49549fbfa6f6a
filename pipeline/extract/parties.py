"""Parties: the organisations that stand behind an agreement."""

from __future__ import annotations

import re

from pipeline.extract.analysis import Analysed, cues
from pipeline.extract.people import normalise_organisation
from pipeline.lang.gazetteer import canonical_municipality, municipality

PARTY_SENTENCE = re.compile(
    r"^(?P<who>.+?)\s+har\s+(?:nu\s+)?(?:tecknat|skrivit under|undertecknat|signerat|kommit överens)\b.*"
    r"(?:överenskommelse|löfte|avtal)",
    re.I,
)
POLICE = re.compile(r"\b(lokal)?polis(en|myndigheten)?\b", re.I)


def _organisation(item: str, municipalities: list[str]) -> str | None:
    item = item.strip(" .,:;")
    if not item:
        return None
    if POLICE.search(item):
        return "Polisen"
    m = municipality(item) or (municipality(item.split()[0]) if canonical_municipality(item.split()[0]) and item.lower().endswith(("kommun", "stad")) else None)
    if m:
        return m.official
    start = re.search(r"[A-ZÅÄÖ]", item)
    if not start:
        return None
    return normalise_organisation(item[start.start():], municipalities)


def _split(who: str) -> list[str]:
    parts = [p for p in re.split(r",\s*|\s+och\s+|\s+samt\s+", who) if p.strip()]
    return parts


def parties(a: Analysed, municipalities: list[str]) -> list[str]:
    found: list[str] = []

    def add(org):
        if org and org not in found:
            found.append(org)

    for name in municipalities:
        m = municipality(name)
        if m:
            add(m.official)
    for s in a.sentences:
        m = PARTY_SENTENCE.match(s.text)
        if m and len(m.group("who")) < 300:
            for item in _split(m.group("who")):
                add(_organisation(item, municipalities))
    for i, b in enumerate(a.blocks):
        if b.kind == "heading" and b.text.strip().lower().rstrip(":") in cues()["parties"]["headings"]:
            for nxt in a.blocks[i + 1:]:
                if nxt.kind == "heading":
                    break
                for item in nxt.text.splitlines():
                    add(_organisation(item, municipalities))
    if "polis" in "\n".join(b.text for b in a.blocks).lower():
        add("Polisen")
    return found
