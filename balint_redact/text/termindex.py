"""Find many terms at once, on word boundaries, with Aho-Corasick (pyahocorasick).

Whitespace inside a term matches any single whitespace character (a name broken across a
line still matches); matching is case-insensitive unless a term asks for its exact case, in
which case only its Title-case and UPPER-case forms match.

The search stays linear in the text however long a term is: pyahocorasick walks a state's
whole chain of fallbacks at every character, so a term of thousands of characters (a run of
capitalised words joined into one "name") made it quadratic. A term longer than MAX_KEY is
found by its first MAX_KEY characters and checked whole only where it could be chosen.

>>> idx = TermIndex(); idx.add("Amina Patel", "PERSON"); idx.add("Rose", "PERSON", True)
>>> t = "AMINA\\nPATEL rose; Rose came"
>>> [(t[s:e], p) for s, e, p in idx.find(t)]
[('AMINA\\nPATEL', 'PERSON'), ('Rose', 'PERSON')]
"""

from __future__ import annotations

import ahocorasick
import regex


_SPACE = regex.compile(r"\s")


def fold(text: str) -> str:
    """Lower-case and turn whitespace into spaces without changing the length."""
    low = text.lower()
    if len(low) == len(text):  # nearly always: no character changes length in lower case
        return _SPACE.sub(" ", low)
    out = []
    for c in text:
        if c.isspace():
            out.append(" ")
        else:
            low = c.lower()
            out.append(low if len(low) == 1 else c)
    return "".join(out)


_LAST_FOLDED: tuple[str, str] = ("", "")


def _fold_document(text: str) -> str:
    """fold(text), remembered for the last text: one document is searched by several
    indexes in a row (allow list, terms, known names, the names found)."""
    global _LAST_FOLDED
    last = _LAST_FOLDED  # one tuple, read and replaced whole: safe across threads
    if last[0] is text:
        return last[1]
    folded = fold(text)
    _LAST_FOLDED = (text, folded)
    return folded


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


#: longest key the automaton holds; longer terms are found by this prefix, then compared whole
MAX_KEY = 100

_Value = tuple[int, str, "frozenset[str] | None"]


class TermIndex:
    """Terms → payloads; ``find`` returns non-overlapping (start, end, payload), longest first."""

    def __init__(self) -> None:
        self._automaton = ahocorasick.Automaton()
        self._values: dict[str, _Value] = {}
        self._ready = False

    def __len__(self) -> int:
        return len(self._values)

    def add(self, term: str, payload: str, case_sensitive: bool = False) -> None:
        term = " ".join(term.split())
        if not term:
            return
        key = fold(term)
        forms: frozenset[str] | None = None
        if case_sensitive:
            forms = frozenset({term, term.upper(), term[:1].upper() + term[1:]})
        if key in self._values:
            _, old_payload, old_forms = self._values[key]
            payload = old_payload
            forms = None if old_forms is None or forms is None else old_forms | forms
        self._values[key] = (len(key), payload, forms)
        self._ready = False

    def finalise(self) -> None:
        """Build the automaton: each key of at most MAX_KEY characters maps to its own entry
        (or None) and to the longer terms that begin with it."""
        entries: dict[str, tuple[_Value | None, list[tuple[str, _Value]]]] = {}
        for key, value in self._values.items():
            if len(key) <= MAX_KEY:
                entries[key] = (value, entries.get(key, (None, []))[1])
            else:
                entries.setdefault(key[:MAX_KEY], (None, []))[1].append((key, value))
        self._automaton = ahocorasick.Automaton()
        for key, (value, longer) in entries.items():
            self._automaton.add_word(key, (len(key), value, tuple(longer)))
        if entries:
            self._automaton.make_automaton()
        self._ready = True

    def find(self, text: str) -> list[tuple[int, int, str]]:
        if not self._values:
            return []
        if not self._ready:
            self.finalise()
        folded = _fold_document(text)
        n = len(text)
        # (start, end, payload, forms, the whole key when only its prefix was seen)
        candidates: list[tuple[int, int, str, frozenset[str] | None, str | None]] = []
        for last, (length, value, longer) in self._automaton.iter(folded):
            start = last - length + 1
            if start > 0 and _word_char(text[start - 1]) and _word_char(text[start]):
                continue
            if value is not None:
                candidates.append((start, last + 1, value[1], value[2], None))
            for key, (klen, payload, forms) in longer:
                if start + klen <= n:
                    candidates.append((start, start + klen, payload, forms, key))
        candidates.sort(key=lambda c: (c[0], -c[1]))
        # the remaining checks are made only where a candidate could still be chosen (nothing
        # chosen covers its start): a long term that compares equal is chosen and covers its
        # own length, so those comparisons add up to the text's length at most
        out: list[tuple[int, int, str]] = []
        for start, end, payload, forms, key in candidates:
            if out and start < out[-1][1]:
                continue
            if key is not None and not folded.startswith(key, start):
                continue
            if end < n and _word_char(text[end]) and _word_char(text[end - 1]):
                continue
            if forms is not None and " ".join(text[start:end].split()) not in forms:
                continue
            out.append((start, end, payload))
        return out
