"""The shortcuts taken for batch speed give exactly what the long way gives.

Each shortcut is checked against the code it stands in for: Presidio's AnalyzerEngine.analyze,
its bare-domain URL pattern, thinc's BLIS products, our rules' `requires` pre-checks, the
ALL-CAPS line test, and one fsync a file.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
import regex

from conftest import REPO

CORPUS = REPO / "tests" / "corpus" / "writeups.jsonl"


@pytest.fixture(scope="module")
def texts() -> list[str]:
    docs = [json.loads(line)["text"] for line in CORPUS.read_text("utf-8").splitlines()
            if line.strip()]
    extra = ["S.L.P. (Crl.) No. 1234 of 2019 and W.P.(C) No.616 of 2020; Crl.A. 123/2015.",
             "She lives at Flat 3, 41 Wills Crescent, Birmingham B12 9QT since 12/03/2019.",
             "see www.judis.nic.in/x.y and judis.nic.in, mail amina@example.co.uk, Mr.Sa e.g."]
    return docs + extra + [d.lower() for d in docs[:10]] + [d.upper() for d in docs[10:20]]


def test_lean_analysis_is_presidios(redactor, texts) -> None:
    engine = redactor._detector.engine
    artifacts = engine.nlp_engine.process_batch(texts, language="en", batch_size=32)
    for text, (_, art) in zip(texts, artifacts):
        expected = [(r.entity_type, r.start, r.end, r.score,
                     r.recognition_metadata.get("recognizer_name"))
                    for r in engine.analyzer.analyze(text=text, language="en", nlp_artifacts=art)]
        assert engine._analyze(text, art) == expected


def test_process_batch_yields_the_texts(redactor, texts) -> None:
    engine = redactor._detector.engine
    assert [t for t, _ in engine.nlp_engine.process_batch(texts[:5], language="en")] == texts[:5]


def test_remove_duplicates_is_presidios() -> None:
    from presidio_analyzer import EntityRecognizer, RecognizerResult

    from balint_redact.detect.analysis import remove_duplicates

    rng = random.Random(11)
    for _ in range(2000):
        found = []
        for _ in range(rng.randint(0, 8)):
            a = rng.randint(0, 12)
            found.append((rng.choice(["PERSON", "DATE_TIME", "URL"]), a, a + rng.randint(1, 5),
                          rng.choice([0, 0.4, 0.5, 0.85, 1.0]), rng.choice(["x", "y"])))
        results = [RecognizerResult(t, s, e, score, recognition_metadata={"recognizer_name": n})
                   for t, s, e, score, n in found]
        expected = [(r.entity_type, r.start, r.end, r.score,
                     r.recognition_metadata["recognizer_name"])
                    for r in EntityRecognizer.remove_duplicates(results)]
        assert remove_duplicates(found) == expected


def test_domain_finder_finds_what_the_pattern_finds(texts) -> None:
    from presidio_analyzer.predefined_recognizers import UrlRecognizer

    from balint_redact.detect.analysis import DomainFinder

    flags = regex.DOTALL | regex.MULTILINE | regex.IGNORECASE
    pattern = "(?i)" + UrlRecognizer.BASE_URL_REGEX
    plain, fast = regex.compile(pattern, flags), DomainFinder(pattern, flags)
    rng = random.Random(5)
    pieces = list("ab.-/ 09\n'\"(<") + [".com", ".co", ".uk", "www.", "www1.", "/x", "K", "ſ",
                                          "İ", "٣", "é", "..", "Mr", ".in", ".org/", "http://"]
    fuzz = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 25))) for _ in range(5000)]
    for text in texts + fuzz:
        assert [m.span() for m in fast.finditer(text)] == \
            [m.span() for m in plain.finditer(text)], text


def test_url_recognizer_uses_its_own_patterns(redactor) -> None:
    from presidio_analyzer.predefined_recognizers import UrlRecognizer

    from balint_redact.detect.analysis import DomainFinder

    rec = next(r for r in redactor._detector.engine.analyzer.registry.recognizers
               if isinstance(r, UrlRecognizer))
    assert any(isinstance(p.compiled_regex, DomainFinder) for p in rec.patterns)
    assert not any(isinstance(p.compiled_regex, DomainFinder) for p in UrlRecognizer.PATTERNS)


def test_numpy_blas_gives_the_same_entities(texts) -> None:
    from thinc.api import NumpyOps

    from balint_redact.detect.pipeline import default_model_name, load_pipeline

    nlp = load_pipeline(default_model_name())
    nodes = [n for _, c in nlp.pipeline for n in c.model.walk()]
    if not any(getattr(n.ops, "use_blis", True) is False for n in nodes):
        pytest.skip("numpy's BLAS is not an optimised one here: BLIS kept")
    sample = texts[:40]
    fast = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.pipe(sample)]
    saved = [n.ops for n in nodes]
    blis = NumpyOps()
    try:
        for n in nodes:
            n.ops = blis
        slow = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.pipe(sample)]
    finally:
        for n, ops in zip(nodes, saved):
            n.ops = ops
    assert fast == slow


def test_required_conditions_hold(texts) -> None:
    """A rule's `requires` regex must find something wherever the rule finds a match (it only
    lets texts skip the rule): checked on the corpora and on random mutations of matches."""
    from balint_redact.rules.patterns import _compiled
    from balint_redact.rules.schema import resolve_rules

    rules = [p for p in resolve_rules(None, use_default_file=False).patterns if p.requires]
    assert len(rules) >= 5
    rng = random.Random(9)
    alphabet = list("0123456789 .\t\n-/,:()&NnoSsRad") + ["No.", " of ", "/20", "Road", "Court",
                                                          "B12 9QT", "Flat ", "Nos"]
    for rule in rules:
        full, required = _compiled(rule.regex), _compiled(rule.requires)
        seeds = [t[max(0, m.start() - 20):m.end() + 20] for t in texts
                 for m in full.finditer(t)] or texts
        for _ in range(1500):
            s = list(rng.choice(seeds))
            for _ in range(rng.randint(1, 3)):
                j = rng.randint(0, len(s))
                if rng.random() < 0.5 and j < len(s):
                    del s[j]
                else:
                    s.insert(j, rng.choice(alphabet))
            mutant = "".join(s)
            if full.search(mutant):
                assert required.search(mutant), (rule.name, mutant)
        for text in texts:
            if full.search(text):
                assert required.search(text), rule.name


def test_caps_line_shortcut() -> None:
    from balint_redact.text.truecase import (_MIN_CAPS_WORDS, _TOKEN, _UPPER_LINE_SHARE,
                                             TrueCaser)

    def slow(line: str) -> bool:
        letters = [c for c in line if c.isalpha()]
        words = [w for w in _TOKEN.findall(line) if w[:1].isalpha()]
        return len(words) >= _MIN_CAPS_WORDS and \
            sum(c.isupper() for c in letters) >= _UPPER_LINE_SHARE * len(letters)

    rng = random.Random(2)
    for _ in range(20000):
        line = "".join(rng.choice("AbCdE fG hI 1 Ⓐ ǅ ϒ é É") for _ in range(rng.randint(0, 20)))
        assert TrueCaser._is_caps_line(line) == slow(line), line


def test_staged_writes(tmp_path: Path, monkeypatch) -> None:
    from balint_redact.io import textio

    targets = [tmp_path / "a" / f"{i}.txt" for i in range(5)]
    staged = [textio.stage_text(t, f"text {i} é") for i, t in enumerate(targets)]
    assert not any(t.exists() for t in targets)
    assert textio.commit_staged(staged) == [None] * 5
    assert [t.read_text("utf-8") for t in targets] == [f"text {i} é" for i in range(5)]
    assert not list(tmp_path.rglob(".balint-*.tmp"))

    # no syncfs: one fsync a file, as atomic_write_bytes does
    synced = []
    monkeypatch.setattr(textio, "_syncfs", lambda: None)
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    staged = [textio.stage_text(t, "again") for t in targets[:2]]
    assert textio.commit_staged(staged) == [None, None] and len(synced) == 2

    # a rename that fails: that file fails, no temporary file is left, the others are written
    real_replace = os.replace

    def refuse_second(src, dst):
        if str(dst).endswith("1.txt"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse_second)
    staged = [textio.stage_text(t, "third") for t in targets[:3]]
    errors = textio.commit_staged(staged)
    assert errors[0] is None and errors[2] is None
    assert "No space left on device" in str(errors[1])
    assert targets[1].read_text("utf-8") == "again"
    assert targets[2].read_text("utf-8") == "third"
    assert not list(tmp_path.rglob(".balint-*.tmp"))

    textio.discard_staged([textio.stage_text(targets[4], "never")])
    assert targets[4].read_text("utf-8") == "text 4 é"
    assert not list(tmp_path.rglob(".balint-*.tmp"))


def test_tapered_groups() -> None:
    from balint_redact.batch.run import MIN_TAIL_SIZE, _tapered_groups

    for n, size, workers in [(1878, 64, 2), (300, 37, 2), (5, 1, 2), (1000, 64, 8), (0, 64, 2)]:
        groups = _tapered_groups(list(range(n)), size, workers)
        assert [j for g in groups for j in g] == list(range(n))
        assert all(1 <= len(g) <= size for g in groups)
        assert all(len(g) >= min(size, MIN_TAIL_SIZE) for g in groups[:-1])


def test_phone_recognizer_skips_texts_without_enough_digits(redactor) -> None:
    from balint_redact.detect.engine import MIN_PHONE_DIGITS

    assert MIN_PHONE_DIGITS <= 6  # the shortest numbers libphonenumber accepts
    found = redactor.redact("Ring her on 07700 900123 or +44 20 7946 0018 today.").text
    assert "07700" not in found and "7946" not in found


def test_long_documents_stay_linear(redactor) -> None:
    """Work per mention must not grow with the document: 40x the text, under 80x the time
    (quadratic scans of spans against placeholders, names or lines once made 5 MB take
    minutes)."""
    import time
    from dataclasses import replace

    unit = ("Dominic Halloran met Person A at Place B; Dom said Grace Oduya rang. "
            "GRACE IS THE CEO. [email] was sent.\n\n")

    detector = redactor._detector
    found = detector.engine.detect(unit)  # the model's spans, repeated with the text

    def seconds(n: int) -> float:
        text = unit * n
        spans = [replace(s, start=s.start + k * len(unit), end=s.end + k * len(unit))
                 for k in range(n) for s in found]
        lines = [(k * len(unit), (k + 1) * len(unit)) for k in range(n)]
        start = time.perf_counter()
        detector.detect_spans(text, spans, caps=lines)
        return time.perf_counter() - start

    seconds(10)
    small, large = seconds(50), seconds(2000)
    assert large < 80 * max(small, 1e-3), (small, large)
