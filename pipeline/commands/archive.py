"""`loften index | reindex | remove | show | stats | check`: the archive and its index."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.commands.options import (
    ExitCode,
    archive_options,
    json_option,
    make_app,
    one_line_errors,
    plural,
    print_json,
    wait_option,
)

INDEX_BATCH = 50  # documents per index commit: a kill loses at most this much index work


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@archive_options
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Extraction processes (default: all cores).")
@wait_option
@json_option
@one_line_errors
def index(paths, corpus_dir, index_dir, workers, wait, as_json) -> None:
    """Archive publications and add them to the search index.

    Folders are walked. Unchanged files are skipped; files archived by an older pipeline
    are extracted again. Failures are listed at the end and appended to
    <corpus>/failures.log; the exit status is then 1.

    \b
    Example:
      loften index hämtade/ --corpus corpus --index index
      loften index beslut.pdf --json
    """
    app = make_app(corpus_dir, index_dir, workers=workers, wait=wait)
    with ProgressDisplay(quiet=as_json) as progress:
        report = app.index(paths, progress=progress, batch_size=INDEX_BATCH)
    if as_json:
        print_json(report.to_dict())
    else:
        click.echo(
            f"added {len(report.added)}, updated {len(report.updated)}, "
            f"unchanged {len(report.unchanged)}, failed {len(report.failed)}"
        )
    for failure in report.failed:
        if (failure.path, failure.reason) not in progress.shown:
            click.echo(f"Error: {failure.path}: {failure.reason}", err=True)
    if report.failed:
        sys.exit(ExitCode.FAILED)


class ProgressDisplay:
    """A rich progress bar on a terminal, plain '[3/40] added foo.pdf' lines otherwise;
    nothing on stdout with --json (lines go to stderr there). A failure shown as it happens
    is not repeated at the end: `shown` remembers it."""

    def __init__(self, quiet: bool):
        self.quiet, self.bar = quiet, None
        self.shown: set[tuple[str, str]] = set()

    def __enter__(self):
        if not self.quiet and sys.stdout.isatty():
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.bar.start()
            self.task = self.bar.add_task("indexing", total=None)
        return self

    def __call__(self, event) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=event.done, total=event.total,
                            description=f"{event.status} {Path(event.path).name}")
            return
        if event.status == "failed":
            self.shown.add((event.path, event.reason))
            click.echo(f"Error: {event.path}: {event.reason}", err=True)
            return
        click.echo(f"[{event.done}/{event.total}] {event.status} {event.path}", err=self.quiet)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


@click.command()
@archive_options
@wait_option
@json_option
@one_line_errors
def reindex(corpus_dir, index_dir, wait, as_json) -> None:
    """Rebuild the search index from the corpus records alone.

    \b
    Example:
      loften reindex --corpus corpus --index index
    """
    app = make_app(corpus_dir, index_dir, wait=wait)
    count = app.reindex()
    if as_json:
        print_json({"reindexed": count, "index": str(app.index_dir)})
    else:
        click.echo(f"reindexed {plural(count, 'document', 'documents')} into {app.index_dir}")


@click.command()
@click.argument("record_id", metavar="ID")
@archive_options
@wait_option
@json_option
@one_line_errors
def remove(record_id, corpus_dir, index_dir, wait, as_json) -> None:
    """Remove one document: its record, its original and its index entry.

    \b
    Example:
      loften remove 3f9a0c1d2e4b5a67
    """
    path = make_app(corpus_dir, index_dir, wait=wait).remove(record_id)
    if as_json:
        print_json({"removed": record_id, "path": path})
    else:
        click.echo(f"removed {record_id} ({path})")


@click.command()
@click.argument("record_id", metavar="ID")
@archive_options
@json_option
@one_line_errors
def show(record_id, corpus_dir, index_dir, as_json) -> None:
    """Show one archived record.

    \b
    Example:
      loften show 3f9a0c1d2e4b5a67 --json
    """
    from pipeline.render import format_record

    record = make_app(corpus_dir, index_dir).show(record_id)
    if as_json:
        print_json(record.to_dict())
    else:
        click.echo(format_record(record))


@click.command()
@archive_options
@json_option
@one_line_errors
def stats(corpus_dir, index_dir, as_json) -> None:
    """Count the archived documents and activities, by year, theme, kind, municipality and län.

    \b
    Example:
      loften stats --json
    """
    result = make_app(corpus_dir, index_dir).stats()
    if as_json:
        print_json(result)
        return
    click.echo(f"documents: {result['documents']}  activities: {result['activities']}")
    for key, label in (("by_year", "year"), ("by_kind", "kind"), ("by_county", "län"),
                       ("by_municipality", "municipality"), ("by_theme", "theme")):
        if result[key]:
            click.echo(f"by {label}:")
            for name, n in result[key].items():
                click.echo(f"  {n:>5}  {name}")


@click.command()
@archive_options
@json_option
@one_line_errors
def check(corpus_dir, index_dir, as_json) -> None:
    """Verify originals (sha256), records and that the index holds exactly the corpus.

    Each problem is one line; the exit status is 1 if there is any.

    \b
    Example:
      loften check --corpus corpus --index index
    """
    problems = make_app(corpus_dir, index_dir).check()
    if as_json:
        print_json({"ok": not problems, "problems": problems})
    else:
        for line in problems:
            click.echo(line)
        click.echo(f"{plural(len(problems), 'problem', 'problems')} found" if problems else "archive OK")
    if problems:
        sys.exit(ExitCode.FAILED)


COMMANDS = [index, reindex, remove, show, stats, check]
