"""An archive of the bundled samples and a set of users, for the web app's tests.

The samples are indexed once per test session (it takes a while) into the session's base
temp folder; each test module that changes the archive gets a copy of its own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "samples"

# (name, role, password) of the test users: one per role.
USERS = (
    ("lisa", "läsare", "lösenord-lisa-1"),
    ("hanna", "handläggare", "lösenord-hanna-1"),
    ("arvid", "arkivarie", "lösenord-arvid-1"),
    ("adam", "admin", "lösenord-adam-1"),
)
PASSWORD = {name: password for name, _, password in USERS}
ROLE_USER = {role: name for name, role, _ in USERS}


def _built(base: Path) -> Path:
    from pipeline.app import Loften

    built = base / "web-samples"
    if not (built / "done").is_file():
        shutil.rmtree(built, ignore_errors=True)
        report = Loften(corpus=built / "corpus", index=built / "index").index([SAMPLES])
        assert not report.failed, report.failed
        (built / "done").write_text("ok")
    return built


def sample_archive(tmp_path_factory, name: str) -> Path:
    """A fresh copy of the samples' archive: <folder>/corpus, <folder>/index, <folder>/users.json."""
    from pipeline.web.users import UserStore

    built = _built(tmp_path_factory.getbasetemp())
    folder = tmp_path_factory.mktemp(name)
    shutil.copytree(built / "corpus", folder / "corpus")
    shutil.copytree(built / "index", folder / "index")
    store = UserStore(folder / "users.json")
    for user, role, password in USERS:
        store.add(user, role, password)
    return folder
