"""Options and output helpers shared by several commands, so all commands agree."""

from __future__ import annotations

import json
import os
from functools import wraps
from pathlib import Path
from typing import Any

import click

from pipeline.errors import LoftenError


def json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")(f)


def default_corpus() -> Path:
    return Path(os.environ.get("LOFTEN_CORPUS") or "corpus")


def default_index() -> Path:
    return Path(os.environ.get("LOFTEN_INDEX") or "index")


def archive_options(f):
    """--corpus and --index, with LOFTEN_CORPUS / LOFTEN_INDEX overriding the defaults."""
    f = click.option(
        "--index", "index_dir", type=click.Path(path_type=Path), default=None,
        help="Index folder (default: $LOFTEN_INDEX or ./index).",
    )(f)
    f = click.option(
        "--corpus", "corpus_dir", type=click.Path(path_type=Path), default=None,
        help="Corpus folder (default: $LOFTEN_CORPUS or ./corpus).",
    )(f)
    return f


def resolve_dirs(corpus_dir: Path | None, index_dir: Path | None) -> tuple[Path, Path]:
    return (corpus_dir or default_corpus(), index_dir or default_index())


def print_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False))


def wait_option(f):
    return click.option(
        "--wait", type=float, default=10.0, show_default=True, metavar="SECONDS",
        help="How long to wait for another indexing run to finish.",
    )(f)


def one_line_errors(f):
    """The library's own exceptions, and file-system errors, become one 'Error: …' line and
    their exit code; never a traceback."""

    @wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except LoftenError as e:
            error = click.ClickException(str(e))
            error.exit_code = int(e.exit_code)
            raise error from None
        except BrokenPipeError:
            raise  # the reader went away (| head): cli.main ends quietly
        except OSError as e:
            where = f"{e.filename}: " if e.filename else ""
            raise click.ClickException(f"{where}{e.strerror or e}") from None

    return wrapper
