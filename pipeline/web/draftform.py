"""The draft form as data: read from the posted fields, checked in Swedish field by field, and
turned into the spec `Loften.draft` takes. Pure functions, no I/O."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

KINDS = {
    "medborgarlofte": "Medborgarlöfte",
    "samverkansoverenskommelse": "Samverkansöverenskommelse",
    "trygghetsoverenskommelse": "Trygghetsöverenskommelse",
}
TEMPLATES = {"medborgarlofte": "Medborgarlöfte (inbyggd mall)", "overenskommelse": "Överenskommelse (inbyggd mall)",
             "egen": "Egen mall (ladda upp)"}
START_AREAS, START_ROWS, START_SIGNATORIES = 2, 3, 2
MAX_AREAS, MAX_ROWS, MAX_SIGNATORIES = 12, 30, 10
YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*$")


@dataclass
class Row:
    text: str = ""
    id: str = ""  # a catalogue entry's id, kept while its wording is not edited
    original: str = ""  # the catalogue wording the row started from
    details: str = ""  # one per line
    actors: str = ""  # comma-separated

    def used(self) -> bool:
        return bool(self.text.strip())

    def spec(self) -> dict:
        activity = {"id": self.id} if self.id and self.text.strip() == self.original.strip() else {"text": self.text}
        details = [d.strip() for d in self.details.splitlines() if d.strip()]
        actors = [a.strip() for a in self.actors.split(",") if a.strip()]
        return {**activity, **({"details": details} if details else {}), **({"actors": actors} if actors else {})}


@dataclass
class Area:
    title: str = ""
    rows: list[Row] = field(default_factory=list)


@dataclass
class Signatory:
    name: str = ""
    role: str = ""
    organisation: str = ""


@dataclass
class DraftForm:
    template: str = "medborgarlofte"
    kind: str = "medborgarlofte"
    municipality: str = ""
    police_area: str = ""
    years: str = ""
    lagesbild: str = ""
    based_on: str = ""
    remove: list[str] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    followup: str = ""
    signatories: list[Signatory] = field(default_factory=list)
    place: str = ""
    date: str = ""
    strict: bool = False  # refuse a draft that still names another municipality's places

    @classmethod
    def blank(cls, basket: list[tuple[str, str]] = ()) -> "DraftForm":
        """A new form; the basket's (id, wording) pairs fill the first focus area."""
        form = cls(areas=[Area(rows=[Row() for _ in range(START_ROWS)]) for _ in range(START_AREAS)],
                   signatories=[Signatory() for _ in range(START_SIGNATORIES)])
        if basket:
            form.areas[0].rows = [Row(text=text, id=entry_id, original=text) for entry_id, text in basket] + [Row()]
        return form

    @classmethod
    def from_fields(cls, get, getlist) -> "DraftForm":
        """From the posted fields (`get(name)` and `getlist(name)` of the form)."""
        def text(name: str) -> str:
            value = get(name)
            return value if isinstance(value, str) else ""

        def count(name: str, most: int) -> int:
            try:
                return max(0, min(most, int(text(name) or 0)))
            except ValueError:
                return 0

        areas = []
        for i in range(count("fokus_antal", MAX_AREAS)):
            rows = [Row(text=text(f"fokus-{i}-{j}-text"), id=text(f"fokus-{i}-{j}-id"),
                        original=text(f"fokus-{i}-{j}-original"), details=text(f"fokus-{i}-{j}-detaljer"),
                        actors=text(f"fokus-{i}-{j}-aktorer"))
                    for j in range(count(f"fokus-{i}-rader", MAX_ROWS))]
            areas.append(Area(title=text(f"fokus-{i}-titel"), rows=rows))
        signatories = [Signatory(text(f"undertecknare-{k}-namn"), text(f"undertecknare-{k}-roll"),
                                 text(f"undertecknare-{k}-organisation"))
                       for k in range(count("undertecknare_antal", MAX_SIGNATORIES))]
        template = text("mall") if text("mall") in TEMPLATES else "medborgarlofte"
        kind = text("typ") if text("typ") in KINDS else "medborgarlofte"
        return cls(template=template, kind=kind, municipality=text("kommun").strip(),
                   police_area=text("polisomrade").strip(), years=text("ar").strip(), lagesbild=text("lagesbild"),
                   based_on=text("baserat_pa").strip(), remove=[v for v in getlist("ta_bort") if isinstance(v, str)],
                   areas=areas, followup=text("uppfoljning"), signatories=signatories,
                   place=text("ort").strip(), date=text("datum").strip(), strict=text("strikt") == "1")

    def grow(self, action: str) -> bool:
        """Add the focus area, activity row or signatory row the button asked for."""
        if action == "fler-fokus" and len(self.areas) < MAX_AREAS:
            self.areas.append(Area(rows=[Row() for _ in range(START_ROWS)]))
        elif action.startswith("fler-rader-") and action[11:].isdigit() and int(action[11:]) < len(self.areas):
            rows = self.areas[int(action[11:])].rows
            if len(rows) < MAX_ROWS:
                rows.append(Row())
        elif action == "fler-undertecknare" and len(self.signatories) < MAX_SIGNATORIES:
            self.signatories.append(Signatory())
        else:
            return False
        return True

    def errors(self, template_uploaded: bool) -> dict[str, str]:
        """Field name -> what is wrong, in Swedish; empty when the form can be drafted."""
        errors: dict[str, str] = {}
        if not self.municipality:
            errors["kommun"] = "Ange kommunen."
        m = YEARS.match(self.years)
        if not self.years:
            errors["ar"] = "Ange året, till exempel 2027, eller en period som 2027–2029."
        elif not m:
            errors["ar"] = f"”{self.years}” är inte ett år (2027) eller en period (2027–2029)."
        elif m.group(2) and int(m.group(2)) < int(m.group(1)):
            errors["ar"] = "Perioden slutar före den börjar."
        used = 0
        for i, area in enumerate(self.areas):
            rows = [r for r in area.rows if r.used()]
            used += len(rows)
            if rows and not area.title.strip():
                errors[f"fokus-{i}-titel"] = "Ge fokusområdet en rubrik."
            if area.title.strip() and not rows and not self.based_on:
                errors[f"fokus-{i}-titel"] = "Fokusområdet har inga aktiviteter: skriv minst en, eller töm rubriken."
        if not used and not self.based_on and self.areas:
            errors["fokus-0-0-text"] = "Lägg till minst en aktivitet (från katalogen eller egen text)."
        named = [s for s in self.signatories if s.name.strip()]
        for k, s in enumerate(self.signatories):
            if not s.name.strip() and (s.role.strip() or s.organisation.strip()):
                errors[f"undertecknare-{k}-namn"] = "Ange namnet på den som skriver under."
        if not named and self.signatories and "undertecknare-0-namn" not in errors:
            errors["undertecknare-0-namn"] = "Ange minst en som skriver under."
        if self.date:
            try:
                dt.date.fromisoformat(self.date)
            except ValueError:
                errors["datum"] = f"”{self.date}” är inte ett datum (ÅÅÅÅ-MM-DD)."
        if self.template == "egen" and not template_uploaded:
            errors["mallfil"] = "Välj en Word-mall (.docx) att ladda upp, eller en inbyggd mall."
        return errors

    def spec(self) -> tuple[dict, dict[str, str]]:
        """The drafting spec, and where each of its list items came from in the form
        ("focus_areas[0]" -> "fokus-1-titel"), so the library's messages land next to their field."""
        where: dict[str, str] = {}
        areas = []
        for i, area in enumerate(self.areas):
            rows = [(j, r) for j, r in enumerate(area.rows) if r.used()]
            if not rows:
                continue
            n = len(areas)
            where[f"focus_areas[{n}]"] = f"fokus-{i}-titel"
            for k, (j, _) in enumerate(rows):
                where[f"focus_areas[{n}].activities[{k}]"] = f"fokus-{i}-{j}-text"
            areas.append({"title": area.title.strip(), "activities": [r.spec() for _, r in rows]})
        signatories = []
        for k, s in enumerate(self.signatories):
            if s.name.strip():
                where[f"signatories[{len(signatories)}]"] = f"undertecknare-{k}-namn"
                signatories.append({key: value.strip() for key, value in
                                    (("name", s.name), ("role", s.role), ("organisation", s.organisation)) if value.strip()})
        start, end = YEARS.match(self.years).groups()
        spec = {
            "kind": self.kind, "municipalities": [self.municipality], "focus_areas": areas,
            "signatories": signatories,
            **({"period": {"from": int(start), "to": int(end)}} if end and end != start else {"year": int(start)}),
        }
        optional = {"police_area": self.police_area.strip(), "lagesbild": self.lagesbild.strip(),
                    "followup": self.followup.strip(), "place": self.place, "date": self.date,
                    "based_on": self.based_on}
        spec.update({k: v for k, v in optional.items() if v})
        if self.based_on and self.remove:
            spec["remove"] = self.remove
        if self.template != "egen":
            spec["template"] = self.template
        return spec, where


# The library's spec messages (Swedish) that name a field, and the form field they belong to.
FIELD_OF_MESSAGE = (
    (re.compile(r"(focus_areas\[\d+\]\.activities\[\d+\])"), None),
    (re.compile(r"(focus_areas\[\d+\])"), None),
    (re.compile(r"(signatories\[\d+\])"), None),
    (re.compile(r"kommun '"), "kommun"),
    (re.compile(r"^(year|period)\b"), "ar"),
    (re.compile(r"^based_on"), "baserat_pa"),
    (re.compile(r"^remove"), "ta_bort"),
    (re.compile(r"^mallen"), "mall"),
    (re.compile(r"^police_area"), "polisomrade"),
    (re.compile(r"^date\b"), "datum"),
)
UNKNOWN_MUNICIPALITY = re.compile(r"okänd kommun '(.+?)'(?: \(menade du '(.+?)'\?\))?")


def field_of(message: str, where: dict[str, str]) -> str | None:
    """The form field a library message is about, if it names one."""
    for pattern, name in FIELD_OF_MESSAGE:
        m = pattern.search(message)
        if m:
            return name if name is not None else where.get(m.group(1))
    return None


def for_the_form(message: str) -> str:
    """The library's message as a sentence beside a field; an unknown municipality, the most
    common one, in the form's own words."""
    m = UNKNOWN_MUNICIPALITY.search(message)
    if m:
        hint = f" Menade du {m.group(2)}?" if m.group(2) else ""
        return f"Det finns ingen kommun som heter ”{m.group(1)}”.{hint}"
    return message[:1].upper() + message[1:] + ("" if message.endswith((".", "?", ")")) else ".")
