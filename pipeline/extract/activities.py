"""Focus areas and the activities promised under them.

Blocks are walked in order. Headings open a candidate focus area; a lead-in line ("Detta gör vi
genom att:", "Fokusområden", "Övergripande mål") says whether the list after it holds activities,
focus areas or goals; list items at depth 0 are activities and deeper ones their details. Where a
text has no such list, sentences that commit someone to do something are read as activities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.analysis import Analysed, cues, has_phrase
from pipeline.lang.resources import load_yaml
from pipeline.record import Activity

ACTIVITY, FOCUS, GOAL, NEUTRAL = "activity", "focus", "goal", "neutral"
PROMISE_KINDS = ("medborgarlofte", "samverkansoverenskommelse", "trygghetsoverenskommelse")
RESPONSIBLE = re.compile(r"^\s*(?:ansvar|ansvarig|ansvariga)\s*:\s*(.+)$", re.I)
YEAR_HEADING = re.compile(r"^medborgarlöfte[nt]?\w*\s+\d{4}", re.I)
FOCUS_HEADING = re.compile(r"^fokusområde\s*\d*\s*[:–-]\s*(.+)$", re.I)
REPORTED = re.compile(r"\b(har|hade)\s+(\w+\s+)?\w+t\b", re.I)  # "har köpt", "har gjort" (supine)


@dataclass
class Result:
    focus_areas: list[str] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    listed_focus: list[str] = field(default_factory=list)  # focus areas given as a list
    from_lists: int = 0  # activities read from list items (not from prose enumerations)


def sentence_case(text: str) -> str:
    """"SYNLIGARE POLIS" and "Tryggare Offentliga Miljöer" -> "Synligare polis", "Tryggare offentliga
    miljöer"; place names keep their capital."""
    from pipeline.lang.gazetteer import canonical_municipality

    text = text.strip().rstrip(":").strip()
    words = text.split()
    title_case = len(words) > 1 and all(w[:1].isupper() for w in words if w[:1].isalpha())
    if (text.isupper() and len(text) > 3) or title_case:
        out = [words[0][:1] + words[0][1:].lower()]
        for w in words[1:]:
            out.append(w if canonical_municipality(w.strip(",.")) else w.lower())
        return " ".join(out)
    return text


def _context_of(text: str) -> str | None:
    c = cues()["activities"]
    low = text.lower().strip()
    if has_phrase(low, c["focus_leadins"]):
        return FOCUS
    if has_phrase(low, c["activity_leadins"]):
        return ACTIVITY
    if has_phrase(low, c["goal_leadins"]) or low.endswith("ska:") or low.endswith("?"):
        return GOAL
    return None


def actors_in(text: str) -> list[str]:
    low = text.lower()
    found = []
    for actor, stems in load_yaml("actors.yaml").items():
        if any(re.search(rf"(?<![\wåäö]){re.escape(s)}", low) for s in stems):
            found.append(actor)
    return found


SUBJECT_GLUE = {"och", "samt", ",", "tillsammans", "med", "i", "samverkan", "gemensamt", "både", "den", "det", "de"}
PARTNER = re.compile(r"\b(?:i samverkan med|tillsammans med|med stöd av)\s+((?:\S+\s+){0,4}\S+)", re.I)


def subject_actors(text: str) -> list[str]:
    """Who does it: the actors named in the sentence's first constituent ("Polisen och kommunen
    genomför …") and after "i samverkan med"/"tillsammans med"; places ("vid skolorna") are not actors."""
    words = re.findall(r"[\wåäöÅÄÖé/-]+|,", text)
    subject = []
    for w in words[:12]:
        if w.lower() in SUBJECT_GLUE or actors_in(w) or (w[:1].isupper() and len(subject) < 6):
            subject.append(w)
            continue
        break
    found = actors_in(" ".join(subject))
    for m in PARTNER.finditer(text):
        found = _merge(found, actors_in(m.group(1)))
    return found


def _label_actors(text: str) -> list[str] | None:
    """A short label before a list ("Polisiära aktiviteter:", "Kommunen ansvarar för att:")."""
    low = text.lower().strip().rstrip(":")
    if low.startswith("gemensam"):
        return ["polisen", "kommunen"]
    if len(low.split()) <= 6:
        found = actors_in(low)
        return found or None
    return None


def _is_actor_name(text: str) -> bool:
    """A heading that only names who acts ("Polis", "Kommunen", "Räddningstjänst")."""
    low = text.lower().strip().rstrip(":")
    return len(low.split()) == 1 and any(low.startswith(s) for stems in load_yaml("actors.yaml").values() for s in stems)


def _is_action_phrase(text: str) -> bool:
    """Focus areas are short labels ("Trafiksäkerhet", "Minska droganvändningen"); an item that
    starts in lower case and runs on ("förmedla saklig information om …") is something to do."""
    return text[:1].islower() and len(text.split()) >= 5


def _looks_like_activity(text: str) -> bool:
    c = cues()["activities"]
    low = text.lower()
    return any(w in low for w in c["activity_words"]) or has_phrase(low, c["commitment"])


def _is_excluded_item(text: str) -> bool:
    low = text.lower().strip()
    c = cues()["activities"]
    return low.endswith("?") or any(low.startswith(s) for s in c["not_activity_starts"]) or len(low) < 3


def _split_focus_item(text: str) -> str:
    return sentence_case(re.split(r"\s+[-–—:]\s+|:\s", text, maxsplit=1)[0])


def _enumeration(text: str) -> list[str]:
    """A prose list of promises: "A, B, C och D." -> [A, B, C, D] (first sentence only)."""
    first = re.split(r"(?<=[.!])\s+(?=[A-ZÅÄÖ])", text.strip())[0].rstrip(".")
    parts = [p.strip() for p in first.split(",")]
    if len(parts) < 3:
        return []
    last = parts[-1]
    if " och " in last:
        head, tail = last.rsplit(" och ", 1)
        parts[-1:] = [head.strip(), tail.strip()]
    return [p[:1].upper() + p[1:] for p in parts if p]


def from_blocks(a: Analysed, kind_hint: str | None = None, parties: list[str] = ()) -> Result:
    c = cues()["activities"]
    party_names = {p.lower() for p in parties}
    res = Result()
    focus: str | None = None
    focus_has_items = False
    context = NEUTRAL
    label_actors: list[str] | None = None
    current: Activity | None = None
    prose_list_next = False

    def close_focus():
        if focus and focus_has_items and focus not in res.focus_areas:
            res.focus_areas.append(focus)

    for i, b in enumerate(a.blocks):
        text = b.text.strip()
        if not text:
            continue
        if b.kind == "heading":
            if text == a.title and i < 3:
                continue
            close_focus()
            focus, focus_has_items, current, label_actors = None, False, None, None
            low = text.lower().rstrip(":")
            ctx = _context_of(text)
            prose_list_next = has_phrase(low, c["prose_list_headings"])
            named = FOCUS_HEADING.match(text)
            if named:
                focus, context = sentence_case(named.group(1)), ACTIVITY
                continue
            if low in c["section_headings"] or YEAR_HEADING.match(low) or ctx in (FOCUS, GOAL):
                context = ctx or (ACTIVITY if YEAR_HEADING.match(low) or low in c["activity_headings"] else NEUTRAL)
                continue
            if _is_actor_name(text) or text.lower() in party_names:
                label_actors = actors_in(text) or None
                context = ACTIVITY
                continue
            if ctx == ACTIVITY:
                context = ACTIVITY
                continue
            focus = sentence_case(text)
            context = ctx or NEUTRAL
            continue
        if b.kind == "paragraph":
            current = None
            if prose_list_next:
                prose_list_next = False
                items = _enumeration(text)
                if items:
                    for it in items:
                        res.activities.append(Activity(text=it, focus_area=focus, actors=subject_actors(it)))
                    focus_has_items = True
                    continue
            is_leadin = text.endswith(":") or len(text) < 160 and re.search(r"\b(genom|att)$", text)
            if is_leadin:
                ctx = _context_of(text) or (ACTIVITY if kind_hint != "method" else NEUTRAL)
                context = ctx
                la = _label_actors(text)
                label_actors = la if la else (actors_in(text) or None if ctx == ACTIVITY else None)
            elif len(text) > 200 or text.endswith("."):
                ctx = _context_of(text)
                if ctx == GOAL or ctx == FOCUS and len(text) < 200:
                    context = ctx
                elif context != ACTIVITY or len(text) > 200:
                    context = NEUTRAL if not ctx else ctx
            continue
        if b.kind == "table":
            for act in _table_activities(b.rows, focus):
                res.activities.append(act)
                focus_has_items = True
            continue
        # list item
        if b.depth > 0 and current is not None:
            m = RESPONSIBLE.match(text)
            if m:
                current.actors = actors_in(m.group(1))  # stated responsibility beats guessing
            else:
                current.details.append(text.rstrip(";"))
            continue
        if b.depth > 0:
            continue
        if _is_excluded_item(text):
            current = None
            continue
        if context == FOCUS and not _is_action_phrase(text):
            res.listed_focus.append(_split_focus_item(text))
            current = None
            continue
        if context == GOAL:
            current = None
            continue
        if context == NEUTRAL and not (focus and kind_hint in PROMISE_KINDS):
            if kind_hint in ("method", "other") or not _looks_like_activity(text):
                current = None
                continue
        if kind_hint == "other":
            continue
        for part in _split_compound(text.rstrip(";").rstrip(",")):
            actors = _merge(label_actors or [], subject_actors(part))
            current = Activity(text=part, focus_area=focus, actors=actors)
            res.activities.append(current)
            res.from_lists += 0 if REPORTED.search(part) else 1
        focus_has_items = True
    close_focus()
    return res


def _split_compound(text: str) -> list[str]:
    """"Polisen lovar att A samt att B" holds two promises."""
    parts = re.split(r",?\s+samt att\s+", text)
    return [parts[0]] + [p[:1].upper() + p[1:] for p in parts[1:] if p]


def _merge(a: list[str], b: list[str]) -> list[str]:
    return a + [x for x in b if x not in a]


def _table_activities(rows: list[list[str]], focus: str | None) -> list[Activity]:
    if len(rows) < 2:
        return []
    header = [h.lower() for h in rows[0]]
    if not any(re.search(r"aktivitet|åtgärd|insats|löfte", h) for h in header):
        return []
    resp = next((k for k, h in enumerate(header) if "ansvar" in h or "vem" in h), None)
    out = []
    for row in rows[1:]:
        if not row or not row[0].strip():
            continue
        details = [cell for k, cell in enumerate(row[1:], start=1) if cell.strip() and k != resp]
        actors = actors_in(row[resp]) if resp is not None and resp < len(row) else subject_actors(row[0])
        out.append(Activity(text=row[0].strip(), focus_area=focus, actors=actors, details=details))
    return out


def _split_items(text: str) -> list[str]:
    parts = [p.strip(" .") for p in text.split(",")]
    if " och " in parts[-1]:
        head, tail = parts[-1].rsplit(" och ", 1)
        parts[-1:] = [head, tail]
    parts = [re.sub(r"^att\s+", "", p) for p in parts if p]
    return [p[:1].upper() + p[1:] for p in parts]


def _prose_items(sentence: str) -> list[str]:
    """Promises listed inside one sentence: "A och B – det är några av de löften …", or
    "… kommer man ha fokus på A, B och C"."""
    c = cues()["activities"]
    m = re.match(c["prose_list_before"], sentence, re.I)
    if m:
        return _split_items(m.group(1))
    m = re.search(c["prose_list_after"], sentence, re.I)
    if m:
        items = _split_items(m.group(1))
        if len(items) >= 3:
            return items
    return []


def from_prose(a: Analysed) -> list[Activity]:
    """Sentences that commit a party to act ("Polisen ska genomföra minst tre kontroller …"),
    or report what the promise has done ("Hittills har arbetet lett till bättre belysning …")."""
    c = cues()["activities"]
    commit = re.compile(c["prose_commitment"], re.I)
    done = re.compile(c["prose_done"], re.I)
    out = []
    for s in a.sentences:
        b = a.blocks[s.block]
        if b.kind != "paragraph":
            continue
        t = s.text.strip()
        low = t.lower()
        if t.startswith(("–", "-", "—", "”", '"')) or t.endswith("?") or len(t) < 20 or len(t) > 400:
            continue
        items = _prose_items(t)
        if items:
            out.extend(Activity(text=i, actors=subject_actors(i)) for i in items)
            continue
        if has_phrase(low, c["prose_exclude"]) or any(low.startswith(x) for x in c["prose_exclude_starts"]):
            continue
        if t.endswith(":") or re.search(c["prose_about_promise"], low):
            continue
        if not (commit.search(t) or done.search(t)) or not _looks_like_activity(t):
            continue
        if not actors_in(t) and not re.search(r"\b(vi|parterna|man)\b", low):
            continue
        out.append(Activity(text=t, actors=subject_actors(t)))
    return out
