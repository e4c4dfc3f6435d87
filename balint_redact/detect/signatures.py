r"""The name line of a signature block and a first name signing off a message.

>>> from balint_redact.text.lexicon import Lexicon
>>> text = "Kind regards,\n\nMererid ab Owain\n"
>>> [text[a:b] for a, b, _ in signature_names(text, Lexicon(frozenset({"kind"})).is_common)]
['Mererid ab Owain']
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

import regex

from ..text.wordlists import word_pattern
from .initials import CAPWORD as _CAPWORD, not_initials
from .mentions import Found


def _signoffs() -> str:
    """The sign-offs (models/words/signoffs.txt) as one alternation, spaces as any space."""
    return word_pattern("signoffs").replace(r"\ ", r"\s+")


@lru_cache(maxsize=1)
def _signoff() -> regex.Pattern[str]:
    sign = _signoffs()
    return regex.compile(
        rf"(?im)^[ \t]*(?:(?:{sign})\b[^\n\p{{L}}]{{0,3}}(?:[/|][^\n]{{0,30}})?|--|—)[ \t]*\n"
        rf"(?:[ \t]*\n)?[ \t]*(?P<id>(?-i:{_CAPWORD})(?:[ \t]+(?:(?-i:{_CAPWORD})|"
        rf"\p{{Ll}}{{1,5}}(?=[ \t]+\p{{Lu}}))){{0,3}})[ \t]*$")


@lru_cache(maxsize=1)
def _signoff_same_line() -> regex.Pattern[str]:
    # led by the sign-off itself (a scan for its words, not a try at every position); what
    # comes before it, a line's start or a sentence's end, is checked on each match
    return regex.compile(
        rf"(?im)(?<![\p{{L}}\p{{N}}])(?:{_signoffs()})[ \t]*[,:\-–—][ \t]*"
        rf"(?P<id>(?-i:{_CAPWORD}))[ \t]*(?:x{{1,3}}|!)?[ \t]*$")


#: what stands right before a same-line sign-off: a line's start or a sentence's end
_LEAD = regex.compile(r"(?m)(?:^|[.!?)][ \t])[ \t]*\Z")


def signature_names(text: str, is_common: Callable[[str], bool],
                    is_word: Callable[[str], bool] = lambda w: False) -> Found:
    """The name line of a signature block: after "Regards", "Kind regards", "Thanks",
    "Best", "--" (and perhaps a blank line), a line of one to four capitalised words and
    name particles that are not all ordinary words ("Mererid ab Owain"), or one word that
    signs nothing else off (not ``is_word``: "Cheers\nCat", not "Thanks\nEveryone"); and
    a name after a sign-off at the end of a line ("… be gentle. Thanks - Cat")."""
    out: Found = []
    for m in _signoff().finditer(text):
        words = m.group("id").split()
        if all(is_common(w) for w in words) and \
                (len(words) > 1 or is_word(words[0].lower())):
            continue
        out.append((m.start("id"), m.end("id"), "the name line of a signature block"))
    for m in _signoff_same_line().finditer(text):
        if _LEAD.search(text, max(0, m.start() - 40), m.start()) and \
                not is_word(m.group("id").lower()):
            out.append((m.start("id"), m.end("id"), "a name after a sign-off"))
    return out


_CLOSING = regex.compile(r"(?<=[.!?)][ \t]*\n(?:[ \t]*\n)?)[ \t]*(?:[—–]|--?)?[ \t]*"
                      r"(?P<id>\p{Lu}\p{Ll}{1,11}|\p{Lu}{2,3})[ \t]*"
                      r"(?=\n[ \t]*(?:\n[ \t]*)?(?:-{3,}|_{3,}|\*{3,})|\n?\Z)")


def closing_names(text: str, is_word: Callable[[str], bool]) -> Found:
    """A word alone on the line after a message's last sentence and before a rule or the
    end of the text ("Sorry for being unprofessional.\nKat\n\n---", "… the man.\n\n— OD"):
    the writer signing off without a "Regards" (not a function or title word: ``is_word``;
    initials that are no body's acronym: "NHS" is not)."""
    return [(m.start("id"), m.end("id"), "a first name signing off a message")
            for m in _CLOSING.finditer(text) if not is_word(m.group("id").lower()) and
            not (m.group("id").isupper() and m.group("id") in not_initials())]
