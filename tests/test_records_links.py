"""Symbolic links planted in a records folder are refused, never followed (issue 17, #5).

Each test is one attack from the issue, run through the commands as a user would; each
failed before the records folder was walked by descriptor with O_NOFOLLOW.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from balint_redact.cli.share_cmd import records_command, share_command, withdraw_command

SESSION = "2026-11-26"
NOTE = "We talked about how hard the hearing had been for me.\n"
# a name someone might give a link or a stray file: never printed by `records`
CANARY = "Zebedee Quarrington"


@pytest.fixture()
def runner(isolated) -> CliRunner:
    return CliRunner()


@pytest.fixture()
def place(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(a note to share, the records folder, a folder outside it)."""
    note = tmp_path / "note.md"
    note.write_text(NOTE, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    return note, tmp_path / "recs", outside


def share(runner: CliRunner, note: Path, recs: Path):
    return runner.invoke(share_command, [str(note), "--records", str(recs), "--session",
                                         SESSION, "--again"])


def records(runner: CliRunner, recs: Path, *extra: str):
    return runner.invoke(records_command, [str(recs), "--no-check", *extra])


def outside_files(outside: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outside)): p.read_bytes()
            for p in sorted(outside.rglob("*")) if p.is_file()}


def test_withdraw_never_deletes_through_a_linked_session_folder(runner, place) -> None:
    note, recs, outside = place
    assert share(runner, note, recs).exit_code == 0
    # someone moves the session folder away and leaves a link to a folder of theirs
    victim = outside / "001.md"
    victim.write_text("a file outside the records that must survive")
    session_dir = recs / "group" / SESSION
    for p in session_dir.iterdir():
        p.unlink()
    session_dir.rmdir()
    session_dir.symlink_to(outside, target_is_directory=True)
    res = runner.invoke(withdraw_command, [str(recs), f"group/{SESSION}/001.md"])
    assert res.exit_code != 0 and "symbolic link" in res.output
    assert victim.read_text() == "a file outside the records that must survive"
    assert res.exception is None or isinstance(res.exception, SystemExit)


def test_withdraw_by_path_through_a_link_is_refused(runner, place) -> None:
    note, recs, outside = place
    assert share(runner, note, recs).exit_code == 0
    victim = outside / "001.md"
    victim.write_text("keep me")
    (recs / "group").rename(outside / "moved")
    (recs / "group").symlink_to(outside / "moved", target_is_directory=True)
    (outside / "moved" / SESSION / "001.md").write_text("keep me too")
    res = runner.invoke(withdraw_command, [str(recs), str(recs / "group" / SESSION / "001.md")])
    assert res.exit_code != 0
    assert (outside / "moved" / SESSION / "001.md").read_text() == "keep me too"


def test_share_never_writes_through_a_linked_group_folder(runner, place) -> None:
    note, recs, outside = place
    recs.mkdir()
    (recs / "group").symlink_to(outside, target_is_directory=True)
    res = share(runner, note, recs)
    assert res.exit_code == 1 and "symbolic link" in res.stderr
    assert outside_files(outside) == {}
    assert not (recs / "index.jsonl").exists() or (recs / "index.jsonl").read_text() == ""


def test_records_does_not_vouch_for_a_record_behind_a_link(runner, place) -> None:
    note, recs, outside = place
    assert share(runner, note, recs).exit_code == 0
    # the group folder now lives elsewhere, reached by a link: contents can change unseen
    (recs / "group").rename(outside / "group")
    (recs / "group").symlink_to(outside / "group", target_is_directory=True)
    res = records(runner, recs)
    assert res.exit_code == 1 and "all verified" not in res.stderr
    assert "group is a symbolic link" in res.stdout
    assert f"group/{SESSION}/001.md" in res.stdout and "not followed" in res.stdout
    assert str(outside) not in res.output


@pytest.mark.parametrize("name", ["index.jsonl", ".index.lock"])
def test_share_never_writes_through_a_linked_index_or_lock(runner, place, name) -> None:
    note, recs, outside = place
    recs.mkdir()
    target = outside / "target"
    (recs / name).symlink_to(target)  # dangling: O_CREAT would create it outside
    res = share(runner, note, recs)
    assert res.exit_code == 1 and "symbolic link" in res.stderr
    assert not target.exists() and outside_files(outside) == {}
    assert res.exception is None or isinstance(res.exception, SystemExit)
    target.write_text("")  # and when it exists, nothing is appended to it
    assert share(runner, note, recs).exit_code == 1
    assert target.read_text() == ""


@pytest.mark.parametrize("name", ["index.jsonl", ".index.lock"])
def test_records_reports_a_linked_index_or_lock(runner, place, name) -> None:
    note, recs, outside = place
    assert share(runner, note, recs).exit_code == 0
    path = recs / name
    moved = outside / "moved"
    path.rename(moved)
    path.symlink_to(moved)
    res = records(runner, recs)
    assert res.exit_code == 1
    assert f"{name} is a symbolic link" in res.stdout
    assert str(outside) not in res.output


def test_a_record_that_is_a_link_is_reported_and_not_read(runner, place) -> None:
    note, recs, outside = place
    assert share(runner, note, recs).exit_code == 0
    rec = recs / "group" / SESSION / "001.md"
    (outside / "elsewhere.md").write_bytes(rec.read_bytes())  # same bytes: the hash matches
    rec.unlink()
    rec.symlink_to(outside / "elsewhere.md")
    res = records(runner, recs)
    assert res.exit_code == 1 and "all verified" not in res.stderr
    assert "symbolic link" in res.stdout
    res = runner.invoke(withdraw_command, [str(recs), f"group/{SESSION}/001.md"])
    assert res.exit_code != 0 and (outside / "elsewhere.md").exists()


def test_records_names_no_link_and_no_target(runner, place) -> None:
    note, recs, outside = place
    assert share(runner, note, recs).exit_code == 0
    secret = outside / f"{CANARY} file"
    secret.write_text("x")
    (recs / "group" / SESSION / f"{CANARY}.md").symlink_to(secret)
    (recs / f"{CANARY}").symlink_to(outside, target_is_directory=True)
    os.mkfifo(recs / "group" / f"{CANARY}.fifo")  # a FIFO must not hang the listing
    for fmt in ("text", "json"):
        res = records(runner, recs, "--format", fmt)
        assert res.exit_code == 1
        assert CANARY not in res.output and "Zebedee" not in res.output
        assert str(outside) not in res.output
    data = json.loads(records(runner, recs, "--format", "json").stdout)
    problems = " | ".join(data["problems"])
    assert f"1 symbolic link in group/{SESSION}/" in problems
    assert "1 symbolic link at the top of the records folder" in problems
    assert "1 entry in group/ neither a plain file nor a folder" in problems


def test_share_never_appends_to_a_hard_linked_index(runner, place) -> None:
    note, recs, outside = place
    assert share(runner, note, recs).exit_code == 0
    target = outside / "someone-elses-log"
    target.write_text("theirs\n")
    (recs / "index.jsonl").unlink()
    os.link(target, recs / "index.jsonl")
    res = share(runner, note, recs)
    assert res.exit_code == 1 and "hard link" in res.stderr
    assert target.read_text() == "theirs\n"
    assert sorted(p.name for p in (recs / "group" / SESSION).iterdir()) == ["001.md"]
    res = records(runner, recs)
    assert res.exit_code == 1 and "index.jsonl has another hard link" in res.stdout
