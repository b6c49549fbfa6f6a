"""`make bench`: generate a synthetic corpus, measure extraction, indexing, search, drafting
and start-up, compare search with an SQLite FTS5 baseline, and write bench/RESULTS.md.

    python bench/run.py           the full run (1,000 and 10,000 documents; about 4 minutes on 2 cores)
    python bench/run.py --quick   a smoke run (100 and 300 documents; about two minutes)

Each phase runs in its own process so that its peak memory is its own; files go to
bench/_work/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT)]
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))

ORDER = ["generate", "startup", "extract", "index_small", "index_archive", "index_large", "search", "fts5", "catalogue",
         "draft", "ocr", "web"]


def run_phase(name: str, mode: str, work_root: Path) -> None:
    """Inside the phase's own process: measure and write results/<name>.json."""
    from phases import PHASES, Work

    work = Work(work_root, mode)
    figures = PHASES[name](work)
    out = work.root / "results" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run (100/300 documents)")
    parser.add_argument("--work", type=Path, default=BENCH / "_work", help="where generated files go")
    parser.add_argument("--phase", choices=ORDER, help=argparse.SUPPRESS)
    parser.add_argument("--results", type=Path, default=None,
                        help="where to write the markdown (default: bench/RESULTS.md for a full run)")
    args = parser.parse_args()
    mode = "quick" if args.quick else "full"
    if args.phase:
        run_phase(args.phase, mode, args.work)
        return 0

    from report import commit_id, render_markdown, render_table

    commit = commit_id()
    results: dict[str, dict] = {}
    started = time.perf_counter()
    for name in ORDER:
        print(f"[{time.perf_counter() - started:6.0f} s] {name} …", flush=True)
        argv = [sys.executable, str(Path(__file__).resolve()), "--phase", name, "--work", str(args.work)]
        subprocess.run(argv + (["--quick"] if args.quick else []), check=True, cwd=ROOT)
        path = args.work / mode / "results" / f"{name}.json"
        results[name] = json.loads(path.read_text(encoding="utf-8"))
    elapsed = time.perf_counter() - started
    print(render_table(results, mode, elapsed, commit))
    target = args.results or (BENCH / ("RESULTS.md" if mode == "full" else "_work/RESULTS-quick.md"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_markdown(results, mode, elapsed, commit), encoding="utf-8")
    print(f"\nwrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
