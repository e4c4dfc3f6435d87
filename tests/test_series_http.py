"""Series over HTTP: off by default; where a server enables them (a key file on the server),
the same placeholders across requests, the key never in a request or a log, the mapping on
the server per token."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from balint_redact.server.app import Settings, create_app  # noqa: E402

TOKEN = "series-test-token-1234567890"
KEY = "server-side-series-key-5150"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _app(**settings):
    return create_app(Settings(use_default_rules_file=False, workers=1, **settings))


def test_series_are_off_by_default(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("BALINT_REDACT_SERIES_KEY_FILE", raising=False)
    monkeypatch.setenv("BALINT_REDACT_DATA_DIR", str(tmp_path / "data"))
    app = _app()
    try:
        with TestClient(app) as c:
            r = c.post("/v1/redact", json={"text": "Amina Patel rang.", "series": "fam"})
            assert r.status_code == 422 and r.json()["error"]["code"] == "series_disabled"
            assert c.post("/v1/redact", json={"text": "Amina Patel rang."}).status_code == 200
    finally:
        app.state.pool.close()
    assert not (tmp_path / "data").exists()


def test_an_enabled_server_keeps_series_per_token(tmp_path, monkeypatch, caplog) -> None:
    data = tmp_path / "data"
    key_file = tmp_path / "key.txt"
    key_file.write_text(KEY + "\n", encoding="utf-8")
    monkeypatch.setenv("BALINT_REDACT_DATA_DIR", str(data))
    monkeypatch.setenv("BALINT_REDACT_SERIES_KEY_FILE", str(key_file))
    caplog.set_level(logging.DEBUG)
    app = _app(token=TOKEN)
    try:
        with TestClient(app, headers=AUTH) as c:
            one = c.post("/v1/redact", json={"text": "Amina Patel and Gerald Thorne met.",
                                             "series": "fam"})
            two = c.post("/v1/redact", json={"text": "Mrs Patel met Joan Whitfield.",
                                             "series": "fam"})
            plain = c.post("/v1/redact", json={"text": "Mrs Patel met Joan Whitfield."})
            bad = c.post("/v1/redact", json={"text": "x", "series": "Amina Patel"})
            tag = c.post("/v1/redact", json={"text": "Amina", "series": "fam",
                                             "options": {"style": "tag"}})
    finally:
        app.state.pool.close()
    assert one.json()["text"] == "Person A and Person B met."
    assert two.json()["text"] == "Mrs Person A met Person C."
    assert [f["placeholder"] for f in two.json()["findings"]] == ["Person A", "Person C"]
    assert plain.json()["text"] == "Mrs Person A met Person B."  # no series: lettered afresh
    assert bad.status_code == 422 and "Amina" not in bad.text
    assert tag.status_code == 422
    files = [p.name for p in (data / "series").iterdir() if p.suffix == ".series"]
    assert len(files) == 1 and files[0].startswith("http-") and TOKEN not in files[0]
    raw = (data / "series" / files[0]).read_bytes()
    assert b"Patel" not in raw and KEY.encode() not in raw
    for record in caplog.records:
        assert KEY not in record.getMessage() and "Patel" not in record.getMessage()
    # the presenter's side: with the server's key, the mapping opens (and only with it)
    from balint_redact.series import Series

    assert Series.open(files[0][: -len(".series")], KEY).labels()["Person A"] == "Amina Patel"
