"""Which municipalities a text is about, their län, and the police area named in it."""

from __future__ import annotations

import re

from pipeline.extract.analysis import Analysed, cues
from pipeline.lang.gazetteer import canonical_municipality, county_of, municipality
from pipeline.lang.gazetteer import police_area as gazetteer_area


def _cue(name: str):
    return cues()["places"][name]


def _in_district_list(span) -> bool:
    """True for "kommunpolis i Gislaved, Gnosjö och Värnamo": a list after a district role."""
    doc, i, names = span.doc, span.start - 1, 1
    glue = {",", *cues()["conjunctions"]}
    while i >= 0 and (doc[i].ent_type_ == "MUNICIPALITY" or doc[i].text in glue):
        if doc[i].ent_type_ == "MUNICIPALITY" and (i == 0 or doc[i - 1].ent_type_ != "MUNICIPALITY"):
            names += 1
        i -= 1
    j = span.end
    while j < len(doc) and (doc[j].ent_type_ == "MUNICIPALITY" or doc[j].text in glue):
        if doc[j].ent_type_ == "MUNICIPALITY" and doc[j - 1].ent_type_ != "MUNICIPALITY":
            names += 1
        j += 1
    at = cues()["police"]["place_preposition"]
    return names >= 2 and i >= 1 and doc[i].lower_ == at and doc[i - 1].lower_ in _cue("district_roles")


def municipalities(a: Analysed) -> list[str]:
    """Municipalities in order of first mention, without addresses, län names, police areas and
    a person's district; a place named once in passing is dropped when the text has a clear party."""
    mentions: dict[str, list[tuple[int, object]]] = {}
    for bi, span in _party_mentions(a):
        name = span.ent_id_ or canonical_municipality(span.text)
        if name:
            mentions.setdefault(name, []).append((bi, span))

    def formal(bi, span):
        return bi == 0 or len(span) > 1 or span.text.lower() != span.text.lower().split()[0] or " " in span.text

    clear = {n for n, ms in mentions.items() if any(formal(bi, sp) for bi, sp in ms)}
    out = []
    for name, ms in mentions.items():
        if len(ms) == 1 and clear - {name} and name not in clear:
            bi, span = ms[0]
            others = [e for e in span.sent.ents if e.label_ == "MUNICIPALITY" and e != span]
            if not others:
                continue  # named once, in passing, in a text that names its parties clearly
        out.append(name)
    return out


def _party_mentions(a: Analysed):
    for bi, span in a.ents("MUNICIPALITY"):
        if re.search(_cue("address"), a.blocks[bi].text, re.I):
            continue
        doc = span.doc
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        if before in _cue("not_municipality_before") and not span.text.lower().startswith("region"):
            continue
        if after in _cue("county_after"):
            continue
        if _in_district_list(span):
            continue
        yield bi, span


def from_area(area_name: str | None) -> list[str]:
    """The municipality a named lokalpolisområde stands for: the one it is named after
    ("lokalpolisområde Borlänge"), or the only one it covers."""
    if not area_name:
        return []
    named = canonical_municipality(area_name)
    if named:
        return [named]
    area = gazetteer_area(area_name)
    return list(area.municipalities) if area and len(area.municipalities) == 1 else []


def county(names: list[str]) -> str | None:
    return county_of(names[0]) if names else None


def _canonical_area(name: str) -> str:
    """A known area's own name; else a municipality's name ("Kirunas" -> "Kiruna"); else as written."""
    name = name.strip(".,;:()")
    area = gazetteer_area(name) or (gazetteer_area(name[:-1]) if name.endswith("s") else None)
    if area:
        return area.name
    if name.endswith("s") and canonical_municipality(name[:-1]):
        name = name[:-1]
    m = municipality(name)
    return m.name if m else name


def police_area(a: Analysed) -> tuple[str | None, list[str]]:
    """The one lokalpolisområde the text names; None (with a warning) when it names several."""
    areas: list[str] = []
    for _, span in a.ents("POLICE_AREA"):
        name = _canonical_area(span.kb_id_ or span.text)
        if name and name.lower() not in {x.lower() for x in areas}:
            areas.append(name)
    if len(areas) == 1:
        return areas[0], []
    if len(areas) > 1:
        return None, [f"several police areas named ({', '.join(areas)}); police_area left empty"]
    return None, []
