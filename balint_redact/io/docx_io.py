"""Word (.docx) input/output: extract all text with an offset map, write a redacted copy.

Self-contained: knows nothing about detection. The caller extracts text, decides on
``(start, end, replacement)`` edits in that text, and asks for a redacted copy::

    doc, dt = read_docx(Path("case.docx"))
    i = dt.text.find("Amina Patel")
    write_redacted_docx(Path("case.docx"), Path("out.docx"), [(i, i + 11, "[NAME]")])

Text comes from the body, tables (nested), headers/footers of every section,
footnotes, endnotes, comments, text boxes and every other WordprocessingML part.
Tracked changes are accepted in memory on read, so deleted text is never returned
and never written. Writing also scrubs metadata (core/app/custom properties,
comment and revision authors, people.xml, customXml, thumbnail, template path).
Error messages name the problem, never the file's path nor document text (a file name can
be a client's name): the caller knows which file it gave.

Hostile packages are refused before anything is parsed: a zip that would inflate past
:data:`MAX_PART_BYTES` a part or :data:`MAX_TOTAL_BYTES` in all, or a part inflating more
than :data:`MAX_RATIO` times (counted on the bytes actually inflated, not only on the sizes
the zip declares). XML that declares a DOCTYPE or entities (never written by Word; the way
into XXE, and an entity reference python-docx keeps unresolved would leave the output
invalid and the text after it unread) is refused too; no entity is ever resolved.
"""

from __future__ import annotations

import bisect
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from lxml import etree

from balint_redact.io import docx_text as dx
from balint_redact.errors import InputError, OutputError
from balint_redact.io.textio import atomic_write_bytes

__all__ = ["DocxText", "read_docx", "extract_text", "extract_text_from_bytes",
           "write_redacted_docx", "write_text_docx"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
#: how errors name the document (never by its path)
_DOC = "the Word document"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_APP_CT = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_EP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_DROP_PKG_RELS = {RT.CUSTOM_PROPERTIES, RT.THUMBNAIL}
_DROP_PART_RELS = {
    RT.CUSTOM_XML,
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate",
}
_PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                          huge_tree=True)
MB = 1024 * 1024
#: the most one part of a package may inflate to (lxml needs about 5 bytes a byte of XML)
MAX_PART_BYTES = 64 * MB
#: the most all parts together may inflate to
MAX_TOTAL_BYTES = 256 * MB
#: the most a part larger than RATIO_GRACE_BYTES may inflate, times its compressed size
#: (Word's XML compresses 5-20 times; deflate's own limit is about 1,000)
MAX_RATIO = 100
RATIO_GRACE_BYTES = 1 * MB
#: the most parts a package may have
MAX_PARTS = 10_000
_CHUNK = 1 * MB
#: characters XML 1.0 cannot hold (a form feed in a text file, a stray NUL) and carriage returns
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class DocxText:
    """All text of a document in reading order, one paragraph per line.

    >>> DocxText("Client: Amina Patel\\n")
    DocxText(<20 chars, 0 paragraphs>)
    """

    text: str
    _paragraphs: tuple[dx.Paragraph, ...] = field(default=(), repr=False, compare=False)
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    #: (part, parsed root) of parts python-docx keeps only as bytes (footnotes, ...)
    _blob_roots: tuple[tuple[Part, etree._Element], ...] = field(
        default=(), repr=False, compare=False
    )

    def __repr__(self) -> str:  # never put document text into logs or tracebacks
        return f"DocxText(<{len(self.text)} chars, {len(self._paragraphs)} paragraphs>)"


def _check_file(path: Path) -> bytes:
    name = _DOC
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name} does not exist (no such file)") from None
    except IsADirectoryError:
        raise InputError(f"{name} is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{name} cannot be read ({type(exc).__name__})") from None
    return _check_data(data)


def _check_data(data: bytes) -> bytes:
    name = _DOC
    if not data:
        raise InputError(f"{name} is an empty file")
    if data.startswith(_OLE_MAGIC):
        if "WordDocument".encode("utf-16-le") in data and b"E\x00n\x00c\x00r\x00y\x00p\x00t" not in data:
            raise InputError(f"{name} is in the legacy .doc format, save it as .docx first")
        raise InputError(f"{name} is password-protected or encrypted "
                         "(or another Office format, not .docx)")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError("the input is not a Word .docx document (not a zip package)")
    _check_inflated_sizes(data, name)
    return data


def _os_reason(exc: Exception) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or type(exc).__name__


def _bomb(name: str, what: str) -> InputError:
    return InputError(f"{name} was refused: {what} (a zip bomb?)")


def _check_inflated_sizes(data: bytes, name: str) -> None:
    """Refuse a package that would inflate too far: first by the sizes its central directory
    declares, then by inflating every part in chunks and counting (nothing is kept)."""
    part_mb, total_mb = MAX_PART_BYTES // MB, MAX_TOTAL_BYTES // MB

    def check(size: int, packed: int, total: int, verb: str) -> None:
        if size > MAX_PART_BYTES:
            raise _bomb(name, f"a part {verb} to more than {part_mb} MB")
        if size > max(RATIO_GRACE_BYTES, MAX_RATIO * packed):
            raise _bomb(name, f"a part {verb} more than {MAX_RATIO} times")
        if total > MAX_TOTAL_BYTES:
            raise _bomb(name, f"it {verb} to more than {total_mb} MB")

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_PARTS:
                raise InputError(f"{name} was refused: more than {MAX_PARTS} parts")
            # a declared size may lie: compressed data cannot be larger than the file
            packed = [min(i.compress_size, len(data)) for i in infos]
            total = 0
            for info, size in zip(infos, packed):
                total += info.file_size
                check(info.file_size, size, total, "would inflate")
            total = 0
            for info, size in zip(infos, packed):
                got = 0
                with zf.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        got += len(chunk)
                        total += len(chunk)
                        check(got, size, total, "inflates")
    except InputError:
        raise
    except Exception as exc:  # bad CRC, unsupported compression, encrypted member, ...
        raise InputError(f"cannot read {name} ({type(exc).__name__})") from None


def _refuse_dtd(root: etree._Element, name: str) -> None:
    """Word never writes a DOCTYPE; one here declares entities (XXE, or references that
    python-docx keeps unresolved and that would make the output invalid)."""
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None or \
            next(root.iter(etree.Entity), None) is not None:
        raise InputError(f"{name} was refused: its XML declares a DOCTYPE or entities "
                         "(Word never writes them)")


def _story_parts(doc: Document) -> list[Part]:
    """WordprocessingML parts holding text: body, headers/footers by section, the rest."""
    main = doc.part
    ordered: list[Part] = [main]
    for sect in main.element.iter(dx.qn("sectPr")):
        for ref in sect.iter(dx.qn("headerReference"), dx.qn("footerReference")):
            rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            part = main.rels[rid].target_part if rid in main.rels else None
            if part is not None and part not in ordered:
                ordered.append(part)
    rest = [p for p in main.package.iter_parts() if p not in ordered and
            p.content_type.startswith(_WML) and p.content_type.endswith("+xml")]
    return ordered + sorted(rest, key=lambda p: str(p.partname))


def _root_of(part: Part, blob_roots: dict[Part, etree._Element]) -> etree._Element:
    if isinstance(part, XmlPart):
        return part.element
    if part not in blob_roots:
        blob_roots[part] = etree.fromstring(part.blob, _PARSER)
    return blob_roots[part]


def _flush(blob_roots) -> None:
    for part, root in blob_roots:
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def read_docx(path: Path) -> tuple[Document, DocxText]:
    """Open ``path``, accept tracked changes in memory, and map all its text.

    Raises InputError for a missing, empty, corrupt, encrypted or non-docx file.

    >>> doc, dt = read_docx(Path("case.docx"))  # doctest: +SKIP
    >>> "Amina Patel" in dt.text  # doctest: +SKIP
    True
    """
    return _read_data(_check_file(Path(path)))


def _read_data(data: bytes) -> tuple[Document, DocxText]:
    try:
        doc = docx.Document(io.BytesIO(data))
        blob_roots: dict[Part, etree._Element] = {}
        for part in doc.part.package.iter_parts():  # every part parsed here or on writing
            if isinstance(part, XmlPart):
                _refuse_dtd(part.element, _DOC)
            elif part.content_type == _APP_CT:
                _refuse_dtd(_root_of(part, blob_roots), _DOC)
        paras: list[dx.Paragraph] = []
        pieces: list[str] = []
        offset = 0
        for part in _story_parts(doc):
            root = _root_of(part, blob_roots)
            _refuse_dtd(root, _DOC)
            dx.accept_tracked_changes(root)
            got, text = dx.paragraphs_of(root, offset)
            paras += got
            pieces += text
            offset += sum(map(len, text))
        _flush(blob_roots.items())
    except InputError:
        raise
    except Exception as exc:  # zip/XML/python-docx errors: name the type, never the content
        raise InputError(f"cannot read {_DOC} ({type(exc).__name__})") from None
    dt = DocxText("".join(pieces), tuple(paras), tuple(p.start for p in paras),
                  tuple(blob_roots.items()))
    return doc, dt


def extract_text(path: Path) -> str:
    """All text of the document at ``path`` (see :func:`read_docx`).

    >>> extract_text(Path("case.docx")).splitlines()[0]  # doctest: +SKIP
    'Client: Amina Patel'
    """
    return read_docx(path)[1].text


def extract_text_from_bytes(data: bytes) -> str:
    """All text of the Word document held in ``data`` (the same checks as a file).

    >>> extract_text_from_bytes(Path("case.docx").read_bytes())  # doctest: +SKIP
    'Client: Amina Patel\\n'
    """
    return _read_data(_check_data(data))[1].text


def _apply_edits(dt: DocxText, edits: list[tuple[int, int, str]]) -> None:
    ordered = sorted(edits, key=lambda e: (e[0], e[1]))
    prev_end = 0
    plan = []
    for start, end, replacement in ordered:
        if not (0 <= start <= end <= len(dt.text)) or start < prev_end:
            raise ValueError(f"edit ({start}, {end}) is out of range or overlaps another")
        i = bisect.bisect_right(dt._starts, start) - 1
        if i < 0 or end > dt._paragraphs[i].end:
            raise ValueError(f"edit ({start}, {end}) crosses a paragraph boundary")
        if plan and plan[-1][1] == plan[-1][2] == start:  # an insertion just before: merge
            replacement = plan.pop()[3] + replacement
        plan.append((dt._paragraphs[i], start, end, replacement))
        prev_end = end
    touched = []
    for para, start, end, replacement in reversed(plan):
        touched += dx.apply_edit(para, start, end, replacement)
    dx.drop_emptied(touched)  # after every edit: the offsets of the others stay valid


def _drop_rels(rels, reltypes: set[str]) -> None:
    for rid in [r.rId for r in rels.values() if r.reltype in reltypes]:
        del rels[rid]
        rels.related_parts.pop(rid, None)


#: the core properties of a Word document that can name someone: emptied in every output
METADATA_FIELDS = ("author", "last_modified_by", "title", "subject", "keywords", "comments",
                   "category", "identifier", "content_status", "version")


def _clean_metadata(doc: Document, dt: DocxText) -> None:
    cp = doc.core_properties
    for attr in METADATA_FIELDS:
        setattr(cp, attr, "")
    cp.revision = 1
    pkg = doc.part.package
    _drop_rels(pkg.rels, _DROP_PKG_RELS)
    blob_roots = dict(dt._blob_roots)
    for part in list(pkg.iter_parts()):
        _drop_rels(part.rels, _DROP_PART_RELS)
        ct = part.content_type
        if ct == _APP_CT:
            root = _root_of(part, blob_roots)
            for tag in ("Company", "Manager", "HyperlinkBase"):
                for el in root.iter(f"{{{_EP_NS}}}{tag}"):
                    el.text = ""
            for titles in root.iter(f"{{{_EP_NS}}}TitlesOfParts"):
                for el in titles.iter(f"{{{_VT_NS}}}lpstr"):
                    el.text = ""
        elif ct.startswith(_WML) and ct.endswith("+xml"):
            root = _root_of(part, blob_roots)
            if ct == _WML + "people+xml":
                dx.clear_children(root)
            dx.anonymise_authors(root)
            used = dx.referenced_rids(root)
            for rid in [r.rId for r in part.rels.values()
                        if r.reltype == RT.HYPERLINK and r.is_external and r.rId not in used]:
                del part.rels[rid]  # target of a link whose text was redacted
            dx.strip_data_bindings(root)
            dx.clear_children(root, {dx.qn("attachedTemplate"), dx.qn("docVars")})
    _flush(blob_roots.items())


def write_redacted_docx(path_in: Path, path_out: Path, edits: list[tuple[int, int, str]]) -> None:
    """Write a copy of ``path_in`` to ``path_out`` with ``edits`` applied and metadata scrubbed.

    ``edits`` are non-overlapping ``(start, end, replacement)`` offsets into
    ``read_docx(path_in)[1].text``; an edit may span several runs of one paragraph
    (the replacement takes the first run's formatting) but not a paragraph break
    (ValueError). The output is written atomically; on failure nothing is left behind.

    >>> text = extract_text(Path("in.docx"))  # doctest: +SKIP
    >>> i = text.find("Patel")  # doctest: +SKIP
    >>> write_redacted_docx(Path("in.docx"), Path("out.docx"), [(i, i + 5, "[NAME]")])  # doctest: +SKIP
    """
    path_in, path_out = Path(path_in), Path(path_out)
    if path_out.resolve() == path_in.resolve():
        raise OutputError("the output would overwrite the input; choose another output path")
    doc, dt = read_docx(path_in)
    _apply_edits(dt, edits)
    try:
        _clean_metadata(doc, dt)
    except Exception as exc:
        raise OutputError(f"cannot clean the metadata of {_DOC} "
                          f"({type(exc).__name__})") from None
    buffer = io.BytesIO()
    try:
        doc.save(buffer)
    except Exception as exc:
        raise OutputError(f"cannot write the output ({_os_reason(exc)})") from None
    # one path for every output: a private temporary file beside it, fsync, rename
    atomic_write_bytes(path_out, buffer.getvalue())


def write_text_docx(text: str, path_out: Path) -> None:
    """Write ``text`` as a new Word document: one paragraph a line (a tab stays a tab), no
    document properties (python-docx's template names an author). Written atomically.

    >>> write_text_docx("Mrs Person A rang.\\n", Path("out.docx"))  # doctest: +SKIP
    """
    doc = docx.Document()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final line break ends the last paragraph
    for line in lines:
        doc.add_paragraph(_XML_UNSAFE.sub("", line))
    cp = doc.core_properties
    for attr in METADATA_FIELDS:
        setattr(cp, attr, "")
    cp.revision = 1
    buffer = io.BytesIO()
    try:
        doc.save(buffer)
    except Exception as exc:
        raise OutputError(f"cannot write the output ({_os_reason(exc)})") from None
    atomic_write_bytes(Path(path_out), buffer.getvalue())
