"""The drafting spec: what a user writes (YAML or JSON) to get a new agreement.

    template: medborgarlofte            # or overenskommelse, or a path to a .docx
    kind: medborgarlofte                # overenskommelse: samverkansoverenskommelse | trygghetsoverenskommelse
    municipalities: [Malung-Sälen]
    police_area: Malung-Sälen           # optional
    year: 2027                          # or period: {from: 2027, to: 2029}
    parties: [...]                      # optional; default: the kommuner and Polisen
    lagesbild: "..."                    # optional; blank lines separate paragraphs
    focus_areas:
      - title: Synlighet
        activities:
          - id: A-3f2c...               # from `loften activities`
          - text: "Polisen ska ..."
            details: ["..."]
            actors: [polisen]
    based_on: <record id>               # optional: start from an archived agreement
    remove: [A-..., "text ..."]         # optional, with based_on
    followup: "..."                     # optional
    signatories:
      - {name: ..., role: ..., organisation: ..., place: ..., date: ...}   # place/date optional
    place: Malung
    date: 2027-01-15                    # ISO; the document writes it "15 januari 2027"
    keep_places: [Grängesberg]          # optional: another municipality's places to keep in reused wording

Any other top-level key is passed to the template as it is, so a municipality's own
template can use variables of its own.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.catalogue.normalise import clean
from pipeline.draft.labels import month_name
from pipeline.errors import SpecError
from pipeline.record import Period

KNOWN_KEYS = frozenset({
    "template", "kind", "municipalities", "police_area", "year", "period", "parties", "lagesbild",
    "focus_areas", "based_on", "remove", "followup", "signatories", "place", "date", "keep_places",
})
_NOT_TEXT = {"Cc", "Cs", "Co", "Cn"}  # control, surrogate, private-use and unassigned code points
KINDS = ("medborgarlofte", "samverkansoverenskommelse", "trygghetsoverenskommelse")


@dataclass
class SpecActivity:
    id: str | None = None
    text: str | None = None
    details: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    keep_places: list[str] = field(default_factory=list)  # foreign places this activity may keep
    record_id: str | None = None  # set for an activity taken from a based_on record


@dataclass
class FocusArea:
    title: str
    activities: list[SpecActivity] = field(default_factory=list)
    record_id: str | None = None  # set for a focus area taken from a based_on record


@dataclass
class SpecSignatory:
    name: str
    role: str | None = None
    organisation: str | None = None
    place: str | None = None
    date: str | None = None


@dataclass
class Spec:
    municipalities: list[str]
    focus_areas: list[FocusArea]
    signatories: list[SpecSignatory]
    template: str | None = None
    kind: str | None = None
    police_area: str | None = None
    year: int | None = None
    period: Period | None = None
    parties: list[str] = field(default_factory=list)
    lagesbild: str | None = None
    based_on: str | None = None
    remove: list[str] = field(default_factory=list)
    followup: str | None = None
    place: str | None = None
    date: str | None = None
    keep_places: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    source: str | None = None  # the spec file, for messages and templates named relative to it


def load_spec(path: str | Path) -> Spec:
    """Read a YAML or JSON spec file; any problem is a SpecError naming the file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(f"{p}: filen finns inte") from None
    except UnicodeDecodeError:
        raise SpecError(f"{p}: kan inte läsa specen (den är inte sparad som UTF-8)") from None
    except OSError as e:
        raise SpecError(f"{p}: kan inte läsa specen ({e.strerror or e})") from None
    try:
        data = _parse(text, p)
    except RecursionError:
        raise SpecError(f"{p}: specen är för djupt nästlad för att vara en spec för utkast") from None
    return spec_from_dict(data, source=str(p))


def _parse(text: str, p: Path) -> Any:
    if p.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as e:
            raise SpecError(f"{p}: ogiltig JSON på rad {e.lineno}, kolumn {e.colno}: {e.msg}") from None
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 (a SafeLoader without timestamps)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" på rad {mark.line + 1}, kolumn {mark.column + 1}" if mark else ""
        raise SpecError(f"{p}: ogiltig YAML{where}: {getattr(e, 'problem', None) or e}") from None


def _loader():
    """YAML's SafeLoader, less its date resolver: `date: 2027-02-30` must reach `_date` as text
    and get a message naming the field, not a ValueError from inside PyYAML."""
    import yaml

    class SpecLoader(yaml.SafeLoader):
        pass

    SpecLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return SpecLoader


def plain_text(value: str) -> str:
    """Printable text: control characters (which Word's XML cannot hold, and docxtpl reads as
    paragraph or page breaks) dropped, spaces tidied."""
    return clean("".join(c if c.isspace() or unicodedata.category(c) not in _NOT_TEXT else " " for c in value))


def _text(value: Any, where: str) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise SpecError(f"{where} ska vara text, inte {type(value).__name__}")
    return plain_text(str(value))


def _date(data: dict, key: str, where: str) -> str | None:
    """An ISO date (2027-01-15), checked to exist."""
    text = _optional_text(data, key, where)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    parts = text.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
        year, month = int(parts[0]), int(parts[1])
        days = calendar.monthrange(year, month)[1]
        raise SpecError(f"{where}{key}: {text} finns inte ({month_name(month)} {year} har {days} dagar)")
    raise SpecError(f"{where}{key}: '{text}' är inget datum (skriv till exempel 2027-01-15)")


def _extra(value: Any) -> Any:
    """A spec's own key for its own template: any shape, every text in it printable."""
    if isinstance(value, str):
        return plain_text(value)
    if isinstance(value, dict):
        return {str(k): _extra(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_extra(v) for v in value]
    return value


def _optional_text(data: dict, key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    return _text(value, f"{where}{key}") or None


def _text_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise SpecError(f"{where} ska vara en lista")
    return [t for i, v in enumerate(value) if (t := _text(v, f"{where}[{i}]"))]


def _year(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit():
        raise SpecError(f"{where} ska vara ett år som 2027, inte {value!r}")
    year = int(value)
    if not 1990 <= year <= 2100:
        raise SpecError(f"{where} ska vara ett år mellan 1990 och 2100, inte {year}")
    return year


def _period(value: Any) -> Period:
    if not isinstance(value, dict) or "from" not in value or "to" not in value:
        raise SpecError("period ska skrivas som {from: 2027, to: 2029}")
    period = Period(_year(value["from"], "period.from"), _year(value["to"], "period.to"))
    if period.to < period.from_:
        raise SpecError(f"period slutar ({period.to}) innan den börjar ({period.from_})")
    return period


def _activity(value: Any, where: str) -> SpecActivity:
    if isinstance(value, str):
        value = {"text": value}
    if not isinstance(value, dict):
        raise SpecError(f"{where} ska ha 'id' eller 'text'")
    activity = SpecActivity(
        id=_optional_text(value, "id", f"{where}."),
        text=_optional_text(value, "text", f"{where}."),
        details=_text_list(value.get("details"), f"{where}.details"),
        actors=_text_list(value.get("actors"), f"{where}.actors"),
        keep_places=_text_list(value.get("keep_places"), f"{where}.keep_places"),
    )
    if not activity.id and not activity.text:
        raise SpecError(f"{where} behöver ett 'id' (från `loften activities`) eller en 'text'")
    return activity


def _focus_area(value: Any, where: str) -> FocusArea:
    if not isinstance(value, dict):
        raise SpecError(f"{where} ska ha 'title' och 'activities'")
    title = _optional_text(value, "title", f"{where}.")
    if not title:
        raise SpecError(f"obligatoriskt fält saknas: {where}.title")
    activities = value.get("activities") or []
    if not isinstance(activities, list):
        raise SpecError(f"{where}.activities ska vara en lista")
    return FocusArea(title, [_activity(a, f"{where}.activities[{i}]") for i, a in enumerate(activities)])


def _signatory(value: Any, where: str) -> SpecSignatory:
    if not isinstance(value, dict):
        raise SpecError(f"{where} ska ha name, role och organisation")
    name = _optional_text(value, "name", f"{where}.")
    if not name:
        raise SpecError(f"obligatoriskt fält saknas: {where}.name")
    return SpecSignatory(
        name=name,
        role=_optional_text(value, "role", f"{where}."),
        organisation=_optional_text(value, "organisation", f"{where}."),
        place=_optional_text(value, "place", f"{where}."),
        date=_date(value, "date", f"{where}."),
    )


def _list(data: dict, key: str) -> list:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise SpecError(f"{key} ska vara en lista")
    return value


def spec_from_dict(data: Any, source: str | None = None) -> Spec:
    """Check the spec's shape and types; what needs the archive or gazetteer is `validate`'s job."""
    if not isinstance(data, dict):
        raise SpecError(f"{source or 'specen'}: en spec ska bestå av nycklar med värden")
    municipalities = _text_list(data.get("municipalities"), "municipalities")
    if not municipalities:
        raise SpecError("obligatoriskt fält saknas: municipalities")
    if data.get("year") is None and data.get("period") is None:
        raise SpecError("obligatoriskt fält saknas: year (eller period: {from: ..., to: ...})")
    if data.get("year") is not None and data.get("period") is not None:
        raise SpecError("ange year eller period, inte båda")
    focus_areas = [_focus_area(f, f"focus_areas[{i}]") for i, f in enumerate(_list(data, "focus_areas"))]
    based_on = _optional_text(data, "based_on", "")
    if not focus_areas and not based_on:
        raise SpecError("obligatoriskt fält saknas: focus_areas (eller based_on: <dokument-id>)")
    signatories = [_signatory(s, f"signatories[{i}]") for i, s in enumerate(_list(data, "signatories"))]
    if not signatories:
        raise SpecError("obligatoriskt fält saknas: signatories")
    kind = _optional_text(data, "kind", "")
    if kind and kind not in KINDS:
        raise SpecError(f"okänd kind '{kind}' (välj en av: {', '.join(KINDS)})")
    remove = _text_list(data.get("remove"), "remove")
    if remove and not based_on:
        raise SpecError("remove kräver based_on: <dokument-id> att ta bort ur")
    return Spec(
        municipalities=municipalities,
        focus_areas=focus_areas,
        signatories=signatories,
        template=_optional_text(data, "template", ""),
        kind=kind,
        police_area=_optional_text(data, "police_area", ""),
        year=_year(data["year"], "year") if data.get("year") is not None else None,
        period=_period(data["period"]) if data.get("period") is not None else None,
        parties=_text_list(data.get("parties"), "parties"),
        lagesbild=_lagesbild(data.get("lagesbild")),
        based_on=based_on,
        remove=remove,
        followup=_optional_text(data, "followup", ""),
        place=_optional_text(data, "place", ""),
        date=_date(data, "date", ""),
        keep_places=_text_list(data.get("keep_places"), "keep_places"),
        extra={str(k): _extra(v) for k, v in data.items() if k not in KNOWN_KEYS},
        source=source,
    )


def _lagesbild(value: Any) -> str | None:
    """Free text whose blank lines separate paragraphs: keep them, tidy the rest."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise SpecError("lagesbild ska vara text")
    paragraphs = [plain_text(p) for p in value.replace("\r\n", "\n").split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p) or None
