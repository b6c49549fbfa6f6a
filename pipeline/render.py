"""Readable plain-text views of records for the terminal."""

from __future__ import annotations

from pipeline.record import Record


def format_record(r: Record) -> str:
    lines = [f"== {r.source.path}  [{r.source.format}, {r.source.pages} p]  id {r.id}"]
    lines.append(f"   {r.title or '(no title)'}")
    when = r.year if r.period is None else f"{r.period.from_}–{r.period.to}"
    lines.append(
        f"   kind: {r.kind} | municipalities: {', '.join(r.municipalities) or '-'}"
        f" | län: {r.county or '-'} | police area: {r.police_area or '-'} | year: {when or '-'}"
    )
    if r.published or r.signed:
        lines.append(f"   published: {r.published or '-'} | signed: {r.signed or '-'}")
    if r.parties:
        lines.append(f"   parties: {'; '.join(r.parties)}")
    for s in r.signatories:
        lines.append(f"   signed by: {s.name}" + "".join(f", {x}" for x in (s.role, s.organisation) if x))
    if r.themes:
        lines.append(f"   themes: {', '.join(r.themes)}")
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
