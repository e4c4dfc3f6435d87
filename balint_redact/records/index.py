"""The group's shared records folder: its layout, its lock and its append-only index.

Layout (documented in docs/records.md)::

    DIR/index.jsonl                       one JSON object a line, append-only
    DIR/.index.lock                       flock()ed around sequence allocation + append
    DIR/<group>/<YYYY-MM-DD>/<NNN>.md     a redacted text note
    DIR/<group>/<YYYY-MM-DD>/<NNN>.docx   a redacted Word note

Names reveal nothing about a client: a group slug, a session date and a sequence number.
Nothing here looks at document text; :mod:`balint_redact.records.gate` decides what may be filed.
Below DIR nothing is opened by path (:mod:`balint_redact.records.fs`: symbolic links are
refused), and each index line is chained to the one before it
(:mod:`balint_redact.records.chain`).

>>> record_name("family-law", "2026-11-26", 7, "text")
'family-law/2026-11-26/007.md'
>>> parse_record_name("family-law/2026-11-26/007.md")
('family-law', '2026-11-26', 7, 'text')
"""

from __future__ import annotations

import datetime as _dt
import errno
import fcntl
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..errors import ConfigError, OutputError
from .chain import (CHAINED_VERSION, GENESIS, ChainReport, line_digest, parse_lines,
                            seal, verify_chain)
from .fs import LinkError, open_regular, open_root, read_regular

INDEX_NAME = "index.jsonl"
LOCK_NAME = ".index.lock"
TEMP_PREFIX = ".incoming-"
EXTENSIONS = {"text": "md", "docx": "docx"}
KINDS = {v: k for k, v in EXTENSIONS.items()}
INDEX_VERSION = CHAINED_VERSION
#: a session date may lie at most this many days ahead (a note filed for next week's group)
SESSION_MAX_AHEAD_DAYS = 7
#: no session before this date (a typo such as 0202-11-26 is refused)
SESSION_MIN = _dt.date(1990, 1, 1)

_GROUP_RE = re.compile(r"[a-z0-9-]{1,40}\Z")
_SESSION_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_RECORD_RE = re.compile(r"([a-z0-9-]{1,40})/(\d{4}-\d{2}-\d{2})/(\d{3,9})\.(md|docx)\Z")


def validate_group(name: str) -> str:
    """A group slug: 1-40 of a-z, 0-9 and '-'. It is stored in the index as given."""
    if not isinstance(name, str) or not _GROUP_RE.match(name) or name.strip("-") == "":
        raise ConfigError("group name must be 1-40 lowercase letters, digits or hyphens "
                          "(it names a folder and is stored in the index, so never use a "
                          "client's name in it)")
    return name


def validate_session(session: str | None) -> str:
    """A session date YYYY-MM-DD (default: today's local date), not before 1990 and at most
    a week ahead."""
    if session is None:
        return _dt.date.today().isoformat()
    if not isinstance(session, str) or not _SESSION_RE.match(session):
        raise ConfigError("session must be a date written YYYY-MM-DD")
    try:
        day = _dt.date.fromisoformat(session)
    except ValueError:
        raise ConfigError("session must be a real date written YYYY-MM-DD") from None
    latest = _dt.date.today() + _dt.timedelta(days=SESSION_MAX_AHEAD_DAYS)
    if not SESSION_MIN <= day <= latest:
        raise ConfigError(f"session date out of range: it must be between "
                          f"{SESSION_MIN.isoformat()} and {latest.isoformat()} (at most "
                          f"{SESSION_MAX_AHEAD_DAYS} days ahead)")
    return session


def record_name(group: str, session: str, seq: int, kind: str) -> str:
    return f"{group}/{session}/{seq:03d}.{EXTENSIONS[kind]}"


def parse_record_name(name: str) -> tuple[str, str, int, str] | None:
    """(group, session, sequence, kind) of a well-formed record name, else None."""
    m = _RECORD_RE.match(name) if isinstance(name, str) else None
    if not m:
        return None
    return m.group(1), m.group(2), int(m.group(3)), KINDS[m.group(4)]


def utc_now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace(
        "+00:00", "Z")


# --------------------------------------------------------------------------- lock


@contextmanager
def records_lock(root: Path, exclusive: bool = True) -> Iterator[int]:
    """Hold ``DIR/.index.lock`` (flock): exclusive to file or withdraw, shared to verify.
    Yields a descriptor for DIR: everything done under the lock goes through it.

    A shared lock on a folder we may not write to is skipped (read-only verification).
    A lock file that is a symbolic link is refused (LinkError), never followed.
    """
    root_fd = open_root(root)
    try:
        try:
            fd = open_regular(root_fd, LOCK_NAME, os.O_RDWR | os.O_CREAT, LOCK_NAME)
        except LinkError:
            raise
        except OSError as exc:
            if not exclusive and exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
                yield root_fd
                return
            raise OutputError(f"cannot open the records lock in {root} "
                              f"({exc.strerror or type(exc).__name__})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            yield root_fd
        finally:
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
    finally:
        os.close(root_fd)


@contextmanager
def _root_fd(root: Path | int) -> Iterator[int]:
    if isinstance(root, int):
        yield root
        return
    fd = open_root(Path(root))
    try:
        yield fd
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- index


@dataclass
class IndexState:
    """The index read back: every entry in order, the last entry per record, bad lines,
    and the state of its hash chain."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    current: dict[str, dict[str, Any]] = field(default_factory=dict)
    malformed: list[int] = field(default_factory=list)  # 1-based line numbers
    refiled: list[str] = field(default_factory=list)  # records with two "active" entries
    chain: ChainReport = field(default_factory=ChainReport)
    exists: bool = False

    def active(self) -> list[str]:
        return [r for r, e in self.current.items() if e.get("status") == "active"]


def read_index(root: Path | int) -> IndexState:
    """Parse DIR/index.jsonl (DIR as a path or a descriptor). A bad line — not JSON, too
    long or too deeply nested, a bad record name or status — is reported by number, never
    echoed, and skipped. A symbolic link in its place is refused (LinkError)."""
    state = IndexState()
    with _root_fd(root) as fd:
        try:
            data = read_regular(fd, INDEX_NAME, INDEX_NAME)
        except FileNotFoundError:
            return state
        except LinkError:
            raise
        except OSError as exc:
            raise OutputError(f"cannot read {INDEX_NAME} "
                              f"({exc.strerror or type(exc).__name__})") from None
    state.exists = True
    lines = parse_lines(data)
    state.chain = verify_chain(lines)
    for line in lines:
        entry = line.entry
        if (not isinstance(entry, dict) or parse_record_name(entry.get("record")) is None
                or entry.get("status") not in ("active", "withdrawn")):
            state.malformed.append(line.number)
            continue
        state.entries.append(entry)
        name = entry["record"]
        if entry["status"] == "withdrawn" and name in state.current:
            merged = dict(state.current[name])
            merged.update(entry)
            state.current[name] = merged
        else:
            if name in state.current and name not in state.refiled:
                state.refiled.append(name)
            state.current[name] = entry
    return state


def append_entry(root: Path | int, entry: dict[str, Any]) -> None:
    """Append one chained JSON line to the index (call with the exclusive lock held).

    The index must be a plain file with no other hard link (a link would write the entry
    somewhere else too); its last line is read back to chain the new one to it.
    """
    with _root_fd(root) as root_fd:
        try:
            fd = open_regular(root_fd, INDEX_NAME, os.O_RDWR | os.O_APPEND | os.O_CREAT,
                              INDEX_NAME)
        except LinkError:
            raise
        except OSError as exc:
            raise OutputError(f"cannot append to {INDEX_NAME} "
                              f"({exc.strerror or type(exc).__name__})") from None
        try:
            st = os.fstat(fd)
            if st.st_nlink > 1:
                raise LinkError(f"{INDEX_NAME} in the records folder has another hard link; "
                                "refusing to append to it (nothing was written)")
            data = os.pread(fd, st.st_size, 0) if st.st_size else b""
            lines = parse_lines(data)
            prev = line_digest(lines[-1].raw) if lines else GENESIS
            line = seal(dict(entry, v=INDEX_VERSION), prev) + b"\n"
            # a torn last line (crash mid-write) must not glue onto the next entry
            if data and not data.endswith(b"\n"):
                line = b"\n" + line
            os.write(fd, line)
            os.fsync(fd)
        except OSError as exc:
            raise OutputError(f"cannot append to {INDEX_NAME} "
                              f"({exc.strerror or type(exc).__name__})") from None
        finally:
            os.close(fd)
