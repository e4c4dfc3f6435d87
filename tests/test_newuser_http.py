"""What a new user tripped over in the HTTP API (issue 18): text/plain bodies, errors that say
what to send, a taken port, score_threshold, a per-request allow list, GET /v1/entities and
the docs assets served from the package."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from balint_redact.render import ENTITY_TYPES  # noqa: E402
from balint_redact.server import Settings, create_app  # noqa: E402

from conftest import ISSUE_TEXT, subprocess_env  # noqa: E402

NOTE = "Mrs Amina Patel rang from 07700 900123 about Leeds."


@pytest.fixture(scope="module")
def client():
    app = create_app(Settings(workers=1, use_default_rules_file=False))
    try:
        with TestClient(app) as c:
            yield c
    finally:
        app.state.pool.close()


# --- 6. what to send -------------------------------------------------------------------------

def test_text_plain_is_taken_as_the_write_up(client) -> None:
    plain = client.post("/v1/redact", content=ISSUE_TEXT.encode("utf-8"),
                        headers={"content-type": "text/plain; charset=utf-8"})
    assert plain.status_code == 200, plain.text
    as_json = client.post("/v1/redact", json={"text": ISSUE_TEXT})
    assert plain.json() == as_json.json()
    assert "Amina" not in plain.json()["text"]
    analyzed = client.post("/v1/analyze", content=NOTE, headers={"content-type": "text/plain"})
    assert analyzed.status_code == 200 and analyzed.json()["counts"]["PERSON"] == 1


def test_other_content_types_say_what_to_send(client) -> None:
    r = client.post("/v1/redact", content=b"text=" + NOTE.encode(),
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415
    message = r.json()["error"]["message"]
    assert "application/json" in message and "text/plain" in message
    assert "Amina" not in r.text and "model_attributes_type" not in r.text


def test_a_body_that_is_not_an_object_says_what_to_send(client) -> None:
    r = client.post("/v1/redact", json=NOTE)  # a JSON string, not {"text": ...}
    assert r.status_code == 422
    message = r.json()["error"]["message"]
    assert '{"text"' in message and "text/plain" in message
    assert "Amina" not in r.text


def test_bad_utf8_text_plain_is_400_without_echo(client) -> None:
    r = client.post("/v1/redact", content=b"Mrs Amina \xff Patel",
                    headers={"content-type": "text/plain"})
    assert r.status_code == 400 and "Amina" not in r.text


def test_taken_port_fails_in_one_line_before_startup(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        cmd = [sys.executable, "-c",
               "from balint_redact.cli.serve_cmd import serve_command; serve_command()",
               "--port", str(port), "--workers", "1"]
        started = time.monotonic()
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=300,
                             env=subprocess_env(tmp_path), cwd=tmp_path)
        seconds = time.monotonic() - started
    assert run.returncode == 3, run.stderr
    assert "Application startup complete" not in run.stderr + run.stdout
    errors = [ln for ln in run.stderr.splitlines() if ln.startswith("Error:")]
    assert errors == [f"Error: port {port} on 127.0.0.1 is already in use (another server?); "
                      "stop it or choose another with --port"], run.stderr
    assert "Traceback" not in run.stderr
    assert seconds < 60  # no detection worker was started first


# --- 10. Presidio's conventions ------------------------------------------------------------

def test_score_threshold_leaves_low_scores(client) -> None:
    everything = client.post("/v1/analyze", json={"text": ISSUE_TEXT}).json()["findings"]
    scores = sorted({f["score"] for f in everything})
    assert len(scores) >= 2, scores
    high = client.post("/v1/analyze", json={"text": ISSUE_TEXT, "score_threshold": scores[-1]})
    assert high.status_code == 200, high.text
    kept = high.json()["findings"]
    assert kept and len(kept) < len(everything)
    assert all(f["score"] >= scores[-1] for f in kept)
    bad = client.post("/v1/analyze", json={"text": ISSUE_TEXT, "score_threshold": 2})
    assert bad.status_code == 422 and "score_threshold" in bad.text


def test_allow_list_per_request(client) -> None:
    plain = client.post("/v1/redact", json={"text": NOTE}).json()["text"]
    assert "Leeds" not in plain
    allowed = client.post("/v1/redact", json={"text": NOTE, "allow_list": ["Leeds"]})
    assert allowed.status_code == 200, allowed.text
    text = allowed.json()["text"]
    assert "Leeds" in text and "Amina" not in text and "07700" not in text
    blank = client.post("/v1/redact", json={"text": NOTE, "allow_list": ["", "  "]})
    assert blank.status_code == 200 and blank.json()["text"] == plain
    # the next request without it is redacted as before (nothing leaks between requests)
    assert "Leeds" not in client.post("/v1/redact", json={"text": NOTE}).json()["text"]


def test_entities_lists_the_supported_types(client) -> None:
    r = client.get("/v1/entities")
    assert r.status_code == 200
    listed = r.json()["entities"]
    assert [e["entity_type"] for e in listed] == list(ENTITY_TYPES)
    person = next(e for e in listed if e["entity_type"] == "PERSON")
    assert person == {"entity_type": "PERSON", "direct": True, "tag": "[person]",
                      "lettered": True, "default": True}
    assert "/v1/entities" in client.get("/openapi.json").json()["paths"]


# --- 5. the docs assets come from the package ------------------------------------------------

def test_docs_page_points_only_at_our_own_assets(client) -> None:
    html = client.get("/docs").text
    assert "cdn.jsdelivr.net" not in html and "fastapi.tiangolo.com" not in html
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f'/static-offline-docs/{asset}' in html
        got = client.get(f"/static-offline-docs/{asset}")
        assert got.status_code == 200 and len(got.content) > 10_000
