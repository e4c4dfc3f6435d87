"""`check` words unreadable files the same way whatever the reason (issue 18): "not checked:
the file …", never "the input" in one row and "the Word document" or a path in the next."""

from __future__ import annotations

from pathlib import Path

import pytest

from balint_redact.batch.check import check_file

CASES = [
    ("corrupt.docx", b"PK\x03\x04 nope", "not a Word .docx document"),
    ("legacy.docx", b"\xd0\xcf\x11\xe0" + b"\x00" * 600, "password-protected"),
    ("binary.txt", b"\x00\x01binary\x00", "binary"),
    ("empty.md", b"", "empty"),
    ("blank.txt", b"   \n\n  ", "empty"),
    ("big.txt", b"word " * 4000, "too large"),
]


@pytest.mark.parametrize("name,data,needle", CASES)
def test_every_unreadable_file_is_worded_alike(redactor, tmp_path: Path, name, data,
                                               needle) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    rep = check_file(redactor, f, 10_000)
    assert rep.status == "unreadable"
    error = rep.error or ""
    assert error.startswith("not checked: "), error
    assert needle in error
    for other in ("the input", "the Word document", "nothing to redact", str(tmp_path)):
        assert other not in error, error


def test_a_reader_that_crashes_is_worded_alike_without_the_path(redactor, tmp_path: Path,
                                                               monkeypatch) -> None:
    from balint_redact.io import documents

    def crash(path, max_bytes):
        raise ValueError("boom")

    monkeypatch.setattr(documents, "load_document", crash)
    f = tmp_path / "Amina-Patel.md"
    f.write_text("hello", encoding="utf-8")
    rep = check_file(redactor, f, 1000)
    assert rep.status == "unreadable"
    assert rep.error == "not checked: cannot read the file (ValueError)"
