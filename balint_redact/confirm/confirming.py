"""The "to confirm" tier of a share: the second reader's items on a redaction, which of them
a presenter has confirmed, and their answers as decisions on the original text.

An item is found in the redacted text and decided on the original: its position is mapped
back through the redactor's findings (:mod:`balint_redact.confirm.mapping`) and a decision
(keep or redact) on an overlapping range of the original confirms it. A confirmed "redact"
is redacted by running the redactor again with that decision; a "keep" lets it pass.
Nothing here carries text: positions, reasons and masked contexts only.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from ..batch.check_context import safe_context, verbatim_context
from .decisions import Decision, DecisionFile
from .mapping import align, to_original
from .reader import ToConfirm, second_read

#: the entity type a "redact" answer gives an item, by the reader's reason
REDACT_AS = {"email": "EMAIL_ADDRESS", "phone": "PHONE_NUMBER", "url": "URL",
             "code": "ID", "labelled": "ID", "spaced-digits": "ID"}


@dataclass(frozen=True)
class Pending:
    """One item to confirm: where it is (redacted text and original), why, and a context
    with the item and every word that could be a name or a number masked."""

    item: ToConfirm
    original: tuple[int, int] | None
    line: int
    column: int
    context: str
    text: str | None = None  # only with show_text

    @property
    def reason(self) -> str:
        return self.item.reason

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"reason": self.item.reason, "why": self.item.why,
                               "line": self.line, "column": self.column,
                               "context": self.context}
        if self.text is not None:
            out["text"] = self.text
        return out


def describe_pending(p: Pending) -> str:
    """One line for an item to confirm (no text unless it was asked for)."""
    return f"line {p.line}, column {p.column}: to confirm ({p.item.why})  {p.context}"


def _line_starts(text: str) -> list[int]:
    return [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]


def views(text: str, items: Sequence[ToConfirm], originals: Sequence[tuple[int, int] | None],
          show_text: bool = False) -> list[Pending]:
    """Items as a report shows them (line, column, masked context)."""
    starts = _line_starts(text)
    spans = [(i.start, i.end) for i in items]
    out = []
    for item, orig in zip(items, originals):
        line = bisect.bisect_right(starts, item.start)
        ctx = verbatim_context(text, item.start, item.end) if show_text else \
            safe_context(text, item.start, item.end, spans)
        out.append(Pending(item, orig, line, item.start - starts[line - 1] + 1, ctx,
                           text[item.start:item.end] if show_text else None))
    return out


def pending_items(original: str, redaction: Any, *, check_names: Iterable[str] = (),
                  decisions: Iterable[Decision] = (), show_text: bool = False,
                  allow: Iterable[str] = ()) -> list[Pending]:
    """The second reader's items on ``redaction`` (of ``original``) that no decision in
    ``decisions`` (made on ``original``) confirms."""
    segments = align(original, redaction.findings, redaction.text)
    decided = [(d.start, d.end) for d in decisions]
    items, originals = [], []
    for item in second_read(redaction.text, original=original, findings=redaction.findings,
                            check_names=check_names, allow=allow):
        orig = to_original(segments, item.start, item.end)
        if orig is not None and any(a < orig[1] and orig[0] < b for a, b in decided):
            continue
        items.append(item)
        originals.append(orig)
    return views(redaction.text, items, originals, show_text)


def answer(decisions: DecisionFile, original: str, pending: Pending, action: str) -> None:
    """Record a presenter's answer ("keep" or "redact") to ``pending`` on ``original``."""
    if pending.original is None:
        raise ValueError("an item inside a placeholder cannot be decided on the original")
    a, b = pending.original
    decisions.add(original, Decision(a, b, action,  # type: ignore[arg-type]
                                     REDACT_AS.get(pending.reason, "PERSON")))


def merged(*files: DecisionFile | None) -> DecisionFile:
    """One DecisionFile holding the decisions of all ``files`` (later ones win a range)."""
    out = DecisionFile()
    for f in files:
        if f is None:
            continue
        for key, items in f.documents.items():
            have = {(d.start, d.end): d for d in out.documents.get(key, [])}
            have.update({(d.start, d.end): d for d in items})
            out.documents[key] = sorted(have.values(), key=lambda d: (d.start, d.end))
    return out


def same_word_groups(text: str, pending: Sequence[Pending]) -> list[list[Pending]]:
    """Items grouped by their word (case-insensitive), in order of first appearance: a
    presenter answers once for every place of the same word."""
    groups: dict[str, list[Pending]] = {}
    for p in pending:
        groups.setdefault(text[p.item.start:p.item.end].lower(), []).append(p)
    return list(groups.values())


def kept_positions(text: str, allow: Iterable[str] = ()) -> list[list[int]]:
    """The second reader's items on a record's text as [start, end] pairs: stored in the
    index when a presenter confirmed them all, so ``records`` knows they were kept."""
    return [[i.start, i.end] for i in second_read(text, allow=allow)]


def unconfirmed_in_record(text: str, kept: Iterable[Sequence[int]],
                          allow: Iterable[str] = (), check_names: Iterable[str] = ()
                          ) -> list[ToConfirm]:
    """Items of the second reader on a record's text that were not kept when it was shared
    (a part of one of ``check_names`` always counts: it was not known then)."""
    confirmed = {(int(a), int(b)) for a, b in kept}
    return [i for i in second_read(text, allow=allow, check_names=check_names)
            if (i.start, i.end) not in confirmed or i.reason == "check-name"]
