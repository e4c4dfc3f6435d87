"""The index's hash chain: every line names the hash of the line before it, and its own.

A line written by this version carries two extra keys:

* ``prev``: the SHA-256 (hex) of the previous line's exact bytes (without its newline), or
  :data:`GENESIS` on the first line of the file;
* ``hash``: the SHA-256 of the entry itself in canonical form (sorted keys, no spaces,
  ASCII), computed with ``hash`` left out.

Editing a line by hand (a count, a date, a status) breaks its ``hash``; removing, inserting
or reordering lines breaks the next line's ``prev``. Recomputing the whole chain after an
edit is possible for anyone who can write the folder (there is no secret), so ``records``
prints the *head* (the hash of the last line): a group that notes it down can tell later
that nothing before it was rewritten.

Indexes written before the chain existed have no ``prev``/``hash``: such lines, at the start
of the file only, are *unchained* — read as before, reported, never a failure. New lines
chain on from the last old line; nothing is rewritten (the index is append-only).

>>> a = seal({"record": "g/2026-11-26/001.md", "status": "active"}, GENESIS)
>>> b = seal({"record": "g/2026-11-26/001.md", "status": "withdrawn"}, line_digest(a))
>>> verify_chain(parse_lines(a + b"\\n" + b + b"\\n")).breaks
[]
>>> [n for n, _ in verify_chain(parse_lines(a.replace(b"active", b"Active") + b"\\n" + b)).breaks]
[1, 2]
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

#: what the first line's ``prev`` holds
GENESIS = "0" * 64
#: no real entry is anywhere near this long; longer lines are not parsed
MAX_LINE_BYTES = 64 * 1024
#: the index format version written by this code (lines with a chain)
CHAINED_VERSION = 2


def canonical(entry: dict[str, Any]) -> str:
    return json.dumps(entry, sort_keys=True, ensure_ascii=True, separators=(",", ":"))


def line_digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def entry_digest(entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(canonical(body).encode("ascii")).hexdigest()


def seal(entry: dict[str, Any], prev: str) -> bytes:
    """The line (without newline) for ``entry`` chained after a line whose digest is prev."""
    sealed = dict(entry, prev=prev)
    sealed["hash"] = entry_digest(sealed)
    return canonical(sealed).encode("ascii")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, counting every line of the file
    raw: bytes
    entry: Any  # the parsed JSON, or None when the line does not parse


def parse_lines(data: bytes) -> list[Line]:
    """The non-blank lines of the index, parsed. A line that is not UTF-8 JSON — or is too
    long or too deeply nested to parse — comes back with ``entry`` None (never raised)."""
    out = []
    for n, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        entry: Any = None
        if len(raw) <= MAX_LINE_BYTES:
            try:
                entry = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError, RecursionError):
                entry = None
        out.append(Line(n, raw, entry))
    return out


@dataclass
class ChainReport:
    unchained: list[int] = field(default_factory=list)  # leading lines without a chain
    breaks: list[tuple[int, str]] = field(default_factory=list)  # (line, what is wrong)
    head: str = GENESIS  # digest of the last line: the next line's ``prev``
    lines: int = 0


def verify_chain(lines: list[Line]) -> ChainReport:
    """Check every line's ``hash`` and ``prev``; unchained lines are allowed only before
    the first chained one (an older index that was then appended to)."""
    report = ChainReport(lines=len(lines))
    prev_raw: bytes | None = None
    chained = False
    for line in lines:
        expected = GENESIS if prev_raw is None else line_digest(prev_raw)
        prev_raw = line.raw
        entry = line.entry
        if not isinstance(entry, dict):
            continue  # reported as not a valid entry; the next line still chains to it
        if "prev" not in entry and "hash" not in entry:
            if chained or entry.get("v") == CHAINED_VERSION:
                report.breaks.append((line.number, "has no chain: inserted, or its chain "
                                      "was removed"))
            else:
                report.unchained.append(line.number)
            continue
        chained = True
        if entry.get("hash") != entry_digest(entry):
            report.breaks.append((line.number, "was edited after it was written"))
        if entry.get("prev") != expected:
            report.breaks.append((line.number, "does not follow the line before it: a line "
                                  "was edited, inserted or removed before it"))
    if prev_raw is not None:
        report.head = line_digest(prev_raw)
    return report


def ranges(numbers: list[int]) -> str:
    """ "1-3, 7" for [1, 2, 3, 7]."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and spans[-1][1] == n - 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)
