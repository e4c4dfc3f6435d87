"""The word lists shipped in models/: ordinary words (common and rare), first names and
surnames that are also words, and the allow list. A missing file fails closed.

>>> "client" in common_words()
True
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from ..errors import DetectionError


def _model_lines(package: str, name: str) -> tuple[str, ...]:
    """Non-comment lines of a shipped data file; a missing file fails closed."""
    try:
        text = resources.files(package).joinpath(name).read_text("utf-8")
    except (ModuleNotFoundError, OSError):
        raise DetectionError(f"detection data {name} is missing from the installation; "
                             "reinstall balint-redact. Nothing was redacted.") from None
    return tuple(s for s in map(str.strip, text.splitlines()) if s and s[0] != "#")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Ordinary lower-case words (models/words/common_words.txt + extra_words.txt, and
    other_language_words.txt: kinship, address and greetings of other languages)."""
    return frozenset(w for name in ("common_words", "extra_words", "other_language_words")
                     for w in _model_lines("balint_redact.models.words", f"{name}.txt"))


@lru_cache(maxsize=1)
def rare_words() -> frozenset[str]:
    """Rarer genuine words, trusted only in lower case (models/words/rare_words.txt)."""
    return frozenset(_model_lines("balint_redact.models.words", "rare_words.txt"))


@lru_cache(maxsize=1)
def word_name_list() -> frozenset[str]:
    """First names that are also ordinary words (models/words/word_names.txt)."""
    return frozenset(_model_lines("balint_redact.models.words", "word_names.txt"))


@lru_cache(maxsize=1)
def word_surname_list() -> frozenset[str]:
    """Surnames that are also ordinary words (models/words/word_surnames.txt)."""
    return frozenset(_model_lines("balint_redact.models.words", "word_surnames.txt"))


@lru_cache(maxsize=None)
def word_entries(name: str) -> tuple[str, ...]:
    """The entries of models/words/NAME.txt in file order; a line ``@include OTHER`` stands
    for OTHER's entries, so a list that extends another does not copy it (each file's
    purpose and source are in models/words/README.md)."""
    out: list[str] = []
    seen: set[str] = set()  # a list of 30,000 words: membership in a set, not the list
    for line in _model_lines("balint_redact.models.words", f"{name}.txt"):
        for entry in (word_entries(line.split(None, 1)[1]) if line.startswith("@include ")
                      else (line,)):
            if entry not in seen:
                seen.add(entry)
                out.append(entry)
    return tuple(out)


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """models/words/NAME.txt (with its includes) as a set."""
    return frozenset(word_entries(name))


def word_pattern(name: str) -> str:
    """models/words/NAME.txt as a regex alternation ``(?:a|b|...)``, longest entries first
    (a list used inside a pattern is still data)."""
    import regex

    words = sorted(word_entries(name), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(regex.escape(w) for w in words) + ")"


@lru_cache(maxsize=1)
def builtin_allow_list() -> tuple[str, ...]:
    """Legal vocabulary that looks like names and must stay (models/allow_list.txt)."""
    return _model_lines("balint_redact.models", "allow_list.txt")


@lru_cache(maxsize=1)
def public_domains() -> frozenset[str]:
    """Domains of courts, legislation and government (models/public_domains.txt)."""
    return frozenset(d.lower() for d in _model_lines("balint_redact.models",
                                                     "public_domains.txt"))


# layout breaks an NER span must not cross: blank lines, column gaps, dotted leaders
