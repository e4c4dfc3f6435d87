"""Run one pattern rule over a text: regex (with a time limit), named group, validator, context.

>>> from balint_redact.rules.schema import PatternRule
>>> rule = PatternRule("ref", "MATTER_REFERENCE", r"(?i:ref\\.?\\s*)(?P<id>[A-Z]{3}/\\d{4})", 0.8,
...                    group="id")
>>> text = "our ref AJS/0456 today"
>>> [(text[s:e], score) for s, e, score in match_rule(rule, text)]
[('AJS/0456', 0.8)]
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..errors import DetectionError
from .schema import REGEX_TIMEOUT_SECONDS, PatternRule
from .validators import VALIDATORS

CONTEXT_BOOST = 0.35
MIN_SCORE = 0.4


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern, regex.VERSION0 | regex.MULTILINE)


@lru_cache(maxsize=None)
def _context_regex(words: tuple[str, ...]) -> regex.Pattern[str]:
    alternatives = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in
                            sorted(words, key=len, reverse=True))
    return regex.compile(rf"(?i)(?<![^\W_])(?:{alternatives})(?![^\W_])")


def has_context(rule: PatternRule, text: str, start: int, end: int) -> bool:
    """Whether a cue word of the rule stands within its window either side of text[start:end]."""
    if not rule.context:
        return False
    lo = max(0, start - rule.context_window)
    hi = min(len(text), end + rule.context_window)
    window = text[lo:start] + " " + text[end:hi]
    return _context_regex(rule.context).search(window) is not None


def match_rule(rule: PatternRule, text: str,
               timeout: float = REGEX_TIMEOUT_SECONDS) -> list[tuple[int, int, float]]:
    """All (start, end, score) the rule finds in text at or above MIN_SCORE.

    A regex running past ``timeout`` seconds raises DetectionError naming the rule: the caller
    fails closed rather than return a half-checked text.
    """
    out: list[tuple[int, int, float]] = []
    try:
        # a cheap condition every match meets: where it finds nothing, the rule cannot (and
        # its regex is not even compiled: built-in rules are compiled on first use)
        if rule.requires and _compiled(rule.requires).search(text, timeout=timeout) is None:
            return out
        compiled = _compiled(rule.regex)
        validator = VALIDATORS[rule.validator] if rule.validator else None
        for m in compiled.finditer(text, timeout=timeout):
            start, end = m.span(rule.group) if rule.group else m.span()
            if start < 0 or end <= start:
                continue
            if validator is not None and not validator(text[start:end]):
                continue
            score = rule.score
            if rule.context:
                if has_context(rule, text, start, end):
                    score = min(1.0, score + CONTEXT_BOOST)
                elif rule.context_required:
                    continue
            if score >= MIN_SCORE:
                out.append((start, end, score))
    except TimeoutError:
        raise DetectionError(
            f"rule {rule.name!r} ({rule.source}) took longer than {timeout:g} s on this input; "
            "simplify its regex (nested repetition backtracks catastrophically)") from None
    return out
