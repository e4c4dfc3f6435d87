"""Check files for residual identifiers: what is left that a Balint group should not see.

A check never changes a file. It reports, per file, the findings the redactor would act on:
their type, line, column, score and a *context* — the words around the finding with the
finding, every other finding and every word that could be a name or a number masked (an
undetected name beside a finding must not be printed), so a report is safe to show unless
``show_text`` was asked for.

>>> view_context("Zed Quill rang from 07700 900845 today.", 20, 32, [])
'███ rang from ███ today.'
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import regex

from .check_files import expand_paths, unreadable_reason  # noqa: F401 (expand_paths: the front)
from .check_context import CONTEXT_CHARS, MASK, safe_context, verbatim_context  # noqa: F401
from ..render.entities import ENTITY_TYPES
from ..errors import BalintRedactError, ConfigError, DetectionError
from ..render.placeholders import OWN_PLACEHOLDER
from ..render.generalise import is_generalised
from ..io.textio import DEFAULT_MAX_BYTES
from ..render.records import without_absent_text

#: a direct identifier at or above this score makes a file "high" risk
HIGH_SCORE = 0.8
#: files handed to a worker at once
GROUP_SIZE = 8

#: "to-confirm": the redactor finds nothing, but the independent second reader
#: (balint_redact.confirm) has places a person who knows the case should look at
STATUSES = ("clean", "findings", "to-confirm", "unreadable")
RISKS = ("none", "low", "medium", "high")

# Text the redactor itself writes: a finding that is nothing but one of these is not residual.
_PLACEHOLDER = regex.compile(OWN_PLACEHOLDER)
_EDGE = " \t\r\n.,;:!?'\"()’‘“”"


@dataclass(frozen=True)
class FindingView:
    """A finding as a report shows it; ``text`` is None unless identifiers were asked for."""

    entity_type: str
    direct: bool
    score: float
    line: int  # 1-based (Word: the nth paragraph or table cell holding text, reading order)
    column: int  # 1-based, in characters
    context: str
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return without_absent_text(self)


@dataclass
class FileReport:
    path: str
    status: str  # "clean" | "findings" | "unreadable"
    risk: str  # "none" | "low" | "medium" | "high"
    counts: dict[str, int] = field(default_factory=dict)
    findings: list[FindingView] = field(default_factory=list)
    error: str | None = None
    #: the second reader's tier: places to confirm (reason, line, column, masked context);
    #: None when the second reader did not run (the library's default; the CLI runs it)
    to_confirm: list[Any] | None = None

    @property
    def confirm_counts(self) -> dict[str, int]:
        """Places to confirm by the second reader's reason."""
        out: dict[str, int] = {}
        for p in self.to_confirm or ():
            out[p.reason] = out.get(p.reason, 0) + 1
        return dict(sorted(out.items()))

    def to_dict(self) -> dict[str, Any]:
        out = {"path": self.path, "status": self.status, "risk": self.risk,
               "counts": dict(sorted(self.counts.items())), "error": self.error,
               "findings": [f.to_dict() for f in self.findings]}
        if self.to_confirm is not None:
            out["to_confirm"] = {"counts": self.confirm_counts,
                                 "places": [p.to_dict() for p in self.to_confirm]}
        return out


# --- one text ----------------------------------------------------------------------------

def _is_placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.fullmatch(text.strip(_EDGE)))


def _residual(text: str, findings: Iterable[Any]) -> list[Any]:
    # a generalised date or age ("March 2024", "30s") is what the redactor wrote, not residual
    return [f for f in findings if not _is_placeholder(text[f.start:f.end])
            and not is_generalised(f.entity_type, text[f.start:f.end])]


def check_text(redactor: Any, text: str, min_score: float = 0.0) -> list[Any]:
    """The redactor's findings in ``text`` with score >= ``min_score``, in text order.

    Spans that are only a placeholder the redactor writes ("Person A", "[email]", "****")
    are not residual identifiers and are left out, so a redacted text normally yields [].
    """
    return [f for f in _residual(text, redactor.analyze(text)) if f.score >= min_score]


def risk_level(findings: Iterable[Any]) -> str:
    """high: a direct identifier scored >= 0.8; medium: any other direct identifier;
    low: quasi identifiers only; none: nothing found."""
    risk = "none"
    for f in findings:
        if f.direct and f.score >= HIGH_SCORE:
            return "high"
        risk = "medium" if f.direct else ("low" if risk == "none" else risk)
    return risk


def parse_fail_on(fail_on: str) -> Callable[[Any], bool]:
    """``direct`` | ``any`` | comma list of entity types (may be mixed with ``direct``)."""
    tokens = [t.strip() for t in (fail_on or "").split(",") if t.strip()]
    if not tokens:
        raise ConfigError("--fail-on needs 'direct', 'any' or entity types")
    types: set[str] = set()
    direct = anything = False
    for tok in tokens:
        low = tok.lower()
        if low == "direct":
            direct = True
        elif low == "any":
            anything = True
        elif low == "confirm":  # the second reader's places to confirm
            types.add(_CONFIRM_PROBE.entity_type)
        elif tok.upper() in ENTITY_TYPES:
            types.add(tok.upper())
        else:
            raise ConfigError(f"--fail-on: unknown entity type {tok!r} (use 'direct', 'any', "
                              f"'confirm' or some of: {', '.join(sorted(ENTITY_TYPES))})")
    return lambda f: anything or (direct and f.direct) or f.entity_type in types


def fails(report: FileReport, fail_on: str = "direct", min_score: float = 0.0) -> bool:
    """Does this file fail the check? An unreadable file always fails (it was not checked);
    otherwise: a finding with score >= min_score that ``fail_on`` selects."""
    if report.status == "unreadable":
        return True
    wanted = parse_fail_on(fail_on)
    if report.to_confirm and wanted(_CONFIRM_PROBE):
        return True
    return any(f.score >= min_score and wanted(f) for f in report.findings)


@dataclass(frozen=True)
class _Probe:  # stands for "the second reader has places to confirm" in --fail-on
    entity_type: str = "(to confirm)"
    direct: bool = False
    score: float = 1.0


_CONFIRM_PROBE = _Probe()


# --- contexts ----------------------------------------------------------------------------

def view_context(text: str, start: int, end: int, others: Sequence[tuple[int, int]],
                 show_text: bool = False, width: int = CONTEXT_CHARS) -> str:
    """The words around text[start:end] on one line. By default the finding, every span of
    ``others`` and every word that could be a name or a number are masked (see
    :mod:`balint_redact.batch.check_context`); with ``show_text``, the words as written."""
    if show_text:
        return verbatim_context(text, start, end, width)
    return safe_context(text, start, end, others, width)


def _views(text: str, shown: list[Any], everything: list[Any],
           show_text: bool) -> list[FindingView]:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    spans = sorted((f.start, f.end) for f in everything)
    span_starts = [a for a, _ in spans]
    longest = max((b - a for a, b in spans), default=0)
    views = []
    for f in shown:
        line = bisect.bisect_right(starts, f.start)
        # only the spans that can reach into this finding's window (linear, not n^2)
        near = spans[bisect.bisect_left(span_starts, f.start - CONTEXT_CHARS - longest - 1):
                     bisect.bisect_right(span_starts, f.end + CONTEXT_CHARS + 1)]
        views.append(FindingView(
            f.entity_type, bool(f.direct), round(float(f.score), 3), line,
            f.start - starts[line - 1] + 1,
            view_context(text, f.start, f.end, near, show_text),
            text[f.start:f.end] if show_text else None))
    return views


def report_for_text(path: str, text: str, findings: list[Any], show_text: bool = False,
                    min_score: float = 0.0, to_confirm: list[Any] | None = None
                    ) -> FileReport:
    """Build a file's report from all of the redactor's findings in its text (and the
    second reader's places to confirm, if given)."""
    everything = sorted(findings, key=lambda f: (f.start, f.end))
    shown = [f for f in _residual(text, everything) if f.score >= min_score]
    views = _views(text, shown, everything, show_text)
    counts: dict[str, int] = {}
    for v in views:
        counts[v.entity_type] = counts.get(v.entity_type, 0) + 1
    status = "findings" if views else ("to-confirm" if to_confirm else "clean")
    return FileReport(path, status, risk_level(views), dict(sorted(counts.items())), views,
                      None, None if to_confirm is None else list(to_confirm))


def second_reading(redactor: Any, text: str, check_names: Sequence[str] = (),
                   show_text: bool = False) -> list[Any]:
    """The second reader's places to confirm in an already redacted ``text``, less those a
    decision (the Redactor's ``decisions``, made on this text) has answered."""
    from ..confirm.confirming import views as confirm_views
    from ..confirm.reader import second_read

    decided = [(d.start, d.end) for d in (redactor.decisions.for_text(text)
                                          if getattr(redactor, "decisions", None) else [])]
    allow = tuple(getattr(getattr(redactor, "rules", None), "allow", ()))
    items = [i for i in second_read(text, check_names=check_names, allow=allow)
             if not any(a < i.end and i.start < b for a, b in decided)]
    return confirm_views(text, items, [(i.start, i.end) for i in items], show_text)


def unreadable(path: str, error: str) -> FileReport:
    return FileReport(path, "unreadable", "none", {}, [], unreadable_reason(error))


# --- files -------------------------------------------------------------------------------

def _load(path: Path, max_bytes: int) -> tuple[str | None, FileReport | None]:
    from ..io.documents import load_document

    try:
        return load_document(path, max_bytes).text, None
    except BalintRedactError as exc:
        return None, unreadable(str(path), str(exc))
    except Exception as exc:  # a reader crashed: the file is not checked, the batch goes on
        return None, unreadable(str(path), f"cannot read the file ({type(exc).__name__})")


def _analyze_many(redactor: Any, items: list[tuple[Path, str]]) -> list[list[Any]]:
    """All findings for each text; a failure names the file (never its text)."""
    if not items:
        return []
    try:
        return [r.findings for r in redactor.redact_many([t for _, t in items])]
    except Exception:  # isolate the text that broke the batch
        pass
    out = []
    for path, text in items:
        try:
            out.append(redactor.analyze(text))
        except BalintRedactError as exc:
            raise DetectionError(f"{path}: {exc}") from None
        except Exception as exc:  # fail closed: never report "clean" for an unchecked file
            raise DetectionError(f"{path}: detection failed ({type(exc).__name__})") from None
    return out


def check_file(redactor: Any, path: Path, max_bytes: int = DEFAULT_MAX_BYTES,
               show_text: bool = False, min_score: float = 0.0,
               check_names: Sequence[str] | None = None) -> FileReport:
    """Check one file. Unreadable files come back with status "unreadable" and the error;
    a detection failure raises DetectionError (the run cannot vouch for anything)."""
    return check_group(redactor, [path], max_bytes, show_text, min_score, check_names)[0]


def check_group(redactor: Any, paths: list[Path], max_bytes: int, show_text: bool,
                min_score: float, check_names: Sequence[str] | None = None
                ) -> list[FileReport]:
    """Check several files, batching their texts through the pipeline; input order kept.
    ``check_names`` go to the second reader; None switches the second reader off."""
    slots: list[FileReport | None] = []
    texts: list[tuple[int, Path, str]] = []
    for path in paths:
        text, failed = _load(path, max_bytes)
        slots.append(failed)
        if text is not None:
            texts.append((len(slots) - 1, path, text))
    results = _analyze_many(redactor, [(p, t) for _, p, t in texts])
    for (i, path, text), found in zip(texts, results):
        pending = None if check_names is None else \
            second_reading(redactor, text, check_names, show_text)
        slots[i] = report_for_text(str(path), text, found, show_text, min_score, pending)
    return [s for s in slots if s is not None]


# --- worker side -------------------------------------------------------------------------

_WORKER: Any = None
_SETTINGS: tuple[int, bool, float, Sequence[str] | None] = (DEFAULT_MAX_BYTES, False, 0.0,
                                                          None)


def _init_worker(options: dict[str, Any],
                 settings: tuple[int, bool, float, Sequence[str] | None]) -> None:
    global _WORKER, _SETTINGS
    _SETTINGS = settings
    if _WORKER is None:  # spawned: build our own; forked: inherited from the parent
        from ..redactor import Redactor

        _WORKER = Redactor(**options)


def _run_in_worker(paths: list[Path]) -> list[FileReport]:
    max_bytes, show_text, min_score, names = _SETTINGS
    return check_group(_WORKER, paths, max_bytes, show_text, min_score, names)


def check_paths(paths: list[Path], options: dict[str, Any], jobs: int = 1,
                show_text: bool = False, min_score: float = 0.0,
                progress: Callable[[int], None] | None = None, *,
                max_bytes: int = DEFAULT_MAX_BYTES, redactor: Any = None,
                exclude: Iterable[Path] = (), check_names: Sequence[str] | None = None
                ) -> list[FileReport]:
    """Check files and folder trees, in ``jobs`` processes; one report per file, in order.

    The Redactor is built here first (or given), so a bad configuration fails before any
    file is read; forked workers inherit it, so the pipeline is loaded once per worker.
    ``progress(n)`` is called with the number of files just finished (counts only).
    """
    global _WORKER
    if redactor is None:
        from ..redactor import Redactor

        redactor = Redactor(**options)
    files = expand_paths(paths, exclude)
    groups = [files[i:i + GROUP_SIZE] for i in range(0, len(files), GROUP_SIZE)]
    reports: list[FileReport] = []
    if jobs <= 1 or len(groups) < 2:
        for group in groups:
            reports += check_group(redactor, group, max_bytes, show_text, min_score,
                                   check_names)
            if progress:
                progress(len(group))
        return reports
    from .run import start_method, worker_pool

    _WORKER = redactor if start_method() == "fork" else None
    try:
        with worker_pool(min(jobs, len(groups)), _init_worker,
                         (options, (max_bytes, show_text, min_score,
                                    check_names))) as pool:
            for result in pool.map(_run_in_worker, groups):
                reports += result
                if progress:
                    progress(len(result))
    finally:
        _WORKER = None
    return reports


def summarise(reports: Sequence[FileReport], fail_on: str = "direct",
              min_score: float = 0.0) -> dict[str, Any]:
    """Totals for a run (no identifiers): files by status and risk, findings by type."""
    status = {s: 0 for s in STATUSES}
    risk = {r: 0 for r in RISKS}
    counts: dict[str, int] = {}
    failing = 0
    for r in reports:
        status[r.status] += 1
        if r.status != "unreadable":
            risk[r.risk] += 1
        for k, v in r.counts.items():
            counts[k] = counts.get(k, 0) + v
        failing += fails(r, fail_on, min_score)
    confirm: dict[str, int] = {}
    for r in reports:
        for k, v in r.confirm_counts.items():
            confirm[k] = confirm.get(k, 0) + v
    return {"files": len(reports), "clean": status["clean"], "findings": status["findings"],
            "to_confirm_files": status["to-confirm"],
            "to_confirm": dict(sorted(confirm.items())),
            "unreadable": status["unreadable"], "risk": risk,
            "counts": dict(sorted(counts.items())), "total_findings": sum(counts.values()),
            "failing": failing}
