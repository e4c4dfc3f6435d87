"""balint-redact: remove identifiers from lawyers' case write-ups before a Balint group sees them.

>>> import balint_redact
>>> balint_redact.redact("Mrs Amina Patel rang me.").text   # doctest: +SKIP
'Person A rang me.'
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
    "RuleSet",
    "load_rules_file",
    "BalintRedactError",
    "ConfigError",
    "DetectionError",
    "InputError",
    "OutputError",
    "__version__",
]

if TYPE_CHECKING:  # pragma: no cover
    from .redactor import Finding, Redaction, Redactor, redact
    from .rules import RuleSet, load_rules_file

_LAZY = {
    "redact": "redactor", "Redactor": "redactor", "Redaction": "redactor", "Finding": "redactor",
    "RuleSet": "rules", "load_rules_file": "rules",
}


def __getattr__(name: str) -> Any:
    """Import the heavy parts (spaCy, Presidio) only when first used."""
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
