"""Tests for the Word layer (balint_redact.io.docx_io): extraction, redaction, metadata, errors."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from hypothesis import given, settings
from hypothesis import strategies as st

from balint_redact.io import docx_io
from balint_redact.io.docx_io import extract_text, read_docx, write_redacted_docx
from balint_redact.errors import InputError, OutputError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = (
    f'xmlns:w="{W}" xmlns:r="{R_NS}" xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)
PEOPLE_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"
PEOPLE_RT = "http://schemas.microsoft.com/office/2011/relationships/people"
TEMPLATE_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
APP_CT = "application/vnd.openxmlformats-officedocument.extended-properties+xml"


# --------------------------------------------------------------------------- builders


def _add_part(doc, source, partname, content_type, reltype, xml: str) -> None:
    part = Part(PackURI(partname), content_type, xml.encode(), doc.part.package)
    source.relate_to(part, reltype)


def build_case_doc(path: Path) -> Path:
    """A document with 'Amina Patel' planted in every kind of place Word keeps text."""
    doc = docx.Document()
    cp = doc.core_properties
    cp.author = cp.last_modified_by = "Amina Patel"
    cp.title, cp.subject, cp.keywords = "Patel v Home Office", "Patel", "Patel; asylum"
    cp.comments, cp.category, cp.version = "Amina Patel file", "Patel", "Patel-1"
    cp.identifier, cp.content_status, cp.revision = "Patel-42", "Patel draft", 7

    # body paragraph: the name split over three runs with different formatting
    p = doc.add_paragraph("Client: ")
    r = p.add_run("Am")
    r.bold = True
    r = p.add_run("ina Pa")
    r.italic = True
    r = p.add_run("tel")
    r.bold = r.italic = True
    tail = p.add_run(" attended the hearing.")
    p._p.append(parse_xml(f'<w:r {NS}><w:footnoteReference w:id="1"/></w:r>'))
    doc.add_comment(tail, text="Check with Amina Patel", author="Amina Patel", initials="AP")
    doc.add_heading("Patel: summary", level=1)
    p = doc.add_paragraph("Email ")
    rid = doc.part.relate_to("mailto:amina.patel@example.org", RT.HYPERLINK, is_external=True)
    p._p.append(parse_xml(
        f'<w:hyperlink {NS} r:id="{rid}" w:tooltip="Mail Amina Patel"><w:r><w:t>Amina</w:t></w:r>'
        '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> Patel</w:t></w:r></w:hyperlink>'))
    rid = doc.part.relate_to("https://example.org/kept", RT.HYPERLINK, is_external=True)
    p._p.append(parse_xml(
        f'<w:hyperlink {NS} r:id="{rid}"><w:r><w:t xml:space="preserve"> (site)</w:t></w:r>'
        '</w:hyperlink>'))

    # tracked changes: an insertion (kept) and a deletion (dropped)
    p = doc.add_paragraph("Tracked: ")
    p._p.append(parse_xml(
        f'<w:ins {NS} w:id="91" w:author="Amina Patel" w:date="2024-01-01T00:00:00Z">'
        "<w:r><w:t>inserted Patel words</w:t></w:r></w:ins>"))
    p._p.append(parse_xml(
        f'<w:del {NS} w:id="92" w:author="Amina Patel" w:date="2024-01-01T00:00:00Z">'
        '<w:r><w:delText xml:space="preserve">deleted Amina Patel secret</w:delText></w:r></w:del>'))

    # table with a merged cell and a nested table
    table = doc.add_table(rows=2, cols=3)
    table.style = "Table Grid"
    table.cell(0, 0).text = "Name"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Amina Patel MERGED"
    table.cell(1, 0).text = "Ref"
    table.cell(1, 1).add_table(rows=1, cols=1).cell(0, 0).text = "Nested: Patel"

    # a text box, written as Word does: DrawingML choice + VML fallback
    box = '<w:txbxContent><w:p><w:r><w:t>Box: Amina Patel</w:t></w:r></w:p></w:txbxContent>'
    p = doc.add_paragraph("See box")
    p._p.append(parse_xml(
        f'<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        '<a:graphic><a:graphicData><wps:wsp><wps:txbx>' + box + '</wps:txbx></wps:wsp>'
        '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>'
        '<v:shape><v:textbox>' + box + '</v:textbox></v:shape></w:pict></mc:Fallback>'
        '</mc:AlternateContent></w:r>'))

    # headers and footers: default, first-page, even-page, and a second section
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = "Header: Amina Patel"
    sec.footer.paragraphs[0].text = "Footer: Patel"
    sec.different_first_page_header_footer = True
    sec.first_page_header.paragraphs[0].text = "First page: Amina Patel"
    doc.settings.odd_and_even_pages_header_footer = True
    sec.even_page_header.paragraphs[0].text = "Even: Patel"
    sec2 = doc.add_section()
    sec2.header.is_linked_to_previous = False
    sec2.header.paragraphs[0].text = "Section two: Patel"

    # parts python-docx has no API for: footnotes, people, custom properties, app.xml
    _add_part(doc, doc.part, "/word/footnotes.xml", CT.WML_FOOTNOTES, RT.FOOTNOTES,
              f'<w:footnotes {NS}><w:footnote w:id="1"><w:p><w:r>'
              '<w:t>Footnote: Amina Patel</w:t></w:r></w:p></w:footnote></w:footnotes>')
    _add_part(doc, doc.part, "/word/people.xml", PEOPLE_CT, PEOPLE_RT,
              '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
              '<w15:person w15:author="Amina Patel"><w15:presenceInfo w15:providerId="AD" '
              'w15:userId="amina.patel@example.org"/></w15:person></w15:people>')
    _add_part(doc, doc.part.package, "/docProps/custom.xml", CT.OFC_CUSTOM_PROPERTIES,
              RT.CUSTOM_PROPERTIES,
              '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
              'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
              '2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
              'pid="2" name="Client"><vt:lpwstr>Amina Patel</vt:lpwstr></property></Properties>')
    app = next(p for p in doc.part.package.iter_parts() if p.content_type == APP_CT)
    app._blob = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
        'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Template>Normal.dotm</Template><Company>Patel Solicitors</Company>"
        "<Manager>Amina Patel</Manager><TitlesOfParts><vt:vector size=\"1\" baseType=\"lpstr\">"
        "<vt:lpstr>Patel v Home Office</vt:lpstr></vt:vector></TitlesOfParts></Properties>"
    ).encode()
    rid = doc.part._settings_part.relate_to(
        "file:///C:/Users/amina.patel/Templates/Patel.dotm", TEMPLATE_RT, is_external=True)
    doc.settings.element.append(parse_xml(f'<w:attachedTemplate {NS} r:id="{rid}"/>'))
    doc.save(path)
    return path


def name_edits(text: str, replacement: str = "[NAME]") -> list[tuple[int, int, str]]:
    """Edits for every 'Amina Patel', then every 'Patel' not already inside one."""
    edits: list[tuple[int, int, str]] = []
    for needle in ("Amina Patel", "Patel"):
        i = text.find(needle)
        while i != -1:
            if not any(s <= i < e for s, e, _ in edits):
                edits.append((i, i + len(needle), replacement))
            i = text.find(needle, i + 1)
    return sorted(edits)


def package_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist()
                if n.endswith((".xml", ".rels"))}


@pytest.fixture
def case_doc(tmp_path: Path) -> Path:
    return build_case_doc(tmp_path / "case.docx")


@pytest.fixture
def redacted(case_doc: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out" / "case-redacted.docx"
    out.parent.mkdir()
    write_redacted_docx(case_doc, out, name_edits(extract_text(case_doc)))
    return out


# --------------------------------------------------------------------------- extraction


def test_extract_covers_every_part(case_doc: Path) -> None:
    text = extract_text(case_doc)
    lines = text.split("\n")
    assert lines[0] == "Client: Amina Patel attended the hearing."  # runs joined, body first
    for expected in ("Patel: summary", "Email Amina Patel (site)", "Tracked: inserted Patel words", "Nested: Patel",
                     "Box: Amina Patel", "Header: Amina Patel", "Footer: Patel",
                     "First page: Amina Patel", "Even: Patel", "Section two: Patel",
                     "Footnote: Amina Patel", "Check with Amina Patel"):
        assert expected in lines, expected
    assert text.count("MERGED") == 1  # merged cell visited once
    assert "deleted" not in text and "secret" not in text  # tracked deletion dropped
    assert text.index("Client:") < text.index("Header:")  # body before headers
    assert text.endswith("\n")


def test_read_docx_returns_document_and_text(case_doc: Path) -> None:
    doc, dt = read_docx(case_doc)
    assert isinstance(doc, docx.document.Document)
    assert dt.text == extract_text(case_doc)
    assert "Amina" not in repr(dt)  # internal map is not dumped into logs


# --------------------------------------------------------------------------- redaction


def test_no_identifier_left_anywhere_in_package(redacted: Path) -> None:
    for name, xml in package_xml(redacted).items():
        low = xml.lower()
        assert "amina" not in low and "patel" not in low, name
    names = zipfile.ZipFile(redacted).namelist()
    assert "docProps/custom.xml" not in names
    assert not any(n.startswith("customXml/") or "thumbnail" in n for n in names)


def test_redacted_text_and_formatting(redacted: Path) -> None:
    text = extract_text(redacted)
    assert "Amina" not in text and "Patel" not in text
    assert text.split("\n")[0] == "Client: [NAME] attended the hearing."
    doc = docx.Document(str(redacted))
    runs = doc.paragraphs[0].runs
    # the runs the name covered are gone, not left empty (issue 18)
    assert [r.text for r in runs[:3]] == ["Client: ", "[NAME]", " attended the hearing."]
    assert runs[1].bold is True and not runs[1].italic  # first run's formatting kept
    assert runs[2].bold is None and runs[2].italic is None
    heading = doc.paragraphs[1]
    assert heading.style.name == "Heading 1" and heading.text == "[NAME]: summary"
    table = doc.tables[0]
    assert (len(table.rows), len(table.columns)) == (2, 3)
    assert table.style.name == "Table Grid"
    assert table.cell(0, 1).text == "[NAME] MERGED"
    assert table.cell(1, 1).tables[0].cell(0, 0).text == "Nested: [NAME]"
    sec = doc.sections[0]
    assert sec.header.paragraphs[0].text == "Header: [NAME]"
    assert sec.first_page_header.paragraphs[0].text == "First page: [NAME]"
    assert sec.even_page_header.paragraphs[0].text == "Even: [NAME]"
    assert sec.footer.paragraphs[0].text == "Footer: [NAME]"
    assert "Tracked: inserted [NAME] words" in text
    assert "Email [NAME] (site)" in text
    rels = package_xml(redacted)["word/_rels/document.xml.rels"]
    assert "https://example.org/kept" in rels  # untouched link keeps its target


def test_metadata_cleaned(redacted: Path) -> None:
    doc = docx.Document(str(redacted))
    cp = doc.core_properties
    for attr in ("author", "last_modified_by", "title", "subject", "keywords", "comments",
                 "category", "identifier", "content_status", "version"):
        assert getattr(cp, attr) == "", attr
    assert cp.revision == 1
    (comment,) = list(doc.comments)
    assert (comment.author, comment.initials) == ("Reviewer", "R")
    assert comment.text == "Check with [NAME]"
    xml = package_xml(redacted)
    assert "<w:ins" not in xml["word/document.xml"] and "<w:del " not in xml["word/document.xml"]
    assert "person" not in xml["word/people.xml"]
    assert "attachedTemplate" not in xml["word/settings.xml"]


def test_input_file_unchanged(case_doc: Path, tmp_path: Path) -> None:
    before = hashlib.sha256(case_doc.read_bytes()).hexdigest()
    write_redacted_docx(case_doc, tmp_path / "o.docx", name_edits(extract_text(case_doc)))
    assert hashlib.sha256(case_doc.read_bytes()).hexdigest() == before


def test_no_edits_keeps_text(case_doc: Path, tmp_path: Path) -> None:
    out = tmp_path / "same.docx"
    write_redacted_docx(case_doc, out, [])
    assert extract_text(out) == extract_text(case_doc)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_output_opens_in_libreoffice(redacted: Path, tmp_path: Path) -> None:
    subprocess.run(["soffice", "--headless", "--convert-to", "txt", "--outdir", str(tmp_path),
                    str(redacted)], check=True, timeout=120)
    assert (tmp_path / "case-redacted.txt").exists()


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    # same order rule as the library: by (start, end), ties in list order
    for s, e, rep in reversed(sorted(edits, key=lambda edit: edit[:2])):
        text = text[:s] + rep + text[e:]
    return text


@settings(max_examples=40, deadline=None)
@given(
    pieces=st.lists(st.text(alphabet="ab \t", min_size=1, max_size=6), min_size=1, max_size=6),
    cuts=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 6),
                            st.text(alphabet="XY", max_size=3)), max_size=4),
)
def test_edits_across_random_runs_match_string_edits(pieces, cuts) -> None:
    """Whatever the run split and edits, re-extracted text == the edits applied to the text."""
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "in.docx"
        doc = docx.Document()
        p = doc.add_paragraph()
        for i, piece in enumerate(pieces):
            p.add_run(piece).bold = bool(i % 2)  # "\t" in text becomes a w:tab element
        doc.add_paragraph("second paragraph")
        doc.save(src)
        text = extract_text(src)
        first_len = text.index("\n")
        edits, pos = [], 0
        for start, length, rep in cuts:
            s = pos + start % (first_len + 1)
            e = min(s + length, first_len)
            if s > first_len:
                break
            edits.append((s, e, rep))
            pos = e
        write_redacted_docx(src, Path(d) / "out.docx", edits)
        assert extract_text(Path(d) / "out.docx") == _apply(text, edits)


def test_edit_validation(case_doc: Path, tmp_path: Path) -> None:
    text = extract_text(case_doc)
    nl = text.index("\n")
    with pytest.raises(ValueError):
        write_redacted_docx(case_doc, tmp_path / "o.docx", [(nl - 2, nl + 2, "x")])
    with pytest.raises(ValueError):
        write_redacted_docx(case_doc, tmp_path / "o.docx", [(0, 5, "x"), (3, 8, "y")])
    with pytest.raises(ValueError):
        write_redacted_docx(case_doc, tmp_path / "o.docx", [(0, len(text) + 5, "x")])
    assert not (tmp_path / "o.docx").exists()


# --------------------------------------------------------------------------- errors


SECRET = "Amina Patel secret"


@pytest.mark.parametrize(
    "content, fragment",
    [
        (SECRET.encode(), "not a Word .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + SECRET.encode() + bytes(600), "password-protected"),
        (b"", "empty file"),
    ],
    ids=["txt-renamed", "ole-encrypted", "empty"],
)
def test_bad_inputs_raise_input_error(tmp_path: Path, content: bytes, fragment: str) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_docx(bad)
    assert fragment in str(info.value) and "bad" not in str(info.value)  # named by role
    assert "Amina" not in str(info.value)


def test_corrupt_zip(case_doc: Path, tmp_path: Path) -> None:
    bad = tmp_path / "truncated.docx"
    bad.write_bytes(case_doc.read_bytes()[: case_doc.stat().st_size // 2])
    with pytest.raises(InputError) as info:
        extract_text(bad)
    assert "truncated" not in str(info.value) and "Amina" not in str(info.value)


def test_zip_that_is_not_a_docx(tmp_path: Path) -> None:
    bad = tmp_path / "fake.docx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("word/document.xml", SECRET)
    with pytest.raises(InputError) as info:
        extract_text(bad)
    assert str(info.value) == "cannot read the Word document (KeyError)"


def test_broken_xml_inside_docx(case_doc: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    with zipfile.ZipFile(case_doc) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]  # cut in the middle of text
            zout.writestr(item, data)
    with pytest.raises(InputError) as info:
        extract_text(bad)
    assert "Amina" not in str(info.value) and "Patel" not in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^the Word document does not exist \(no such file\)$"):
        read_docx(tmp_path / "nope.docx")


def test_refuses_to_overwrite_input(case_doc: Path) -> None:
    before = case_doc.read_bytes()
    with pytest.raises(OutputError):
        write_redacted_docx(case_doc, case_doc, [])
    assert case_doc.read_bytes() == before


def test_missing_output_folder_is_made(case_doc: Path, tmp_path: Path) -> None:
    """As for a text output: one atomic write makes the folder (and fails with a clear
    OutputError where a path component is a file)."""
    write_redacted_docx(case_doc, tmp_path / "no" / "such" / "o.docx", [])
    assert extract_text(tmp_path / "no" / "such" / "o.docx") == extract_text(case_doc)
    (tmp_path / "taken").write_text("a file")
    with pytest.raises(OutputError, match=r"^cannot write the output \("):
        write_redacted_docx(case_doc, tmp_path / "taken" / "o.docx", [])


@pytest.mark.parametrize("target", ["replace", "save"])
def test_failure_mid_write_leaves_nothing(case_doc: Path, tmp_path: Path, monkeypatch,
                                          target: str) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    if target == "replace":
        monkeypatch.setattr(docx_io.os, "replace", boom)
    else:
        monkeypatch.setattr(docx.document.Document, "save", boom)
    with pytest.raises(OutputError, match=r"^cannot write the output \(OSError\)$"):
        write_redacted_docx(case_doc, out_dir / "o.docx", name_edits(extract_text(case_doc)))
    assert list(out_dir.iterdir()) == []


def test_failure_keeps_existing_output(case_doc: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "o.docx"
    out.write_bytes(b"previous")
    monkeypatch.setattr(docx_io.os, "replace", lambda *a: (_ for _ in ()).throw(OSError()))
    with pytest.raises(OutputError):
        write_redacted_docx(case_doc, out, [])
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.docx", "o.docx"]


def test_os_module_is_patched_where_used() -> None:
    assert docx_io.os is os


# --------------------------------------------------------------------------- tracked changes


def test_moves_deleted_paragraph_marks_and_rows(tmp_path: Path) -> None:
    doc = docx.Document()
    body = doc.element.body
    body.insert(0, parse_xml(
        f'<w:p {NS}><w:moveFrom w:id="1" w:author="Amina Patel"><w:r><w:t>old place</w:t></w:r>'
        '</w:moveFrom><w:r><w:t>Kept</w:t></w:r><w:moveTo w:id="2" w:author="Amina Patel">'
        '<w:r><w:rPr><w:rPrChange w:id="5" w:author="Amina Patel"><w:rPr/></w:rPrChange></w:rPr>'
        '<w:t xml:space="preserve"> moved</w:t></w:r></w:moveTo></w:p>'))
    body.insert(1, parse_xml(
        f'<w:p {NS}><w:pPr><w:rPr><w:del w:id="3" w:author="Amina Patel"/></w:rPr></w:pPr>'
        '<w:r><w:t>joined </w:t></w:r></w:p>'))
    body.insert(2, parse_xml(f'<w:p {NS}><w:r><w:t>with next</w:t></w:r></w:p>'))
    body.insert(3, parse_xml(
        f'<w:tbl {NS}><w:tblGrid><w:gridCol/></w:tblGrid>'
        '<w:tr><w:tc><w:p><w:r><w:t>row kept</w:t></w:r></w:p></w:tc></w:tr>'
        '<w:tr><w:trPr><w:del w:id="4" w:author="Amina Patel"/></w:trPr>'
        '<w:tc><w:p><w:r><w:t>row gone</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'))
    src = tmp_path / "tracked.docx"
    doc.save(src)
    assert extract_text(src) == "Kept moved\njoined with next\nrow kept\n"
    out = tmp_path / "out.docx"
    write_redacted_docx(src, out, [])
    assert extract_text(out) == "Kept moved\njoined with next\nrow kept\n"
    xml = package_xml(out)["word/document.xml"]
    assert "Amina" not in xml and "move" not in xml.replace("moved", "") and "rPrChange" not in xml
