"""The page's "Share": the records gate (``balint_redact.records.share_document``) run on the
write-up as the presenter has decided it.

The gate redacts the document itself, with the redactor it is given; here that redactor is
the review session (its detected spans with the decisions applied), so what is filed is what
the page shows. The residual check stays independent: a separate checker Redactor, made by
the caller (the same model and rules plus any names given only to the check).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..confirm.decisions import DecisionFile
from ..errors import ConfigError
from ..redactor import Redaction
from .session import ReviewSession


class DecidedRedactor:
    """A Redactor-like object for the gate: ``redact`` gives the session's result (with the
    session's decisions, or with the ones the gate passes), ``decisions`` are the session's;
    anything else (its rules …) is the base Redactor's."""

    def __init__(self, session: ReviewSession, base: Any = None) -> None:
        self.session = session
        self.base = base

    @property
    def decisions(self) -> DecisionFile:
        return self.session.file

    def redact(self, text: str, *, decisions: DecisionFile | None = None) -> Redaction:
        if text != self.session.text:
            raise ConfigError("the review session can only share its own document")
        if decisions is None:
            return self.session.redaction()
        return self.session.redaction(decisions.for_text(text))

    @property
    def fingerprint(self) -> str:
        n = len(self.session.decisions())
        return f"{self.session.fingerprint}-decisions{n}" if n else self.session.fingerprint

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or self.base is None:
            raise AttributeError(name)
        return getattr(self.base, name)


@dataclass
class ShareSettings:
    """Where "Share" files the write-up, and how the residual check is made (lazily: it
    loads a pipeline). ``redactor``: the Redactor the session was detected with."""

    records: Path
    make_checker: Callable[[], Any]
    group: str = "group"
    session: str | None = None
    min_score: float | None = None
    redactor: Any = None
    check_names: list[str] = field(default_factory=list)
    _checker: Any = None

    def checker(self) -> Any:
        if self._checker is None:
            self._checker = self.make_checker()
        return self._checker


def share(session: ReviewSession, settings: ShareSettings) -> dict[str, Any]:
    """Run the gate; the answer holds the status, the record's name and, for a refusal, each
    residual finding as ``share`` describes it (its context masked) and how many of the
    second reader's items are still to confirm."""
    import inspect

    from ..records import describe, share_document
    from ..records import DEFAULT_CHECK_MIN_SCORE

    min_score = DEFAULT_CHECK_MIN_SCORE if settings.min_score is None else settings.min_score
    extra: dict[str, Any] = {}
    if settings.check_names and "check_names" in inspect.signature(share_document).parameters:
        extra["check_names"] = settings.check_names
    with session.lock:
        outcome = share_document(session.doc, settings.records,
                                 DecidedRedactor(session, settings.redactor),
                                 settings.checker(), group=settings.group,
                                 session=settings.session, min_score=min_score, **extra)
    return {"status": outcome.status, "record": outcome.record,
            "residuals": [describe(v) for v in outcome.residuals],
            "to_confirm": len(getattr(outcome, "pending", None) or ())}
