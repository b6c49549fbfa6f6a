"""Extraction accuracy against hand annotations: the five seed documents, the two sets of real
pages (short, often cut-off web excerpts: 60 tuned on, 59 only checked on) and the bundled
samples. Figures are printed side by side (`pytest -s` shows them); the targets reached are
asserted as floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from accuracy import score, theme_vocabulary
from shared import REPO, read_jsonl, require


@pytest.fixture(scope="module")
def vocabulary():
    """Theme ids the annotators used: themes outside it cannot be judged right or wrong."""
    gold = [read_jsonl(require("dev", "gold.jsonl")), read_jsonl(require("dev", "pages", "gold.jsonl")),
            read_jsonl(require("dev", "pages2", "gold.jsonl"))]
    return theme_vocabulary(*gold) | theme_vocabulary(read_jsonl(REPO / "tests/data/samples_gold.jsonl"))


def _extract_all(folder: Path, gold: list[dict]):
    from pipeline.extract import extract_file

    return {g["file"]: extract_file(folder / g["file"]) for g in gold}


def test_seeds_accuracy(vocabulary):
    gold = read_jsonl(require("dev", "gold.jsonl"))
    s = score(gold, _extract_all(require("seeds"), gold), strict_signatories=True, vocabulary=vocabulary)
    print("\n" + s.report("seeds (../shared/seeds)"))
    for key in ("kind", "municipalities", "year", "published", "signed", "signatories"):
        assert s.rate(key) == 1.0, (key, s.errors)
    assert s.rate("police_area") == 1.0, s.errors
    assert s.activity_recall >= 0.9, s.errors
    assert s.activity_precision >= 0.8, s.errors
    assert s.theme_f1 >= 0.8, s.errors


# The targets, the same for both development sets.
TARGETS = {
    "kind": 0.92, "municipalities": 0.95, "year": 0.95, "published": 0.9, "police_area": 0.9,
    "police_area_not_invented": 0.95, "signatories": 0.92, "activity_recall": 0.855,
    "activity_precision": 0.85, "theme_f1": 0.8,
}
# Floors a little below the figures measured where a target is reached, so a regression fails.
# pages/ municipalities stays below its target: that set's gold names municipalities on 8 method
# and off-topic pages, pages2/'s README and gold leave them empty on pages of the same structure
# (README, "Measured"); the floor holds the figure the stated convention measures.
FLOORS = {
    "pages": {"kind": 0.96, "municipalities": 0.85, "year": 0.98, "published": 0.98, "police_area": 0.97,
              "police_area_not_invented": 0.98, "signatories": 0.98, "activity_recall": 0.855,
              "activity_precision": 0.89, "theme_f1": 0.81},
    "pages2": {"kind": 0.97, "municipalities": 0.97, "year": 0.96, "published": 0.98, "police_area": 0.97,
               "police_area_not_invented": 0.98, "signatories": 0.98, "activity_recall": 0.88,
               "activity_precision": 0.865, "theme_f1": 0.8},
}
SETS = {"pages": "development pages (../shared/dev/pages, tuned on)",
        "pages2": "validation pages (../shared/dev/pages2, checked on)"}


def _figure(s, key: str) -> float:
    return getattr(s, key) if key.startswith(("activity_", "theme_")) else s.rate(key)


@pytest.fixture(scope="module")
def page_scores(vocabulary):
    out = {}
    for name in SETS:
        gold = read_jsonl(require("dev", name, "gold.jsonl"))
        out[name] = score(gold, _extract_all(require("dev", name, "docs"), gold), vocabulary=vocabulary)
    lines = [f"\n{'':26}{'pages':>8}{'pages2':>8}{'target':>8}"]
    for key, target in TARGETS.items():
        figures = "".join(f"{_figure(out[n], key):8.3f}" for n in SETS)
        lines.append(f"{key:26}{figures}{target:8.2f}")
    print("\n".join(lines))
    return out


@pytest.mark.parametrize("name", list(SETS))
def test_page_sets_accuracy(page_scores, name):
    s = page_scores[name]
    print("\n" + s.report(SETS[name]))
    for key, floor in FLOORS[name].items():
        assert _figure(s, key) >= floor, (name, key, s.errors)


def test_samples_accuracy(vocabulary):
    """Our own samples with our own gold: every field right, signatories with role and
    organisation, and periods."""
    gold = read_jsonl(REPO / "tests/data/samples_gold.jsonl")
    records = _extract_all(REPO / "corpus/samples", gold)
    s = score(gold, records, strict_signatories=True, vocabulary=vocabulary)
    print("\n" + s.report("bundled samples (corpus/samples)"))
    for key in ("kind", "municipalities", "year", "published", "signed", "police_area", "signatories"):
        assert s.rate(key) == 1.0, (key, s.errors)
    assert s.activity_recall >= 0.9 and s.activity_precision >= 0.9, s.errors
    assert s.theme_f1 >= 0.75, s.errors
    periods = [(g["file"], g.get("period"), r.period.to_dict() if r.period else None)
               for g in gold for r in [records[g["file"]]]]
    assert all(want == got for _, want, got in periods), periods
