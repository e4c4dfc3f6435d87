"""balint-redact: remove identifiers from lawyers' case write-ups before a Balint group sees them.

>>> import balint_redact
>>> balint_redact.redact("Mrs Amina Patel rang me.").text
'Mrs Person A rang me.'

Titles stay outside the placeholder unless ``keep_titles=False``. The public surface is
``__all__``: ``redact``, ``Redactor``, the result types and the error family.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import BalintRedactError, ConfigError, DetectionError, InputError, OutputError

__version__ = "0.1.0"

__all__ = [
    "redact",
    "Redactor",
    "Redaction",
    "Finding",
    "BalintRedactError",
    "ConfigError",
    "DetectionError",
    "InputError",
    "OutputError",
]

if TYPE_CHECKING:  # pragma: no cover
    from .redactor import Finding, Redaction, Redactor, redact

_LAZY = {"redact": "redactor", "Redactor": "redactor", "Redaction": "redactor",
         "Finding": "redactor"}


def __getattr__(name: str) -> Any:
    """Import the heavy parts (spaCy, Presidio) only when first used."""
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
