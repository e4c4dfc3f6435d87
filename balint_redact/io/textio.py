"""Reading text files safely (encodings, binary, empty, huge) and writing outputs atomically.

Error messages name a file by its role ("the input", "the output"), never by its path: a
file name can be a client's name. The caller knows which file it was.

>>> decode(b"caf\\xe9 notes", "the input")
DecodedText(text='café notes', encoding='cp1252')
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, OutputError

#: inputs larger than this are refused unless the caller raises the limit
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".rst", ".eml"})
DOCX_SUFFIXES = frozenset({".docx"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | DOCX_SUFFIXES
#: temporary outputs are named .balint-*.tmp; a killed run may leave some, removed on rerun
TEMP_PREFIX = ".balint-"


def remove_stale_temps(folder: Path) -> int:
    """Delete temporary outputs a killed run left under folder; return how many."""
    removed = 0
    if folder.is_dir():
        for tmp in folder.rglob(f"{TEMP_PREFIX}*.tmp"):
            try:
                tmp.unlink()
                removed += 1
            except OSError:
                pass
    return removed


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "cp1252"


#: how errors name the file being read, and the file being written
INPUT, OUTPUT = "the input", "the output"


def decode(data: bytes, name: str = INPUT) -> DecodedText:
    """Decode a text file's bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252
    (common from Word and Outlook). Binary data is refused; ``name`` is the file's role in
    error messages ("the input", "stdin"), never its path."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return DecodedText(data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{name} is not valid UTF-8 despite its byte-order mark") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{name} is not valid UTF-16 despite its byte-order mark") from None
    if b"\x00" in data:
        raise InputError(f"{name} is a binary file (not text); supported: "
                         f"{', '.join(sorted(SUPPORTED_SUFFIXES))}")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    controls = sum(1 for b in data if b < 9 or 13 < b < 32)
    if controls > max(2, len(data) // 200):
        raise InputError(f"{name} is a binary file (not text)")
    try:
        return DecodedText(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        raise InputError(f"{name} is not UTF-8, UTF-16 or Windows-1252 text") from None


def check_input_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES,
                     name: str = INPUT) -> int:
    """Refuse what is not a readable, non-empty regular file of acceptable size; return size."""
    if not path.exists():
        raise InputError(f"{name} does not exist (no such file)")
    if path.is_dir():
        raise InputError(f"{name} is a directory (give -o OUTDIR to redact a directory)")
    if not path.is_file():
        raise InputError(f"{name} is not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{name} is an empty file, nothing to redact")
    if size > max_bytes:
        raise InputError(f"{name} is too large ({size // (1024 * 1024)} MB; the limit is "
                         f"{max_bytes // (1024 * 1024)} MB, raise it with --max-size)")
    if not os.access(path, os.R_OK):
        raise InputError(f"{name} cannot be read (permission denied)")
    return size


def read_text_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES,
                   name: str = INPUT) -> DecodedText:
    check_input_path(path, max_bytes, name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name} cannot be read "
                         f"({exc.strerror or type(exc).__name__})") from None
    decoded = decode(data, name)
    if not decoded.text.strip():
        raise InputError(f"{name} is an empty file, nothing to redact")
    return decoded


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False
    return False


def guard_output(source: Path | None, target: Path, name: str = OUTPUT) -> None:
    """Never overwrite an input: refuse when target is (or links to) the source."""
    if source is not None and (same_file(source, target) or
                               source.resolve() == target.resolve()):
        raise OutputError(f"{name} is the input file; choose another output path")
    if target.exists() and target.is_dir():
        raise OutputError(f"{name} is a directory")


def _cannot_write(name: str, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {name} ({exc.strerror or type(exc).__name__})")


def atomic_write_bytes(target: Path, data: bytes, name: str = OUTPUT) -> None:
    """Write via a temporary file in the same folder, fsync, then rename over the target.

    On any failure the temporary file is removed and no partial target is left; the error
    names the file as ``name`` ("the output", "the review page"), not by its path.
    """
    _finish(stage_bytes(target, data, name), fsync=True)


def atomic_write_text(target: Path, text: str, name: str = OUTPUT) -> None:
    atomic_write_bytes(target, text.encode("utf-8"), name)


@dataclass
class StagedWrite:
    """A write begun by stage_bytes: the data is in a temporary file beside the target, not
    yet synced to disk nor renamed over it. Finish it with commit_staged."""

    target: Path
    fd: int
    tmp: str
    name: str = OUTPUT  # how errors name the target


def stage_bytes(target: Path, data: bytes, name: str = OUTPUT) -> StagedWrite:
    """The first half of atomic_write_bytes: the data in a temporary file beside target."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX, suffix=".tmp")
    except OSError as exc:
        raise _cannot_write(name, exc) from None
    write = StagedWrite(target, fd, tmp, name)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except BaseException as exc:
        _discard(write)
        if isinstance(exc, OSError):
            raise _cannot_write(name, exc) from None
        raise
    return write


def stage_text(target: Path, text: str) -> StagedWrite:
    """stage_bytes for text (UTF-8), for many files at once (see commit_staged)."""
    return stage_bytes(target, text.encode("utf-8"))


_UMASK_LOCK = threading.Lock()


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_LOCK:  # elsewhere: set and restore (a private mask meanwhile, never a wider one)
        mask = os.umask(0o077)
        os.umask(mask)
    return mask


def output_mode(target: Path) -> int:
    """The permissions an output is given: those of the file it replaces (a re-run neither
    widens nor narrows what someone set), else what the umask gives a new file, as for any
    file the user creates. The temporary file stays private (0600) until its data is
    complete and synced; it gets this mode just before it is renamed over the target."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def set_output_mode(fd: int, target: Path) -> None:
    """Give the open temporary file ``fd`` the mode ``target`` should have (see output_mode)."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, output_mode(target))


def _finish(write: StagedWrite, fsync: bool) -> None:
    """The second half: (fsync,) set the output's mode, close, rename over the target; on
    failure nothing is left."""
    try:
        try:
            if fsync:
                os.fsync(write.fd)
            set_output_mode(write.fd, write.target)
        finally:
            os.close(write.fd)
            write.fd = -1
        os.replace(write.tmp, write.target)
    except BaseException as exc:
        _discard(write)
        if isinstance(exc, OSError):
            raise _cannot_write(write.name, exc) from None
        raise


def commit_staged(staged: list[StagedWrite]) -> list[OutputError | None]:
    """Finish staged writes as atomic_write_bytes does (synced to disk, then renamed over
    their targets), with one sync of the file system for all of them where the system has
    one (Linux's syncfs) rather than one fsync a file. Returns each write's error or None;
    a failed write leaves neither a partial target nor its temporary file."""
    errors: list[OutputError | None] = [None] * len(staged)
    synced = _sync_file_systems(staged)
    for i, write in enumerate(staged):
        try:
            _finish(write, fsync=not synced)
        except OutputError as exc:
            errors[i] = exc
        except BaseException:
            for rest in staged[i + 1:]:
                _discard(rest)
            raise
    return errors


def discard_staged(staged: list[StagedWrite]) -> None:
    """Abandon staged writes: close and remove their temporary files."""
    for write in staged:
        _discard(write)


def _discard(write: StagedWrite) -> None:
    if write.fd >= 0:
        try:
            os.close(write.fd)
        except OSError:
            pass
        write.fd = -1
    try:
        os.unlink(write.tmp)
    except OSError:
        pass


def _sync_file_systems(staged: list[StagedWrite]) -> bool:
    """syncfs(2) once for each file system holding a staged file; False where that is not
    available or fails (each file is then fsync'ed instead)."""
    if not staged or not hasattr(os, "fstat"):
        return False
    syncfs = _syncfs()
    if syncfs is None:
        return False
    try:
        devices = {}
        for write in staged:
            devices.setdefault(os.fstat(write.fd).st_dev, write.fd)
        return all(syncfs(fd) == 0 for fd in devices.values())
    except OSError:
        return False


_SYNCFS: list = []


def _syncfs():
    if not _SYNCFS:
        fn = None
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                fn = ctypes.CDLL(None, use_errno=True).syncfs
                fn.argtypes = [ctypes.c_int]
                fn.restype = ctypes.c_int
            except (OSError, AttributeError):
                fn = None
        _SYNCFS.append(fn)
    return _SYNCFS[0]
