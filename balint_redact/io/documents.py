"""Documents of any supported format: read their text, write their redacted form.

Plain text and Markdown come back as UTF-8 text; Word documents come back as Word documents
with the same runs, styles, tables, headers and footers, their metadata cleaned.

>>> kind_of(Path("notes.docx")), kind_of(Path("notes.md"))
('docx', 'text')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .textio import (DEFAULT_MAX_BYTES, DOCX_SUFFIXES, TEXT_SUFFIXES, StagedWrite,
                     atomic_write_text, check_input_path, guard_output, read_text_file,
                     stage_text)


def kind_of(path: Path) -> str:
    return "docx" if path.suffix.lower() in DOCX_SUFFIXES else "text"


#: suffixes of the JSON outputs (``--format json`` / ``jsonl``)
JSON_SUFFIXES = frozenset({".json", ".jsonl"})


def output_kind(path: Path) -> str | None:
    """What an output path asks for by its suffix: "docx", "text" (a text suffix, or none),
    "json", or None (a suffix we do not write).

    >>> [output_kind(Path(p)) for p in ("a.docx", "a.md", "a", "a.json", "a.pdf")]
    ['docx', 'text', 'text', 'json', None]
    """
    suffix = path.suffix.lower()
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix in TEXT_SUFFIXES or suffix == "":
        return "text"
    if suffix in JSON_SUFFIXES:
        return "json"
    return None


def describe_suffix(path: Path) -> str:
    """The output's suffix for a message ("'.pdf'"), or "its suffix" when it is not a short
    plain suffix (a suffix could be part of a name)."""
    suffix = path.suffix.lower()
    return f"'{suffix}'" if len(suffix) <= 6 and suffix[1:].isalnum() else "its suffix"


@dataclass(frozen=True)
class Document:
    path: Path | None
    kind: str  # "text" or "docx"
    text: str
    encoding: str = "utf-8"


def load_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a supported file; every problem is an InputError naming the input by its role."""
    if kind_of(path) == "docx":
        from .docx_io import extract_text

        check_input_path(path, max_bytes)
        text = extract_text(path)
        if not text.strip():
            raise InputError("the Word document has no text")
        return Document(path, "docx", text, "docx")
    decoded = read_text_file(path, max_bytes)
    return Document(path, "text", decoded.text, decoded.encoding)


def docx_edits(text: str, replacements: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Split replacements at paragraph breaks: the first piece takes the replacement text,
    later pieces are emptied (a name broken across two paragraphs still goes)."""
    edits = []
    for start, end, new in replacements:
        pos = start
        first = True
        while pos < end:
            brk = text.find("\n", pos, end)
            stop = end if brk == -1 else brk
            if stop > pos:
                edits.append((pos, stop, new if first else ""))
                first = False
            pos = stop + 1 if brk != -1 else end
    return edits


def write_redacted(doc: Document, redacted_text: str,
                   replacements: list[tuple[int, int, str]], target: Path,
                   as_kind: str | None = None) -> None:
    """Write the redacted document atomically; never over its own input.

    ``as_kind`` ("text" or "docx", default: the document's own kind) is the format written:
    a Word document written as text is its redacted text; a text written as "docx" is a new
    Word document, one paragraph a line."""
    guard_output(doc.path, target)
    kind = as_kind or doc.kind
    if kind == "docx" and doc.kind != "docx":
        from .docx_io import write_text_docx

        write_text_docx(redacted_text, target)
    elif kind == "docx":
        from .docx_io import write_redacted_docx

        assert doc.path is not None  # its folder is made by the atomic write, as for text
        write_redacted_docx(doc.path, target, docx_edits(doc.text, replacements))
    else:
        atomic_write_text(target, redacted_text)


def stage_redacted(doc: Document, redacted_text: str,
                   replacements: list[tuple[int, int, str]], target: Path) -> StagedWrite | None:
    """write_redacted for many documents: a text document's output is staged (finish it with
    textio.commit_staged) and returned; a Word document is written at once (None)."""
    if doc.kind == "text":
        guard_output(doc.path, target)
        return stage_text(target, redacted_text)
    write_redacted(doc, redacted_text, replacements, target)
    return None
