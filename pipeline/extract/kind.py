"""What kind of publication: a promise, an agreement, news about one, a method text, or other.

The order of the decisions: no promise or agreement word, or no police -> other (or method for
an EST text); no named party, year or activity -> method (news when it reports; a press item
about a named party is never a method text); an agreement's own words outweigh the promise's ->
one of the agreements; else news or the promise itself, from weighed evidence
(kind_evidence.yaml): a news item is dated, quotes people, reports the signing in the past
tense; a promise speaks in the first person, lists its activities and is titled by its name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.extract.analysis import Analysed, count_phrases, count_terms, cues, has_phrase, has_term, lemma_key
from pipeline.lang.resources import load_yaml

TITLE_WEIGHT = 3  # a term in the title counts as much as this many in the body
METHOD_STRONG = 3  # this many method words describe the method, whatever else is named
NEWS_MARGIN = 1  # news needs this much more evidence than the promise
LIST_ACTIVITIES_PROMISE = 3  # on a tie, this many listed activities make it the promise itself
WHOLE_PROMISE = 6  # this many listed activities are the whole promise, however it is reported


@lru_cache(maxsize=1)
def _evidence() -> dict:
    """The feature definitions with their patterns compiled."""
    cfg = load_yaml("kind_evidence.yaml")
    out = {}
    for side in ("news", "promise"):
        out[side] = {}
        for name, f in cfg[side].items():
            f = dict(f)
            if "pattern" in f:
                f["regex"] = re.compile(f["pattern"], 0 if f.get("case") else re.I)
            out[side][name] = f
    out["signing_past"] = cfg["signing_past"]
    return out


def _without(key: str, terms) -> str:
    """A lemma key with the terms blanked out."""
    for term in sorted(terms, key=len, reverse=True):
        key = key.replace(lemma_key(term), " | ")
    return key


def _reported_signing(a: Analysed) -> int:
    """Sentences that say the agreement was signed, in the past tense."""
    from pipeline.extract.people import is_signing

    past = _evidence()["signing_past"]
    lemmas, strong, endings = set(past["lemmas"]), set(past["strong"]), tuple(past["weak_endings"])
    n = 0
    for s in a.sentences:
        if not is_signing(s.text):
            continue
        if any(t.lemma_ in lemmas and (t.lower_ in strong or (t.lower_ != t.lemma_ and t.lower_.endswith(endings)))
               for t in s.span):
            n += 1
    return n


def _count(f: dict, a: Analysed, text: str, title: str) -> int:
    n = len(f["regex"].findall(title if f.get("title") else text)) if "regex" in f else 0
    return n + (count_terms(a.lemma_key, f["lemmas"]) if "lemmas" in f else 0)


def evidence(a: Analysed, n_listed: int, n_focus: int) -> tuple[float, float, dict]:
    """(news, promise, the promise's feature counts): the weighed evidence for each reading of
    a page about a promise."""
    from pipeline.lang.dates import news_dateline

    ev = _evidence()
    text = "\n".join(b.text for b in a.blocks)
    title = a.title.strip()
    counts = {name: _count(f, a, text, title) for name, f in ev["news"].items()}
    counts["dated"] += any(news_dateline(b.text) for b in a.blocks[:6])
    counts["reported_signing"] = _reported_signing(a)
    news = sum(f["weight"] * min(counts[name], f["cap"]) for name, f in ev["news"].items())
    counts = {name: _count(f, a, text, title) for name, f in ev["promise"].items()}
    counts["listed_activities"] = n_listed // ev["promise"]["listed_activities"]["per"]
    counts["focus_areas"] = n_focus // ev["promise"]["focus_areas"]["per"]
    promise = sum(f["weight"] * min(counts[name], f["cap"]) for name, f in ev["promise"].items())
    return news, promise, counts


def classify(a: Analysed, municipalities: list[str], year: int | None, n_activities: int, n_focus: int = 0) -> str:
    c = cues()["kind"]
    title = a.title.lower()
    body = "\n".join(b.text for b in a.blocks).lower()
    text = title + "\n" + body
    tkey, bkey = lemma_key(a.title), a.lemma_key
    m = count_terms(bkey, c["promise_terms"]) + TITLE_WEIGHT * count_terms(tkey, c["promise_terms"])
    t = count_terms(bkey, c["trygghet_terms"]) + TITLE_WEIGHT * count_terms(tkey, c["trygghet_terms"])
    # the longer name wins: "överenskommelse om samverkan för ökad trygghet" is no samverkan term
    tkey_s, bkey_s = _without(tkey, c["trygghet_terms"]), _without(bkey, c["trygghet_terms"])
    s = count_terms(bkey_s, c["samverkan_terms"]) + TITLE_WEIGHT * count_terms(tkey_s, c["samverkan_terms"])
    police = any(p in tkey + bkey for p in c["police_terms"])

    if m + s + t == 0:
        if police and has_phrase(text, c["est_terms"]):
            return "method"
        return "other"
    if not police or has_phrase(text, c["offtopic_guard"]):
        return "other"

    method = count_terms(tkey + bkey, c["method_terms"]) + (2 if has_term(tkey, c["method_terms"]) else 0)
    news_cues = count_phrases(text, c["news_markers"]) + count_terms(tkey + bkey, c["signing_news"])
    concrete = bool(municipalities) + bool(year) + (n_activities > 0)
    if concrete == 0:
        return "news" if news_cues and not method else "method"
    news, promise, promise_counts = evidence(a, n_activities, n_focus)
    promise_title = bool(_evidence()["promise"]["promise_title"]["regex"].search(a.title.strip()))
    topic_title = tkey.strip() in {lemma_key(term).strip() for term in c["promise_terms"]}  # "Medborgarlöften"
    describes = method >= METHOD_STRONG and n_activities < LIST_ACTIVITIES_PROMISE or method and not year and n_activities == 0
    press_item = bool(municipalities) and has_phrase(text, c["press_items"])  # announces a named party's news
    if describes and not promise_title and not _reported_signing(a) and not press_item:
        return "method"  # it describes the method, promises (almost) nothing and reports no signing

    if t > m and t >= s or (t and t >= s and not m):
        return "trygghetsoverenskommelse"
    if s > m:
        return "samverkansoverenskommelse"
    if t and m and t >= m:
        return "trygghetsoverenskommelse"
    # the hard case: an article that carries the whole promise, in its own words or in full, is
    # the promise (as the annotators decided); one that only reports it is news
    if n_activities >= WHOLE_PROMISE or n_activities >= LIST_ACTIVITIES_PROMISE and promise_counts["first_person"]:
        return "medborgarlofte"
    if news - promise >= NEWS_MARGIN:
        return "news"
    if news == promise == 0 and method and n_activities == 0:
        return "method"  # neither reported nor promised: a page about how the method works
    if promise > news or promise_title or topic_title or n_activities >= LIST_ACTIVITIES_PROMISE:
        return "medborgarlofte"
    return "news"
