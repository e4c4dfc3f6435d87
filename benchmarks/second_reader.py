"""Measure the second reader against the redactor's real misses (run by hand, not a test).

For each gold write-up: redact it with the default Redactor, find the gold *direct* spans
whose distinctive words survive (the scoring's own notion of a miss), map each surviving
piece into the redacted text, and ask whether the second reader (balint_redact.confirm)
flags it. Prints, per corpus and overall:

* misses flagged: the share of real misses with an item of the reader on them (goal >= 95 %);
* items to confirm per write-up: distinct words (what a presenter answers once) and places
  (goal <= 5 distinct words on average).

Prints figures only (counts, ratios, reasons); ``--show`` also prints the unflagged misses
and the items with their text (local use only: it shows identifiers).

    python benchmarks/second_reader.py [--show] [--skip-stages a,b]
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from balint_redact import Redactor  # noqa: E402
from balint_redact.confirm.mapping import align, to_redacted  # noqa: E402
from balint_redact.confirm.reader import second_read  # noqa: E402
from balint_redact.evaluate.scoring import Scores, load_gold, score_document  # noqa: E402

CORPORA = [ROOT / "tests/corpus/writeups.jsonl",
           ROOT / "tests/corpus/blind/2026-12-01-a/writeups.jsonl"]
SET2 = Path("/work/blind/set2")


def corpora() -> list[Path]:
    out = list(CORPORA)
    if (SET2 / "FIRST-SIGHT-DONE").exists():
        out.append(SET2 / "writeups.jsonl")
    return out


def leaked_places(text: str, leaked: list[str]) -> list[tuple[int, int]]:
    """Where a miss's leaked words stand in the redacted text, when the miss itself was
    redacted but the same word survives elsewhere (the scoring counts that as a leak)."""
    return [m.span() for tok in leaked
            for m in re.finditer(rf"(?<!\w){re.escape(tok)}(?!\w)", text, re.I)]


def measure(redactor: Redactor, path: Path, show: bool) -> dict[str, float]:
    docs = load_gold(path)
    reds = redactor.redact_many([d.text for d in docs])
    misses = flagged = distinct = places = 0
    reasons: collections.Counter[str] = collections.Counter()
    for doc, red in zip(docs, reds):
        scores = Scores()
        spans = [(f.start, f.end) for f in red.findings]
        score_document(doc, red.text, spans, scores)
        items = second_read(red.text, original=doc.text, findings=red.findings)
        segments = align(doc.text, red.findings, red.text)
        places += len(items)
        distinct += len({(red.text[i.start:i.end].lower()) for i in items})
        reasons.update(i.reason for i in items)
        for miss in scores.misses:
            if not miss.direct:
                continue
            misses += 1
            pieces = to_redacted(segments, miss.start, miss.end) or \
                leaked_places(red.text, miss.leaked)
            hit = any(i.start < b and a < i.end for a, b in pieces for i in items)
            flagged += hit
            if show and not hit:
                print(f"  UNFLAGGED {doc.id} {miss.type}: {doc.text[miss.start:miss.end]!r}")
        if show:
            print(f"  {doc.id}: " + ", ".join(f"{red.text[i.start:i.end]!r}/{i.reason}"
                                             for i in items))
    n = len(docs)
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {n} write-ups, "
          f"{misses} real direct misses, {flagged} flagged "
          f"({100 * flagged / misses if misses else 100:.1f} %); to confirm per write-up: "
          f"{distinct / n:.2f} distinct words ({places / n:.2f} places)")
    print("  reasons: " + ", ".join(f"{k} {v}" for k, v in reasons.most_common()))
    return {"docs": n, "misses": misses, "flagged": flagged, "distinct": distinct,
            "places": places}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show", action="store_true", help="print texts (local only)")
    ap.add_argument("--skip-stages", default="", help="detection stages to switch off")
    args = ap.parse_args()
    skip = [s for s in args.skip_stages.split(",") if s]
    redactor = Redactor(skip_stages=skip, use_default_rules_file=False)
    total = collections.Counter()
    for path in corpora():
        total.update(measure(redactor, path, args.show))
    m = total["misses"]
    print(f"ALL: {total['docs']} write-ups; misses flagged {total['flagged']}/{m} "
          f"({100 * total['flagged'] / m if m else 100:.1f} %, goal >= 95 %); "
          f"to confirm per write-up {total['distinct'] / total['docs']:.2f} distinct words "
          f"(goal <= 5), {total['places'] / total['docs']:.2f} places")


if __name__ == "__main__":
    main()
