"""Error messages of the HTTP API without values: no rule value, no path, no quoted text.

The rules parser names the rule and repeats the offending value (``pattern 'Amina': invalid
regex``, ``unknown key(s) Amina``); a file error names the path, which can hold a client's or
a user's name (``/home/amina.patel/...``). Before such a message leaves the server it is
scrubbed: every quoted span becomes ``'…'``, and every key and string value of the rules (and
each longer word of them) becomes ``…``. Words of the rules format itself (its keys, the
entity types, styles and validators) are kept, so the message still says what is wrong.

>>> scrub("request rules: pattern 'Amina': unknown key(s) Patel", ["Patel"])
"request rules: pattern '…': unknown key(s) …"
"""

from __future__ import annotations

import re
from typing import Any, Iterable

MASK = "…"
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
_WORD = re.compile(r"\w{3,}")
#: keys of the rules format and other fixed words that are never a client's value
FORMAT_WORDS = frozenset({
    "meta", "pattern", "terms", "allow", "keep", "redact", "name", "entity", "regex", "score",
    "context", "context_required", "context_window", "validator", "group", "source",
    "requires", "file", "entities", "style", "keep_titles", "placeholder", "tag", "mask",
    "true", "false", "rules", "request"})
_TOML_AT = re.compile(r"\(at line \d+, column \d+\)|\(at end of document\)")


def _format_words() -> frozenset[str]:
    from ..render.entities import ENTITY_TYPES
    from ..rules.validators import VALIDATORS

    return FORMAT_WORDS | frozenset(ENTITY_TYPES) | frozenset(VALIDATORS)


def _strings(data: Any) -> Iterable[str]:
    """Every key and string value in parsed TOML, recursively."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
    elif isinstance(data, str):
        yield data


def rule_words(text: str | None) -> tuple[str, ...]:
    """What a message about these rules (TOML text) must not repeat: their keys and string
    values, and the words of three or more letters in them; all words if it does not parse."""
    if not text:
        return ()
    from ..rules.schema import tomllib

    try:
        found = list(_strings(tomllib.loads(text)))
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        found = []
    found += [w for s in (found or [text]) for w in _WORD.findall(s)]
    keep = _format_words()
    return tuple(sorted({w for w in found if len(w) >= 2 and w not in keep},
                        key=len, reverse=True))


def toml_location(exc: BaseException) -> str:
    """Where a TOML error is (``at line 3, column 7``) without the parser's message, which can
    quote keys."""
    found = _TOML_AT.search(str(exc))
    return found.group(0)[1:-1] if found else "somewhere in the text"


def scrub(message: str, words: Iterable[str] = (), paths: dict[str, str] | None = None) -> str:
    """``message`` with each path in ``paths`` replaced by its label, each quoted span by
    ``'…'`` and each of ``words`` (case-insensitive; single words as whole words) by ``…``."""
    for path, label in sorted((paths or {}).items(), key=lambda kv: len(kv[0]), reverse=True):
        if path:
            message = message.replace(path, label)
    message = _QUOTED.sub(f"'{MASK}'", message)
    keep = _format_words()
    for word in sorted(set(words), key=len, reverse=True):
        if len(word) < 2 or word in keep:
            continue
        escaped = re.escape(word)
        if re.fullmatch(r"\w+", word):
            escaped = rf"\b{escaped}\b"
        message = re.sub(escaped, MASK, message, flags=re.IGNORECASE)
    return message


def read_quietly(path: str) -> str | None:
    """A small file's text for :func:`rule_words`, or None (it is only used to scrub)."""
    try:
        with open(path, encoding="utf-8") as f:
            return f.read(1024 * 1024)
    except (OSError, UnicodeDecodeError, ValueError):
        return None
