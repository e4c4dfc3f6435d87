"""Detection as an ordered list of named stages, each reading and changing one Document.

Adding a stage is one entry in ``STAGES``; ``select`` switches stages off by name. With a
trace, every change a stage makes to the candidate spans is recorded (balint_redact.detect
.trace), and so are the words that looked like identifiers but were kept.

>>> names()[:4]
('reading', 'casing', 'unwrap', 'model')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

import regex

from ..errors import ConfigError
from ..text.spans import Span, resolve
from . import steps_codes as C
from . import steps_glued as G
from . import steps_lists as L
from . import steps_names as N
from . import steps_nick as K
from . import steps_short as H
from . import steps_people as S
from . import steps_text as T
from .document import Document

if TYPE_CHECKING:
    from .resources import Resources

DocStep = Callable[["Resources", Document], None]
BatchStep = Callable[["Resources", list[Document]], None]
Why = Callable[["Resources", Document, str, Span, list[Span]], str]


@dataclass(frozen=True)
class Stage:
    """One named step: ``run`` changes a batch of documents; ``added`` says why a span it
    adds was added; ``why`` (if any) explains its other changes; ``pieces`` marks the span
    stages that also run on the parts read again in their original casing."""

    name: str
    run: BatchStep
    added: str = ""
    why: Why | None = None
    pieces: bool = True

    @property
    def summary(self) -> str:
        fn = getattr(self.run, "step", self.run)
        return " ".join((fn.__doc__ or "").strip().split("\n\n")[0].split())

    def reason(self, res: "Resources", doc: Document, action: str, span: Span,
               parents: list[Span]) -> str:
        if self.why is not None:
            said = self.why(res, doc, action, span, parents)
            if said:
                return said
        if action == "add":
            return self.added
        if action == "merge":
            return "joined with an overlapping candidate"
        return f"changed by {self.name}"


def each(step: DocStep) -> BatchStep:
    """A per-document step as a batch step."""
    def run(res: "Resources", docs: list[Document]) -> None:
        for doc in docs:
            step(res, doc)
    run.step = step  # type: ignore[attr-defined]
    return run


def _tidy_why(res: "Resources", doc: Document, action: str, span: Span,
              parents: list[Span]) -> str:
    if action == "drop":
        if span.entity_type == "DATE":
            return "not an exact date (a year, a duration or a vague time)"
        word = " ".join(doc.work[span.start:span.end].split())
        if not word:
            return "blank"
        if word.lower() in res.allow_words:
            return "not a name on its own: an allow-list word"
        return "not a name on its own: a common word, a title or layout"
    if action == "relabel":
        return "type from its shape (an organisation or street ending, acts like a person)"
    if action in ("trim", "merge"):
        return "edge words trimmed (titles, common words, layout breaks)"
    return ""


def _protect_why(res: "Resources", doc: Document, action: str, span: Span,
                 parents: list[Span]) -> str:
    if action in ("drop", "trim"):
        for p in parents:
            why = T.protected_by(doc, p.start, p.end)
            if why:
                return f"inside {why}"
    return ""


def _propagate_why(res: "Resources", doc: Document, action: str, span: Span,
                   parents: list[Span]) -> str:
    if action == "add" and span.source == "own-case":
        return "the citation of the parties' own case: it names a person found in this document"
    return _protect_why(res, doc, action, span, parents)


def _original_casing(res: "Resources", docs: list[Document],
                     stages: "tuple[Stage, ...] | None" = None) -> None:
    """Recall first: what the original casing shows counts too — the whole text for
    lower-case notes, only the ALL-CAPS lines otherwise (the span stages run again there)."""
    pieces: list[tuple[Document, Document]] = []  # (document, piece)
    for doc in docs:
        if not doc.recased:
            continue
        lines = doc.caps
        if not lines or sum(b - a for a, b in lines) * 2 > len(doc.read):
            pieces.append((doc, doc.piece(0, doc.read)))  # mostly lower case or capitals
        else:
            pieces += [(doc, doc.piece(a, doc.read[a:b])) for a, b in lines]
    chosen = STAGES if stages is None else stages
    run(res, [p for _, p in pieces], tuple(s for s in chosen if s.pieces), "original_casing/")
    extra: dict[int, tuple[Document, list[Span]]] = {}
    for doc, piece in pieces:
        shift = piece.offset - doc.offset
        extra.setdefault(id(doc), (doc, []))[1].extend(
            Span(s.start + shift, s.end + shift, s.entity_type, s.score, s.source)
            for s in piece.spans)
    for doc, spans in extra.values():
        doc.spans = resolve(doc.spans + spans)


STAGES: tuple[Stage, ...] = (
    Stage("reading", each(T.reading), pieces=False),
    Stage("casing", each(T.casing), pieces=False),
    Stage("unwrap", each(T.unwrap), pieces=False),
    Stage("model", T.model, "found by the model or a pattern rule"),
    Stage("tidy_model", each(T.tidy_model), why=_tidy_why),
    Stage("patterns_first", each(T.patterns_first),
          why=lambda r, d, a, s, p: "overlaps a pattern finding: only the part outside it stays"
          if a in ("drop", "trim") else ""),
    Stage("titled_names", each(T.titled_names), "a name after a title"),
    Stage("placeholders", each(T.placeholders),
          why=lambda r, d, a, s, p: "overlaps or touches one of our own placeholders"),
    Stage("lookups", each(T.lookups), "a firm's term or known name"),
    Stage("protect", each(T.protect), why=_protect_why),
    Stage("codes", each(C.codes), "a code no rule explains", why=C.codes_why, pieces=False),
    Stage("unknown_words", each(N.unknown_words), "a word no dictionary knows",
          why=_protect_why),
    Stage("word_names", each(N.word_names), "a first name that is also a word, in a name's "
          "setting", why=_protect_why),
    Stage("speakers", each(S.speakers), "a speaker's label or initials used as a name",
          why=S.why),
    Stage("role_names", each(S.role_names), "a name set off by its role, post or signature",
          why=S.why),
    Stage("firm_names", each(S.firm_names), "a firm's name joined by '&'", why=S.why),
    Stage("join_names", each(N.join_names), "capitalised words beside a name"),
    Stage("nicknames", each(K.nicknames), K.REASON),
    Stage("name_lists", each(L.name_lists), L.REASON),
    Stage("propagate", each(N.propagate), "a found name seen again", why=_propagate_why),
    Stage("owner_firms", each(S.owner_firms), "a shop or firm named after a person found",
          why=S.why),
    Stage("short_forms", each(H.short_forms), H.REASON),
    Stage("glued", each(G.glued), G.REASON),
    Stage("original_casing", _original_casing,
          "found in the original casing", pieces=False),
)


def names() -> tuple[str, ...]:
    """The stage names, in order."""
    return tuple(s.name for s in STAGES)


def select(stages: Iterable[str] | None = None, skip: Iterable[str] = ()) -> tuple[Stage, ...]:
    """The stages to run: ``stages`` (all by default, always in the list's order) less
    ``skip``. An unknown name is a ConfigError."""
    known = names()
    wanted = list(known) if stages is None else [s for s in stages]
    skipped = list(skip)
    unknown = [s for s in wanted + skipped if s not in known]
    if unknown:
        shown = [u for u in unknown if isinstance(u, str) and regex.fullmatch(r"[a-z_]{1,30}", u)]
        named = ", ".join(shown) if len(shown) == len(unknown) else f"{len(unknown)} given"
        raise ConfigError(f"unknown detection stage(s): {named} (known: {', '.join(known)})")
    return tuple(s for s in STAGES if s.name in wanted and s.name not in skipped)


def run(res: "Resources", docs: list[Document], stages: tuple[Stage, ...],
        prefix: str = "") -> None:
    """Run ``stages`` in order over ``docs``, recording each change in a document's trace."""
    for stage in stages:
        traced = [(d, list(d.spans)) for d in docs if d.trace is not None]
        if stage.name == "original_casing":
            _original_casing(res, docs, stages)
        else:
            stage.run(res, docs)
        for doc, before in traced:
            assert doc.trace is not None
            doc.trace.diff(prefix + stage.name, before, doc.spans,
                           lambda a, s, p, st=stage, d=doc: st.reason(res, d, a, s, p), doc.offset)
