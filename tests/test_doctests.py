"""The examples in the library's docstrings are true."""

import doctest
import importlib

import pytest

MODULES = ["chunking", "entities", "errors", "evaluate", "lexicon", "names", "patterns",
           "placeholders", "robustness", "rules", "spans", "termindex", "textio", "truecase",
           "heuristics", "wordlists", "fuzzy",
           "documents", "layout", "public", "analysis"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"balint_redact.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
