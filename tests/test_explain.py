"""`balint-redact explain`: the stages in order, and per candidate what became of it and why."""

from __future__ import annotations

import json
from pathlib import Path

from balint_redact.detect import names

TEXT = "Mrs Zofia Kowalczyk appealed to the Court of Appeal. Grace was shown. Wednesbury.\n"


def test_explain_stages_lists_them_in_order(cli) -> None:
    result = cli("explain", "--stages")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line.split()[1] for line in lines[:-1]] == list(names())
    assert lines[-1].split()[:2] == ["then", "select"]


def test_explain_a_file(cli, isolated: Path) -> None:
    (isolated / "notes.txt").write_text(TEXT, encoding="utf-8")
    result = cli("explain", "notes.txt")
    assert result.exit_code == 0, result.stderr
    out = result.output
    assert "4-19 PERSON 'Zofia Kowalczyk' -> Person A" in out
    assert "protect: drop ORGANIZATION 'Court of Appeal' (inside an allow-list phrase)" in out
    assert "'Grace'  unknown_words: a common word" in out
    assert "'Wednesbury'  protect: an allow-list word" in out
    assert result.stderr == ""  # nothing of it on stderr (where logs go)


def test_explain_json_and_a_skipped_stage(cli, isolated: Path) -> None:
    (isolated / "notes.txt").write_text(TEXT, encoding="utf-8")
    report = json.loads(cli("explain", "notes.txt", "--json").output)
    assert [c["text"] for c in report["redacted"]] == ["Zofia Kowalczyk"]
    off = json.loads(cli("explain", "notes.txt", "--json", "--skip-stage", "protect").output)
    assert "Court of Appeal" in [c["text"] for c in off["redacted"]]
    stages = {h["stage"] for c in off["redacted"] + off["dropped"] for h in c["history"]}
    assert "protect" not in stages


def test_explain_errors_are_one_line(cli, isolated: Path) -> None:
    result = cli("explain")
    assert result.exit_code == 2 and result.stderr.startswith("Error: explain needs a FILE")
    (isolated / "Zofia Kowalczyk.txt").write_text(TEXT, encoding="utf-8")
    result = cli("explain", "Zofia Kowalczyk.txt", "--skip-stage", "Zofia")
    assert result.exit_code == 2 and "Zofia" not in result.stderr
    result = cli("explain", "missing-Kowalczyk.txt")
    assert result.exit_code == 1 and "Kowalczyk" not in result.stderr
