"""The one LibreOffice runner: headless conversions that cannot hang, clash or reach out.

Drafting converts DOCX to PDF/A and parsing converts .doc, .odt and .rtf to DOCX through
here. Each run gets a private profile (-env:UserInstallation), so it never clashes with a
LibreOffice the user has open or with another conversion; the profile turns off macros,
link updates and fetching linked content; where the kernel allows an unprivileged network
namespace (`unshare -rn`), the converter runs with no network at all. soffice runs in a
session of its own and the whole process group is killed at the end, so a hung
conversion leaves no process behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from functools import cache
from pathlib import Path

DEFAULT_TIMEOUT = 120.0
INSTALL_HINT = "LibreOffice (soffice) is not installed; install it with: apt-get install libreoffice-writer-nogui"
_NO_NETWORK = ["--map-root-user", "--net"]  # unshare's options: a user and a network namespace

# Settings the private profile starts with: no macros, no link updates, no remote content.
_PROFILE_SETTINGS = {
    ("org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel"): "3",
    ("org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution"): "true",
    ("org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks"): "true",
    ("org.openoffice.Office.Writer/Content/Update", "Link"): "2",  # 2 = never update links
    ("org.openoffice.Office.Calc/Content/Update", "Link"): "2",
    ("org.openoffice.Office.Common/Misc", "UseLocking"): "false",
    ("org.openoffice.Office.Jobs/Jobs/org.openoffice.Office.Jobs:Job['UpdateCheck']/Arguments",
     "AutoCheckEnabled"): "false",
}


class OfficeError(Exception):
    """A conversion that failed; `reason` is one line for the user, without the file's path."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@cache
def network_isolation() -> list[str]:
    """The command prefix that takes the network away, or [] where the platform does not allow it."""
    unshare = shutil.which("unshare")
    if not unshare:
        return []
    try:
        ok = subprocess.run([unshare, *_NO_NETWORK, "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    return [unshare, *_NO_NETWORK] if ok else []


def convert(source: str | Path, out_dir: str | Path, target: str, *, produces: str, what: str,
            soffice: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert `source` with LibreOffice's `--convert-to target` into out_dir; returns the new
    file (<stem>.<produces>), which appears whole or not at all. `what` names the result in
    the timeout message ("the PDF")."""
    soffice = soffice or find_soffice()
    if not soffice:
        raise OfficeError(INSTALL_HINT)
    source, out_dir = Path(source), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="loften-soffice-") as profile, \
            tempfile.TemporaryDirectory(prefix="loften-convert-", dir=out_dir) as work:
        _write_profile(Path(profile))
        command = [
            *network_isolation(), soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
            "--invisible", "--nologo", "--nodefault", "--nolockcheck", "--norestore",
            "--convert-to", target, "--outdir", work, str(source),
        ]
        returncode, output = run(command, timeout, what)
        produced = Path(work) / f"{source.stem}.{produces}"
        if returncode != 0 or not produced.is_file() or produced.stat().st_size == 0:
            lines = output.strip().splitlines()
            raise OfficeError(f"LibreOffice could not convert it to {produces.upper()} "
                              f"({lines[-1] if lines else 'no output'})")
        result = out_dir / produced.name
        produced.replace(result)
    return result


def run(command: list[str], timeout: float, what: str) -> tuple[int, str]:
    """Run the converter in a session of its own; at the end (finished or timed out) its whole
    process group is killed, so neither soffice nor any helper it started outlives the call."""
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, errors="replace", start_new_session=True)
    except OSError as exc:
        raise OfficeError(f"LibreOffice could not be started ({exc.strerror or 'not runnable'})") from None
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process.pid)
        process.communicate()
        raise OfficeError(f"LibreOffice did not finish {what} within {timeout:g} s") from None
    _kill_group(process.pid)
    return process.returncode, stderr or stdout


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # the group has already ended


def _write_profile(profile: Path) -> None:
    items = "".join(
        f'<item oor:path="/{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>\n'
        for (path, name), value in _PROFILE_SETTINGS.items()
    )
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}</oor:items>\n", encoding="utf-8")
