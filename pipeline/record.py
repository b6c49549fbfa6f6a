"""The one record model shared by every stage: extraction writes it, the archive stores it,
the index reads it, drafting renews it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any

KINDS = (
    "medborgarlofte",
    "samverkansoverenskommelse",
    "trygghetsoverenskommelse",
    "news",
    "method",
    "other",
)


@dataclass
class Source:
    path: str
    sha256: str
    format: str
    pages: int = 1
    size: int = 0
    paths: list[str] = field(default_factory=list)  # every path the same bytes were seen under


@dataclass
class Period:
    from_: int
    to: int

    def to_dict(self) -> dict:
        return {"from": self.from_, "to": self.to}

    @classmethod
    def from_dict(cls, d: dict) -> "Period":
        return cls(from_=d["from"], to=d["to"])


@dataclass
class Signatory:
    name: str
    role: str | None = None
    organisation: str | None = None


@dataclass
class Activity:
    text: str
    focus_area: str | None = None
    actors: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


def _plain(obj) -> dict[str, Any]:
    """A flat dataclass (Source, Signatory, Activity: strings, numbers, lists of strings) as
    `asdict` gives it, without its deep copy of every value (the main process writes each
    record it archives)."""
    return {f.name: list(v) if isinstance(v := getattr(obj, f.name), list) else v for f in fields(obj)}


@dataclass
class Record:
    id: str
    source: Source
    kind: str = "other"
    title: str = ""
    municipalities: list[str] = field(default_factory=list)
    county: str | None = None
    police_area: str | None = None
    year: int | None = None
    period: Period | None = None
    published: str | None = None
    signed: str | None = None
    parties: list[str] = field(default_factory=list)
    signatories: list[Signatory] = field(default_factory=list)
    focus_areas: list[str] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    text: str = ""
    warnings: list[str] = field(default_factory=list)
    pipeline_version: str = ""  # the extraction version (pipeline.fingerprint) that made it
    ocr: dict | None = None  # {"pages": [1-based pages read by OCR], "confidence": 0-1} when OCR was used
    previous: str | None = None  # the id of the version this one replaced at its path

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "period":
                d["period"] = value.to_dict() if value else None
            elif f.name == "source":
                d["source"] = _plain(value)
            elif f.name in ("signatories", "activities"):
                d[f.name] = [_plain(v) for v in value]
            else:
                d[f.name] = value
        return d

    def to_json(self, indent: int | None = None) -> str:
        """Stable JSON: sorted keys, so equal records serialise to equal bytes."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, indent=indent)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Record":
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in known}
        kw["source"] = Source(**d["source"])
        kw["period"] = Period.from_dict(d["period"]) if d.get("period") else None
        kw["signatories"] = [Signatory(**s) for s in d.get("signatories", [])]
        kw["activities"] = [Activity(**a) for a in d.get("activities", [])]
        return cls(**kw)

    @classmethod
    def from_json(cls, text: str) -> "Record":
        return cls.from_dict(json.loads(text))

    def content_dict(self) -> dict[str, Any]:
        """The record without what depends on the file container (id, source)."""
        d = self.to_dict()
        d.pop("id")
        d.pop("source")
        return d
