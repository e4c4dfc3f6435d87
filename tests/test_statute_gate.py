"""detect.public.statute_titles searches a text only where STATUTE_GATE finds something: the
gate must be found in every text STATUTE matches (checked on every corpus write-up, and on
each of its paragraphs and lines), and the titles found stay the same."""

from __future__ import annotations

import json
from pathlib import Path

import regex

from balint_redact.detect import public

CORPUS = Path(__file__).parent / "corpus"


def _pieces() -> list[str]:
    texts = []
    for path in [CORPUS / "writeups.jsonl", *sorted(CORPUS.glob("blind/*/writeups.jsonl"))]:
        texts += [json.loads(line)["text"] for line in
                  path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pieces = set(texts)
    for text in texts:
        pieces.update(p for p in regex.split(r"\n[ \t]*\n", text) if p.strip())
        pieces.update(p for p in text.splitlines() if p.strip())
    return sorted(pieces)


def test_the_gate_is_found_wherever_a_statute_title_is() -> None:
    pieces = _pieces()
    matched = [p for p in pieces if public.STATUTE.search(p)]
    assert len(matched) > 20
    assert [p for p in matched if public.STATUTE_GATE.search(p) is None] == []


def test_titles_are_still_found_and_texts_without_the_gate_have_none() -> None:
    text = "We relied on the Homes (Fitness for Human Habitation) Act 2018 and Ms Patel."
    assert [text[a:b] for a, b in public.statute_titles(text, lambda w: w != "Patel")] == \
        ["Homes (Fitness for Human Habitation) Act 2018"]
    assert public.statute_titles("The Housing (Wales) Actor, Act2", lambda w: True) == []
    assert public.STATUTE_GATE.search("Housing (Wales) Actor") is None
