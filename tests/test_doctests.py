"""The examples in the library's docstrings are true.

Every module listed has at least one example that runs and skips none (a skipped example
goes wrong unseen). Modules with examples that are not listed yet:
``batch``, ``detection``, ``docx_io``, ``review``, ``server`` (they skip
examples today).
"""

import doctest
import importlib

import pytest

MODULES = ["__init__", "chunking", "entities", "errors", "evaluate", "lexicon", "names",
           "patterns", "placeholders", "robustness", "rules", "spans", "termindex", "textio",
           "truecase", "heuristics", "wordlists", "fuzzy", "documents", "layout", "public",
           "analysis", "engine", "pipeline",
           # had examples that no test ran
           "check", "check_context", "confusables", "docx_text", "normalize",
           "records_chain", "records_index", "server_config", "server_scrub", "startup",
           "validators", "redactor", "lifetime"]


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
