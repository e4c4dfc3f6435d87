"""The page's "Share": the records gate (``balint_redact.records.share_document``) run on the
write-up as the presenter has decided it.

The gate redacts the document itself, with the redactor it is given; here that redactor is
the review session (its detected spans with the decisions applied), so what is filed is what
the page shows. The residual check stays independent: a separate checker Redactor, made by
the caller (the same model and rules plus any names given only to the check).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..errors import ConfigError
from ..redactor import Redaction
from .session import ReviewSession


class DecidedRedactor:
    """A Redactor-like object for the gate: ``redact`` gives the session's current result."""

    def __init__(self, session: ReviewSession) -> None:
        self.session = session

    def redact(self, text: str) -> Redaction:
        if text != self.session.text:
            raise ConfigError("the review session can only share its own document")
        return self.session.redaction()

    @property
    def fingerprint(self) -> str:
        n = len(self.session.decisions())
        return f"{self.session.fingerprint}-decisions{n}" if n else self.session.fingerprint


@dataclass
class ShareSettings:
    """Where "Share" files the write-up, and how the residual check is made (lazily: it
    loads a pipeline)."""

    records: Path
    make_checker: Callable[[], Any]
    group: str = "group"
    session: str | None = None
    min_score: float | None = None
    _checker: Any = None

    def checker(self) -> Any:
        if self._checker is None:
            self._checker = self.make_checker()
        return self._checker


def share(session: ReviewSession, settings: ShareSettings) -> dict[str, Any]:
    """Run the gate; the answer holds the status, the record's name and, for a refusal, each
    residual finding as ``share`` describes it (its context masked)."""
    from ..records import describe, share_document
    from ..records import DEFAULT_CHECK_MIN_SCORE

    min_score = DEFAULT_CHECK_MIN_SCORE if settings.min_score is None else settings.min_score
    with session.lock:
        outcome = share_document(session.doc, settings.records, DecidedRedactor(session),
                                 settings.checker(), group=settings.group,
                                 session=settings.session, min_score=min_score)
    return {"status": outcome.status, "record": outcome.record,
            "residuals": [describe(v) for v in outcome.residuals]}
