"""The examples in the library's docstrings are true.

Every module listed has at least one example that runs and skips none (a skipped example
goes wrong unseen). Modules with examples that are not listed yet:
``batch.run``, ``io.docx_io``, ``batch.review``, ``server.app`` (they skip
examples today).
"""

import doctest
import importlib

import pytest

MODULES = ["__init__", "text.chunking", "render.entities", "errors", "evaluate.scoring",
           "text.lexicon", "text.names", "rules.patterns", "render.placeholders",
           "evaluate.robustness", "rules.schema", "text.spans", "text.termindex", "io.textio",
           "text.truecase", "detect.heuristics", "text.wordlists", "detect.fuzzy",
           "io.documents", "text.layout", "detect.public", "detect.analysis", "detect.engine",
           "detect.pipeline",
           # had examples that no test ran
           "batch.check", "batch.check_context", "text.confusables", "io.docx_text",
           "text.normalize", "records.chain", "records.index", "server.config", "server.scrub",
           "startup", "rules.validators", "redactor", "batch.lifetime", "render.records",
           "detect.steps_nick", "detect.given", "detect.firms", "detect.name_forms"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module("balint_redact" if name == "__init__"
                                     else f"balint_redact.{name}")
    skipped = [ex.source.strip() for test in doctest.DocTestFinder().find(module)
               for ex in test.examples if ex.options.get(doctest.SKIP)]
    assert skipped == [], f"{name} skips examples, which may be wrong unseen"
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no example that runs"
    assert result.failed == 0
