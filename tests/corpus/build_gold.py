"""Build the gold-standard evaluation corpus from inline-annotated sources.

Reads every ``src/*.md`` file (sorted by name), strips the ``[[surface|TYPE]]``
/ ``[[surface|TYPE|d]]`` / ``[[surface|TYPE|q]]`` markup while recording exact
character offsets, and writes ``writeups.jsonl`` next to this script: one JSON
object per document with ``id``, ``text`` and ``spans`` (``start``/``end`` are
Python string offsets into ``text``, end exclusive).  Standard library only.

Usage: python tests/corpus/build_gold.py [FOLDER]

FOLDER (default: this script's folder) holds ``src/`` and receives ``writeups.jsonl``; the
first-sight sets under ``blind/`` are built the same way.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent

TYPES: frozenset[str] = frozenset(
    {"PERSON", "ORG", "LOCATION", "ADDRESS", "DATE", "ID", "CONTACT", "AGE"}
)
DIRECT_BY_DEFAULT: frozenset[str] = frozenset({"PERSON", "ID", "CONTACT", "ADDRESS"})
FLAG_TO_DIRECT: dict[str, bool] = {"d": True, "q": False}

# Surface text may span a line break and may contain single brackets (e.g. a
# neutral citation "[2024] UKUT 211 (IAC)"), but never "[[", "]]" or "|".
MARKUP = re.compile(r"\[\[((?:(?!\[\[|\]\])[^|])+)\|([A-Z]+)(?:\|([a-z]))?\]\]")


def parse(source: str, name: str) -> tuple[str, list[dict[str, object]]]:
    """Strip the markup from *source*; return the plain text and its spans."""
    parts: list[str] = []
    spans: list[dict[str, object]] = []
    pos = 0  # position in source
    out_len = 0  # length of the text built so far
    for match in MARKUP.finditer(source):
        before = source[pos:match.start()]
        parts.append(before)
        out_len += len(before)
        surface, etype, flag = match.group(1), match.group(2), match.group(3)
        assert etype in TYPES, f"{name}: unknown type {etype!r} in {match.group(0)!r}"
        assert surface == surface.strip(), f"{name}: padded surface {surface!r}"
        if flag is None:
            direct = etype in DIRECT_BY_DEFAULT
        else:
            assert flag in FLAG_TO_DIRECT, f"{name}: bad flag {flag!r} in {match.group(0)!r}"
            direct = FLAG_TO_DIRECT[flag]
        spans.append(
            {
                "start": out_len,
                "end": out_len + len(surface),
                "type": etype,
                "direct": direct,
                "_surface": surface,
            }
        )
        parts.append(surface)
        out_len += len(surface)
        pos = match.end()
    parts.append(source[pos:])
    text = "".join(parts)

    assert "[[" not in text and "]]" not in text, f"{name}: leftover or malformed markup"
    previous_end = -1
    for span in spans:
        start, end = int(span["start"]), int(span["end"])  # type: ignore[arg-type]
        assert text[start:end] == span.pop("_surface"), f"{name}: offset mismatch at {start}"
        assert start >= previous_end, f"{name}: overlapping span at {start}"
        previous_end = end
    return text, spans


def doc_id(path: Path) -> str:
    """Map ``01-family-contact-dispute.md`` to ``writeup-01-family-contact-dispute``."""
    return f"writeup-{path.stem}"


def main(argv: list[str] | None = None) -> int:
    """Build ``writeups.jsonl`` and print a short summary."""
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0]).resolve() if argv else HERE
    src_dir, out_path = folder / "src", folder / "writeups.jsonl"
    sources = sorted(src_dir.glob("*.md"))
    assert sources, f"no sources found in {src_dir}"
    by_type: Counter[str] = Counter()
    n_chars = 0
    n_direct = 0
    with out_path.open("w", encoding="utf-8", newline="\n") as out:
        for path in sources:
            source = path.read_text(encoding="utf-8")
            text, spans = parse(source, path.name)
            n_chars += len(text)
            for span in spans:
                by_type[str(span["type"])] += 1
                n_direct += bool(span["direct"])
            record = {"id": doc_id(path), "text": text, "spans": spans}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    total = sum(by_type.values())
    print(f"documents: {len(sources)}")
    print(f"characters: {n_chars}")
    print(f"spans: {total} (direct {n_direct}, quasi {total - n_direct})")
    for etype, count in sorted(by_type.items()):
        print(f"  {etype:<8} {count}")
    print(f"wrote {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
