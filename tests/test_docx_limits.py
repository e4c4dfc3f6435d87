"""Hostile Word packages (issue 17, finding 9): zip bombs and XML entities.

The bombs are generated small on disk: their document.xml inflates to many megabytes. Each is
refused before python-docx parses it, with a one-line error and nothing written. A DOCTYPE
or entity in the XML is refused too, and no entity is ever resolved (an external entity
pointing at a FIFO would block on it).
"""

from __future__ import annotations

import errno
import io
import os
import random
import struct
import threading
import time
import zipfile
from pathlib import Path

import docx
import pytest

from balint_redact.io import docx_io
from balint_redact.io.docx_io import extract_text, read_docx, write_redacted_docx
from balint_redact.errors import InputError

from conftest import tree_bytes

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PARAGRAPH = b"<w:p><w:r><w:t>" + b"Amina Patel rang. " * 50 + b"</w:t></w:r></w:p>"
MB = 1024 * 1024


def _plain_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("I met my client Mrs Amina Patel at court.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _rewrite(target: Path, replace: dict[str, bytes] | None = None,
             stream: tuple[str, int] | None = None) -> Path:
    """A copy of a small real document with some parts replaced, or one part streamed as
    ``size`` bytes of paragraphs (deflated as it is written: small on disk)."""
    replace = replace or {}
    with zipfile.ZipFile(io.BytesIO(_plain_docx())) as zin, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if stream and item.filename == stream[0]:
                with zout.open(item.filename, "w") as fh:
                    fh.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}>'
                             '<w:body>'.encode())
                    block = PARAGRAPH * (MB // len(PARAGRAPH))
                    for _ in range(stream[1] // len(block)):
                        fh.write(block)
                    fh.write(b"</w:body></w:document>")
            else:
                zout.writestr(item.filename, replace.get(item.filename,
                                                         zin.read(item.filename)))
    return target


def _refused(cli, work: Path, name: str, phrase: str) -> None:
    """The CLI refuses the file with one Error line and writes nothing."""
    before = tree_bytes(work)
    result = cli("redact", name, "-o", "out.docx")
    assert result.exit_code == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and phrase in lines[0], lines
    assert "Amina" not in result.stderr and "Patel" not in result.stderr
    assert name not in result.stderr and Path(name).stem not in result.stderr
    assert tree_bytes(work) == before


# --- zip bombs -------------------------------------------------------------------------------------

def test_ratio_bomb_is_refused_before_parsing(tmp_path: Path, monkeypatch) -> None:
    """40 MB of XML from a file of a few hundred KB: refused by its compression ratio,
    without python-docx ever being asked to open it."""
    bomb = _rewrite(tmp_path / "bomb.docx", stream=("word/document.xml", 40 * MB))
    assert bomb.stat().st_size < 1 * MB
    opened = []
    monkeypatch.setattr(docx, "Document", lambda *a, **k: opened.append(1))
    with pytest.raises(InputError, match=r"^the Word document was refused: a part would "
                                         r"inflate more than 100 times \(a zip bomb\?\)$"):
        read_docx(bomb)
    assert opened == []


def test_ratio_bomb_cli_writes_nothing(cli, isolated: Path) -> None:
    _rewrite(isolated / "hearing.docx", stream=("word/document.xml", 20 * MB))
    _refused(cli, isolated, "hearing.docx", "the Word document was refused: a part would inflate "
                                         "more than 100 times (a zip bomb?)")


def test_part_and_total_limits(tmp_path: Path, monkeypatch) -> None:
    """Sizes past the limits are refused even at an ordinary ratio (limits lowered here so
    the bombs stay small)."""
    bomb = _rewrite(tmp_path / "big.docx", stream=("word/document.xml", 3 * MB))
    monkeypatch.setattr(docx_io, "MAX_RATIO", 10 ** 6)
    monkeypatch.setattr(docx_io, "MAX_PART_BYTES", 2 * MB)
    with pytest.raises(InputError, match="a part would inflate to more than 2 MB"):
        read_docx(bomb)
    monkeypatch.setattr(docx_io, "MAX_PART_BYTES", 4 * MB)
    monkeypatch.setattr(docx_io, "MAX_TOTAL_BYTES", 3 * MB)
    with pytest.raises(InputError, match="it would inflate to more than 3 MB"):
        read_docx(bomb)
    monkeypatch.setattr(docx_io, "MAX_TOTAL_BYTES", 8 * MB)
    assert extract_text(bomb).startswith("Amina Patel rang.")  # within the limits: read


def test_too_many_parts(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(docx_io, "MAX_PARTS", 20)
    extra = {f"extra/item{i}.xml": b"<a/>" for i in range(30)}
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(io.BytesIO(_plain_docx())) as zin, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, zin.read(item.filename))
        for name, data in extra.items():
            zout.writestr(name, data)
    with pytest.raises(InputError, match="^the Word document was refused: more than 20 parts$"):
        read_docx(path)


def _understate(path: Path, member: str, size: int) -> None:
    """Make the zip's central directory declare ``size`` as the inflated size of ``member``,
    as a bomb hiding from a size check would."""
    data = bytearray(path.read_bytes())
    eocd = data.rfind(b"PK\x05\x06")
    count, _, offset = struct.unpack_from("<HII", data, eocd + 10)
    for _ in range(count):
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, offset + 28)
        if bytes(data[offset + 46:offset + 46 + name_len]) == member.encode():
            struct.pack_into("<I", data, offset + 24, size)
        offset += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))


def test_understated_sizes_are_refused(cli, isolated: Path) -> None:
    """A zip that declares a small size for a big part is not inflated past what it
    declares: it fails its checksum and is refused, nothing written."""
    bomb = _rewrite(isolated / "liar.docx", stream=("word/document.xml", 20 * MB))
    _understate(bomb, "word/document.xml", 4096)
    with zipfile.ZipFile(bomb) as zf:
        assert zf.getinfo("word/document.xml").file_size == 4096
    with pytest.raises(InputError, match=r"^cannot read the Word document \(BadZipFile\)$"):
        read_docx(bomb)
    _refused(cli, isolated, "liar.docx", "cannot read the Word document (BadZipFile)")


def test_ordinary_large_document_is_read(tmp_path: Path) -> None:
    """A real-looking document of a few MB (varied words: an ordinary ratio) is not refused."""
    rng = random.Random(3)
    words = ["client", "hearing", "court", "rang", "landlord", "Leeds", "tribunal", "notes",
             "appeal", "said", "that", "she", "the", "and", "report", "on", "Monday"]
    d = docx.Document()
    for i in range(6000):
        d.add_paragraph(" ".join(rng.choice(words) for _ in range(40)) + f" {i}.")
    path = tmp_path / "long.docx"
    d.save(path)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("word/document.xml")
    assert info.file_size > docx_io.RATIO_GRACE_BYTES
    assert extract_text(path).count("\n") == 6000


# --- DOCTYPE and entities --------------------------------------------------------------------------

def _with_doctype(xml: bytes, doctype: str, text: str | None = None) -> bytes:
    s = xml.decode("utf-8")
    i = s.index("?>") + 2
    s = s[:i] + doctype + s[i:]
    if text is not None:
        s = s.replace("I met my client Mrs Amina Patel at court.", text)
    return s.encode("utf-8")


def _document_xml() -> bytes:
    with zipfile.ZipFile(io.BytesIO(_plain_docx())) as zf:
        return zf.read("word/document.xml")


class _FifoWatch:
    """A FIFO that records whether anything opened it for reading (and then feeds it a
    canary, so a parser resolving an entity from it does not block)."""

    def __init__(self, path: Path) -> None:
        os.mkfifo(path)
        self.path, self.opened, self._stop = path, False, threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.is_set():
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:
                    raise
                time.sleep(0.001)
                continue
            self.opened = True
            os.write(fd, b"Zebedee Quarrington")
            os.close(fd)

    def stop(self) -> bool:
        self._stop.set()
        self._thread.join(5)
        return self.opened


@pytest.mark.parametrize("kind", ["general", "parameter", "external-subset", "internal"])
def test_entities_are_refused_and_never_resolved(tmp_path: Path, kind: str) -> None:
    fifo = _FifoWatch(tmp_path / "secret")
    url = f"file://{fifo.path}"
    doctype, text = {
        "general": (f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "{url}">]>', "Client &x; Patel."),
        "parameter": (f'<!DOCTYPE w:document [<!ENTITY % p SYSTEM "{url}"> %p;]>', None),
        "external-subset": (f'<!DOCTYPE w:document SYSTEM "{url}">', None),
        "internal": ('<!DOCTYPE w:document [<!ENTITY n "Amina Patel">]>', "Client &n; rang."),
    }[kind]
    bad = _rewrite(tmp_path / "xxe.docx",
                   replace={"word/document.xml": _with_doctype(_document_xml(), doctype, text)})
    try:
        with pytest.raises(InputError, match=r"^the Word document was refused: its XML declares a DOCTYPE or entities "
                                         r"\(Word never writes them\)$"):
            read_docx(bad)
        with pytest.raises(InputError):
            write_redacted_docx(bad, tmp_path / "out.docx", [])
    finally:
        resolved = fifo.stop()
    assert not resolved, "an external entity was fetched"
    assert not (tmp_path / "out.docx").exists()


def test_entity_in_document_cli_writes_nothing(cli, isolated: Path) -> None:
    """Before: exit 0, a document.xml holding `&n;` with no definition (Word refuses to open
    it), and the text after the reference never read, so "Patel" went out unredacted."""
    xml = _with_doctype(_document_xml(), '<!DOCTYPE w:document [<!ENTITY n "x">]>',
                        "Mrs Amina &n; Patel rang.")
    _rewrite(isolated / "xxe.docx", replace={"word/document.xml": xml})
    _refused(cli, isolated, "xxe.docx", "the Word document was refused: its XML declares a "
                                        "DOCTYPE")


def test_entity_in_app_properties_is_refused(tmp_path: Path) -> None:
    """docProps/app.xml is parsed on writing (its company and manager are cleared)."""
    with zipfile.ZipFile(io.BytesIO(_plain_docx())) as zf:
        app = zf.read("docProps/app.xml")
    bad = _rewrite(tmp_path / "app.docx", replace={"docProps/app.xml": _with_doctype(
        app.replace(b"</Properties>", b"<Company>&c;</Company></Properties>"),
        '<!DOCTYPE Properties [<!ENTITY c "Patel LLP">]>')})
    with pytest.raises(InputError, match="declares a DOCTYPE"):
        write_redacted_docx(bad, tmp_path / "out.docx", [])
    assert not (tmp_path / "out.docx").exists()
