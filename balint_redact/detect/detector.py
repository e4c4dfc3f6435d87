"""The detector: the loaded resources plus the stages chosen, run over a batch of texts
(``Redactor`` builds one; ``Redactor(skip_stages=[...])`` chooses its stages)."""

from __future__ import annotations

from typing import Iterable, Sequence

from .engine import DetectionEngine
from ..errors import DetectionError
from ..rules.schema import RuleSet
from ..text.spans import Span
from .document import Document
from .kept import note_kept
from .resources import Resources
from .stages import run, select
from .trace import Trace


class Detector(Resources):
    """Everything detection needs for one configuration, loaded once and reused; ``stages``
    and ``skip_stages`` choose the stages by name (all of them by default)."""

    def __init__(self, engine: DetectionEngine, rules: RuleSet,
                 known_names: Iterable[str] = (), fuzzy_names: bool = False,
                 stages: Iterable[str] | None = None, skip_stages: Iterable[str] = ()) -> None:
        self.stages = select(stages, skip_stages)
        super().__init__(engine, rules, known_names, fuzzy_names)

    def detect_documents(self, texts: Sequence[str], explain: bool = False) -> list[Document]:
        """Each text through the stages; spans (and trace offsets) into the text as given.
        Any failure is a DetectionError naming only the kind of error (fail closed)."""
        try:
            docs = [Document(text=t, read=t, work=t, trace=Trace() if explain else None)
                    for t in texts]
            run(self, docs, self.stages)
            for doc in docs:
                note_kept(self, doc)
                if doc.reading is not None:
                    doc.spans = doc.reading.spans_back(doc.spans)
                    if doc.trace is not None and not doc.reading.identity:
                        doc.trace.map_back(doc.reading.original_span)
            return docs
        except DetectionError:
            raise
        except Exception as exc:  # any stage failing: fail closed, name the kind only
            raise DetectionError(f"detection failed ({type(exc).__name__}); "
                                 "no output was written for this input") from None

    def detect_spans(self, text: str, engine_spans: list[Span], lowered: bool = False,
                     caps: Sequence[tuple[int, int]] = ()) -> list[Span]:
        """The span stages after the model, on a text whose model spans are given (no
        reading, casing or second look in the original casing)."""
        doc = Document(text=text, read=text, work=text, spans=list(engine_spans),
                       lowered=lowered, caps=list(caps))
        run(self, [doc], tuple(s for s in self.stages if s.pieces and s.name != "model"))
        return doc.spans

    def detect_many(self, texts: Sequence[str]) -> list[list[Span]]:
        """Spans for each text, as offsets into it."""
        return [d.spans for d in self.detect_documents(texts)]
