"""Filing and withdrawing records: sequence numbers, exclusive creation, the index entry.

Every step below DIR goes through descriptors (:mod:`balint_redact.records.fs`), so a
symbolic link planted anywhere in the folder is refused instead of followed: a record is
never created, renamed or removed outside DIR.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Iterator

from ..errors import ConfigError, InputError, OutputError
from .fs import folder, fsync_fd, kind_of, open_regular, refuse
from .index import (EXTENSIONS, TEMP_PREFIX, IndexState, _root_fd, append_entry,
                            parse_record_name, read_index, record_name, records_lock,
                            utc_now, validate_group, validate_session)
from ..io.textio import current_umask

_SEQ_FILE_RE = re.compile(r"(\d{3,9})\.(md|docx)\Z")


def new_temp(root: Path, kind: str) -> Path:
    """A private temporary path inside DIR for a record being prepared (not yet filed)."""
    fd, tmp = tempfile.mkstemp(dir=root, prefix=TEMP_PREFIX, suffix=f".{EXTENSIONS[kind]}.tmp")
    os.close(fd)
    return Path(tmp)


def _next_sequence(session_fd: int | None, group: str, session: str,
                   state: IndexState) -> int:
    """One more than the largest number of group/session in the index or on disk."""
    used = [0]
    for name in state.current:
        parsed = parse_record_name(name)
        if parsed and parsed[0] == group and parsed[1] == session:
            used.append(parsed[2])
    if session_fd is not None:
        for fn in os.listdir(session_fd):
            m = _SEQ_FILE_RE.match(fn)
            if m:
                used.append(int(m.group(1)))
    return max(used) + 1


def preview_name(root: Path, group: str, session: str, kind: str) -> str:
    """The name the next record of group/session would get now (for --dry-run; unlocked)."""
    with _root_fd(root) as root_fd:
        state = read_index(root_fd)
        with folder(root_fd, [group, session]) as session_fd:
            return record_name(group, session,
                               _next_sequence(session_fd, group, session, state), kind)


def _reserve(session_fd: int, group: str, session: str, seq: int, kind: str) -> str:
    """Create the next free record file empty with O_EXCL (never overwriting anything)."""
    for _ in range(1000):
        name = record_name(group, session, seq, kind)
        try:
            fd = os.open(name.rsplit("/", 1)[1],
                         os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                         0o644, dir_fd=session_fd)
        except FileExistsError:
            seq += 1
            continue
        except OSError as exc:
            raise OutputError(f"cannot create a record in {group}/{session}/ "
                              f"({exc.strerror or type(exc).__name__})") from None
        os.close(fd)
        return name
    raise OutputError(f"cannot allocate a record name in {group}/{session}/")  # pragma: no cover


# --------------------------------------------------------------------------- duplicates

_ALLOW_DUPLICATE: ContextVar[bool] = ContextVar("balint_redact_allow_duplicate",
                                                default=False)


class DuplicateRecordError(InputError):
    """The same redacted text is already an active record (nothing was filed)."""

    def __init__(self, record: str) -> None:
        super().__init__(f"the same redacted text is already in the records as {record}; "
                         "nothing was written (share it with --again to file it twice)")
        self.record = record


@contextmanager
def allow_duplicate(allowed: bool = True) -> Iterator[None]:
    """Within this block, :func:`file_record` files a record even when the same redacted
    text is already an active record (``share --again``)."""
    token = _ALLOW_DUPLICATE.set(allowed)
    try:
        yield
    finally:
        _ALLOW_DUPLICATE.reset(token)


def text_digest(kind: str, data: bytes) -> str:
    """SHA-256 of a record's redacted text (UTF-8): a text record's own bytes, a Word
    record's text as read back. The same write-up shared twice has the same digest, whatever
    the format and whenever it was written (a Word file's bytes differ from save to save).
    The index keeps the digest, never the text."""
    if kind == "docx":
        from ..io.docx_io import extract_text_from_bytes

        data = extract_text_from_bytes(data).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _recorded_digest(entry: dict[str, Any]) -> str | None:
    """The text digest of an index entry (entries from before it was kept: a text record's
    ``sha256`` is one; a Word record's is not, so it cannot be compared)."""
    if isinstance(entry.get("text_sha256"), str):
        return entry["text_sha256"]
    return entry.get("sha256") if entry.get("format") == "text" else None


def find_duplicate(state: IndexState, digest: str) -> str | None:
    """The active record holding the same redacted text, if any."""
    for name, entry in state.current.items():
        if entry.get("status") == "active" and _recorded_digest(entry) == digest:
            return name
    return None


def _read_temp(root_fd: int, temp: Path) -> bytes:
    fd = open_regular(root_fd, temp.name, os.O_RDONLY, "a temporary file")
    try:
        with os.fdopen(os.dup(fd), "rb") as fh:
            return fh.read()
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- filing


def file_record(root: Path, group: str, session: str, kind: str, temp: Path,
                entry: dict[str, Any]) -> str:
    """Move the prepared ``temp`` (a file directly in DIR) into place under a fresh name and
    append its index entry.

    Under the exclusive lock: allocate the next sequence number of group/session (never
    reusing a number, withdrawn or not), reserve the name with O_CREAT|O_EXCL (so an
    existing record is never overwritten), rename the temp over the reservation (the
    content appears whole), then append ``entry`` plus record/group/session/format.
    Each folder on the way is opened without following links. Returns the record name.

    The entry also keeps ``text_sha256`` (:func:`text_digest`); when an active record holds
    the same redacted text, nothing is filed (DuplicateRecordError) unless inside
    :func:`allow_duplicate`.
    """
    validate_group(group)
    validate_session(session)
    with records_lock(root) as root_fd:
        state = read_index(root_fd)
        digest = text_digest(kind, _read_temp(root_fd, temp))
        same = find_duplicate(state, digest)
        if same is not None and not _ALLOW_DUPLICATE.get():
            raise DuplicateRecordError(same)
        entry = dict(entry, text_sha256=digest)
        with folder(root_fd, [group, session], create=True) as session_fd:
            assert session_fd is not None
            name = _reserve(session_fd, group, session,
                            _next_sequence(session_fd, group, session, state), kind)
            leaf = name.rsplit("/", 1)[1]
            try:
                tfd = open_regular(root_fd, temp.name, os.O_RDONLY, "a temporary file")
                try:
                    os.fchmod(tfd, 0o666 & ~current_umask())  # mkstemp made it private; records
                finally:                                # are shared with the group
                    os.close(tfd)
                os.rename(temp.name, leaf, src_dir_fd=root_fd, dst_dir_fd=session_fd)
                fsync_fd(session_fd)
                full = dict(entry)
                full.update({"record": name, "group": group, "session": session,
                             "format": kind, "status": "active"})
                append_entry(root_fd, full)
            except BaseException as exc:
                try:
                    os.unlink(leaf, dir_fd=session_fd)
                except OSError:
                    pass
                if isinstance(exc, OSError) and not isinstance(exc, OutputError):
                    raise OutputError(f"cannot file the record in {group}/{session}/ "
                                      f"({exc.strerror or type(exc).__name__})") from None
                raise
    return name


def withdraw_record(root: Path, name: str, extra: dict[str, Any] | None = None
                    ) -> tuple[str, bool]:
    """Remove a record and append ``{"record", "status": "withdrawn", "withdrawn": ts}``.

    Returns (previous status, whether a file was removed). Withdrawing a withdrawn record
    again removes a file left behind (if any) and appends nothing. A symbolic link on the
    way (the group or session folder, or the record itself) is refused: nothing outside
    DIR is ever removed.
    """
    parsed = parse_record_name(name)
    if parsed is None:
        raise ConfigError("a record name looks like group/YYYY-MM-DD/NNN.md (see `records`)")
    group, session = parsed[0], parsed[1]
    leaf = name.rsplit("/", 1)[1]
    with records_lock(root) as root_fd:
        state = read_index(root_fd)
        current = state.current.get(name)
        if current is None:
            raise ConfigError(f"no record {name} in the index of {root}")
        removed = False
        with folder(root_fd, [group, session]) as session_fd:
            kind = kind_of(session_fd, leaf) if session_fd is not None else None
            if kind == "link":
                raise refuse(name)
            if kind in ("dir", "other"):
                raise refuse(name, "not a plain file")
            if kind == "file":
                try:
                    os.unlink(leaf, dir_fd=session_fd)
                except FileNotFoundError:
                    pass
                except OSError as exc:
                    raise OutputError(f"cannot remove {name} "
                                      f"({exc.strerror or type(exc).__name__})") from None
                else:
                    removed = True
                    fsync_fd(session_fd)  # type: ignore[arg-type]
        if current.get("status") != "withdrawn":
            entry = {"record": name, "group": current.get("group"),
                     "session": current.get("session"), "status": "withdrawn",
                     "withdrawn": utc_now()}
            entry.update(extra or {})
            append_entry(root_fd, entry)
        return str(current.get("status")), removed

