"""The second reader's "to confirm" items, through one small adapter.

The second reader (``balint_redact.confirm.reader.second_read``) reads the redacted text and
returns items with ``start``/``end`` in the redacted text and a ``reason``. It is optional
here: where it cannot be imported, nothing is marked. A test (or an embedding application)
can pass its own reader with the same signature.

>>> to_confirm("Hope rang.", "Hope rang.", [], reader=lambda red, **kw: [{"start": 0, "end": 4,
...            "reason": "a known first name"}])
[Item(start=0, end=4, reason='a known first name')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

#: ``reader(redacted_text, original=..., findings=...)`` → items with start, end, reason
Reader = Callable[..., Iterable[Any]]


@dataclass(frozen=True)
class Item:
    """One word of the redacted text the presenter should confirm (offsets into it)."""

    start: int
    end: int
    reason: str


def default_reader() -> Reader | None:
    """The package's second reader, or None where it is not installed."""
    try:
        from ..confirm.reader import second_read  # type: ignore[import-not-found,attr-defined]
    except ImportError:
        return None
    return second_read


def _field(item: Any, name: str, default: Any = None) -> Any:
    if isinstance(item, dict):
        return item.get(name, default)
    return getattr(item, name, default)


def to_confirm(redacted: str, original: str, findings: list[Any],
               reader: Reader | None = None, check_names: list[str] | None = None
               ) -> list[Item]:
    """The items ``reader`` (default: the package's) marks in ``redacted``, in text order;
    an item outside the text is dropped. An item's reason is its ``why`` (the reason in
    words) where it has one, else its ``reason``."""
    reader = reader if reader is not None else default_reader()
    if reader is None:
        return []
    extra = {"check_names": list(check_names)} if check_names else {}
    out = []
    for item in reader(redacted, original=original, findings=findings, **extra):
        start, end = int(_field(item, "start")), int(_field(item, "end"))
        why = _field(item, "why") or _field(item, "reason") or "to confirm"
        if 0 <= start < end <= len(redacted):
            out.append(Item(start, end, str(why)))
    return sorted(out, key=lambda i: (i.start, i.end))
