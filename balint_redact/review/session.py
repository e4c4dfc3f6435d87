"""One write-up under review: its detected spans, the presenter's decisions, and the actions
of the page (redact a word everywhere, keep a redaction, confirm an item, undo, save, share).

Detection runs once, when the session is made; every action re-renders the document from the
detected spans with the decisions applied (``apply_decisions`` before placeholders are
assigned), so a click costs no detection. Decisions are stored by the document's hash and
positions, never its text (``balint_redact.confirm.decisions``).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Iterable

from ..confirm.decisions import (Decision, DecisionFile, apply_decisions, save_decisions,
                                 text_hash)
from ..errors import ConfigError, InputError
from ..io.documents import Document, write_redacted
from ..io.textio import guard_output
from ..redactor import Finding, Redaction
from ..render.entities import ENTITY_TYPES
from ..text.spans import Span
from . import view
from .second import Item, Reader, to_confirm

#: types a presenter can give a word they redact (the rest are numbers and codes, which
#: detection finds by their shape)
REDACT_AS = ("PERSON", "NAME", "ORGANIZATION", "LOCATION", "ADDRESS")
#: how many steps "Undo" can take back
UNDO_STEPS = 200


def spans_of(findings: Iterable[Any]) -> list[Span]:
    """Spans from a Redactor's findings (objects or the HTTP API's dicts)."""
    out = []
    for f in findings:
        get = f.get if isinstance(f, dict) else lambda k, f=f: getattr(f, k, "")
        out.append(Span(int(get("start")), int(get("end")), str(get("entity_type")),
                        float(get("score") or 0.0), str(get("recognizer") or "")))
    return out


class ReviewSession:
    """A document, what detection found in it, and the presenter's decisions so far."""

    def __init__(self, doc: Document, detected: list[Span], *, style: str = "placeholder",
                 decisions: DecisionFile | None = None, reader: Reader | None = None,
                 fingerprint: str = "", check_names: list[str] | None = None) -> None:
        self.doc = doc
        self.text = doc.text
        self.detected = list(detected)
        self.style = style
        self.file = decisions if decisions is not None else DecisionFile()
        self.reader = reader
        self.check_names = list(check_names or [])
        self.fingerprint = fingerprint
        self.lock = threading.RLock()
        self.saved_decisions = self.decisions()
        self._undo: list[list[Decision]] = []
        self._cache: tuple[list[Decision], str, view.Pairs] | None = None
        # a stale decisions file (for another text) is ignored by for_text; one beyond the
        # end of this text is refused here, before anything is shown
        apply_decisions([], self.decisions(), len(self.text))

    # ------------------------------------------------------------------ state

    def decisions(self) -> list[Decision]:
        return self.file.for_text(self.text)

    def _set(self, decisions: list[Decision]) -> None:
        self._undo = (self._undo + [self.decisions()])[-UNDO_STEPS:]
        self.file.documents.pop(text_hash(self.text), None)
        for d in decisions:
            self.file.add(self.text, d)

    def rendered(self) -> tuple[str, view.Pairs]:
        """The redacted text and its replacements, with the decisions applied."""
        decisions = self.decisions()
        if self._cache is None or self._cache[0] != decisions:
            spans = apply_decisions(self.detected, decisions, len(self.text))
            self._cache = (decisions, *view.render(self.text, spans, self.style))
        return self._cache[1], self._cache[2]

    def redaction(self, decisions: list[Decision] | None = None) -> Redaction:
        """The current result (or the result with ``decisions`` instead of the session's) as
        the library's Redaction (findings without text)."""
        if decisions is None:
            text, pairs = self.rendered()
        else:
            spans = apply_decisions(self.detected, decisions, len(self.text))
            text, pairs = view.render(self.text, spans, self.style)
        return Redaction(text, [Finding(s.start, s.end, s.entity_type, round(s.score, 3), rep,
                                        ENTITY_TYPES[s.entity_type].direct, s.source)
                                for s, rep in pairs])

    def items(self) -> list[Item]:
        text, _ = self.rendered()
        return to_confirm(text, self.text, self.redaction().findings, self.reader,
                          self.check_names)

    # ------------------------------------------------------------------ actions

    def _word(self, start: int, end: int) -> tuple[int, int]:
        if not (isinstance(start, int) and isinstance(end, int) and
                0 <= start < end <= len(self.text)):
            raise InputError("the position is outside the document")
        found = view.word_at(self.text, start, end) or view.phrase_at(self.text, start, end)
        if found is None:
            raise InputError("there is no word at that position (a selection must be whole "
                             "words on one line)")
        _, pairs = self.rendered()
        if any(s.start < found[1] and found[0] < s.end for s, _ in pairs):
            raise InputError("a selection to redact must not hold a replacement")
        return found

    def redact_word(self, start: int, end: int, entity_type: str = "PERSON") -> int:
        """Redact the word (or the selected words) at ``start:end`` and every other mention of
        it, under one placeholder; a mention kept by an earlier decision gets its detected
        redaction back. Returns the mentions changed."""
        if entity_type not in REDACT_AS:
            raise InputError("a word can be redacted as a person, a name, an organisation, a "
                             "place or an address")
        a, b = self._word(start, end)
        places = view.mentions(self.text, a, b)
        keeps = [d for d in self.decisions()
                 if not (d.action == "keep" and any(d.start < e and s < d.end
                                                    for s, e in places))]
        covered = apply_decisions(self.detected, keeps, len(self.text))
        new = [Decision(s, e, "redact", entity_type) for s, e in places
               if not any(c.start < e and s < c.end for c in covered)]
        self._set(keeps + new)
        return len(places)

    def keep(self, start: int, end: int) -> int:
        """Keep the redaction at ``start:end`` as written, and every other redaction of the
        same words. Returns how many were kept."""
        _, pairs = self.rendered()
        clicked = next((s for s, _ in pairs if (s.start, s.end) == (start, end)), None)
        if clicked is None:
            raise InputError("there is no redaction at that position")
        targets = [s for s, _ in pairs if view.same_text(self.text, s, clicked)]
        hit = lambda d: any(d.start < t.end and t.start < d.end for t in targets)  # noqa: E731
        left = [d for d in self.decisions() if not (d.action == "redact" and hit(d))]
        still = apply_decisions(self.detected, left, len(self.text))
        left += [Decision(s.start, s.end, "keep", s.entity_type) for s in still
                 if any(s.start < t.end and t.start < s.end for t in targets)]
        self._set(left)
        return len(targets)

    def confirm(self, start: int, end: int) -> None:
        """The presenter has read a "to confirm" word and it may stay (a keep decision on its
        range, which is what a later ``share --confirm`` reads)."""
        a, b = self._word(start, end)
        self._set([d for d in self.decisions() if (d.start, d.end) != (a, b)] +
                  [Decision(a, b, "keep")])

    def undo(self) -> bool:
        if not self._undo:
            return False
        previous = self._undo.pop()
        self.file.documents.pop(text_hash(self.text), None)
        for d in previous:
            self.file.add(self.text, d)
        return True

    # ------------------------------------------------------------------ the page's state

    def state(self) -> dict[str, Any]:
        """Everything the page shows; it holds the original words (the presenter's page only,
        never a log or a report)."""
        _, pairs = self.rendered()
        error = None
        try:
            items = self.items()
        except Exception as exc:  # the second reader is a help; its failure is shown
            items, error = [], f"the second reader could not run ({type(exc).__name__})"
        kept = {(d.start, d.end) for d in self.decisions() if d.action == "keep"}
        confirm = []
        for item in items:
            where = view.to_original(pairs, len(self.text), item)
            if where is not None:
                confirm.append({"a": where[0], "b": where[1], "reason": item.reason,
                                "word": self.text[where[0]:where[1]],
                                "kept": any(ka <= where[0] and where[1] <= kb
                                            for ka, kb in kept)})
        counts: dict[str, int] = {}
        for s, _ in pairs:
            counts[s.entity_type] = counts.get(s.entity_type, 0) + 1
        return {"segments": view.segments(self.text, pairs, items, kept),
                "legend": view.legend(self.text, pairs), "confirm": confirm,
                "reader_error": error, "counts": dict(sorted(counts.items())),
                "decisions": len(self.decisions()), "can_undo": bool(self._undo),
                "dirty": self.decisions() != self.saved_decisions, "kind": self.doc.kind,
                "redact_as": [{"type": t, "label": ENTITY_TYPES[t].label} for t in REDACT_AS]}

    # ------------------------------------------------------------------ saving

    def replacements(self) -> list[tuple[int, int, str]]:
        return [(s.start, s.end, rep) for s, rep in self.rendered()[1]]

    def save(self, output: Path, decisions_path: Path) -> None:
        """Write the redacted copy (Word for Word) and the decisions file, atomically, never
        over the input."""
        guard_output(self.doc.path, output)
        guard_output(self.doc.path, decisions_path, "the decisions file")
        if Path(output).resolve() == Path(decisions_path).resolve():
            raise ConfigError("the output and the decisions file must be different files")
        text, _ = self.rendered()
        # the decisions first: if the copy cannot be written, the corrections are not lost
        self.keep_decisions(decisions_path)
        write_redacted(self.doc, text, self.replacements(), Path(output))
        self.saved_decisions = self.decisions()

    def keep_decisions(self, decisions_path: Path) -> None:
        """Write the decisions file only (a review that ended unsaved keeps its corrections
        for the next one, which reads them back)."""
        guard_output(self.doc.path, decisions_path, "the decisions file")
        save_decisions(decisions_path, self.file)
