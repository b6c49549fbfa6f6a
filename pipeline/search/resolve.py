"""What a Swedish user types for a filter, resolved to what the records hold, and the Swedish
labels readable output shows. The CLI and the web app both call these.

Kinds (pipeline/lang/data/kinds.yaml) and themes (pipeline/lang/data/themes.yaml) are found by
id or label, in any case, with or without å/ä/ö and in any inflection ("Trygghetsvandring" is
the theme labelled "Trygghetsvandringar"). Municipalities and counties come from the gazetteer.
A name that matches nothing is a QueryError that offers the nearest one ("Menade du
Stockholm?"), never a silently empty result.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.errors import QueryError
from pipeline.search.analysis import fold, word_groups

SUGGEST_SCORE = 75  # rapidfuzz WRatio at or above which a name is offered as "Menade du …?"


def kind(text: str) -> str:
    """The kind id for an id, label or other word in kinds.yaml."""
    return _resolve(text, _kind_keys(), "Okänd typ", [k["label"].lower() for k in _kinds().values()])


def kind_named(word: str) -> str | None:
    """The kind a query word names ("medborgarlöften", "nyhet"), else None; by the kinds'
    ids, labels and other words, any case and inflection."""
    return next((_kind_keys()[k] for k in _keys_of(word) if k in _kind_keys()), None)


def theme(text: str) -> str:
    """The theme id for an id ("barn_och_unga") or a label ("Barn och unga")."""
    labels = [t["label"] for t in _themes()]
    return _resolve(text, _theme_keys(), "Okänt tema", labels)


def municipality(text: str) -> str:
    """The canonical municipality ("Älmhult") for "Älmhult", "älmhults kommun", "Almhult"."""
    return _resolve(text, _municipality_keys(), "Okänd kommun", sorted(set(_municipality_keys().values())))


def county(text: str) -> str:
    """The county as records hold it ("Kronobergs län") for "Kronoberg", "kronobergs län"."""
    return _resolve(text, _county_keys(), "Okänt län", sorted(set(_county_keys().values())))


def kind_label(kind_id: str, plural: bool = False) -> str:
    entry = _kinds().get(kind_id)
    if entry is None:
        return kind_id
    return entry["plural"] if plural else entry["label"]


def theme_label(theme_id: str) -> str:
    return next((t["label"] for t in _themes() if t["id"] == theme_id), theme_id)


def _resolve(text: str, keys: dict[str, str], what: str, offered: list[str]) -> str:
    for key in _keys_of(text):
        if key in keys:
            return keys[key]
    raise QueryError(f"{what}: {text}." + _did_you_mean(text, keys, offered))


def _did_you_mean(text: str, keys: dict[str, str], offered: list[str]) -> str:
    from rapidfuzz import fuzz, process

    found = process.extractOne(fold(text), list(keys), scorer=fuzz.WRatio, score_cutoff=SUGGEST_SCORE)
    if found:
        return f" Menade du {_shown(keys[found[0]], offered)}?"
    if len(offered) <= 30:
        return f" Välj en av: {', '.join(offered)}"
    return ""


def _shown(value: str, offered: list[str]) -> str:
    """A kind or theme id is offered by its label, a place by its name."""
    return next((o for o in offered if fold(o) == fold(value)), None) or \
        next((o for o in offered if _keys_of(o) & _keys_of(value)), value)


def _keys_of(text: str) -> set[str]:
    """Folded text, and its words' analysed whole terms, so case, diacritics, underscores and
    inflection do not matter."""
    plain = text.replace("_", " ").strip()
    keys = {fold(plain)}
    for variant in (plain, fold(plain)):
        terms = " ".join(g[0] for g in word_groups(variant))
        if terms:
            keys.add("=" + terms)
    return keys


def _table(pairs) -> dict[str, str]:
    table: dict[str, str] = {}
    for written, value in pairs:
        for key in _keys_of(written):
            table.setdefault(key, value)
    return table


@lru_cache(maxsize=1)
def _kinds() -> dict[str, dict]:
    from pipeline.lang.resources import load_yaml

    return load_yaml("kinds.yaml")


@lru_cache(maxsize=1)
def _themes() -> list[dict]:
    from pipeline.lang.resources import load_yaml

    return load_yaml("themes.yaml")


@lru_cache(maxsize=1)
def _kind_keys() -> dict[str, str]:
    """Every search reads it (a word may name a kind), so the analysed table is cached."""
    import hashlib

    from pipeline.lang.resources import DATA
    from pipeline.search.analysis import ANALYZER_VERSION
    from pipeline.search.vocabulary import DATA as WORD_LISTS
    from pipeline.search.vocabulary import cached

    digest = hashlib.sha256((DATA / "kinds.yaml").read_bytes()).hexdigest()[:12]
    depends = sorted(p.name for p in WORD_LISTS.glob("*.txt"))
    return cached(f"sv-kinds-{ANALYZER_VERSION}-{digest}", depends, lambda: _table(
        (w, k) for k, e in _kinds().items() for w in (k, e["label"], e["plural"], *e["also"])))


@lru_cache(maxsize=1)
def _theme_keys() -> dict[str, str]:
    return _table((w, t["id"]) for t in _themes() for w in (t["id"], t["label"]))


@lru_cache(maxsize=1)
def _municipality_keys() -> dict[str, str]:
    from pipeline.lang.gazetteer import municipalities

    return _table((w, m.name) for m in municipalities()
                  for w in (m.name, m.genitive, m.official, *m.forms))


@lru_cache(maxsize=1)
def _county_keys() -> dict[str, str]:
    from pipeline.lang.gazetteer import municipalities

    counties = {m.county for m in municipalities() if m.county}
    return _table((w, c) for c in counties for w in (c, c.removesuffix(" län"), _bare_county(c)))


def _bare_county(county: str) -> str:
    """"Kronobergs län" -> "Kronoberg"; "Västra Götalands län" -> "Västra Götaland"."""
    name = county.removesuffix(" län")
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name
