r"""Hard-wrapped text (an email or a note broken every 40-80 characters) read as the prose it is:
a same-length copy in which a line break inside a paragraph is a space, so a name, a number or
a cue split over two lines ("a man called\nDean", "07700\n900371") is seen whole. Offsets
hold for the original.

>>> unwrap("At the hearing her brother, a man called\nDean Sutcliffe, rose and said the arrears\n"
...        "were paid; she rang me from 07700\n900371 the next morning in tears.\n\n- a list\n- item")
'At the hearing her brother, a man called Dean Sutcliffe, rose and said the arrears were paid; she rang me from 07700 900371 the next morning in tears.\n\n- a list\n- item'
"""

from __future__ import annotations

import regex

#: a text whose longest line is longer than this is not hard-wrapped
MAX_WIDTH = 100
#: ... nor one whose longest line is shorter than this
MIN_WIDTH = 30
#: a line at least this share of the longest one was broken by the wrapping, not the writer
FULL_SHARE = 0.6
#: the share of breaks inside paragraphs that must follow a full line
WRAPPED_SHARE = 0.5
# a line that starts a list item, a heading, a quote, a table row or an email header field
_STARTS_BLOCK = regex.compile(r"[ \t]*(?:[-*•>#|]|\d{1,3}[.)][ \t]|[A-Z][\w -]{0,20}:[ \t])")


# indentation or a column gap: laid out, not wrapped prose
_LAID_OUT = regex.compile(r"^[ \t]{2,}|\S[ \t]{3,}\S")


def _soft_breaks(text: str) -> list[int]:
    lines = text.split("\n")
    widths = [len(line.rstrip()) for line in lines]
    longest = max(widths, default=0)
    if not MIN_WIDTH <= longest <= MAX_WIDTH:
        return []
    breaks, inside = [], 0
    pos = 0
    for i, line in enumerate(lines[:-1]):
        pos += len(line)
        nxt = lines[i + 1]
        if line.strip() and nxt.strip():
            inside += 1
            if widths[i] >= FULL_SHARE * longest and not _STARTS_BLOCK.match(nxt) and \
                    not _LAID_OUT.search(line) and not _LAID_OUT.search(nxt):
                breaks.append(pos)
        pos += 1
    return breaks if inside >= 4 and len(breaks) >= WRAPPED_SHARE * inside else []


def unwrap(text: str) -> str:
    """The same text with the line breaks of hard wrapping turned into spaces."""
    if text.count("\n") < 4:
        return text
    breaks = _soft_breaks(text)
    if not breaks:
        return text
    chars = list(text)
    for i in breaks:
        chars[i] = " "
    return "".join(chars)
