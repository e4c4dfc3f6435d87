"""The review page inside `balint-redact serve` (/review): behind the API's token, detection
through the server's workers, Save as downloads, and no session token or identifier in
any log."""

from __future__ import annotations

import io
import logging
import re
import zipfile

import pytest

pytest.importorskip("fastapi")
import httpx  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from serving import uvicorn_in_thread  # noqa: E402

from balint_redact.confirm.decisions import parse_decisions, text_hash  # noqa: E402
from balint_redact.server.app import Settings, create_app  # noqa: E402

TOKEN = "review-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CANARY = "Zebedee Quartermaine"
TEXT = (f"I met my client Mr {CANARY} on Monday. Honor took notes. Zebedee "
        "rang from 07700 900123. Honor agreed.\n")


@pytest.fixture(scope="module")
def app():
    app = create_app(Settings(token=TOKEN, workers=1, use_default_rules_file=False))
    yield app
    app.state.pool.close()


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app, headers=AUTH) as c:
        yield c


def _open(client, body: bytes, kind: str = "md") -> str:
    r = client.post(f"/review/new?kind={kind}", content=body)
    assert r.status_code == 200, r.text
    url = r.json()["url"]
    assert re.fullmatch(r"s/[\w-]{20,}/", url)
    return "/review/" + url


def test_review_needs_the_api_token(app) -> None:
    with TestClient(app) as anon:
        for method, path in [("get", "/review/"), ("post", "/review/new?kind=md")]:
            r = getattr(anon, method)(path)
            assert r.status_code == 401


def test_upload_review_and_download(client) -> None:
    page = client.get("/review/")
    assert page.status_code == 200 and b'id="upload"' in page.content
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/review/static/review.js").status_code == 200
    base = _open(client, TEXT.encode("utf-8"))
    state = client.get(base + "state").json()
    assert state["mode"] == "download" and state["heartbeat"] == 0
    h = TEXT.index("Honor")
    r = client.post(base + "act", json={"op": "redact", "a": h, "b": h + 4})
    assert r.status_code == 200
    saved = client.post(base + "save", json={}).json()
    assert saved["download"] == ["download/redacted", "download/decisions"]
    red = client.get(base + "download/redacted")
    assert 'filename="redacted.md"' in red.headers["content-disposition"]
    assert "Honor" not in red.text and CANARY not in red.text and "Person" in red.text
    dec = client.get(base + "download/decisions")
    assert "Honor" not in dec.text and "Zebedee" not in dec.text
    items = parse_decisions(dec.text).documents[text_hash(TEXT)]
    assert {TEXT[d.start:d.end] for d in items} == {"Honor"}


def test_a_word_document_comes_back_as_one(client) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph(TEXT.strip())
    buf = io.BytesIO()
    d.save(buf)
    base = _open(client, buf.getvalue(), "docx")
    out = client.get(base + "download/redacted")
    assert out.headers["content-type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(out.content)) as z:
        assert CANARY.encode() not in z.read("word/document.xml")


def test_unknown_session_and_bad_kind(client) -> None:
    assert client.get("/review/s/" + "x" * 32 + "/state").status_code == 404
    assert client.post("/review/new?kind=pdf", content=b"x").status_code == 400
    r = client.post("/review/new?kind=txt", content=b"\x00\x01\x02" * 50)
    assert r.status_code == 400 and "binary" in r.json()["error"]


def test_no_session_token_or_identifier_in_any_log(app, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "balint_redact", "fastapi"):
        caplog.set_level(logging.DEBUG, logger=name)
    with uvicorn_in_thread(app, log_level="debug", access_log=True) as root:
        with httpx.Client(base_url=root, headers=AUTH, timeout=60) as h:
            r = h.post("/review/new?kind=md", content=TEXT.encode())
            base = "/review/" + r.json()["url"]
            session = base.split("/")[3]
            h.get(base)
            h.get(base + "state")
            h.post(base + "act", json={"op": "keep", "a": TEXT.index("Zebedee"),
                                       "b": TEXT.index("Zebedee") + 7})
            h.get(base + "download/redacted")
            h.get(f"/review/s/{CANARY}/state")
    access = [r.getMessage() for r in caplog.records if r.name == "uvicorn.access"]
    assert any("GET /review/s/*/" in m for m in access)
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}"
                       for r in caplog.records if not r.name.startswith(("httpx", "httpcore")))
    for secret in (session, CANARY, "Zebedee", "Quartermaine", "Honor"):
        assert secret not in logged
