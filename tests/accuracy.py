"""Scoring extracted records against hand annotations (gold.jsonl files).

Shared by the accuracy tests for ../shared/seeds, ../shared/dev/pages and the bundled samples.
Activities are matched one-to-one by wording similarity, since annotators paraphrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

STOP = set("och att i på för med av som till en ett de den det från om vid under samt eller ska skall kommer är".split())
ACTIVITY_MATCH = 0.5


def _stems(text: str) -> set[str]:
    words = re.findall(r"[\wåäöÅÄÖé]+", text.lower())
    return {w[:5] for w in words if len(w) > 2 and w not in STOP}


def activity_similarity(a: str, b: str) -> float:
    """Shared content words (5-letter stems, relative to the shorter wording), discounted when one
    wording is much shorter than the other, or rapidfuzz's token-sort ratio when the two read
    alike: paraphrases keep their content words although the wording differs, while a bare
    fragment ("Fotpatrullering") does not match a long activity that merely contains it."""
    sa, sb = _stems(a), _stems(b)
    if not sa or not sb:
        return 0.0
    overlap = len(sa & sb) / min(len(sa), len(sb))
    balance = min(1.0, 2 * min(len(sa), len(sb)) / max(len(sa), len(sb)) + 0.3)
    return max(overlap * balance, fuzz.token_sort_ratio(a.lower(), b.lower()) / 100)


def match_activities(gold: list[str], found: list[str]) -> int:
    """Greedy one-to-one matching, best pairs first; returns the number of matched pairs."""
    pairs = sorted(
        ((activity_similarity(g, f), i, j) for i, g in enumerate(gold) for j, f in enumerate(found)),
        reverse=True,
    )
    used_g, used_f, n = set(), set(), 0
    for score, i, j in pairs:
        if score < ACTIVITY_MATCH:
            break
        if i in used_g or j in used_f:
            continue
        used_g.add(i)
        used_f.add(j)
        n += 1
    return n


def _norm(s):
    return (s or "").strip().lower()


def _area(s):
    """Area names compare as the gazetteer does: "Falun-Borlänge" is "Falun/Borlänge"."""
    from pipeline.lang.gazetteer import area_key

    return area_key(s or "")


@dataclass
class Scores:
    n: int = 0
    hits: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)
    act_gold: int = 0
    act_found: int = 0
    act_matched: int = 0
    theme_tp: int = 0
    theme_fp: int = 0
    theme_fn: int = 0
    errors: list = field(default_factory=list)

    def add(self, key: str, ok: bool, detail: str = "") -> None:
        self.totals[key] = self.totals.get(key, 0) + 1
        self.hits[key] = self.hits.get(key, 0) + (1 if ok else 0)
        if not ok:
            self.errors.append(f"{key}: {detail}")

    def rate(self, key: str) -> float:
        return self.hits.get(key, 0) / self.totals[key] if self.totals.get(key) else 1.0

    @property
    def activity_recall(self) -> float:
        return self.act_matched / self.act_gold if self.act_gold else 1.0

    @property
    def activity_precision(self) -> float:
        return self.act_matched / self.act_found if self.act_found else 1.0

    @property
    def theme_f1(self) -> float:
        p = self.theme_tp / (self.theme_tp + self.theme_fp) if self.theme_tp + self.theme_fp else 1.0
        r = self.theme_tp / (self.theme_tp + self.theme_fn) if self.theme_tp + self.theme_fn else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def report(self, title: str) -> str:
        lines = [f"{title}: {self.n} documents"]
        for key in self.totals:
            lines.append(f"  {key:<22} {self.rate(key):.3f}  ({self.hits[key]}/{self.totals[key]})")
        lines.append(f"  activities recall      {self.activity_recall:.3f}  ({self.act_matched}/{self.act_gold})")
        lines.append(f"  activities precision   {self.activity_precision:.3f}  ({self.act_matched}/{self.act_found})")
        lines.append(f"  themes micro-F1        {self.theme_f1:.3f}")
        return "\n".join(lines)


GOLD_KIND = {"offtopic": "other"}


def score(gold_rows: list[dict], records: dict, strict_signatories: bool = False, vocabulary: set | None = None) -> Scores:
    """Compare records (by gold 'file') with gold rows. `vocabulary`: theme ids the annotators used;
    themes outside it cannot be judged and are left out of the F1."""
    s = Scores()
    for g in gold_rows:
        r = records[g["file"]]
        s.n += 1
        f = g["file"]
        s.add("kind", r.kind == GOLD_KIND.get(g["kind"], g["kind"]), f"{f} {r.kind} != {g['kind']}")
        s.add("municipalities", set(r.municipalities) == set(g["municipalities"]), f"{f} {r.municipalities} != {g['municipalities']}")
        s.add("year", r.year == g["year"], f"{f} {r.year} != {g['year']}")
        s.add("published", r.published == g["published"], f"{f} {r.published} != {g['published']}")
        if "signed" in g:
            s.add("signed", r.signed == g["signed"], f"{f} {r.signed} != {g['signed']}")
        if g["police_area"]:
            s.add("police_area", _area(r.police_area) == _area(g["police_area"]), f"{f} {r.police_area} != {g['police_area']}")
        else:
            s.add("police_area_not_invented", r.police_area is None, f"{f} invented {r.police_area}")
        if strict_signatories:
            got = {(_norm(x.name), _norm(x.role), _norm(x.organisation)) for x in r.signatories}
            want = {(_norm(x["name"]), _norm(x.get("role")), _norm(x.get("organisation"))) for x in g["signatories"]}
        else:
            got = {_norm(x.name) for x in r.signatories}
            want = {_norm(x["name"]) for x in g["signatories"]}
        s.add("signatories", got == want, f"{f} {sorted(got)} != {sorted(want)}")
        found = [a.text for a in r.activities]
        m = match_activities(g["activities"], found)
        s.act_gold += len(g["activities"])
        s.act_found += len(found)
        s.act_matched += m
        if m < len(g["activities"]) or m < len(found):
            s.errors.append(f"activities: {f} matched {m} of gold {len(g['activities'])}, found {len(found)}")
        vocab = vocabulary or set(g["themes"]) | set(r.themes)
        got_t = {t for t in r.themes if t in vocab}
        want_t = set(g["themes"])
        s.theme_tp += len(got_t & want_t)
        s.theme_fp += len(got_t - want_t)
        s.theme_fn += len(want_t - got_t)
        if got_t != want_t:
            s.errors.append(f"themes: {f} extra {sorted(got_t - want_t)} missing {sorted(want_t - got_t)}")
    return s


def theme_vocabulary(*gold_sets: list[dict]) -> set[str]:
    return {t for rows in gold_sets for g in rows for t in g["themes"]}
