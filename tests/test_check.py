"""Tests for `balint-redact check`: library (balint_redact.batch.check), reports, and the command."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from balint_redact.batch import check as ck
from balint_redact.batch.check import (FileReport, FindingView, check_file, check_paths, check_text,
                                 fails, risk_level, view_context)
from balint_redact.cli.check_cmd import check_command
from balint_redact.errors import ConfigError, DetectionError
from balint_redact.redactor import Finding, Redactor
from balint_redact.batch.report import render

CANARIES = ("Zebedee", "Quartermaine", "zq@example.org", "07700 900845", "900845")
LEAKY = ("My client Zebedee Quartermaine rang from 07700 900845 on Monday; "
         "email zq@example.org.\nShe was upset about the hearing on 3 March 2021.\n")
CLEAN = "The hearing went badly and I felt tired afterwards.\nWe talked about it in the group.\n"
QUASI = "The hearing was listed for 3 March 2021 and I felt unprepared.\n"


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor()


@pytest.fixture(scope="module")
def cli_redactor(redactor, request):
    """Let the command reuse the module's Redactor instead of loading one per invocation."""
    def factory(**options):
        if any(options.get(k) for k in ("model", "rules", "known_names", "entities", "style",
                                         "keep_titles", "include_text")):
            return Redactor(**options)
        return redactor

    mp = pytest.MonkeyPatch()
    mp.setattr("balint_redact.redactor.Redactor", factory)
    request.addfinalizer(mp.undo)
    return redactor


def write_docx(path: Path, paragraphs: list[str]) -> Path:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(str(path))
    return path


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    (root / "sub").mkdir(parents=True)
    (root / "leaky.txt").write_text(LEAKY, encoding="utf-8")
    (root / "sub" / "clean.md").write_text(CLEAN, encoding="utf-8")
    write_docx(root / "sub" / "letter.docx", ["Dear colleague,", LEAKY.splitlines()[0]])
    (root / "corrupt.docx").write_bytes(b"PK\x03\x04 this is not a zip at all")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00data" * 10)
    (root / "empty.md").write_bytes(b"")
    (root / ".hidden.txt").write_text(LEAKY, encoding="utf-8")
    (root / "ignored.pdf").write_bytes(b"%PDF-1.4")
    return root


def run(args: list[str]):
    return CliRunner().invoke(check_command, [str(a) for a in args])


def assert_no_canary(*texts: str) -> None:
    for t in texts:
        for c in CANARIES:
            assert c not in t, f"identifier {c!r} leaked"


# --- check_text, risk, fails ------------------------------------------------------------

def test_check_text_finds_identifiers_and_honours_min_score(redactor):
    found = check_text(redactor, LEAKY)
    types = {f.entity_type for f in found}
    assert {"PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS"} <= types
    assert all(isinstance(f, Finding) for f in found)
    assert [f.start for f in found] == sorted(f.start for f in found)
    assert check_text(redactor, LEAKY, min_score=1.01) == []
    high = check_text(redactor, LEAKY, min_score=0.95)
    assert all(f.score >= 0.95 for f in high) and len(high) < len(found)


def test_redacted_text_yields_no_direct_identifiers(redactor):
    red = redactor.redact(LEAKY)
    assert not [f for f in check_text(redactor, red.text) if f.direct]
    assert check_text(redactor, CLEAN) == []


def test_placeholder_only_spans_are_not_residual(redactor, monkeypatch):
    text = "Person A rang; see [email] and Organisation B."
    fake = [Finding(0, 8, "PERSON", 0.9, "Person A", True),
            Finding(19, 26, "EMAIL_ADDRESS", 1.0, "[email]", True),
            Finding(31, 46, "ORGANIZATION", 0.85, "Organisation A", False),
            Finding(9, 13, "PERSON", 0.9, "Person B", True)]
    monkeypatch.setattr(redactor, "analyze", lambda t: fake)
    assert [text[f.start:f.end] for f in check_text(redactor, text)] == ["rang"]


def fv(etype: str, direct: bool, score: float) -> FindingView:
    return FindingView(etype, direct, score, 1, 1, "…")


@pytest.mark.parametrize("findings,expected", [
    ([], "none"),
    ([fv("DATE", False, 0.99)], "low"),
    ([fv("DATE", False, 0.9), fv("PERSON", True, 0.5)], "medium"),
    ([fv("DATE", False, 0.9), fv("PERSON", True, 0.5), fv("EMAIL_ADDRESS", True, 0.8)], "high"),
])
def test_risk_level(findings, expected):
    assert risk_level(findings) == expected


def test_fails_selectors():
    rep = FileReport("a.txt", "findings", "medium", {"DATE": 1, "PERSON": 1},
                     [fv("DATE", False, 0.9), fv("PERSON", True, 0.4)], None)
    assert fails(rep, "direct")
    assert not fails(rep, "direct", min_score=0.5)
    assert fails(rep, "any", min_score=0.5)
    assert fails(rep, "DATE") and fails(rep, "phone_number,date")
    assert not fails(rep, "EMAIL_ADDRESS")
    quasi = FileReport("b.txt", "findings", "low", {"DATE": 1}, [fv("DATE", False, 0.9)], None)
    assert not fails(quasi, "direct") and fails(quasi, "any")
    assert not fails(FileReport("c.txt", "clean", "none", {}, [], None), "any")
    assert fails(FileReport("d.txt", "unreadable", "none", {}, [], "binary"), "direct")
    with pytest.raises(ConfigError):
        fails(rep, "NOT_A_TYPE")


# --- contexts ------------------------------------------------------------------------------

def test_context_masks_finding_and_other_identifiers():
    text = "Yesterday Amina Patel rang from 07700 900123 on Monday about the contact order."
    a, b = text.index("07700"), text.index("07700") + 12
    p = (text.index("Amina"), text.index("Amina") + 11)
    ctx = view_context(text, a, b, [p, (a, b)])
    assert ctx == "███ rang from ███ on ███ about the contact order."  # capitalised: masked
    assert "Amina" not in ctx and "Patel" not in ctx and "07700" not in ctx
    shown = view_context(text, a, b, [p, (a, b)], show_text=True)
    assert "07700 900123" in shown


def test_context_masks_partial_overlap_and_keeps_whole_words():
    text = ("word " * 20) + "Bartholomew Featherstonehaugh said 07700 900123 is mine" + (" x" * 30)
    a = text.index("07700")
    name = (text.index("Bartholomew"), text.index("Bartholomew") + 29)
    ctx = view_context(text, a, a + 12, [name], width=30)
    assert "Featherstonehaugh" not in ctx and "haugh" not in ctx and "Bartholomew" not in ctx
    assert ctx.startswith("…") and ctx.endswith("…")
    for piece in ctx.strip("…").split():
        assert piece in {"word", "███", "said", "is", "mine", "x"}


def test_context_stays_on_its_line_and_strips_controls():
    text = "First line Zed\nrang from 07700 900123\x1b[31m today\nThird line"
    a = text.index("07700")
    ctx = view_context(text, a, a + 12, [])
    assert "First" not in ctx and "Third" not in ctx and "\x1b" not in ctx
    assert ctx.startswith("rang from ███")


# --- files ---------------------------------------------------------------------------------

def test_check_file_reports_line_column_and_masked_context(redactor, tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("Intro line.\n" + LEAKY, encoding="utf-8")
    rep = check_file(redactor, f, 10 * 1024 * 1024)
    assert rep.status == "findings" and rep.risk == "high" and rep.error is None
    assert rep.counts["PHONE_NUMBER"] == 1 and sum(rep.counts.values()) == len(rep.findings)
    phone = next(v for v in rep.findings if v.entity_type == "PHONE_NUMBER")
    assert (phone.line, phone.column) == (2, LEAKY.index("07700") + 1)
    assert phone.direct and phone.text is None and "rang from ███" in phone.context
    assert_no_canary(json.dumps(rep.to_dict()))
    shown = check_file(redactor, f, 10 * 1024 * 1024, show_text=True)
    assert next(v for v in shown.findings if v.entity_type == "PHONE_NUMBER").text == \
        "07700 900845"


def test_check_file_docx_lines_are_paragraphs(redactor, tmp_path):
    f = write_docx(tmp_path / "a.docx", ["Heading", "Second paragraph.", LEAKY.splitlines()[0]])
    rep = check_file(redactor, f, 10 * 1024 * 1024)
    person = next(v for v in rep.findings if v.entity_type == "PERSON")
    assert person.line == 3 and person.column == len("My client ") + 1
    assert_no_canary(person.context)


@pytest.mark.parametrize("name,data,needle", [
    ("corrupt.docx", b"PK\x03\x04 nope", "not a Word"),
    ("legacy.docx", b"\xd0\xcf\x11\xe0" + b"\x00" * 600, "docx"),
    ("binary.txt", b"\x00\x01binary\x00", "binary"),
    ("empty.md", b"", "empty"),
    ("blank.txt", b"   \n\n  ", "empty"),
])
def test_unreadable_files_are_reported_not_raised(redactor, tmp_path, name, data, needle):
    f = tmp_path / name
    f.write_bytes(data)
    rep = check_file(redactor, f, 10 * 1024 * 1024)
    assert rep.status == "unreadable" and rep.findings == [] and rep.counts == {}
    assert needle.lower() in (rep.error or "").lower()


def test_too_large_is_unreadable(redactor, tmp_path):
    f = tmp_path / "big.txt"
    f.write_text("x " * 100, encoding="utf-8")
    rep = check_file(redactor, f, 50)
    assert rep.status == "unreadable" and "too large" in rep.error


def test_check_paths_walks_trees_in_order_and_reports_progress(redactor, archive):
    seen: list[int] = []
    reports = check_paths([archive], {}, jobs=1, show_text=False, min_score=0.0,
                          progress=seen.append, redactor=redactor)
    names = [Path(r.path).relative_to(archive).as_posix() for r in reports]
    assert names == ["binary.txt", "corrupt.docx", "empty.md", "leaky.txt", "sub/clean.md",
                     "sub/letter.docx"]
    assert sum(seen) == len(reports)
    by = {n: r for n, r in zip(names, reports)}
    assert by["sub/clean.md"].status == "clean" and by["sub/clean.md"].risk == "none"
    assert by["leaky.txt"].risk == "high" and by["sub/letter.docx"].status == "findings"
    assert {by[n].status for n in ("binary.txt", "corrupt.docx", "empty.md")} == {"unreadable"}


def test_check_paths_parallel_matches_serial(redactor, tmp_path):
    for i in range(20):
        body = LEAKY if i % 3 == 0 else CLEAN if i % 3 == 1 else QUASI
        (tmp_path / f"f{i:02d}.txt").write_text(body, encoding="utf-8")
    (tmp_path / "zz-broken.docx").write_bytes(b"not a zip")
    serial = check_paths([tmp_path], {}, 1, False, 0.0, redactor=redactor)
    seen: list[int] = []
    parallel = check_paths([tmp_path], {}, 2, False, 0.0, progress=seen.append,
                           redactor=redactor)
    assert [r.to_dict() for r in parallel] == [r.to_dict() for r in serial]
    assert len(parallel) == 21 and sum(seen) == 21 and len(seen) > 1
    assert parallel[-1].status == "unreadable"


def test_check_paths_dedupes_and_excludes(redactor, tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(CLEAN, encoding="utf-8")
    report = tmp_path / "report.txt"
    report.write_text(LEAKY, encoding="utf-8")
    out = check_paths([a, tmp_path, a], {}, 1, False, 0.0, redactor=redactor, exclude=[report])
    assert [Path(r.path).name for r in out] == ["a.txt"]


def test_bad_configuration_fails_before_any_file(tmp_path):
    with pytest.raises(ConfigError):
        check_paths([tmp_path], {"entities": ["NOPE"]}, 2, False, 0.0)


def test_detection_failure_raises_naming_the_file(redactor, tmp_path, monkeypatch):
    f = tmp_path / "a.txt"
    f.write_text(LEAKY, encoding="utf-8")

    def boom(*_a, **_k):
        raise RuntimeError("Zebedee Quartermaine")

    monkeypatch.setattr(redactor, "redact_many", boom)
    monkeypatch.setattr(redactor, "analyze", boom)
    with pytest.raises(DetectionError) as info:
        check_file(redactor, f, 1 << 20)
    assert "a.txt" in str(info.value)
    assert_no_canary(str(info.value))


# --- reports -------------------------------------------------------------------------------

META = {"tool": "balint-redact 9.9.9", "rules_fingerprint": "fp", "fail_on": "direct",
        "min_score": 0.0}


@pytest.fixture()
def reports(redactor, archive):
    return check_paths([archive], {}, 1, False, 0.0, redactor=redactor)


def test_json_schema(reports):
    doc = json.loads(render(reports, "json", META))
    assert set(doc) == {"version", "tool", "rules_fingerprint", "options", "summary", "files"}
    assert doc["version"] == 1 and doc["tool"] == "balint-redact 9.9.9"
    assert doc["rules_fingerprint"] == "fp"
    s = doc["summary"]
    assert (s["files"], s["clean"], s["findings"], s["unreadable"]) == (6, 1, 2, 3)
    assert s["risk"] == {"none": 1, "low": 0, "medium": 0, "high": 2}
    assert s["total_findings"] == sum(s["counts"].values()) and s["failing"] == 5
    for f in doc["files"]:
        assert set(f) == {"path", "status", "risk", "counts", "error", "findings"}
        assert f["status"] in ("clean", "findings", "unreadable")
        assert f["risk"] in ("none", "low", "medium", "high")
        assert (f["error"] is None) == (f["status"] != "unreadable")
        for g in f["findings"]:
            assert set(g) == {"entity_type", "direct", "score", "line", "column", "context"}
            assert isinstance(g["line"], int) and isinstance(g["direct"], bool)
    assert render(reports, "json", META) == render(reports, "json", META)  # stable


def test_csv_one_row_per_file(reports):
    rows = list(csv.DictReader(io.StringIO(render(reports, "csv", META))))
    assert len(rows) == 6
    leaky = next(r for r in rows if r["path"].endswith("leaky.txt"))
    assert leaky["risk"] == "high" and leaky["fails"] == "1" and int(leaky["PERSON"]) >= 1
    clean = next(r for r in rows if r["path"].endswith("clean.md"))
    assert clean["fails"] == "0" and clean["findings"] == "0"


def test_csv_neutralises_formulas():
    rep = FileReport("=HYPERLINK(1).txt", "clean", "none", {}, [], None)
    assert "'=HYPERLINK" in render([rep], "csv", META)


class Page(HTMLParser):
    VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.values: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.values += [v or "" for _, v in attrs]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.values.append(data)


def parse_page(page: str) -> Page:
    p = Page()
    p.feed(page)
    p.close()
    assert not p.stack, f"unclosed: {p.stack}"
    assert page.startswith("<!DOCTYPE html>")
    assert "script" not in p.tags and "link" not in p.tags and "img" not in p.tags
    assert "http://" not in page and "https://" not in page and "style" in p.tags
    return p


def test_html_parses_and_holds_no_identifiers(reports):
    page = render(reports, "html", META)
    p = parse_page(page)
    text = " ".join(p.values)
    assert_no_canary(page, text)
    assert "leaky.txt" in text and "unreadable" in text and "███" in text


def test_html_escapes_paths_and_errors():
    rep = FileReport("<b>x</b>&.txt", "unreadable", "none", {}, [], "<i>bad</i>")
    page = render([rep], "html", META)
    parse_page(page)
    assert "<b>x" not in page and "&lt;b&gt;x&lt;/b&gt;&amp;.txt" in page


def test_table_lists_files_and_findings(reports):
    out = render(reports, "table", META)
    assert "leaky.txt" in out and "PHONE_NUMBER" in out and "FAIL" in out
    assert "corrupt.docx" in out and "unreadable" in out
    assert_no_canary(out)


def test_unknown_format(reports):
    with pytest.raises(ConfigError):
        render(reports, "xml", META)


# --- the command ---------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["table", "json", "csv", "html"])
def test_cli_canaries_absent_by_default(cli_redactor, archive, fmt):
    res = run([archive, "--format", fmt])
    assert res.exit_code == 1
    assert_no_canary(res.stdout, res.stderr)
    assert "Checked 6 files" in res.stderr and "3 unreadable" in res.stderr


@pytest.mark.parametrize("fmt", ["table", "json", "html"])
def test_cli_show_text_shows_identifiers_in_report_only(cli_redactor, archive, fmt):
    res = run([archive, "--format", fmt, "--show-text"])
    assert res.exit_code == 1
    for c in ("Zebedee Quartermaine", "zq@example.org", "07700 900845"):
        assert c in res.stdout
    assert_no_canary(res.stderr)


def test_cli_output_file_is_written_and_not_rescanned(cli_redactor, archive):
    out = archive / "report.txt"
    for _ in range(2):
        res = run([archive, "-o", out])
        assert res.exit_code == 1 and res.stdout == ""
        assert "Checked 6 files" in res.stderr
    body = out.read_text(encoding="utf-8")
    assert "leaky.txt" in body and "report.txt" not in body
    assert not list(archive.glob(".balint-*.tmp"))
    assert_no_canary(body, res.stderr)


def test_cli_json_to_file_lists_every_file(cli_redactor, archive, tmp_path):
    out = tmp_path / "r.json"
    res = run([archive, "--format", "json", "-o", out, "-j", "2"])
    assert res.exit_code == 1
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["files"]) == 6 and doc["summary"]["files"] == 6
    assert_no_canary(out.read_text(encoding="utf-8"))


def test_cli_exit_codes(cli_redactor, tmp_path):
    clean = tmp_path / "clean.md"
    clean.write_text(CLEAN, encoding="utf-8")
    quasi = tmp_path / "quasi.txt"
    quasi.write_text(QUASI, encoding="utf-8")
    leaky = tmp_path / "leaky.txt"
    leaky.write_text(LEAKY, encoding="utf-8")
    assert run([clean]).exit_code == 0
    assert run([clean, quasi]).exit_code == 0  # dates are quasi: not failing by default
    assert run([clean, quasi, "--fail-on", "any"]).exit_code == 1
    assert run([quasi, "--fail-on", "DATE"]).exit_code == 1
    assert run([leaky, "--fail-on", "URL,IBAN_CODE"]).exit_code == 0
    assert run([leaky]).exit_code == 1
    assert run([leaky, "--min-score", "1.0", "--fail-on", "PERSON"]).exit_code == 0
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"garbage")
    res = run([clean, broken])
    assert res.exit_code == 1 and "1 unreadable" in res.stderr


def test_cli_bad_options_exit_2(cli_redactor, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(CLEAN, encoding="utf-8")
    res = run([f, "--fail-on", "NOT_A_TYPE"])
    assert res.exit_code == 2 and res.stderr.startswith("Error: --fail-on")
    assert run([tmp_path / "missing.txt"]).exit_code == 2
    assert run([f, "--format", "xml"]).exit_code == 2
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    res = run([empty_dir])
    assert res.exit_code == 2 and "no supported files" in res.stderr


def test_cli_config_error_exit_2(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(CLEAN, encoding="utf-8")
    res = run([f, "--entities", "NOT_A_TYPE"])
    assert res.exit_code == 2 and "unknown entity type" in res.stderr


def test_cli_detection_error_exit_2(cli_redactor, tmp_path, monkeypatch):
    f = tmp_path / "a.txt"
    f.write_text(LEAKY, encoding="utf-8")

    def boom(*_a, **_k):
        raise DetectionError("a recognizer timed out")

    monkeypatch.setattr(cli_redactor, "redact_many", boom)
    monkeypatch.setattr(cli_redactor, "analyze", boom)
    res = run([f])
    assert res.exit_code == 2 and res.stdout == ""
    assert "Error:" in res.stderr and "timed out" in res.stderr
    assert_no_canary(res.stderr)


def test_cli_unwritable_output_exit_2(cli_redactor, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(CLEAN, encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    res = run([f, "-o", blocker / "report.json"])
    assert res.exit_code == 2 and res.stderr.startswith("Error:")


def test_cli_no_progress_bar_when_not_a_terminal(cli_redactor, archive):
    res = run([archive, "--quiet"])
    assert res.stderr == ""
    from balint_redact.cli import check_cmd

    assert check_cmd._progress(10) is None


def test_cli_help_documents_exit_codes():
    res = run(["--help"])
    assert res.exit_code == 0
    for needle in ("Exit codes", "--fail-on", "--show-text", "--jobs", "--format", "Examples"):
        assert needle in res.stdout


def test_worker_state_is_reset(redactor, tmp_path):
    for i in range(20):
        (tmp_path / f"{i}.txt").write_text(CLEAN, encoding="utf-8")
    check_paths([tmp_path], {}, 2, False, 0.0, redactor=redactor)
    assert ck._WORKER is None
