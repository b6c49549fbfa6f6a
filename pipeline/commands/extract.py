"""`loften extract`: publications to structured records."""

from __future__ import annotations

import sys

import click

from pipeline.commands.options import (
    ExitCode,
    Number,
    json_option,
    make_app,
    ocr_option,
    one_line_errors,
    print_json,
)
from pipeline.parse import MAX_BYTES


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--max-mb", type=Number(0, 100_000, low_open=True), default=MAX_BYTES / 1e6, show_default=True,
              help="Refuse files larger than this many megabytes.")
@ocr_option
@json_option
@one_line_errors
def extract(paths: tuple[str, ...], max_mb: float, ocr: bool | None, as_json: bool) -> None:
    """Extract structured records from PDF, DOCX, HTML or TXT publications.

    Folders are walked. Files that cannot be read get one line on stderr naming the file
    and the reason; the others still go through, and the exit status is 1. With --json,
    such a file is listed as {"path": ..., "error": ...} among the records.

    \b
    Example:
      loften extract corpus/samples
      loften extract beslut.pdf nyhet.html --json
    """
    from pipeline.render import format_record

    outcomes, failed = [], 0
    for outcome in make_app(max_mb=max_mb, ocr=ocr).extract(paths):
        if outcome.record is None:
            failed += 1
            click.echo(f"Error: {outcome.path}: {outcome.reason}", err=True)
        elif not as_json:
            click.echo(format_record(outcome.record))
        if as_json:
            outcomes.append(outcome.to_dict())
    if as_json:
        print_json(outcomes)
    if failed:
        sys.exit(ExitCode.FAILED)


COMMANDS = [extract]
