"""The one object every detection stage reads and changes: a text, the copy detection reads,
the candidate spans so far, the regions that protect words, and (if asked) the trace.

>>> doc = Document.of("Mrs Patel rang.")
>>> doc.work == doc.text, doc.spans
(True, [])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..text.spans import Span

if TYPE_CHECKING:
    from ..text.normalize import Reading
    from .trace import Trace


@dataclass
class Document:
    """One text on its way through the stages.

    ``text`` is the text as given; ``read`` its normalised reading (obfuscation undone, see
    balint_redact.text.normalize); ``work`` the same-length copy the span stages read (casing
    restored, hard wraps joined). Spans are offsets into ``work`` (so into ``read``) until the
    last stage maps them back into ``text``.
    """

    text: str
    read: str = ""
    work: str = ""
    reading: "Reading | None" = None
    spans: list[Span] = field(default_factory=list)
    #: all-lower-case notes; ALL-CAPS line ranges given ordinary casing
    lowered: bool = False
    caps: list[tuple[int, int]] = field(default_factory=list)
    #: the casing stage changed the copy (so the original casing gets a second look)
    recased: bool = False
    #: our own placeholders; allow-listed phrases; public pages; [[keep]] regions
    marks: list[tuple[int, int]] = field(default_factory=list)
    allowed: list[tuple[int, int]] = field(default_factory=list)
    public: list[tuple[int, int]] = field(default_factory=list)
    kept: list[tuple[int, int]] = field(default_factory=list)
    #: set when protect has run: only then do later stages cut protected regions
    protected: bool = False
    #: where ``work`` starts in its parent's (a piece in its original casing), else 0
    offset: int = 0
    trace: "Trace | None" = None

    @classmethod
    def of(cls, text: str, trace: "Trace | None" = None) -> "Document":
        """A document whose reading and working copy are the text itself."""
        return cls(text=text, read=text, work=text, trace=trace)

    def piece(self, offset: int, text: str) -> "Document":
        """A part of this document's reading, read again in its own casing (no casing or
        unwrapping of its own); its trace records land in this document's trace."""
        return Document(text=text, read=text, work=text, offset=self.offset + offset,
                        trace=self.trace)
