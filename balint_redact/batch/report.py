"""Render check reports: a terminal table, stable JSON (schema in docs/check.md), CSV, HTML.

Renderers show what the FileReports hold and nothing more: findings carry their original
text only when the check was run with ``show_text``.

``meta`` keys (all optional): ``tool`` ("balint-redact X.Y.Z"), ``rules_fingerprint``,
``fail_on`` ("direct"), ``min_score`` (0.0), ``show_text`` (False).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Sequence

from .check import FileReport, fails, summarise
from ..render.entities import ENTITY_TYPES
from ..errors import ConfigError

#: the JSON report's schema version; bump only on incompatible changes
SCHEMA_VERSION = 1
FORMATS = ("table", "json", "csv", "html")
CSV_FIELDS = ["path", "status", "risk", "fails", "findings", "error", *ENTITY_TYPES]


def _tool(meta: dict[str, Any]) -> str:
    if meta.get("tool"):
        return str(meta["tool"])
    from .. import __version__

    return f"balint-redact {__version__}"


def _settings(meta: dict[str, Any]) -> tuple[str, float, bool]:
    return (str(meta.get("fail_on") or "direct"), float(meta.get("min_score") or 0.0),
            bool(meta.get("show_text", False)))


def summary_of(reports: Sequence[FileReport], meta: dict[str, Any]) -> dict[str, Any]:
    fail_on, min_score, _ = _settings(meta)
    return summarise(reports, fail_on, min_score)


def summary_line(summary: dict[str, Any]) -> str:
    """One line for stderr: counts only."""
    risk = summary["risk"]
    n = summary["files"]
    return (f"Checked {n} file{'s' if n != 1 else ''}: {summary['clean']} clean, "
            f"{summary['findings']} with findings (high {risk['high']}, medium "
            f"{risk['medium']}, low {risk['low']}), {summary['unreadable']} unreadable; "
            f"{summary['total_findings']} finding{'s' if summary['total_findings'] != 1 else ''}"
            f"; {summary['failing']} file{'s' if summary['failing'] != 1 else ''} failing the "
            f"check.")


def render(reports: Sequence[FileReport], fmt: str, meta: dict[str, Any]) -> str:
    """The whole report as text in ``fmt`` (table, json, csv or html)."""
    if fmt == "table":
        return render_table(reports, meta)
    if fmt == "json":
        return render_json(reports, meta)
    if fmt == "csv":
        return render_csv(reports, meta)
    if fmt == "html":
        from .report_html import render_html

        return render_html(reports, meta, summary_of(reports, meta))
    raise ConfigError(f"unknown report format {fmt!r} (use {', '.join(FORMATS)})")


def as_dict(reports: Sequence[FileReport], meta: dict[str, Any]) -> dict[str, Any]:
    fail_on, min_score, show_text = _settings(meta)
    return {
        "version": SCHEMA_VERSION,
        "tool": _tool(meta),
        "rules_fingerprint": meta.get("rules_fingerprint"),
        "options": {"fail_on": fail_on, "min_score": min_score, "show_text": show_text},
        "summary": summarise(reports, fail_on, min_score),
        "files": [r.to_dict() for r in reports],
    }


def render_json(reports: Sequence[FileReport], meta: dict[str, Any]) -> str:
    return json.dumps(as_dict(reports, meta), ensure_ascii=False, indent=2) + "\n"


def _cell(value: Any) -> Any:
    """Keep spreadsheets from running a cell as a formula (file names are user data)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def render_csv(reports: Sequence[FileReport], meta: dict[str, Any]) -> str:
    """One row per file: path, status, risk, fails, findings, error, then a count per type."""
    fail_on, min_score, _ = _settings(meta)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for r in reports:
        writer.writerow([_cell(r.path), r.status, r.risk,
                         int(fails(r, fail_on, min_score)), sum(r.counts.values()),
                         _cell(r.error or "")]
                        + [r.counts.get(t, 0) for t in ENTITY_TYPES])
    return buf.getvalue()


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "-"


def _one_line(s: str) -> str:
    return "".join(c if c.isprintable() else " " for c in s)


def render_table(reports: Sequence[FileReport], meta: dict[str, Any]) -> str:
    """A plain-text table for a terminal: one line per file, its findings indented below."""
    fail_on, min_score, show_text = _settings(meta)
    summary = summarise(reports, fail_on, min_score)
    out = [f"{_tool(meta)} check: {summary_line(summary)}"]
    if show_text:
        out.append("WARNING: this report shows identifiers (--show-text); do not share it.")
    out.append("")
    width = max([len("FILE")] + [len(_one_line(r.path)) for r in reports])
    out.append(f"{'FILE':<{width}}  {'STATUS':<10}  {'RISK':<7}  FINDINGS")
    for r in reports:
        path = _one_line(r.path)
        if r.status == "unreadable":
            out.append(f"{path:<{width}}  {'unreadable':<10}  {'-':<7}  "
                       f"{_one_line(r.error or '')}")
            continue
        mark = "  FAIL" if fails(r, fail_on, min_score) else ""
        out.append(f"{path:<{width}}  {r.status:<10}  {r.risk:<7}  "
                   f"{_counts_text(r.counts)}{mark}")
        for f in r.findings:
            where = f"{f.line}:{f.column}"
            kind = "direct" if f.direct else "quasi"
            shown = f"  [{_one_line(f.text)}]" if show_text and f.text is not None else ""
            out.append(f"    {where:>9}  {f.entity_type:<18} {kind:<6} {f.score:.2f}  "
                       f"{_one_line(f.context)}{shown}")
    return "\n".join(out) + "\n"
