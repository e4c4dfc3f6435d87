"""One small exception family, translated once at each edge (CLI, HTTP).

Messages never carry text from the input, a rule's values (regex, terms) or a path: a file
is named by its role ("the input", "the output", "rules file #2"), since a file name can be
a client's name; a rule by its name; then the problem.

>>> raise InputError("the input is an empty file, nothing to redact")
Traceback (most recent call last):
...
balint_redact.errors.InputError: the input is an empty file, nothing to redact
"""

from __future__ import annotations


class BalintRedactError(Exception):
    """Base class of every error the library raises on purpose."""

    #: exit code used by the CLI for this kind of failure
    exit_code = 1


class InputError(BalintRedactError):
    """The input cannot be read as a document (missing, binary, empty, too large, corrupt)."""


class ConfigError(BalintRedactError):
    """A rules file, option or known-names list is invalid."""

    exit_code = 2


class DetectionError(BalintRedactError):
    """Detection could not run (pipeline missing, a recognizer failed, a regex timed out).

    Raised instead of ever returning unredacted text: the caller must write nothing.
    """


class OutputError(BalintRedactError):
    """The output cannot be written safely (would overwrite the input, disk full, ...)."""
