"""`loften index | reindex | remove | restore | trash | show | stats | check`: the archive and its index."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.commands.options import (
    ExitCode,
    archive_options,
    json_option,
    make_app,
    ocr_option,
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
@click.option("--max-mb", type=float, default=None, help="Refuse files larger than this many megabytes (default 50).")
@click.option("--restore", is_flag=True, help="Bring files whose documents are in the trash back.")
@click.option("--retry-failed", is_flag=True, help="Extract again the files that failed before, unchanged.")
@ocr_option
@wait_option
@json_option
@one_line_errors
def index(paths, corpus_dir, index_dir, workers, max_mb, restore, retry_failed, ocr, wait, as_json) -> None:
    """Archive publications and add them to the search index.

    Folders are walked; what is not read is listed as skipped. Unchanged files are left as
    they are; a changed file becomes a new version linked to the old one, which stays.
    Documents archived by other extraction code are extracted again. Failures are printed
    once and appended to <corpus>/failures.log; the exit status is then 1. A file that failed
    is not extracted again until it or loften changes (or --retry-failed is given).

    \b
    Example:
      loften index hämtade/ --corpus corpus --index index
      loften index beslut.pdf --json
    """
    app = make_app(corpus_dir, index_dir, workers=workers, wait=wait, max_mb=max_mb, ocr=ocr)
    with ProgressDisplay(quiet=as_json) as progress:
        report = app.index(paths, progress=progress, batch_size=INDEX_BATCH, restore=restore,
                           retry_failed=retry_failed)
    if as_json:
        print_json(report.to_dict())
    else:
        click.echo(summary(report))
    for failure in report.failed:
        if (failure.path, failure.reason) not in progress.shown:
            click.echo(f"Error: {failure.path}: {failure.reason}", err=True)
    if report.failed:
        sys.exit(ExitCode.FAILED)


def summary(report) -> str:
    """'added 2, updated 0, unchanged 5, skipped 1, failed 0': the rarer counts only when not 0."""
    counts = [("added", report.added), ("updated", report.updated), ("unchanged", report.unchanged),
              ("re-extracted", report.reextracted), ("restored", report.restored),
              ("in the trash", report.in_trash), ("skipped", report.skipped), ("failed", report.failed)]
    text = ", ".join(f"{label} {len(items)}" for label, items in counts
                     if items or label in ("added", "updated", "unchanged", "failed"))
    return text + (f" ({len(report.failed_before)} failed before)" if report.failed_before else "")


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
                            description=f"{_label(event.status)} {Path(event.path).name}")
            if event.status == "failed":
                self.shown.add((event.path, event.reason))
                self.bar.console.print(f"Error: {event.path}: {event.reason}", markup=False, highlight=False)
            return
        if event.status == "failed":
            self.shown.add((event.path, event.reason))
            click.echo(f"Error: {event.path}: {event.reason}", err=True)
            return
        line = f"[{event.done}/{event.total}] {_label(event.status)} {event.path}"
        click.echo(line + (f": {event.reason}" if event.reason else ""), err=self.quiet)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def _label(status: str) -> str:
    return {"in_trash": "in the trash", "reextracted": "re-extracted"}.get(status, status)


@click.command()
@archive_options
@click.option("--extract", "extract_again", is_flag=True,
              help="First extract again the originals that other extraction code archived.")
@wait_option
@json_option
@one_line_errors
def reindex(corpus_dir, index_dir, extract_again, wait, as_json) -> None:
    """Rebuild the search index from the corpus records alone.

    \b
    Example:
      loften reindex --corpus corpus --index index
      loften reindex --extract
    """
    app = make_app(corpus_dir, index_dir, wait=wait)
    report = None
    if extract_again:
        app.reindex()  # refuses what is not an archive before any extraction starts
        with ProgressDisplay(quiet=as_json) as progress:
            report = app.reextract(progress=progress, batch_size=INDEX_BATCH)
    count = app.reindex()
    if as_json:
        extracted = {"reextracted": report.reextracted, "failed": report.to_dict()["failed"]} if report else {}
        print_json({"reindexed": count, "index": str(app.index_dir), **extracted})
    else:
        if report is not None:
            click.echo(f"re-extracted {len(report.reextracted)}, failed {len(report.failed)}")
        click.echo(f"reindexed {plural(count, 'document', 'documents')} into {app.index_dir}")
    if report is not None and report.failed:
        sys.exit(ExitCode.FAILED)


@click.command()
@click.argument("record_id", metavar="ID")
@archive_options
@wait_option
@json_option
@one_line_errors
def remove(record_id, corpus_dir, index_dir, wait, as_json) -> None:
    """Move one document to the trash: out of the index, record and original kept.

    \b
    Example:
      loften remove 3f9a0c1d2e4b5a67
      loften restore 3f9a0c1d2e4b5a67
    """
    record = make_app(corpus_dir, index_dir, wait=wait).remove(record_id)
    if as_json:
        print_json({"removed": record.id, "path": record.source.path, "trash": True})
    else:
        click.echo(f"moved {record.id} ({record.source.path}) to the trash; `loften restore {record.id}` brings it back")


@click.command()
@click.argument("record_id", metavar="ID")
@archive_options
@wait_option
@json_option
@one_line_errors
def restore(record_id, corpus_dir, index_dir, wait, as_json) -> None:
    """Bring a document back from the trash.

    \b
    Example:
      loften restore 3f9a0c1d2e4b5a67
    """
    record = make_app(corpus_dir, index_dir, wait=wait).restore(record_id)
    if as_json:
        print_json({"restored": record.id, "path": record.source.path})
    else:
        click.echo(f"restored {record.id} ({record.source.path})")


@click.command()
@archive_options
@click.option("--empty", is_flag=True, help="Delete the documents in the trash for good.")
@wait_option
@json_option
@one_line_errors
def trash(corpus_dir, index_dir, empty, wait, as_json) -> None:
    """List the documents in the trash, or empty it.

    \b
    Example:
      loften trash
      loften trash --empty
    """
    app = make_app(corpus_dir, index_dir, wait=wait)
    if empty:
        gone = app.empty_trash()
        if as_json:
            print_json({"deleted": gone})
        else:
            click.echo(f"deleted {plural(len(gone), 'document', 'documents')} from the trash for good")
        return
    entries = app.trash()
    if as_json:
        print_json([e.to_dict() for e in entries])
        return
    for e in entries:
        click.echo(f"{e.id}  {e.year or '—'}  {e.title}  ({e.path})")
    click.echo(f"{plural(len(entries), 'document', 'documents')} in the trash")


@click.command()
@click.argument("record_id", metavar="ID")
@archive_options
@json_option
@one_line_errors
def show(record_id, corpus_dir, index_dir, as_json) -> None:
    """Show one archived record, where its archived copy is, and its versions.

    \b
    Example:
      loften show 3f9a0c1d2e4b5a67 --json
    """
    from pipeline.render import format_record

    shown = make_app(corpus_dir, index_dir).document(record_id)
    if as_json:
        print_json(shown.to_dict())
        return
    click.echo(format_record(shown.record))
    click.echo(f"archived copy: {shown.archived_copy or 'missing (run `loften check`)'}")
    if shown.in_trash:
        click.echo(f"in the trash: `loften restore {shown.record.id}` brings it back")
    if shown.versions:
        click.echo("versions:")
        for v in shown.versions:
            mark = "*" if v.id == shown.record.id else " "
            click.echo(f" {mark} {v.id}  {v.year or '—'}  {v.title}{'' if v.current else '  (older version)'}")


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
    from pipeline.search.resolve import kind_label, theme_label

    shown = {"by_kind": kind_label, "by_theme": theme_label}  # ids as their Swedish labels
    click.echo(f"documents: {result['documents']}  activities: {result['activities']}")
    for key, label in (("by_year", "year"), ("by_kind", "kind"), ("by_county", "län"),
                       ("by_municipality", "municipality"), ("by_theme", "theme")):
        if result[key]:
            click.echo(f"by {label}:")
            for name, n in result[key].items():
                click.echo(f"  {n:>5}  {shown.get(key, str)(name)}")


@click.command()
@archive_options
@click.option("--repair", is_flag=True,
              help="Extract damaged records again from their originals; set aside what cannot be repaired.")
@wait_option
@json_option
@one_line_errors
def check(corpus_dir, index_dir, repair, wait, as_json) -> None:
    """Verify originals (sha256), records and that the index holds exactly the corpus.

    Each problem is one line; the exit status is 1 if there is any.

    \b
    Example:
      loften check --corpus corpus --index index
      loften check --repair
    """
    app = make_app(corpus_dir, index_dir, wait=wait)
    if repair:
        result = app.repair()
        problems = result.problems
        if as_json:
            print_json({"ok": not problems, **result.to_dict()})
        else:
            for line in result.repaired + result.quarantined + problems:
                click.echo(line)
            click.echo(f"repaired {len(result.repaired)}, quarantined {len(result.quarantined)}, "
                       f"{plural(len(problems), 'problem', 'problems')} left")
    else:
        problems = app.check()
        if as_json:
            print_json({"ok": not problems, "problems": problems})
        else:
            for line in problems:
                click.echo(line)
            click.echo(f"{plural(len(problems), 'problem', 'problems')} found" if problems else "archive OK")
    if problems:
        sys.exit(ExitCode.FAILED)


@click.command()
@click.argument("inbox", type=click.Path(path_type=Path))
@archive_options
@click.option("--interval", type=float, default=1.0, show_default=True, metavar="SECONDS",
              help="How often to look for new files.")
@click.option("--settle", type=float, default=2.0, show_default=True, metavar="SECONDS",
              help="How long a file's size must stay the same before it is read.")
@click.option("--once", is_flag=True, help="Handle the files that are ready, then stop.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Extraction processes (default: all cores).")
@ocr_option
@wait_option
@json_option
@one_line_errors
def watch(inbox, corpus_dir, index_dir, interval, settle, once, workers, ocr, wait, as_json) -> None:
    """Archive files dropped into INBOX as they arrive; move each to INBOX/done/ or
    INBOX/failed/ (with NAME.reason.txt). Stop it with Ctrl-C: what is not done yet is
    taken up again when it starts next time.

    \b
    Example:
      loften watch inkommet/ --corpus arkiv/corpus --index arkiv/index
    """
    import json
    import time

    from pipeline.app import positive_number

    positive_number("interval", interval)
    watcher = make_app(corpus_dir, index_dir, workers=workers, wait=wait, ocr=ocr).watcher(inbox, settle=settle)

    def show(outcome) -> None:
        if as_json:
            click.echo(json.dumps(outcome.__dict__, ensure_ascii=False))
        elif outcome.status == "failed":
            click.echo(f"Error: {outcome.path}: {outcome.detail} (moved to {outcome.moved_to})", err=True)
        else:
            click.echo(f"{_label(outcome.status)} {outcome.path} as {outcome.detail} (moved to {outcome.moved_to})")

    if once:
        deadline = time.monotonic() + settle + interval
        while True:  # a file must be seen twice, `settle` apart, before it is ready
            for outcome in watcher.poll():
                show(outcome)
            if time.monotonic() >= deadline:
                return
            time.sleep(interval)
    try:
        watcher.run(interval=interval, report=show)
    except KeyboardInterrupt:
        click.echo("stopped; files not moved yet are taken up on the next start", err=True)


COMMANDS = [index, reindex, remove, restore, trash, watch, show, stats, check]
