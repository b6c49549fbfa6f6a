"""Options, exit statuses and output helpers shared by every command, so all commands agree.

The library's errors carry no exit codes; `exit_status` is the CLI's one mapping of them.
"""

from __future__ import annotations

import json
import math
import re
from enum import IntEnum
from functools import wraps
from pathlib import Path
from typing import Any

import click

from pipeline.errors import LoftenError, QueryError, SettingError, SpecError


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # some input or operation failed; the rest went on
    USAGE = 2  # bad arguments, query or spec


USAGE_ERRORS = (QueryError, SpecError, SettingError)


def exit_status(error: LoftenError) -> ExitCode:
    return ExitCode.USAGE if isinstance(error, USAGE_ERRORS) else ExitCode.FAILED


class Number(click.ParamType):
    """A finite number in [low, high] (click's FloatRange lets nan through)."""

    name = "number"

    def __init__(self, low: float, high: float, low_open: bool = False):
        self.low, self.high, self.low_open = low, high, low_open

    def convert(self, value, param, ctx):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        else:
            try:
                number = float(str(value).strip().replace(",", "."))
            except ValueError:
                self.fail(f"{value} is not a number", param, ctx)
        too_low = number <= self.low if self.low_open else number < self.low
        if not math.isfinite(number) or too_low or number > self.high:
            above = "above" if self.low_open else "from"
            self.fail(f"{value} is not a number {above} {self.low:g} up to {self.high:g}", param, ctx)
        return number


def json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")(f)


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


def wait_option(f):
    return click.option(
        "--wait", type=Number(0, 86_400), default=None, metavar="SECONDS",
        help="How long to wait for another indexing run to finish (default 10).",
    )(f)


def limit_option(f):
    from pipeline.app import MAX_LIMIT

    return click.option("--limit", "-n", type=click.IntRange(1, MAX_LIMIT), default=10, show_default=True,
                        help=f"How many hits to show (at most {MAX_LIMIT}).")(f)


def ocr_option(f):
    """--ocr: scanned pages are read with Tesseract (Swedish) instead of being reported."""
    return click.option("--ocr/--no-ocr", default=None,
                        help="Read pages without a text layer (scans) with Tesseract, Swedish.")(f)


def make_app(corpus_dir: Path | None = None, index_dir: Path | None = None, **settings: Any):
    """The application object for one command: options given win over the environment."""
    from pipeline.app import Loften

    return Loften(corpus=corpus_dir, index=index_dir, **settings)


_SURROGATE = re.compile("[\ud800-\udfff]")


def print_json(obj: Any) -> None:
    """Readable UTF-8 JSON; a file name that is not valid UTF-8 (held with surrogate escapes)
    is written as \\udcXX escapes, so the output stays valid JSON."""
    text = json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False)
    click.echo(_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def plural(n: int, one: str, many: str) -> str:
    """"1 träff", "2 träffar"."""
    return f"{n} {one if n == 1 else many}"


def one_line_errors(f):
    """The library's own exceptions, and file-system errors, become one 'Error: …' line and
    their exit status; never a traceback."""

    @wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except LoftenError as e:
            error = click.ClickException(str(e))
            error.exit_code = int(exit_status(e))
            raise error from None
        except BrokenPipeError:
            raise  # the reader went away (| head): cli.main ends quietly
        except OSError as e:
            where = f"{e.filename}: " if e.filename else ""
            raise click.ClickException(f"{where}{e.strerror or e}") from None

    return wrapper
