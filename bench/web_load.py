"""A bounded load test of the web app: `loften serve` on 127.0.0.1, N concurrent clients for
S seconds on the search page, then the same on the JSON search API.

    python bench/web_load.py --corpus C --index I [--clients 20] [--seconds 30] [--workers N]
                             [--cache on|off|both]

make bench runs it as the `web` phase on the 10,000-document archive of `index_large`, with the
search cache on and off. Only 127.0.0.1 is ever contacted. Each client keeps one HTTP/1.1
connection and goes through the benchmark queries in turn, so with the cache on every query
after the untimed first pass is a repeat (as a coordinator's searches repeat); with it off,
each request searches. The latencies are the client's wall time per request.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import yaml

from measure import median, p95

BENCH = Path(__file__).resolve().parent
HOST = "127.0.0.1"
START_S = 60.0


def _years(spec: dict) -> str | None:
    start, end = spec.get("year_from"), spec.get("year_to")
    if start is None and end is None:
        return None
    return f"{start or ''}-{end or ''}"


def page_url(spec: dict) -> str:
    params = [("q", spec["query"]), ("kommun", spec.get("municipality")), ("lan", spec.get("county")),
              ("ar", _years(spec)), ("typ", spec.get("kind"))] + [("tema", t) for t in spec.get("themes", [])]
    return "/sok?" + urlencode([(k, v) for k, v in params if v])


def api_url(spec: dict) -> str:
    params = [("q", spec["query"]), ("municipality", spec.get("municipality")), ("county", spec.get("county")),
              ("years", _years(spec)), ("kind", spec.get("kind")), ("activities", "1"), ("limit", "10")]
    params += [("theme", t) for t in spec.get("themes", [])]
    return "/api/search?" + urlencode([(k, v) for k, v in params if v])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """`loften serve --anonymous` in its own process on a free local port."""

    def __init__(self, corpus: Path, index: Path, cache: bool = True, workers: int | None = None):
        self.port = _free_port()
        self.tmp = tempfile.TemporaryDirectory(prefix="loften-web-bench-")
        command = [sys.executable, "-m", "pipeline", "serve", "--host", HOST, "--port", str(self.port),
                   "--anonymous", "--corpus", str(corpus), "--index", str(index),
                   "--users", str(Path(self.tmp.name) / "users.json"),
                   *(["--workers", str(workers)] if workers else [])]
        env = {**os.environ, "LOFTEN_SEARCH_CACHE": "1" if cache else "0"}
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)

    def __enter__(self) -> "Server":
        deadline = time.monotonic() + START_S
        while True:
            try:
                socket.create_connection((HOST, self.port), timeout=0.5).close()
                return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.process.kill()
                    raise RuntimeError(f"loften serve did not start: {self.process.stderr.read().decode()}")
                time.sleep(0.2)

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.tmp.cleanup()


def _client(port: int, urls: list[str], offset: int, deadline: float, out: list, errors: list) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    n = offset
    while time.perf_counter() < deadline:
        url = urls[n % len(urls)]
        n += 1
        start = time.perf_counter()
        try:
            connection.request("GET", url)
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as e:
            errors.append(f"{url}: {e}")
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
            continue
        out.append(time.perf_counter() - start)
        if response.status != 200:
            errors.append(f"{url}: HTTP {response.status} {body[:80]!r}")
    connection.close()


def load(port: int, urls: list[str], clients: int, seconds: float) -> dict:
    samples: list[float] = []
    errors: list[str] = []
    deadline = time.perf_counter() + seconds
    threads = [threading.Thread(target=_client, args=(port, urls, i * 7, deadline, samples, errors))
               for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return {"requests": len(samples), "requests_per_s": round(len(samples) / elapsed, 1),
            "median_ms": round(median(samples) * 1000, 1) if samples else None,
            "p95_ms": round(p95(samples) * 1000, 1) if samples else None,
            "errors": len(errors), "first_errors": errors[:3]}


def run(corpus: Path, index: Path, clients: int, seconds: float, documents: int | None = None,
        cache: bool = True, workers: int | None = None) -> dict:
    specs = [s for s in yaml.safe_load((BENCH / "queries.yaml").read_text(encoding="utf-8")) if "limit" not in s]
    with Server(corpus, index, cache, workers) as server:
        warm = http.client.HTTPConnection(HOST, server.port, timeout=60)
        sizes = []
        for spec in specs:  # one untimed pass: opens the index in the server's threads, measures page sizes
            for url in (page_url(spec), api_url(spec)):
                warm.request("GET", url)
                body = warm.getresponse().read()
                if url.startswith("/sok"):
                    sizes.append(len(body))
        warm.close()
        page = load(server.port, [page_url(s) for s in specs], clients, seconds)
        api = load(server.port, [api_url(s) for s in specs], clients, seconds)
    return {"documents": documents, "clients": clients, "seconds": seconds, "queries": len(specs),
            "search_cache": cache, "workers": workers or os.cpu_count(), "page": page, "api": api, "page_kb_median": round(median(sizes) / 1024, 1),
            "page_kb_max": round(max(sizes) / 1024, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=None, help="Server processes (default: the cores).")
    parser.add_argument("--cache", choices=("on", "off", "both"), default="both",
                        help="The server's search cache (LOFTEN_SEARCH_CACHE).")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONPATH", str(BENCH.parent))
    modes = {"on": [True], "off": [False], "both": [True, False]}[args.cache]
    results = {("cached" if cache else "uncached"): run(args.corpus, args.index, args.clients, args.seconds,
                                                        cache=cache, workers=args.workers) for cache in modes}
    print(json.dumps(results, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
