"""The reading detection sees: the text with obfuscation undone, and a map back to the original.

Detection reads a normalised copy, so that what hides an identifier from a pattern or a model
does not hide it from the redactor; what is redacted is the original text. The reading has:

- NFKC compatibility forms (fullwidth digits and solidus, ligatures), composed per character
  and its combining marks;
- every kind of space (no-break, narrow no-break, thin ...) as " ", and every hyphen
  (non-breaking hyphen, figure dash, minus sign) as "-";
- format characters removed (zero-width space, joiners, word joiner, byte-order mark, soft
  hyphen, bidi controls);
- text reversed under a right-to-left override (U+202E up to U+202C or the end of the line) in
  the order it is shown;
- HTML character references resolved (``&#65;m&#105;na``, ``&amp;``, ``&nbsp;``);
- a Markdown link's text and its target both read (``[Amina Patel](mailto:…)``), the
  target's percent escapes decoded (``tel:07700%20900123``);
- emphasis markers inside a word or at its edges dropped (``Am**in**a``, ``Am_in_a``,
  ``**Grace Adeyemi**``, ``***Leeds***``);
- control characters (DEL, C0, C1 other than tab and breaks) dropped, a braille blank read
  as a space, and a soft hyphen at a line break joined (``Pa\u00ad\ntel``);
- a capitalised word hyphenated across a line break joined ("Pa-\\ntel" → "Patel"), and a
  code broken after a hyphen joined ("KB-2024-\\n000123");
- Cyrillic and Greek lookalike letters read as Latin inside Latin words and identifiers.

>>> r = read("Mrs &#65;m\u200bina Pa-\\ntel, \u202e321009 00770\u202c")
>>> r.text
'Mrs Amina Patel, 07700 900123'
>>> r.original_span(4, 9), r.original_span(17, 29)
((4, 14), (24, 38))
>>> read("Nothing to do here.").identity
True
"""

from __future__ import annotations

import bisect
import html
import html.entities
import unicodedata

import regex

from .confusables import fold
from .spans import Span, resolve

_RLO, _PDF, _SHY = "\u202e", "\u202c", "\u00ad"
# invisible characters that are not in category Cf: combining grapheme joiner, Hangul fillers,
# variation selectors
_INVISIBLE = frozenset("\u034f\u115f\u1160\u3164\uffa0"
                       + "".join(map(chr, [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)])))
_WORDCHAR = regex.compile(r"[\p{L}\p{N}]")
# control characters other than tab, line and page breaks are not read (DEL, C0, C1); blank
# symbols that show as a space are a space
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BLANKS = frozenset("\u2800")

# where something may need undoing: one cheap scan finds none in most texts
_TRIGGER = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f-\U0010ffff&\[*_~]|-\r?\n")
# what may start at a trigger, tried there (anchored)
_RLO_RUN = regex.compile(rf"{_RLO}[^\n\r\u2028\u2029{_PDF}]*{_PDF}?")
_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_LINK = regex.compile(r"\[(?P<text>[^\[\]\n]{1,300})\]\((?P<url>[^()\s]{1,1000})\)")
# emphasis inside a word: "Am**in**a", "**Am**ina", "Am_in_a"; after a letter or a digit, or
# followed by one
_EMPHASIS = regex.compile(r"(?P<m>\*\*|\*|__|_|~~)(?P<body>[\p{L}\p{N}][^\s*_~]{0,60}?)(?P=m)")
# emphasis markers at the edge of a word ("**Grace Adeyemi**", "***Leeds***", "_Amina_"): not
# read; a star or underscore standing alone ("2 * 3", "* item", our "*****") is not one
_EDGE_MARK = regex.compile(r"\*{1,3}|_{1,3}|~~")
_OPENS_AFTER = frozenset(" \t\n\r([{\"'“‘")
_CLOSES_BEFORE = frozenset(" \t\n\r)]}\"'”’.,;:!?")
# a soft hyphen at a line break is where a word was split ("Pa\u00ad\ntel", "900\u00ad\n123")
_SOFT_BREAK = regex.compile(r"\r?\n[ \t]*")
# percent escapes in a link's target ("tel:07700%20900123", "mailto:a%40b.example")
_PERCENT = regex.compile(r"(?:%[0-9A-Fa-f]{2})+")
# a capitalised word hyphenated across a line break ("Pa-\ntel"); the word before is checked
_NAME_BREAK = regex.compile(r"-\r?\n[ \t]*(?=\p{Ll})")
_NAME_BEFORE = regex.compile(r"(?<![\p{L}\p{N}])\p{Lu}\p{L}{0,30}\p{Ll}\Z")
# a code broken after a hyphen ("KB-2024-\n000123"): the hyphen stays, the break goes
_CODE_BREAK = regex.compile(r"-(?P<br>\r?\n[ \t]*)(?=[\p{N}\p{Lu}])")
_CODE_BREAK_AFTER_LETTER = regex.compile(r"-(?P<br>\r?\n[ \t]*)(?=\p{N})")
_NON_ASCII = regex.compile(r"[^\x00-\x7f]+")
# hyphens that Word and typesetting write inside codes and names ("BR\u20112024\u2011000417"):
# hyphen, non-breaking hyphen, figure dash, minus sign; en and em dashes are prose and stay
_HYPHENS = frozenset("\u2010\u2011\u2012\u2212")
# a character and its combining marks
_CLUSTER = regex.compile(r"(?s).\p{M}*")


class Reading:
    """What detection reads (``text``) and, for each of its characters, the range of the
    original it comes from. A reading with nothing changed is the original itself."""

    __slots__ = ("text", "identity", "_r", "_o", "_n", "_same")

    def __init__(self, text: str, pieces: "_Builder | None" = None) -> None:
        self.text = text
        #: nothing was changed: the reading is the original
        self.identity = pieces is None
        # pieces of the reading: reading start, original start, original length, identity
        # (character for character) or not (every character stands for the whole range)
        self._r, self._o, self._n, self._same = (
            (pieces.r, pieces.o, pieces.n, pieces.same) if pieces else ([], [], [], []))

    def _piece(self, i: int) -> int:
        return bisect.bisect_right(self._r, i) - 1

    def original_start(self, i: int) -> int:
        """Where reading character ``i`` starts in the original."""
        k = self._piece(i)
        return self._o[k] + (i - self._r[k] if self._same[k] else 0)

    def original_end(self, i: int) -> int:
        """Where reading character ``i`` ends in the original."""
        k = self._piece(i)
        return self._o[k] + (i - self._r[k] + 1 if self._same[k] else self._n[k])

    def original_span(self, a: int, b: int) -> tuple[int, int]:
        """The original range of reading characters ``a`` to ``b`` (end exclusive)."""
        if self.identity:
            return a, b
        if b <= a:  # empty: where it stands
            at = self.original_start(a) if a < len(self.text) else \
                (self.original_end(a - 1) if a else 0)
            return at, at
        return self.original_start(a), self.original_end(b - 1)

    def spans_back(self, spans: list[Span]) -> list[Span]:
        """Spans found in the reading, as spans of the original (overlaps merged)."""
        if self.identity:
            return spans
        out = []
        for s in spans:
            a, b = self.original_span(s.start, s.end)
            out.append(Span(a, b, s.entity_type, s.score, s.source))
        return resolve(out)


class _Builder:
    """Collects the reading's text and its pieces."""

    __slots__ = ("parts", "r", "o", "n", "same", "length")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.r: list[int] = []
        self.o: list[int] = []
        self.n: list[int] = []
        self.same: list[bool] = []
        self.length = 0

    def keep(self, text: str, a: int, b: int) -> None:
        """Original ``text[a:b]`` read as it is."""
        if b <= a:
            return
        if self.same and self.same[-1] and self.o[-1] + self.n[-1] == a:
            self.n[-1] += b - a
        else:
            self._add(a, b - a, True)
        self.parts.append(text[a:b])
        self.length += b - a

    def put(self, reading: str, a: int, b: int) -> None:
        """``reading`` read in place of original ``[a, b)`` (nothing if it is empty)."""
        if not reading:
            return
        self._add(a, b - a, False)
        self.parts.append(reading)
        self.length += len(reading)

    def _add(self, o: int, n: int, same: bool) -> None:
        self.r.append(self.length)
        self.o.append(o)
        self.n.append(n)
        self.same.append(same)


_FORMS: dict[str, str] = {}


def _form(cluster: str) -> str:
    """How one character (with its combining marks) is read."""
    cached = _FORMS.get(cluster)
    if cached is not None:
        return cached
    first = cluster[0]
    category = unicodedata.category(first)
    if len(cluster) == 1 and (category in ("Cf", "Cc") or first in _INVISIBLE):
        out = ""  # (tab and line breaks never reach here: they are not triggers)
    elif _INVISIBLE.intersection(cluster):  # a variation selector after a letter or a "."
        out = _forms_of("".join(c for c in cluster if c not in _INVISIBLE))
    elif first in _BLANKS:
        out = " "
    elif cluster in _HYPHENS:
        out = "-"
    elif len(cluster) == 1 and category == "Zs":
        out = " "
    else:
        nf = unicodedata.normalize("NFKC", cluster)
        if (" " in nf and category != "Zs") or (category[0] == "P" and len(nf) > 1):
            out = cluster  # a spacing accent ("´" → " ́") or "…" stays as it is
        else:  # invisible marks in it go
            out = nf if nf == cluster and not _INVISIBLE.intersection(nf) else \
                "".join(_form(c) for c in nf)
    if len(_FORMS) < 20_000:
        _FORMS[cluster] = out
    return out


def _read_plain(text: str, a: int, b: int, out: _Builder) -> None:
    """Original ``text[a:b]`` (no markup in it) character by character."""
    for m in _CLUSTER.finditer(text, a, b):
        cluster = m.group()
        form = _soft_hyphen(text, m.start()) if cluster == _SHY else _form(cluster)
        if form == cluster:
            out.keep(text, m.start(), m.end())
        else:
            out.put(form, m.start(), m.end())


def _soft_hyphen(text: str, i: int) -> str:
    """A soft hyphen inside a word is not read ("Pa\u00adtel"); one that stands for a visible
    hyphen, as in text taken from a PDF ("Non\u00adReportable", "5,000/\u00ad"), is "-"."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalnum() and after.isalnum() and not (before.islower() and after.isupper()):
        return ""
    return "-"


def _forms_of(s: str) -> str:
    return "".join(_form(c) for c in _CLUSTER.findall(s))


def _entity(ref: str) -> str | None:
    """The text of an HTML character reference, or None if it is not one."""
    if ref[1] != "#":
        name = ref[1:]
        if name not in html.entities.html5:
            return None
    return html.unescape(ref)


def _walk(text: str, a: int, b: int, out: _Builder) -> None:
    """Read original ``text[a:b]`` into ``out``."""
    pos = a  # text before pos is read
    at = a  # where to look for the next trigger
    while True:
        m = _TRIGGER.search(text, at, b)
        if m is None:
            break
        p = m.start()
        end = _event(text, p, b, pos, out)
        if end is None:
            at = p + 1
        else:
            pos = at = end
    out.keep(text, pos, b)


def _event(text: str, p: int, b: int, pos: int, out: _Builder) -> int | None:
    """Read what starts at trigger ``p`` (text from ``pos`` to ``p`` not read yet) and return
    where it ends; None if nothing there needs undoing."""
    c = text[p]
    before = text[p - 1] if p > 0 else ""
    if c == "&":
        m = _ENTITY.match(text, p, b)
        value = _entity(m.group()) if m else None
        if value is None:
            return None
        out.keep(text, pos, p)
        brk = _SOFT_BREAK.match(text, m.end(), b) if value == _SHY else None
        if brk:  # "Pa&shy;\ntel"
            return brk.end()
        out.put(_forms_of(value), p, m.end())
        return m.end()
    if c == "[":
        m = _LINK.match(text, p, b)
        if m is None:
            return None
        out.keep(text, pos, p)
        _walk(text, m.start("text"), m.end("text"), out)
        out.put(" ", m.end("text"), m.end("text") + 1)  # "]" before "("
        out.keep(text, m.start("url") - 1, m.start("url"))
        _read_url(text, m.start("url"), m.end("url"), out)
        out.keep(text, m.end() - 1, m.end())
        return m.end()
    if c in "*_~":
        m = _EMPHASIS.match(text, p, b)
        if m is not None and (_WORDCHAR.match(before) or _WORDCHAR.match(text, m.end(), b)):
            out.keep(text, pos, p)
            _walk(text, m.start("body"), m.end("body"), out)
            return m.end()
        m = _EDGE_MARK.match(text, p, b)
        if m is None:  # a lone "~"
            return None
        after = text[m.end()] if m.end() < len(text) else " "
        opens = (not before or before in _OPENS_AFTER) and _WORDCHAR.match(after)
        closes = _WORDCHAR.match(before) and after in _CLOSES_BEFORE
        if not (opens or closes):
            return None
        out.keep(text, pos, p)
        return m.end()
    if c == "-":
        m = _NAME_BREAK.match(text, p, b)
        if m and _NAME_BEFORE.search(text, max(pos, p - 40), p):
            out.keep(text, pos, p)
            return m.end()
        m = (_CODE_BREAK if before.isdigit() else _CODE_BREAK_AFTER_LETTER).match(text, p, b)
        if m is None or not _WORDCHAR.match(before):
            return None
        out.keep(text, pos, p + 1)
        return m.end()
    if _CONTROL.match(c):
        out.keep(text, pos, p)
        return p + 1
    if c == _SHY:
        brk = _SOFT_BREAK.match(text, p + 1, b)
        if brk:
            out.keep(text, pos, p)
            return brk.end()
    if c == _RLO:
        m = _RLO_RUN.match(text, p, b)
        end = m.end()
        out.keep(text, pos, p)
        # read in the order written (character references, invisible characters), then in
        # the order shown (what only reads right reversed: a reversed "&#51;" or link); an
        # override inside the run is not read again (no recursion: one pass per run)
        inner = text[p + 1:end - (text[end - 1] == _PDF)]
        inner = _read_string(inner.replace(_RLO, "").replace(_PDF, "") if _RLO in inner
                             else inner)
        shown = _read_string("".join(reversed(_CLUSTER.findall(inner))))
        out.put(shown, p, end)  # every character stands for the whole run
        return end
    # other characters, each with its combining marks (a mark's base may be the character
    # before the run)
    start = p - 1 if p > pos and unicodedata.category(c)[0] == "M" else p
    end = _NON_ASCII.match(text, p, b).end()
    stop = end
    m = _RLO_RUN.search(text, p, end) if _RLO in text[p:end] else None
    if m:
        stop = m.start()
    if stop == start:
        return None
    out.keep(text, pos, start)
    _read_plain(text, start, stop, out)
    return stop


def _read_url(text: str, a: int, b: int, out: _Builder) -> None:
    """A link's target ``text[a:b]``: percent escapes decoded, the rest read as text."""
    pos = a
    for m in _PERCENT.finditer(text, a, b):
        _walk(text, pos, m.start(), out)
        decoded = bytes.fromhex(m.group().replace("%", "")).decode("utf-8", "replace")
        out.put(_forms_of(decoded), m.start(), m.end())
        pos = m.end()
    _walk(text, pos, b, out)


def _read_string(s: str) -> str:
    """The reading of ``s`` without its map (confusables not folded yet)."""
    sub = _Builder()
    _walk(s, 0, len(s), sub)
    return "".join(sub.parts)


def _plain(text: str) -> bool:
    """Nothing in ``text`` can need undoing (checked without a scan in Python)."""
    return text.isascii() and not ("&" in text or "[" in text or "*" in text or "_" in text or
                                   "~" in text or "-\n" in text or "-\r\n" in text or
                                   _CONTROL.search(text) is not None)


def read(text: str) -> Reading:
    """The reading of ``text``; the text itself (``identity``) when there is nothing to undo."""
    if _plain(text):
        return Reading(text)
    out = _Builder()
    _walk(text, 0, len(text), out)
    reading = fold("".join(out.parts))
    if reading == text and (not out.same or out.same == [True]):
        return Reading(text)
    return Reading(reading, out)
