r"""A chat export's user names: the sender of its lines after their stamps, and every other
mention of them.

>>> text = "(21/01/2026 23:14) kxng_ferris: if ur not on\nkxng_ferris again"
>>> [text[a:b] for a, b, _ in chat_handles(text, lambda w: False)]
['kxng_ferris', 'kxng_ferris']
"""

from __future__ import annotations

from typing import Callable

import regex

from .mentions import Found

#: a chat export's stamp ("(21/01/2026 23:14)", "[22/01/2026, 02:49]", "21/01/2026, 23:14 -")
#: and the sender's user name after it, before a colon: lower-case letters with a dot, an
#: underscore or a digit, or all in lower case ("kxng_ferris:", "ollie.v:", "deji:")
_HANDLE_SENDER = regex.compile(
    r"(?m)^[ \t]*(?:[-*>•][ \t]*)?(?:\[[^\]\n]{1,32}\]|\(\d[^)\n]{0,30}\)|"
    r"\d{1,2}/\d{1,2}/\d{2,4},?[ \t]+\d{1,2}[:.]\d{2}(?:[ \t]*[ap]m)?[ \t]*[-–—])[ \t]*"
    r"@?(?P<id>(?=[\p{L}\p{N}._-]*\p{Ll})[\p{L}\p{N}][\p{L}\p{N}._-]{1,30}[\p{L}\p{N}])"
    r"[ \t]*:(?=[ \t]|$)")


def chat_handles(text: str, is_word: Callable[[str], bool]) -> Found:
    """User names sending a chat export's lines ("(21/01/2026 23:14) kxng_ferris: …"), and
    every other mention of them ("ollie.v is a teammate"): a name with a dot, an underscore
    or a digit in it, or a lower-case word that is no ordinary label (``is_word``)."""
    handles = set()
    for m in _HANDLE_SENDER.finditer(text):
        h = m.group("id")
        if regex.search(r"[._\d]", h) or (h.islower() and not is_word(h)):
            handles.add(h)
    if not handles:
        return []
    alternatives = "|".join(regex.escape(h) for h in sorted(handles, key=len, reverse=True))
    every = regex.compile(rf"(?<![\p{{L}}\p{{N}}._@-])@?(?:{alternatives})"
                          r"(?![\p{L}\p{N}_@-]|\.[\p{L}\p{N}])")
    return [(m.start(), m.end(), "a chat's user name") for m in every.finditer(text)]
