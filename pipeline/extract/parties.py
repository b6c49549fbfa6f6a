"""Parties: the organisations that stand behind an agreement."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.extract.analysis import Analysed, cues
from pipeline.extract.people import normalise_organisation
from pipeline.lang.gazetteer import canonical_municipality, municipality

PARTY_SENTENCE_MAX = 300  # characters of a party list before the verb


@lru_cache(maxsize=1)
def _rx() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(a sentence naming the parties, the police, what separates listed parties)."""
    c = cues()["parties"]
    joins = "|".join(rf"\s+{re.escape(w)}\s+" for w in cues()["conjunctions"])
    return re.compile(c["sentence"], re.I), re.compile(c["police"], re.I), re.compile(rf",\s*|{joins}")


def _organisation(item: str, municipalities: list[str]) -> str | None:
    item = item.strip(" .,:;")
    if not item:
        return None
    if _rx()[1].search(item):
        return "Polisen"
    m = municipality(item) or (municipality(item.split()[0]) if canonical_municipality(item.split()[0]) and item.lower().endswith(("kommun", "stad")) else None)
    if m:
        return m.official
    start = re.search(r"[A-ZÅÄÖ]", item)
    if not start:
        return None
    return normalise_organisation(item[start.start():], municipalities)


def _split(who: str) -> list[str]:
    return [p for p in _rx()[2].split(who) if p.strip()]


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
        m = _rx()[0].match(s.text)
        if m and len(m.group("who")) < PARTY_SENTENCE_MAX:
            for item in _split(m.group("who")):
                add(_organisation(item, municipalities))
    for i, b in enumerate(a.blocks):
        if b.kind == "heading" and b.text.strip().lower().rstrip(":") in cues()["parties"]["headings"]:
            for nxt in a.blocks[i + 1:]:
                if nxt.kind == "heading":
                    break
                for item in nxt.text.splitlines():
                    add(_organisation(item, municipalities))
    if any(p in a.lemma_key for p in cues()["kind"]["police_terms"]):
        add("Polisen")
    return found
