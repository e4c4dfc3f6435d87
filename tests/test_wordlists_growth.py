"""Reading a word list grows linearly with its length (the merge of issue 14 once made it
quadratic: a 30,595-word list deduplicated by list membership made cold start 3.1 times
vanilla Presidio's). Timed on n and 8n entries; the larger must cost less than 8 × 2.5 times
the smaller (a quadratic read costs about 64 times as much)."""

from __future__ import annotations

import time

from balint_redact.text import wordlists

FACTOR, SLACK = 8, 2.5


def _lines(n: int) -> tuple[str, ...]:
    # distinct words with every tenth one repeated: the deduplication is what is timed
    words = [f"word{i:07d}" for i in range(n)]
    return tuple(words + words[::10])


def _cost(monkeypatch, n: int) -> float:
    lines = _lines(n)
    monkeypatch.setattr(wordlists, "_model_lines", lambda package, name: lines)
    best = float("inf")
    for _ in range(3):
        wordlists.word_entries.cache_clear()
        t = time.process_time()
        out = wordlists.word_entries("synthetic")
        best = min(best, time.process_time() - t)
    assert len(out) == n  # repeats dropped, order kept
    return best


def test_reading_a_word_list_is_linear(monkeypatch):
    small, large = _cost(monkeypatch, 5_000), _cost(monkeypatch, 40_000)
    if large > small * FACTOR * SLACK:  # a busy machine: one more try before failing
        small, large = _cost(monkeypatch, 5_000), _cost(monkeypatch, 40_000)
    wordlists.word_entries.cache_clear()
    assert large <= max(small, 1e-3) * FACTOR * SLACK


def test_an_included_list_is_read_once_and_in_order(monkeypatch):
    files = {"a.txt": ("x", "@include b", "y", "x"), "b.txt": ("y", "z")}
    monkeypatch.setattr(wordlists, "_model_lines", lambda package, name: files[name])
    wordlists.word_entries.cache_clear()
    assert wordlists.word_entries("a") == ("x", "y", "z")
    wordlists.word_entries.cache_clear()  # the real lists again for the tests after
