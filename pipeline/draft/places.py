"""Municipality names for drafting, from the package gazetteer (pipeline/lang/data).

Only what drafting needs: is a name a municipality, what is its canonical name, and how
is its kommun named in a title or as a party ("Malung-Sälens kommun", "Malmö stad").
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

from pipeline.draft.labels import label
from pipeline.errors import SpecError


def gazetteer_path() -> Path:
    return Path(__file__).resolve().parents[1] / "lang" / "data" / "municipalities.json"


@lru_cache(maxsize=4)
def _load(path: Path) -> dict[str, dict]:
    """Canonical name -> gazetteer entry, plus every known form (casefolded) -> canonical name."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise SpecError(f"the municipality gazetteer {path} cannot be read ({e.__class__.__name__})") from None
    by_name = {unicodedata.normalize("NFC", e["name"]): e for e in entries}
    forms: dict[str, str] = {}
    for name, e in by_name.items():
        for form in [name, e.get("official") or "", *e.get("forms", [])]:
            if form:
                forms.setdefault(unicodedata.normalize("NFC", form).casefold(), name)
    return {"by_name": by_name, "forms": forms}


def municipality_names() -> list[str]:
    return sorted(_load(gazetteer_path())["by_name"])


def canonical_municipality(text: str) -> str | None:
    """'malung-sälen', 'Malung-Sälens kommun' -> 'Malung-Sälen'; None if unknown."""
    key = " ".join(unicodedata.normalize("NFC", text).split()).casefold()
    return _load(gazetteer_path())["forms"].get(key)


def kommun_name(name: str) -> str:
    """How the municipality names itself as an organisation: "Falu kommun", "Malmö stad"."""
    entry = _load(gazetteer_path())["by_name"][name]
    if entry.get("official"):
        return entry["official"]
    return label("municipality_name").format(genitive=entry.get("genitive") or f"{name}s")
