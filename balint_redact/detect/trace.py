"""The decision trace: what each stage did to each candidate span, and the words that looked
like identifiers but were kept. Records hold offsets, never text; ``with_text`` adds the text
only when a caller asks (local analysis: ``balint-redact explain``).

>>> t = Trace()
>>> t.diff("model", [], [Span(0, 5, "PERSON", 0.85, "SpacyRecognizer")], "found by the model")
>>> t.records[0].action, t.records[0].stage, (t.records[0].start, t.records[0].end)
('add', 'model', (0, 5))
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable

from ..text.spans import Span
from ..render.records import without_absent_text

#: the actions a record can name
ACTIONS = ("add", "drop", "trim", "merge", "relabel", "rescore", "keep")

Reason = Callable[[str, Span, list[Span]], str]


@dataclass(frozen=True)
class TraceRecord:
    """One decision about one candidate: offsets into the original text once detection has
    finished (``text`` only when asked for)."""

    stage: str
    action: str
    reason: str
    start: int
    end: int
    entity_type: str = ""
    score: float = 0.0
    source: str = ""
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return without_absent_text(self)


@dataclass
class Trace:
    """The records of one text, in the order the stages made them."""

    records: list[TraceRecord] = field(default_factory=list)

    def __repr__(self) -> str:  # never the text, even if with_text added it
        return f"Trace({len(self.records)} records)"

    def add(self, stage: str, action: str, reason: str, span: Span, offset: int = 0) -> None:
        self.records.append(TraceRecord(stage, action, reason, span.start + offset,
                                        span.end + offset, span.entity_type,
                                        round(span.score, 3), span.source))

    def keep(self, stage: str, reason: str, start: int, end: int) -> None:
        """A word that looked like an identifier and was left in the text."""
        self.records.append(TraceRecord(stage, "keep", reason, start, end))

    def diff(self, stage: str, before: list[Span], after: list[Span],
             reason: str | Reason, offset: int = 0) -> None:
        """Records for what turned ``before`` into ``after``: each new span is an addition,
        a trim, a merge, a relabelling or a rescoring of the old ones it overlaps; each old
        span overlapping no new one was dropped. ``reason`` is a text or a function of
        (action, span, the old spans it came from)."""
        why: Reason = reason if callable(reason) else (lambda _a, _s, _p, r=reason: r)
        old = set(before)
        new = set(after)
        gone = [s for s in before if s not in new]
        came = [s for s in after if s not in old]
        touched: set[Span] = set()
        for a in sorted(came, key=lambda s: (s.start, s.end)):
            parents = [r for r in gone if r.start < a.end and a.start < r.end]
            touched.update(parents)
            action = _action(a, parents)
            self.add(stage, action, why(action, a, parents), a, offset)
        for r in sorted(gone, key=lambda s: (s.start, s.end)):
            if r not in touched:
                # gone into a candidate that was already there (the union of the two)
                into = any(k.start < r.end and r.start < k.end for k in after)
                action = "merge" if into else "drop"
                self.add(stage, action, why(action, r, [r]), r, offset)

    def map_back(self, back: Callable[[int, int], tuple[int, int]]) -> None:
        """Offsets into the reading made offsets into the original text."""
        self.records = [replace(r, start=a, end=b) for r in self.records
                        for a, b in [back(r.start, r.end)]]

    def with_text(self, text: str) -> list[TraceRecord]:
        """The records with the text each one is about (local use only)."""
        return [replace(r, text=text[r.start:r.end]) for r in self.records]

    def about(self, start: int, end: int) -> list[TraceRecord]:
        """The records whose offsets overlap [start, end)."""
        return [r for r in self.records if r.start < end and start < r.end]


def _action(new: Span, parents: list[Span]) -> str:
    if not parents:
        return "add"
    if len(parents) > 1:
        return "merge"
    p = parents[0]
    if (p.start, p.end) == (new.start, new.end):
        return "relabel" if p.entity_type != new.entity_type else "rescore"
    if p.start <= new.start and new.end <= p.end:
        return "trim"
    return "merge"
