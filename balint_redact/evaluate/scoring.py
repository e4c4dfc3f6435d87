"""Measure redaction on a gold corpus: recall (direct / quasi / by type), documents with no
direct leak, precision of what was redacted, and retention of ordinary words.

A gold mention counts as caught only when none of its distinctive tokens (names, numbers;
titles and generic words such as "Ltd" aside) survives in the output more often than the same
word occurs in the original outside gold spans — the same rule as the shared outside scorer.

Gold format, one JSON document a line::

    {"id": "doc-1", "text": "...", "spans": [{"start": 0, "end": 5, "type": "PERSON",
                                              "direct": true}]}

>>> doc = GoldDoc("d", "Amina rang.", [GoldSpan(0, 5, "PERSON", True)])
>>> score_corpus([doc], {"d": "Person A rang."}, {"d": []}).direct_recall
1.0
"""

from __future__ import annotations

import collections
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import regex

from ..errors import InputError
from ..text.wordlists import word_list

TOKEN = regex.compile(r"[^\W_]+(?:['’][^\W_]+)*")
TITLES = word_list("score_titles")
GENERIC_ORG = word_list("score_generic_words")
STOP = word_list("score_stop_words")


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    type: str
    direct: bool


@dataclass(frozen=True)
class GoldDoc:
    id: str
    text: str
    spans: list[GoldSpan]


def load_gold(path: Path) -> list[GoldDoc]:
    """Read a gold JSONL file; malformed lines are an InputError naming the line (the file is
    named by its role, "the gold file": its path may hold a name)."""
    docs = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError("the gold file does not exist (no such file)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"the gold file cannot be read ({type(exc).__name__})") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            text = raw["text"]
            spans = [GoldSpan(int(s["start"]), int(s["end"]), str(s["type"]),
                              bool(s.get("direct", True))) for s in raw.get("spans", [])]
            if not isinstance(text, str) or any(not 0 <= s.start < s.end <= len(text)
                                                for s in spans):
                raise ValueError
        except (ValueError, KeyError, TypeError):
            raise InputError(f"the gold file: line {n} is not a gold document "
                             "({id, text, spans: [{start, end, type, direct}]})") from None
        docs.append(GoldDoc(str(raw.get("id", f"line-{n}")), text, spans))
    if not docs:
        raise InputError("the gold file has no documents")
    return docs


def distinctive(span_text: str, span_type: str) -> list[str]:
    out = []
    for t in TOKEN.findall(span_text):
        low = t.lower()
        if low in TITLES:
            continue
        if span_type in ("ORG", "ADDRESS", "LOCATION") and low in GENERIC_ORG:
            continue
        if len(t) == 1 and not t.isdigit():
            continue
        out.append(t)
    return out


def _count(text: str) -> collections.Counter[str]:
    return collections.Counter(t.lower() for t in TOKEN.findall(text))


def _outside(text: str, spans: Iterable[GoldSpan]) -> str:
    keep, pos = [], 0
    for s in sorted(spans, key=lambda s: s.start):
        if s.start > pos:
            keep.append(text[pos:s.start])
        pos = max(pos, s.end)
    keep.append(text[pos:])
    return " ".join(keep)


@dataclass
class Miss:
    doc_id: str
    type: str
    direct: bool
    start: int
    end: int
    leaked: list[str]


@dataclass
class Scores:
    documents: int = 0
    direct: list[int] = field(default_factory=lambda: [0, 0])  # [mentions, caught]
    quasi: list[int] = field(default_factory=lambda: [0, 0])
    by_type: dict[str, list[int]] = field(default_factory=dict)
    clean_docs: int = 0
    retention_total: int = 0
    retention_kept: int = 0
    redacted_chars: int = 0
    redacted_in_gold: int = 0
    misses: list[Miss] = field(default_factory=list)

    @staticmethod
    def _ratio(pair: list[int]) -> float | None:
        return round(pair[1] / pair[0], 4) if pair[0] else None

    @property
    def direct_recall(self) -> float | None:
        return self._ratio(self.direct)

    @property
    def quasi_recall(self) -> float | None:
        return self._ratio(self.quasi)

    @property
    def clean_doc_rate(self) -> float | None:
        return round(self.clean_docs / self.documents, 4) if self.documents else None

    @property
    def retention(self) -> float | None:
        return self._ratio([self.retention_total, self.retention_kept])

    @property
    def precision(self) -> float | None:
        return self._ratio([self.redacted_chars, self.redacted_in_gold])

    def to_dict(self, show_misses: bool = False, texts: dict[str, str] | None = None
                ) -> dict[str, Any]:
        out: dict[str, Any] = {
            "documents": self.documents,
            "direct_recall": self.direct_recall, "direct_mentions": self.direct[0],
            "quasi_recall": self.quasi_recall, "quasi_mentions": self.quasi[0],
            "clean_doc_rate": self.clean_doc_rate,
            "precision": self.precision,
            "retention": self.retention,
            "by_type": {t: {"recall": self._ratio(v), "mentions": v[0]}
                        for t, v in sorted(self.by_type.items())},
        }
        if show_misses:
            out["misses"] = [
                {"id": m.doc_id, "type": m.type, "direct": m.direct, "start": m.start,
                 "end": m.end, **({"text": texts[m.doc_id][m.start:m.end]} if texts else {})}
                for m in self.misses]
        return out


def score_document(doc: GoldDoc, output: str, redacted: list[tuple[int, int]],
                   scores: Scores) -> None:
    """Add one document's figures to ``scores``."""
    out_counts = _count(output)
    bg_counts = _count(_outside(doc.text, doc.spans))
    per_span = [(s, [t.lower() for t in distinctive(doc.text[s.start:s.end], s.type)])
                for s in doc.spans]
    budget: dict[str, int] = {}
    for _, toks in per_span:
        for t in toks:
            budget[t] = max(0, out_counts[t] - bg_counts[t])
    clean = True
    for s, toks in per_span:
        if not toks:
            continue
        leaked = []
        for t in toks:
            if budget.get(t, 0) > 0:
                budget[t] -= 1
                leaked.append(t)
        ok = not leaked
        bucket = scores.direct if s.direct else scores.quasi
        bucket[0] += 1
        bucket[1] += ok
        per_type = scores.by_type.setdefault(s.type, [0, 0])
        per_type[0] += 1
        per_type[1] += ok
        if not ok:
            scores.misses.append(Miss(doc.id, s.type, s.direct, s.start, s.end, leaked))
            if s.direct:
                clean = False
    scores.documents += 1
    scores.clean_docs += clean
    bg = {w: n for w, n in bg_counts.items() if len(w) >= 3 and not w.isdigit() and w not in STOP}
    scores.retention_total += sum(bg.values())
    scores.retention_kept += sum(min(n, out_counts[w]) for w, n in bg.items())
    in_gold = [False] * len(doc.text)
    for s in doc.spans:
        for i in range(s.start, s.end):
            in_gold[i] = True
    for a, b in redacted:
        for i in range(a, min(b, len(doc.text))):
            if not doc.text[i].isspace():
                scores.redacted_chars += 1
                scores.redacted_in_gold += in_gold[i]


def score_corpus(docs: list[GoldDoc], outputs: dict[str, str],
                 redacted: dict[str, list[tuple[int, int]]]) -> Scores:
    scores = Scores()
    for doc in docs:
        score_document(doc, outputs[doc.id], redacted.get(doc.id, []), scores)
    return scores


def evaluate(redactor: Any, docs: list[GoldDoc], batch: int = 64) -> Scores:
    """Redact every gold document with ``redactor`` and score the outputs."""
    outputs: dict[str, str] = {}
    redacted: dict[str, list[tuple[int, int]]] = {}
    for i in range(0, len(docs), batch):
        part = docs[i:i + batch]
        for doc, red in zip(part, redactor.redact_many([d.text for d in part])):
            outputs[doc.id] = red.text
            redacted[doc.id] = [(f.start, f.end) for f in red.findings]
    return score_corpus(docs, outputs, redacted)
