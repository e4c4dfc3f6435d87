"""The review session without a browser: rendering, the actions of the page, the decisions
it saves, the "to confirm" adapter, and the requests of the page (``ReviewApp``)."""

from __future__ import annotations

import doctest
import json
import re
from pathlib import Path

import pytest

from balint_redact.confirm import (Decision, DecisionFile, load_decisions, save_decisions,
                                   text_hash)
from balint_redact.errors import BalintRedactError, ConfigError, InputError
from balint_redact.io import load_document
from balint_redact.review import ReviewApp, Saving, default_paths, open_review, session_for
from balint_redact.review import second, view
from balint_redact.review.second import Item, to_confirm

TEXT = ("I met my client Mrs Amina Patel on Tuesday. Honor "
        "took notes.\nAmina rang from 07700 900123; Mrs Patel's landlord, Gerald Thorne, "
        "laughed at her.\nHonor thought the argument was weak. We discussed Kafkaesque "
        "delays. Patel wants to settle; Honor agrees. I honor our deal.\n")


@pytest.fixture
def note(tmp_path: Path) -> Path:
    path = tmp_path / "notes.md"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.mark.parametrize("module", [view, second])
def test_docstring_examples(module) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_rendering_matches_the_redactor(redactor, note) -> None:
    """With no decisions the page shows exactly what `redact` writes."""
    session = open_review(note, redactor)
    assert session.rendered()[0] == redactor.redact(TEXT).text
    assert session.redaction().counts() == redactor.redact(TEXT).counts()


def test_redacting_a_word_redacts_every_capitalised_mention(redactor, note) -> None:
    session = open_review(note, redactor)
    first = TEXT.index("Honor")
    changed = session.redact_word(first + 1, first + 2)  # a click anywhere in the word
    text = session.rendered()[0]
    assert changed == 3 and "Honor" not in text
    assert "I honor our deal" in text  # the verb stays
    labels = {rep for s, rep in session.rendered()[1] if TEXT[s.start:s.end] == "Honor"}
    assert len(labels) == 1  # one placeholder for every mention
    # detection found none of the three mentions: each gets a decision of its own
    assert len([d for d in session.decisions() if d.action == "redact"]) == 3


def test_possessive_and_lower_case_mentions() -> None:
    text = "gareth rang. Gareth's dog; GARETH again."
    a = text.index("Gareth's")
    assert view.word_at(text, a, a + 3) == (a, a + 6)
    g = text.index("GARETH")
    assert view.mentions(text, 0, 6) == [(0, 6), (a, a + 6), (g, g + 6)]
    assert view.mentions(text, a, a + 6) == [(a, a + 6), (g, g + 6)]


def test_keeping_a_redaction_keeps_every_redaction_of_the_same_words(redactor, note) -> None:
    session = open_review(note, redactor)
    k = TEXT.index("Kafkaesque")
    span = next(s for s, _ in session.rendered()[1] if s.start == k)
    assert session.keep(span.start, span.end) == 1
    assert "Kafkaesque" in session.rendered()[0]
    assert [(d.action, TEXT[d.start:d.end]) for d in session.decisions()] == [
        ("keep", "Kafkaesque")]
    # redacting the kept word again removes the keep, and detection's redaction is back
    session.redact_word(k, k + 10)
    assert session.decisions() == [] and session.rendered()[0] == redactor.redact(TEXT).text


def test_keeping_a_presenters_own_redaction_undoes_it(redactor, note) -> None:
    session = open_review(note, redactor)
    first = TEXT.index("Honor")
    session.redact_word(first, first + 4)
    span = next(s for s, _ in session.rendered()[1] if s.start == first)
    session.keep(span.start, span.end)
    assert "Honor took notes" in session.rendered()[0]
    assert not any(d.action == "redact" for d in session.decisions())


def test_undo_steps_back(redactor, note) -> None:
    session = open_review(note, redactor)
    before = session.rendered()[0]
    session.redact_word(TEXT.index("Honor"), TEXT.index("Honor") + 4)
    assert session.undo() and session.rendered()[0] == before and not session.undo()


def test_bad_positions_are_refused_without_text(redactor, note) -> None:
    session = open_review(note, redactor)
    for a, b in [(-1, 3), (5, 5), (0, len(TEXT) + 1), ("0", 4)]:
        with pytest.raises(InputError):
            session.redact_word(a, b)
    space = TEXT.index(" ")
    with pytest.raises(InputError, match="no word"):
        session.redact_word(space, space + 1)
    with pytest.raises(InputError, match="no redaction"):
        session.keep(0, 1)
    with pytest.raises(InputError):
        session.redact_word(0, 1, "PHONE_NUMBER")


def test_save_writes_output_and_decisions_never_over_the_input(redactor, note,
                                                               tmp_path) -> None:
    session = open_review(note, redactor)
    session.redact_word(TEXT.index("Honor"), TEXT.index("Honor") + 4)
    with pytest.raises(BalintRedactError):
        session.save(note, tmp_path / "d.toml")
    with pytest.raises(BalintRedactError):
        session.save(tmp_path / "o.md", note)
    assert note.read_text(encoding="utf-8") == TEXT
    out, dec = default_paths(note)
    assert (out.name, dec.name) == ("notes-redacted.md", "notes.decisions.toml")
    session.save(out, dec)
    assert out.read_text(encoding="utf-8") == session.rendered()[0]
    raw = dec.read_text(encoding="utf-8")
    assert "Honor" not in raw and "Amina" not in raw
    assert load_decisions(dec).for_text(TEXT) == session.decisions()


def test_a_saved_decisions_file_is_read_back_and_other_documents_kept(redactor, note,
                                                                      tmp_path) -> None:
    dec = tmp_path / "d.toml"
    other = DecisionFile()
    other.add("another write-up", Decision(0, 7, "redact"))
    h = TEXT.index("Honor")
    other.add(TEXT, Decision(h, h + 4, "redact"))
    save_decisions(dec, other)
    session = open_review(note, redactor, dec)
    assert "Honor, the" not in session.rendered()[0]
    session.save(tmp_path / "o.md", dec)
    again = load_decisions(dec)
    assert again.for_text("another write-up") and again.for_text(TEXT)


def test_a_decisions_file_beyond_the_document_is_refused(redactor, note, tmp_path) -> None:
    dec = tmp_path / "d.toml"
    f = DecisionFile()
    f.documents[text_hash(TEXT)] = [
        Decision(len(TEXT) + 5, len(TEXT) + 9, "redact")]
    save_decisions(dec, f)
    with pytest.raises(ConfigError, match="beyond the end"):
        open_review(note, redactor, dec)


# ----------------------------------------------------------------------------- to confirm

def fake_reader(redacted: str, *, original: str, findings: list) -> list[Item]:
    assert original == TEXT and findings
    return [Item(m.start(), m.end(), "a known first name")
            for m in re.finditer(r"\bHonor\b", redacted)]


def test_items_of_the_second_reader_map_back_to_the_original(redactor, note) -> None:
    session = open_review(note, redactor, reader=fake_reader)
    state = session.state()
    assert [TEXT[c["a"]:c["b"]] for c in state["confirm"]] == ["Honor"] * 3
    marked = [s["w"] for s in state["segments"] if s.get("c")]
    assert marked == ["Honor"] * 3
    first = state["confirm"][0]
    session.confirm(first["a"], first["b"])
    state = session.state()
    assert [c["kept"] for c in state["confirm"]] == [True, False, False]
    assert session.rendered()[0] == redactor.redact(TEXT).text  # a keep changes nothing


def test_the_adapter_marks_nothing_without_a_reader(monkeypatch) -> None:
    monkeypatch.setattr(second, "default_reader", lambda: None)
    assert to_confirm("Honor rang.", "Honor rang.", []) == []
    odd = [{"start": 5, "end": 99, "reason": "x"}, {"start": 0, "end": 4, "reason": ""}]
    assert to_confirm("Honor rang.", "", [], reader=lambda r, **k: odd) == [
        Item(0, 4, "to confirm")]


def test_a_failing_reader_is_shown_not_raised(redactor, note) -> None:
    def broken(redacted: str, **_: object) -> list:
        raise RuntimeError("Amina")

    state = open_review(note, redactor, reader=broken).state()
    assert state["confirm"] == [] and "RuntimeError" in state["reader_error"]
    assert "Amina" not in state["reader_error"]


# ----------------------------------------------------------------------------- requests

def _app(redactor, note, tmp_path, **kw) -> ReviewApp:
    return ReviewApp(open_review(note, redactor), saving=Saving(tmp_path / "o.md",
                                                                tmp_path / "d.toml"), **kw)


def test_requests_of_the_page(redactor, note, tmp_path) -> None:
    app = _app(redactor, note, tmp_path)
    page = app.handle("GET", "")
    assert page.status == 200 and b"static/review.js" in page.body
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store"
    assert app.handle("GET", "static/review.js").ctype.startswith("text/javascript")
    assert app.handle("GET", "static/../web.py").status == 404
    assert app.handle("GET", "static/review.html").status == 404
    h = TEXT.index("Honor")
    r = app.handle("POST", "act", json.dumps({"op": "redact", "a": h, "b": h + 4}).encode())
    assert r.status == 200 and json.loads(r.body)["dirty"] is True
    r = app.handle("POST", "save", b"{}")
    assert json.loads(r.body)["saved"] is True and (tmp_path / "o.md").exists()
    assert app.handle("POST", "share", b"{}").status == 409  # no records folder
    assert app.handle("GET", "act").status == 405
    assert app.handle("GET", "nowhere").status == 404


@pytest.mark.parametrize("body", [b"not json", b"[1]", b'{"op": "explode"}',
                                  b'{"op": "redact", "a": "Amina", "b": 3}'])
def test_bad_requests_are_400_without_echo(redactor, note, tmp_path, body) -> None:
    r = _app(redactor, note, tmp_path).handle("POST", "act", body)
    assert r.status == 400 and b"Amina" not in r.body and b"error" in r.body


def test_word_out_for_word_in(redactor, tmp_path) -> None:
    import docx

    source = tmp_path / "notes.docx"
    d = docx.Document()
    for line in TEXT.splitlines():
        d.add_paragraph(line)
    d.save(str(source))
    out, dec = default_paths(source)
    assert out.name == "notes-redacted.docx"
    session = session_for(load_document(source), redactor)
    session.redact_word(session.text.index("Honor"), session.text.index("Honor") + 4)
    session.save(out, dec)
    assert load_document(out).text.strip() == session.rendered()[0].strip()


def test_the_adapter_prefers_the_reason_in_words_and_passes_check_names() -> None:
    seen = {}

    def reader(redacted: str, **kw: object) -> list[dict[str, object]]:
        seen.update(kw)
        return [{"start": 0, "end": 4, "reason": "first-name", "why": "a known first name"}]

    assert to_confirm("Honor rang.", "Honor rang.", [], reader=reader,
                      check_names=["Honor Ward"]) == [Item(0, 4, "a known first name")]
    assert seen["check_names"] == ["Honor Ward"]
    seen.clear()
    to_confirm("Honor rang.", "Honor rang.", [], reader=reader)
    assert "check_names" not in seen  # not passed when none are given


def test_a_failed_save_names_no_path(redactor, note, tmp_path) -> None:
    blocker = tmp_path / "Amina Patel"
    blocker.write_text("not a folder", encoding="utf-8")
    for saving in (Saving(blocker / "out.md", tmp_path / "d.toml"),
                   Saving(tmp_path / "out.md", blocker / "Amina.decisions.toml")):
        r = ReviewApp(open_review(note, redactor), saving=saving).handle("POST", "save", b"{}")
        assert r.status == 400 and b"Amina" not in r.body and b"tmp" not in r.body


def test_selected_words_are_redacted_as_one_name(redactor, tmp_path) -> None:
    text = "The Silver Birch practice sent a letter.\nSilver\nBirch never replied. Birch trees.\n"
    source = tmp_path / "n.md"
    source.write_text(text, encoding="utf-8")
    session = open_review(source, redactor)
    a = text.index("Silver Birch")
    assert session.redact_word(a, a + len("Silver Birch"), "ORGANIZATION") == 2
    red = session.rendered()[0]
    assert red.count("Organisation A") == 2 and "Silver" not in red
    assert "Birch trees" in red  # the phrase, not each of its words
    for bad in [(a + 1, a + 9), (0, text.index("replied"))]:  # part of a word, a line break
        with pytest.raises(InputError, match="whole words"):
            session.redact_word(*bad)
    with pytest.raises(InputError, match="replacement"):
        session.redact_word(a - 4, a + len("Silver Birch"))  # "The Silver Birch" holds one


def test_every_file_of_the_page_ships_in_the_wheel() -> None:
    import fnmatch

    tomllib = pytest.importorskip("tomllib")

    root = Path(__file__).resolve().parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["balint_redact.review"]
    folder = root / "balint_redact" / "review"
    files = [p.relative_to(folder).as_posix() for p in (folder / "static").iterdir()]
    assert files and all(any(fnmatch.fnmatch(f, g) for g in globs) for f in files)


def test_a_later_run_with_the_decisions_writes_what_the_page_saved(redactor, note,
                                                                   tmp_path) -> None:
    """Where the Redactor reads decisions (``Redactor(decisions=)``), it writes exactly the
    copy the page saved."""
    import inspect

    from balint_redact import Redactor

    if "decisions" not in inspect.signature(Redactor).parameters:
        pytest.skip("this Redactor does not read decisions")
    session = open_review(note, redactor)
    h = TEXT.index("Honor")
    session.redact_word(h, h + 4)
    for word in ("Kafkaesque", "Amina Patel"):
        a = TEXT.index(word)
        span = next(s for s, _ in session.rendered()[1] if s.start == a)
        session.keep(span.start, span.end)
    out, dec = tmp_path / "o.md", tmp_path / "d.toml"
    session.save(out, dec)
    again = Redactor(use_default_rules_file=False, decisions=dec).redact(TEXT)
    assert again.text == out.read_text(encoding="utf-8")
