"""The obfuscation matrix: every way of hiding an identifier from a pattern or a model (rows)
× name, email, phone, NI number, matter reference (columns) × .txt, .md and Word runs.

Each cell is one document holding one identifier, redacted through the library (files read with
``load_document``; Word documents written with ``write_redacted`` and read back). A cell leaks
when the identifier can be recovered from the output's normalised reading: a name's words
(whole words, any case), a number's or an email's characters with separators stripped (six in a
row are enough), also read backwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import docx
import pytest
import regex

from balint_redact.io.documents import load_document, write_redacted
from balint_redact.io.docx_io import extract_text
from balint_redact.text.normalize import read

VALUES = {"name": "Amina Patel", "email": "j.okafor@example.org", "phone": "07700 900123",
          "nino": "AB 12 34 56 C", "ref": "KLM/4821/07"}
SENTENCES = {
    "name": ("I met my client ", " at court; she was anxious about the hearing."),
    "email": ("Her email address is ", " and she reads it daily."),
    "phone": ("She rang me from ", " late last night."),
    "nino": ("Her National Insurance number is ", " according to the file."),
    "ref": ("Our ref: ", " was on the letter."),
}

_RUN = regex.compile(r"[\p{L}\p{N}]+")
Transform = Callable[[str, str], "str | tuple[str, str] | None"]


def in_tokens(value: str, fn: Callable[[str], str], shortest: int = 2) -> str:
    """``fn`` applied to every run of letters and digits of at least ``shortest`` characters."""
    return _RUN.sub(lambda m: fn(m.group()) if len(m.group()) >= shortest else m.group(), value)


def split(ch: str) -> Transform:
    """``ch`` inside every word and number ("Ami\u200bna")."""
    def cut(t: str) -> str:
        half = (len(t) + 1) // 2
        return t[:half] + ch + t[half:]
    return lambda kind, v: in_tokens(v, cut)


def spaces(ch: str) -> Transform:
    return lambda kind, v: v.replace(" ", ch) if " " in v else None


def emphasis(marker: str) -> Transform:
    """Markers around the inside of every word ("A**min**a"; "A**B**" for two letters)."""
    def wrap(t: str) -> str:
        return t[0] + marker + t[1:] + marker if len(t) < 3 else \
            t[0] + marker + t[1:-1] + marker + t[-1]
    return lambda kind, v: in_tokens(v, wrap)


FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in
             "0123456789/@.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}
CYRILLIC = dict(zip("ABCEHKMOPTXaceopxyij", "АВСЕНКМОРТХасеорхуіј"))
GREEK = dict(zip("ABEHIKMNOPTXZaoiv", "ΑΒΕΗΙΚΜΝΟΡΤΧΖαοιν"))


def swap(table: dict[str, str], only_letters: bool = False) -> Transform:
    def fn(kind: str, v: str) -> str | None:
        if only_letters and not any(c.isalpha() for c in v):
            return None
        out = "".join(table.get(c, c) for c in v)
        return out if out != v else None
    return fn


def entities(style: str) -> Transform:
    def fn(kind: str, v: str) -> str:
        named = {" ": "&nbsp;", "@": "&commat;", ".": "&period;", "/": "&sol;"}
        out = []
        for i, c in enumerate(v):
            if style == "named":
                out.append(named.get(c, c))
            elif c.isalnum() and i % 3 == 0 or c in "@./":
                out.append(f"&#{ord(c)};" if style == "decimal" else f"&#x{ord(c):X};")
            else:
                out.append(c)
        return "".join(out)
    return fn


def link(kind: str, v: str) -> str:
    target = {"name": "mailto:amina.patel@example.com", "email": "mailto:" + v,
              "phone": "tel:07700900123", "nino": "https://example.org/ni/AB123456C",
              "ref": "https://files.example.org/KLM/4821/07"}[kind]
    return f"[{'write to her' if kind == 'email' else v}]({target})"


def reversed_run(end: str) -> Transform:
    return lambda kind, v: "\u202e" + v[::-1] + end


def line_break(kind: str, v: str) -> tuple[str, str] | None:
    return {"name": ("Amina Pa-\ntel", v), "phone": ("07700-\n900123", v),
            "ref": ("KLM-2024-\n00123", "KLM-2024-00123")}.get(kind)


def around(marker: str) -> Transform:
    """Emphasis around the whole value ("**Amina Patel**", "***07700 900123***")."""
    return lambda kind, v: marker + v + marker


def soft_break(kind: str, v: str) -> tuple[str, str] | None:
    return {"name": ("Amina Pa\u00ad\ntel", v), "phone": ("07700 900\u00ad\n123", v)}.get(kind)


def percent_link(kind: str, v: str) -> str | None:
    target = {"email": "mailto:" + v.replace("@", "%40"),
              "phone": "tel:" + v.replace(" ", "%20")}.get(kind)
    return f"[write to her]({target})" if target else None


def only(wanted: str, fn: Callable[[str], str]) -> Transform:
    return lambda kind, v: fn(v) if kind == wanted else None


ROWS: dict[str, Transform] = {
    "plain": lambda kind, v: v,
    "zero-width-space": split("\u200b"),
    "zero-width-joiners": split("\u200c\u200d"),
    "word-joiner": split("\u2060"),
    "byte-order-mark": split("\ufeff"),
    "soft-hyphen": split("\u00ad"),
    "bidi-marks": split("\u200e\u200f"),
    "nbsp": spaces("\u00a0"),
    "nnbsp": spaces("\u202f"),
    "thin-space": spaces("\u2009"),
    "fullwidth": swap(FULLWIDTH),
    "cyrillic": swap(CYRILLIC, only_letters=True),
    "greek": swap(GREEK, only_letters=True),
    "html-decimal": entities("decimal"),
    "html-hex": entities("hex"),
    "html-named": entities("named"),
    "markdown-link": link,
    "emphasis-stars": emphasis("**"),
    "emphasis-star": emphasis("*"),
    "emphasis-underscores": emphasis("__"),
    "emphasis-underscore": emphasis("_"),
    "emphasis-tildes": emphasis("~~"),
    "emphasis-around-bold": around("**"),
    "emphasis-around-bold-italic": around("***"),
    "emphasis-around-underscore": around("_"),
    "soft-hyphen-at-line-break": soft_break,
    "percent-escaped-link": percent_link,
    "selector-after-each-character": split("\ufe0f"),
    "control-characters": split("\x7f"),
    "braille-blank": spaces("\u2800"),
    "rlo-reversed": reversed_run("\u202c"),
    "rlo-nested": lambda kind, v: "\u202e" + v[len(v) // 2:][::-1] + "\u202e" +
    v[:len(v) // 2][::-1],
    "rlo-to-end-of-line": reversed_run("\n"),
    "hyphenated-line-break": line_break,
    "dotted": only("phone", lambda v: v.replace(" ", "").replace("07700", "07700.")
                   .replace("900", "900.", 1)),
    "spaced-out": only("phone", lambda v: " ".join(v.replace(" ", ""))),
    "slashes": only("nino", lambda v: v.replace(" ", "/")),
    "dots": only("nino", lambda v: v.replace(" ", ".")),
    "lower-case": only("nino", str.lower),
}
FORMATS = ("txt", "md", "docx")


def cells() -> list[tuple[str, str, str, str, str]]:
    """(row, kind, format, obfuscated identifier, identifier) for every cell that applies."""
    out = []
    for row, fn in ROWS.items():
        for kind, value in VALUES.items():
            got = fn(kind, value)
            if got is None:
                continue
            shown, secret = got if isinstance(got, tuple) else (got, value)
            out += [(row, kind, fmt, shown, secret) for fmt in FORMATS]
    return out


CELLS = cells()


def cell_id(cell: tuple[str, str, str, str, str]) -> str:
    return f"{cell[0]}-{cell[1]}-{cell[2]}"


def document_text(kind: str, shown: str, fmt: str) -> str:
    before, after = SENTENCES[kind]
    if shown.startswith("\u202e") and not shown.endswith("\u202c"):  # reversed to the line end
        after = "That was all."
    sentence = before + shown + after
    if fmt == "md":
        return f"# Supervision notes\n\n- {sentence}\n- Nothing else came up.\n"
    return f"Supervision notes.\n\n{sentence}\n"


def write_docx(path: Path, kind: str, shown: str) -> None:
    """The sentence in Word runs, the identifier split over two runs (the second bold)."""
    before, after = SENTENCES[kind]
    if shown.startswith("\u202e") and not shown.endswith("\u202c"):
        after = "\nThat was all."
    doc = docx.Document()
    doc.add_paragraph("Supervision notes.")
    p = doc.add_paragraph()
    p.add_run(before)
    half = len(shown) // 2
    p.add_run(shown[:half])
    p.add_run(shown[half:]).bold = True
    p.add_run(after)
    doc.save(str(path))


def leaks(output: str, kind: str, secret: str) -> bool:
    """Can ``secret`` be recovered from the output's normalised reading?"""
    seen = read(output).text.casefold()
    for reading in (seen, seen[::-1]):
        if kind == "name":
            if any(regex.search(rf"(?<!\p{{L}}){w}(?!\p{{L}})", reading)
                   for w in secret.casefold().split()):
                return True
            continue
        compact = regex.sub(r"[^\p{L}\p{N}]", "", reading)
        wanted = regex.sub(r"[^\p{L}\p{N}]", "", secret.split("@")[0].casefold())
        if any(wanted[i:i + 6] in compact for i in range(max(1, len(wanted) - 5))):
            return True
    return False


@pytest.fixture(scope="module")
def outputs(redactor, tmp_path_factory) -> dict[str, str]:
    """Every cell's redacted output, all redacted in one batch."""
    folder = tmp_path_factory.mktemp("obfuscation")
    docs, names = [], []
    for n, (row, kind, fmt, shown, _) in enumerate(CELLS):
        path = folder / f"cell{n}.{fmt}"
        if fmt == "docx":
            write_docx(path, kind, shown)
        else:
            path.write_text(document_text(kind, shown, fmt), encoding="utf-8")
        docs.append(load_document(path))
        names.append(cell_id(CELLS[n]))
    out = {}
    for n, (doc, red) in enumerate(zip(docs, redactor.redact_many([d.text for d in docs]))):
        if doc.kind == "docx":
            target = folder / f"out{n}.docx"
            write_redacted(doc, red.text, [(f.start, f.end, f.placeholder)
                                           for f in red.findings], target)
            out[names[n]] = extract_text(target)
        else:
            out[names[n]] = red.text
    return out


@pytest.mark.parametrize("cell", [pytest.param(c, id=cell_id(c)) for c in CELLS])
def test_no_leak(outputs: dict[str, str], cell: tuple[str, str, str, str, str]) -> None:
    row, kind, fmt, shown, secret = cell
    out = outputs[cell_id(cell)]
    assert not leaks(out, kind, secret), f"{row} × {kind} in .{fmt} leaks"


def test_every_cell_has_its_identifier_in_the_input() -> None:
    """The matrix tests what it says: each input's reading holds its identifier."""
    for row, kind, fmt, shown, secret in CELLS:
        assert leaks(document_text(kind, shown, fmt), kind, secret), (row, kind, fmt)


def test_the_leak_check_sees_a_partial_leak() -> None:
    assert leaks("She rang from [phone] 900123.", "phone", "07700 900123")
    assert leaks("I met Person A Pat\u200bel.", "name", "Amina Patel")
    assert leaks("Her NI number is \u202eC 65 43 21 BA\u202c.", "nino", "AB 12 34 56 C")
    assert not leaks("She rang from [phone]; I met Person A.", "phone", "07700 900123")
