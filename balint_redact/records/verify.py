"""`records`: check a records folder against its index, without following any link.

Every active record must be present (a plain file reached through plain folders), match its
hash and pass today's check; withdrawn records must be gone; the index's hash chain must
hold; nothing else may be in the folder. What is reported names only what we wrote: record
names, ``index.jsonl`` line numbers, and for anything else a count and the folder of ours it
sits in — never the name someone gave a stray file or a link, nor where a link points.
"""

from __future__ import annotations

import bisect
import os
import re
import shutil
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from ..render.entities import ENTITY_TYPES
from ..errors import BalintRedactError, InputError
from .chain import ranges
from .fs import LinkError, folder, kind_of, read_regular, walk
from .index import (INDEX_NAME, LOCK_NAME, TEMP_PREFIX, IndexState, _root_fd,
                            parse_record_name, read_index, records_lock)

if TYPE_CHECKING:  # pragma: no cover
    from ..redactor import Redactor

#: a temporary file younger than this may belong to a share in progress
TEMP_GRACE_SECONDS = 3600
# the names mkstemp gives our temporary files (still only counted: a hand-made one matches)
_TEMP_RE = re.compile(re.escape(TEMP_PREFIX) + r"[a-z0-9_]{8}\.(md|docx)\.tmp\Z")
_CREATED_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z")
_SHA_RE = re.compile(r"[0-9a-f]{64}\Z")


@dataclass
class RecordReport:
    record: str
    status: str  # "active" | "withdrawn"
    format: str
    created: str
    counts: dict[str, int]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class VerifyReport:
    root: str
    records: list[RecordReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # folder-level: index lines, strays
    notes: list[str] = field(default_factory=list)  # not problems (e.g. a share in progress)
    checked: bool = True
    index_lines: int = 0
    index_head: str = ""  # SHA-256 of the index's last line (the next line's "prev")
    unchained: int = 0  # leading lines written before the index had a hash chain

    @property
    def ok(self) -> bool:
        return not self.problems and all(r.ok for r in self.records)

    def to_dict(self) -> dict[str, Any]:
        return {"root": self.root, "ok": self.ok, "checked": self.checked,
                "index": {"lines": self.index_lines, "head": self.index_head,
                          "unchained": self.unchained},
                "problems": self.problems, "notes": self.notes,
                "records": [asdict(r) | {"ok": r.ok} for r in self.records]}


def _record_text(kind: str, data: bytes) -> str:
    """The text of a record's bytes (a Word record is read from a private copy: the file
    in DIR is never opened by path)."""
    if kind != "docx":
        return data.decode("utf-8")
    from ..io.docx_io import extract_text

    scratch = Path(tempfile.mkdtemp(prefix="balint-verify-"))
    try:
        copy = scratch / "record.docx"
        copy.write_bytes(data)
        return extract_text(copy)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _shown_fields(entry: dict[str, Any], rep: RecordReport) -> None:
    """Only well-formed dates and counts are shown: a hand-edited index could hold text."""
    created = entry.get("created", "")
    counts = entry.get("counts", {})
    good_date = isinstance(created, str) and (created == "" or _CREATED_RE.match(created))
    good_counts = isinstance(counts, dict) and all(
        k in ENTITY_TYPES and type(v) is int and v >= 0 for k, v in counts.items())
    rep.created = created if good_date else "?"
    rep.counts = dict(counts) if good_counts else {}
    if not (good_date and good_counts):
        rep.problems.append("its index entry has a malformed date or counts (not shown)")


def _verify_one(root_fd: int, name: str, entry: dict[str, Any], checker: "Redactor | None",
                min_score: float, check_names: tuple[str, ...] = ()) -> RecordReport:
    from .gate import _sha256, residual_check

    parsed = parse_record_name(name)
    assert parsed is not None  # read_index drops malformed names
    group, session, _, kind = parsed
    rep = RecordReport(name, str(entry.get("status")), kind, "", {})
    _shown_fields(entry, rep)
    if entry.get("group") != group or entry.get("session") != session or \
            entry.get("format", kind) != kind:
        rep.problems.append("index entry does not match the record's name")
    if rep.status == "active" and not (isinstance(entry.get("sha256"), str)
                                       and _SHA_RE.match(entry["sha256"])):
        rep.problems.append("its index entry has no valid hash")
    leaf = name.rsplit("/", 1)[1]
    try:
        with folder(root_fd, [group, session]) as session_fd:
            what = kind_of(session_fd, leaf) if session_fd is not None else None
            if rep.status == "withdrawn":
                if what is not None:
                    rep.problems.append("withdrawn but the file is still present")
                return rep
            if what is None:
                rep.problems.append("missing: the file is not in the records folder")
                return rep
            if what != "file":
                rep.problems.append("is a symbolic link or not a plain file (not followed)")
                return rep
            assert session_fd is not None
            data = read_regular(session_fd, leaf, name)
    except LinkError:
        rep.problems.append("not checked: a symbolic link or a non-folder is on its path "
                            "(not followed)")
        return rep
    except OSError as exc:
        rep.problems.append(f"cannot be read ({exc.strerror or type(exc).__name__})")
        return rep
    if _sha256(data) != entry.get("sha256"):
        rep.problems.append("tampered: its content hash differs from the index")
    if checker is None:
        return rep
    try:
        text = _record_text(kind, data)
    except (UnicodeDecodeError, InputError):
        rep.problems.append("cannot be read as "
                            f"{'a Word document' if kind == 'docx' else 'UTF-8 text'}")
        return rep
    residuals = residual_check(checker, text, min_score)
    if residuals:
        where = ", ".join(f"{r.entity_type} at line {r.line}:{r.column}" for r in residuals[:10])
        more = f" and {len(residuals) - 10} more" if len(residuals) > 10 else ""
        rep.problems.append(f"fails the check today ({len(residuals)} finding"
                            f"{'s' if len(residuals) != 1 else ''}: {where}{more})")
    _second_read(text, entry.get("kept", []), rep, tuple(checker.rules.allow), check_names)
    return rep


def _second_read(text: str, kept: Any, rep: RecordReport, allow: tuple[str, ...],
                 check_names: tuple[str, ...]) -> None:
    """The independent second reader on a record: every item it finds must have been
    confirmed ("kept") when the record was shared; positions and reasons only."""
    from ..confirm.confirming import unconfirmed_in_record

    if not (isinstance(kept, list) and all(
            isinstance(k, list) and len(k) == 2 and all(type(v) is int for v in k)
            for k in kept)):
        rep.problems.append("its index entry has malformed confirmed positions (not used)")
        kept = []
    items = unconfirmed_in_record(text, kept, allow, check_names)
    if not items:
        return
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    where = []
    for i in items[:10]:
        line = bisect.bisect_right(starts, i.start)
        where.append(f"{i.reason} at line {line}:{i.start - starts[line - 1] + 1}")
    more = f" and {len(items) - 10} more" if len(items) > 10 else ""
    rep.problems.append(f"the second reader finds {len(items)} unconfirmed item"
                        f"{'s' if len(items) != 1 else ''} ({', '.join(where)}{more}); "
                        "share it again to confirm them")


def _place(parts: tuple[str, ...], known_dirs: set[str]) -> str:
    """Where an entry is, named by the nearest folder of ours (never by its own name)."""
    for i in range(len(parts) - 1, 0, -1):
        anc = "/".join(parts[:i])
        if anc in known_dirs:
            return f"in {anc}/" if i == len(parts) - 1 else \
                f"under {anc}/ (in a folder the index does not know)"
    return "at the top of the records folder" if len(parts) == 1 else \
        "in a folder the index does not know"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _survey(root_fd: int, state: IndexState, report: VerifyReport) -> None:
    """Everything in DIR the index does not account for: counts and places only."""
    known_files = {INDEX_NAME, LOCK_NAME} | set(state.current)
    known_dirs: set[str] = set()
    for name in state.current:
        g, s = name.split("/")[:2]
        known_dirs |= {g, f"{g}/{s}"}
    strays: Counter[str] = Counter()
    links: Counter[str] = Counter()
    odd: Counter[str] = Counter()
    now = time.time()
    temps = [0, 0]  # (in progress, left over)
    for e in walk(root_fd):
        rel = "/".join(e.parts)
        if e.kind == "dir":
            continue
        if e.kind == "file":
            if rel in known_files:
                continue
            if len(e.parts) == 1 and _TEMP_RE.match(rel):
                temps[_temp_is_old(root_fd, rel, now)] += 1
                continue
            strays[_place(e.parts, known_dirs)] += 1
        elif e.kind == "link":
            if rel in known_files or rel in known_dirs:
                report.problems.append(f"{rel} is a symbolic link (not followed; remove it)")
            else:
                links[_place(e.parts, known_dirs)] += 1
        else:
            odd[_place(e.parts, known_dirs)] += 1
    if temps[1]:
        report.problems.append(f"{_plural(temps[1], 'leftover temporary file')} at the top "
                               "of the records folder (an interrupted share; remove "
                               f"{'it' if temps[1] == 1 else 'them'})")
    if temps[0]:
        report.notes.append(f"{_plural(temps[0], 'temporary file')} at the top of the "
                            "records folder (a share in progress?)")
    for where, n in strays.items():
        report.problems.append(f"{_plural(n, 'stray file')} not in the index {where}")
    for where, n in links.items():
        report.problems.append(f"{_plural(n, 'symbolic link')} {where} (not followed; "
                               f"remove {'it' if n == 1 else 'them'})")
    for where, n in odd.items():
        report.problems.append(f"{n} {'entry' if n == 1 else 'entries'} {where} neither a "
                               "plain file nor a folder (or nested too deep to check)")


def _temp_is_old(root_fd: int, rel: str, now: float) -> bool:
    try:
        age = now - os.stat(rel, dir_fd=root_fd, follow_symlinks=False).st_mtime
    except OSError:
        return False
    return age > TEMP_GRACE_SECONDS


def _links_to(root_fd: int, name: str) -> int:
    try:
        return os.stat(name, dir_fd=root_fd, follow_symlinks=False).st_nlink
    except OSError:
        return 0


def _index_report(state: IndexState, report: VerifyReport) -> None:
    chain = state.chain
    report.index_lines, report.index_head = chain.lines, chain.head
    report.unchained = len(chain.unchained)
    for n in state.malformed:
        report.problems.append(f"{INDEX_NAME} line {n} is not a valid entry (skipped)")
    for n, what in chain.breaks:
        report.problems.append(f"{INDEX_NAME} line {n} {what}")
    if chain.unchained:
        many = len(chain.unchained) > 1
        report.notes.append(f"{INDEX_NAME} line{'s' if many else ''} "
                            f"{ranges(chain.unchained)} {'are' if many else 'is'} unchained "
                            "(written before the index had a hash chain): an edit to them "
                            "cannot be detected")
    for name in state.refiled:
        report.problems.append(f"{name} has more than one \"active\" entry in the index")


def verify_records(root: Path, checker: "Redactor | None" = None,
                   min_score: float | None = None, check_names: Iterable[str] = ()
                   ) -> VerifyReport:
    """Check a records folder against its index: every active record present, its hash
    matching, passing ``checker`` today (skipped when None); withdrawn records gone; the
    index chain intact; no stray file, link or special file. Holds a shared lock."""
    from .gate import DEFAULT_CHECK_MIN_SCORE

    min_score = DEFAULT_CHECK_MIN_SCORE if min_score is None else min_score
    root = Path(root)
    if not root.is_dir():
        raise InputError(f"no records folder at {root}")
    report = VerifyReport(str(root), checked=checker is not None)
    with ExitStack() as stack:
        try:
            root_fd = stack.enter_context(records_lock(root, exclusive=False))
        except LinkError:
            report.problems.append(f"{LOCK_NAME} is a symbolic link or not a plain file "
                                   "(not followed; remove it); checked without the lock")
            root_fd = stack.enter_context(_root_fd(root))
        try:
            state = read_index(root_fd)
        except LinkError:
            report.problems.append(f"{INDEX_NAME} is a symbolic link or not a plain file "
                                   "(not followed, not read; remove it)")
            state = IndexState(exists=True)
        if not state.exists:
            report.notes.append(f"no {INDEX_NAME} yet (nothing has been shared)")
        elif _links_to(root_fd, INDEX_NAME) > 1:
            report.problems.append(f"{INDEX_NAME} has another hard link (a share would "
                                   "refuse to append to it; replace it with a copy)")
        _index_report(state, report)
        for name, entry in state.current.items():
            try:
                report.records.append(_verify_one(root_fd, name, entry, checker, min_score,
                                                  tuple(check_names)))
            except BalintRedactError as exc:
                report.records.append(RecordReport(name, str(entry.get("status")), "", "", {},
                                                   [f"could not be checked ({exc})"]))
        _survey(root_fd, state, report)
    return report
