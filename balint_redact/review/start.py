"""Starting a review: a document and its decisions file read, detection run once.

>>> session = open_review(Path("notes.docx"), redactor)   # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..confirm.decisions import DecisionFile, load_decisions
from ..io.documents import Document, kind_of, load_document
from .second import Reader
from .session import ReviewSession, spans_of


def default_paths(source: Path) -> tuple[Path, Path]:
    """Where Save writes by default: ``NAME-redacted.EXT`` and ``NAME.decisions.toml``
    beside the input."""
    suffix = ".docx" if kind_of(source) == "docx" else source.suffix or ".txt"
    return (source.with_name(f"{source.stem}-redacted{suffix}"),
            source.with_name(f"{source.stem}.decisions.toml"))


def session_for(doc: Document, redactor: Any, decisions: DecisionFile | None = None,
                reader: Reader | None = None,
                check_names: list[str] | None = None) -> ReviewSession:
    """Detect once with ``redactor`` and open a session over ``doc`` (``check_names``: names
    given to the second reader only)."""
    findings = redactor.analyze(doc.text)
    return ReviewSession(doc, spans_of(findings), style=redactor.style,
                         decisions=decisions, reader=reader,
                         fingerprint=getattr(redactor, "fingerprint", ""),
                         check_names=check_names)


def open_review(source: Path, redactor: Any, decisions_path: Path | None = None,
                max_bytes: int | None = None, reader: Reader | None = None,
                check_names: list[str] | None = None) -> ReviewSession:
    """Read ``source`` (.txt, .md, .docx) and the decisions file, if it exists (a later
    Save writes it back with this document's decisions updated)."""
    doc = load_document(Path(source), max_bytes) if max_bytes else load_document(Path(source))
    decisions = None
    if decisions_path is not None and Path(decisions_path).exists():
        decisions = load_decisions(decisions_path)
    return session_for(doc, redactor, decisions, reader, check_names)
