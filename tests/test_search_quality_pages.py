"""Ranking quality through the real pipeline: the shared development sets are extracted and
indexed as `loften index` would, then searched with the coordinators' queries. Run with `-s` to
see the per-query figures."""

from __future__ import annotations

from pathlib import Path

from shared import read_jsonl, require

from pipeline.search import SearchRequest, open_backend


def _index(index_dir: Path, folder: Path):
    from pipeline.extract import extract_file
    from pipeline.record import Record

    records: list[Record] = []
    for path in sorted(folder.glob("*.txt")):
        record = extract_file(path)
        record.id = path.name  # queries name the relevant documents by file name
        records.append(record)
    backend = open_backend(index_dir)
    backend.rebuild(records)
    return backend


def evaluate(backend, queries: list[dict], cutoff) -> tuple[float, float]:
    """Mean recall at the cutoff (a function of the number of relevant documents) and MRR."""
    recalls, ranks = [], []
    for case in queries:
        relevant = set(case["relevant"])
        k = cutoff(len(relevant))
        found = [h.id for h in backend.search(SearchRequest(query=case["query"], limit=max(k, 10))).hits]
        recall = len(relevant & set(found[:k])) / len(relevant)
        rr = next((1 / (i + 1) for i, doc in enumerate(found) if doc in relevant), 0.0)
        recalls.append(recall)
        ranks.append(rr)
        print(f"  recall {recall:.2f}  rr {rr:.2f}  {case['query']}")
    recall, mrr = sum(recalls) / len(recalls), sum(ranks) / len(ranks)
    print(f"recall {recall:.3f}  MRR {mrr:.3f}  over {len(recalls)} queries")
    return recall, mrr


def test_pages_recall_and_mrr(tmp_path):
    docs = require("dev", "pages", "docs")
    queries = read_jsonl(require("dev", "pages", "queries.jsonl"))
    recall, mrr = evaluate(_index(tmp_path, docs), queries, cutoff=lambda n: max(10, n))
    assert recall >= 0.9
    assert mrr >= 0.8


def test_seeds_recall_at_5(tmp_path):
    seeds = require("seeds")
    queries = read_jsonl(require("dev", "queries.jsonl"))
    recall, _ = evaluate(_index(tmp_path, seeds), queries, cutoff=lambda n: 5)
    assert recall == 1.0
