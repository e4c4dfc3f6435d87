"""The public surface: ``redact``, ``Redactor``, the result types and the error family."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys

import pytest

import balint_redact
from balint_redact import errors

PUBLIC = {"redact", "Redactor", "Redaction", "Finding",
          "BalintRedactError", "ConfigError", "DetectionError", "InputError", "OutputError"}


def test_all_is_exactly_the_public_surface() -> None:
    assert len(balint_redact.__all__) == len(set(balint_redact.__all__))
    assert set(balint_redact.__all__) == PUBLIC


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_each_public_name_imports(name: str) -> None:
    module = importlib.import_module("balint_redact")
    assert getattr(module, name) is not None
    namespace: dict = {}
    exec(f"from balint_redact import {name}", namespace)
    assert namespace[name] is getattr(module, name)


def test_star_import_gives_the_public_names() -> None:
    namespace: dict = {}
    exec("from balint_redact import *", namespace)
    assert {k for k in namespace if not k.startswith("__")} == PUBLIC


def test_the_whole_error_family_is_public() -> None:
    family = {name for name, obj in vars(errors).items()
              if inspect.isclass(obj) and issubclass(obj, errors.BalintRedactError)}
    assert family <= PUBLIC


def test_importing_the_package_stays_light() -> None:
    """The heavy parts load only when first used (``balint-redact --help`` stays fast)."""
    code = ("import sys, balint_redact; "
            "print(sorted(m for m in ('spacy', 'presidio_analyzer', 'balint_redact.redactor') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        balint_redact.no_such_name  # noqa: B018
