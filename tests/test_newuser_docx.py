"""Word formatting (issue 18): a client name split over runs with bold and italic. The
placeholder keeps the formatting of the run the name started in, the text around keeps its
own, and no empty run is left behind."""

from __future__ import annotations

from pathlib import Path

import docx
from lxml import etree

from balint_redact.io.docx_io import extract_text, write_redacted_docx
from balint_redact.io.docx_text import W_NS, apply_edit, build_paragraph, qn


def _runs(path: Path) -> list[tuple[str, bool | None, bool | None]]:
    d = docx.Document(str(path))
    return [(r.text, r.bold, r.italic) for r in d.paragraphs[0].runs]


def _split_name(path: Path, pieces: list[tuple[str, bool | None, bool | None]]) -> Path:
    d = docx.Document()
    p = d.add_paragraph()
    for text, bold, italic in pieces:
        r = p.add_run(text)
        r.bold, r.italic = bold, italic
    d.save(str(path))
    return path


def _empty_runs(path: Path) -> int:
    d = docx.Document(str(path))
    body = d.element.body
    return sum(1 for r in body.iter(qn("r"))
               if all(c.tag == qn("rPr") or (c.tag == qn("t") and not c.text) for c in r))


def test_cli_name_over_bold_and_italic_runs(cli, isolated: Path) -> None:
    src = _split_name(isolated / "case.docx", [
        ("I met ", None, None), ("Amina ", True, None), ("Pat", True, True),
        ("el", None, True), (" today", None, True)])
    out = isolated / "out.docx"
    result = cli("redact", src, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert _runs(out) == [("I met ", None, None), ("Person A", True, None),
                          (" today", None, True)]
    assert _empty_runs(out) == 0


def test_name_ending_inside_an_italic_run_keeps_its_italic_rest(tmp_path: Path) -> None:
    src = _split_name(tmp_path / "in.docx", [
        ("Client: ", None, None), ("Am", True, None), ("ina Pat", True, True),
        ("el rang, upset.", None, True)])
    text = extract_text(src)
    start = text.index("Amina")
    out = tmp_path / "out.docx"
    write_redacted_docx(src, out, [(start, start + len("Amina Patel"), "Person A")])
    assert _runs(out) == [("Client: ", None, None), ("Person A", True, None),
                          (" rang, upset.", None, True)]
    assert _empty_runs(out) == 0
    assert extract_text(out) == "Client: Person A rang, upset.\n"


def test_a_run_with_a_tab_is_kept_without_its_text() -> None:
    from balint_redact.io.docx_text import drop_emptied

    p = etree.fromstring(f'<w:p xmlns:w="{W_NS}"><w:r><w:t>Amina</w:t></w:r>'
                         f'<w:r><w:rPr><w:i/></w:rPr><w:t>Patel</w:t><w:tab/></w:r>'
                         f'<w:r><w:rPr><w:b/></w:rPr><w:t>Patel</w:t></w:r></w:p>')
    para = build_paragraph(p, 0)
    drop_emptied(apply_edit(para, 0, 10, "Person A"))
    runs = p.findall(qn("r"))
    assert len(runs) == 3
    assert [t.text for t in p.iter(qn("t"))] == ["Person A", "Patel"]
    assert runs[1].find(qn("tab")) is not None and runs[1].find(qn("t")) is None
