"""Everything that can be wrong with a spec, found before anything is written."""

from __future__ import annotations

from pathlib import Path

from pipeline.catalogue import CatalogueEntry, find_entry
from pipeline.draft.context import CONTEXT_FIELDS
from pipeline.draft.places import canonical_municipality, municipality_names
from pipeline.draft.spec import Spec
from pipeline.draft.templates import check_template
from pipeline.errors import SpecError

SUGGEST_SCORE = 60.0


def closest(text: str, choices: list[str]) -> str | None:
    """The most similar choice, for a 'did you mean' hint."""
    from rapidfuzz import fuzz, process, utils

    found = process.extractOne(text, choices, scorer=fuzz.WRatio, processor=utils.default_process,
                               score_cutoff=SUGGEST_SCORE)
    return found[0] if found else None


def _did_you_mean(suggestion: str | None) -> str:
    return f" (menade du '{suggestion}'?)" if suggestion else ""


def _municipalities(spec: Spec) -> None:
    for name in spec.municipalities:
        if canonical_municipality(name) is None:
            hint = _did_you_mean(closest(name, municipality_names()))
            raise SpecError(f"okänd kommun '{name}'{hint}")


def _activities(spec: Spec, catalogue: list[CatalogueEntry]) -> None:
    ids = [e.id for e in catalogue]
    for i, area in enumerate(spec.focus_areas):
        if not area.activities:
            raise SpecError(f"fokusområdet '{area.title}' har inga aktiviteter")
        for j, activity in enumerate(area.activities):
            if activity.id and find_entry(catalogue, activity.id) is None:
                hint = _did_you_mean(closest(activity.id, ids)) if ids else " (katalogen är tom: kör `loften index`)"
                raise SpecError(f"okänt aktivitets-id '{activity.id}' i focus_areas[{i}].activities[{j}]{hint}")


def _template(spec: Spec, template: Path) -> None:
    report = check_template(template)
    if report.problems:
        raise SpecError(f"mallen {template}: {report.problems[0]}")
    missing = sorted(set(report.variables) - CONTEXT_FIELDS - set(spec.extra))
    if missing:
        raise SpecError(
            f"mallen {template} använder variabler som specen inte fyller i: {', '.join(missing)} "
            "(lägg till dem som nycklar överst i specen)"
        )


def validate(spec: Spec, catalogue: list[CatalogueEntry], template: str | Path) -> None:
    """Raise SpecError for the first problem: municipality, activity ids, empty focus areas, template."""
    _municipalities(spec)
    _activities(spec, catalogue)
    _template(spec, Path(template))
