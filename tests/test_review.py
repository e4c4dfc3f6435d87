"""Tests for the presenter's review page (balint_redact.batch.review) and `redact --review`."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from balint_redact.redactor import Finding, Redaction, Redactor
from balint_redact.batch.review import placeholder_table, render_review

CANARIES = ("Zebedee", "Quartermaine", "zq@example.org", "07700 900845", "900845")
TEXT = ("My client Zebedee Quartermaine rang from 07700 900845 on Monday; email zq@example.org."
        "\nLater Zebedee Quartermaine wrote again & said <nothing> had changed.\n")


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


@pytest.fixture(scope="module")
def redaction(redactor) -> Redaction:
    return redactor.redact(TEXT)


class Page(HTMLParser):
    VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.titles: list[str] = []
        self.data: list[str] = []
        self.marks: list[str] = []
        self._in_mark = False
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)
        a = dict(attrs)
        if tag == "mark":
            self._in_mark = True
            self.titles.append(a.get("title") or "")
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}>"
        self.stack.pop()
        if tag == "mark":
            self._in_mark = False
        self._in_title = False

    def handle_data(self, data):
        self.data.append(data)
        if self._in_mark:
            self.marks.append(data)


def parse(page: str) -> Page:
    p = Page()
    p.feed(page)
    p.close()
    assert not p.stack, f"unclosed: {p.stack}"
    assert page.startswith("<!DOCTYPE html>")
    assert not {"script", "link", "img", "iframe"} & set(p.tags)
    assert "http://" not in page and "https://" not in page
    return p


def test_review_highlights_every_replacement_without_identifiers(redaction):
    page = render_review(TEXT, redaction, title="notes.md")
    p = parse(page)
    for c in CANARIES:
        assert c not in page
    assert p.marks == [f.placeholder for f in sorted(redaction.findings, key=lambda f: f.start)]
    assert all(t and ":" not in t for t in p.titles)  # type only, no original
    # the page's text (marks included) is the redacted text
    doc = re.search(r'<div class="doc">(.*?)</div>', page, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", doc).replace("&amp;", "&").replace("&lt;", "<") \
        .replace("&gt;", ">") == redaction.text
    assert "&lt;nothing&gt;" in page and "<nothing>" not in page


def test_review_placeholder_table(redaction):
    page = render_review(TEXT, redaction, title="notes.md")
    rows = placeholder_table(TEXT, redaction.findings, show_text=False)
    person = next(r for r in rows if r["entity_type"] == "PERSON")
    assert person["placeholder"] == "Person A" and person["mentions"] == 2
    assert person["originals"] == []
    assert "<h2>Placeholders</h2>" in page
    assert re.search(r"<code>Person A</code></td><td>PERSON</td><td class=n>2</td></tr>", page)


def test_review_show_text_puts_originals_in_tooltips_and_table(redaction):
    page = render_review(TEXT, redaction, show_text=True, title="notes.md")
    p = parse(page)
    assert any("Zebedee Quartermaine" in t for t in p.titles)
    assert any("07700 900845" in t for t in p.titles)
    assert "zq@example.org" in page and "shows the original identifiers" in page
    rows = placeholder_table(TEXT, redaction.findings, show_text=True)
    assert "Zebedee Quartermaine" in \
        next(r for r in rows if r["entity_type"] == "PERSON")["originals"]
    # identifiers only in tooltips and the table, never in the text body
    doc = re.search(r'<div class="doc">(.*?)</div>', page, re.S).group(1)
    assert "Quartermaine" not in re.sub(r'title="[^"]*"', "", doc)


def test_review_escapes_title_and_originals():
    text = 'Ask "Bob" <b>Smith</b> & co.'
    red = Redaction('Ask Person A & co.', [Finding(4, 22, "PERSON", 0.9, "Person A", True)])
    page = render_review(text, red, show_text=True, title='<script>x</script>"&.md')
    p = parse(page)
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;&quot;&amp;.md" in page
    assert p.titles == ['PERSON (direct): "Bob" <b>Smith</b>']
    assert "<b>Smith" not in page


def test_review_falls_back_when_findings_do_not_match_text():
    text = "Call Zebedee Quartermaine now."
    bad = Redaction("Call Person A now.", [Finding(0, 99, "PERSON", 0.9, "Person A", True)])
    page = render_review(text, bad, title="x.txt")
    parse(page)
    assert "Call Person A now." in page and "Zebedee" not in page and "<mark" not in page


def test_review_with_no_findings():
    page = render_review("Nothing to see.", Redaction("Nothing to see.", []), title="x.txt")
    parse(page)
    assert "No replacements were made." in page and "0 replacements" in page


def test_review_mask_style(redactor):
    red = Redactor(style="mask").redact(TEXT)
    page = render_review(TEXT, red, title="m.txt")
    parse(page)
    for c in CANARIES:
        assert c not in page
    assert "<mark" in page


def test_redact_review_option_writes_the_page(redactor, tmp_path, monkeypatch):
    from balint_redact.cli.redact_cmd import redact_command

    monkeypatch.setattr("balint_redact.redactor.Redactor",
                        lambda **kw: redactor if not kw.get("include_text") else Redactor(**kw))
    src = tmp_path / "notes.md"
    src.write_text(TEXT, encoding="utf-8")
    out, review = tmp_path / "safe.md", tmp_path / "review.html"
    res = CliRunner().invoke(redact_command, [str(src), "-o", str(out), "--review", str(review)])
    assert res.exit_code == 0, res.stderr
    page = review.read_text(encoding="utf-8")
    parse(page)
    assert "notes.md" in page and "<mark" in page
    for c in CANARIES:
        assert c not in page and c not in res.stderr
    res = CliRunner().invoke(redact_command, [str(src), "-o", str(out), "--review", str(review),
                                              "--show-text"])
    assert res.exit_code == 0
    assert "Zebedee Quartermaine" in review.read_text(encoding="utf-8")


KEPT_TEXT = ("Mrs Zofia Kowalczyk appealed to the Court of Appeal. Grace was shown, "
             "as in Wednesbury.\n")


def test_review_lists_kept_words_that_looked_like_identifiers():
    red = Redactor(use_default_rules_file=False, explain=True).redact(KEPT_TEXT)
    page = render_review(KEPT_TEXT, red)
    parse(page)
    assert "Kept, but looked like an identifier" in page
    kept = page.split("Kept, but looked like an identifier", 1)[1]
    assert "<td>Wednesbury</td><td>an allow-list word</td>" in kept
    assert "<td>Grace</td><td>a common word</td>" in kept
    assert "<td>Court</td><td>an allow-list phrase</td>" in kept
    assert "Zofia" not in page and "Kowalczyk" not in page  # replaced: never listed
    assert "<td>Mrs</td>" not in kept  # titles are left out


def test_review_without_a_trace_has_no_kept_list(redaction):
    assert "Kept, but looked like" not in render_review(TEXT, redaction)


def test_redact_review_option_lists_kept_words(tmp_path):
    from balint_redact.cli.redact_cmd import redact_command

    src = tmp_path / "notes.md"
    src.write_text(KEPT_TEXT, encoding="utf-8")
    out, review = tmp_path / "safe.md", tmp_path / "review.html"
    res = CliRunner().invoke(redact_command, [str(src), "-o", str(out), "--review", str(review)])
    assert res.exit_code == 0, res.stderr
    page = review.read_text(encoding="utf-8")
    assert "<td>Wednesbury</td><td>an allow-list word</td>" in page
    assert "Kowalczyk" not in page and "Kowalczyk" not in res.stderr
    assert "Kept, but" not in out.read_text(encoding="utf-8")
