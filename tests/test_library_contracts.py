"""Presidio through its front doors, and the one measured exception guarded.

engine.py overrides only public methods of Presidio's classes. Two fast paths are pinned here
with the figures that keep them (see engine.py): the spaCy engine's lean artifacts must equal
Presidio's own, and the bare-domain URL pattern searched by DomainFinder relies on
PatternRecognizer reusing a pattern's ``compiled_regex`` while its flags are unchanged.
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
    for rec in engine.analyzer.registry.recognizers:
        assert _private_overrides(rec, EntityRecognizer) == [], rec.name


#: model labels of every kind: mapped (PERSON, ORG, GPE, DATE), ignored (CARDINAL, MONEY)
MIXED = ("Gerald Thorne of Thorne Holdings Ltd met Amina Patel in Leeds on 3 March 2021 and "
         "paid her £4,000 for 12 boxes. The Leeds City Council and Barclays Bank were told.")


def _entities(art) -> list[tuple[str, int, int, float]]:
    return [(e.label_, e.start_char, e.end_char, s) for e, s in zip(art.entities, art.scores)]


def test_lean_artifacts_equal_presidios_own(redactor) -> None:
    """What engine.py's process_batch builds (entities and scores only, for speed) is what
    Presidio's SpacyNlpEngine builds, and its SpacyRecognizer finds the same in both."""
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    engine = redactor._detector.engine
    nlp_engine = engine.nlp_engine
    texts = [MIXED, MIXED.lower(), "", "Nothing to see here."]
    ours = list(nlp_engine.process_batch(texts, language="en"))
    theirs = list(SpacyNlpEngine.process_batch(nlp_engine, texts, language="en"))
    assert [t for t, _ in ours] == [t for t, _ in theirs] == texts
    labels = {e.label_ for _, art in theirs for e in art.entities}
    assert {"PERSON", "ORGANIZATION", "LOCATION", "DATE"} <= labels
    spacy_rec = next(r for r in engine.analyzer.registry.recognizers
                     if r.name == "SpacyRecognizer")
    for (text, mine), (_, presidio) in zip(ours, theirs):
        assert _entities(mine) == _entities(presidio)
        found = [[(r.entity_type, r.start, r.end, r.score)
                  for r in spacy_rec.analyze(text, engine._entities, art)]
                 for art in (mine, presidio)]
        assert found[0] == found[1]
    [(text, art, context)] = list(nlp_engine.process_batch([(MIXED, 7)], language="en",
                                                           as_tuples=True))
    assert (text, context) == (MIXED, 7) and _entities(art) == _entities(theirs[0][1])


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

    from balint_redact.detect.analysis import DomainFinder

    rec = next(r for r in redactor._detector.engine.analyzer.registry.recognizers
               if isinstance(r, UrlRecognizer))
    found = rec.analyze("the firm's site is thorne-legal.co.uk now", ["URL"])
    assert [(r.start, r.end) for r in found] == [(19, 37)]
    finders = [p for p in rec.patterns if isinstance(p.compiled_regex, DomainFinder)]
    assert len(finders) == 1 and finders[0].compiled_with_flags == rec.global_regex_flags
