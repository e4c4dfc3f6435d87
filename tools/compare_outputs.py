"""Save or compare the redacted texts of the corpora, to show that a change to detection leaves
every output byte-identical (or to list which documents changed).

    python tools/compare_outputs.py --save /tmp/before.json       # on the old code
    python tools/compare_outputs.py --compare /tmp/before.json    # on the new code

By default only document ids and counts are printed; ``--show`` also prints the changed
lines (they are the corpus texts: fictional write-ups and a public judgment corpus).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# shared/ sits beside the repository (or beside the folder of worktrees)
_SHARED = next((d / "shared" for d in (REPO.parent, REPO.parent.parent)
                if (d / "shared").is_dir()), REPO.parent / "shared")
CORPORA = [REPO / "tests" / "corpus" / "writeups.jsonl",
           _SHARED / "data" / "inlegal-dev-a.jsonl"]


def corpus_texts(paths: list[Path]) -> dict[str, str]:
    """id → text for every document of the corpora that exist."""
    out: dict[str, str] = {}
    for path in paths:
        if not path.exists():
            print(f"note: {path} not found, skipped", file=sys.stderr)
            continue
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                if line.strip():
                    doc = json.loads(line)
                    out[f"{path.stem}:{doc.get('id', n)}"] = doc["text"]
    return out


def redact_all(texts: dict[str, str]) -> tuple[dict[str, str], float]:
    from balint_redact import Redactor

    redactor = Redactor(use_default_rules_file=False)
    ids = list(texts)
    started = time.perf_counter()
    done = redactor.redact_many([texts[i] for i in ids])
    return {i: r.text for i, r in zip(ids, done)}, time.perf_counter() - started


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the outputs to this JSON file")
    group.add_argument("--compare", type=Path, help="compare the outputs with this JSON file")
    ap.add_argument("--show", action="store_true", help="print the changed lines too")
    ap.add_argument("corpus", nargs="*", type=Path, help="JSONL corpora (default: both)")
    args = ap.parse_args()
    texts = corpus_texts(args.corpus or CORPORA)
    outputs, seconds = redact_all(texts)
    print(f"{len(texts)} documents, {sum(map(len, texts.values()))} characters, "
          f"redact_many {seconds:.2f} s")
    if args.save:
        args.save.write_text(json.dumps(outputs, ensure_ascii=False), encoding="utf-8")
        print(f"saved to {args.save}")
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    changed = [i for i in outputs if before.get(i) != outputs[i]]
    missing = [i for i in before if i not in outputs]
    print(f"{len(changed)} of {len(outputs)} outputs differ; {len(missing)} missing")
    for i in changed:
        print(f"  {i}")
        if args.show:
            for line in difflib.unified_diff(before.get(i, "").splitlines(),
                                             outputs[i].splitlines(), lineterm="", n=0):
                if not line.startswith(("---", "+++")):
                    print(f"    {line}")
    return 1 if changed or missing else 0


if __name__ == "__main__":
    sys.exit(main())
