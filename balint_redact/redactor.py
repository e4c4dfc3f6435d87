"""The public front door: ``redact(text)`` and the configurable ``Redactor`` behind it.

>>> r = redact("I met my client Mrs Amina Patel; Amina rang from 07700 900123.")
>>> r.text
'I met my client Mrs Person A; Person A rang from [phone].'
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from .confirm.decisions import NAME as DECISIONS_NAME
from .confirm.decisions import DecisionFile, apply_decisions, load_decisions
from .detect import Detector, Trace
from .detect import names as stage_names
from .detect.engine import DetectionEngine, anonymize
from .render.entities import ENTITY_TYPES
from .errors import ConfigError, DetectionError
from .text.names import office_title_before, strip_titles, title_start
from .detect.pipeline import default_model_name
from .render.generalise import Generalisation, generalise
from .render.placeholders import assign
from .rules.schema import STYLES, RuleSet, resolve_rules
from .text.spans import Span
from .startup import resume_gc
from .render.records import without_absent_text

RulesArg = RuleSet | str | os.PathLike[str] | Sequence[Any] | None


@dataclass(frozen=True)
class Finding:
    """One redacted span. Offsets are into the original text; ``text`` is None unless asked."""

    start: int
    end: int
    entity_type: str
    score: float
    placeholder: str
    direct: bool
    recognizer: str = ""
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return without_absent_text(self)


@dataclass(frozen=True)
class Redaction:
    """The redacted text and what was replaced."""

    text: str
    findings: list[Finding] = field(default_factory=list)
    #: the decision trace, only with ``Redactor(explain=True)``: offsets, no text; never in
    #: ``to_dict`` (so never in a report or an HTTP answer)
    trace: Trace | None = field(default=None, repr=False, compare=False)
    #: one-line notes about the run, without text (e.g. decisions made for another text)
    notes: tuple[str, ...] = field(default=(), compare=False)

    def counts(self) -> dict[str, int]:
        """Number of findings by entity type (safe to show: no identifiers)."""
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.entity_type] = out.get(f.entity_type, 0) + 1
        return dict(sorted(out.items()))

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "findings": [f.to_dict() for f in self.findings],
                "counts": self.counts()}


def _check_entities(entities: Iterable[str] | None) -> tuple[str, ...] | None:
    if entities is None:
        return None
    entities = tuple(entities)
    unknown = [e for e in entities if e not in ENTITY_TYPES]
    if unknown:
        # echo only what looks like a type name: an option value could be pasted text
        shown = [u for u in unknown if isinstance(u, str) and re.fullmatch(r"[A-Z_]{1,40}", u)]
        named = ", ".join(shown) if len(shown) == len(unknown) else f"{len(unknown)} given"
        raise ConfigError(f"unknown entity type(s): {named} "
                          f"(known: {', '.join(sorted(ENTITY_TYPES))})")
    return entities


class Redactor:
    """A loaded pipeline plus configuration; build once, call ``redact`` many times.

    >>> Redactor(style="tag").redact("Email amina@example.com").text
    'Email [email]'
    """

    def __init__(self, model: str | None = None, rules: RulesArg = None, *,
                 known_names: Iterable[str] = (), entities: Iterable[str] | None = None,
                 style: str | None = None, keep_titles: bool | None = None,
                 include_text: bool = False, use_default_rules_file: bool = True,
                 fuzzy_names: bool = False, explain: bool = False,
                 stages: Iterable[str] | None = None, skip_stages: Iterable[str] = (),
                 min_score: float = 0.0, series: Any = None, dates: str | None = None,
                 ages: str | None = None, addresses: str | None = None,
                 decisions: "DecisionFile | str | os.PathLike[str] | None" = None) -> None:
        # findings scoring below this are not redacted (Presidio's score_threshold); the
        # default 0.0 keeps everything (recall first)
        if not isinstance(min_score, (int, float)) or not 0.0 <= float(min_score) <= 1.0:
            raise ConfigError("min_score must be a number from 0 to 1")
        self.min_score = float(min_score)
        self.rules = resolve_rules(rules, use_default_file=use_default_rules_file)
        self.style = style or self.rules.style or "placeholder"
        if self.style not in STYLES:
            raise ConfigError(f"unknown style {self.style!r} (use {', '.join(STYLES)})")
        # dates, ages, addresses: as today by default; month/year/band/town generalise them
        # (render.generalise)
        ruled = dict(self.rules.generalise)
        self.generalisation = Generalisation(dates or ruled.get("dates", "tag"),
                                             ages or ruled.get("ages", "tag"),
                                             addresses or ruled.get("addresses", "whole"))
        # a presenter's series (balint_redact.series.Series, or a series name opened with
        # $BALINT_REDACT_PASSPHRASE): the same placeholders across write-ups
        self.series = _open_series(series)
        if self.series is not None and self.style != "placeholder":
            raise ConfigError("a series needs the placeholder style (Person A, ...)")
        self.entities = _check_entities(entities) or self.rules.entities or tuple(ENTITY_TYPES)
        # titles stay outside the placeholder by default ("Mrs Person A", "DJ Person B"): they
        # name a role, not a person, and the story reads better with them
        if keep_titles is None:
            keep_titles = self.rules.keep_titles if self.rules.keep_titles is not None else True
        self.keep_titles = bool(keep_titles)
        self.include_text = include_text
        # the decision trace (balint_redact.detect.trace): local analysis, never logged
        self.explain = bool(explain)
        self.model = model or default_model_name()
        names = [n for n in known_names if isinstance(n, str) and n.strip()]
        self._detector = Detector(DetectionEngine.load(self.model, self.rules), self.rules,
                                  known_names=names, fuzzy_names=fuzzy_names,
                                  stages=stages, skip_stages=skip_stages)
        if decisions is not None and not isinstance(decisions, DecisionFile):
            decisions = load_decisions(decisions)
        #: a presenter's corrections (keep / redact, by text hash and position), applied to
        #: what detection found before placeholders are written
        self.decisions: DecisionFile | None = decisions
        self._lock = threading.Lock()
        resume_gc()

    def _spans(self, texts: Sequence[str]) -> list[tuple[list[Span], Trace | None]]:
        for t in texts:
            if not isinstance(t, str):
                raise ConfigError("text must be a string")
        with self._lock:  # spaCy and Presidio objects are not shared across threads
            docs = self._detector.detect_documents(texts, explain=self.explain)
        return [(d.spans, d.trace) for d in docs]

    def _adjust(self, text: str, spans: list[Span], trace: Trace | None = None) -> list[Span]:
        """The spans of the types asked for, titles outside a person's (the 'select' step
        after the detection stages; recorded in the trace, if any)."""
        wanted = set(self.entities)
        out = []
        for s in spans:
            if s.entity_type not in wanted:
                if trace is not None:
                    trace.add("select", "drop", "an entity type not asked for (entities)", s)
                continue
            if s.score < self.min_score:
                if trace is not None:
                    trace.add("select", "drop", "a score below the threshold (min_score)", s)
                continue
            if s.entity_type == "PERSON":
                a, b = strip_titles(text, s.start, s.end)
                if not self.keep_titles or office_title_before(text, a):
                    a = title_start(text, a)
                if a < b and (a, b) != (s.start, s.end):
                    s = Span(a, b, s.entity_type, s.score, s.source)
                    if trace is not None:
                        trace.add("select", "trim", "a title left outside the name", s)
            out.append(s)
        return out

    def _decide(self, text: str, spans: list[Span], decisions: "DecisionFile | None"
                ) -> tuple[list[Span], tuple[str, ...]]:
        """Apply the decisions recorded for exactly this text; a file that holds decisions
        only for other texts is ignored, with a note that says so (no text)."""
        if decisions is None or not decisions.documents:
            return spans, ()
        mine = decisions.for_text(text)
        if not mine:
            return spans, (f"{DECISIONS_NAME} holds no decisions for this text (it differs "
                           "from the text they were made on); they were ignored",)
        return apply_decisions(spans, mine, len(text)), ()

    def _finish(self, text: str, spans: list[Span], trace: Trace | None = None,
                decisions: "DecisionFile | None" = None) -> Redaction:
        spans, notes = self._decide(text, spans, decisions if decisions is not None
                                    else self.decisions)
        pairs = generalise(text, assign(text, self._adjust(text, spans, trace), self.style),
                           self.generalisation)
        if self.series is None:
            redacted = _write(text, pairs)
        else:  # the series is locked, re-read, extended and written back (encrypted)
            redacted, pairs = self.series.apply(text, pairs, _write)
        findings = [Finding(s.start, s.end, s.entity_type, round(s.score, 3), ph,
                            ENTITY_TYPES[s.entity_type].direct, s.source,
                            text[s.start:s.end] if self.include_text else None)
                    for s, ph in pairs]
        return Redaction(redacted, findings, trace, notes)

    def redact(self, text: str, *, decisions: "DecisionFile | None" = None) -> Redaction:
        """Redact one text; ``decisions`` (default: the Redactor's) are a presenter's
        corrections, applied when they were made for exactly this text."""
        return self._finish(text, *self._spans([text])[0], decisions=decisions)

    def redact_many(self, texts: Sequence[str], *,
                    decisions: "DecisionFile | None" = None) -> list[Redaction]:
        """Redact several texts in one batch through the pipeline (faster than one by one)."""
        texts = list(texts)
        return [self._finish(t, s, tr, decisions)
                for t, (s, tr) in zip(texts, self._spans(texts))]

    def analyze(self, text: str) -> list[Finding]:
        """Find only: the findings ``redact`` would act on, without changing the text."""
        return self.redact(text).findings

    @property
    def fingerprint(self) -> str:
        """Identifies the rules and options in force (for reports and the records index)."""
        base = f"{self.rules.fingerprint()}-{self.style}-{self.model}"
        if self.min_score:
            base += f"-min{self.min_score:g}"
        if self.generalisation.active:
            g = self.generalisation
            base += f"-dates-{g.dates}-ages-{g.ages}-addresses-{g.addresses}"
        skipped = [n for n in stage_names() if n not in {s.name for s in self._detector.stages}]
        return base + (f"-without-{'+'.join(skipped)}" if skipped else "")


def _write(text: str, pairs: list[tuple[Span, str]]) -> str:
    try:
        return anonymize(text, pairs)
    except Exception as exc:
        raise DetectionError(f"writing placeholders failed ({type(exc).__name__})") from None


def _open_series(series: Any) -> Any:
    """None, an opened Series, or a series name (its passphrase from the environment)."""
    if series is None:
        return None
    from .series import Series, get_passphrase

    if isinstance(series, Series):
        return series
    if isinstance(series, str):
        return Series.open(series, get_passphrase(interactive=False))
    raise ConfigError("series must be a series name or a balint_redact.series.Series")


_DEFAULT: Redactor | None = None
_DEFAULT_LOCK = threading.Lock()


def default_redactor() -> Redactor:
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Redactor()
        return _DEFAULT


def redact(text: str, **options: Any) -> Redaction:
    """Redact ``text`` with the default configuration, or with ``options`` for a Redactor.

    Options are those of :class:`Redactor`; without options a module-level Redactor is reused.
    """
    if options:
        return Redactor(**options).redact(text)
    return default_redactor().redact(text)
