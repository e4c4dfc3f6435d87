"""The index survives bad lines and shows edits (issue 17, finding 10); session dates are
sane and stray files are never named (issue 17, minor items)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from balint_redact.cli.share_cmd import records_command, share_command, withdraw_command
from balint_redact.errors import ConfigError
from balint_redact.records.gate import verify_records
from balint_redact.records.index import INDEX_NAME, read_index, validate_session

SESSION = "2026-11-26"
NOTE = "We talked about how hard the hearing had been for me.\n"
CANARY = "Zebedee Quarrington"


@pytest.fixture()
def runner(isolated) -> CliRunner:
    return CliRunner()


@pytest.fixture()
def filled(runner, tmp_path) -> Path:
    """A records folder with three shared notes."""
    note = tmp_path / "note.md"
    note.write_text(NOTE, encoding="utf-8")
    recs = tmp_path / "recs"
    for _ in range(3):
        res = runner.invoke(share_command, [str(note), "--records", str(recs), "--session",
                                            SESSION, "--again"])
        assert res.exit_code == 0, res.output
    return recs


def lines(recs: Path) -> list[str]:
    return (recs / INDEX_NAME).read_text().splitlines()


def put(recs: Path, new: list[str]) -> None:
    (recs / INDEX_NAME).write_text("".join(ln + "\n" for ln in new))


def listing(runner: CliRunner, recs: Path, *extra: str):
    return runner.invoke(records_command, [str(recs), "--no-check", *extra])


def no_crash(res) -> None:
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "internal error" not in res.output and "Traceback" not in res.output


# --- bad lines are reported and skipped -------------------------------------------------

def test_a_deeply_nested_line_bricks_nothing(runner, filled, tmp_path) -> None:
    with open(filled / INDEX_NAME, "a") as fh:
        fh.write("[" * 200_000 + "]" * 200_000 + "\n")
    res = listing(runner, filled)
    no_crash(res)
    assert res.exit_code == 1 and "index.jsonl line 4 is not a valid entry" in res.stdout
    assert res.stdout.count(" ok") == 3  # the good entries are still listed
    note = tmp_path / "n.md"
    note.write_text(NOTE)
    res = runner.invoke(share_command, [str(note), "--records", str(filled), "--session",
                                        SESSION, "--again"])
    no_crash(res)
    assert res.exit_code == 0 and res.stdout.strip() == f"group/{SESSION}/004.md"
    res = runner.invoke(withdraw_command, [str(filled), f"group/{SESSION}/001.md"])
    no_crash(res)
    assert res.exit_code == 0
    assert read_index(filled).malformed == [4]


def test_huge_and_binary_lines_are_skipped(runner, filled) -> None:
    with open(filled / INDEX_NAME, "ab") as fh:
        fh.write(b'{"pad": "' + b"x" * 200_000 + b'"}\n\xff\xfe\x00garbage\n')
    report = verify_records(filled)
    assert [p for p in report.problems if "not a valid entry" in p] == [
        "index.jsonl line 4 is not a valid entry (skipped)",
        "index.jsonl line 5 is not a valid entry (skipped)"]
    assert len(report.records) == 3


# --- the chain ---------------------------------------------------------------------------

def test_each_line_chains_to_the_one_before(filled) -> None:
    entries = [json.loads(ln) for ln in lines(filled)]
    assert entries[0]["prev"] == "0" * 64
    import hashlib
    for before, after in zip(lines(filled), entries[1:]):
        assert after["prev"] == hashlib.sha256(before.encode()).hexdigest()
    report = verify_records(filled)
    assert report.ok and report.index_lines == 3
    assert report.index_head == hashlib.sha256(lines(filled)[-1].encode()).hexdigest()


@pytest.mark.parametrize("edit,where", [
    (lambda ls: [ls[0].replace('"PERSON":', '"EMAIL_ADDRESS":') if '"PERSON"' in ls[0]
                 else ls[0].replace('"counts":{}', '"counts":{"PERSON":1}')] + ls[1:], 1),
    (lambda ls: ls[:1] + [ls[1].replace('"created":"', '"created":"1999')] + ls[2:], 2),
    (lambda ls: ls[:2] + [ls[2].replace('"status":"active"', '"status":"withdrawn"')], 3),
    (lambda ls: [ls[0], ls[2]], 2),  # a line removed
    (lambda ls: [ls[1], ls[0], ls[2]], 1),  # reordered
    (lambda ls: ls[:1] + [ls[0]] + ls[1:], 2),  # a line duplicated
])
def test_edited_counts_dates_and_lines_show(runner, filled, edit, where) -> None:
    put(filled, edit(lines(filled)))
    res = listing(runner, filled)
    assert res.exit_code == 1, res.output
    assert f"index.jsonl line {where} " in res.stdout
    assert "edited" in res.stdout or "does not follow" in res.stdout


def test_recomputed_hash_still_breaks_the_next_link(runner, filled) -> None:
    from balint_redact.records.chain import entry_digest, canonical

    ls = lines(filled)
    e = json.loads(ls[0])
    e["created"] = "2020-01-01T00:00:00Z"
    e["hash"] = entry_digest(e)
    put(filled, [canonical(e)] + ls[1:])
    res = listing(runner, filled)
    assert res.exit_code == 1 and "index.jsonl line 2 does not follow" in res.stdout


def test_a_stripped_chain_is_not_taken_for_an_old_index(runner, filled) -> None:
    stripped = []
    for ln in lines(filled):
        e = json.loads(ln)
        e.pop("prev"), e.pop("hash")
        stripped.append(json.dumps(e, sort_keys=True, separators=(",", ":")))
    put(filled, stripped)
    res = listing(runner, filled)
    assert res.exit_code == 1 and "index.jsonl line 1 has no chain" in res.stdout


def test_an_old_unchained_index_is_read_and_chained_on(runner, filled, tmp_path) -> None:
    old = []
    for ln in lines(filled):  # as version 1 wrote them: no chain, "v": 1
        e = json.loads(ln)
        e.pop("prev"), e.pop("hash")
        e["v"] = 1
        old.append(json.dumps(e, sort_keys=True, separators=(",", ":")))
    put(filled, old)
    res = listing(runner, filled)
    assert res.exit_code == 0, res.output
    assert "lines 1-3 are unchained" in res.stdout and "all verified" in res.stderr
    note = tmp_path / "n.md"
    note.write_text(NOTE)
    assert runner.invoke(share_command, [str(note), "--records", str(filled), "--session",
                                         SESSION, "--again"]).exit_code == 0
    assert lines(filled)[:3] == old  # nothing rewritten: the index stays append-only
    assert verify_records(filled).ok
    chained = lines(filled)
    put(filled, chained[:3] + [chained[0]] + chained[3:])  # an old line inserted: caught by
    res = listing(runner, filled)                            # the chained line after it
    assert res.exit_code == 1 and "index.jsonl line 5 does not follow" in res.stdout
    put(filled, chained + [chained[0]])  # an unchained line after a chained one
    res = listing(runner, filled)
    assert res.exit_code == 1 and "index.jsonl line 5 has no chain" in res.stdout


def test_an_edited_date_or_count_is_never_printed(runner, filled) -> None:
    e = json.loads(lines(filled)[0])
    e["created"] = CANARY
    e["counts"] = {CANARY: 1}
    put(filled, [json.dumps(e)] + lines(filled)[1:])
    for fmt in ("text", "json"):
        res = listing(runner, filled, "--format", fmt)
        assert res.exit_code == 1 and CANARY not in res.output
    assert "malformed date or counts" in listing(runner, filled).stdout


# --- session dates -------------------------------------------------------------------------

@pytest.mark.parametrize("bad", ["9999-12-31", "0001-01-01", "1066-10-14",
                                 (dt.date.today() + dt.timedelta(days=30)).isoformat()])
def test_absurd_session_dates_are_refused(runner, tmp_path, bad) -> None:
    note = tmp_path / "n.md"
    note.write_text(NOTE)
    res = runner.invoke(share_command, [str(note), "--records", str(tmp_path / "r"),
                                        "--session", bad])
    assert res.exit_code == 2 and res.stderr.startswith("Error: session date out of range")
    assert len(res.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "r").exists()
    with pytest.raises(ConfigError):
        validate_session(bad)


def test_sane_session_dates_are_accepted() -> None:
    today = dt.date.today()
    for day in (today, today + dt.timedelta(days=7), today - dt.timedelta(days=3650),
                dt.date(1990, 1, 1)):
        assert validate_session(day.isoformat()) == day.isoformat()
    assert validate_session(None) == today.isoformat()


# --- stray files ---------------------------------------------------------------------------

def test_stray_files_are_counted_never_named(runner, filled) -> None:
    (filled / f"{CANARY}.md").write_text("x")
    (filled / "group" / SESSION / f"{CANARY} notes.docx").write_text("x")
    (filled / "group" / SESSION / "notes-zebedee.md").write_text("x")
    (filled / CANARY).mkdir()
    (filled / CANARY / "a.md").write_text("x")
    (filled / ".incoming-Zebedee.md.tmp").write_text("x")  # not a name mkstemp makes
    (filled / ".incoming-zebedeeq.md.tmp").write_text("x")  # looks like one: counted only
    for fmt in ("text", "json"):
        res = listing(runner, filled, "--format", fmt)
        assert res.exit_code == 1
        assert "Zebedee" not in res.output and "zebedee" not in res.output
    problems = verify_records(filled).problems
    assert f"2 stray files not in the index in group/{SESSION}/" in problems
    assert "2 stray files not in the index at the top of the records folder" in problems
    assert "1 stray file not in the index in a folder the index does not know" in problems
    assert "1 temporary file at the top of the records folder (a share in progress?)" in \
        verify_records(filled).notes


def test_module_examples() -> None:
    import doctest

    from balint_redact.records import chain as records_chain
    from balint_redact.records import index as records_index

    for module in (records_chain, records_index):
        assert doctest.testmod(module).failed == 0
