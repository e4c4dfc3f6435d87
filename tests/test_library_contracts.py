"""Presidio through its front doors, and the one measured exception guarded.

engine.py overrides only public methods of Presidio's classes. The one place that leans on
Presidio's behaviour rather than its API, the bare-domain URL pattern searched by DomainFinder
(see OfflineUrlRecognizer: 1.7% of batch CPU), is pinned here: if PatternRecognizer stops
reusing a pattern's ``compiled_regex`` while its flags are unchanged, these tests fail.
"""

from __future__ import annotations

import regex


def _private_overrides(obj: object, base: type) -> list[str]:
    """Names of ``base``'s single-underscore methods that ``obj``'s class redefines."""
    out = []
    for klass in type(obj).__mro__:
        if klass.__module__.startswith("presidio_"):
            break
        out += [name for name, value in vars(klass).items()
                if name.startswith("_") and not name.startswith("__") and callable(value)
                and hasattr(base, name)]
    return out


def test_no_presidio_private_method_is_overridden(redactor) -> None:
    from presidio_analyzer import EntityRecognizer
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    engine = redactor._detector.engine
    assert _private_overrides(engine.nlp_engine, SpacyNlpEngine) == []
    # artifacts come from Presidio's own process_batch (its constructor, not __new__)
    assert type(engine.nlp_engine).process_batch is SpacyNlpEngine.process_batch
    for rec in engine.analyzer.registry.recognizers:
        assert _private_overrides(rec, EntityRecognizer) == [], rec.name


def test_nlp_artifacts_hold_the_mapped_entities(redactor) -> None:
    engine = redactor._detector.engine
    [(text, art)] = list(engine.nlp_engine.process_batch(
        ["Gerald Thorne met Amina in Leeds."], language="en"))
    assert text == "Gerald Thorne met Amina in Leeds."
    assert {e.label_ for e in art.entities} <= {"PERSON", "LOCATION", "ORGANIZATION", "DATE"}
    assert "PERSON" in {e.label_ for e in art.entities}
    assert len(art.scores) == len(art.entities)


class _Spy:
    """Stands in for a compiled pattern and records that it was searched."""

    def __init__(self, pattern: str) -> None:
        self.compiled = regex.compile(pattern)
        self.calls = 0

    def finditer(self, text: str, timeout: float | None = None):
        self.calls += 1
        return self.compiled.finditer(text, timeout=timeout)


def test_pattern_recognizer_reuses_a_compiled_regex_set_with_its_flags() -> None:
    """What DomainFinder relies on: a Pattern's compiled_regex is used as it is while
    compiled_with_flags equals the recognizer's flags."""
    from presidio_analyzer import Pattern, PatternRecognizer

    pattern = Pattern("digits", r"\d+", 0.5)
    rec = PatternRecognizer(supported_entity="NUMBER", patterns=[pattern])
    spy = _Spy(r"\d+")
    pattern.compiled_regex, pattern.compiled_with_flags = spy, rec.global_regex_flags
    found = rec.analyze("call 123 or 4567", ["NUMBER"])
    assert spy.calls == 1
    assert pattern.compiled_regex is spy
    assert [(r.start, r.end) for r in found] == [(5, 8), (12, 16)]


def test_url_recognizer_still_searches_with_domain_finder(redactor) -> None:
    from presidio_analyzer.predefined_recognizers import UrlRecognizer

    from balint_redact.analysis import DomainFinder

    rec = next(r for r in redactor._detector.engine.analyzer.registry.recognizers
               if isinstance(r, UrlRecognizer))
    found = rec.analyze("the firm's site is thorne-legal.co.uk now", ["URL"])
    assert [(r.start, r.end) for r in found] == [(19, 37)]
    finders = [p for p in rec.patterns if isinstance(p.compiled_regex, DomainFinder)]
    assert len(finders) == 1 and finders[0].compiled_with_flags == rec.global_regex_flags
