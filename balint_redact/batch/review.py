"""A review page for presenters: the redacted text with every replacement highlighted.

``redact --review FILE.html`` writes it so the presenter can look the write-up over before
sharing it. The page is self-contained (inline CSS, no scripts, nothing fetched) and shows
no identifiers unless asked: with ``show_text`` each highlighted placeholder carries the
original in its tooltip and the placeholder table lists the originals. A redaction made with
``explain=True`` adds a short list of the words kept that looked like identifiers (they are
in the redacted text anyway), with the reason detection kept each one.

>>> page = render_review(text, redaction)            # doctest: +SKIP
"""

from __future__ import annotations

from html import escape
from typing import Any

CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;
max-width:60em;padding:0 1em;color:#1d1d1f;background:#fff}
h1{font-size:1.4em;margin-bottom:.2em}h2{font-size:1.1em;margin-top:2em}
.meta{color:#555;font-size:.9em}.warn{background:#fde8e8;border:1px solid #c53030;
padding:.6em 1em;border-radius:4px;color:#822}.note{background:#fffbea;
border:1px solid #d69e2e;padding:.6em 1em;border-radius:4px}
.doc{white-space:pre-wrap;border:1px solid #ddd;border-radius:4px;padding:1em 1.2em;
background:#fcfcfd;font-family:Georgia,"Times New Roman",serif;font-size:1.02em}
mark{border-radius:3px;padding:0 .15em;background:#fefcbf;border-bottom:2px solid #d69e2e}
mark.direct{background:#fed7d7;border-bottom-color:#c53030}
table{border-collapse:collapse;width:100%;margin:.6em 0}
th,td{border-bottom:1px solid #ddd;padding:.35em .6em;text-align:left;vertical-align:top}
th{background:#f4f4f6;font-weight:600}td.n{text-align:right}
code{font-family:ui-monospace,Consolas,monospace;font-size:.9em}
"""


def _spans(original_text: str, redaction: Any) -> list[Any] | None:
    """The findings in text order if they rebuild ``redaction.text`` exactly, else None."""
    findings = sorted(redaction.findings, key=lambda f: (f.start, f.end))
    pieces, pos = [], 0
    for f in findings:
        if f.start < pos or f.end > len(original_text) or f.start > f.end:
            return None
        pieces.append(original_text[pos:f.start])
        pieces.append(f.placeholder)
        pos = f.end
    pieces.append(original_text[pos:])
    return findings if "".join(pieces) == redaction.text else None


def _body(original_text: str, findings: list[Any], show_text: bool) -> str:
    out, pos = [], 0
    for f in findings:
        out.append(escape(original_text[pos:f.start]))
        kind = "direct" if f.direct else "quasi"
        tip = f"{f.entity_type} ({kind})"
        if show_text:
            tip += f": {original_text[f.start:f.end]}"
        out.append(f'<mark class="{kind}" title="{escape(tip, quote=True)}">'
                   f"{escape(f.placeholder)}</mark>")
        pos = f.end
    out.append(escape(original_text[pos:]))
    return "".join(out)


def placeholder_table(original_text: str, findings: list[Any],
                      show_text: bool) -> list[dict[str, Any]]:
    """Rows of (placeholder, type, mentions[, originals]) in order of first appearance."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for f in findings:
        row = rows.setdefault((f.placeholder, f.entity_type), {
            "placeholder": f.placeholder, "entity_type": f.entity_type,
            "direct": f.direct, "mentions": 0, "originals": []})
        row["mentions"] += 1
        if show_text:
            orig = " ".join(original_text[f.start:f.end].split())
            if orig not in row["originals"]:
                row["originals"].append(orig)
    return list(rows.values())


#: the most entries the "kept, but looked like an identifier" list shows
KEPT_SHOWN = 30


def kept_rows(original_text: str, redaction: Any) -> list[tuple[str, str, int]]:
    """(word, reason, times) for the words that looked like identifiers and were kept, from
    the decision trace (``Redactor(explain=True)``); titles left out. Each word is one the
    redacted text shows anyway (it overlaps no replacement)."""
    trace = getattr(redaction, "trace", None)
    if trace is None:
        return []
    counts: dict[tuple[str, str], int] = {}
    for r in trace.records:
        if r.action != "keep" or r.stage == "titled_names":
            continue
        if any(f.start < r.end and r.start < f.end for f in redaction.findings):
            continue
        key = (" ".join(original_text[r.start:r.end].split()), r.reason)
        counts[key] = counts.get(key, 0) + 1
    return [(w, why, n) for (w, why), n in counts.items()]


def _kept_section(rows: list[tuple[str, str, int]]) -> list[str]:
    if not rows:
        return []
    parts = ["<h2>Kept, but looked like an identifier</h2>",
             '<p class="meta">Words left in the text that a reader might take for a name or a '
             "number, and why detection kept them. Scan them: any that does identify someone "
             "should be removed (or added to the known names).</p>",
             "<table><thead><tr><th>Word</th><th>Why it was kept</th><th>Times</th></tr>"
             "</thead><tbody>"]
    for word, why, n in rows[:KEPT_SHOWN]:
        parts.append(f"<tr><td>{escape(word)}</td><td>{escape(why)}</td>"
                     f"<td class=n>{n}</td></tr>")
    parts.append("</tbody></table>")
    if len(rows) > KEPT_SHOWN:
        parts.append(f'<p class="meta">and {len(rows) - KEPT_SHOWN} more.</p>')
    return parts


def render_review(original_text: str, redaction: Any, show_text: bool = False,
                  title: str = "") -> str:
    """A full HTML document: the redacted text, replacements highlighted, and a table of
    placeholders by type. Identifiers appear only with ``show_text``."""
    findings = _spans(original_text, redaction)
    name = escape(title or "untitled")
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             '<meta name="referrer" content="no-referrer">',
             f"<title>Review: {name}</title>", f"<style>{CSS}</style></head><body>",
             f"<h1>Review before sharing: {name}</h1>"]
    total = len(redaction.findings)
    parts.append(f'<p class="meta">{total} replacement{"s" if total != 1 else ""}. '
                 "Read the text below as the group will see it: anything that still identifies "
                 "a client, a colleague, a court or a case should be removed before sharing."
                 "</p>")
    if show_text:
        parts.append('<p class="warn"><strong>This page shows the original identifiers'
                     "</strong> (--show-text): keep it to yourself and delete it after use.</p>")
    if findings is None:
        parts.append('<p class="note">The replacements could not be located in the text, so '
                     "they are not highlighted; the redacted text is shown as written.</p>")
        parts.append(f'<div class="doc">{escape(redaction.text)}</div>')
        findings = []
    else:
        parts.append(f'<div class="doc">{_body(original_text, findings, show_text)}</div>')
    rows = placeholder_table(original_text, findings, show_text)
    if rows:
        head = "<th>Original</th>" if show_text else ""
        parts.append("<h2>Placeholders</h2><table><thead><tr><th>Placeholder</th><th>Type</th>"
                     f"<th>Mentions</th>{head}</tr></thead><tbody>")
        for row in rows:
            orig = (f"<td>{'<br>'.join(escape(o) for o in row['originals'])}</td>"
                    if show_text else "")
            parts.append(f"<tr><td><code>{escape(row['placeholder'])}</code></td>"
                         f"<td>{escape(row['entity_type'])}</td>"
                         f"<td class=n>{row['mentions']}</td>{orig}</tr>")
        parts.append("</tbody></table>")
    else:
        parts.append("<p>No replacements were made.</p>")
    # the kept words are part of the redacted text shown above, so they are listed with or
    # without show_text (which governs the originals of what was replaced)
    parts += _kept_section(kept_rows(original_text, redaction))
    parts.append('<p class="meta">Highlighted in red: direct identifiers (names, contact '
                 "details, numbers); in yellow: quasi identifiers (dates, places, "
                 "organisations).</p></body></html>")
    return "\n".join(parts) + "\n"
