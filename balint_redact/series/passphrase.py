"""Where a series passphrase comes from: a file, the environment, or a terminal prompt.

It is never an option value (that would sit in the shell's history and the process list),
never logged and never part of an error message.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import ConfigError

ENV = "BALINT_REDACT_PASSPHRASE"


def from_file(path: Path) -> str:
    """The first line of ``path`` (trailing line break removed)."""
    try:
        data = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("the passphrase file (--passphrase-file) does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the passphrase file (--passphrase-file) "
                          f"({type(exc).__name__})") from None
    line = data.splitlines()[0] if data.splitlines() else ""
    if not line:
        raise ConfigError("the passphrase file (--passphrase-file) is empty")
    return line


def get_passphrase(passphrase_file: Path | None = None, *, confirm: bool = False,
                   interactive: bool = True) -> str:
    """--passphrase-file, else $BALINT_REDACT_PASSPHRASE, else a hidden prompt on a terminal
    (asked twice when ``confirm``: a new series)."""
    if passphrase_file is not None:
        return from_file(passphrase_file)
    env = os.environ.get(ENV)
    if env:
        return env
    if interactive and sys.stdin.isatty():
        import click

        value = click.prompt("Series passphrase", hide_input=True,
                             confirmation_prompt=confirm, err=True)
        if value:
            return value
    raise ConfigError("a series needs its passphrase: give --passphrase-file FILE, set "
                      f"{ENV}, or run on a terminal")
