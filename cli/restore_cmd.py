"""`balint-redact restore FILE --series NAME`: the names back, for the presenter only."""

from __future__ import annotations

import sys
from pathlib import Path

import click

MB = 1024 * 1024


@click.command("restore", epilog="""\b
Examples:
  balint-redact restore group-notes.md --series amina-contact
  balint-redact restore shared/001.md --series amina-contact -o mine.md

\b
Exit codes: 0 restored; 1 the text is not from this series or cannot be read (nothing was
written); 2 bad usage, a wrong passphrase or a damaged mapping.""")
@click.argument("source", type=click.Path(path_type=Path, allow_dash=True, readable=False))
@click.option("--series", "series", metavar="NAME", required=True,
              help="The series the text was redacted in.")
@click.option("--passphrase-file", metavar="FILE", default=None,
              type=click.Path(path_type=Path, dir_okay=False, readable=False),
              help="Read the passphrase from FILE (else $BALINT_REDACT_PASSPHRASE, else a "
                   "prompt on a terminal).")
@click.option("-o", "--output", type=click.Path(path_type=Path, readable=False), default=None,
              help="Write the restored text here (default: stdout). Keep it private.")
@click.option("--max-size", type=click.IntRange(1, 2048), default=50, show_default=True,
              metavar="MB", help="Refuse inputs larger than this.")
def restore_command(source: Path, series: str, passphrase_file: Path | None,
                    output: Path | None, max_size: int) -> None:
    """Turn SOURCE (redacted in a series, or notes that speak of its "Person A") back into
    the names, on your own machine.

    A write-up this series redacted, unchanged, gets each placeholder's own words back
    ("Mrs Patel", "Amina"); other text gets each placeholder's fullest name. Text holding a
    placeholder the series never gave is refused: it came from another series.
    """
    from balint_redact.errors import InputError
    from balint_redact.io import atomic_write_text, decode, guard_output, load_document
    from balint_redact.series import is_series_file

    from .series_cmd import open_series

    if str(source) == "-":
        data = sys.stdin.buffer.read(max_size * MB + 1)
        if len(data) > max_size * MB:
            raise InputError(f"stdin: input too large (limit {max_size} MB, see --max-size)")
        text, path = decode(data, "stdin").text, None
    else:
        if is_series_file(source):
            raise InputError("the input is a series mapping file, not a redacted text")
        text, path = load_document(source, max_size * MB).text, source
    if output is not None:
        guard_output(path, output)
        if output.suffix.lower() == ".docx":
            raise InputError("restore writes plain text: give -o a .txt or .md name")
    restored = open_series(series, passphrase_file, create=False).restore(text)
    if output is None:
        click.echo(restored, nl=not restored.endswith("\n"))
    else:
        atomic_write_text(output, restored)


COMMANDS = [restore_command]
