"""Municipality names for drafting, from the package gazetteer (pipeline.lang.gazetteer).

Only what drafting needs: is a name a municipality, what is its canonical name, and how
does its kommun name itself in a title or as a party ("Malung-Sälens kommun", "Malmö stad").
"""

from __future__ import annotations

from pipeline.lang.gazetteer import canonical_municipality, municipality, municipality_names

__all__ = ["canonical_municipality", "kommun_name", "municipality_names"]


def kommun_name(name: str) -> str:
    """The official name of a known municipality: "Falu kommun", "Region Gotland"."""
    return municipality(name).official
