"""Checks of a rules file's values, each a one-line ConfigError naming the file by its role
and the rule by its name — never the value itself (a regex or a term can be a client's name).

>>> _score(0.5, "rules file #1", "pattern 'ref'")
0.5
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import regex

from ..errors import ConfigError
from ..render.entities import ENTITY_TYPES


def _err(source: str, where: str, problem: str) -> ConfigError:
    return ConfigError(f"{source}: {where}: {problem}")


def _check_keys(table: dict[str, Any], allowed: set[str], source: str, where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise _err(source, where, f"unknown key(s) {', '.join(unknown)}")


def _entity(value: Any, source: str, where: str) -> str:
    if not isinstance(value, str) or value not in ENTITY_TYPES:  # the value is not echoed
        raise _err(source, where, f"unknown entity type "
                                  f"(known: {', '.join(sorted(ENTITY_TYPES))})")
    return value


def _score(value: Any, source: str, where: str) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
        raise _err(source, where, "score must be a number from 0 to 1")
    return float(value)


def _str_list(value: Any, source: str, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _err(source, where, f"{key} must be a list of strings")
    return tuple(value)


def _read_list_file(base: Path | None, name: Any, source: str, where: str) -> tuple[str, ...]:
    if not isinstance(name, str):
        raise _err(source, where, "file must be a string")
    path = Path(name) if base is None or Path(name).is_absolute() else base / name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:  # its name may be a client's: not echoed
        raise _err(source, where, f"cannot read the list file given with file = "
                                  f"({type(exc).__name__})") from None
    return tuple(s for s in (ln.strip() for ln in lines) if s and not s.startswith("#"))


def _compile(value: Any, source: str, where: str,
             check: bool = True) -> regex.Pattern[str] | None:
    """The compiled regex; None without ``check`` (built-in rules, see builtin_rules)."""
    if not isinstance(value, str) or not value:
        raise _err(source, where, "regex must be a non-empty string")
    if not check:
        return None
    try:
        return regex.compile(value, regex.VERSION0 | regex.MULTILINE)
    except regex.error as exc:  # what is wrong and where, never the pattern itself
        at = f" at position {exc.pos}" if getattr(exc, "pos", None) is not None else ""
        raise _err(source, where, f"invalid regex ({exc.msg}{at})") from None
    except (ValueError, OverflowError) as exc:
        raise _err(source, where, f"invalid regex ({type(exc).__name__})") from None
