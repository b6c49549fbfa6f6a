"""The `loften` command: a thin face over the application object (pipeline/app.py).

Each command lives in `pipeline/commands/<group>.py`, parses its options, calls one method
of `Loften` and prints text or JSON. Heavy libraries (spaCy, pdfplumber, whoosh, docxtpl)
are imported inside the library functions, so `loften --help` stays fast.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from pipeline import __version__
from pipeline.commands.options import ExitCode, exit_status
from pipeline.errors import LoftenError

# (module, command names) — commands are registered from these modules in this order.
COMMAND_MODULES = (
    "pipeline.commands.extract",
    "pipeline.commands.archive",
    "pipeline.commands.draft",
    "pipeline.commands.search",
    "pipeline.commands.web",
)


class LoftenGroup(click.Group):
    """A bad option value is one line ("Error: Invalid value for '--limit' …"), without the
    usage text click adds to other usage errors."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.BadParameter as e:
            e.ctx = None
            raise


@click.group(cls=LoftenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="loften")
def cli() -> None:
    """loften: index, search and draft Swedish medborgarlöften.

    \b
    Example:
      loften extract corpus/samples --json
    """


for _name in COMMAND_MODULES:
    for _command in importlib.import_module(_name).COMMANDS:
        cli.add_command(_command)


def main() -> None:
    try:
        # without standalone mode click returns a command's `ctx.exit(N)` instead of exiting
        status = cli.main(prog_name="loften", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(ExitCode.FAILED)
    except click.ClickException as e:
        if "--json" in sys.argv[1:]:
            _report(e.format_message())
        else:
            e.show()
        sys.exit(ExitCode.USAGE if isinstance(e, click.UsageError) else e.exit_code)
    except LoftenError as e:
        _report(str(e))
        sys.exit(exit_status(e))
    except BrokenPipeError:
        # The reader of our output went away (`loften search … | head`): not an error to report.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(ExitCode.FAILED)
    except OSError as e:
        click.echo(f"Error: {e.filename + ': ' if e.filename else ''}{e.strerror or e}", err=True)
        sys.exit(ExitCode.FAILED)
    except SystemExit:
        raise
    else:
        sys.exit(status if isinstance(status, int) else ExitCode.OK)


def _report(message: str) -> None:
    """One line on stderr; with --json the same line as a JSON object on stdout, so a program
    reading the output gets JSON whether the command worked or not."""
    if "--json" in sys.argv[1:]:
        import json

        click.echo(json.dumps({"error": message}, ensure_ascii=False))
    else:
        click.echo(f"Error: {message}", err=True)
