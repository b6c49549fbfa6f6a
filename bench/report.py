"""Turn the phases' figures into tables: aligned text for the terminal, Markdown for
bench/RESULTS.md."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import datetime, timezone
from pathlib import Path

COMMAND_TARGET_S = 0.15  # whole `loften search` command, median, at 10,000 documents
P95_TARGET_MS = {"large": 30.0, "huge": 150.0}  # in-process p95 at 10,000 and 100,000
WEB_P95_MS = {"page": 100.0, "api": 50.0}
WEB_PAGE_KB = 100.0

Table = tuple[str, list[str], list[list[str]]]


def _mem(m: dict) -> str:
    if not m["child_mb"]:
        return f"{m['self_mb']:.0f} MB (no workers)"
    return f"{m['self_mb']:.0f} MB main, {m['child_mb']:.0f} MB largest worker, {m['total_mb']:.0f} MB together"


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _command_verdict(median_s: float, p95_s: float) -> str:
    if p95_s < COMMAND_TARGET_S:
        return "met (median and p95)"
    return "met by the median, NOT by the p95" if median_s < COMMAND_TARGET_S else "NOT met"


def tables(r: dict) -> list[Table]:
    ex, small = r["extract"], r["index_small"]
    large, huge = r["index_large"]["large"], r["index_large"]["huge"]
    s, f = r["search"], r["fts5"]
    out: list[Table] = []
    rows = [[fmt, str(v["documents"]), str(v["pages"]), f"{v['seconds']:.1f}", f"{v['docs_per_s']:.1f}",
             f"{v['pages_per_s']:.1f}" if fmt == "pdf" else ""] for fmt, v in ex["per_format"].items()]
    if "pdf_parse_only" in ex:
        v = ex["pdf_parse_only"]
        rows.append(["PDF parse only (blocks, no language pipeline)", str(v["documents"]), str(v["pages"]),
                     f"{v['seconds']:.1f}", f"{v['docs_per_s']:.1f}", f"{v['pages_per_s']:.1f}"])
    out.append(("Extraction (2 worker processes, language pipeline already loaded)",
                 ["format", "documents", "pages", "seconds", "documents/s", "pages/s"], rows))
    rows = [
        ["`loften --help` start-up (median of %d)" % r["startup"]["runs"], f"{r['startup']['median_s']:.3f} s"],
        ["worker start-up (spaCy load, both workers)", f"{ex['warm_up_seconds']:.1f} s"],
        ["extraction peak memory", _mem(ex["memory"])],
    ]
    for size in ("small", "large", "huge"):
        if "first_command_s" in s[size]:
            rows.append([f"first `loften search` command at {s[size]['documents']:,} documents "
                         "(untimed warm-up, not in the latencies below)", f"{s[size]['first_command_s']:.3f} s"])
    out.append(("Start-up and memory", ["what", "figure"], rows))
    o = r.get("ocr", {})
    if "pages_per_s" in o:
        out.append(("OCR (Tesseract, Swedish model, 300 dpi, one process)",
                    ["scanned documents", "pages", "seconds", "pages/s", "mean confidence"],
                    [[str(o["documents"]), str(o["pages"]), f"{o['seconds']:.1f}", f"{o['pages_per_s']:.2f}",
                      f"{o['confidence']:.2f}"]]))
    rows = [
        [f"{small['documents']:,} files", "`index_paths` (extract + archive + index, 2 workers, incl. worker start-up)",
         f"{small['index_paths_seconds']:.1f} s", f"{small['index_paths_docs_per_s']:.1f}",
         f"{small['index_mb']:.1f} MB", _mem(small["memory"])],
        [f"{small['documents']:,} records", "`backend.rebuild` from the stored records (index only)",
         f"{small['rebuild_seconds']:.1f} s", f"{small['rebuild_docs_per_s']:.1f}", "", ""],
        [f"{large['documents']:,} records", "`reindex` of stored cloned records (index only, one commit)",
         f"{large['rebuild_seconds']:.1f} s", f"{large['rebuild_docs_per_s']:.1f}",
         f"{large['index_mb']:.1f} MB", _mem(large["memory"])],
        [f"+50 records", f"`backend.add` of one batch of 50 on top of {large['documents']:,}",
         f"{large['add_50_seconds']:.2f} s", f"{50 / large['add_50_seconds']:.1f}", "", ""],
        [f"{huge['documents']:,} records", "`reindex` of stored cloned records (index only, one commit)",
         f"{huge['rebuild_seconds']:.1f} s", f"{huge['rebuild_docs_per_s']:.1f}",
         f"{huge['index_mb']:.1f} MB", _mem(huge["memory"])],
        [f"+50 records", f"`backend.add` of one batch of 50 on top of {huge['documents']:,}",
         f"{huge['add_50_seconds']:.2f} s", f"{50 / huge['add_50_seconds']:.1f}", "", ""],
    ] + [
        [f"{f[size]['documents']:,} records", "SQLite FTS5 baseline",
         f"{f[size]['index_seconds']:.2f} s", f"{f[size]['docs_per_s']:.0f}", f"{f[size]['index_mb']:.1f} MB", ""]
        for size in ("small", "large", "huge")
    ]
    arc = r.get("index_archive")
    if arc:
        rows += [
            [f"{arc['txt_documents']:,} TXT files", "`index_paths` from files, workers warmed up "
             f"({arc['warm_up_seconds']:.0f} s apart); target ≥ 300/s", f"{arc['txt_seconds']:.1f} s",
             f"{arc['txt_docs_per_s']:.1f}", "", _mem(arc["memory"])],
            [f"{arc['mix_files']:,} files", f"all formats with {arc['hostile']} hostile files (1%): "
             f"{arc['mix_added']} added, {arc['mix_failed']} failed", f"{arc['mix_seconds']:.1f} s",
             f"{arc['mix_docs_per_s']:.1f}", "", ""],
            [f"{arc['unchanged']:,} files", "the same run again (all unchanged)", f"{arc['unchanged_seconds']:.2f} s", "", "", ""],
        ]
    out.append(("Indexing", ["documents", "what was timed", "time", "documents/s", "index on disk", "peak memory"], rows))
    rows = []
    for size in ("small", "large", "huge"):
        v, b = s[size], f[size]
        rows.append([f"{v['documents']:,}", f"{v['median_ms']:.1f}", f"{v['p95_ms']:.1f}",
                     f"{v['first_search_ms']:.0f}", f"{v['command_median_s']:.3f}", f"{v['command_p95_s']:.3f}",
                     f"{b['median_ms']:.2f}", f"{b['p95_ms']:.2f}",
                     f"{v['p95_ms'] / max(b['p95_ms'], 0.001):.1f}×",
                     f"{v['queries_with_hits']} / {b['queries_with_hits']}"])
    out.append((f"Search latency ({s['small']['queries']} queries × 3 passes in-process; "
                "whole `loften search --json` command, 10 runs)",
                ["documents", "median ms", "p95 ms", "first search ms", "command median s", "command p95 s",
                 "FTS5 median ms", "FTS5 p95 ms", "p95 ratio", "queries with hits (loften / FTS5)"], rows))
    big = s["large"]
    rows = [
        [f"whole command < {COMMAND_TARGET_S} s at {big['documents']:,} documents",
         f"{big['command_median_s']:.3f} s median, {big['command_p95_s']:.3f} s p95",
         _command_verdict(big["command_median_s"], big["command_p95_s"])],
    ] + [
        [f"in-process p95 < {P95_TARGET_MS[size]:.0f} ms at {s[size]['documents']:,} documents",
         f"{s[size]['p95_ms']:.1f} ms", _met(s[size]["p95_ms"] < P95_TARGET_MS[size])]
        for size in ("large", "huge")
    ]
    out.append(("Targets", ["target", "measured", "verdict"], rows))
    rows = [[" ".join(item["query"]), f"{item['median_ms']:.0f}"] for item in big.get("slowest", [])]
    if rows:
        out.append((f"Slowest queries at {big['documents']:,} documents (in-process, median of 3)",
                    ["query and options", "ms"], rows))
    rows = [[name, f"{v['docx_median_s']:.2f} s", f"{v['pdf_median_s']:.2f} s" if v["pdf_median_s"] else "no soffice"]
            for name, v in r["draft"].items()]
    c = r["catalogue"]
    rows.append([f"activity catalogue of {c['documents']:,} documents ({c['activities']:,} activities, "
                 f"{c['entries']} entries)", f"{c['median_s']:.2f} s", ""])
    out.append(("Drafting (`loften draft`, whole command, median) and catalogue",
                ["spec", "DOCX", "DOCX + PDF"], rows))
    web = r["web"]
    rows = [[f"{label}, cache {mode}", f"{w[part]['requests_per_s']:.0f}", f"{w[part]['median_ms']:.0f}",
             f"{w[part]['p95_ms']:.0f}", str(w[part]["errors"]), f"p95 ≤ {target:.0f} ms: {_met(w[part]['p95_ms'] <= target)}"]
            for part, label, target in (("page", "search page `/sok`", WEB_P95_MS["page"]),
                                        ("api", "JSON `/api/search`", WEB_P95_MS["api"]))
            for mode, w in (("on", web["cached"]), ("off", web["uncached"]))]
    w = web["cached"]
    rows.append(["search page size", "", f"{w['page_kb_median']:.1f} kB median", f"{w['page_kb_max']:.1f} kB largest",
                 "", f"< {WEB_PAGE_KB:.0f} kB: {_met(w['page_kb_max'] < WEB_PAGE_KB)}"])
    out.append((f"Web app under load (`loften serve`, {w['workers']} workers, {w['clients']} clients for "
                f"{w['seconds']:.0f} s each part, {w['documents']:,} documents, {w['queries']} queries in turn; "
                "cache on: every query after the first pass repeats, cache off: every request searches)",
                ["what", "requests/s", "median ms", "p95 ms", "errors", "target"], rows))
    return out


def machine(commit: str) -> list[str]:
    cpu = ""
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                   if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 2**20:.1f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return [
        f"- date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {os.cpu_count()} cores (nproc){memory}; {cpu or platform.processor()}",
        f"- Python {platform.python_version()} on {platform.system()} {platform.release()}",
        f"- code: commit {commit} of loften when the run started (plus any uncommitted changes in the "
        "working tree)",
        f"- search backend: {os.environ.get('LOFTEN_SEARCH_BACKEND') or 'the default'} "
        "(`LOFTEN_SEARCH_BACKEND`)",
    ]


def commit_id() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                             cwd=Path(__file__).parent, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def _markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _text_table(headers: list[str], rows: list[list[str]]) -> str:
    plain = [[c.replace("`", "") for c in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in plain) for i in range(len(headers))]
    fmt = lambda row: "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip()  # noqa: E731
    return "\n".join([fmt(plain[0]), "  ".join("-" * w for w in widths), *map(fmt, plain[1:])])


def render_table(results: dict, mode: str, elapsed: float, commit: str) -> str:
    parts = [f"\nloften benchmarks ({mode} run, {elapsed / 60:.1f} min)", *machine(commit)]
    for title, headers, rows in tables(results):
        parts += ["", title, _text_table(headers, rows)]
    return "\n".join(parts)


NOTES = """## What was measured

- **Corpus**: synthetic, seeded documents written by `bench/corpus.py` from `bench/vocabulary.yaml`
  (fictional medborgarlöften: lägesbild, 2–4 focus areas, 5–15 activities with sub-bullets,
  signatories, real municipality names), rendered as real files by `tests/docgen.py`.
  The small set is {small_docs}; extraction throughput uses the first {per_format} files of each format.
- **Extraction**: `extract_file` in a spawned 2-process pool whose workers loaded spaCy first, so
  the figures are steady-state throughput; worker start-up is listed separately. The "PDF parse
  only" row runs `parse_file` on the same PDFs in the same pool: the layout blocks without the
  language pipeline, the figure to set beside `pdftotext`.
- **Index, small set**: `index_paths` on every file of the small set with 2 workers: the whole
  archive run (hashing, extraction, storing originals and records, index commits every 50 documents,
  worker start-up included). The rebuild row times only the search index over the stored records.
- **Index, large sets**: extracting {large_docs:,} (and ten times as many) documents would take far longer than the bench's
  budget on 2 cores, so the large archive holds **records cloned from the extracted small set**
  (each clone gets another municipality, county, year and id; its text and activities name the new
  municipality), written to a corpus folder. What is timed is `reindex` (read every stored record,
  build the search index in one commit), then `backend.add` of one batch of 50 more (the batch size
  `index_paths` commits with). Extraction is not included.
- **Search**: {queries} queries from `bench/queries.yaml` (compounds, inflections, prefixes, phrases,
  OR, exclusion, municipality/county/year/kind/theme filters, a misspelling), each run 3 times on an
  open backend after one warm-up search; the command figures are whole `python -m pipeline search …
  --json` processes (interpreter start-up, imports, index open, search, JSON output), one run for each
  of the first 10 queries.
- **FTS5 baseline** (`bench/fts5_baseline.py`): one row per record (title, text, activities with
  details) in an SQLite FTS5 table (unicode61 tokenizer), same queries translated to FTS5 syntax,
  bm25 ranking, count plus top hits with a snippet. It does no compound splitting, lemmatisation,
  facets, suggestions or per-activity hits, so it is a floor, not an equal.
- **Memory**: peak resident set (`VmHWM` / `ru_maxrss`) of the phase's main process and of its
  largest extraction worker; each phase runs in its own process.
- **Drafting**: whole `loften draft` commands against an archive of `corpus/samples` (DOCX only, and
  with `--pdf`, which runs LibreOffice).
"""


def render_markdown(results: dict, mode: str, elapsed: float, commit: str) -> str:
    from phases import EXTRACT_PER_FORMAT

    docs = results["generate"]["documents"]
    small_docs = ", ".join(f"{n} {fmt.upper()}" for fmt, n in docs.items())
    parts = [
        "# Benchmark results",
        "",
        f"Written by `python bench/run.py{' --quick' if mode == 'quick' else ''}` "
        f"({mode} run, {elapsed / 60:.1f} minutes).",
        "",
        *machine(commit),
    ]
    for title, headers, rows in tables(results):
        parts += ["", f"## {title}", "", _markdown_table(headers, rows)]
    parts += ["", NOTES.format(small_docs=small_docs, per_format=EXTRACT_PER_FORMAT[mode],
                               large_docs=results["index_large"]["large"]["documents"],
                               queries=results["search"]["small"]["queries"])]
    return "\n".join(parts)
