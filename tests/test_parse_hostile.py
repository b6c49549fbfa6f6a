"""A seeded campaign of hostile files through the parsers, each in a watched subprocess.

The assertion for every case: the parser returns blocks or refuses the file with the
project's InputError and a one-line reason in a reader's words; no other exception, no
Python exception name in the reason, no hang (a case that takes longer than CASE_SECONDS
fails the test, and the campaign goes on with the next case in a fresh process).
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "hostile"))
from cases import cases  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RUNNER = Path(__file__).parent / "hostile" / "run.py"
CASE_SECONDS = 20.0  # far above any case's real time; only a hang gets near it
SEEDS = (11, 2026)
_PROGRAMMER_WORDS = re.compile(r"\b\w*(?:Error|Exception)\b|Traceback|0x[0-9a-f]{6,}|\bNone\b|<class ")


def _write(folder: Path, found: list[tuple[str | bytes, bytes]]) -> list[str]:
    names = []
    for n, (name, data) in enumerate(found):
        raw = os.fsencode(name) if isinstance(name, str) else name
        raw = b"%03d-" % n + raw
        Path(os.fsdecode(os.path.join(os.fsencode(folder), raw))).write_bytes(data)
        names.append(os.fsdecode(raw))
    return names


def _run(folder: Path, names: list[str]) -> dict[str, dict]:
    """Outcome per name; a hang is recorded and the rest continue in a new process."""
    results: dict[str, dict] = {}
    pending = list(names)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    while pending:
        proc = subprocess.Popen([sys.executable, str(RUNNER), str(folder)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, start_new_session=True,
                                errors="surrogateescape")
        proc.stdin.write(json.dumps(pending))
        proc.stdin.close()
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout] + [lines.put(None)],
                         daemon=True).start()
        current = None
        while True:
            try:
                line = lines.get(timeout=CASE_SECONDS)
            except queue.Empty:
                os.killpg(proc.pid, signal.SIGKILL)
                results[current or pending[0]] = {"hang": f"no answer within {CASE_SECONDS:g} s"}
                break
            if line is None:
                if current is not None:
                    results[current] = {"crash": f"the parsing process died (exit {proc.wait()})"}
                break
            message = json.loads(line)
            if "start" in message:
                current = message["start"]
            else:
                results[message["name"]] = message
                current = None
        proc.wait()
        pending = [n for n in names if n not in results]
    return results


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_hostile_files_get_blocks_or_a_reason(tmp_path, seed):
    found = cases(seed, tmp_path)
    folder = tmp_path / "cases"
    folder.mkdir()
    names = _write(folder, found)
    results = _run(folder, names)
    bad = {n: r for n, r in results.items() if "crash" in r or "hang" in r}
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)
    unworded = {n: r["refused"] for n, r in results.items() if "refused" in r and (
        not r["refused"] or "\n" in r["refused"] or _PROGRAMMER_WORDS.search(r["refused"]))}
    assert not unworded, json.dumps(unworded, ensure_ascii=False, indent=1)
    assert len(results) == len(names) >= 200
    by_case = {n.split("-", 1)[1]: r for n, r in results.items()}
    for fmt in ("pdf", "docx", "html", "txt"):
        assert by_case[f"ok.{fmt}"].get("blocks", 0) > 5, by_case[f"ok.{fmt}"]
    assert "refused" in by_case["xxe-file.docx"] and "refused" in by_case["billion-laughs.docx"]
    assert "zip bomb" in by_case["zip-bomb.docx"]["refused"]
    assert by_case["loop-reference.pdf"]["refused"].startswith("damaged PDF")
    assert by_case["numbering-abc.docx"]["blocks"] == 1
    assert "zip bomb" in by_case["zip-bomb.odt"]["refused"]
    if "random.doc" in by_case and shutil.which("soffice"):  # LibreOffice reads random bytes as text
        assert "is not text" in by_case["random.doc"]["refused"] and "is not text" in by_case["random.rtf"]["refused"]
    assert by_case["utf16.txt"]["blocks"] >= 1 and by_case["one-huge-block.txt"]["blocks"] >= 16
