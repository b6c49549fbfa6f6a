"""Other municipalities' places in a draft: replaced by a gap in reused wording, warned about
in text the spec writes itself, kept where the spec says so (keep_places)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from pipeline.catalogue.places import PlaceMention, belongs_to, replace_places
from pipeline.draft.labels import join_and, label
from pipeline.draft.places import kommun_name


@dataclass
class PlaceNote:
    where: str  # "Trafik, aktivitet 2" / "Lägesbild"
    place: str  # as written in the wording
    municipalities: list[str]  # the municipalities the place lies in
    replaced: bool  # True: a gap to fill in; False: still in the document
    message: str

    def to_dict(self) -> dict:
        return asdict(self)


def localise(text: str, where: str, own: set[str], keep: set[str], reused: bool) -> tuple[str, list[PlaceNote]]:
    """The text for a draft for the `own` municipalities, and what was done about foreign places."""
    notes: list[PlaceNote] = []
    own_text = join_and([kommun_name(m) for m in sorted(own)])

    def decide(mention: PlaceMention) -> str | None:
        if belongs_to(mention, own) or {mention.text, mention.place.name} & keep:
            return None
        owners = list(mention.place.municipalities)
        owner_text = join_and([kommun_name(m) for m in owners])
        if reused:
            message = label("place_replaced").format(where=where, place=mention.text, owner=owner_text,
                                                     gap=label("place_gap"))
            notes.append(PlaceNote(where, mention.text, owners, True, message))
            return label("place_gap")
        message = label("place_foreign").format(where=where, place=mention.text, owner=owner_text, own=own_text)
        notes.append(PlaceNote(where, mention.text, owners, False, message))
        return None

    return replace_places(text, decide), notes
