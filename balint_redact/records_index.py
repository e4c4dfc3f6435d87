"""The group's shared records folder: its layout, its lock and its append-only index.

Layout (documented in docs/records.md)::

    DIR/index.jsonl                       one JSON object a line, append-only
    DIR/.index.lock                       flock()ed around sequence allocation + append
    DIR/<group>/<YYYY-MM-DD>/<NNN>.md     a redacted text note
    DIR/<group>/<YYYY-MM-DD>/<NNN>.docx   a redacted Word note

Names reveal nothing about a client: a group slug, a session date and a sequence number.
Nothing here looks at document text; :mod:`balint_redact.records` decides what may be filed.

>>> record_name("family-law", "2026-11-26", 7, "text")
'family-law/2026-11-26/007.md'
>>> parse_record_name("family-law/2026-11-26/007.md")
('family-law', '2026-11-26', 7, 'text')
"""

from __future__ import annotations

import datetime as _dt
import errno
import fcntl
import json
import os
import re
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .errors import ConfigError, OutputError

INDEX_NAME = "index.jsonl"
LOCK_NAME = ".index.lock"
TEMP_PREFIX = ".incoming-"
DEFAULT_GROUP = "group"
EXTENSIONS = {"text": "md", "docx": "docx"}
KINDS = {v: k for k, v in EXTENSIONS.items()}
INDEX_VERSION = 1

_GROUP_RE = re.compile(r"[a-z0-9-]{1,40}\Z")
_SESSION_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_RECORD_RE = re.compile(r"([a-z0-9-]{1,40})/(\d{4}-\d{2}-\d{2})/(\d{3,9})\.(md|docx)\Z")
_SEQ_FILE_RE = re.compile(r"(\d{3,9})\.(md|docx)\Z")


def validate_group(name: str) -> str:
    """A group slug: 1-40 of a-z, 0-9 and '-'. It is stored in the index as given."""
    if not isinstance(name, str) or not _GROUP_RE.match(name) or name.strip("-") == "":
        raise ConfigError("group name must be 1-40 lowercase letters, digits or hyphens "
                          "(it names a folder and is stored in the index, so never use a "
                          "client's name in it)")
    return name


def validate_session(session: str | None) -> str:
    """A session date YYYY-MM-DD (default: today's local date)."""
    if session is None:
        return _dt.date.today().isoformat()
    if not isinstance(session, str) or not _SESSION_RE.match(session):
        raise ConfigError("session must be a date written YYYY-MM-DD")
    try:
        _dt.date.fromisoformat(session)
    except ValueError:
        raise ConfigError("session must be a real date written YYYY-MM-DD") from None
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
def records_lock(root: Path, exclusive: bool = True) -> Iterator[None]:
    """Hold ``DIR/.index.lock`` (flock): exclusive to file or withdraw, shared to verify.

    A shared lock on a folder we may not write to is skipped (read-only verification).
    """
    path = root / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        if not exclusive and exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
            yield
            return
        raise OutputError(f"cannot open the records lock {path} "
                          f"({exc.strerror or type(exc).__name__})") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


# --------------------------------------------------------------------------- index


@dataclass
class IndexState:
    """The index read back: every entry in order, the last entry per record, bad lines."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    current: dict[str, dict[str, Any]] = field(default_factory=dict)
    malformed: list[int] = field(default_factory=list)  # 1-based line numbers
    refiled: list[str] = field(default_factory=list)  # records with two "active" entries

    def active(self) -> list[str]:
        return [r for r, e in self.current.items() if e.get("status") == "active"]


def read_index(root: Path) -> IndexState:
    """Parse DIR/index.jsonl; an unreadable line is reported by number, never echoed."""
    state = IndexState()
    path = root / INDEX_NAME
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return state
    except OSError as exc:
        raise OutputError(f"cannot read {path} ({exc.strerror or type(exc).__name__})") from None
    for n, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            entry = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            state.malformed.append(n)
            continue
        if (not isinstance(entry, dict) or parse_record_name(entry.get("record")) is None
                or entry.get("status") not in ("active", "withdrawn")):
            state.malformed.append(n)
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


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def append_entry(root: Path, entry: dict[str, Any]) -> None:
    """Append one JSON line to the index (call with the exclusive lock held)."""
    line = json.dumps(entry, sort_keys=True, ensure_ascii=True, separators=(",", ":")) + "\n"
    path = root / INDEX_NAME
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            # a torn last line (crash mid-write) must not glue onto the next entry
            size = os.fstat(fd).st_size
            if size:
                with open(path, "rb") as fh:
                    fh.seek(size - 1)
                    if fh.read(1) != b"\n":
                        line = "\n" + line
            os.write(fd, line.encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise OutputError(f"cannot append to {path} "
                          f"({exc.strerror or type(exc).__name__})") from None


# --------------------------------------------------------------------------- records


def new_temp(root: Path, kind: str) -> Path:
    """A private temporary path inside DIR for a record being prepared (not yet filed)."""
    fd, tmp = tempfile.mkstemp(dir=root, prefix=TEMP_PREFIX, suffix=f".{EXTENSIONS[kind]}.tmp")
    os.close(fd)
    return Path(tmp)


def _next_sequence(root: Path, group: str, session: str, state: IndexState) -> int:
    used = [0]
    for name in state.current:
        parsed = parse_record_name(name)
        if parsed and parsed[0] == group and parsed[1] == session:
            used.append(parsed[2])
    folder = root / group / session
    if folder.is_dir():
        for p in folder.iterdir():
            m = _SEQ_FILE_RE.match(p.name)
            if m:
                used.append(int(m.group(1)))
    return max(used) + 1


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def preview_name(root: Path, group: str, session: str, kind: str) -> str:
    """The name the next record of group/session would get now (for --dry-run; unlocked)."""
    return record_name(group, session, _next_sequence(root, group, session, read_index(root)),
                       kind)


def file_record(root: Path, group: str, session: str, kind: str, temp: Path,
                entry: dict[str, Any]) -> str:
    """Move the prepared ``temp`` into place under a fresh name and append its index entry.

    Under the exclusive lock: allocate the next sequence number of group/session (never
    reusing a number, withdrawn or not), reserve the name with O_CREAT|O_EXCL (so an
    existing record is never overwritten), rename the temp over the reservation (the
    content appears whole), then append ``entry`` plus record/group/session/format.
    Returns the record name.
    """
    validate_group(group)
    validate_session(session)
    with records_lock(root):
        state = read_index(root)
        folder = root / group / session
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create {folder} "
                              f"({exc.strerror or type(exc).__name__})") from None
        seq = _next_sequence(root, group, session, state)
        for _ in range(1000):
            name = record_name(group, session, seq, kind)
            target = root / name
            try:
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                seq += 1
                continue
            except OSError as exc:
                raise OutputError(f"cannot create a record in {folder} "
                                  f"({exc.strerror or type(exc).__name__})") from None
            os.close(fd)
            break
        else:  # pragma: no cover - a thousand collisions means something else is wrong
            raise OutputError(f"cannot allocate a record name in {folder}")
        try:
            os.chmod(temp, 0o666 & ~_umask())  # mkstemp made it private; records are shared
            os.replace(temp, target)
            _fsync_dir(folder)
            full = dict(entry)
            full.update({"record": name, "group": group, "session": session, "format": kind,
                         "status": "active"})
            append_entry(root, full)
        except BaseException:
            try:
                os.unlink(target)
            except OSError:
                pass
            raise
    return name


def withdraw_record(root: Path, name: str, extra: dict[str, Any] | None = None
                    ) -> tuple[str, bool]:
    """Remove a record and append ``{"record", "status": "withdrawn", "withdrawn": ts}``.

    Returns (previous status, whether a file was removed). Withdrawing a withdrawn record
    again removes a file left behind (if any) and appends nothing.
    """
    if parse_record_name(name) is None:
        raise ConfigError("a record name looks like group/YYYY-MM-DD/NNN.md (see `records`)")
    with records_lock(root):
        state = read_index(root)
        current = state.current.get(name)
        if current is None:
            raise ConfigError(f"no record {name} in the index of {root}")
        target = root / name
        removed = False
        try:
            os.unlink(target)
            removed = True
            _fsync_dir(target.parent)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise OutputError(f"cannot remove {name} "
                              f"({exc.strerror or type(exc).__name__})") from None
        if current.get("status") != "withdrawn":
            entry = {"record": name, "group": current.get("group"),
                     "session": current.get("session"), "status": "withdrawn",
                     "withdrawn": utc_now()}
            entry.update(extra or {})
            append_entry(root, entry)
        return str(current.get("status")), removed


def stray_files(root: Path, known: set[str]) -> tuple[list[str], list[str]]:
    """Files under DIR that the index does not know: (strays, temporary files).

    Only relative names are returned; they are folder/file names, not content.
    """
    strays, temps = [], []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel_dir = Path(dirpath).relative_to(root)
        for fn in sorted(filenames):
            rel = (rel_dir / fn).as_posix()
            if rel in (INDEX_NAME, LOCK_NAME) or rel in known:
                continue
            if rel_dir == Path(".") and fn.lstrip(".").startswith(TEMP_PREFIX.lstrip(".")):
                temps.append(rel)
            else:
                strays.append(rel)
    return strays, temps
