"""Evaluation against gold annotations, and robustness checks.

* ``scoring`` — recall, precision and retention on a gold corpus;
* ``robustness`` — the corpus variants (case, spacing, obfuscation) a run can be scored on.
"""

from .robustness import VARIANTS, corpus_variant
from .scoring import evaluate, load_gold

__all__ = ["VARIANTS", "corpus_variant", "evaluate", "load_gold"]
