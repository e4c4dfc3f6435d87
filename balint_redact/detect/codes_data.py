"""The data of the ``codes`` stage (models/codes.toml), read and compiled once: what explains
a code as public or ordinary, the labels that make what follows them an identifier, and the
shapes that name an identifier's kind. A missing or broken file fails closed.

>>> data = codes_data()
>>> data.explain("2019", "in ", " the").name
'year'
>>> data.explain("4417", "car ", " was") is None
True
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any, Callable

import regex

from ..errors import DetectionError
from ..rules.validators import VALIDATORS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: how far before a code its explanations and labels look
WINDOW = 60
#: link words allowed between a label and its code ("ref: ", "number is", "no. -")
_LINK = r"(?:[ \t]*(?:[:#=*]{1,3}|\((?i:s)\)|(?i:is|was|of|reads|were|number|no)\b\.?))?"

_COMPACT = regex.compile(r"[\s.\-–]")


@dataclass(frozen=True)
class Explanation:
    """One reason a code is public or ordinary, and how strong a label it survives."""

    name: str
    reason: str
    strength: int
    token: Any = None
    before: Any = None
    after: Any = None
    #: the words it matches are public text (a citation of an authority)
    public: bool = False

    def applies(self, code: str, left: str, right: str) -> bool:
        if self.token is not None and not self.token.fullmatch(code):
            return False
        return self.applies_around(left, right)

    def applies_around(self, left: str, right: str) -> bool:
        """``applies`` less the test of the code's own shape (for a code that fits it)."""
        if self.before is not None and not self.before.search(left):
            return False
        return self.after is None or self.after.match(right) is not None

    def public_start(self, code: str, left: str) -> int | None:
        """Where in ``left`` the public text this explanation matched begins."""
        m = self.before.search(left) if self.before is not None else None
        return None if m is None else m.start()


@dataclass(frozen=True)
class Label:
    """Words that make the code after them an identifier of ``entity``."""

    entity: str
    strength: int
    pattern: Any  # ends where the code starts
    words: frozenset[str]


@dataclass(frozen=True)
class Kind:
    """A shape (of the code without spaces, dots and hyphens, upper-cased) that names an
    identifier's type, if its validator (when it has one) accepts the code as written."""

    name: str
    entity: str
    shape: Any
    check: Callable[[str], bool] | None

    def fits(self, code: str, compact: str) -> bool:
        if not self.shape.fullmatch(compact):
            return False
        return self.check is None or self.check(code)


@dataclass(frozen=True)
class CodesData:
    """The compiled data: explanations (in order), labels, kinds and the word lists."""

    explanations: tuple[Explanation, ...]
    labels: tuple[Label, ...]
    kinds: tuple[Kind, ...]
    numbered: frozenset[str]
    prefix_stop: frozenset[str]

    def explain(self, code: str, left: str, right: str, strength: int = 0,
                first: bool = True) -> Explanation | None:
        """An explanation of ``code`` between ``left`` and ``right`` of at least ``strength``
        (a public one if any holds, else the first in the data's order; with ``first=False``
        the cheapest to find, for when only whether one exists matters), or None."""
        fits = self._fitting(code)
        for e in (self._ordered if first else self._cheap)[min(strength, 2)]:
            if id(e) in fits and e.applies_around(left, right):
                return e
        return None

    @cached_property
    def _fitting(self) -> Callable[[str], frozenset[int]]:
        """The ids of the explanations whose token fits a code, kept for the last codes seen:
        a code is explained two or three times over (bare, after its label, as a part of a
        longer one) and the same codes come back ("1", "2019": a quarter of the codes of
        the corpus are new), so its 38 token tests are run once, not on every call."""

        @lru_cache(maxsize=4096)
        def fitting(code: str) -> frozenset[int]:
            return frozenset(id(e) for e in self.explanations
                             if e.token is None or e.token.fullmatch(code))

        return fitting

    @cached_property
    def named(self) -> dict[str, Explanation]:
        """The explanations by name (the first of each name, as the data lists them)."""
        out: dict[str, Explanation] = {}
        for e in self.explanations:
            out.setdefault(e.name, e)
        return out

    # the public explanations (citations) are always tried first, so that what is taken
    # for public text never depends on whether reasons are asked for
    @cached_property
    def _ordered(self) -> tuple[tuple[Explanation, ...], ...]:
        return tuple(tuple(sorted((e for e in self.explanations if e.strength >= s),
                                  key=lambda e: not e.public)) for s in range(3))

    @cached_property
    def _cheap(self) -> tuple[tuple[Explanation, ...], ...]:
        return tuple(tuple(sorted(level, key=lambda e: (not e.public, (e.before is not None)
                                                        + (e.after is not None))))
                     for level in self._ordered)

    def label(self, left: str) -> tuple[Label, int] | None:
        """The label ending ``left`` (the strongest) and where in ``left`` it starts."""
        return self._last_label(left)

    @cached_property
    def _last_label(self) -> Callable[[str], tuple[Label, int] | None]:
        # the label before a code is asked for again at once (its run, then its decision):
        # 8,100 of the 18,700 look-ups a MB, three reverse searches each
        return lru_cache(maxsize=8)(self._find_label)

    def _find_label(self, left: str) -> tuple[Label, int] | None:
        best: tuple[Label, int] | None = None
        for lab in self.labels:
            m = lab.pattern.search(left)
            if m and (best is None or lab.strength > best[0].strength):
                best = (lab, m.start())
        return best

    def kind(self, code: str) -> Kind | None:
        compact = _COMPACT.sub("", code).upper()
        for k in self.kinds:
            if k.fits(code, compact):
                return k
        return None


def _compile(src: str, what: str) -> Any:
    try:
        return regex.compile(src, regex.VERSION0)
    except regex.error:
        raise DetectionError(f"detection data models/codes.toml: {what}: invalid regex; "
                             "reinstall balint-redact. Nothing was redacted.") from None


def _label_pattern(words: list[str], what: str) -> Any:
    """A pattern for any of ``words`` (spaces inside them any run of blanks), then link words,
    ending where the code starts."""
    alts = sorted({w.lower().rstrip(".") for w in words}, key=lambda w: (-len(w), w))
    body = "|".join(r"[ \t]+".join(regex.escape(p) for p in w.split()) for w in alts)
    # matched backwards from the code (reverse mode): one attempt, wherever the text begins
    return _compile(rf"(?r)(?<![\p{{L}}\p{{N}}])(?i:{body})\.?{_LINK}{_LINK}"
                    rf"[ \t]*(?:[-–][ \t]*)?\Z", what)


def parse(data: dict[str, Any]) -> CodesData:
    """The compiled form of the codes data (a dict read from models/codes.toml)."""
    explanations = []
    for e in data.get("explain", []):
        name = e["name"]
        explanations.append(Explanation(
            name, e["reason"], int(e.get("strength", 0)),
            _compile(e["token"], name) if "token" in e else None,
            _compile(rf"(?r)(?:{e['before']})\Z", name) if "before" in e else None,
            _compile(e["after"], name) if "after" in e else None,
            bool(e.get("public", False))))
    labels = tuple(Label(lab["entity"], int(lab.get("strength", 1)),
                         _label_pattern(lab["words"], f"label {i}"),
                         frozenset(w.lower().rstrip(".") for w in lab["words"]))
                   for i, lab in enumerate(data.get("label", [])))
    kinds = []
    for k in data.get("type", []):
        check = None
        if "validator" in k:
            if k["validator"] not in VALIDATORS:
                raise DetectionError("detection data models/codes.toml: unknown validator; "
                                     "reinstall balint-redact. Nothing was redacted.")
            check = VALIDATORS[k["validator"]]
        kinds.append(Kind(k["name"], k["entity"], _compile(k["shape"], k["name"]), check))
    return CodesData(tuple(explanations), labels, tuple(kinds),
                     frozenset(w.lower() for w in data.get("numbered", {}).get("words", [])),
                     frozenset(w.lower() for w in data.get("prefix", {}).get("stop", [])))


@lru_cache(maxsize=1)
def codes_data() -> CodesData:
    """models/codes.toml, compiled (once per process)."""
    try:
        text = resources.files("balint_redact.models").joinpath("codes.toml").read_text("utf-8")
        data = tomllib.loads(text)
    except (ModuleNotFoundError, OSError, tomllib.TOMLDecodeError):
        raise DetectionError("detection data codes.toml is missing or unreadable; reinstall "
                             "balint-redact. Nothing was redacted.") from None
    try:
        return parse(data)
    except (KeyError, TypeError, ValueError):
        raise DetectionError("detection data models/codes.toml is malformed; reinstall "
                             "balint-redact. Nothing was redacted.") from None
