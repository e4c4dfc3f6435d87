"""The "to confirm" tier at the edges: share refuses until each place is confirmed (a prompt
on a terminal or --confirm FILE), check reports it, records verifies it, and --decisions
applies a presenter's corrections. Canaries: no identifier in any output, nor in the
decisions file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from balint_redact import Redactor
from balint_redact.cli import share_cmd
from balint_redact.cli.check_cmd import check_command
from balint_redact.cli.redact_cmd import redact_command
from balint_redact.cli.share_cmd import records_command, share_command
from balint_redact.confirm import Decision, DecisionFile, load_decisions, save_decisions
from balint_redact.records.index import read_index

SESSION = "2026-11-26"
# "Honor" at a sentence start is the name the redactor leaves (issue #15's case); the rest
# is redacted, and none of it may be printed
NOTE = ("Honor came to the hearing with me.\n"
        "My client Mrs Amina Patel rang from 07700 900123 on Monday.\n")
PIECES = ("Honor", "honor", "Amina", "Patel", "07700")


def assert_clean(*outputs: str) -> None:
    for out in outputs:
        for piece in PIECES:
            assert piece not in out, piece


@pytest.fixture()
def note(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    src = tmp_path / "note.md"
    src.write_text(NOTE, encoding="utf-8")
    return src


def share(src: Path, recs: Path, *extra: str, **kw):
    return CliRunner().invoke(share_command, [str(src), "--records", str(recs), "--session",
                                              SESSION, *extra], **kw)


def hope_decision(action: str) -> DecisionFile:
    f = DecisionFile()
    f.add(NOTE, Decision(0, 5, action, "PERSON"))  # type: ignore[arg-type]
    return f


def test_share_refuses_until_confirmed_and_shows_no_identifier(note, tmp_path) -> None:
    recs = tmp_path / "recs"
    res = share(note, recs)
    assert res.exit_code == 1, res.output
    assert "second reader found 1 place to confirm" in res.stderr
    assert "a capitalised word no dictionary explains" in res.stderr and "███" in res.stderr
    assert_clean(res.stdout, res.stderr)
    assert not recs.exists()
    js = share(note, recs, "--format", "json")
    assert js.exit_code == 1
    out = json.loads(js.stdout)
    assert out["status"] == "to-confirm" and out["to_confirm"][0]["reason"] == "unknown-capitalised"
    assert_clean(js.stdout)


def test_confirm_keep_files_it_and_records_verifies(note, tmp_path) -> None:
    recs, answers = tmp_path / "recs", tmp_path / "answers.toml"
    save_decisions(answers, hope_decision("keep"))
    res = share(note, recs, "--confirm", str(answers))
    assert res.exit_code == 0, res.output
    record = recs / res.stdout.strip()
    assert record.read_text(encoding="utf-8").startswith("Honor ")
    entry = read_index(recs).current[res.stdout.strip()]
    assert entry["kept"] == [[0, 5]]
    listing = CliRunner().invoke(records_command, [str(recs)])
    assert listing.exit_code == 0, listing.output
    # an entry without the confirmation: records lists the place, without its text
    entries = [json.loads(line) for line in
               (recs / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    for e in entries:
        e.pop("kept", None)  # (the hash chain breaks too: reported, not our concern here)
    (recs / "index.jsonl").write_text("".join(json.dumps(e) + "\n" for e in entries),
                                      encoding="utf-8")
    bad = CliRunner().invoke(records_command, [str(recs)])
    assert bad.exit_code == 1
    assert "second reader finds 1 unconfirmed item (unknown-capitalised at line 1:1)" in bad.stdout
    assert_clean(bad.stdout, bad.stderr)


def test_confirm_redact_redacts_before_filing(note, tmp_path) -> None:
    recs, answers = tmp_path / "recs", tmp_path / "answers.toml"
    save_decisions(answers, hope_decision("redact"))
    res = share(note, recs, "--confirm", str(answers))
    assert res.exit_code == 0, res.output
    text = (recs / res.stdout.strip()).read_text(encoding="utf-8")
    assert "Honor" not in text and text.startswith("Person ")
    assert "kept" not in read_index(recs).current[res.stdout.strip()]


def test_interactive_prompt_answers_and_saves_positions_only(note, tmp_path,
                                                             monkeypatch) -> None:
    monkeypatch.setattr(share_cmd, "_interactive", lambda: True)
    recs, saved = tmp_path / "recs", tmp_path / "answers.toml"
    res = share(note, recs, "--save-confirm", str(saved), input="r\n")
    assert res.exit_code == 0, res.output
    assert "[1/1]" in res.stderr and "keep or redact" in res.stderr
    assert_clean(res.stderr)
    assert "Honor" not in (recs / res.stdout.strip()).read_text(encoding="utf-8")
    stored = saved.read_text(encoding="utf-8")
    assert_clean(stored)
    assert [(d.start, d.end, d.action) for d in load_decisions(saved).for_text(NOTE)] == \
        [(0, 5, "redact")]


def test_decisions_for_another_text_are_ignored_with_a_note(note, tmp_path) -> None:
    other = tmp_path / "other.toml"
    f = DecisionFile()
    f.add("a different text entirely", Decision(0, 1, "redact", "PERSON"))
    save_decisions(other, f)
    res = CliRunner().invoke(redact_command, [str(note), "--decisions", str(other)])
    assert res.exit_code == 0, res.output
    assert "Note: the decisions file holds no decisions for this text" in res.stderr
    assert_clean(res.stderr)
    mine = tmp_path / "mine.toml"
    save_decisions(mine, hope_decision("redact"))
    res = CliRunner().invoke(redact_command, [str(note), "--decisions", str(mine)])
    assert res.exit_code == 0 and not res.stdout.startswith("Honor")
    assert "Note:" not in res.stderr


def test_redactor_decisions_keep_and_redact() -> None:
    text = "Honor met Mrs Amina Patel."
    f = DecisionFile()
    f.add(text, Decision(0, 5, "redact"))
    plain = Redactor(use_default_rules_file=False)
    patel = plain.redact(text).findings[-1]
    f.add(text, Decision(patel.start, patel.end, "keep"))
    red = Redactor(use_default_rules_file=False, decisions=f).redact(text)
    assert red.text.startswith("Person A ") and red.text.endswith("Amina Patel.")
    assert red.notes == ()
    assert plain.redact(text, decisions=f).text == red.text


def test_check_reports_the_tier_masked(note, tmp_path) -> None:
    redacted = tmp_path / "red.md"
    redacted.write_text("Honor came with me.\nPerson A rang [phone].\n",
                        encoding="utf-8")
    res = CliRunner().invoke(check_command, [str(redacted)])
    assert res.exit_code == 0, res.output  # the tier does not fail by default ...
    assert "TO CONFIRM" in res.stdout and "unknown-capitalised" in res.stdout
    assert "Second reader: 1 place to confirm (unknown-capitalised 1)" in res.stderr
    assert_clean(res.stdout, res.stderr)
    strict = CliRunner().invoke(check_command, [str(redacted), "--fail-on", "direct,confirm"])
    assert strict.exit_code == 1  # ... unless asked
    js = CliRunner().invoke(check_command, [str(redacted), "--format", "json"])
    doc = json.loads(js.stdout)
    assert doc["files"][0]["status"] == "to-confirm"
    assert doc["files"][0]["to_confirm"]["counts"] == {"unknown-capitalised": 1}
    assert_clean(js.stdout)
    # a presenter's "keep" on this text answers it
    keep = tmp_path / "keep.toml"
    f = DecisionFile()
    f.add(redacted.read_text(encoding="utf-8"), Decision(0, 5, "keep"))
    save_decisions(keep, f)
    kept = CliRunner().invoke(check_command, [str(redacted), "--decisions", str(keep),
                                              "--fail-on", "direct,confirm"])
    assert kept.exit_code == 0 and "TO CONFIRM" not in kept.stdout


def test_check_names_reach_the_second_reader(note, tmp_path) -> None:
    redacted = tmp_path / "red.md"
    redacted.write_text("We discussed the quill situation.\n", encoding="utf-8")
    names = tmp_path / "names.txt"
    names.write_text("Zed Quill\n", encoding="utf-8")
    res = CliRunner().invoke(check_command, [str(redacted), "--check-names", str(names)])
    assert "check-name 1" in res.stderr and "quill" not in res.output.lower()


def test_records_second_reader_takes_check_names(note, tmp_path) -> None:
    recs, answers = tmp_path / "recs", tmp_path / "answers.toml"
    save_decisions(answers, hope_decision("keep"))
    assert share(note, recs, "--confirm", str(answers)).exit_code == 0
    names = tmp_path / "names.txt"
    names.write_text("Honor Quill\n", encoding="utf-8")
    res = CliRunner().invoke(records_command, [str(recs), "--check-names", str(names)])
    assert res.exit_code == 1
    assert "second reader finds 1 unconfirmed item (check-name at line 1:1)" in res.stdout
    assert_clean(res.stdout, res.stderr)


@pytest.mark.parametrize("option", ["--confirm", "--decisions"])
def test_a_missing_or_bad_decisions_file_is_named_by_its_role(note, tmp_path, option) -> None:
    canary = tmp_path / "Amina Patel.toml"  # a file name can be a client's name
    res = share(note, tmp_path / "recs", option, str(canary))
    assert res.exit_code == 2 and "the decisions file does not exist" in res.stderr
    assert_clean(res.stdout, res.stderr)
    canary.write_text("not = [toml", encoding="utf-8")
    res = share(note, tmp_path / "recs", option, str(canary))
    assert res.exit_code == 2 and "the decisions file is not valid TOML" in res.stderr
    assert_clean(res.stdout, res.stderr)
