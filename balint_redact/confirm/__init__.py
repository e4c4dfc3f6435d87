"""What a presenter decides about a write-up, and the independent second reader.

* ``decisions``: a presenter's corrections (keep this redaction, redact this word), stored by
  the document's hash and positions — never by text — and read by ``redact``, ``check``,
  ``share`` and the review page (``--decisions FILE``, ``--confirm FILE``);
* ``reader`` (with ``codes``, ``layout``, ``wordsets``): the second reader, a suspicious scan
  of redacted text on its own word lists, independent of the redactor;
* ``confirming`` / ``mapping``: its items as a share's "to confirm" tier, decided on the
  original text.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .decisions import (Decision, DecisionFile, apply_decisions, load_decisions,
                        save_decisions, text_hash)

# the reader and the tier load their word lists and the check's contexts: only when used
_LAZY = {"Pending": "confirming", "answer": "confirming", "describe_pending": "confirming",
         "merged": "confirming", "pending_items": "confirming",
         "same_word_groups": "confirming", "REASONS": "reader", "ToConfirm": "reader",
         "second_read": "reader"}

__all__ = ["Decision", "DecisionFile", "Pending", "REASONS", "ToConfirm", "answer",
           "apply_decisions", "describe_pending", "load_decisions", "merged",
           "pending_items", "same_word_groups", "save_decisions", "second_read", "text_hash"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)
