"""From a validated spec to the variables a template sees.

CONTEXT_MODEL is the spec model's promise to templates: every variable a template may use
without the spec adding a key of its own, and the fields of its loop items (plain dicts), so
`template check` can tell `area.titel` from `area.title`. A list is [item], a mapping a dict.
The "Ansvar: ..." line is the last entry of an activity's details, so templates print it
like any other detail and the extractor reads it back as the activity's actors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.catalogue import CatalogueEntry, entry_for_wording, find_entry
from pipeline.catalogue.normalise import clean
from pipeline.draft.labels import date_in_words, join_and, label
from pipeline.draft.localise import PlaceNote, localise
from pipeline.draft.places import canonical_municipality, kommun_name
from pipeline.draft.spec import FocusArea, Spec, SpecActivity
from pipeline.record import Record

TEXT, NUMBER = "text", "number"
SIGNATORY = {"name": TEXT, "role": TEXT, "organisation": TEXT, "place": TEXT, "date": TEXT,
             "date_text": TEXT, "place_date": TEXT}
ACTIVITY = {"text": TEXT, "details": [TEXT], "actors": [TEXT], "source": TEXT}
CONTEXT_MODEL: dict[str, Any] = {
    "title": TEXT, "opening": TEXT, "kind": TEXT, "kind_label": TEXT, "municipalities": [TEXT],
    "municipality_names": [TEXT], "municipality_text": TEXT, "police_area": TEXT, "year": NUMBER,
    "period": {"from": NUMBER, "to": NUMBER}, "period_text": TEXT, "parties": [TEXT], "parties_text": TEXT,
    "lagesbild": [TEXT], "focus_areas": [{"title": TEXT, "activities": [ACTIVITY]}], "followup": TEXT,
    "signatories": [SIGNATORY], "place": TEXT, "date": TEXT, "date_text": TEXT,
}
CONTEXT_FIELDS = frozenset(CONTEXT_MODEL)


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


@dataclass
class Resolved:
    """An activity as the template shows it, and where its wording came from."""

    item: dict[str, Any]
    provenance: dict[str, str]
    notes: list[PlaceNote]


def resolve_activity(activity: SpecActivity, catalogue: list[CatalogueEntry], where: str, own: set[str],
                     keep: set[str]) -> Resolved:
    """A catalogue id takes the wording its entry has from one of the draft's own municipalities,
    else the canonical one with other municipalities' places turned into gaps; so do the text and
    details of a based_on activity. Text the spec writes itself is kept, its foreign places warned."""
    text, actors, details = activity.text, activity.actors, list(activity.details)
    provenance = {"catalogue_id": activity.id or "", "record_id": activity.record_id or ""}
    reused_text = reused_details = activity.record_id is not None
    if activity.id:
        entry = find_entry(catalogue, activity.id)
        wording = entry.wording_for(own)
        provenance = {"catalogue_id": entry.id, "record_id": wording.record_id}
        reused_text = not text
        text, actors = text or wording.text, actors or wording.actors
    keep = keep | set(activity.keep_places)
    text, notes = localise(text, where, own, keep, reused_text)
    localised = []
    for n, detail in enumerate(details, 1):
        detail, detail_notes = localise(detail, label("detail_where").format(where=where, n=n), own, keep,
                                        reused_details)
        localised.append(detail)
        notes.extend(detail_notes)
    if actors:
        localised.append(label("responsible").format(actors=join_and(actors)))
    item = {"text": text, "details": localised, "actors": actors,
            "source": provenance["catalogue_id"] or provenance["record_id"]}
    return Resolved(item, provenance, notes)


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
        areas.setdefault(clean(title), FocusArea(clean(title), record_id=record.id))
    for activity in record.activities:
        if any(_matches(item, activity.text, catalogue) for item in spec.remove):
            continue
        title = clean(activity.focus_area or "") or "Aktiviteter"
        area = areas.setdefault(title, FocusArea(title, record_id=record.id))
        area.activities.append(SpecActivity(text=clean(activity.text), details=list(activity.details),
                                            actors=list(activity.actors), record_id=record.id))
    for own in spec.focus_areas:
        areas.setdefault(own.title, FocusArea(own.title)).activities.extend(own.activities)
    return [a for a in areas.values() if a.activities or a.title in {f.title for f in spec.focus_areas}]


@dataclass
class Built:
    context: dict[str, Any]
    notes: list[PlaceNote] = field(default_factory=list)  # places replaced or warned about
    provenance: list[dict[str, str]] = field(default_factory=list)  # one per activity, in order


def _opening(kind: str, parties: list[str], police_area: str | None, kommuner: list[str], when: str) -> str:
    """Who promises what for which period, in the document's first sentence."""
    police = label("police_party")
    named = [f"{police} i lokalpolisområde {police_area}" if p == police and police_area else p for p in parties]
    key = "opening_promise" if kind == "medborgarlofte" else "opening_agreement"
    return label(key).format(parties=join_and(named), kind=label("kinds")[kind].lower(),
                             municipalities=join_and(kommuner), period=when)


def build_context(spec: Spec, catalogue: list[CatalogueEntry], template: str | Path) -> Built:
    """Every CONTEXT_MODEL variable, plus the spec's extra keys for a template's own variables."""
    names = [canonical_municipality(m) or m for m in spec.municipalities]
    own = set(names)
    keep = set(spec.keep_places)
    kommuner = [kommun_name(n) for n in names]
    kind = template_kind(spec, template)
    kind_label = label("kinds")[kind]
    when = period_text(spec)
    parties = spec.parties or [*kommuner, label("police_party")]
    built = Built({})
    signatories = []
    for s in spec.signatories:
        place, date = s.place or spec.place, s.date or spec.date
        date_text = date_in_words(date) if date else ""
        signatories.append({
            "name": s.name, "role": s.role or "", "organisation": s.organisation or "",
            "place": place or "", "date": date or "", "date_text": date_text,
            "place_date": label("place_date").format(place=place, date=date_text) if place and date_text
            else place or date_text,
        })
    focus_areas = []
    for area in spec.focus_areas:
        title, notes = localise(area.title, label("focus_area_where").format(area=area.title), own, keep,
                                reused=area.record_id is not None)
        built.notes.extend(notes)
        activities = []
        for j, activity in enumerate(area.activities):
            where = label("activity_where").format(area=title, n=j + 1)
            resolved = resolve_activity(activity, catalogue, where, own, keep)
            activities.append(resolved.item)
            built.notes.extend(resolved.notes)
            built.provenance.append({"focus_area": area.title, **resolved.provenance})
        focus_areas.append({"title": title, "activities": activities})
    lagesbild = []
    for paragraph in spec.lagesbild.split("\n\n") if spec.lagesbild else []:
        paragraph, notes = localise(paragraph, label("lagesbild_where"), own, keep, reused=False)
        lagesbild.append(paragraph)
        built.notes.extend(notes)
    followup, followup_notes = localise(spec.followup or "", label("followup_where"), own, keep, reused=False)
    built.notes.extend(followup_notes)
    context = dict(spec.extra)
    context.update({
        "title": label("title").format(kind=kind_label, period=when, municipalities=join_and(kommuner)),
        "opening": _opening(kind, parties, spec.police_area, kommuner, when),
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
        "lagesbild": lagesbild,
        "focus_areas": focus_areas,
        "followup": followup,
        "signatories": signatories,
        "place": spec.place or "",
        "date": spec.date or "",
        "date_text": date_in_words(spec.date) if spec.date else "",
    })
    built.context = context
    return built
