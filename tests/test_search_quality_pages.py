"""Ranking quality through the real pipeline: the seeds and the two development sets are
extracted and indexed as `loften index` would, then searched with the coordinators' queries.
`pytest -s` prints each set's figures side by side: recall at max(10, R), MRR, and precision
at 5 normalised by min(5, R) (R = the number of relevant documents). pages/ is the set the
search was tuned on; pages2/ is the validation set."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from shared import read_jsonl, require

from pipeline.search import SearchRequest, open_backend

TARGETS = {"recall": 0.95, "mrr": 0.9, "p5": 0.85}  # issue 7's goal, printed met or not
# What the search reaches today (pages/ tuned, pages2/ validation), a little below the
# measured figures; a change that loses ranking quality fails here.
FLOORS = {
    "pages": {"recall": 0.95, "mrr": 0.95, "p5": 0.94},
    "pages2": {"recall": 0.94, "mrr": 0.96, "p5": 0.87},
}


@dataclass
class Figures:
    recall: float
    mrr: float
    p5: float
    top5: float  # share of the relevant documents in the top 5
    queries: int


def index_folder(index_dir: Path, folder: Path):
    from pipeline.extract import extract_file

    records = []
    for path in sorted(folder.glob("*.txt")):
        record = extract_file(path)
        record.id = path.name  # queries name the relevant documents by file name
        records.append(record)
    backend = open_backend(index_dir)
    backend.rebuild(records)
    return backend


def evaluate(backend, queries: list[dict], label: str) -> Figures:
    recalls, ranks, precisions, in_top5 = [], [], [], []
    for case in queries:
        relevant = set(case["relevant"])
        k = max(10, len(relevant))
        found = [h.id for h in backend.search(SearchRequest(query=case["query"], limit=k)).hits]
        recalls.append(len(relevant & set(found[:k])) / len(relevant))
        ranks.append(next((1 / (i + 1) for i, doc in enumerate(found) if doc in relevant), 0.0))
        precisions.append(len(relevant & set(found[:5])) / min(5, len(relevant)))
        in_top5.append(len(relevant & set(found[:5])) / len(relevant))
        print(f"  {label:7} recall {recalls[-1]:.2f}  rr {ranks[-1]:.2f}  p@5 {precisions[-1]:.2f}"
              f"  {case['query']}")
    n = len(queries)
    return Figures(sum(recalls) / n, sum(ranks) / n, sum(precisions) / n, sum(in_top5) / n, n)


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> dict[str, Figures]:
    sets = {
        "seeds": (require("seeds"), require("dev", "queries.jsonl")),
        "pages": (require("dev", "pages", "docs"), require("dev", "pages", "queries.jsonl")),
        "pages2": (require("dev", "pages2", "docs"), require("dev", "pages2", "queries.jsonl")),
    }
    out = {}
    for name, (docs, queries) in sets.items():
        backend = index_folder(tmp_path_factory.mktemp(name), docs)
        out[name] = evaluate(backend, read_jsonl(queries), name)
    print("\nset      queries  recall@max(10,R)  MRR    P@5 (norm.)  in top 5")
    for name, f in out.items():
        met = all(getattr(f, k) >= v for k, v in TARGETS.items())
        print(f"{name:8} {f.queries:7}  {f.recall:16.3f}  {f.mrr:.3f}  {f.p5:11.3f}  {f.top5:8.3f}"
              f"  targets {'met' if met else 'not met'}")
    return out


def test_seeds_every_relevant_document_in_the_top_5(figures):
    assert figures["seeds"].top5 == 1.0


@pytest.mark.parametrize("name", ["pages", "pages2"])
def test_development_sets_keep_their_ranking_quality(figures, name):
    f = figures[name]
    floor = FLOORS[name]
    assert f.recall >= floor["recall"]
    assert f.mrr >= floor["mrr"]
    assert f.p5 >= floor["p5"]
