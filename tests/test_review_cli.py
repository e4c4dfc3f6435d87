"""`balint-redact review` as a process: it prints the page's address with --no-browser,
serves it on 127.0.0.1 only, ends when idle, and writes no identifier, file name or token
to stderr. "Share" from the page files the write-up as decided."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest
from conftest import CLI_EXE

from balint_redact.review import ReviewApp, Saving, ShareSettings, open_review

TEXT = ("I met my client Mrs Amina Patel on Tuesday. Honor "
        "took notes. Amina rang from 07700 900123. Honor agrees.\n")


def test_review_serves_the_page_and_ends_when_idle(tmp_path: Path) -> None:
    source = tmp_path / "Amina Patel.md"  # a file name that is a name
    source.write_text(TEXT, encoding="utf-8")
    proc = subprocess.Popen([CLI_EXE, "review", str(source), "--no-browser",
                             "--idle-timeout", "2", "--rules", str(tmp_path / "none.toml")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    # a missing rules file is a configuration error, named by its position
    assert proc.returncode == 2 and "rules file #1" in err and "none.toml" not in err

    proc = subprocess.Popen([CLI_EXE, "review", str(source), "--no-browser",
                             "--idle-timeout", "3"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=tmp_path)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        state = httpx.get(url + "state", timeout=10).json()
        assert state["segments"] and state["mode"] == "save"
        h = TEXT.index("Honor")
        r = httpx.post(url + "act", json={"op": "redact", "a": h, "b": h + 4}, timeout=10)
        assert r.json()["dirty"] is True
        assert httpx.get(url.rsplit("/", 2)[0] + "/", timeout=10).status_code == 404
        started = time.monotonic()
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0 and time.monotonic() - started < 30
    assert "Review ended (no request for --idle-timeout seconds); your decisions" in err
    # the corrections of a review left idle are kept for the next one
    from balint_redact.confirm import load_decisions

    kept = load_decisions(tmp_path / "Amina Patel.decisions.toml").for_text(TEXT)
    assert [(d.action, TEXT[d.start:d.end]) for d in kept] == [("redact", "Honor")] * 2
    token = url.rstrip("/").rsplit("/", 1)[1]
    for secret in ("Amina", "Patel", "Honor", token, str(tmp_path)):
        assert secret not in err
    assert not (tmp_path / "Amina Patel-redacted.md").exists()  # no copy saved unasked


def test_a_missing_input_is_one_line(tmp_path: Path) -> None:
    r = subprocess.run([CLI_EXE, "review", str(tmp_path / "Amina.md"), "--no-browser"],
                       capture_output=True, text=True, timeout=90)
    assert r.returncode == 1 and r.stderr.startswith("Error: the input does not exist")
    assert "Amina" not in r.stderr and "Traceback" not in r.stderr


def test_share_files_the_write_up_as_decided(redactor, tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text(TEXT, encoding="utf-8")
    records = tmp_path / "records"
    session = open_review(source, redactor)
    app = ReviewApp(session, saving=Saving(tmp_path / "o.md", tmp_path / "d.toml"),
                    sharing=ShareSettings(records, lambda: redactor, redactor=redactor,
                                          group="family-law", session="2026-11-26"))
    assert app.state()["can_share"] is True
    h = TEXT.index("Honor")
    app.handle("POST", "act", json.dumps({"op": "redact", "a": h, "b": h + 4}).encode())
    r = app.handle("POST", "share", b"{}")
    body = json.loads(r.body)
    assert r.status == 200 and body["status"] == "shared", body
    record = records / body["record"]
    assert record.read_text(encoding="utf-8") == session.rendered()[0]
    assert "Honor" not in record.read_text(encoding="utf-8")
    index = next(records.rglob("*.jsonl")).read_text(encoding="utf-8")
    assert "decisions1" in index or "decisions2" in index
    assert "Honor" not in index and "Amina" not in index


def test_share_is_refused_when_the_check_still_finds_something(redactor, tmp_path) -> None:
    source = tmp_path / "notes.md"
    source.write_text(TEXT, encoding="utf-8")
    session = open_review(source, redactor)
    a = TEXT.index("Amina Patel")
    span = next(s for s, _ in session.rendered()[1] if s.start == a)
    session.keep(span.start, span.end)  # the presenter keeps a real name
    sharing = ShareSettings(tmp_path / "records", lambda: redactor, redactor=redactor)
    body = json.loads(ReviewApp(session, sharing=sharing).handle("POST", "share", b"{}").body)
    assert body["status"] == "refused" and body["residuals"]
    assert not any("Amina" in line for line in body["residuals"])  # contexts are masked
    assert not list((tmp_path / "records").rglob("*.md"))


def test_the_local_server_stops_when_idle(redactor, tmp_path) -> None:
    from balint_redact.review import LocalReview

    source = tmp_path / "notes.md"
    source.write_text(TEXT, encoding="utf-8")
    server = LocalReview(ReviewApp(open_review(source, redactor)), idle_timeout=0.6)
    thread = threading.Thread(target=server.serve_until_done, daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive() and server.reason == "idle"


def test_no_console_browser_and_no_browser_without_a_display(monkeypatch) -> None:
    import webbrowser

    from balint_redact.review import open_in_browser

    opened = []

    class Graphical(webbrowser.BackgroundBrowser):
        def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
            opened.append(url)
            return True

    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(webbrowser, "get", lambda *a: Graphical("firefox"))
    assert open_in_browser("http://127.0.0.1:1/t/") is False and opened == []
    monkeypatch.setenv("DISPLAY", ":0")
    assert open_in_browser("http://127.0.0.1:1/t/") is True and opened == ["http://127.0.0.1:1/t/"]
    monkeypatch.setattr(webbrowser, "get", lambda *a: webbrowser.GenericBrowser("lynx"))
    assert open_in_browser("http://127.0.0.1:1/t/") is False


def test_share_waits_for_the_words_to_confirm(redactor, tmp_path) -> None:
    """Where the gate has the second reader's tier, Share refuses until the page's "to
    confirm" words are kept or redacted, and a keep on the page is what lets them pass."""
    import inspect

    from balint_redact.records import share_document

    if "confirm" not in inspect.signature(share_document).parameters:
        pytest.skip("the records gate has no second-reader tier here")
    source = tmp_path / "notes.md"
    source.write_text(TEXT, encoding="utf-8")
    session = open_review(source, redactor)
    app = ReviewApp(session, sharing=ShareSettings(tmp_path / "records", lambda: redactor,
                                                   redactor=redactor))
    body = json.loads(app.handle("POST", "share", b"{}").body)
    assert body["status"] == "to-confirm" and body["to_confirm"] >= 1
    for item in body["state"]["confirm"]:
        session.confirm(item["a"], item["b"])
    body = json.loads(app.handle("POST", "share", b"{}").body)
    assert body["status"] == "shared", body
    assert "Honor" in (tmp_path / "records" / body["record"]).read_text(encoding="utf-8")
