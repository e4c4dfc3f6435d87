"""The series letter mapping: a post-step over the placeholders a document was given.

``render.placeholders.assign`` letters each document afresh ("Person A" is whoever comes
first). This step maps each of the document's groups to the series' entity it names — by
its normalised name words, so "Amina Patel", "Mrs Patel" and "Amina" in three write-ups are
one client — and relabels it with that entity's series placeholder; a group the series has not
met takes the next free letter of its kind.

A group matches an entity when one of its forms holds all the words of one of the entity's
forms or the reverse ("patel" and "amina patel"); an exact form wins over a partial one, then
the most shared words, then the earlier letter. Two groups of one document never take the same
entity ("Mr Patel" and "Mrs Patel" stay two people if the document kept them apart).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Iterable

import regex

from ..render.entities import ENTITY_TYPES
from ..render.placeholders import LABEL, letters
from ..text.names import PARTICLES, name_tokens, strip_titles, title_words
from ..text.normalize import read
from ..text.spans import Span

_LABEL = regex.compile(LABEL)
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_STEMS = {t.label for t in ENTITY_TYPES.values() if t.clustered}
#: stems that may name the same entity across documents (a bare name met later as a person)
_FAMILY = {"Person": "Person", "Name": "Person"}


def digest(text: str) -> str:
    """The id of a redacted text inside the (encrypted) mapping."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def form_of(text: str, span: Span) -> tuple[str, ...]:
    """The words a mention is matched by, as detection read them, without titles."""
    if span.entity_type in ("PERSON", "NAME"):
        a, b = strip_titles(text, span.start, span.end)
        drop = title_words() | PARTICLES
        words = [t.lower() for t in name_tokens(read(text[a:b]).text)]
        words = [w for w in words if w not in drop] or words
    else:
        words = [w.lower() for w in _WORD.findall(read(text[span.start:span.end]).text)]
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
    return tuple(w.rstrip(".") for w in words if w.rstrip("."))


def _fits(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    pool = list(whole)
    for w in part:
        if w in pool:
            pool.remove(w)
        else:
            hit = next((p for p in pool if len(w) == 1 and p.startswith(w)), None)
            if hit is None:
                return False
            pool.remove(hit)
    return True


@dataclass
class Entity:
    """One entity of the series: its placeholder, the forms met, how to write it back."""

    label: str
    forms: set[tuple[str, ...]] = field(default_factory=set)
    surface: str = ""  # the fullest form as first written (for a restore without positions)

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "forms": sorted(list(f) for f in self.forms),
                "surface": self.surface}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> "Entity":
        return cls(str(raw["label"]), {tuple(f) for f in raw.get("forms", [])},
                   str(raw.get("surface", "")))

    @property
    def stem(self) -> str:
        return self.label.rsplit(" ", 1)[0]

    def score(self, forms: Iterable[tuple[str, ...]]) -> tuple[int, int]:
        """(exact, shared words) against a group's forms; (0, 0) if no form fits."""
        best = (0, 0)
        for f in forms:
            for g in self.forms:
                if f == g:
                    best = max(best, (1, len(f)))
                elif _fits(f, g) or _fits(g, f):
                    best = max(best, (0, len(set(f) & set(g)) or 1))
        return best


def _stem(label: str) -> str | None:
    stem, _, tail = label.rpartition(" ")
    return stem if stem in _STEMS and tail.isupper() and tail.isalpha() else None


def relabel(text: str, pairs: list[tuple[Span, str]], entities: list[Entity]
            ) -> tuple[list[tuple[Span, str]], list[Entity]]:
    """Give each labelled group of one document its series placeholder.

    ``pairs`` are (span, replacement) as ``assign`` made them; ``entities`` the series'
    entities (extended in place with newcomers and new forms). Returns the new pairs and the
    entities the document used.
    """
    groups: dict[str, list[int]] = {}
    for i, (span, rep) in enumerate(pairs):
        if ENTITY_TYPES[span.entity_type].clustered and _stem(rep):
            groups.setdefault(rep, []).append(i)
    taken = set(_LABEL.findall(text))  # labels the text itself holds name someone else
    used = {e.label for e in entities} | taken
    claimed: set[str] = set()
    new_label: dict[str, str] = {}
    order = sorted(groups, key=lambda rep: pairs[groups[rep][0]][0].start)
    for rep in order:
        idx = groups[rep]
        forms = {form_of(text, pairs[i][0]) for i in idx} - {()}
        family = _FAMILY.get(_stem(rep) or "", _stem(rep))
        scored = [(e.score(forms), e) for e in entities
                  if _FAMILY.get(e.stem, e.stem) == family and e.label not in claimed]
        scored = [(s, e) for s, e in scored if s != (0, 0)]
        if scored:
            entity = max(scored, key=lambda se: (se[0], -_order(se[1].label)))[1]
        else:
            n = 0
            while f"{_stem(rep)} {letters(n)}" in used:
                n += 1
            entity = Entity(f"{_stem(rep)} {letters(n)}")
            entities.append(entity)
            used.add(entity.label)
        fullest = max(idx, key=lambda i: (len(form_of(text, pairs[i][0])), -i))
        if not entity.surface or len(form_of(text, pairs[fullest][0])) > len(
                _WORD.findall(entity.surface)):
            s = pairs[fullest][0]
            a, b = strip_titles(text, s.start, s.end) if s.entity_type in ("PERSON", "NAME") \
                else (s.start, s.end)
            entity.surface = text[a:b] if a < b else text[s.start:s.end]
        entity.forms |= forms
        claimed.add(entity.label)
        new_label[rep] = entity.label
    members = _members(groups)
    out = [(s, new_label.get(r, r)) if i in members else (s, r)
           for i, (s, r) in enumerate(pairs)]
    return out, [e for e in entities if e.label in claimed]


def _members(groups: dict[str, list[int]]) -> set[int]:
    return {i for idx in groups.values() for i in idx}


def _order(label: str) -> int:
    tail = label.rsplit(" ", 1)[-1]
    n = 0
    for c in tail:
        n = n * 26 + (ord(c) - 64)
    return n


def positions(text: str, redacted: str, pairs: list[tuple[Span, str]]
              ) -> list[list[Any]] | None:
    """[start, end, label, original] in ``redacted`` for every series placeholder, or None if
    the redacted text does not line up with the pairs (then restore uses the canonical forms).
    """
    out: list[list[Any]] = []
    shift = 0
    for span, rep in sorted(pairs, key=lambda p: p[0].start):
        at = span.start + shift
        if redacted[at:at + len(rep)] != rep:
            return None
        if _stem(rep) and ENTITY_TYPES[span.entity_type].clustered:
            out.append([at, at + len(rep), rep, text[span.start:span.end]])
        shift += len(rep) - (span.end - span.start)
    return out
