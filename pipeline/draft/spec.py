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
    date: 2027-01-15

Any other top-level key is passed to the template as it is, so a municipality's own
template can use variables of its own.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.catalogue.normalise import clean
from pipeline.errors import SpecError
from pipeline.record import Period

KNOWN_KEYS = frozenset({
    "template", "kind", "municipalities", "police_area", "year", "period", "parties", "lagesbild",
    "focus_areas", "based_on", "remove", "followup", "signatories", "place", "date",
})
KINDS = ("medborgarlofte", "samverkansoverenskommelse", "trygghetsoverenskommelse")


@dataclass
class SpecActivity:
    id: str | None = None
    text: str | None = None
    details: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)


@dataclass
class FocusArea:
    title: str
    activities: list[SpecActivity] = field(default_factory=list)


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
    extra: dict[str, Any] = field(default_factory=dict)
    source: str | None = None  # the spec file, for messages and templates named relative to it


def load_spec(path: str | Path) -> Spec:
    """Read a YAML or JSON spec file; any problem is a SpecError naming the file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise SpecError(f"{p}: cannot read spec ({e.__class__.__name__}: {e})") from None
    try:
        data = _parse(text, p)
    except RecursionError:
        raise SpecError(f"{p}: the spec is nested too deeply to be a drafting spec") from None
    return spec_from_dict(data, source=str(p))


def _parse(text: str, p: Path) -> Any:
    if p.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as e:
            raise SpecError(f"{p}: invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise SpecError(f"{p}: invalid YAML{where}: {getattr(e, 'problem', None) or e}") from None


def _text(value: Any, where: str) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise SpecError(f"{where} must be text, got {type(value).__name__}")
    return clean(str(value))


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
        raise SpecError(f"{where} must be a list")
    return [t for i, v in enumerate(value) if (t := _text(v, f"{where}[{i}]"))]


def _year(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit():
        raise SpecError(f"{where} must be a year like 2027, got {value!r}")
    year = int(value)
    if not 1990 <= year <= 2100:
        raise SpecError(f"{where} must be a year between 1990 and 2100, got {year}")
    return year


def _period(value: Any) -> Period:
    if not isinstance(value, dict) or "from" not in value or "to" not in value:
        raise SpecError("period must be a mapping like {from: 2027, to: 2029}")
    period = Period(_year(value["from"], "period.from"), _year(value["to"], "period.to"))
    if period.to < period.from_:
        raise SpecError(f"period ends ({period.to}) before it starts ({period.from_})")
    return period


def _activity(value: Any, where: str) -> SpecActivity:
    if isinstance(value, str):
        value = {"text": value}
    if not isinstance(value, dict):
        raise SpecError(f"{where} must be a mapping with 'id' or 'text'")
    activity = SpecActivity(
        id=_optional_text(value, "id", f"{where}."),
        text=_optional_text(value, "text", f"{where}."),
        details=_text_list(value.get("details"), f"{where}.details"),
        actors=_text_list(value.get("actors"), f"{where}.actors"),
    )
    if not activity.id and not activity.text:
        raise SpecError(f"{where} needs an 'id' (from `loften activities`) or a 'text'")
    return activity


def _focus_area(value: Any, where: str) -> FocusArea:
    if not isinstance(value, dict):
        raise SpecError(f"{where} must be a mapping with 'title' and 'activities'")
    title = _optional_text(value, "title", f"{where}.")
    if not title:
        raise SpecError(f"missing required field: {where}.title")
    activities = value.get("activities") or []
    if not isinstance(activities, list):
        raise SpecError(f"{where}.activities must be a list")
    return FocusArea(title, [_activity(a, f"{where}.activities[{i}]") for i, a in enumerate(activities)])


def _signatory(value: Any, where: str) -> SpecSignatory:
    if not isinstance(value, dict):
        raise SpecError(f"{where} must be a mapping with name, role and organisation")
    name = _optional_text(value, "name", f"{where}.")
    if not name:
        raise SpecError(f"missing required field: {where}.name")
    return SpecSignatory(
        name=name,
        role=_optional_text(value, "role", f"{where}."),
        organisation=_optional_text(value, "organisation", f"{where}."),
        place=_optional_text(value, "place", f"{where}."),
        date=_optional_text(value, "date", f"{where}."),
    )


def _list(data: dict, key: str) -> list:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise SpecError(f"{key} must be a list")
    return value


def spec_from_dict(data: Any, source: str | None = None) -> Spec:
    """Check the spec's shape and types; what needs the archive or gazetteer is `validate`'s job."""
    if not isinstance(data, dict):
        raise SpecError(f"{source or 'spec'}: a spec must be a mapping of keys to values")
    municipalities = _text_list(data.get("municipalities"), "municipalities")
    if not municipalities:
        raise SpecError("missing required field: municipalities")
    if data.get("year") is None and data.get("period") is None:
        raise SpecError("missing required field: year (or period: {from: ..., to: ...})")
    if data.get("year") is not None and data.get("period") is not None:
        raise SpecError("give either year or period, not both")
    focus_areas = [_focus_area(f, f"focus_areas[{i}]") for i, f in enumerate(_list(data, "focus_areas"))]
    based_on = _optional_text(data, "based_on", "")
    if not focus_areas and not based_on:
        raise SpecError("missing required field: focus_areas (or based_on: <record id>)")
    signatories = [_signatory(s, f"signatories[{i}]") for i, s in enumerate(_list(data, "signatories"))]
    if not signatories:
        raise SpecError("missing required field: signatories")
    kind = _optional_text(data, "kind", "")
    if kind and kind not in KINDS:
        raise SpecError(f"unknown kind '{kind}' (use one of: {', '.join(KINDS)})")
    remove = _text_list(data.get("remove"), "remove")
    if remove and not based_on:
        raise SpecError("remove needs based_on: <record id> to remove from")
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
        date=_optional_text(data, "date", ""),
        extra={k: v for k, v in data.items() if k not in KNOWN_KEYS},
        source=source,
    )


def _lagesbild(value: Any) -> str | None:
    """Free text whose blank lines separate paragraphs: keep them, tidy the rest."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise SpecError("lagesbild must be text")
    paragraphs = [clean(p) for p in value.replace("\r\n", "\n").split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p) or None
