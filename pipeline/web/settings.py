"""The web app's settings, as a table (name, default, help) like datasette's SETTINGS.

Users and the session key live in one file beside the index folder, uploaded files in a folder
beside it, and what the server's worker processes share (finished drafts, the login rate
limit) in a third folder beside it; never in the corpus (the corpus is the archive of
publications and may be shared or published) and never inside the index (which is derived and
may be deleted and rebuilt at any time).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

USERS_FILE_NAME = "loften-users.json"
UPLOADS_DIR_NAME = "loften-uploads"
SHARED_DIR_NAME = "loften-web"
MB = 1024 * 1024


@dataclass(frozen=True)
class WebSettings:
    users_file: Path = field(default=Path(USERS_FILE_NAME), metadata={
        "help": "Users and the session key (JSON, mode 0600); default: beside the index folder."})
    uploads_dir: Path = field(default=Path(UPLOADS_DIR_NAME), metadata={
        "help": "Where uploaded files are kept under names of loften's own; default: beside the index."})
    shared_dir: Path | None = field(default=None, metadata={
        "help": "Finished drafts and the login rate limit, shared by the server's workers; "
                "default: loften-web beside the users file."})
    anonymous_read: bool = field(default=False, metadata={
        "help": "Let visitors who are not logged in search and read (never change anything)."})
    max_upload_bytes: int = field(default=50 * MB, metadata={
        "help": "Largest request an upload may send, all files together."})
    max_upload_files: int = field(default=100, metadata={"help": "Most files in one upload."})
    session_hours: float = field(default=8.0, metadata={
        "help": "How long a login lasts without logging in again."})
    login_attempts: int = field(default=5, metadata={
        "help": "Failed logins allowed per user name and address within login_window_s."})
    login_window_s: float = field(default=900.0, metadata={"help": "The login rate limit's window."})
    page_size: int = field(default=10, metadata={"help": "Hits per search page."})

    @classmethod
    def beside_index(cls, index_dir: Path, **overrides) -> "WebSettings":
        """The default settings for an archive whose index is `index_dir`."""
        beside = Path(index_dir).resolve().parent
        return cls(**{"users_file": beside / USERS_FILE_NAME, "uploads_dir": beside / UPLOADS_DIR_NAME,
                      **overrides})

    @property
    def shared(self) -> Path:
        return self.shared_dir if self.shared_dir is not None else Path(self.users_file).parent / SHARED_DIR_NAME

    def to_json(self) -> str:
        """For the server's worker processes, which build their app from it (`from_json`)."""
        import json

        return json.dumps({f.name: str(v) if isinstance(v, Path) else v
                           for f in fields(self) for v in [getattr(self, f.name)]})

    @classmethod
    def from_json(cls, text: str) -> "WebSettings":
        import json

        values = json.loads(text)
        paths = {"users_file", "uploads_dir", "shared_dir"}
        return cls(**{k: Path(v) if k in paths and v is not None else v for k, v in values.items()})

    @staticmethod
    def table() -> list[tuple[str, object, str]]:
        """(name, default, help) of every setting, for documentation."""
        return [(f.name, f.default, f.metadata["help"]) for f in fields(WebSettings)]
