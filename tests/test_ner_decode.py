"""spaCy's NER decoded step by step with the GIL held (detect/ner_decode.py) gives exactly the
entities ``nlp.pipe`` gives, token for token, and is the path the engine takes."""

from __future__ import annotations

import json

import pytest

from conftest import REPO

CORPUS = REPO / "tests" / "corpus" / "writeups.jsonl"
SHARED = next((d / "shared" / "data" / "inlegal-dev-a.jsonl" for d in REPO.parents
               if (d / "shared" / "data" / "inlegal-dev-a.jsonl").exists()), None)


def _read(path, limit: int | None = None) -> list[str]:
    lines = [ln for ln in path.read_text("utf-8").splitlines() if ln.strip()]
    return [json.loads(ln)["text"] for ln in lines[:limit]]


@pytest.fixture(scope="module")
def nlp(redactor):
    return redactor._detector.engine.nlp


@pytest.fixture(scope="module")
def texts() -> list[str]:
    docs = _read(CORPUS)
    if SHARED is not None:
        docs += _read(SHARED, 150)
    edge = ["", " ", "\n\n", "Amina", "Mrs Amina Patel of Leeds.", "x " * 3000,
            "GERALD THORNE OF THORNE HOLDINGS LTD MET AMINA PATEL IN LEEDS ON 3 MARCH 2021."]
    return docs + edge + [d.lower() for d in docs[:25]] + [d.upper() for d in docs[25:50]]


def _labels(doc) -> tuple:
    return (tuple((e.start, e.end, e.label_) for e in doc.ents),
            tuple((t.ent_iob_, t.ent_type_) for t in doc))


def test_the_default_pipeline_takes_the_fast_path(nlp) -> None:
    """If a spaCy upgrade changes what ner_decode relies on, it falls back to nlp.pipe
    (correct but twice as slow): this says so rather than letting the figure drift."""
    from balint_redact.detect.ner_decode import fast_path_ready

    assert fast_path_ready(nlp)


def test_the_step_model_has_what_the_loop_reads(nlp) -> None:
    """_decode reads spaCy's step model (state features, output layer, class mask) and falls
    back to the parser's own predict where that model changed: correct, but as slow as
    before, so this fails instead."""
    from balint_redact.detect.ner_decode import step_model_ready

    proc = nlp.get_pipe("ner")
    model = proc.model.predict([nlp.make_doc("Gerald Thorne met Amina Patel in Leeds.")])
    try:
        assert step_model_ready(model)
        assert model.vec2scores.get_param("W").dtype == "float32"
    finally:
        model.clear_memory()


@pytest.mark.parametrize("batch_size", [32, 7, 1])
def test_entities_equal_nlp_pipe(nlp, texts, batch_size) -> None:
    from balint_redact.detect.ner_decode import pipe

    ours = list(pipe(nlp, texts, batch_size))
    theirs = list(nlp.pipe(texts, batch_size=batch_size))
    assert [d.text for d in ours] == texts
    assert [_labels(d) for d in ours] == [_labels(d) for d in theirs]
    assert sum(len(d.ents) for d in ours) > len(texts)  # the check compared real entities


def test_another_pipeline_goes_through_nlp_pipe() -> None:
    import spacy

    from balint_redact.detect.ner_decode import fast_path_ready, pipe

    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    assert not fast_path_ready(blank)
    docs = list(pipe(blank, ["One. Two.", "Three."], 8))
    assert [len(list(d.sents)) for d in docs] == [2, 1]


def test_the_engine_decodes_through_ner_decode(redactor, monkeypatch) -> None:
    from balint_redact.detect import ner_decode

    calls = []
    real = ner_decode._decode

    def counting(proc, docs):
        calls.append(len(docs))
        return real(proc, docs)

    monkeypatch.setattr(ner_decode, "_decode", counting)
    spans = redactor._detector.engine.detect("Gerald Thorne met Amina Patel in Leeds.")
    assert calls and {"PERSON", "LOCATION"} <= {s.entity_type for s in spans}
