"""The `balint-redact` command: a thin client over the library.

Library errors are translated here, once: `Error: …` on stderr and the error's exit code;
anything unexpected becomes a one-line internal error (no traceback, which could carry text).
Set BALINT_REDACT_DEBUG=1 to see tracebacks while developing (they may contain input text).
"""

from __future__ import annotations

import os
import sys

import click

from balint_redact import __version__
from balint_redact.errors import BalintRedactError

EXIT_CODES = """\b
Exit codes:
  0  success
  1  an input could not be redacted or written (nothing was written for it);
     for `check`: identifiers were found at or above --fail-on
  2  bad usage or configuration (options, rules file); for `check`: the run failed

\b
Shell completion (click's own), e.g. in ~/.bashrc:
  eval "$(_BALINT_REDACT_COMPLETE=bash_source balint-redact)"
  (zsh: zsh_source, fish: fish_source)
"""


class BalintGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            _load_commands(COMMAND_MODULES[cmd_name])
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except BalintRedactError as exc:
            click.echo(f"Error: {exc}", err=True)
            raise click.exceptions.Exit(exc.exit_code) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # output piped into `head` and the like: stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise click.exceptions.Exit(0) from None
        except KeyboardInterrupt:
            click.echo("Error: interrupted; no partial output was written", err=True)
            raise click.exceptions.Exit(130) from None
        except Exception as exc:
            if os.environ.get("BALINT_REDACT_DEBUG"):
                raise
            click.echo(f"Error: internal error ({type(exc).__name__}); nothing was written "
                       "for the current input", err=True)
            raise click.exceptions.Exit(1) from None


@click.group(cls=BalintGroup, epilog=EXIT_CODES,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="balint-redact")
def app() -> None:
    """Remove identifiers from case write-ups before a Balint group sees them.

    \b
    Examples:
      balint-redact redact notes.docx -o notes-redacted.docx
      balint-redact redact archive/ -o redacted/ --jobs 2
      balint-redact check archive/ --format html > report.html
      balint-redact example | balint-redact redact
    """


#: each command and the module defining it, imported only when that command is used (or
#: listed): `redact` need not import the records and server code
COMMAND_MODULES = {
    "redact": "redact_cmd", "check": "check_cmd", "evaluate": "evaluate_cmd",
    "serve": "serve_cmd", "share": "share_cmd", "records": "share_cmd", "withdraw": "share_cmd",
    "explain": "explain_cmd", "example": "example_cmd", "series": "series_cmd",
    "restore": "restore_cmd", "review": "review_cmd",
}


def _load_commands(module_name: str) -> None:
    import importlib

    module = importlib.import_module(f".{module_name}", __package__)
    for command in module.COMMANDS:
        if command.name not in app.commands:
            app.add_command(command)


def main() -> None:
    """The console script. No automatic garbage collection while the libraries and the
    pipeline load (balint_redact.startup.pause_gc); the process then ends as any Python
    program does (skipping the interpreter's shutdown with os._exit saved 0.02-0.05 s of CPU,
    too little for what it skipped)."""
    # numpy's OpenBLAS starts a pool of spinning threads when imported (~50 ms of CPU on two
    # cores); the model's products go through it single-threaded
    # (balint_redact.detect.pipeline._use_numpy_blas), so ask for one thread before numpy loads; a
    # value the user set is kept
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from balint_redact import startup

    startup.pause_gc()
    try:
        app(prog_name="balint-redact")
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:  # the reader (`head`...) left: stop quietly, as in invoke
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
