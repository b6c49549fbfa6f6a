"""From a validated spec to the variables a template sees.

CONTEXT_FIELDS is the spec model's promise to templates: every variable a template may use
without the spec adding a key of its own. Loop items are plain dicts:
  focus_areas[].title, focus_areas[].activities[].text/.details/.actors
  signatories[].name/.role/.organisation/.place/.date/.place_date
The "Ansvar: ..." line is the last entry of an activity's details, so templates print it
like any other detail and the extractor reads it back as the activity's actors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.catalogue import CatalogueEntry, entry_for_wording, find_entry
from pipeline.catalogue.normalise import clean
from pipeline.draft.labels import join_and, label
from pipeline.draft.places import canonical_municipality, kommun_name
from pipeline.draft.spec import FocusArea, Spec, SpecActivity
from pipeline.record import Record

CONTEXT_FIELDS = frozenset({
    "title", "kind", "kind_label", "municipalities", "municipality_names", "municipality_text",
    "police_area", "year", "period", "period_text", "parties", "parties_text", "lagesbild",
    "focus_areas", "followup", "signatories", "place", "date",
})


def template_kind(spec: Spec, template: str | Path) -> str:
    """The spec's kind, else the kind a built-in template is for, else medborgarlöfte."""
    if spec.kind:
        return spec.kind
    return label("template_kinds").get(Path(str(template)).stem, "medborgarlofte")


def period_text(spec: Spec) -> str:
    if spec.period:
        if spec.period.from_ == spec.period.to:
            return str(spec.period.from_)
        return f"{spec.period.from_}–{spec.period.to}"
    return str(spec.year)


def resolve_activity(activity: SpecActivity, catalogue: list[CatalogueEntry]) -> dict[str, Any]:
    """A spec activity as the template shows it; ids take the catalogue's canonical wording."""
    text, actors = activity.text, activity.actors
    if activity.id:
        entry = find_entry(catalogue, activity.id)
        text = text or entry.text
        actors = actors or entry.actors
    details = list(activity.details)
    if actors:
        details.append(label("responsible").format(actors=join_and(actors)))
    return {"text": text, "details": details, "actors": actors}


def _matches(item: str, text: str, catalogue: list[CatalogueEntry]) -> bool:
    entry = entry_for_wording(catalogue, text)
    if entry and find_entry(catalogue, item) is entry:
        return True
    return clean(item).casefold() == clean(text).casefold()


def removal_matches(item: str, record: Record, catalogue: list[CatalogueEntry]) -> bool:
    return any(_matches(item, a.text, catalogue) for a in record.activities)


def apply_base(spec: Spec, record: Record, catalogue: list[CatalogueEntry]) -> list[FocusArea]:
    """The archived record's focus areas and activities, less `remove`, then the spec's own."""
    areas: dict[str, FocusArea] = {}
    for title in record.focus_areas:
        areas.setdefault(clean(title), FocusArea(clean(title)))
    for activity in record.activities:
        if any(_matches(item, activity.text, catalogue) for item in spec.remove):
            continue
        title = clean(activity.focus_area or "") or "Aktiviteter"
        area = areas.setdefault(title, FocusArea(title))
        area.activities.append(SpecActivity(text=clean(activity.text), details=list(activity.details),
                                            actors=list(activity.actors)))
    for own in spec.focus_areas:
        areas.setdefault(own.title, FocusArea(own.title)).activities.extend(own.activities)
    return [a for a in areas.values() if a.activities or a.title in {f.title for f in spec.focus_areas}]


def build_context(spec: Spec, catalogue: list[CatalogueEntry], template: str | Path) -> dict[str, Any]:
    """Every CONTEXT_FIELDS variable, plus the spec's extra keys for a template's own variables."""
    names = [canonical_municipality(m) or m for m in spec.municipalities]
    kommuner = [kommun_name(n) for n in names]
    kind = template_kind(spec, template)
    kind_label = label("kinds")[kind]
    when = period_text(spec)
    parties = spec.parties or [*kommuner, label("police_party")]
    signatories = []
    for s in spec.signatories:
        place, date = s.place or spec.place, s.date or spec.date
        signatories.append({
            "name": s.name, "role": s.role or "", "organisation": s.organisation or "",
            "place": place or "", "date": date or "",
            "place_date": " ".join(x for x in (place, date) if x),
        })
    context = dict(spec.extra)
    context.update({
        "title": label("title").format(kind=kind_label, period=when, municipalities=join_and(kommuner)),
        "kind": kind,
        "kind_label": kind_label,
        "municipalities": names,
        "municipality_names": kommuner,
        "municipality_text": join_and(kommuner),
        "police_area": spec.police_area or "",
        "year": spec.year,
        "period": spec.period.to_dict() if spec.period else None,
        "period_text": when,
        "parties": parties,
        "parties_text": join_and(parties),
        "lagesbild": spec.lagesbild.split("\n\n") if spec.lagesbild else [],
        "focus_areas": [
            {"title": area.title, "activities": [resolve_activity(a, catalogue) for a in area.activities]}
            for area in spec.focus_areas
        ],
        "followup": spec.followup or "",
        "signatories": signatories,
        "place": spec.place or "",
        "date": spec.date or "",
    })
    return context
