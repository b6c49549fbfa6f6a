"""Swedish words on the pages: labels of themes, kinds, roles and facets, counted nouns."""

from __future__ import annotations

from functools import lru_cache

FACET_LABELS = {
    "municipality": "Kommun",
    "county": "Län",
    "year": "År",
    "themes": "Tema",
    "kind": "Typ",
}
OUTCOME_LABELS = {
    "added": "tillagd",
    "updated": "uppdaterad",
    "unchanged": "oförändrad",
    "failed": "misslyckades",
    "reextracted": "inläst på nytt",
    "restored": "återställd",
    "in_trash": "i papperskorgen",
    "skipped": "överhoppad",
}


def theme_label(theme_id: str) -> str:
    from pipeline.search.resolve import theme_label as label

    return label(theme_id)


@lru_cache(maxsize=1)
def theme_labels() -> dict[str, str]:
    """Every theme of the taxonomy by its Swedish label, in the taxonomy's order."""
    from pipeline.extract.themes import theme_ids

    return {t: theme_label(t) for t in theme_ids()}


def kind_label(kind: str) -> str:
    from pipeline.search.resolve import kind_label as label

    return label(kind)


def facet_value_label(value: str, facet: str) -> str:
    if facet == "themes":
        return theme_label(value)
    if facet == "kind":
        return kind_label(value)
    return value


def number(n: int) -> str:
    """10000 -> '10 000' (Swedish digit grouping, with a no-break space)."""
    return f"{n:,}".replace(",", "\u00a0")


def counted(n: int, one: str, many: str) -> str:
    """'1 träff', '2 träffar', '0 träffar'."""
    return f"{number(n)} {one if n == 1 else many}"


def marked(snippet: str):
    """The search snippet's **matched words** as <mark>, everything else escaped."""
    import re

    from markupsafe import Markup, escape

    return Markup(re.sub(r"\*\*(.+?)\*\*", r"<mark>\1</mark>", str(escape(snippet))))


@lru_cache(maxsize=1)
def _reasons() -> list[dict]:
    from pathlib import Path

    import yaml

    return yaml.safe_load((Path(__file__).with_name("data") / "reasons.yaml").read_text(encoding="utf-8"))


def reason(text: str) -> str:
    """Why a file failed, in Swedish where the reason is a known one."""
    import re

    for known in _reasons():
        if re.match(known["en"], text):
            return known["sv"]
    return text
