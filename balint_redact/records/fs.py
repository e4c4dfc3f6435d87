"""Symlink-proof access to the records folder: every path is walked from DIR down.

Anyone who can write to a shared folder can plant a symbolic link in it. Following one would
let ``withdraw`` delete a file outside DIR, let ``share`` file a record (or append the index)
somewhere else, and let ``records`` vouch for what it never looked at. So below DIR nothing
is opened by path: each folder is opened with ``O_NOFOLLOW | O_DIRECTORY`` relative to its
parent's descriptor, files with ``O_NOFOLLOW`` (and must be regular files), and renames and
unlinks name their folder by descriptor. DIR itself is the user's own path and may be a link.

Messages name a place only by the names we write ourselves (a group slug, a session date, a
record number, ``index.jsonl``), never by a name someone else put there.
"""

from __future__ import annotations

import errno
import os
import stat
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from ..errors import OutputError

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
#: folders deeper than this under DIR are not walked (the layout is two deep)
MAX_DEPTH = 8


class LinkError(OutputError):
    """A symbolic link (or something that is not a plain file or folder) in the records
    folder where the layout needs a file or folder of its own. Nothing was written."""


def refuse(where: str, what: str = "a symbolic link") -> LinkError:
    return LinkError(f"{where} in the records folder is {what}; refusing to follow it "
                     "(nothing was written). Run `balint-redact records DIR` and remove it.")


def open_root(root: Path) -> int:
    """A descriptor for DIR itself (which may be the user's own symbolic link)."""
    try:
        return os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise OutputError(f"no records folder at {root}") from None
    except OSError as exc:
        raise OutputError(f"cannot open the records folder {root} "
                          f"({exc.strerror or type(exc).__name__})") from None


def open_subdir(parent: int, name: str, where: str, create: bool = False) -> int | None:
    """Open folder ``name`` in ``parent`` without following a link; None if it is missing
    (unless ``create``). ``where`` names it in messages (our own relative path)."""
    for _ in range(2):
        try:
            return os.open(name, _DIR_FLAGS, dir_fd=parent)
        except FileNotFoundError:
            if not create:
                return None
            try:
                os.mkdir(name, 0o777, dir_fd=parent)
            except FileExistsError:
                pass  # made meanwhile (or a link appeared): open it again, without following
            except OSError as exc:
                raise OutputError(f"cannot create {where} in the records folder "
                                  f"({exc.strerror or type(exc).__name__})") from None
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):  # Linux says ENOTDIR for a link
                is_link = exc.errno == errno.ELOOP or kind_of(parent, name) == "link"
                raise refuse(where, "a symbolic link" if is_link else "not a folder") from None
            raise OutputError(f"cannot open {where} in the records folder "
                              f"({exc.strerror or type(exc).__name__})") from None
    raise refuse(where)  # pragma: no cover - created, then replaced by a link at once


@contextmanager
def folder(root_fd: int, parts: Sequence[str], create: bool = False) -> Iterator[int | None]:
    """The descriptor of DIR/parts[0]/parts[1]/…, each step refusing links; None when a part
    is missing (and not ``create``). Closed on exit."""
    fds: list[int] = []
    cur: int | None = root_fd
    try:
        for i, part in enumerate(parts):
            assert cur is not None
            cur = open_subdir(cur, part, "/".join(parts[:i + 1]) + "/", create)
            if cur is None:
                break
            fds.append(cur)
        yield cur
    finally:
        for fd in fds:
            os.close(fd)


def kind_of(dir_fd: int, name: str) -> str | None:
    """"file", "dir", "link", "other" or None (missing), without following a link."""
    try:
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        return "link"
    if stat.S_ISREG(st.st_mode):
        return "file"
    return "dir" if stat.S_ISDIR(st.st_mode) else "other"


def open_regular(dir_fd: int, name: str, flags: int, where: str, mode: int = 0o644) -> int:
    """Open a regular file without following a link (``flags`` may add O_CREAT etc.)."""
    try:
        fd = os.open(name, flags | os.O_NOFOLLOW | os.O_CLOEXEC, mode, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise refuse(where) from None
        raise
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise refuse(where, "not a plain file")
    return fd


def read_regular(dir_fd: int, name: str, where: str) -> bytes:
    """The bytes of a regular file (FileNotFoundError if missing; a link or a FIFO refused)."""
    fd = open_regular(dir_fd, name, _READ_FLAGS, where)
    try:
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.close(fd)


def fsync_fd(fd: int) -> None:
    try:
        os.fsync(fd)
    except OSError:
        pass


@dataclass(frozen=True)
class Entry:
    """One thing found under DIR: its path parts and its kind (links are not followed)."""

    parts: tuple[str, ...]
    kind: str  # "file" | "dir" | "link" | "other" | "deep" (a folder too deep to walk)


def walk(root_fd: int) -> list[Entry]:
    """Everything under DIR, depth first in sorted order; links and odd files are listed,
    never followed or opened."""
    out: list[Entry] = []

    def visit(fd: int, prefix: tuple[str, ...]) -> None:
        for name in sorted(os.listdir(fd)):
            parts = prefix + (name,)
            kind = kind_of(fd, name)
            if kind is None:
                continue  # removed meanwhile
            if kind != "dir":
                out.append(Entry(parts, kind))
                continue
            if len(parts) >= MAX_DEPTH:
                out.append(Entry(parts, "deep"))
                continue
            out.append(Entry(parts, "dir"))
            try:
                sub = os.open(name, _DIR_FLAGS, dir_fd=fd)
            except OSError:  # replaced by a link meanwhile, or unreadable
                out.append(Entry(parts, "other"))
                continue
            try:
                visit(sub, parts)
            finally:
                os.close(sub)

    visit(root_fd, ())
    return out
