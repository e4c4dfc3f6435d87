"""Tests for the shipped common-word list (models/words/common_words.txt)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

REPO_FILE = Path(__file__).parents[1] / "models" / "words" / "common_words.txt"


def _read_list() -> str:
    """Read the list through the package if installed with it, else from the repo."""
    try:
        resource = resources.files("balint_redact.models.words") / "common_words.txt"
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, TypeError):
        pass
    return REPO_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def raw_text() -> str:
    return _read_list()


@pytest.fixture(scope="module")
def words(raw_text: str) -> list[str]:
    return [line for line in raw_text.splitlines() if line and not line.startswith("#")]


@pytest.fixture(scope="module")
def word_set(words: list[str]) -> set[str]:
    return set(words)


def test_header_has_source_licence_and_generator(raw_text: str) -> None:
    header = raw_text.splitlines()[:3]
    assert header[0].startswith("# source")
    assert header[1].startswith("# licence")
    assert "tools/build_wordlists.py" in header[2]


@pytest.mark.parametrize(
    "word",
    ["will", "rose", "mark", "hope", "grace", "brown", "hunt",
     "client", "judge", "court", "children", "feel", "angry"],
)
def test_contains_ordinary_words(word_set: set[str], word: str) -> None:
    assert word in word_set


@pytest.mark.parametrize(
    "name",
    ["amina", "patel", "gerald", "thorne", "okafor", "kwame", "siobhan",
     "john", "mary", "david"],
)
def test_excludes_names(word_set: set[str], name: str) -> None:
    assert name not in word_set


def test_all_lower_case_letters(words: list[str]) -> None:
    bad = [w for w in words if not (w.isascii() and w.isalpha() and w.islower())]
    assert not bad, bad[:20]


def test_sorted(words: list[str]) -> None:
    assert words == sorted(words)


def test_no_duplicates(words: list[str]) -> None:
    assert len(words) == len(set(words))


def test_size(words: list[str]) -> None:
    assert 15_000 <= len(words) <= 60_000
