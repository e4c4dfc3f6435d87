"""How many obfuscated identifiers get through: an attack matrix scored from the outside.

Each cell is one short write-up holding one identifier (a name, an email address, a phone
number, an NI number, a matter reference) written with one obfuscation (zero-width characters,
soft hyphens, NBSP between groups, fullwidth forms, Cyrillic look-alikes, HTML entities,
Markdown links and emphasis, right-to-left override, a hyphen across a line break, dotted or
spaced-out digits ...), in three sentence settings. A cell leaks when the identifier can be
read back from the redacted output by a reader who undoes the obfuscation: this script's own
undoing (NFKC, format characters dropped, entities resolved, look-alikes folded, markup and
separators dropped), written independently of the product's normaliser.

    python benchmarks/obfuscation.py            # prints leaks by obfuscation and by kind
    python benchmarks/obfuscation.py --show 5   # also the first cells that leak (local only)
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
import unicodedata
from collections import Counter
from typing import Callable

#: (kind, surface, what must not be readable afterwards)
IDENTIFIERS = [
    ("name", "Zebedee Quarrington", ["zebedee", "quarrington"]),
    ("email", "kestrel.wynd@example.org", ["kestrelwynd"]),
    ("phone", "07700 900123", ["07700900123"]),
    ("ni", "JC 12 34 56 A", ["jc123456a"]),
    ("reference", "our ref KB/2024/000123", ["kb2024000123"]),
]

SETTINGS = [
    "I met {x} at the office on Tuesday and we talked about the hearing.\n",
    "Notes for supervision\n\n- {x}\n- chase the bundle before the March hearing\n",
    "The letter was addressed to {x}, and I read it twice before I rang back.\n",
]

_CYR = {"A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О",
        "P": "Р", "T": "Т", "X": "Х", "a": "а", "e": "е", "o": "о", "p": "р", "c": "с",
        "x": "х", "i": "і", "J": "Ј"}
_FOLD = {v: k for k, v in _CYR.items()}


def _inside_words(x: str, mark: str) -> str:
    """A mark after the second character of every word of three or more characters."""
    return re.sub(r"(?<=\b\w\w)(?=\w)", mark, x, count=0) if mark else x


def _every_other(x: str, mark: str) -> str:
    return "".join(c + (mark if c.isalnum() and i % 2 else "") for i, c in enumerate(x))


def _entities(x: str) -> str:
    return "".join(f"&#{ord(c)};" if i % 2 and c.isalnum() else ("&nbsp;" if c == " " else c)
                   for i, c in enumerate(x))


def _cyrillic(x: str) -> str:
    return "".join(_CYR.get(c, c) for c in x)


def _fullwidth(x: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if ("0" <= c <= "9" or c == "/") else c for c in x)


def _emphasis(x: str) -> str:
    return re.sub(r"\b(\w\w)(\w\w)(\w+)", r"\1**\2**\3", x)


def _link(x: str) -> str:
    target = "mailto:" + x if "@" in x else "https://example.org/notes"
    return f"[{x}]({target})"


def _hyphen_break(x: str) -> str:
    return re.sub(r"(\w{3})(\w{3,})", r"\1-\n\2", x, count=1)


def _digits(x: str, sep: str) -> str:
    """Digit groups re-joined with ``sep`` between every digit (spaced-out or dotted)."""
    return re.sub(r"\d[\d ]*\d", lambda m: sep.join(m.group().replace(" ", "")), x)


_GROUP_GAP = re.compile(r"(?<=[A-Za-z0-9])[ /](?=\d)|(?<=\d)[ /](?=[A-Za-z0-9])")


def _groups(x: str, sep: str) -> str:
    """The gaps between the groups of a code (a space or a slash next to a digit) as ``sep``."""
    return _GROUP_GAP.sub(sep, x)


OBFUSCATIONS: dict[str, Callable[[str], str]] = {
    "plain": lambda x: x,
    "zero-width space": lambda x: _inside_words(x, "\u200b"),
    "zero-width joiner": lambda x: _every_other(x, "\u200d"),
    "word joiner": lambda x: _inside_words(x, "\u2060"),
    "soft hyphen": lambda x: _inside_words(x, "\u00ad"),
    "nbsp between groups": lambda x: x.replace(" ", "\u00a0"),
    "nnbsp between groups": lambda x: x.replace(" ", "\u202f"),
    "fullwidth digits and solidus": _fullwidth,
    "cyrillic look-alikes": _cyrillic,
    "html entities": _entities,
    "markdown link": _link,
    "mid-word emphasis": _emphasis,
    "right-to-left override": lambda x: "\u202e" + x[::-1] + "\u202c",
    "hyphen across line break": _hyphen_break,
    "dotted groups": lambda x: _groups(x, "."),
    "slashed groups": lambda x: _groups(x, "/"),
    "hyphenated groups": lambda x: _groups(x, "-"),
    "spaced-out digits": lambda x: _digits(x, " "),
    "dotted digits": lambda x: _digits(x, "."),
    "lower case": str.lower,
}


def undo(text: str) -> str:
    """What a determined reader recovers: letters and digits only, lower case."""
    text = html.unescape(text)
    text = re.sub(r"\u202e([^\u202c\n]*)\u202c?", lambda m: m.group(1)[::-1], text)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(_FOLD.get(c, c) for c in text if unicodedata.category(c) != "Cf")
    return "".join(c for c in text.lower() if c.isalnum())


def cells() -> list[tuple[str, str, int, str, list[str]]]:
    out = []
    for kind, surface, secrets in IDENTIFIERS:
        for name, fn in OBFUSCATIONS.items():
            for i, setting in enumerate(SETTINGS):
                out.append((kind, name, i, setting.format(x=fn(surface)), secrets))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=0, help="print up to N leaking cells (local)")
    args = ap.parse_args(argv)
    import balint_redact

    redactor = balint_redact.Redactor(use_default_rules_file=False)
    table = cells()
    t0 = time.perf_counter()
    outputs = redactor.redact_many([t for _, _, _, t, _ in table])
    secs = time.perf_counter() - t0
    by_obf: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    leaks = []
    for (kind, obf, i, text, secrets), out in zip(table, outputs):
        read = undo(out.text)
        if any(s in read for s in secrets):
            by_obf[obf] += 1
            by_kind[kind] += 1
            leaks.append((kind, obf, text, out.text))
    per = len(IDENTIFIERS) * len(SETTINGS)
    print(f"{'obfuscation':32} leaks (of {per})")
    for name in OBFUSCATIONS:
        print(f"{name:32} {by_obf[name]}")
    print("by kind: " + ", ".join(f"{k} {by_kind[k]}/{len(OBFUSCATIONS) * len(SETTINGS)}"
                                  for k, _, _ in IDENTIFIERS))
    for kind, obf, text, red in leaks[:args.show]:
        print(f"--- {kind} / {obf}\n{text!r}\n{red!r}")
    print(f"cells={len(table)} leaks={len(leaks)} secs={secs:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
