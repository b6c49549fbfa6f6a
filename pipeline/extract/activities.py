"""Focus areas and the activities promised under them.

Blocks are walked in order. Headings open a candidate focus area; a lead-in line ("Detta gör vi
genom att:", "Fokusområden", "Övergripande mål") says whether the list after it holds activities,
focus areas or goals; list items at depth 0 are activities and deeper ones their details. Where a
text has no such list, sentences that commit someone to do something are read as activities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.extract.analysis import Analysed, cues, has_phrase
from pipeline.lang.resources import load_yaml
from pipeline.record import KINDS, Activity

ACTIVITY, FOCUS, GOAL, NEUTRAL = "activity", "focus", "goal", "neutral"
LEADIN_MAX = 160  # characters in a paragraph that can lead in to a list
PROMISE_KINDS = KINDS[:3]  # a promise or an agreement, not news, method or other


@lru_cache(maxsize=1)
def _rx() -> dict[str, re.Pattern]:
    """The activity patterns of cues.yaml, compiled (case-insensitive)."""
    c = cues()["activities"]
    keys = ("responsible", "year_heading", "focus_heading", "reported", "leadin_end", "compound_joiner",
            "item_prefix", "table_activity_header", "table_responsible_header", "collective_subjects", "means")
    return {k: re.compile(c[k], re.I) for k in keys}


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


@lru_cache(maxsize=1)
def _actor_patterns() -> list[tuple[str, re.Pattern]]:
    """One pattern per actor: any of its stems at the start of a word."""
    return [
        (actor, re.compile(r"(?<![\wåäö])(?:" + "|".join(re.escape(s) for s in stems) + ")"))
        for actor, stems in load_yaml("actors.yaml").items()
    ]


def actors_in(text: str) -> list[str]:
    low = text.lower()
    return [actor for actor, pattern in _actor_patterns() if pattern.search(low)]


@lru_cache(maxsize=1)
def _subject_rules() -> tuple[frozenset[str], re.Pattern]:
    c = cues()["subject"]
    partner = "|".join(re.escape(p) for p in c["partner"])
    return frozenset(c["glue"]), re.compile(rf"\b(?:{partner})\s+((?:\S+\s+){{0,4}}\S+)", re.I)


def subject_actors(text: str) -> list[str]:
    """Who does it: the actors named in the sentence's first constituent ("Polisen och kommunen
    genomför …") and after "i samverkan med"/"tillsammans med"; places ("vid skolorna") are not actors."""
    glue, partner = _subject_rules()
    words = re.findall(r"[\wåäöÅÄÖé/-]+|,", text)
    subject = []
    for w in words[:12]:
        if w.lower() in glue or actors_in(w) or (w[:1].isupper() and len(subject) < 6):
            subject.append(w)
            continue
        break
    found = actors_in(" ".join(subject))
    for m in partner.finditer(text):
        found = _merge(found, actors_in(m.group(1)))
    return found


def _label_actors(text: str) -> list[str] | None:
    """A short label before a list ("Polisiära aktiviteter:", "Kommunen ansvarar för att:")."""
    low = text.lower().strip().rstrip(":")
    if low.startswith(cues()["activities"]["joint_label"]):
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
    return (low.endswith("?") or any(low.startswith(s) for s in c["not_activity_starts"]) or len(low) < 3
            or low.rstrip(":") in c["section_headings"])


def _split_focus_item(text: str) -> str:
    return sentence_case(re.split(r"\s+[-–—:]\s+|:\s", text, maxsplit=1)[0])


def _enumeration(text: str) -> list[str]:
    """A prose list of promises: "A, B, C och D." -> [A, B, C, D] (first sentence only)."""
    first = re.split(r"(?<=[.!])\s+(?=[A-ZÅÄÖ])", text.strip())[0].rstrip(".")
    parts = [p.strip() for p in first.split(",")]
    if len(parts) < 3:
        return []
    parts[-1:] = [p.strip() for p in _split_last(parts[-1])]
    return [p[:1].upper() + p[1:] for p in parts if p]


def _split_last(item: str) -> list[str]:
    """The last item of a list in prose holds two: "A och B" -> [A, B]."""
    for word in cues()["conjunctions"]:
        head, sep, tail = item.rpartition(f" {word} ")
        if sep:
            return [head, tail]
    return [item]


def from_blocks(a: Analysed, kind_hint: str | None = None, parties: list[str] = ()) -> Result:
    """Walk the blocks once; see the module docstring for the rules."""
    walker = _Walker(a, kind_hint, parties)
    for i, b in enumerate(a.blocks):
        text = b.text.strip()
        if text:
            getattr(walker, b.kind)(i, b, text)
    walker.close_focus()
    return walker.res


class _Walker:
    """The state while walking: the open focus area, what the current list holds (activities,
    focus areas or goals), who acts according to the last label, and the last activity (for
    its sub-points)."""

    def __init__(self, a: Analysed, kind_hint: str | None, parties):
        self.a, self.kind_hint = a, kind_hint
        self.c = cues()["activities"]
        self.party_names = {p.lower() for p in parties}
        self.res = Result()
        self.focus: str | None = None
        self.focus_has_items = False
        self.context = NEUTRAL
        self.label_actors: list[str] | None = None
        self.current: Activity | None = None
        self.prose_list_next = False

    def close_focus(self) -> None:
        if self.focus and self.focus_has_items and self.focus not in self.res.focus_areas:
            self.res.focus_areas.append(self.focus)

    def heading(self, i: int, b, text: str) -> None:
        if text == self.a.title and i < 3:
            return
        c = self.c
        self.close_focus()
        self.focus, self.focus_has_items, self.current, self.label_actors = None, False, None, None
        low = text.lower().rstrip(":")
        ctx = _context_of(text)
        self.prose_list_next = has_phrase(low, c["prose_list_headings"])
        named = _rx()["focus_heading"].match(text)
        if named:  # "Fokusområde: Trygg trafik"
            self.focus, self.context = sentence_case(named.group(1)), ACTIVITY
        elif low in c["section_headings"] or _rx()["year_heading"].match(low) or ctx in (FOCUS, GOAL):
            listed = _rx()["year_heading"].match(low) or low in c["activity_headings"]
            self.context = ctx or (ACTIVITY if listed else NEUTRAL)
        elif _is_actor_name(text) or low in self.party_names:  # "Polis", "Handelsföreningen X"
            self.label_actors = actors_in(text) or None
            self.context = ACTIVITY
        elif ctx == ACTIVITY:  # "Det här lovar kommunen och polisen"
            self.context = ACTIVITY
        else:
            self.focus = sentence_case(text)
            self.context = ctx or NEUTRAL

    def paragraph(self, i: int, b, text: str) -> None:
        self.current = None
        if self.prose_list_next:
            self.prose_list_next = False
            items = _enumeration(text)
            if items:
                for it in items:
                    self.res.activities.append(Activity(text=it, focus_area=self.focus, actors=subject_actors(it)))
                self.focus_has_items = True
                return
        if text.endswith(":") or len(text) < LEADIN_MAX and _rx()["leadin_end"].search(text):  # a lead-in
            ctx = _context_of(text) or (ACTIVITY if self.kind_hint != "method" else NEUTRAL)
            self.context = ctx
            label = _label_actors(text)
            self.label_actors = label if label else (actors_in(text) or None if ctx == ACTIVITY else None)
        elif len(text) > 200 or text.endswith("."):
            ctx = _context_of(text)
            if ctx == GOAL or ctx == FOCUS and len(text) < 200:
                self.context = ctx
            elif self.context != ACTIVITY or len(text) > 200:
                self.context = ctx or NEUTRAL

    def table(self, i: int, b, text: str) -> None:
        for act in _table_activities(b.rows, self.focus):
            self.res.activities.append(act)
            self.res.from_lists += 1
            self.focus_has_items = True

    def list_item(self, i: int, b, text: str) -> None:
        if b.depth > 0:
            if self.current is not None:
                m = _rx()["responsible"].match(text)
                if m:
                    self.current.actors = actors_in(m.group(1))  # stated responsibility beats guessing
                else:
                    self.current.details.append(text.rstrip(";"))
            return
        self.current = None
        if _is_excluded_item(text) or self.context == GOAL or self.kind_hint == "other":
            return
        if self.context == FOCUS and not _is_action_phrase(text):
            self.res.listed_focus.append(_split_focus_item(text))
            return
        if self.context == NEUTRAL and not (self.focus and self.kind_hint in PROMISE_KINDS):
            if self.kind_hint == "method" or not _looks_like_activity(text):
                return
        for part in _split_compound(text.rstrip(";").rstrip(",")):
            actors = _merge(self.label_actors or [], subject_actors(part))
            self.current = Activity(text=part, focus_area=self.focus, actors=actors)
            self.res.activities.append(self.current)
            self.res.from_lists += 0 if _rx()["reported"].search(part) else 1
        self.focus_has_items = True


CUT_WORD_MAX = 2  # a last word this short in an unfinished line was cut off ("… fritid, fä")
FRAGMENT_WORDS = 6  # a cut-off item shorter than this says too little to be kept


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """Words a finished item never ends on ("… ska", "… vid"): search's stop words."""
    from pipeline.search.vocabulary import read_word_list

    return frozenset(w for line in read_word_list("stopwords.txt") for w in line.split())


def is_cut_off(text: str) -> bool:
    """The text stops mid-sentence: no closing punctuation, and its last word is unknown, very
    short or a function word. Excerpts and damaged files end like this."""
    from pipeline.lang.lemmas import is_word

    t = text.strip()
    if not t or t[-1] in ".!?)]”\"'»":
        return False
    last = re.findall(r"[\wåäöÅÄÖé-]+", t)
    if not last:
        return True
    w = last[-1].lower()
    return len(w) <= CUT_WORD_MAX or w in _function_words() or not is_word(w)


def without_cut_off(activities: list[Activity], a: Analysed) -> list[Activity]:
    """Drop the last activity when it is the document's last line, cut off after a few words
    ("Polisen ska"); a longer cut-off item still says what is promised."""
    last = next((b.text.strip() for b in reversed(a.blocks) if b.text.strip()), "")
    if (activities and last.endswith(activities[-1].text.strip()) and len(activities[-1].text.split()) < FRAGMENT_WORDS
            and is_cut_off(last)):
        return activities[:-1]
    return activities


def _split_compound(text: str) -> list[str]:
    """"Polisen lovar att A samt att B" holds two promises."""
    parts = _rx()["compound_joiner"].split(text)
    parts = [parts[0]] + [p[:1].upper() + p[1:] for p in parts[1:] if p]
    return [q for p in parts for q in _split_predicates(p)]


def _merge(a: list[str], b: list[str]) -> list[str]:
    return a + [x for x in b if x not in a]


def _table_activities(rows: list[list[str]], focus: str | None) -> list[Activity]:
    if len(rows) < 2:
        return []
    header = [h.lower() for h in rows[0]]
    if not any(_rx()["table_activity_header"].search(h) for h in header):
        return []
    resp = next((k for k, h in enumerate(header) if _rx()["table_responsible_header"].search(h)), None)
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
    parts[-1:] = _split_last(parts[-1])
    parts = [_rx()["item_prefix"].sub("", p) for p in parts if p]
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
        about = re.search(c["prose_about_promise"], low)
        if t.endswith(":") or about and (not has_phrase(low, c["explicit_commitment"]) or _is_definition_or_signing(t)):
            continue  # about the promise itself, unless it says what a party undertakes
        if not (commit.search(t) or done.search(t)) or not _looks_like_activity(t):
            continue
        if not actors_in(t) and not _rx()["collective_subjects"].search(low):
            continue
        means = _means(t)
        if means:  # "… genom trygghetsvandringar, polisnärvaro och bättre belysning"
            out.extend(Activity(text=m, actors=subject_actors(t)) for m in means)
            continue
        actors = subject_actors(t)
        out.extend(Activity(text=part, actors=actors) for part in _split_predicates(t))
    return out


PREDICATE_MIN_WORDS = 4  # words in each part before a sentence is read as two promises


@lru_cache(maxsize=1)
def _second_predicate() -> re.Pattern:
    c = cues()["activities"]
    verbs = "|".join(re.escape(v) for v in sorted(c["second_predicate_verbs"], key=len, reverse=True))
    return re.compile(rf"{c['second_predicate_joiner']}(?=(?:{verbs})\b)", re.I)


def _split_predicates(sentence: str) -> list[str]:
    """"Kommunen och polisen ska samverka kring A och genomföra B" holds two promises; a short part
    ("ska planera och genomföra kontroller") is one predicate with two verbs, and verbs after a
    purpose clause ("för att minska A och öka B") are goals."""
    purpose = re.search(cues()["activities"]["purpose_clause"], sentence, re.I)
    head = sentence[:purpose.start()] if purpose else sentence
    parts = _second_predicate().split(head)
    parts[-1] += sentence[len(head):]
    if len(parts) < 2 or any(len(p.split()) < PREDICATE_MIN_WORDS for p in parts):
        return [sentence]
    return [parts[0].rstrip(" ,")] + [p[:1].upper() + p[1:] for p in parts[1:]]


def _is_definition_or_signing(sentence: str) -> bool:
    """"Medborgarlöftena är ett samarbete där …", "I dag undertecknades löftet, i vilket …"."""
    from pipeline.extract.people import is_signing

    return bool(re.match(cues()["activities"]["prose_definition"], sentence, re.I)) or is_signing(sentence)


MEANS_MIN = 3  # items in a list of means before a sentence is read as that many activities
MEANS_MAX_WORDS = 8  # words in one listed means


def _means(sentence: str) -> list[str]:
    """The means listed after "genom" in a committing sentence, when there are several short ones."""
    m = _rx()["means"].search(sentence)
    if not m:
        return []
    parts = [p.strip(" .") for p in sentence[m.end():].split(",")]
    parts[-1:] = [p.strip(" .") for p in _split_last(parts[-1])]
    parts = [p for p in parts if p]
    if len(parts) < MEANS_MIN or any(len(p.split()) > MEANS_MAX_WORDS for p in parts):
        return []
    qualifiers = _function_words() | set(cues()["activities"]["means_not_start"])
    if any(p.split()[0].lower() in qualifiers for p in parts):
        return []  # "… genom fler kontroller, särskilt nattetid, på torget": one means, qualified
    return [p[:1].upper() + p[1:] for p in parts]
