"""Extraction accuracy against hand annotations: the five seed documents, the 60 development
pages (short, often cut-off web excerpts) and the bundled samples. Figures are printed
(`pytest -s` shows them) and the targets from the issue are asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from accuracy import score, theme_vocabulary
from shared import REPO, read_jsonl, require


@pytest.fixture(scope="module")
def vocabulary():
    """Theme ids the annotators used: themes outside it cannot be judged right or wrong."""
    gold = [read_jsonl(require("dev", "gold.jsonl")), read_jsonl(require("dev", "pages", "gold.jsonl"))]
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


def test_pages_accuracy(vocabulary):
    gold = read_jsonl(require("dev", "pages", "gold.jsonl"))
    s = score(gold, _extract_all(require("dev", "pages", "docs"), gold), vocabulary=vocabulary)
    print("\n" + s.report("development pages (../shared/dev/pages)"))
    assert s.rate("kind") >= 0.85, s.errors
    assert s.rate("municipalities") >= 0.9, s.errors
    assert s.rate("year") >= 0.9, s.errors
    assert s.rate("published") >= 0.85, s.errors
    assert s.rate("police_area") >= 0.85, s.errors
    assert s.rate("police_area_not_invented") >= 0.9, s.errors
    assert s.rate("signatories") >= 0.9, s.errors
    assert s.activity_recall >= 0.8, s.errors
    assert s.activity_precision >= 0.75, s.errors
    assert s.theme_f1 >= 0.75, s.errors


def test_samples_accuracy(vocabulary):
    """Our own samples with our own gold: the same targets as the development pages, plus exact
    signatories (role and organisation), periods and focus areas."""
    gold = read_jsonl(REPO / "tests/data/samples_gold.jsonl")
    records = _extract_all(REPO / "corpus/samples", gold)
    s = score(gold, records, strict_signatories=True, vocabulary=vocabulary)
    print("\n" + s.report("bundled samples (corpus/samples)"))
    for key in ("municipalities", "year", "published", "signed", "police_area", "signatories"):
        assert s.rate(key) >= 0.9, (key, s.errors)
    assert s.rate("kind") >= 0.85, s.errors
    assert s.activity_recall >= 0.9 and s.activity_precision >= 0.9, s.errors
    assert s.theme_f1 >= 0.75, s.errors
    periods = [(g["file"], g.get("period"), r.period.to_dict() if r.period else None)
               for g in gold for r in [records[g["file"]]]]
    assert all(want == got for _, want, got in periods), periods
