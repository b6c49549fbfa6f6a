"""Small measuring helpers: clocks, percentiles, peak memory, sizes on disk."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import time
from pathlib import Path
from typing import Callable


def timed(fn: Callable, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile: the value 95 % of the samples do not exceed."""
    ordered = sorted(samples)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def run_command(argv: list[str], runs: int, env: dict | None = None) -> list[float]:
    """Wall time of `runs` runs of a command; a failing run stops the benchmark."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
        samples.append(time.perf_counter() - start)
    return samples


def _vm_hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _live_children() -> list[int]:
    pids: list[int] = []
    for task in Path(f"/proc/{os.getpid()}/task").glob("*/children"):
        try:
            pids += [int(p) for p in task.read_text().split()]
        except OSError:
            continue
    return pids


def peak_memory_mb() -> dict[str, float]:
    """Peak resident memory of this process and of its largest child (live children are
    read from /proc, finished ones from getrusage), plus their sum across live workers."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    finished = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    live = [_vm_hwm_kb(p) for p in _live_children()]
    largest_child = max([finished, *live])
    workers_total = sum(live) if live else finished
    return {
        "self_mb": round(own / 1024, 1),
        "child_mb": round(largest_child / 1024, 1),
        "total_mb": round((own + workers_total) / 1024, 1),
    }


def dir_size_mb(path: Path) -> float:
    total = sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())
    return round(total / 1024 / 1024, 2)
