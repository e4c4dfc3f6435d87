"""The gate to a Balint group's shared records: redact, re-check independently, file, verify.

Nothing reaches the records folder except through :func:`share_document`:

1. the document is redacted in memory by ``redactor``;
2. the redacted result is re-read (the record's own bytes: decoded text, or the redacted
   Word file read back from its temporary copy) and checked by a *separate* ``checker``
   (same rules, plus names given only to it) at a stricter threshold; any finding at or
   above ``min_score`` refuses the share and nothing is filed (fail closed);
3. the independent second reader (:mod:`balint_redact.confirm`) reads the redaction; each
   of its items must be confirmed by the presenter (a decision on the original: keep or
   redact) or the share stops with status "to-confirm" and nothing is filed;
4. otherwise the record is filed under a name that reveals nothing about the client
   (``group/YYYY-MM-DD/NNN.md``) and an index entry with no identifier is appended.

The original file is never copied anywhere. :func:`verify_records`
(:mod:`balint_redact.records.verify`) re-checks a records folder against its index (see
docs/records.md for the layout and the index format).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from ..errors import ConfigError, InputError, OutputError
from .index import INDEX_VERSION, utc_now, validate_group, validate_session
from .store import file_record, new_temp, preview_name
from .verify import (TEMP_GRACE_SECONDS, RecordReport, VerifyReport,  # noqa: F401
                             verify_records)

if TYPE_CHECKING:  # pragma: no cover
    from ..batch.check import FindingView
    from ..confirm.confirming import Pending
    from ..confirm.decisions import DecisionFile
    from ..io.documents import Document
    from ..redactor import Redaction, Redactor

#: the residual check refuses any finding at or above this score (stricter than `check`)
DEFAULT_CHECK_MIN_SCORE = 0.3


def describe(view: "FindingView") -> str:
    """One line for a residual finding: where, what, and its (masked) context."""
    kind = "direct" if view.direct else "quasi"
    return (f"line {view.line}, column {view.column}: {view.entity_type} ({kind}, "
            f"score {view.score:.2f})  {view.context}")


@dataclass
class ShareOutcome:
    """What happened to one share: "shared", "refused" or "dry-run"."""

    status: str
    kind: str
    counts: dict[str, int]
    residuals: list["FindingView"] = field(default_factory=list)
    record: str | None = None  # the record filed (or, for a dry run, the name it would get)
    entry: dict[str, Any] | None = None
    checked_text: str = field(default="", repr=False)  # the redacted text as re-read
    redaction: "Redaction | None" = field(default=None, repr=False)
    #: the second reader's items nobody has confirmed yet (status "to-confirm")
    pending: list["Pending"] = field(default_factory=list)
    #: one-line notes without text (e.g. decisions made for another text were ignored)
    notes: tuple[str, ...] = ()

    @property
    def shared(self) -> bool:
        return self.status == "shared"

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "format": self.kind, "counts": self.counts,
                "record": self.record, "residuals": [r.to_dict() for r in self.residuals],
                "to_confirm": [p.to_dict() for p in self.pending],
                "notes": list(self.notes), "entry": self.entry}


# --------------------------------------------------------------------------- checking


def residual_check(checker: "Redactor", text: str, min_score: float = DEFAULT_CHECK_MIN_SCORE,
                   show_text: bool = False) -> list["FindingView"]:
    """What ``checker`` still finds in ``text`` at or above ``min_score`` (direct or quasi),
    as `balint-redact check` shows it: line, column, type, score, masked context.
    The placeholders the redactor writes ("Person A", "[email]") are not residual."""
    from ..batch.check import report_for_text

    if not 0.0 <= min_score <= 1.0:
        raise ConfigError("the check threshold must be between 0 and 1")
    findings = checker.analyze(text)
    return report_for_text("record", text, findings, show_text, min_score).findings


# --------------------------------------------------------------------------- sharing


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _remove(path: Path | None) -> None:
    if path is not None:
        try:
            os.unlink(path)
        except OSError:
            pass


def _prepare_docx(doc: "Document", redaction: "Redaction", temp: Path) -> tuple[bytes, str]:
    """Write the redacted Word copy to ``temp``; return its bytes and its text read back."""
    from ..io.docx_io import extract_text, write_redacted_docx
    from ..io.documents import docx_edits

    assert doc.path is not None
    replacements = [(f.start, f.end, f.placeholder) for f in redaction.findings]
    write_redacted_docx(doc.path, temp, docx_edits(doc.text, replacements))
    _check_docx_properties(temp)
    return temp.read_bytes(), extract_text(temp)


def _check_docx_properties(path: Path) -> None:
    """Read the redacted copy back: its document properties must be empty (fail closed)."""
    import docx

    from ..io.docx_io import METADATA_FIELDS

    try:
        props = docx.Document(str(path)).core_properties
        left = [a for a in METADATA_FIELDS if (getattr(props, a) or "").strip()]
    except Exception as exc:
        raise OutputError(f"cannot read back the redacted Word copy "
                          f"({type(exc).__name__}); nothing was written") from None
    if left:
        raise OutputError(f"the redacted Word copy still has document properties set "
                          f"({', '.join(left)}); nothing was written")


def share_document(doc: "Document", root: Path, redactor: "Redactor", checker: "Redactor", *,
                   group: str = "group", session: str | None = None,
                   min_score: float = DEFAULT_CHECK_MIN_SCORE, dry_run: bool = False,
                   show_text: bool = False, confirm: "DecisionFile | None" = None,
                   check_names: Sequence[str] = ()) -> ShareOutcome:
    """Redact ``doc``, re-check the result with ``checker`` and file it in ``root``.

    Returns an outcome with status "refused" (nothing written; ``residuals`` says where),
    "to-confirm" (nothing written; ``pending`` lists the second reader's items nobody has
    confirmed), "dry-run" (nothing written; ``record`` is the name it would get) or
    "shared". ``checker`` must be a different Redactor from ``redactor`` (an independent
    check). ``confirm`` holds the presenter's answers (decisions on the original text: a
    "redact" is redacted before filing, a "keep" lets the item pass); ``check_names`` are
    flagged by the second reader wherever a part of them survives.
    """
    from .. import __version__
    from ..confirm.confirming import kept_positions, merged, pending_items

    group = validate_group(group)
    session = validate_session(session)
    if checker is redactor:
        raise ConfigError("the residual check needs its own Redactor (an independent check)")
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise OutputError(f"records folder {root} is not a folder")
    if doc.path is not None and is_inside(doc.path, root):
        raise ConfigError("the input is inside the records folder; originals must never be "
                         "stored there")
    if doc.kind not in ("text", "docx"):
        raise InputError(f"unsupported document kind {doc.kind!r}")

    decisions = merged(redactor.decisions, confirm)
    red = redactor.redact(doc.text, decisions=decisions)
    counts = red.counts()
    temp: Path | None = None
    scratch: Path | None = None
    made_root = False
    try:
        if doc.kind == "text":
            data = red.text.encode("utf-8")
            checked = data.decode("utf-8")
        else:
            if dry_run:  # a private scratch folder: a dry run writes nothing to the records
                scratch = Path(tempfile.mkdtemp(prefix="balint-share-"))
                temp = scratch / "record.docx"
            else:
                made_root = _ensure_root(root)
                temp = _temp_in(root, "docx")
            data, checked = _prepare_docx(doc, red, temp)
        residuals = residual_check(checker, checked, min_score, show_text=show_text)
        if residuals:
            _remove(temp)
            return ShareOutcome("refused", doc.kind, counts, residuals, checked_text=checked,
                                redaction=red, notes=red.notes)
        allow = tuple(redactor.rules.allow) + tuple(checker.rules.allow)
        pending = pending_items(doc.text, red, check_names=check_names,
                                decisions=decisions.for_text(doc.text), show_text=show_text,
                                allow=allow)
        if pending:
            _remove(temp)
            return ShareOutcome("to-confirm", doc.kind, counts, [], checked_text=checked,
                                redaction=red, pending=pending, notes=red.notes)
        if dry_run:
            name = preview_name(root, group, session, doc.kind) if root.is_dir() else \
                f"{group}/{session}/001.{'md' if doc.kind == 'text' else 'docx'}"
            return ShareOutcome("dry-run", doc.kind, counts, [], name, checked_text=checked,
                                redaction=red, notes=red.notes)
        if temp is None:
            _ensure_root(root)
            temp = _temp_in(root, "text")
            _write_all(temp, data)
        entry = {"v": INDEX_VERSION, "counts": counts, "sha256": _sha256(data),
                 "bytes": len(data), "tool_version": __version__,
                 "rules_fingerprint": redactor.fingerprint,
                 "check_fingerprint": checker.fingerprint,
                 "check_min_score": min_score, "created": utc_now()}
        kept = kept_positions(checked, allow)
        if kept:  # the second reader's items the presenter confirmed: positions, no text
            entry["kept"] = kept
        name = file_record(root, group, session, doc.kind, temp, entry)
        temp = None
        full = dict(entry, record=name, group=group, session=session, format=doc.kind,
                    status="active")
        return ShareOutcome("shared", doc.kind, counts, [], name, full, checked, red,
                            notes=red.notes)
    finally:
        _remove(temp)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        if made_root:
            try:
                root.rmdir()  # only succeeds if nothing was filed
            except OSError:
                pass


def _ensure_root(root: Path) -> bool:
    """Create the records folder if needed; True if this call created it."""
    if root.is_dir():
        return False
    try:
        root.mkdir(parents=True)
        return True
    except FileExistsError:
        return False
    except OSError as exc:
        raise OutputError(f"cannot create the records folder {root} "
                          f"({exc.strerror or type(exc).__name__})") from None


def _temp_in(root: Path, kind: str) -> Path:
    try:
        return new_temp(root, kind)
    except OSError as exc:
        raise OutputError(f"cannot write into the records folder {root} "
                          f"({exc.strerror or type(exc).__name__})") from None


def _write_all(path: Path, data: bytes) -> None:
    try:
        with open(path, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise OutputError(f"cannot write into the records folder "
                          f"({exc.strerror or type(exc).__name__})") from None


def is_inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False
