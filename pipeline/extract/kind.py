"""What kind of publication: a promise, an agreement, news about one, a method text, or other."""

from __future__ import annotations

import re

from pipeline.extract.analysis import Analysed, count_phrases, count_terms, cues, has_phrase, has_term, lemma_key


def classify(a: Analysed, municipalities: list[str], year: int | None, n_activities: int) -> str:
    c = cues()["kind"]
    title = a.title.lower()
    body = "\n".join(b.text for b in a.blocks).lower()
    text = title + "\n" + body
    tkey, bkey = lemma_key(a.title), a.lemma_key
    m = count_terms(bkey, c["promise_terms"]) + 3 * count_terms(tkey, c["promise_terms"])
    s = count_terms(bkey, c["samverkan_terms"]) + 3 * count_terms(tkey, c["samverkan_terms"])
    t = count_terms(bkey, c["trygghet_terms"]) + 3 * count_terms(tkey, c["trygghet_terms"])
    police = "polis" in text

    if m + s + t == 0:
        if police and has_phrase(text, c["est_terms"]):
            return "method"
        return "other"
    if not police or has_phrase(text, c["offtopic_guard"]):
        return "other"

    method = count_terms(tkey + bkey, c["method_terms"]) + (2 if has_term(tkey, c["method_terms"]) else 0)
    news_cues = count_phrases(text, c["news_markers"]) + count_terms(tkey + bkey, c["signing_news"])
    promise_title = has_term(tkey, c["promise_terms"])
    concrete = bool(municipalities) + bool(year) + (n_activities > 0)
    if concrete == 0:
        return "news" if news_cues and not method else "method"
    if method and not year and n_activities == 0 and not re.search(r"\s[–-]\s*medborgarlöften?$", title):
        return "method"

    if t > m and t >= s or (t and t >= s and not m):
        return "trygghetsoverenskommelse"
    if s > m:
        return "samverkansoverenskommelse"

    explicit_news = bool(re.search(r"typ av artikel:\s*nyhet|denna nyhet|pressmeddelande", text))
    if t and m and t >= m:
        return "trygghetsoverenskommelse"
    if n_activities >= 3 and not explicit_news:
        return "medborgarlofte"
    if explicit_news or (n_activities == 0 and not promise_title):
        return "news"
    return "news" if news_cues else "medborgarlofte"
