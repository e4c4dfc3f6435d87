"""Guards for the cold-start savings of the command line: each checks that what is no longer
done at start-up changes nothing that is found."""

from __future__ import annotations

def test_the_pipeline_loaded_without_its_string_table_finds_the_same_entities() -> None:
    """load_pipeline leaves out the pipeline's saved strings (85,000 for the small English
    one): the entities, labels and tokens are those of the pipeline loaded in full."""
    import json

    import spacy
    from spacy.util import get_model_meta, get_package_path

    from conftest import REPO

    from balint_redact.detect import pipeline as P

    name = P.default_model_name()
    lean = P.load_pipeline(name)
    assert P.VOCAB_STRINGS == "strings" and len(lean.vocab.strings) < 10_000
    path = get_package_path(name)
    meta = get_model_meta(path)
    data = path / f"{meta['lang']}_{meta['name']}-{meta['version']}"
    config = P._read_config(data)
    keep = P._needed_components(config)
    full = spacy.load(name, exclude=[c for c in meta["pipeline"] if c not in keep],
                      config=P._tokenizer_overrides(spacy, config, data))
    P._use_numpy_blas(full)
    assert len(full.vocab.strings) > 50_000
    corpus = REPO / "tests" / "corpus" / "writeups.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text("utf-8").splitlines()
             if line.strip()]
    texts += [t.lower() for t in texts[:15]] + [t.upper() for t in texts[15:30]]
    for a, b in zip(lean.pipe(texts), full.pipe(texts)):
        assert [(e.start_char, e.end_char, e.label_) for e in a.ents] == \
            [(e.start_char, e.end_char, e.label_) for e in b.ents]
        assert [(t.idx, t.text, t.norm_, t.shape_) for t in a] == \
            [(t.idx, t.text, t.norm_, t.shape_) for t in b]
