"""`make demo`: the three jobs on the bundled sample corpus, shown as the commands a user types.

Runs the real CLI in subprocesses, so what it prints is exactly what `loften` prints. The
samples are archived into the default archive (./corpus and ./index, or $LOFTEN_CORPUS and
$LOFTEN_INDEX), so `loften search …` and the web app find them afterwards; running the demo
again changes nothing there. The drafted agreement is written under out/demo/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "out" / "demo"
SAMPLES = "corpus/samples"


def run(title: str, *args: str) -> None:
    shown = " ".join(a if " " not in a else f'"{a}"' for a in args).replace(str(ROOT) + "/", "")
    print(f"\n\033[1m### {title}\033[0m\n$ loften {shown}", flush=True)
    result = subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"demo step failed: loften {shown}")


def next_steps() -> str:
    """The demo's last lines: how a newcomer goes on from here."""
    venv = Path(sys.prefix)
    shown = venv.relative_to(ROOT) if venv.is_relative_to(ROOT) else venv
    return "\n".join([
        "",
        "\033[1m### Gå vidare\033[0m",
        "Exempeldokumenten finns nu i standardarkivet (corpus/ och index/). Kör loften själv:",
        f"  {shown}/bin/loften search trafik",
        f"  {shown}/bin/loften --help",
        f"eller aktivera miljön först: source {shown}/bin/activate  och skriv sedan  loften search trafik",
        f"Webbappen: skapa först ett konto,  {shown}/bin/loften user add DITTNAMN --role admin  (lösenordet frågas),",
        "sedan  make serve  och öppna http://127.0.0.1:8000 i webbläsaren.",
    ])


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    run("Arkivarie: vad loften läser ut ur varje exempeldokument", "extract", SAMPLES)
    run("Arkivarie: arkivera och indexera exempeldokumenten", "index", SAMPLES)
    run("Arkivarie: samma mapp en gång till ändrar ingenting", "index", SAMPLES)
    run("Arkivarie: vad arkivet innehåller", "stats")
    run("Samordnare: vem lovade narkotikahund i skolan, och med vilka ord?",
        "search", "narkotikahund skola", "--activities", "--limit", "3")
    run("Samordnare: 'vandring' hittar nattvandring och trygghetsvandringar (sammansatta ord delas)",
        "search", "vandring", "--limit", "3")
    run("Samordnare: narkotika, bara löften med temat skola",
        "search", "narkotika", "--theme", "skola", "--limit", "3")
    run("Handläggare: katalogen över tidigare aktiviteter om narkotika", "activities", "--theme", "narkotika")
    out_docx = OUT / "medborgarlofte-ljusdal-2026.docx"
    pdf = ["--pdf"] if shutil.which("soffice") else []
    if not pdf:
        print("\n(LibreOffice är inte installerat, så demon skriver bara DOCX:"
              " apt-get install libreoffice-writer-nogui ger även PDF.)")
    run("Handläggare: nästa års medborgarlöfte ur katalogens aktiviteter",
        "draft", "examples/medborgarlofte-ljusdal-2026.yaml", "-o", str(out_docx), *pdf)
    run("Handläggare: det skrivna utkastet, inläst igen", "extract", str(out_docx))
    print(next_steps())


if __name__ == "__main__":
    main()
