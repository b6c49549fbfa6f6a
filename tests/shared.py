"""Where the read-only development material lives: `../shared` beside the repository (as CI has
it), or $LOFTEN_SHARED. Tests that need it skip with a clear reason when it is absent."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LOFTEN_SHARED") or REPO.parent / "shared")


def require(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not present (the shared development set lives beside the repository)")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
