"""Each detection stage on a small Document: a before/after table per stage, and every stage
can be switched off by name (balint_redact.detect.stages)."""

from __future__ import annotations

import doctest

import pytest

from balint_redact.detect import STAGES, Document, names, select
from balint_redact.detect.stages import run
from balint_redact.errors import ConfigError
from balint_redact.text.spans import Span

M = "SpacyRecognizer"


@pytest.fixture(scope="module")
def det(redactor):
    return redactor._detector


def _run(det, doc: Document, *stage_names: str) -> Document:
    run(det, [doc], select(stage_names))
    return doc


def _doc(text: str, spans=(), **fields) -> Document:
    doc = Document.of(text)
    doc.spans = list(spans)
    for k, v in fields.items():
        setattr(doc, k, v)
    return doc


def _found(doc: Document) -> list[tuple[str, str, str]]:
    return [(doc.work[s.start:s.end], s.entity_type, s.source) for s in doc.spans]


def test_the_stages_in_order() -> None:
    assert names() == ("reading", "casing", "unwrap", "model", "tidy_model", "patterns_first",
                       "titled_names", "placeholders", "lookups", "protect", "codes",
                       "unknown_words", "word_names", "speakers", "role_names", "firm_names",
                       "join_names", "nicknames", "name_lists", "propagate", "owner_firms",
                       "short_forms", "glued", "original_casing")
    assert all(s.summary for s in STAGES)  # each says what it does (explain --stages)


def test_reading_undoes_obfuscation(det) -> None:
    doc = _run(det, _doc("Pa\u200btel rang"), "reading")
    assert (doc.read, doc.work) == ("Patel rang", "Patel rang")
    assert doc.reading is not None and doc.reading.original_span(0, 5) == (0, 6)


@pytest.mark.parametrize("text, work, lowered, caps", [
    ("mrs patel rang about the flat in leeds.", "Mrs Patel rang about the flat in leeds.",
     True, []),
    ("Notes.\nGRACE IS THE CEO OF ACME\nshe rang.", "Notes.\nGrace is the CEO of acme\nshe rang.",
     False, [(7, 32)]),
    ("Ordinary text, nothing to change.", "Ordinary text, nothing to change.", False, []),
])
def test_casing(det, text, work, lowered, caps) -> None:
    doc = _run(det, _doc(text), "casing")
    assert (doc.work, doc.lowered, doc.caps, doc.recased) == (work, lowered, caps, work != text)
    assert len(doc.work) == len(text)


def test_unwrap_joins_hard_wrapped_lines(det) -> None:
    text = "\n".join(["The client rang me on Monday about the matter and said that she"] * 6)
    doc = _run(det, _doc(text), "unwrap")
    assert doc.work == text.replace("\n", " ")
    assert _run(det, _doc("one\ntwo"), "unwrap").work == "one\ntwo"  # too few lines


def test_model(det) -> None:
    doc = _run(det, _doc("Amina Patel rang from 07700 900123."), "model")
    assert ("Amina Patel", "PERSON", M) in _found(doc)
    assert ("07700 900123", "PHONE_NUMBER", "rule:uk_phone_national") in _found(doc)


@pytest.mark.parametrize("text, before, after", [
    # a year alone is not worth removing, an exact date is
    ("We wrote in 2019 and on 3 May 2020.", [(12, 16, "DATE"), (24, 34, "DATE")],
     [("3 May 2020", "DATE")]),
    ("Write to Pemberton Grey LLP today.", [(9, 27, "PERSON")],
     [("Pemberton Grey LLP", "ORGANIZATION")]),
    ("She lives at 4 Beech Road now.", [(15, 25, "PERSON")], [("Beech Road", "LOCATION")]),
    ("   x", [(0, 3, "PERSON")], []),
])
def test_tidy_model(det, text, before, after) -> None:
    doc = _run(det, _doc(text, [Span(a, b, t, 0.85, M) for a, b, t in before]), "tidy_model")
    assert [(f, t) for f, t, _ in _found(doc)] == after


def test_patterns_first(det) -> None:
    doc = _doc("x@example.museum today", [Span(0, 16, "EMAIL_ADDRESS", 1.0, "EmailRecognizer"),
                                          Span(0, 22, "PERSON", 0.85, M)])
    assert _found(_run(det, doc, "patterns_first")) == [
        ("x@example.museum", "EMAIL_ADDRESS", "EmailRecognizer")]


def test_titled_names(det) -> None:
    assert _found(_run(det, _doc("Mrs Okafor rang."), "titled_names")) == [
        ("Okafor", "PERSON", "titled-name")]


def test_placeholders(det) -> None:
    doc = _run(det, _doc("He said [email] Zed", [Span(9, 19, "PERSON", 0.85, M)]),
               "placeholders")
    assert (doc.marks, doc.spans) == ([(8, 15)], [])


def test_lookups() -> None:
    from balint_redact import Redactor

    det = Redactor(use_default_rules_file=False, known_names=["Zara Quint"])._detector
    assert _found(_run(det, _doc("Zara Quint rang."), "lookups")) == [
        ("Zara Quint", "PERSON", "known-names")]
    assert _found(_run(det, _doc("Nobody rang."), "lookups")) == []


def test_protect(det) -> None:
    doc = _run(det, _doc("The Court of Appeal agreed.",
                         [Span(4, 19, "ORGANIZATION", 0.85, M)]), "protect")
    assert (doc.spans, doc.allowed, doc.protected) == ([], [(4, 19)], True)


def test_unknown_words(det) -> None:
    assert _found(_run(det, _doc("Then Zebedee rang."), "unknown_words")) == [
        ("Zebedee", "NAME", "unknown-word")]
    assert _found(_run(det, _doc("Then Monday came."), "unknown_words")) == []


def test_word_names(det) -> None:
    assert _found(_run(det, _doc("Later Rob said no."), "word_names")) == [
        ("Rob", "PERSON", "word-name")]


def test_join_names(det) -> None:
    doc = _doc("I met Amina Quartey.", [Span(6, 11, "PERSON", 0.85, "x")])
    assert _found(_run(det, doc, "join_names")) == [("Amina Quartey", "PERSON", "x")]


def test_propagate(det) -> None:
    doc = _doc("Mrs Okafor rang. Okafor cried.", [Span(4, 10, "PERSON", 0.9, "titled-name")])
    assert _found(_run(det, doc, "propagate")) == [("Okafor", "PERSON", "titled-name"),
                                                   ("Okafor", "PERSON", "propagation")]


def test_original_casing(det) -> None:
    # the copy lost what the text showed (a capital): the second look finds it
    from balint_redact.detect.trace import Trace

    doc = Document(text="Then Zebedee rang.", read="Then Zebedee rang.",
                   work="then however rang.", recased=True, lowered=True, trace=Trace())
    _run(det, doc, "unknown_words", "original_casing")
    assert [(doc.read[s.start:s.end], s.source) for s in doc.spans] == [
        ("Zebedee", "unknown-word")]
    assert [(r.stage, r.action) for r in doc.trace.records] == [
        ("original_casing/unknown_words", "add"), ("original_casing", "add")]
    doc = Document.of("Then Zebedee rang.")  # not recased: nothing to look at again
    assert _run(det, doc, "unknown_words", "original_casing").spans == [
        Span(5, 12, "NAME", 0.6, "unknown-word")]


# each stage switched off: a run on a text where that stage matters (with the later stages
# that would find the same again switched off too: detection is redundant on purpose)
_MATTERS = {
    "reading": ("Pa\u200btel rang, said Mrs Pa\u200btel.", "Pa\u200btel", ()),
    "casing": ("mrs okafor rang and okafor cried about it all.", "okafor",
               ("model", "original_casing", "unknown_words")),
    "model": ("Amina Patel rang from 07700 900123.", "07700 900123", ("codes",)),
    "codes": ("Her car KXZ 4417 was towed.", "KXZ 4417", ()),
    "tidy_model": ("We wrote in 2019.", "2019", ()),
    "titled_names": ("Then Mrs Okafor rang.", "Okafor", ("model", "unknown_words")),
    "protect": ("The Court of Appeal agreed.", "Court of Appeal", ()),
    "unknown_words": ("Then Zebedee rang.", "Zebedee", ("model", "role_names")),
    "word_names": ("Later Rob said no.", "Rob", ("model", "role_names")),
    "join_names": ("I met Amina Quartey.", "Amina Quartey", ("model",)),
    "propagate": ("Mrs Okafor rang. Okafor cried.", "cried", ("model", "unknown_words")),
}


def _detect(det, text: str, skip: tuple[str, ...] = ()) -> Document:
    chosen = det.stages
    det.stages = select(skip=skip)
    try:
        return det.detect_documents([text], explain=True)[0]
    finally:
        det.stages = chosen


@pytest.mark.parametrize("stage", names())
def test_each_stage_can_be_switched_off(det, stage: str) -> None:
    text, word, also = _MATTERS.get(stage, ("Mrs Okafor rang. OKAFOR CRIED.", "", ()))
    off = _detect(det, text, (stage,) + also)
    assert not any(r.stage.split("/")[-1] == stage for r in off.trace.records
                   if r.action != "keep")
    if not word:
        return
    on = _detect(det, text, also)

    def covered(d: Document) -> bool:
        if stage == "propagate":  # the second Okafor, before "cried"
            return any(text[s.start:s.end] == "Okafor" and s.start > 10 for s in d.spans)
        if stage == "join_names":
            return any(word == text[s.start:s.end] for s in d.spans)
        return any(word in text[s.start:s.end] for s in d.spans)

    if stage in ("protect", "tidy_model"):  # off: what it spares or drops is redacted
        assert not covered(on) and covered(off)
    else:
        assert covered(on) and not covered(off)


def test_unknown_stage_names_are_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown detection stage"):
        select(["model", "nosuch"])
    with pytest.raises(ConfigError, match="1 given"):
        select(skip=["Amina Patel"])  # pasted text is not echoed
    assert [s.name for s in select(["propagate", "model"])] == ["model", "propagate"]


def test_redactor_takes_stages_by_name() -> None:
    from balint_redact import Redactor

    with pytest.raises(ConfigError):
        Redactor(use_default_rules_file=False, skip_stages=["nosuch"])
    text = "The Court of Appeal agreed."
    off = Redactor(use_default_rules_file=False, skip_stages=["protect"]).redact(text)
    assert off.text != text


def test_module_doctests() -> None:
    import balint_redact.detect.document as d
    import balint_redact.detect.stages as s
    import balint_redact.detect.trace as t

    for module in (d, s, t):
        assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0


def test_a_skipped_stage_shows_in_the_fingerprint(redactor) -> None:
    from balint_redact import Redactor

    off = Redactor(use_default_rules_file=False, skip_stages=["propagate", "unwrap"])
    assert off.fingerprint == redactor.fingerprint + "-without-unwrap+propagate"
    assert "without" not in redactor.fingerprint
