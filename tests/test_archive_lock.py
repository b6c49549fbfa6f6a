"""One writer at a time: a second indexing run waits, then fails with a clear message, and a
killed holder never leaves the lock stuck."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.archive.batch import index_paths
from pipeline.archive.lock import archive_lock, lock_path
from pipeline.cli import cli
from pipeline.errors import LockTimeout

HOLDER = """
import sys, time
from pipeline.archive.lock import archive_lock
with archive_lock(sys.argv[1], wait=5):
    print("locked", flush=True)
    time.sleep(60)
"""


@pytest.fixture
def holder(tmp_path):
    """Another process holding the corpus lock, as a running `loften index` would."""
    corpus = tmp_path / "corpus"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(corpus)], stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert proc.stdout.readline().strip() == "locked"
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def test_a_second_writer_times_out_naming_the_holder(tmp_path, holder):
    corpus = tmp_path / "corpus"
    started = lock_path(corpus).read_text(encoding="utf-8").split()[1]
    (tmp_path / "a.txt").write_text("Medborgarlöfte 2025 för Nora\n\nVi lovar trygga kvällar i Nora.\n", encoding="utf-8")
    with pytest.raises(LockTimeout) as e:
        index_paths([tmp_path / "a.txt"], corpus, tmp_path / "index", wait=0.3)
    assert str(e.value) == f"another indexing run (pid {holder.pid}, started {started}) holds the lock on {corpus}"
    assert not (corpus / "records").exists()


def test_the_cli_reports_the_lock_timeout_on_one_line(tmp_path, holder):
    corpus = tmp_path / "corpus"
    started = lock_path(corpus).read_text(encoding="utf-8").split()[1]
    (tmp_path / "a.txt").write_text("Medborgarlöfte 2025 för Nora\n", encoding="utf-8")
    result = CliRunner().invoke(cli, [
        "index", str(tmp_path / "a.txt"), "--corpus", str(corpus), "--index", str(tmp_path / "index"), "--wait", "0.2",
    ])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: another indexing run (pid {holder.pid}, started {started}) holds the lock on {corpus}\n"
    )


def test_a_killed_holder_releases_the_lock(tmp_path, holder):
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with archive_lock(tmp_path / "corpus", wait=2):
        pid = lock_path(tmp_path / "corpus").read_text(encoding="utf-8").split()[0]
        assert pid == str(os.getpid())


def test_the_lock_is_free_again_after_a_run_and_waits_for_a_short_holder(tmp_path):
    corpus = tmp_path / "corpus"
    with archive_lock(corpus, wait=0):
        pass
    brief = HOLDER.replace("time.sleep(60)", "time.sleep(0.5)") + "print('released', flush=True)\n"
    short = subprocess.Popen(
        [sys.executable, "-c", brief, str(corpus)],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parent.parent,
    )
    assert short.stdout.readline().strip() == "locked"
    with archive_lock(corpus, wait=10):
        assert short.stdout.readline().strip() == "released"
    assert short.wait() == 0
