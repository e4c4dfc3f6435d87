"""What a presenter decides about a write-up, and the independent second reader.

``decisions``: a presenter's corrections (keep this redaction, redact this word), stored by
the document's hash and positions — never by text — and read by ``redact``, ``check``,
``share`` and the review page (``--decisions FILE``, ``--confirm FILE``).
"""

from __future__ import annotations

from .decisions import (Decision, DecisionFile, apply_decisions, load_decisions,
                        save_decisions, text_hash)

__all__ = ["Decision", "DecisionFile", "apply_decisions", "load_decisions",
           "save_decisions", "text_hash"]
