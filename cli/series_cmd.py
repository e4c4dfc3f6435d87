"""`balint-redact series list|show NAME|forget NAME`, and the series and generalisation
options `redact` and `share` take.

A series name is the presenter's own label; it is never written into a record, a log line or
an error message. The passphrase comes from --passphrase-file, $BALINT_REDACT_PASSPHRASE or a
hidden prompt on a terminal, never from an option value.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable

import click


def series_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --series --passphrase-file --keyring --dates --ages --addresses to a command."""
    decorators = [
        click.option("--series", "series", metavar="NAME", default=None,
                     help="A presenter's series: the same placeholders across write-ups "
                          "(the mapping is kept encrypted in your data folder)."),
        click.option("--passphrase-file", metavar="FILE", default=None,
                     type=click.Path(path_type=Path, dir_okay=False, readable=False),
                     help="Read the series passphrase from FILE (else "
                          "$BALINT_REDACT_PASSPHRASE, else a prompt on a terminal)."),
        click.option("--keyring", "use_keyring", is_flag=True, default=False,
                     help="A new series keeps its key in the operating system's keyring "
                          "instead of deriving it from a passphrase."),
        click.option("--dates", type=click.Choice(["tag", "month", "year", "keep"]),
                     default=None, help="Dates as [date] (default), their month "
                                        "(\"February 2024\"), their year, or as written."),
        click.option("--ages", type=click.Choice(["tag", "band", "keep"]), default=None,
                     help="Ages as [age] (default), a band (\"30s\", \"teenage\"), or as "
                          "written."),
        click.option("--addresses", type=click.Choice(["whole", "town"]), default=None,
                     help="A street address as one placeholder (default) or as its town's "
                          "(\"Place B\", the label the town has elsewhere)."),
    ]
    for deco in reversed(decorators):
        func = deco(func)
    return func


def pop_series_options(options: dict[str, Any]) -> dict[str, Any]:
    """Take the series and generalisation options out of a command's keyword arguments and
    return them as Redactor keyword arguments (the series opened: its passphrase asked now,
    before any work)."""
    series = open_series(options.pop("series"), options.pop("passphrase_file"),
                         options.pop("use_keyring"))
    return {"series": series, "dates": options.pop("dates"), "ages": options.pop("ages"),
            "addresses": options.pop("addresses")}


def open_series(name: str | None, passphrase_file: Path | None, use_keyring: bool = False,
                create: bool = True) -> Any:
    """The opened series (None without --series). A new series asks for its passphrase
    twice on a terminal; a wrong passphrase or a damaged file is an error (nothing is done)."""
    if name is None:
        if passphrase_file is not None or use_keyring:
            from balint_redact.errors import ConfigError

            raise ConfigError("--passphrase-file and --keyring need --series NAME")
        return None
    from balint_redact.series import Series, get_passphrase, series_path, validate_name

    validate_name(name)
    exists = series_path(name).exists()
    if not exists and not create:
        return Series.open(name, None, create=False)  # the error: no such series
    if exists and _uses_keyring(series_path(name)):
        return Series.open(name, None)
    passphrase = None if use_keyring and not exists else \
        get_passphrase(passphrase_file, confirm=not exists)
    if not exists:  # a typo in a name starts a series: say so (by role, not by name)
        click.echo("Note: this starts a new series; its mapping is kept encrypted in your "
                   "data folder (`balint-redact series list`).", err=True)
    return Series.open(name, passphrase, use_keyring=use_keyring and not exists)


def _uses_keyring(path: Path) -> bool:
    import json

    try:
        with open(path, "rb") as fh:
            fh.readline()
            return json.loads(fh.readline().decode("ascii")).get("key") == "keyring"
    except (OSError, ValueError, UnicodeDecodeError, AttributeError):
        return False  # the passphrase path opens it and reports the damage


def _on_terminal() -> bool:
    return sys.stdout.isatty()


@click.group("series")
def series_group() -> None:
    """A presenter's series: list, show or forget their mappings."""


@click.command("list")
def list_command() -> None:
    """The series in your data folder (names only; nothing is decrypted)."""
    from balint_redact.series import list_names

    names = list_names()
    for name in names:
        click.echo(name)
    if not names:
        click.echo("No series yet.", err=True)


@click.command("show")
@click.argument("name")
@click.option("--passphrase-file", metavar="FILE", default=None,
              type=click.Path(path_type=Path, dir_okay=False, readable=False))
def show_command(name: str, passphrase_file: Path | None) -> None:
    """Print the series' placeholders and the names they stand for (on a terminal only)."""
    from balint_redact.errors import ConfigError

    if not _on_terminal():
        raise ConfigError("series show prints the mapping only to a terminal (it holds the "
                          "clients' names); nothing was printed")
    series = open_series(name, passphrase_file, create=False)
    for label, surface in sorted(series.labels().items()):
        click.echo(f"{label}\t{surface}")


@click.command("forget")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def forget_command(name: str, yes: bool) -> None:
    """Delete a series' mapping (and its keyring key): its placeholders cannot be restored."""
    from balint_redact.errors import ConfigError
    from balint_redact.series import forget, validate_name

    validate_name(name)
    if not yes:
        if not sys.stdin.isatty():
            raise ConfigError("series forget needs --yes when not run on a terminal")
        click.confirm("Delete this series' mapping for good?", abort=True, err=True)
    if not forget(name):
        raise ConfigError("no such series (see `balint-redact series list`)")
    click.echo("The series mapping was deleted.", err=True)


for _command in (list_command, show_command, forget_command):
    series_group.add_command(_command)
COMMANDS = [series_group]
