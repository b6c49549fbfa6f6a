"""`make demo`: the three jobs on the bundled sample corpus, shown as the commands a user types.

Runs the real CLI in subprocesses, so what it prints is exactly what `loften` prints:
extract the samples, archive and index them, search as a coordinator would, and draft next
year's agreement from catalogue activities.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "out" / "demo"
ARCHIVE = ["--corpus", str(OUT / "corpus"), "--index", str(OUT / "index")]


def run(title: str, *args: str) -> None:
    shown = " ".join(a if " " not in a else f'"{a}"' for a in args).replace(str(ROOT) + "/", "")
    print(f"\n\033[1m### {title}\033[0m\n$ loften {shown}", flush=True)
    result = subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT)
    if result.returncode not in (0,):
        raise SystemExit(f"demo step failed: loften {shown}")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    run("Archivist: what loften reads from each sample publication", "extract", "corpus/samples")
    run("Archivist: archive and index the samples", "index", "corpus/samples", *ARCHIVE)
    run("Archivist: the same folder again changes nothing", "index", "corpus/samples", *ARCHIVE)
    run("Archivist: what the archive holds", "stats", *ARCHIVE)
    run("Coordinator: who promised narkotikahund i skolan, and how did they word it?",
        "search", "narkotikahund skola", "--activities", "--limit", "3", *ARCHIVE)
    run("Coordinator: 'vandring' finds nattvandring and trygghetsvandringar (compound splitting)",
        "search", "vandring", "--limit", "3", *ARCHIVE)
    run("Coordinator: narkotika, only promises with the theme skola",
        "search", "narkotika", "--theme", "skola", "--limit", "3", *ARCHIVE)
    run("Staff: the catalogue of earlier activities about narkotika",
        "activities", "--theme", "narkotika", *ARCHIVE)
    out_docx = OUT / "medborgarlofte-ljusdal-2026.docx"
    pdf = ["--pdf"] if shutil.which("soffice") else []
    if not pdf:
        print("\n(LibreOffice is not installed, so the demo drafts the DOCX only:"
              " apt-get install libreoffice-writer-nogui for the PDF.)")
    run("Staff: draft next year's medborgarlöfte from catalogue activities",
        "draft", "examples/medborgarlofte-ljusdal-2026.yaml", "-o", str(out_docx), *pdf, *ARCHIVE)
    run("Staff: the drafted agreement, read back", "extract", str(out_docx))


if __name__ == "__main__":
    main()
