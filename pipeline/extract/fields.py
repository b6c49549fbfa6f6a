"""Fill a record's fields from a parsed document: the order of the rules lives here."""

from __future__ import annotations

from pipeline.blocks import ParsedDocument
from pipeline.extract import activities as acts
from pipeline.extract import kind as kinds
from pipeline.extract import parties, people, places, themes, timeframe
from pipeline.extract import title as titles
from pipeline.extract.analysis import analyse
from pipeline.record import Period, Record


def extract_fields(doc: ParsedDocument, record: Record) -> None:
    title = titles.title(doc)
    a = analyse(doc.blocks, title)
    record.title = title
    record.text = "\n\n".join(b.text for b in a.blocks)

    record.police_area, warnings = places.police_area(a)
    record.municipalities = places.municipalities(a) or places.from_area(record.police_area)
    record.county = places.county(record.municipalities)
    record.warnings.extend(warnings)

    year, period = timeframe.year_and_period(a)
    record.published = timeframe.published(a, doc.meta)

    record.parties = parties.parties(a, record.municipalities)
    draft = acts.from_blocks(a, parties=record.parties)
    kind = kinds.classify(a, record.municipalities, year, draft.from_lists,
                          len(draft.listed_focus or draft.focus_areas))
    result = acts.from_blocks(a, kind_hint=kind, parties=record.parties)
    activities = result.activities
    if not activities and kind not in ("method", "other"):
        activities = acts.from_prose(a)
    if kind == "other":  # an off-topic page promises nothing
        activities = []
    activities = acts.without_cut_off(activities, a)
    if kind in ("method", "other"):  # no promise, so no year, parties or municipality of one
        year, period = None, None
        record.municipalities, record.county = [], None
    record.kind = kind
    record.year = year
    record.period = Period(*period) if period and period[0] != period[1] else None
    record.signed = timeframe.signed(a, record.published, year)
    # a method text or an off-topic page has no promise, so no one signed one
    record.signatories = [] if kind in ("method", "other") else people.signatories(a, record.municipalities)

    for act in activities:
        act.themes = themes.text_themes(" ".join([act.text, *act.details]))
    record.activities = activities
    record.focus_areas = result.listed_focus or result.focus_areas

    tokens, lemmas = a.words
    counts = themes.count_themes(tokens, lemmas, record.text.lower())
    record.themes = themes.document_themes(counts)

    _warn(record)


def _warn(record: Record) -> None:
    if not record.municipalities:
        record.warnings.append("no municipality named in the text")
    if record.kind in ("medborgarlofte", "news") and record.year is None:
        record.warnings.append("the year the promise is for is not stated")
    if record.kind == "medborgarlofte" and not record.activities:
        record.warnings.append("no activities found")
