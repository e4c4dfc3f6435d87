"""spaCy's greedy NER decoding, driven step by step from Python with the GIL held: the same
model, the same arithmetic, the same entities, about half the CPU time of ``nlp.pipe``.

Why: in the installed spaCy (3.8, compiled with Cython 3) the parser's state methods
(``StateC.B`` and others, called dozens of times per token while the valid moves are checked)
acquire and release the GIL on every call. ``greedy_parse`` runs its loop with the GIL
released, so each of those calls takes and drops the GIL (mutexes and a condition variable):
``perf`` showed 37 % of ``ner.pipe``'s time in ``pthread_mutex_lock``/``unlock`` under
``take_gil``/``drop_gil``. Called with the GIL already held, the same acquire is a counter
increment. ``transition_states`` (a Python-level method of spaCy's parser) runs the same
C code with the GIL held, so the loop here computes each step's scores as ``_parseC`` does
and lets ``transition_states`` validate and apply the moves.

Same arithmetic, operation for operation: the state features are summed by the same
``precompute_hiddens`` routine (BLIS saxpy), the bias added and maxout taken as there; the
hidden-to-output product is the same BLIS sgemm call (``blis.py.gemm`` -> ``blis.cy.gemm``,
as thinc's CBlas), with the same operands, the bias added after it, unseen classes set to the
step's minimum. The documents go through in the same batches as ``Parser.pipe`` (sorted by
length, sub-batches of a quarter), so the model sees the same matrices. Measured on 1 MB of
the evaluation texts (1,878 documents, 191,533 tokens, 31,850 steps), one process, CPU time:
5.3 s against 10.8 s for ``ner.pipe``; the entities identical on every document.

Anything unexpected (another component, a beam, a GPU, an attribute missing after a spaCy
upgrade) falls back to ``nlp.pipe``; tests/test_ner_decode.py checks the fast path is taken
for the default pipeline and that its entities equal ``nlp.pipe``'s token for token.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

#: the parts of spaCy this relies on, checked before use (see ``fast_path_ready``)
_PARSER_METHODS = ("transition_states", "set_annotations", "moves", "model", "cfg")
_STEP_MODEL_PARTS = ("get_token_ids", "state2vec", "vec2scores", "_class_mask",
                     "clear_memory")


def fast_path_ready(nlp: Any) -> bool:
    """Whether every component of ``nlp`` is a greedy spaCy NER this module can decode."""
    try:
        from spacy.pipeline import EntityRecognizer
        from thinc.api import NumpyOps

        import blis.py  # noqa: F401  (thinc's own BLAS binding)
    except Exception:
        return False
    if not nlp.pipeline:
        return False
    for _, proc in nlp.pipeline:
        if type(proc) is not EntityRecognizer or \
                not all(hasattr(proc, a) for a in _PARSER_METHODS):
            return False
        if proc.cfg.get("beam_width", 1) != 1 or not isinstance(proc.model.ops, NumpyOps):
            return False
    return True


def pipe(nlp: Any, texts: Iterable[str], batch_size: int) -> Iterator[Any]:
    """``nlp.pipe(texts, batch_size=batch_size)``: the same Docs, the NER decoded here when
    :func:`fast_path_ready`, else by spaCy."""
    if not fast_path_ready(nlp):
        yield from nlp.pipe(texts, batch_size=batch_size)
        return
    docs: Iterable[Any] = (nlp.make_doc(t) for t in texts)
    for _, proc in nlp.pipeline:
        docs = _ner_pipe(proc, docs, batch_size)
    yield from docs


def _ner_pipe(proc: Any, docs: Iterable[Any], batch_size: int) -> Iterator[Any]:
    """``Parser.pipe``: batches of ``batch_size``, each sorted by length and decoded in
    sub-batches of a quarter of it, yielded in their own order."""
    from spacy.util import minibatch

    for batch in minibatch(docs, size=batch_size):
        in_order = list(batch)
        by_length = sorted(in_order, key=len)
        for sub in minibatch(by_length, size=max(batch_size // 4, 2)):
            sub = list(sub)
            proc.set_annotations(sub, _decode(proc, sub))
        yield from in_order


def step_model_ready(model: Any) -> bool:
    """Whether ``model`` (what the parser's model predicts for a batch) is the step model
    the loop in :func:`_decode` reads: state features, an output layer, the class mask."""
    return all(hasattr(model, a) for a in _STEP_MODEL_PARTS) and \
        getattr(model, "vec2scores", None) is not None


def _decode(proc: Any, docs: list[Any]) -> list[Any]:
    """``Parser.predict`` for a greedy parser (``greedy_parse`` and its ``_parseC`` loop).

    ``greedy_parse`` first adds the labels of entities already set on the documents; the
    documents here come straight from the tokenizer and have none."""
    import blis.py

    states = proc.moves.init_batch(docs)
    if not any(len(doc) for doc in docs):
        return states
    model = proc.model.predict(docs)
    if not step_model_ready(model):
        return proc.predict(docs)  # not the step model this was written for: spaCy's way
    weights = model.vec2scores.get_param("W")
    bias = model.vec2scores.get_param("b")
    unseen = model._class_mask == 0
    any_unseen = bool(unseen.any())
    active = [s for s in states if not s.is_final()]
    while active:
        hidden = model.state2vec.predict(model.get_token_ids(active))
        scores = blis.py.gemm(hidden, weights, trans2=True, beta=0.0)
        scores += bias
        if any_unseen:
            scores[:, unseen] = scores.min()
        active = proc.transition_states(active, scores)
    model.clear_memory()
    return states
