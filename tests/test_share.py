"""Tests for the records gate: `share`, `records`, `withdraw` (balint_redact.records.gate)."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from balint_redact.cli import share_cmd
from balint_redact.cli.options import redactor_options
from balint_redact.cli.share_cmd import records_command, share_command, withdraw_command
from balint_redact.io.documents import load_document
from balint_redact.errors import ConfigError
from balint_redact.records.gate import share_document, verify_records
from balint_redact.records.index import (INDEX_NAME, parse_record_name, read_index,
                                         record_name, validate_group, validate_session)
from balint_redact.records.store import file_record, new_temp, withdraw_record

SESSION = "2026-11-26"
# Identifiers the redactor finds: none of them may reach a record name or the index.
CANARIES = ["Amina", "Patel", "07700 900123", "amina.patel@example.com", "Fatima", "Begum"]
NOTE = ("I met my client Mrs Amina Patel on 3 March 2025; she rang from 07700 900123.\n"
        "Her sister Fatima Begum came too. Email amina.patel@example.com.\n"
        "We talked about how hard the hearing had been for me.\n")
# Names that are also ordinary words: detection leaves them when nothing marks them as a
# name, but they are on the list given only to the residual check (--check-names).
CANDIDATES = ["Hope", "Baker", "Marsh", "Sterling", "Bishop", "Moss", "Brook", "Field"]


def planted_note(word: str) -> str:
    return NOTE + f"Discussed the {word} situation; the father was angry.\n"

DEFAULT_DETECT = dict(model=None, rules=(), known_names=None, entities=None, style=None,
                      keep_titles=None)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def names_file(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("names") / "check-names.txt"
    p.write_text("# names for the check only\n" + "\n".join(CANDIDATES) + "\n",
                 encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def planted(redactor, strict_checker) -> tuple[str, str]:
    """(word, note): a planted identifier detection misses and only the check can see."""
    for word in CANDIDATES:
        red = redactor.redact(planted_note(word))
        if word in red.text and any(red.text[f.start:f.end] == word
                                    for f in strict_checker.analyze(red.text)):
            return word, planted_note(word)
    pytest.fail("detection now finds every candidate planted name; pick new candidates")


@pytest.fixture(scope="module")
def redactor():
    # the same cache the commands use, so CLI tests reuse these (loading takes seconds)
    return share_cmd._cached("redact", dict(redactor_options(**DEFAULT_DETECT),
                                            include_text=False))


@pytest.fixture(scope="module")
def checker():
    return share_cmd._checker(redactor_options(**DEFAULT_DETECT), None)


@pytest.fixture(scope="module")
def strict_checker(names_file):
    return share_cmd._checker(redactor_options(**DEFAULT_DETECT), names_file)


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def make_docx(path: Path, text: str) -> Path:
    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    d.core_properties.author = "Amina Patel"
    d.save(path)
    return path


def all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def index_lines(root: Path) -> list[dict]:
    return [json.loads(ln) for ln in (root / INDEX_NAME).read_text().splitlines() if ln]


def share(runner: CliRunner, src: Path, recs: Path, *extra: str):
    # these tests file the same note many times: --again (a duplicate is refused by default,
    # tests/test_newuser_share.py)
    return runner.invoke(share_command, [str(src), "--records", str(recs),
                                         "--session", SESSION, "--again", *extra])


# --------------------------------------------------------------------------- layout


def test_names_and_validation() -> None:
    assert record_name("family-law", SESSION, 12, "docx") == "family-law/2026-11-26/012.docx"
    assert parse_record_name("g/2026-11-26/001.md") == ("g", SESSION, 1, "text")
    for bad in ("../x/2026-11-26/001.md", "g/2026-11-26/1.md", "G/2026-11-26/001.md",
                "g/2026-11-26/001.txt", "/g/2026-11-26/001.md", None):
        assert parse_record_name(bad) is None
    assert validate_group("family-law-2") == "family-law-2"
    for bad in ("", "Family Law", "patel/x", "a" * 41, "---", "..", "grüppe"):
        with pytest.raises(ConfigError):
            validate_group(bad)
    assert validate_session(SESSION) == SESSION
    assert len(validate_session(None)) == 10
    for bad in ("2026-13-01", "26-11-2026", "2026-02-30", "today"):
        with pytest.raises(ConfigError):
            validate_session(bad)


# --------------------------------------------------------------------------- refusal


def test_planted_identifier_refused_and_nothing_written(runner, tmp_path, names_file,
                                                        planted) -> None:
    word, note = planted
    src = write(tmp_path / "note.md", note)
    recs = tmp_path / "recs"
    recs.mkdir()
    res = share(runner, src, recs, "--check-names", str(names_file))
    assert res.exit_code == 1, res.output
    assert "Refused" in res.stderr and "nothing was written" in res.stderr
    assert "line 4, column 15: PERSON" in res.stderr
    assert word not in res.output  # masked
    assert all_files(recs) == [] and list(recs.iterdir()) == []
    # a folder that did not exist is not even created
    res = share(runner, src, tmp_path / "new-recs", "--check-names", str(names_file))
    assert res.exit_code == 1 and not (tmp_path / "new-recs").exists()
    # --show-text shows the presenter what remains
    res = share(runner, src, recs, "--check-names", str(names_file), "--show-text")
    assert res.exit_code == 1 and word in res.stderr


def test_planted_identifier_refused_in_word(runner, tmp_path, names_file, planted) -> None:
    word, note = planted
    src = make_docx(tmp_path / "note.docx", note)
    recs = tmp_path / "recs"
    res = share(runner, src, recs, "--check-names", str(names_file), "--format", "json")
    assert res.exit_code == 1, res.output
    out = json.loads(res.stdout)
    assert out["status"] == "refused" and out["residuals"][0]["entity_type"] == "PERSON"
    assert word not in res.stdout
    assert not recs.exists()  # the temporary Word copy and the folder made for it are gone


def test_check_min_score_and_same_redactor_refused(tmp_path, redactor) -> None:
    doc = load_document(write(tmp_path / "n.md", NOTE))
    with pytest.raises(ConfigError):
        share_document(doc, tmp_path / "r", redactor, redactor, session=SESSION)
    assert not (tmp_path / "r").exists()


# --------------------------------------------------------------------------- sharing


def test_clean_note_lands_with_index_entry(runner, tmp_path, names_file, redactor) -> None:
    src = write(tmp_path / "Patel-note.md", NOTE)
    before = src.read_bytes()
    recs = tmp_path / "recs"
    res = share(runner, src, recs, "--group", "family-law", "--check-names", str(names_file))
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == "family-law/2026-11-26/001.md"
    assert "'family-law' is stored in the index" in res.stderr
    record = recs / "family-law" / SESSION / "001.md"
    data = record.read_bytes()
    assert data.decode() == redactor.redact(NOTE).text
    assert src.read_bytes() == before
    [entry] = index_lines(recs)
    assert entry["record"] == "family-law/2026-11-26/001.md"
    assert entry["status"] == "active" and entry["format"] == "text"
    assert entry["group"] == "family-law" and entry["session"] == SESSION
    assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert entry["counts"] == redactor.redact(NOTE).counts() and entry["counts"]["PERSON"] >= 2
    assert entry["rules_fingerprint"] == redactor.fingerprint
    assert entry["tool_version"] and entry["created"].endswith("Z")
    # the original is not copied anywhere: only the record, the index and the lock
    assert sorted(p.relative_to(recs).as_posix() for p in all_files(recs)) == [
        ".index.lock", "family-law/2026-11-26/001.md", INDEX_NAME]
    assert all(p.read_bytes() != before for p in all_files(recs))


def test_word_note_lands_as_word(runner, tmp_path) -> None:
    from balint_redact.io.docx_io import extract_text

    src = make_docx(tmp_path / "note.docx", NOTE)
    before = src.read_bytes()
    recs = tmp_path / "recs"
    res = share(runner, src, recs)
    assert res.exit_code == 0, res.output
    record = recs / "group" / SESSION / "001.docx"
    text = extract_text(record)
    assert "Person A" in text and "Patel" not in text and "07700" not in text
    assert "Patel" not in docx.Document(str(record)).core_properties.author
    [entry] = index_lines(recs)
    assert entry["format"] == "docx" and entry["record"] == "group/2026-11-26/001.docx"
    assert entry["sha256"] == hashlib.sha256(record.read_bytes()).hexdigest()
    assert src.read_bytes() == before
    assert [p.name for p in recs.iterdir() if p.name.startswith(".incoming")] == []


def test_canary_no_identifier_in_names_or_index(runner, tmp_path, redactor) -> None:
    recs = tmp_path / "recs"
    for i, name in enumerate(["Amina-Patel.md", "Begum.docx"]):
        path = tmp_path / name
        make_docx(path, NOTE) if name.endswith(".docx") else write(path, NOTE)
        res = share(runner, path, recs, "--group", "tuesday")
        assert res.exit_code == 0, res.output
    files = all_files(recs)
    assert len(files) == 4
    index = (recs / INDEX_NAME).read_text()
    for canary in CANARIES + ["Amina-Patel", "Begum.docx", "rang from", "hearing"]:
        low = canary.lower()
        assert low not in index.lower()
        assert all(low not in p.relative_to(recs).as_posix().lower() for p in files)
    record_text = (recs / "tuesday" / SESSION / "001.md").read_text()
    assert not any(c in record_text for c in CANARIES)


def test_sequence_never_overwrites(runner, tmp_path) -> None:
    src = write(tmp_path / "n.md", NOTE)
    recs = tmp_path / "recs"
    assert share(runner, src, recs).exit_code == 0
    stray = recs / "group" / SESSION / "002.md"
    stray.write_text("someone else's file")
    res = share(runner, src, recs)
    assert res.exit_code == 0 and res.stdout.strip() == "group/2026-11-26/003.md"
    assert stray.read_text() == "someone else's file"
    assert [e["record"] for e in index_lines(recs)] == ["group/2026-11-26/001.md",
                                                        "group/2026-11-26/003.md"]


def test_dry_run_writes_nothing(runner, tmp_path, redactor) -> None:
    src = write(tmp_path / "n.md", NOTE)
    recs = tmp_path / "recs"
    res = share(runner, src, recs, "--dry-run")
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == redactor.redact(NOTE).text.strip()
    assert "would share as group/2026-11-26/001.md" in res.stderr
    assert not recs.exists()
    res = share(runner, make_docx(tmp_path / "n.docx", NOTE), recs, "--dry-run")
    assert res.exit_code == 0 and "Person A" in res.stdout and not recs.exists()


def test_usage_errors(runner, tmp_path) -> None:
    src = write(tmp_path / "n.md", NOTE)
    recs = tmp_path / "recs"
    assert share(runner, src, recs, "--group", "Amina Patel").exit_code == 2
    assert share(runner, src, recs, "--session", "2026-02-30").exit_code == 2
    assert share(runner, src, recs, "--check-names", str(tmp_path / "nope")).exit_code == 2
    res = share(runner, src, recs, "--review", str(recs / "r.html"))
    assert res.exit_code == 2 and "outside the records folder" in res.stderr
    recs.mkdir()
    inside = write(recs / "original.md", NOTE)
    res = share(runner, inside, recs)
    assert res.exit_code == 2 and "inside the records folder" in res.stderr
    assert sorted(p.name for p in recs.iterdir()) == ["original.md"]


def test_review_page(runner, tmp_path) -> None:
    pytest.importorskip("balint_redact.batch.review")
    src = write(tmp_path / "n.md", NOTE)
    review = tmp_path / "review.html"
    res = share(runner, src, tmp_path / "recs", "--review", str(review))
    assert res.exit_code == 0, res.output
    assert review.read_text().lstrip().lower().startswith("<!doctype html")


# --------------------------------------------------------------------------- concurrency


def _file_many(root: str, worker: int, n: int, barrier) -> list[str]:
    barrier.wait()
    names = []
    for i in range(n):
        temp = new_temp(Path(root), "text")
        data = f"note {worker}-{i}\n".encode()
        temp.write_bytes(data)
        names.append(file_record(Path(root), "g", SESSION, "text", temp,
                                 {"sha256": hashlib.sha256(data).hexdigest(), "counts": {}}))
    return names


def test_concurrent_filing_processes(tmp_path) -> None:
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Manager().Barrier(2)
    with ctx.Pool(2) as pool:
        results = pool.starmap(_file_many, [(str(tmp_path), w, 15, barrier) for w in (1, 2)])
    names = results[0] + results[1]
    assert len(set(names)) == 30
    entries = index_lines(tmp_path)  # every line parses: a well-formed index
    assert sorted(e["record"] for e in entries) == sorted(names)
    report = verify_records(tmp_path)
    assert report.ok, report.to_dict()


def test_two_concurrent_share_runs(tmp_path) -> None:
    recs = tmp_path / "recs"
    srcs = [write(tmp_path / "a.md", NOTE), make_docx(tmp_path / "b.docx", NOTE)]
    code = ("import sys; from balint_redact.cli.share_cmd import share_command; "
            "share_command(sys.argv[1:], prog_name='share')")
    env = dict(os.environ, PYTHONHASHSEED="0")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(s), "--records", str(recs),
                               "--session", SESSION, "-q", "--again"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
             for s in srcs]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1].decode() for o in outs]
    names = sorted(o[0].decode().strip() for o in outs)
    assert names == ["group/2026-11-26/001.md", "group/2026-11-26/002.docx"] or \
        names == ["group/2026-11-26/001.docx", "group/2026-11-26/002.md"]
    assert sorted(e["record"] for e in index_lines(recs)) == names
    assert verify_records(recs).ok


# --------------------------------------------------------------------------- records


@pytest.fixture()
def filled(runner, tmp_path) -> Path:
    recs = tmp_path / "recs"
    for i in range(3):
        src = write(tmp_path / f"n{i}.md", NOTE)
        assert share(runner, src, recs).exit_code == 0
    return recs


def test_records_lists_and_verifies(runner, filled, checker) -> None:
    res = runner.invoke(records_command, [str(filled)])
    assert res.exit_code == 0, res.output
    assert res.stdout.count("ok") == 3 and "all verified" in res.stderr
    res = runner.invoke(records_command, [str(filled), "--format", "json", "--no-check"])
    data = json.loads(res.stdout)
    assert data["ok"] and [r["record"] for r in data["records"]] == [
        f"group/2026-11-26/00{i}.md" for i in (1, 2, 3)]


def test_records_detects_tampering(runner, filled) -> None:
    rec = filled / "group" / SESSION / "002.md"
    rec.write_text(rec.read_text() + "\nAdded later.\n")
    res = runner.invoke(records_command, [str(filled)])
    assert res.exit_code == 1
    assert "group/2026-11-26/002.md" in res.stdout and "tampered" in res.stdout
    assert res.stdout.count("PROBLEM") == 1


def test_records_reports_every_problem(filled) -> None:
    (filled / "group" / SESSION / "001.md").unlink()  # missing
    (filled / "group" / "stray.md").write_text("x")  # not in the index
    withdrawn = filled / "group" / SESSION / "003.md"
    keep = withdrawn.read_bytes()
    withdraw_record(filled, "group/2026-11-26/003.md")
    withdrawn.write_bytes(keep)  # withdrawn but present again
    with open(filled / INDEX_NAME, "a") as fh:
        fh.write('{"record": "../etc/passwd", "status": "active"}\n{"torn": \n')
    report = verify_records(filled)
    by_name = {r.record: r.problems for r in report.records}
    assert any("missing" in p for p in by_name["group/2026-11-26/001.md"])
    assert by_name["group/2026-11-26/002.md"] == []
    assert any("still present" in p for p in by_name["group/2026-11-26/003.md"])
    text = " | ".join(report.problems)
    assert "1 stray file not in the index in group/" in text
    assert "stray.md" not in text  # a stray file's name could be a client's
    assert "line 5 is not a valid entry" in text and "line 6 is not a valid entry" in text
    assert not report.ok


def test_records_fail_check_today(runner, tmp_path, names_file, planted) -> None:
    word, note = planted
    src = write(tmp_path / "n.md", note)
    recs = tmp_path / "recs"
    # the second reader asks about the planted name at share time: the presenter keeps it
    from balint_redact.confirm import Decision, DecisionFile, save_decisions
    answers = DecisionFile()
    at = note.index(word)
    answers.add(note, Decision(at, at + len(word), "keep"))
    save_decisions(tmp_path / "answers.toml", answers)
    res = share(runner, src, recs, "--confirm", str(tmp_path / "answers.toml"))
    assert res.exit_code == 0, res.output  # yesterday's check knew no such name
    res = runner.invoke(records_command, [str(recs), "--check-names", str(names_file)])
    assert res.exit_code == 1
    assert "fails the check today (1 finding: PERSON at line 4:15)" in res.stdout
    assert word not in res.output
    assert runner.invoke(records_command, [str(recs)]).exit_code == 0


# --------------------------------------------------------------------------- withdraw


def test_withdraw_keeps_index_consistent(runner, filled) -> None:
    res = runner.invoke(withdraw_command, [str(filled), "group/2026-11-26/002.md"])
    assert res.exit_code == 0, res.output
    assert not (filled / "group" / SESSION / "002.md").exists()
    entries = index_lines(filled)
    assert len(entries) == 4 and entries[-1]["record"] == "group/2026-11-26/002.md"
    assert entries[-1]["status"] == "withdrawn" and entries[-1]["withdrawn"].endswith("Z")
    state = read_index(filled)
    assert state.current["group/2026-11-26/002.md"]["status"] == "withdrawn"
    assert sorted(state.active()) == ["group/2026-11-26/001.md", "group/2026-11-26/003.md"]
    assert runner.invoke(records_command, [str(filled), "--no-check"]).exit_code == 0
    # again: nothing more to do, nothing appended
    res = runner.invoke(withdraw_command, [str(filled), "group/2026-11-26/002.md"])
    assert res.exit_code == 0 and "already withdrawn" in res.stderr
    assert len(index_lines(filled)) == 4
    # by path, too
    res = runner.invoke(withdraw_command, [str(filled), str(filled / "group" / SESSION /
                                                            "003.md")])
    assert res.exit_code == 0 and len(index_lines(filled)) == 5
    # unknown and malformed names are usage errors
    assert runner.invoke(withdraw_command, [str(filled), "group/2026-11-26/009.md"]
                         ).exit_code == 2
    assert runner.invoke(withdraw_command, [str(filled), "../../etc/passwd"]).exit_code == 2
    # a withdrawn number is never reused
    res = share(runner, write(filled.parent / "x.md", NOTE), filled)
    assert res.stdout.strip() == "group/2026-11-26/004.md"


def test_exclusive_create_skips_a_taken_name(tmp_path, monkeypatch) -> None:
    from balint_redact.records import store as records_store

    folder = tmp_path / "g" / SESSION
    folder.mkdir(parents=True)
    (folder / "001.md").write_text("not ours")
    monkeypatch.setattr(records_store, "_next_sequence", lambda *a: 1)  # a stale allocation
    temp = new_temp(tmp_path, "text")
    temp.write_bytes(b"ours")
    name = file_record(tmp_path, "g", SESSION, "text", temp, {"sha256": "x", "counts": {}})
    assert name == "g/2026-11-26/002.md"
    assert (folder / "001.md").read_text() == "not ours"
    assert (folder / "002.md").read_bytes() == b"ours" and not temp.exists()
    assert (folder / "002.md").stat().st_mode & 0o044 == 0o044 & ~_umask_now()


def _umask_now() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_records_temp_files_and_missing_folder(runner, tmp_path) -> None:
    recs = tmp_path / "recs"
    recs.mkdir()
    temp = new_temp(recs, "docx")
    report = verify_records(recs)
    assert report.ok and any("share in progress" in n for n in report.notes)
    os.utime(temp, (0, 0))
    report = verify_records(recs)
    assert not report.ok and "leftover temporary file" in report.problems[0]
    assert runner.invoke(records_command, [str(tmp_path / "none")]).exit_code == 2
