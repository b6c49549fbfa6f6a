"""Readable plain-text views of records for the terminal. A field without a value is left out
rather than shown as "-"."""

from __future__ import annotations

from pipeline.record import Record


def _fields(*pairs: tuple[str, object]) -> str:
    return " | ".join(f"{label}: {value}" for label, value in pairs if value)


def format_record(r: Record) -> str:
    from pipeline.search.resolve import kind_label, theme_label

    pages = f", {r.source.pages} p" if r.source.pages else ""
    lines = [f"== {r.source.path}  [{r.source.format}{pages}]  id {r.id}"]
    if r.title:
        lines.append(f"   {r.title}")
    when = r.year if r.period is None else f"{r.period.from_}–{r.period.to}"
    lines.append("   " + _fields(("kind", kind_label(r.kind)), ("municipalities", ", ".join(r.municipalities)),
                               ("län", r.county), ("police area", r.police_area), ("year", when)))
    dates = _fields(("published", r.published), ("signed", r.signed))
    if dates:
        lines.append(f"   {dates}")
    if r.parties:
        lines.append(f"   parties: {'; '.join(r.parties)}")
    for s in r.signatories:
        lines.append(f"   signed by: {s.name}" + "".join(f", {x}" for x in (s.role, s.organisation) if x))
    if r.themes:
        lines.append(f"   themes: {', '.join(map(theme_label, r.themes))}")
    current = object()
    for a in r.activities:
        if a.focus_area != current:
            current = a.focus_area
            if a.focus_area:
                lines.append(f"   [{a.focus_area}]")
        actors = f"  ({', '.join(a.actors)})" if a.actors else ""
        lines.append(f"   • {a.text}{actors}")
        for d in a.details:
            lines.append(f"       o {d}")
    for w in r.warnings:
        lines.append(f"   ! {w}")
    return "\n".join(lines)
