"""XML-level helpers for the Word layer: text map, tracked changes, in-place edits.

Works on lxml elements only (no python-docx objects), so it is testable on its own.
A paragraph's text is the concatenation of its own runs' ``w:t`` (plus ``w:tab`` as
"\\t" and ``w:br``/``w:cr`` as "\\n"); paragraphs nested in text boxes are separate
paragraphs, never part of the paragraph that anchors the box.

>>> from lxml import etree
>>> p = etree.fromstring(f'<w:p xmlns:w="{W_NS}"><w:r><w:t>Am</w:t></w:r>'
...                      f'<w:r><w:t>ina</w:t></w:r></w:p>')
>>> para = build_paragraph(p, 0)
>>> drop_emptied(apply_edit(para, 0, 5, "[NAME]")); [t.text for t in p.iter(qn("t"))]
['[NAME]']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def qn(tag: str) -> str:
    """Clark name of a ``w:`` tag: ``qn("t") == "{...main}t"``."""
    return f"{{{W_NS}}}{tag}"


W_P, W_R, W_T = qn("p"), qn("r"), qn("t")
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_FIXED = {qn("tab"): "\t", qn("br"): "\n", qn("cr"): "\n", qn("noBreakHyphen"): "-"}

# tracked-change wrappers whose content is kept / dropped when changes are accepted
_UNWRAP = {qn("ins"), qn("moveTo")}
_DROP = {qn("del"), qn("moveFrom")}
_DROP_ALWAYS = {qn(t) for t in (
    "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "trPrChange",
    "tcPrChange", "tblGridChange", "numberingChange", "moveFromRangeStart", "moveFromRangeEnd",
    "moveToRangeStart", "moveToRangeEnd", "customXmlInsRangeStart", "customXmlInsRangeEnd",
    "customXmlDelRangeStart", "customXmlDelRangeEnd", "customXmlMoveFromRangeStart",
    "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd",
    "cellIns", "cellMerge")}


@dataclass(frozen=True)
class Segment:
    """``len(end - start)`` characters of text held by one element (``w:t`` or fixed)."""

    start: int
    end: int
    element: etree._Element
    is_text: bool


@dataclass(frozen=True)
class Paragraph:
    """One ``w:p``: its text spans ``[start, end)``; ``end`` is the separator's offset."""

    start: int
    end: int
    segments: tuple[Segment, ...]


def _own_paragraph(el: etree._Element) -> etree._Element | None:
    node = el.getparent()
    while node is not None and node.tag != W_P:
        node = node.getparent()
    return node


def build_paragraph(p: etree._Element, start: int) -> Paragraph:
    """Map the paragraph ``p``'s own text to segments starting at offset ``start``."""
    segments, pos = [], start
    for el in p.iter(W_T, *_FIXED):
        parent = el.getparent()
        if parent is None or parent.tag != W_R or _own_paragraph(el) is not p:
            continue  # tab-stop definitions, or text of a nested text-box paragraph
        text = (el.text or "") if el.tag == W_T else _FIXED[el.tag]
        segments.append(Segment(pos, pos + len(text), el, el.tag == W_T))
        pos += len(text)
    return Paragraph(start, pos, tuple(segments))


def paragraphs_of(root: etree._Element, start: int) -> tuple[list[Paragraph], list[str]]:
    """All text-holding paragraphs under ``root`` in document order, and their text pieces."""
    paras, pieces = [], []
    for p in root.iter(W_P):
        para = build_paragraph(p, start)
        if not para.segments:
            continue
        pieces.append("".join(_seg_text(s) for s in para.segments) + "\n")
        paras.append(para)
        start = para.end + 1
    return paras, pieces


def _seg_text(seg: Segment) -> str:
    return (seg.element.text or "") if seg.is_text else _FIXED[seg.element.tag]


def apply_edit(para: Paragraph, start: int, end: int, replacement: str
               ) -> list[etree._Element]:
    """Replace ``[start, end)`` of ``para`` (global offsets) in the XML.

    The replacement goes where the first covered ``w:t`` is (keeping its run's
    formatting); covered text of later runs is removed, and what follows the edit in
    those runs keeps their formatting. Apply a paragraph's edits from the last to the
    first so earlier offsets stay valid. Returns the ``w:t`` elements edited: once every
    edit is applied, :func:`drop_emptied` removes those left empty (and runs left with
    nothing in them).
    """
    if start == end:
        _insert(para, start, replacement)
        return []
    covered = [s for s in para.segments if s.start < end and s.end > start]
    touched = [s.element for s in covered if s.is_text]
    for seg in covered:
        _unlink_hyperlink(seg.element)
    placed = False
    for seg in covered:
        lo, hi = max(start, seg.start) - seg.start, min(end, seg.end) - seg.start
        if seg.is_text:
            text = seg.element.text or ""
            new = text[:lo] + (replacement if not placed else "") + text[hi:]
            placed = True
            seg.element.text = new
            seg.element.set(XML_SPACE, "preserve")
        else:
            if not placed:
                seg.element.addprevious(_new_t(replacement))
                placed = True
            parent = seg.element.getparent()
            parent.remove(seg.element)
            touched.append(parent)
    return touched


def _last_text_of_paragraph(el: etree._Element) -> bool:
    """Is ``el`` the only text its paragraph holds? (It stays, empty: a paragraph with no
    text at all would drop out of the text map, and its line with it.)"""
    p = _own_paragraph(el)
    if p is None:
        return False
    return all(seg.element is el for seg in build_paragraph(p, 0).segments)


#: what a run may hold and still be empty: its properties only
_RUN_PROPERTIES = qn("rPr")


def drop_emptied(elements: Iterable[etree._Element]) -> None:
    """Remove each edited ``w:t`` left without text, then each run (``w:r``) left with no
    content but its properties: a name split over runs leaves no empty runs behind. Runs
    holding anything else (a tab, a field, a drawing) stay."""
    runs = []
    for el in elements:
        if el.tag == W_T:
            run = el.getparent()
            if not el.text and run is not None and not _last_text_of_paragraph(el):
                run.remove(el)
        else:
            run = el
        if run is not None and run.tag == W_R:
            runs.append(run)
    for run in runs:
        parent = run.getparent()
        if parent is not None and all(c.tag == _RUN_PROPERTIES for c in run):
            parent.remove(run)


def _new_t(text: str) -> etree._Element:
    t = etree.Element(W_T)
    t.text = text
    t.set(XML_SPACE, "preserve")
    return t


def _insert(para: Paragraph, at: int, text: str) -> None:
    """A zero-length edit: insert ``text`` at offset ``at``."""
    if not text:
        return
    for seg in para.segments:
        if seg.start <= at <= seg.end:
            _unlink_hyperlink(seg.element)
            if seg.is_text:
                old = seg.element.text or ""
                seg.element.text = old[: at - seg.start] + text + old[at - seg.start:]
                seg.element.set(XML_SPACE, "preserve")
            elif at == seg.start:
                seg.element.addprevious(_new_t(text))
            else:
                seg.element.addnext(_new_t(text))
            return
    raise ValueError(f"no run to hold an insertion at offset {at}")


def _unlink_hyperlink(el: etree._Element) -> None:
    """An edited link loses its external target (a mailto: or URL may hold the identifier)."""
    node = el.getparent()
    while node is not None and node.tag != W_P:
        if node.tag == qn("hyperlink"):
            node.attrib.pop(f"{{{R_NS}}}id", None)
            node.attrib.pop(qn("tooltip"), None)
        node = node.getparent()


def referenced_rids(root: etree._Element) -> set[str]:
    """Every relationship id an ``r:`` attribute in ``root`` points to."""
    prefix = f"{{{R_NS}}}"
    return {v for el in root.iter() if isinstance(el.tag, str)
            for k, v in el.attrib.items() if k.startswith(prefix)}


def _unwrap(el: etree._Element) -> None:
    parent = el.getparent()
    idx = parent.index(el)
    for i, child in enumerate(list(el)):
        parent.insert(idx + i, child)
    parent.remove(el)


def _remove(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is not None:
        parent.remove(el)


def accept_tracked_changes(root: etree._Element) -> None:
    """Accept every revision in ``root``: keep insertions, drop deletions and moves-from."""
    for el in list(root.iter(*_DROP_ALWAYS)):
        _remove(el)
    for el in list(root.iter(*_DROP)):
        parent = el.getparent()
        if parent is None:
            continue
        if parent.tag == qn("rPr") and _grandparent_tag(el) == qn("pPr"):
            _merge_deleted_paragraph_mark(el)
        elif parent.tag == qn("trPr"):
            _remove(parent.getparent())  # a deleted table row
        elif parent.tag == qn("rPr") or parent.tag == qn("tcPr"):
            _remove(el)  # deletion marker on a run's mark / cell: nothing to keep
        else:
            _remove(el)
    for el in list(root.iter(*_UNWRAP)):
        parent = el.getparent()
        if parent is None:
            continue
        if parent.tag in (qn("rPr"), qn("trPr"), qn("tcPr")):
            _remove(el)  # insertion marker only
        else:
            _unwrap(el)


def _grandparent_tag(el: etree._Element) -> str | None:
    gp = el.getparent().getparent()
    return gp.tag if gp is not None else None


def _merge_deleted_paragraph_mark(marker: etree._Element) -> None:
    """A deleted paragraph mark joins this paragraph with the next one."""
    p = marker.getparent().getparent().getparent()
    _remove(marker)
    if p is None or p.tag != W_P:
        return
    nxt = p.getnext()
    if nxt is None or nxt.tag != W_P:
        return
    content = [c for c in p if c.tag != qn("pPr")]
    anchor = nxt.find(qn("pPr"))
    pos = 0 if anchor is None else nxt.index(anchor) + 1
    for i, child in enumerate(content):
        nxt.insert(pos + i, child)
    _remove(p)


def anonymise_authors(root: etree._Element, author: str = "Reviewer", initials: str = "R") -> None:
    """Replace every ``w:author`` / ``w:initials`` attribute (comments, revisions)."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if qn("author") in el.attrib:
            el.set(qn("author"), author)
        if qn("initials") in el.attrib:
            el.set(qn("initials"), initials)


def strip_data_bindings(root: etree._Element) -> None:
    """Drop content-control bindings to customXml parts (those parts are removed)."""
    for el in list(root.iter(qn("dataBinding"))):
        _remove(el)


def clear_children(root: etree._Element, tags: Iterable[str] | None = None) -> None:
    """Remove all children of ``root`` (or only those with one of ``tags``)."""
    wanted = set(tags) if tags is not None else None
    for child in list(root):
        if wanted is None or child.tag in wanted:
            root.remove(child)
