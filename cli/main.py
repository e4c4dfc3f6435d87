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
"""


class BalintGroup(click.Group):
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
    """


def _register() -> None:
    from . import check_cmd, evaluate_cmd, redact_cmd, serve_cmd, share_cmd

    for module in (redact_cmd, check_cmd, evaluate_cmd, serve_cmd, share_cmd):
        for command in module.COMMANDS:
            app.add_command(command)


_register()


def main() -> None:
    app(prog_name="balint-redact")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
