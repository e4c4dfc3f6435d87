"""The check report as one self-contained HTML page (inline CSS, no scripts, no links out)."""

from __future__ import annotations

from html import escape
from typing import Any, Sequence

from .check import FileReport, fails

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;
max-width:72em;padding:0 1em;color:#1d1d1f;background:#fff}
h1{font-size:1.4em;margin-bottom:.2em}h2{font-size:1.1em;margin-top:2em}
.meta{color:#555;font-size:.9em}.warn{background:#fde8e8;border:1px solid #c53030;
padding:.6em 1em;border-radius:4px;color:#822}
table{border-collapse:collapse;width:100%;margin:.6em 0}
th,td{border-bottom:1px solid #ddd;padding:.35em .6em;text-align:left;vertical-align:top}
th{background:#f4f4f6;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.risk{display:inline-block;padding:0 .5em;border-radius:3px;font-size:.85em;font-weight:600}
.r-high{background:#c53030;color:#fff}.r-medium{background:#dd6b20;color:#fff}
.r-low{background:#ecc94b;color:#222}.r-none{background:#c6f6d5;color:#22543d}
.r-unreadable{background:#a0aec0;color:#fff}.fail{color:#c53030;font-weight:600}
details{margin:.2em 0}summary{cursor:pointer}
code,.ctx{font-family:ui-monospace,Consolas,monospace;font-size:.9em}
.ctx{white-space:pre-wrap}
@media print{details{display:block}}
"""


def _risk_badge(r: FileReport) -> str:
    if r.status == "unreadable":
        return '<span class="risk r-unreadable">unreadable</span>'
    return f'<span class="risk r-{escape(r.risk)}">{escape(r.risk)}</span>'


def _findings_table(r: FileReport, show_text: bool) -> str:
    rows = []
    for f in r.findings:
        orig = f"<td><code>{escape(f.text)}</code></td>" if show_text and f.text is not None \
            else ""
        rows.append(f"<tr><td class=n>{f.line}</td><td class=n>{f.column}</td>"
                    f"<td>{escape(f.entity_type)}</td><td>{'direct' if f.direct else 'quasi'}"
                    f"</td><td class=n>{f.score:.2f}</td>"
                    f"<td class=ctx>{escape(f.context)}</td>{orig}</tr>")
    head = "<th>Identifier</th>" if show_text else ""
    return (f"<table><thead><tr><th>Line</th><th>Col</th><th>Type</th><th>Kind</th>"
            f"<th>Score</th><th>Context</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def render_html(reports: Sequence[FileReport], meta: dict[str, Any],
                summary: dict[str, Any]) -> str:
    from .report import _settings, _tool

    fail_on, min_score, show_text = _settings(meta)
    tool = escape(_tool(meta))
    fp = escape(str(meta.get("rules_fingerprint") or "-"))
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             '<meta name="referrer" content="no-referrer">',
             "<title>Residual identifier check</title>", f"<style>{CSS}</style></head><body>",
             "<h1>Residual identifier check</h1>",
             f'<p class="meta">{tool} &middot; rules {fp} &middot; fail on '
             f"<code>{escape(fail_on)}</code> &middot; minimum score {min_score:.2f}</p>"]
    if show_text:
        parts.append('<p class="warn"><strong>This page shows identifiers</strong> '
                     "(--show-text). Do not share it.</p>")
    risk = summary["risk"]
    parts.append(
        "<h2>Summary</h2><table><tbody>"
        f"<tr><th>Files checked</th><td class=n>{summary['files']}</td></tr>"
        f"<tr><th>Clean</th><td class=n>{summary['clean']}</td></tr>"
        f"<tr><th>With findings</th><td class=n>{summary['findings']}</td></tr>"
        f"<tr><th>Unreadable (not checked)</th><td class=n>{summary['unreadable']}</td></tr>"
        f"<tr><th>Risk high / medium / low</th><td class=n>{risk['high']} / "
        f"{risk['medium']} / {risk['low']}</td></tr>"
        f"<tr><th>Files failing the check</th><td class=n>{summary['failing']}</td></tr>"
        "</tbody></table>")
    if summary["counts"]:
        rows = "".join(f"<tr><td>{escape(k)}</td><td class=n>{v}</td></tr>"
                       for k, v in summary["counts"].items())
        parts.append("<h2>Findings by type</h2><table><thead><tr><th>Type</th>"
                     f"<th>Findings</th></tr></thead><tbody>{rows}</tbody></table>")
    parts.append("<h2>Files</h2><table><thead><tr><th>File</th><th>Risk</th><th>Status</th>"
                 "<th>Counts</th></tr></thead><tbody>")
    for r in reports:
        fail = ' <span class="fail">fails</span>' if fails(r, fail_on, min_score) else ""
        if r.status == "unreadable":
            detail = escape(r.error or "")
        elif r.findings:
            counts = ", ".join(f"{escape(k)}&nbsp;{v}" for k, v in r.counts.items())
            detail = (f"<details><summary>{counts}</summary>"
                      f"{_findings_table(r, show_text)}</details>")
        else:
            detail = "&ndash;"
        parts.append(f"<tr><td><code>{escape(r.path)}</code></td><td>{_risk_badge(r)}</td>"
                     f"<td>{escape(r.status)}{fail}</td><td>{detail}</td></tr>")
    parts.append("</tbody></table>")
    contexts = ("Contexts show the words around each finding as written (--show-text)."
                if show_text else
                "Contexts show the words around each finding with the finding, and every "
                "word that could be a name or a number (capitalised words, digits, words the "
                "dictionary does not know), replaced by &#9608;&#9608;&#9608;.")
    parts.append(f'<p class="meta">{contexts} Line numbers of Word documents count the '
                 "paragraphs and table cells that hold text.</p></body></html>")
    return "\n".join(parts) + "\n"
