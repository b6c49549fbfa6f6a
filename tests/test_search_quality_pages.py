"""Ranking quality on the shared development sets (read at test time, never copied):
60 short public web pages with 25 coordinator queries, and the seed documents.

Each document becomes a Record with only id, title (its first line) and text. Run with
`-s` to see the per-query figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.record import Record, Source
from pipeline.search import SearchRequest, open_backend

SHARED = Path("/work/shared")
PAGES = SHARED / "dev" / "pages"
SEEDS = SHARED / "seeds"


def _records(files: list[Path]) -> list[Record]:
    records = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if line.strip()]
        records.append(Record(
            id=path.name, source=Source(path=str(path), sha256="", format="txt"),
            title=lines[0].strip() if lines else "", text=text,
        ))
    return records


def evaluate(index_dir: Path, files: list[Path], queries: Path, k: int) -> tuple[float, float]:
    """Mean recall@k (relevant found in the top k, over min(relevant, k)) and mean MRR."""
    backend = open_backend(index_dir)
    backend.rebuild(_records(files))
    recalls, ranks = [], []
    for line in queries.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        relevant = set(case["relevant"])
        found = [h.id for h in backend.search(SearchRequest(query=case["query"], limit=k)).hits]
        recall = len(relevant & set(found)) / min(len(relevant), k)
        rr = next((1 / (i + 1) for i, doc in enumerate(found) if doc in relevant), 0.0)
        recalls.append(recall)
        ranks.append(rr)
        print(f"  recall {recall:.2f}  rr {rr:.2f}  {case['query']}")
    recall, mrr = sum(recalls) / len(recalls), sum(ranks) / len(ranks)
    print(f"recall@{k} {recall:.3f}  MRR {mrr:.3f}  over {len(recalls)} queries")
    return recall, mrr


@pytest.mark.skipif(not (PAGES / "queries.jsonl").exists(),
                    reason="/work/shared/dev/pages (the 60 development pages) is not present")
def test_pages_recall_and_mrr(tmp_path):
    recall, mrr = evaluate(tmp_path, sorted((PAGES / "docs").glob("*.txt")),
                           PAGES / "queries.jsonl", k=10)
    assert recall >= 0.9
    assert mrr >= 0.8


@pytest.mark.skipif(not (SHARED / "dev" / "queries.jsonl").exists() or not SEEDS.exists(),
                    reason="/work/shared/dev/queries.jsonl or /work/shared/seeds is not present")
def test_seeds_recall_at_5(tmp_path):
    recall, _ = evaluate(tmp_path, sorted(SEEDS.glob("*.txt")), SHARED / "dev" / "queries.jsonl", k=5)
    assert recall == 1.0
