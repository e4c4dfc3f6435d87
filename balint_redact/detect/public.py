"""Public web pages: a URL on a court, legislation or government domain whose path holds no
digit is public text, not a contact detail ("www.legislation.gov.uk/ukpga", "judis.nic.in").
A path with digits may point at one case or person, so such URLs are redacted like any other.

>>> text = "See https://www.gov.uk/child-maintenance or www.bailii.org/ew/cases/EWFC/2023/12.html"
>>> [text[a:b] for a, b in public_pages(text)]
['https://www.gov.uk/child-maintenance']
"""

from __future__ import annotations

import regex

from ..text.wordlists import public_domains

_URLISH = regex.compile(
    r"(?<![\w@.-])(?:(?i:https?)://)?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?::\d+)?"
    r"(?:/[^\s<>\"'()\[\]]*)?(?<![.,;:!?])")


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
