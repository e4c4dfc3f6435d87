"""One way to turn a finding-like record into a dict: its fields, less ``text`` when that was
not asked for (so a default report or response never carries an empty identifier slot).

>>> from dataclasses import dataclass
>>> @dataclass
... class F:
...     start: int
...     text: str | None = None
>>> without_absent_text(F(3)), without_absent_text(F(3, "Amina"))
({'start': 3}, {'start': 3, 'text': 'Amina'})
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any


def without_absent_text(record: Any) -> dict[str, Any]:
    """``dataclasses.asdict(record)`` without its ``text`` key when that is None."""
    d = asdict(record)
    if d.get("text", "") is None:
        del d["text"]
    return d
