"""Public text: web pages of public bodies, and statutes' short titles.

Public web pages: a URL on a court, legislation or government domain whose path holds no
digit is public text, not a contact detail ("www.legislation.gov.uk/ukpga", "judis.nic.in").
A path with digits may point at one case or person, so such URLs are redacted like any other.

>>> text = "See https://www.gov.uk/child-maintenance or www.bailii.org/ew/cases/EWFC/2023/12.html"
>>> [text[a:b] for a, b in public_pages(text)]
['https://www.gov.uk/child-maintenance']
"""

from __future__ import annotations

from typing import Callable

import regex

from ..text.wordlists import public_domains

#: a URL's path, if any, without the punctuation that ends the sentence it stands in
URL_PATH = r"(?:/[^\s<>\"'()\[\]]*)?(?<![.,;:!?])"
_URLISH = regex.compile(
    r"(?<![\w@.-])(?:(?i:https?)://)?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?::\d+)?" + URL_PATH)


def is_public_page(url: str) -> bool:
    """Whether ``url`` is on a public body's domain with no digit in its path."""
    rest = url.lower().split("://", 1)[-1]
    host, _, path = rest.partition("/")
    if "@" in host or any(c.isdigit() for c in path):
        return False
    parts = host.split(":", 1)[0].rstrip(".").split(".")
    return any(".".join(parts[i:]) in public_domains() for i in range(len(parts) - 1))


def public_pages(text: str) -> list[tuple[int, int]]:
    """(start, end) of every public page's URL in text."""
    return [m.span() for m in _URLISH.finditer(text) if is_public_page(m.group())]


# an enactment's short title with the parts a plainer [[keep]] rule does not cover: words in
# brackets ("Homes (Fitness for Human Habitation) Act 2018", "Housing (Wales) Act 2014") and
# lists ("Legal Aid, Sentencing and Punishment of Offenders Act 2012")
_CAP = r"\p{Lu}[\p{L}\p{M}'’-]*"
_LINK = r"(?:of(?:[ \t]+the)?|and|for|on|to|from|in|with|the)"
STATUTE = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}'’-]){_CAP}"
    rf"(?:[ \t]+{_CAP}|[ \t]+{_LINK}(?=[ \t]+[\p{{Lu}}(])|,[ \t]+{_CAP}"
    rf"|[ \t]*\({_CAP}(?:[ \t]+(?:{_CAP}|{_LINK}))*\)){{0,14}}"
    r"[ \t]+(?:Act|Rules|Regulations|Order|Code)(?![\p{L}\p{N}])"
    r"(?:[ \t]*,?[ \t]*(?:18|19|20)\d{2}(?!\d))?")
_TITLE_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’-]*")
#: in every match of STATUTE (its last word, after a blank): a text without it has none, and
#: is not searched from every capital (1 MB: 0.08 s of CPU, 0.04 s with this gate)
STATUTE_GATE = regex.compile(r"[ \t](?:Act|Rules|Regulations|Order|Code)(?![\p{L}\p{N}])")


def statute_titles(text: str, is_word: Callable[[str], bool]) -> list[tuple[int, int]]:
    """(start, end) of each statute's short title made of ordinary words (``is_word``), with
    brackets or a list in it; a title holding any other word (a name) is not one of these.

    >>> text = "We relied on the Homes (Fitness for Human Habitation) Act 2018 and Ms Patel."
    >>> [text[a:b] for a, b in statute_titles(text, lambda w: w.lower() != "patel")]
    ['Homes (Fitness for Human Habitation) Act 2018']
    """
    out: list[tuple[int, int]] = []
    if STATUTE_GATE.search(text) is None:
        return out
    for m in STATUTE.finditer(text):
        a = m.start()
        words = _TITLE_WORD.findall(m.group())
        if words and words[0] == "The":
            a += 4
        if all(is_word(w) for w in words):
            out.append((a, m.end()))
    return out
