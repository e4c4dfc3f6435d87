"""Detected spans and how overlapping detections are resolved into one non-overlapping set.

>>> resolve([Span(0, 5, "PERSON", 0.85), Span(0, 11, "PERSON", 0.6)])
[Span(start=0, end=11, entity_type='PERSON', score=0.85, source='')]
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .entities import ENTITY_TYPES


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entity_type: str
    score: float
    source: str = ""  # which recognizer or rule found it (a name, never text)

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


def _priority(span: Span) -> tuple[int, float, int]:
    """Which type wins a conflict: direct identifiers first, then score, then length."""
    direct = ENTITY_TYPES[span.entity_type].direct if span.entity_type in ENTITY_TYPES else True
    return (1 if direct else 0, span.score, span.end - span.start)


def resolve(spans: list[Span]) -> list[Span]:
    """Merge overlapping spans into their union (recall first: nothing detected is dropped).

    The merged span takes the type of the highest-priority member and the highest score.
    """
    if not spans:
        return []
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    groups: list[list[Span]] = [[ordered[0]]]
    end = ordered[0].end
    for s in ordered[1:]:
        if s.start < end:
            groups[-1].append(s)
            end = max(end, s.end)
        else:
            groups.append([s])
            end = s.end
    out = []
    for g in groups:
        best = max(g, key=_priority)
        out.append(replace(best, start=min(s.start for s in g), end=max(s.end for s in g),
                           score=max(s.score for s in g)))
    return out


def subtract(spans: list[Span], blocked: list[tuple[int, int]]) -> list[Span]:
    """Drop spans lying wholly inside a blocked range (an allow-listed phrase)."""
    if not blocked:
        return spans
    return [s for s in spans if not any(b0 <= s.start and s.end <= b1 for b0, b1 in blocked)]
