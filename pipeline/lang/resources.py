"""Load the package's language data files once per process."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")


@lru_cache(maxsize=None)
def load_yaml(name: str):
    """PyYAML is imported here, not with the module: a search reads no YAML file."""
    import yaml

    # libyaml's loader when PyYAML was built with it: several times faster on the larger files
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((DATA / name).read_text(encoding="utf-8"), Loader=loader)


@lru_cache(maxsize=None)
def load_json(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return tuple(s.strip() for s in lines if s.strip() and not s.startswith("#"))
