"""The review page in a real browser (Playwright driving the system Chromium): highlights,
the legend, redacting a missed name everywhere, keeping a false positive, saving, a Word
round trip, a wrong token, and nothing requested beyond 127.0.0.1."""

from __future__ import annotations

import re
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

expect = pytest.importorskip("playwright.sync_api").expect

from balint_redact.confirm import apply_decisions, load_decisions
from balint_redact.io import load_document
from balint_redact.review import LocalReview, ReviewApp, Saving, ShareSettings, open_review
from balint_redact.review.session import spans_of
from balint_redact.review.view import render

from .conftest import only_local

#: fictional: the redactor misses the first two "Honor"s and takes "Kafkaesque" for a name
WRITEUP = ("I met my client Mrs Amina Patel on Tuesday. Honor "
           "took notes.\nAmina rang from 07700 900123; Mrs Patel's landlord, Gerald Thorne, "
           "laughed at her.\nHonor thought the argument was weak. We discussed Kafkaesque "
           "delays. Patel wants to settle; Honor agrees.\n")


def hope_reader(redacted: str, **_: object) -> list[dict[str, object]]:
    """A stand-in second reader: every surviving "Honor" is to be confirmed."""
    return [{"start": m.start(), "end": m.end(), "reason": "a known first name"}
            for m in re.finditer(r"\bHonor\b", redacted)]


@contextmanager
def served(session, saving: Saving | None, sharing: ShareSettings | None = None,
           **kw) -> Iterator[LocalReview]:
    server = LocalReview(ReviewApp(session, saving=saving, sharing=sharing), idle_timeout=60,
                         **kw)
    thread = threading.Thread(target=server.serve_until_done, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop()
        thread.join(5)


@pytest.fixture
def note(tmp_path: Path) -> Path:
    path = tmp_path / "notes.md"
    path.write_text(WRITEUP, encoding="utf-8")
    return path


def _open(page, server: LocalReview) -> None:
    page.goto(server.url)
    page.wait_for_selector("body[data-ready='1']", timeout=5000)


def _marks(page, original: str) -> list[str]:
    """The placeholder text of every replacement of ``original``."""
    return page.eval_on_selector_all(
        "mark.red", "(ms, o) => ms.filter(m => m.title.includes(': ' + o + ' (')).map("
        "m => m.textContent)", original)


def test_highlights_legend_and_to_confirm(page, note, redactor, tmp_path) -> None:
    session = open_review(note, redactor, reader=hope_reader)
    with served(session, Saving(tmp_path / "out.md", tmp_path / "d.toml")) as server:
        _open(page, server)
        doc = page.inner_text("#doc")
        assert "Amina" not in doc and "Person A" in doc and "[phone]" in doc
        assert page.locator("mark.type-PERSON.t-person").count() >= 4
        assert page.locator("mark.type-PHONE_NUMBER.t-other").count() == 1
        # the legend says who Person A is, and in how many places
        row = page.locator("#legend li[data-placeholder='Person A']")
        assert "Amina Patel" in row.inner_text() and "4 places" in row.inner_text()
        assert row.locator("button").count() == 4
        # the second reader's words are marked, and listed
        assert page.locator("#doc .w.confirm").count() == 3
        assert page.locator("#confirm li strong").count() == 3
        assert "a known first name" in page.inner_text("#confirm")
    assert only_local(page.requests_made) == []


def test_redact_a_missed_name_keep_a_false_positive_save(page, note, redactor,
                                                         tmp_path) -> None:
    out, dec = tmp_path / "out.md", tmp_path / "notes.decisions.toml"
    session = open_review(note, redactor, reader=hope_reader)
    with served(session, Saving(out, dec)) as server:
        _open(page, server)
        assert page.locator("#doc .w", has_text=re.compile("^Honor$")).count() == 3
        page.locator("#doc .w", has_text=re.compile("^Honor$")).first.click()
        expect(page.locator("#doc")).not_to_contain_text("Honor")
        hopes = _marks(page, "Honor")
        assert len(hopes) == 3 and len(set(hopes)) == 1  # every mention, one placeholder
        assert page.locator("#confirm li strong").count() == 0
        page.locator("mark.red", has_text="Name A").first.click()  # "Kafkaesque"
        expect(page.locator("#doc")).to_contain_text("Kafkaesque")
        assert "unsaved" not in page.inner_text("#summary")
        assert "not saved" in page.inner_text("#summary")
        page.click("#save")
        page.wait_for_selector("#message.ok", timeout=5000)
        assert "Saved" in page.inner_text("#message")
        shown = page.inner_text("#doc")
    saved = out.read_text(encoding="utf-8")
    assert "Honor" not in saved and "Kafkaesque" in saved and "Amina" not in saved
    assert saved.strip() == shown.strip()
    assert note.read_text(encoding="utf-8") == WRITEUP  # the input is untouched
    # the decisions file holds positions and a hash only, and a later run reads it
    raw = dec.read_text(encoding="utf-8")
    for word in ("Honor", "Kafkaesque", "Amina", "Patel"):
        assert word not in raw
    decisions = load_decisions(dec).for_text(WRITEUP)
    assert sorted((d.action, WRITEUP[d.start:d.end]) for d in decisions) == [
        ("keep", "Kafkaesque")] + [("redact", "Honor")] * 3
    spans = apply_decisions(spans_of(redactor.analyze(WRITEUP)), decisions, len(WRITEUP))
    assert render(WRITEUP, spans)[0] == saved
    assert only_local(page.requests_made) == []


def test_undo_and_keep_again(page, note, redactor, tmp_path) -> None:
    session = open_review(note, redactor)
    with served(session, Saving(tmp_path / "o.md", tmp_path / "d.toml")) as server:
        _open(page, server)
        before = page.inner_text("#doc")
        page.locator("mark.red", has_text="Person B").first.click()  # Gerald Thorne
        expect(page.locator("#doc")).to_contain_text("Thorne")
        page.click("#undo")
        expect(page.locator("#doc")).not_to_contain_text("Thorne")
        assert page.inner_text("#doc") == before
        page.locator("mark.red", has_text="Person B").first.focus()  # the keyboard works too
        page.keyboard.press("Enter")
        expect(page.locator("#doc")).to_contain_text("Thorne")


def test_word_in_word_out(page, redactor, tmp_path) -> None:
    import docx

    source = tmp_path / "notes.docx"
    d = docx.Document()
    for line in WRITEUP.splitlines():
        d.add_paragraph(line)
    d.core_properties.author = "Amina Patel"
    d.save(str(source))
    out, dec = tmp_path / "notes-redacted.docx", tmp_path / "notes.decisions.toml"
    session = open_review(source, redactor)
    with served(session, Saving(out, dec)) as server:
        _open(page, server)
        page.locator("#doc .w", has_text=re.compile("^Honor$")).first.click()
        expect(page.locator("#doc")).not_to_contain_text("Honor")
        page.click("#save")
        page.wait_for_selector("#message.ok", timeout=5000)
    assert zipfile.is_zipfile(out)
    text = load_document(out).text
    assert "Honor" not in text and "Amina" not in text and "Person A" in text
    assert docx.Document(str(out)).core_properties.author in ("", None)
    assert load_decisions(dec).for_text(load_document(source).text)


def test_wrong_token_and_foreign_host_are_refused(page, note, redactor) -> None:
    import httpx

    session = open_review(note, redactor)
    with served(session, None) as server:
        base = f"http://127.0.0.1:{server.port}"
        response = page.goto(f"{base}/{'x' * len(server.token)}/")
        assert response.status == 404 and "Amina" not in page.content()
        assert page.goto(f"{base}/").status == 404
        r = httpx.get(server.url + "state", headers={"Host": "attacker.example"})
        assert r.status_code == 404 and "Amina" not in r.text
        assert httpx.get(server.url + "state").status_code == 200


def test_the_server_ends_when_the_page_is_closed(browser, note, redactor) -> None:
    session = open_review(note, redactor)
    server = LocalReview(ReviewApp(session, saving=None), idle_timeout=60, grace=0.3)
    thread = threading.Thread(target=server.serve_until_done, daemon=True)
    thread.start()
    context = browser.new_context()
    pg = context.new_page()
    _open(pg, server)
    pg.close(run_before_unload=True)
    thread.join(10)
    context.close()
    assert not thread.is_alive() and server.reason == "closed"


def test_share_from_the_page(page, note, redactor, tmp_path) -> None:
    records = tmp_path / "records"
    sharing = ShareSettings(records, lambda: redactor, redactor=redactor, group="family-law",
                            session="2026-11-26")
    session = open_review(note, redactor)
    with served(session, Saving(tmp_path / "o.md", tmp_path / "d.toml"), sharing) as server:
        _open(page, server)
        page.locator("#doc .w", has_text=re.compile("^Honor$")).first.click()
        expect(page.locator("#doc")).not_to_contain_text("Honor")
        page.on("dialog", lambda d: d.accept())
        page.click("#share")
        expect(page.locator("#message")).to_contain_text("Shared as family-law/2026-11-26/")
    record = next(records.rglob("*.md")).read_text(encoding="utf-8")
    assert "Honor" not in record and "Amina" not in record
    assert only_local(page.requests_made) == []


def test_select_two_words_to_redact_them_as_one_name(page, redactor, tmp_path) -> None:
    source = tmp_path / "n.md"
    source.write_text("The Silver Birch practice sent a letter. Silver Birch never replied.\n",
                      encoding="utf-8")
    session = open_review(source, redactor)
    with served(session, None) as server:
        _open(page, server)
        page.select_option("#redact-as", "ORGANIZATION")
        first = page.locator("#doc .w", has_text="Silver").first.bounding_box()
        last = page.locator("#doc .w", has_text="Birch").first.bounding_box()
        page.mouse.move(first["x"] + 1, first["y"] + first["height"] / 2)
        page.mouse.down()
        page.mouse.move(last["x"] + last["width"] - 1, last["y"] + last["height"] / 2,
                        steps=5)
        page.mouse.up()
        expect(page.locator("#doc")).not_to_contain_text("Silver")
        assert page.locator("mark.type-ORGANIZATION", has_text="Organisation A").count() == 2
        assert page.locator("#legend li[data-placeholder='Organisation A']").inner_text(
        ).count("Silver Birch") == 1
