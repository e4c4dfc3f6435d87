"""The files a check reads: which ones (a folder's supported files, duplicates dropped) and
one wording for those it could not read.

>>> unreadable_reason("the input is a binary file (not text)")
'not checked: the file is a binary file (not text)'
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable

_SUBJECT = re.compile(r"\b(?:the input|the Word document)\b")


def unreadable_reason(message: str) -> str:
    """One wording for every file the check could not read, whatever the reason: "not
    checked: the file …" (the readers say "the input" or "the Word document", and "nothing
    to redact"; a check redacts nothing and names no path).

    >>> unreadable_reason("the input is an empty file, nothing to redact")
    'not checked: the file is an empty file'
    """
    if message.startswith("not checked: "):
        return message
    text = _SUBJECT.sub("the file", message).replace(", nothing to redact", "")
    return f"not checked: {text}"


def expand_paths(paths: Iterable[Path], exclude: Iterable[Path] = ()) -> list[Path]:
    """Files to check: each file as given, each folder's supported files (sorted, hidden
    ones skipped); duplicates and the ``exclude`` files (e.g. the report itself) dropped."""
    from .run import iter_supported

    skip = {os.path.realpath(p) for p in exclude}
    seen: set[str] = set()
    out: list[Path] = []
    for p in paths:
        for f in (iter_supported(p) if p.is_dir() else [p]):
            key = os.path.realpath(f)
            if key not in seen and key not in skip:
                seen.add(key)
                out.append(f)
    return out
