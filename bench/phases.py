"""The measurements. Each phase runs in its own process (run.py starts it), so its peak
memory is its own, and returns a JSON-able dict of figures."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

import corpus as synthetic
import fts5_baseline
from ocr_pages import ocr
from measure import dir_size_mb, median, p95, peak_memory_mb, run_command, timed

from pipeline.record import Record

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
CLI = [sys.executable, "-m", "pipeline"]
CLI_RUNS = 10
SIZES = {"full": {"small": 1000, "large": 10000, "huge": 100000},
         "quick": {"small": 100, "large": 300, "huge": 1000}}
CLONED = ("large", "huge")  # archives of records cloned from the extracted small set
EXTRACT_PER_FORMAT = {"full": 40, "quick": 8}
SHARE = {"pdf": 0.1, "docx": 0.1, "html": 0.4, "txt": 0.4}  # of the small set, per format


class Work:
    """Where a run keeps its files, under bench/_work/<mode>/."""

    def __init__(self, root: Path, mode: str):
        self.root, self.mode = Path(root) / mode, mode
        self.docs = self.root / "docs"
        self.sizes = SIZES[mode]

    def corpus(self, size: str) -> Path:
        return self.root / f"corpus-{size}"

    def index(self, size: str) -> Path:
        return self.root / f"index-{size}"

    def files(self) -> dict[str, list[Path]]:
        return {fmt: sorted((self.docs / fmt).glob(f"*.{fmt}")) for fmt in synthetic.FORMATS}


def _queries() -> list[dict]:
    return yaml.safe_load((Path(__file__).parent / "queries.yaml").read_text(encoding="utf-8"))


def _small_records(work: Work) -> list[Record]:
    from pipeline.archive.store import iter_records

    return list(iter_records(work.corpus("small")))


def _large_records(work: Work, size: str = "large") -> list[Record]:
    return synthetic.clone_records(_small_records(work), work.sizes[size])


# --- phases -------------------------------------------------------------------------------


def generate(work: Work) -> dict:
    shutil.rmtree(work.root, ignore_errors=True)
    total = work.sizes["small"]
    counts = {fmt: round(total * share) for fmt, share in SHARE.items()}
    seconds, written = timed(synthetic.generate, work.docs, counts)
    return {"documents": {f: len(p) for f, p in written.items()}, "seconds": round(seconds, 2),
            "size_mb": dir_size_mb(work.docs)}


def _warm() -> None:
    from pipeline.lang.nlp import get_nlp

    get_nlp()


def _worker_pid(_: int) -> int:
    """Held long enough that every worker gets one: they are all up once all pids are seen."""
    time.sleep(0.3)
    return os.getpid()


def _pages_of(path: str) -> tuple[int, int]:
    from pipeline.extract import extract_file

    record = extract_file(path)
    return record.source.pages, len(record.activities)


def _parsed_pages(path: str) -> int:
    from pipeline.parse import parse_file

    return parse_file(path)[0].pages


def extract(work: Work) -> dict:
    """Documents (and pages) per second per format, two worker processes with the language
    pipeline already loaded, so start-up is not counted; and the PDF parse alone (layout
    blocks, no language pipeline) on the same files in the same pool, what pdftotext compares to."""
    per = EXTRACT_PER_FORMAT[work.mode]
    out: dict = {"workers": WORKERS, "per_format": {}}
    pool = ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn"), initializer=_warm)
    start, seen = time.perf_counter(), set()
    while len(seen) < WORKERS:
        seen |= set(pool.map(_worker_pid, range(WORKERS)))
    load = time.perf_counter() - start
    out["warm_up_seconds"] = round(load, 2)
    for fmt, paths in work.files().items():
        chosen = [str(p) for p in paths[:per]]
        seconds, results = timed(lambda: list(pool.map(_pages_of, chosen)))
        pages = sum(r[0] for r in results)
        out["per_format"][fmt] = {
            "documents": len(chosen), "pages": pages, "activities": sum(r[1] for r in results),
            "seconds": round(seconds, 2), "docs_per_s": round(len(chosen) / seconds, 1),
            "pages_per_s": round(pages / seconds, 1),
        }
    chosen = [str(p) for p in work.files()["pdf"][:per]]
    seconds, pages = timed(lambda: sum(pool.map(_parsed_pages, chosen)))
    out["pdf_parse_only"] = {"documents": len(chosen), "pages": pages, "seconds": round(seconds, 2),
                             "docs_per_s": round(len(chosen) / seconds, 1), "pages_per_s": round(pages / seconds, 1)}
    out["memory"] = peak_memory_mb()
    pool.shutdown(wait=True)
    return out


def index_small(work: Work) -> dict:
    """`index_paths` over every generated file: extraction in two workers plus archiving and
    indexing (including the workers' start-up), then a rebuild from the stored records alone."""
    from pipeline.archive.batch import index_paths
    from pipeline.search import open_backend

    files = [p for paths in work.files().values() for p in paths]
    seconds, report = timed(index_paths, files, work.corpus("small"), work.index("small"), workers=WORKERS)
    records = _small_records(work)
    rebuild_dir = work.root / "index-small-rebuild"
    rebuild_s, _ = timed(open_backend(rebuild_dir).rebuild, records)
    shutil.rmtree(rebuild_dir)
    return {
        "documents": len(files), "added": len(report.added), "failed": len(report.failed),
        "failures": [f"{f.path}: {f.reason}" for f in report.failed[:5]],
        "index_paths_seconds": round(seconds, 1), "index_paths_docs_per_s": round(len(files) / seconds, 1),
        "rebuild_seconds": round(rebuild_s, 2), "rebuild_docs_per_s": round(len(records) / rebuild_s, 1),
        "index_mb": dir_size_mb(work.index("small")), "corpus_mb": dir_size_mb(work.corpus("small")),
        "memory": peak_memory_mb(),
    }


HOSTILE_SHARE = 0.01  # of the files in the hostile mix


def _hostile_files(folder: Path, count: int, seed: int = 11) -> list[Path]:
    """Broken files of every kind the archive meets: random bytes under each extension, a
    truncated PDF, NUL bytes named .html, an empty file, a DOCX that is not a zip."""
    import random

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    makers = [
        lambda: ("pdf", rng.randbytes(4000)),
        lambda: ("pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n" + rng.randbytes(300)),
        lambda: ("html", b"\0" * 5000),
        lambda: ("txt", b""),
        lambda: ("docx", b"PK\x03\x04" + rng.randbytes(2000)),
        lambda: ("txt", rng.randbytes(3000)),
        lambda: ("html", ("<div>" * 20000).encode()),
    ]
    out = []
    for n in range(count):
        ext, data = makers[n % len(makers)]()
        path = folder / f"fientlig-{n:03}.{ext}"
        path.write_bytes(data)
        out.append(path)
    return out


def index_archive(work: Work) -> dict:
    """`index_paths` as an archivist runs it, from files, 2 workers, with the pool warmed up
    first (its start-up is reported apart): 1,000 TXT files alone (the speed target), then the
    generated mix of all formats with 1% hostile files among them; and the main process's peak
    memory, which must stay flat in the archive's size."""
    from pipeline.archive.batch import index_paths
    from pipeline.archive.extract_jobs import Limits, run_jobs
    from pipeline.extract import extract_file

    files = work.files()
    warm_s, _ = timed(lambda: list(run_jobs(extract_file, files["txt"][:WORKERS], WORKERS, Limits())))
    txt = _copies(files["txt"], work.sizes["small"], work.root / "txt-only")
    txt_s, txt_report = timed(index_paths, [work.root / "txt-only"], work.root / "corpus-txt", work.root / "index-txt",
                              workers=WORKERS)
    mixed = [p for paths in files.values() for p in paths]
    hostile = _hostile_files(work.root / "hostile", max(1, round(len(mixed) * HOSTILE_SHARE)))
    mix_s, mix_report = timed(index_paths, mixed + hostile, work.root / "corpus-mix", work.root / "index-mix",
                              workers=WORKERS)
    again_s, again = timed(index_paths, mixed + hostile, work.root / "corpus-mix", work.root / "index-mix",
                           workers=WORKERS)
    return {
        "warm_up_seconds": round(warm_s, 1),
        "txt_documents": len(txt), "txt_added": len(txt_report.added), "txt_seconds": round(txt_s, 1),
        "txt_docs_per_s": round(len(txt) / txt_s, 1),
        "mix_files": len(mixed) + len(hostile), "hostile": len(hostile), "mix_added": len(mix_report.added),
        "mix_failed": len(mix_report.failed), "mix_seconds": round(mix_s, 1),
        "mix_docs_per_s": round((len(mixed) + len(hostile)) / mix_s, 1),
        "unchanged_seconds": round(again_s, 2), "unchanged": len(again.unchanged),
        "memory": peak_memory_mb(),
    }


def _copies(sources: list[Path], count: int, folder: Path) -> list[Path]:
    """`count` distinct TXT files made from the generated ones (a number line keeps them apart)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n in range(count):
        path = folder / f"lofte-{n:05}.txt"
        path.write_text(sources[n % len(sources)].read_text(encoding="utf-8") + f"\nDiarienummer {n}.\n", encoding="utf-8")
        out.append(path)
    return out


def index_large(work: Work) -> dict:
    """The large archives (10,000 and 100,000 documents) from cloned records (extracting them
    all would take hours on two cores): the clones are written to a corpus, then `reindex`
    builds the index from the stored records in one commit, then one `add` batch of 50 goes
    on top."""
    from pipeline.archive import store
    from pipeline.archive.reconcile import reindex
    from pipeline.search import open_backend

    out = {}
    for name in CLONED:
        records = _large_records(work, name)
        write_s, _ = timed(lambda: [store.write_record(work.corpus(name), r) for r in records])
        rebuild_s, count = timed(reindex, work.corpus(name), work.index(name))
        size = dir_size_mb(work.index(name))
        extra = synthetic.clone_records(records[:50], 50, seed=7)
        backend = open_backend(work.index(name))
        add_s, _ = timed(backend.add, extra)
        backend.remove([r.id for r in extra])
        out[name] = {
            "documents": count, "activities": sum(len(r.activities) for r in records),
            "write_records_seconds": round(write_s, 1),
            "rebuild_seconds": round(rebuild_s, 1), "rebuild_docs_per_s": round(count / rebuild_s, 1),
            "add_50_seconds": round(add_s, 2), "index_mb": size, "memory": peak_memory_mb(),
        }
    return out


def _request(spec: dict):
    from pipeline.search.backend import SearchRequest

    return SearchRequest(**spec)


def _cli_args(spec: dict) -> list[str]:
    args = [spec["query"], "--json"]
    for key, flag in (("municipality", "--municipality"), ("county", "--county"), ("kind", "--kind")):
        if spec.get(key):
            args += [flag, spec[key]]
    for theme in spec.get("themes", []):
        args += ["--theme", theme]
    if spec.get("year_from") or spec.get("year_to"):
        args += ["--year", f"{spec.get('year_from') or ''}-{spec.get('year_to') or ''}"]
    if spec.get("activities"):
        args.append("--activities")
    return args


def search(work: Work) -> dict:
    """In-process latency of every query (three passes after one warm-up search), and the
    whole `loften search` command (after one warm-up command, kept as first_command_s), at
    every size. The package is byte-compiled first, as pip leaves an installed one: with
    PYTHONDONTWRITEBYTECODE set, every command would otherwise compile its modules again."""
    import compileall

    from pipeline.search import open_backend

    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "pipeline"), quiet=1)
    queries, out = _queries(), {}
    for size in ("small", *CLONED):
        backend = open_backend(work.index(size))
        cold, _ = timed(backend.search, _request(queries[0]))
        samples, totals, per_query = [], [], [[] for _ in queries]
        for _ in range(3):
            for n, spec in enumerate(queries):
                seconds, response = timed(backend.search, _request(spec))
                samples.append(seconds)
                per_query[n].append(seconds)
                totals.append(response.total)
        slowest = sorted(zip(map(median, per_query), queries), key=lambda x: -x[0])[:5]
        where = ["--corpus", str(work.corpus(size)), "--index", str(work.index(size))]
        first = run_command([*CLI, "search", *_cli_args(queries[-1]), *where], 1)[0]  # untimed warm-up
        command = []
        for spec in queries[:CLI_RUNS]:
            command += run_command([*CLI, "search", *_cli_args(spec), *where], 1)
        out[size] = {
            "documents": work.sizes[size], "queries": len(queries), "first_search_ms": round(cold * 1000, 1),
            "median_ms": round(median(samples) * 1000, 1), "p95_ms": round(p95(samples) * 1000, 1),
            "max_ms": round(max(samples) * 1000, 1), "queries_with_hits": sum(1 for t in totals if t) // 3,
            "command_median_s": round(median(command), 3), "command_p95_s": round(p95(command), 3),
            "first_command_s": round(first, 3),
            "slowest": [{"query": _cli_args(spec)[:1] + _cli_args(spec)[2:], "median_ms": round(t * 1000, 1)}
                        for t, spec in slowest],
        }
    return out


def fts5(work: Work) -> dict:
    queries, out = _queries(), {}
    for size in ("small", *CLONED):
        records = _small_records(work) if size == "small" else _large_records(work, size)
        db = work.root / f"fts5-{size}.sqlite"
        seconds, _ = timed(fts5_baseline.build, db, records)
        con = sqlite3.connect(db)
        samples, totals = [], []
        for _ in range(3):
            for spec in queries:
                took, (total, _) = timed(fts5_baseline.search, con, spec)
                samples.append(took)
                totals.append(total)
        con.close()
        out[size] = {
            "documents": len(records), "index_seconds": round(seconds, 2),
            "docs_per_s": round(len(records) / seconds, 1), "index_mb": round(db.stat().st_size / 2**20, 2),
            "median_ms": round(median(samples) * 1000, 2), "p95_ms": round(p95(samples) * 1000, 2),
            "queries_with_hits": sum(1 for t in totals if t) // 3,
        }
    return out


def draft(work: Work) -> dict:
    """`loften draft` on each example spec against an archive of corpus/samples."""
    from pipeline.archive.batch import index_paths

    archive, index = work.root / "corpus-samples", work.root / "index-samples"
    index_paths([ROOT / "corpus" / "samples"], archive, index, workers=WORKERS)
    out_dir = work.root / "drafts"
    out_dir.mkdir(exist_ok=True)
    runs = {"docx": 5, "pdf": 3} if work.mode == "full" else {"docx": 2, "pdf": 1}
    out = {}
    for spec in sorted((ROOT / "examples").glob("*.yaml")):
        target = out_dir / f"{spec.stem}.docx"
        base = [*CLI, "draft", str(spec), "-o", str(target), "--corpus", str(archive), "--index", str(index)]
        docx = run_command(base, runs["docx"])
        pdf = run_command([*base, "--pdf"], runs["pdf"]) if shutil.which("soffice") else []
        out[spec.stem] = {
            "docx_median_s": round(median(docx), 2),
            "pdf_median_s": round(median(pdf), 2) if pdf else None,
        }
    return out


def catalogue(work: Work) -> dict:
    from pipeline.catalogue import build_catalogue

    records = _large_records(work)
    samples, entries = [], []
    for _ in range(3):
        seconds, entries = timed(build_catalogue, records)
        samples.append(seconds)
    return {"documents": len(records), "activities": sum(len(r.activities) for r in records),
            "entries": len(entries), "median_s": round(median(samples), 2)}


def startup(work: Work) -> dict:
    samples = run_command([*CLI, "--help"], CLI_RUNS)
    return {"runs": CLI_RUNS, "median_s": round(median(samples), 3), "max_s": round(max(samples), 3)}


WEB_LOAD = {"full": (20, 30.0), "quick": (20, 5.0)}  # (clients, seconds per part)


def web(work: Work) -> dict:
    """The web app under load on the large archive: the search page, then the JSON search API,
    with the search cache on (the queries repeat) and off (every request searches)."""
    from web_load import run

    clients, seconds = WEB_LOAD[work.mode]
    return {("cached" if cache else "uncached"): run(work.corpus("large"), work.index("large"), clients, seconds,
                                                     documents=work.sizes["large"], cache=cache)
            for cache in (True, False)}


PHASES = {
    "generate": generate, "startup": startup, "extract": extract, "index_small": index_small,
    "index_archive": index_archive,
    "index_large": index_large, "search": search, "fts5": fts5, "catalogue": catalogue, "draft": draft,
    "ocr": ocr, "web": web,
}
