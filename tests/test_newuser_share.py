"""Duplicate shares (issue 18): sharing the same write-up twice is refused unless --again,
found by the hash of the redacted text in the index (which holds no identifier)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import docx
from click.testing import CliRunner

from balint_redact.cli.share_cmd import share_command

SESSION = "2026-11-26"
NOTE = ("I met my client Mrs Amina Patel; she rang from 07700 900123.\n"
        "We talked about how hard the hearing had been for me.\n")


def share(src: Path, recs: Path, *extra: str):
    return CliRunner().invoke(share_command, [str(src), "--records", str(recs),
                                              "--session", SESSION, *extra])


def entries(recs: Path) -> list[dict]:
    return [json.loads(ln) for ln in (recs / "index.jsonl").read_text().splitlines() if ln]


def files(recs: Path) -> list[str]:
    return sorted(str(p.relative_to(recs)) for p in recs.rglob("*") if p.is_file())


def test_second_share_of_the_same_note_is_refused_unless_again(tmp_path: Path) -> None:
    src = tmp_path / "note.md"
    src.write_text(NOTE, encoding="utf-8")
    recs = tmp_path / "recs"
    first = share(src, recs)
    assert first.exit_code == 0, first.output
    before = files(recs)
    second = share(src, recs)
    assert second.exit_code == 1
    assert "already in the records as group/2026-11-26/001.md" in second.stderr
    assert "--again" in second.stderr and "Amina" not in second.stderr
    assert files(recs) == before and len(entries(recs)) == 1
    again = share(src, recs, "--again")
    assert again.exit_code == 0, again.output
    assert again.stdout.strip() == "group/2026-11-26/002.md"
    # the index keeps a hash of the redacted text, never the text
    e = entries(recs)[0]
    record_text = (recs / "group" / SESSION / "001.md").read_bytes()
    assert e["text_sha256"] == hashlib.sha256(record_text).hexdigest()
    assert "Amina" not in (recs / "index.jsonl").read_text()


def test_the_same_note_as_word_is_a_duplicate_too(tmp_path: Path) -> None:
    md = tmp_path / "note.md"
    md.write_text(NOTE, encoding="utf-8")
    d = docx.Document()
    for line in NOTE.splitlines():
        d.add_paragraph(line)
    d.save(str(tmp_path / "note.docx"))
    recs = tmp_path / "recs"
    assert share(tmp_path / "note.docx", recs).exit_code == 0
    again_word = share(tmp_path / "note.docx", recs)  # Word bytes differ from save to save
    assert again_word.exit_code == 1 and "group/2026-11-26/001.docx" in again_word.stderr
    as_text = share(md, recs)
    assert as_text.exit_code == 1 and "already in the records" in as_text.stderr


def test_a_withdrawn_record_can_be_shared_again(tmp_path: Path) -> None:
    from balint_redact.records import withdraw_record

    src = tmp_path / "note.md"
    src.write_text(NOTE, encoding="utf-8")
    recs = tmp_path / "recs"
    assert share(src, recs).exit_code == 0
    withdraw_record(recs, "group/2026-11-26/001.md")
    assert share(src, recs).exit_code == 0


def test_a_different_note_is_not_a_duplicate(tmp_path: Path) -> None:
    recs = tmp_path / "recs"
    for i, extra in enumerate(["", "Next week we meet again.\n"]):
        src = tmp_path / f"n{i}.md"
        src.write_text(NOTE + extra, encoding="utf-8")
        assert share(src, recs).exit_code == 0
