"""The decisions file: positions and a hash, never text; round trip; clear errors."""

from __future__ import annotations

import pytest

from balint_redact import ConfigError
from balint_redact.confirm import (Decision, DecisionFile, apply_decisions, load_decisions,
                                   save_decisions, text_hash)
from balint_redact.text.spans import Span

TEXT = "Hope rang Mr Zebedee Quarrington about the Leeds hearing."


def test_round_trip_holds_no_text(tmp_path) -> None:
    f = DecisionFile()
    f.add(TEXT, Decision(0, 4, "redact", "PERSON"))
    f.add(TEXT, Decision(43, 48, "keep"))
    path = tmp_path / "d.toml"
    save_decisions(path, f)
    raw = path.read_text(encoding="utf-8")
    for word in ("Hope", "Zebedee", "Quarrington", "Leeds"):
        assert word not in raw
    assert text_hash(TEXT) in raw
    back = load_decisions(path)
    assert back.for_text(TEXT) == f.for_text(TEXT)
    assert back.for_text(TEXT + " ") == []


def test_later_decision_on_same_range_replaces_and_remove_forgets() -> None:
    f = DecisionFile()
    f.add(TEXT, Decision(0, 4, "redact"))
    f.add(TEXT, Decision(0, 4, "keep"))
    assert [d.action for d in f.for_text(TEXT)] == ["keep"]
    f.remove(TEXT, 0, 4)
    assert f.for_text(TEXT) == [] and f.documents == {}


@pytest.mark.parametrize("source, message", [
    ("version = 1\n[[document]\n", "not valid TOML"),
    ("version = 9\n", "unknown version"),
    ('[[document]]\nsha256 = "abc"\n', "sha256"),
    ('[[document]]\nsha256 = "' + "a" * 64 + '"\n[[document.item]]\nstart = 1\n',
     "start, end and action"),
    ('[[document]]\nsha256 = "' + "a" * 64 + '"\n[[document.item]]\nstart = 5\nend = 2\n'
     'action = "keep"\n', "start < end"),
    ('[[document]]\nsha256 = "' + "a" * 64 + '"\n[[document.item]]\nstart = 1\nend = 2\n'
     'action = "delete"\n', "keep or redact"),
])
def test_bad_files_are_one_line_config_errors(tmp_path, source, message) -> None:
    path = tmp_path / "d.toml"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        load_decisions(path)
    assert "\n" not in str(info.value) and str(tmp_path) not in str(info.value)


def test_missing_file_is_named_by_role(tmp_path) -> None:
    with pytest.raises(ConfigError, match="the decisions file does not exist") as info:
        load_decisions(tmp_path / "Patel-decisions.toml")
    assert "Patel" not in str(info.value)


def test_apply_keeps_and_redacts() -> None:
    spans = [Span(13, 32, "PERSON", 0.9), Span(43, 48, "LOCATION", 0.7)]
    out = apply_decisions(spans, [Decision(43, 48, "keep"), Decision(0, 4, "redact")], len(TEXT))
    assert [(s.start, s.end, s.entity_type, s.source) for s in out] == [
        (0, 4, "PERSON", "decision"), (13, 32, "PERSON", "")]


def test_an_item_beyond_the_text_is_refused() -> None:
    with pytest.raises(ConfigError, match="beyond the end"):
        apply_decisions([], [Decision(0, 400, "redact")], len(TEXT))
    with pytest.raises(ConfigError, match="beyond the end"):
        DecisionFile().add(TEXT, Decision(0, 400, "redact"))
