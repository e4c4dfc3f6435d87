"""The HTTP API (balint_redact.server.app) and `balint-redact serve` (cli/serve_cmd.py).

The app is built once for the module (the pipeline loads once); one test also starts a real
server process on a free loopback port and talks to it over HTTP.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

fastapi = pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")
uvicorn = pytest.importorskip("uvicorn")

from click.testing import CliRunner  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from serving import free_port, uvicorn_in_thread, wait_for_health  # noqa: E402

from balint_redact.cli.serve_cmd import is_loopback, parse_size, serve_command  # noqa: E402
from balint_redact.errors import ConfigError  # noqa: E402
from balint_redact.server.app import (DEFAULT_MAX_BODY_BYTES, MAX_KNOWN_NAMES,  # noqa: E402
                                  MAX_RULES_BYTES, RedactorPool, Settings, app_from_env,
                                  create_app)

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LIMIT = 256 * 1024
CANARY_NAME = "Zebedee Quartermaine"
CANARY_EMAIL = "zq@example.org"
CANARIES = (CANARY_NAME, CANARY_EMAIL, "Zebedee", "Quartermaine")
WRITEUP = (f"I met my client Mr {CANARY_NAME} at Leeds County Court on 3 March 2023. "
           f"He emails from {CANARY_EMAIL} and rang from 07700 900123. Zebedee was anxious.")
FINDING_KEYS = {"start", "end", "entity_type", "score", "placeholder", "direct"}


def _no_canary(text: str) -> None:
    for c in CANARIES:
        assert c not in text, f"{c!r} leaked"


@pytest.fixture(scope="module")
def app():
    app = create_app(Settings(token=TOKEN, max_body_bytes=LIMIT))
    yield app
    app.state.pool.close()


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app, headers=AUTH) as c:
        yield c


@pytest.fixture(scope="module")
def anon(app):
    """A client that sends no token."""
    with TestClient(app) as c:
        yield c


# ----------------------------------------------------------------------------- endpoints

def test_health_needs_no_token(anon):
    r = anon.get("/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


def test_redact_returns_text_findings_and_counts(client):
    r = client.post("/v1/redact", json={"text": WRITEUP, "known_names": [CANARY_NAME]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"text", "findings", "counts"}
    _no_canary(body["text"])
    assert "07700 900123" not in body["text"]
    assert "Person A" in body["text"] and "[email]" in body["text"]
    types = set()
    for f in body["findings"]:
        assert set(f) == FINDING_KEYS  # never the original text
        assert 0 <= f["start"] < f["end"] <= len(WRITEUP)
        types.add(f["entity_type"])
    spans = {WRITEUP[f["start"]:f["end"]] for f in body["findings"]}
    assert CANARY_EMAIL in spans and "07700 900123" in spans
    assert {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"} <= types
    counts: dict[str, int] = {}
    for f in body["findings"]:
        counts[f["entity_type"]] = counts.get(f["entity_type"], 0) + 1
    assert body["counts"] == counts


def test_analyze_returns_findings_only(client):
    r = client.post("/v1/analyze", json={"text": WRITEUP})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"findings", "counts"}
    assert body["counts"].get("EMAIL_ADDRESS") == 1
    _no_canary(r.text)


def test_options_style_entities_keep_titles(client):
    text = f"Mrs Amina Patel wrote from amina@example.com about {CANARY_NAME}."
    tag = client.post("/v1/redact", json={"text": text, "options": {"style": "tag"}}).json()
    assert "[person]" in tag["text"] and "[email]" in tag["text"]
    only = client.post("/v1/redact", json={"text": text,
                                           "options": {"entities": ["EMAIL_ADDRESS"]}}).json()
    assert only["counts"] == {"EMAIL_ADDRESS": 1}
    assert "Amina Patel" in only["text"] and "amina@example.com" not in only["text"]
    kept = client.post("/v1/redact", json={"text": text, "options": {"keep_titles": True}})
    assert kept.status_code == 200 and kept.json()["text"].startswith("Mrs Person")
    dropped = client.post("/v1/redact", json={"text": text, "options": {"keep_titles": False}})
    assert dropped.status_code == 200 and "Amina" not in dropped.json()["text"]


def test_per_request_known_names_and_rules(client):
    text = "We discussed kx-bluewren; then Olwen Tregarthen called. olwen was upset."
    term = text.index("kx-bluewren"), text.index("kx-bluewren") + len("kx-bluewren")

    def findings(**extra):
        r = client.post("/v1/analyze", json={"text": text, **extra})
        assert r.status_code == 200, r.text
        return r.json()["findings"]

    def covers(fs, span, etype):
        return any(f["entity_type"] == etype and f["start"] <= span[0] and f["end"] >= span[1]
                   for f in fs)

    assert not covers(findings(), term, "MATTER_REFERENCE")
    rules = '[[terms]]\nentity = "MATTER_REFERENCE"\nterms = ["kx-bluewren"]\n'
    with_rules = findings(rules=rules, known_names=["Olwen Tregarthen"])
    assert covers(with_rules, term, "MATTER_REFERENCE")
    lower = text.index("olwen")
    assert covers(with_rules, (lower, lower + 5), "PERSON")  # a known name's part, any case
    r = client.post("/v1/redact", json={"text": text, "rules": rules,
                                        "known_names": ["Olwen Tregarthen"]})
    out = r.json()["text"]
    assert "bluewren" not in out and "olwen" not in out.lower() and "Tregarthen" not in out
    # the next request without them is back to the server's defaults
    assert not covers(findings(), term, "MATTER_REFERENCE")


def test_redactor_cache_is_reused_and_bounded():
    """The cache each detection worker keeps (RedactorPool runs inside the workers)."""
    pool = RedactorPool(Settings(use_default_rules_file=False))
    key = ({"style": "tag"}, ("Olwen Tregarthen",), None)
    assert pool.get(*key) is pool.get(*key)
    assert pool.get(None, (), None) is pool.default
    for i in range(12):
        pool.run(None, (f"Name{i} Surname",), None, "x")
    assert len(pool._cache) <= pool.settings.cache_size


# ----------------------------------------------------------------------------- auth

@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": f"Bearer {TOKEN}x"}])
def test_token_required_except_health(anon, headers):
    for method, path in [("post", "/v1/redact"), ("post", "/v1/analyze"),
                         ("get", "/openapi.json"), ("get", "/docs")]:
        r = getattr(anon, method)(path, headers=headers,
                                  **({"json": {"text": WRITEUP}} if method == "post" else {}))
        assert r.status_code == 401, (path, r.status_code)
        assert r.json()["error"]["code"] == "unauthorized"
        assert r.headers["www-authenticate"].startswith("Bearer")
        _no_canary(r.text)


def test_openapi_and_docs(client):
    spec = client.get("/openapi.json").json()
    assert {"/health", "/v1/redact", "/v1/analyze"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


# ----------------------------------------------------------------------------- errors

def test_malformed_json_is_422_without_echo(client):
    r = client.post("/v1/redact", content=f'{{"text": "{CANARY_NAME} {CANARY_EMAIL}',
                    headers={"content-type": "application/json"})
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "invalid_request" and "malformed JSON" in err["message"]
    _no_canary(r.text)


@pytest.mark.parametrize("payload, where", [
    ({"text": [CANARY_NAME]}, "body.text"),
    ({"known_names": [CANARY_NAME]}, "body.text"),  # text missing
    ({"text": WRITEUP, "options": {"style": CANARY_NAME}}, "body.options.style"),
    ({"text": WRITEUP, "options": {"entities": [CANARY_EMAIL]}}, "body.options.entities.0"),
    ({"text": WRITEUP, "options": {"keep_titles": CANARY_NAME}}, "body.options.keep_titles"),
    ({"text": WRITEUP, "known_names": [CANARY_NAME * 11]}, "body.known_names.0"),
    ({"text": WRITEUP, "known_names": CANARY_NAME}, "body.known_names"),
    ({"text": WRITEUP, "extra": CANARY_EMAIL}, "body.…"),
    ({"text": WRITEUP, "rules": 7}, "body.rules"),
])
def test_bad_fields_are_422_with_locations_only(client, payload, where):
    r = client.post("/v1/redact", json=payload)
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert err["code"] == "invalid_request"
    assert where in err["message"]
    assert all("input" not in d for d in err["details"])
    _no_canary(r.text)


def test_unknown_option_key_located_not_echoed(client):
    r = client.post("/v1/redact", json={"text": WRITEUP, "options": {"styel": "red"}})
    assert r.status_code == 422
    message = r.json()["error"]["message"]
    assert "body.options.…: unknown key (did_you_mean=style)" in message
    assert "styel" not in r.text and "red" not in r.text.replace("redact", "")
    # a key the client sent is input too: it could be a name
    r = client.post("/v1/redact", json={"text": WRITEUP, CANARY_NAME: 1,
                                        "options": {CANARY_EMAIL: True}})
    assert r.status_code == 422 and "body.…: unknown key" in r.json()["error"]["message"]
    _no_canary(r.text)


def test_too_many_known_names(client):
    names = [f"N{i}" for i in range(MAX_KNOWN_NAMES + 1)]
    r = client.post("/v1/redact", json={"text": "x", "known_names": names})
    assert r.status_code == 422
    assert "body.known_names" in r.json()["error"]["message"]


def test_rules_errors_are_422(client):
    bad_toml = client.post("/v1/redact", json={"text": WRITEUP,
                                               "rules": f'x = "{CANARY_NAME}'})
    assert bad_toml.status_code == 422
    assert bad_toml.json()["error"]["code"] == "invalid_rules"
    _no_canary(bad_toml.text)
    bad_entity = client.post("/v1/redact", json={
        "text": WRITEUP, "rules": '[[terms]]\nentity = "NOPE"\nterms = ["a"]\n'})
    assert bad_entity.status_code == 422
    assert "unknown entity type" in bad_entity.json()["error"]["message"]
    # a rules file over HTTP may not name files on the server
    reads_file = client.post("/v1/redact", json={
        "text": WRITEUP, "rules": '[allow]\nfile = "/etc/passwd"\n'})
    assert reads_file.status_code == 422
    assert "file keys are not allowed" in reads_file.json()["error"]["message"]
    too_big = client.post("/v1/redact", json={"text": "x", "rules": "#" * (MAX_RULES_BYTES + 1)})
    assert too_big.status_code == 422 and "KB" in too_big.json()["error"]["message"]


def test_body_limit_413_by_length_and_by_stream(client):
    big = {"text": (WRITEUP + "\n") * (LIMIT // len(WRITEUP) + 1)}
    r = client.post("/v1/redact", json=big)
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "body_too_large"
    _no_canary(r.text)
    data = json.dumps(big).encode()

    def chunks():  # no Content-Length: the limit is enforced while reading
        for i in range(0, len(data), 16384):
            yield data[i:i + 16384]

    r = client.post("/v1/redact", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert client.post("/v1/redact", json={"text": WRITEUP * 50}).status_code == 200


def test_default_body_limit_is_1mb():
    assert Settings().max_body_bytes == DEFAULT_MAX_BODY_BYTES == 1024 * 1024


def test_detection_failure_is_503_fail_closed(client):
    # a rule whose regex backtracks catastrophically: detection times out and fails closed
    rules = '[[pattern]]\nname = "slow"\nentity = "ID"\nregex = "(a|aa)+$"\nscore = 0.5\n'
    r = client.post("/v1/redact", json={"text": f"{CANARY_NAME} " + "a" * 40 + "!",
                                        "rules": rules})
    assert r.status_code == 503
    body = r.json()
    assert set(body) == {"error"} and body["error"]["code"] == "detection_failed"
    _no_canary(r.text)


def test_unknown_path_and_method_are_json(client):
    r = client.get("/v1/nothing")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = client.get("/v1/redact")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"


# ----------------------------------------------------------------------------- canary in logs

def test_canary_never_in_responses_or_logs(app, caplog):
    """Real uvicorn in this process (log_config=None so its records reach caplog)."""
    caplog.set_level(logging.DEBUG)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi",
                 "balint_redact", "fastapi"):
        caplog.set_level(logging.DEBUG, logger=name)
    bodies = []
    with uvicorn_in_thread(app, log_level="debug", access_log=True) as base:
        with httpx.Client(base_url=base, headers=AUTH, timeout=60) as h:
            requests = [
                ("post", "/v1/redact", {"json": {"text": WRITEUP, "known_names": [CANARY_NAME]}}),
                ("post", "/v1/analyze", {"json": {"text": WRITEUP}}),
                ("post", "/v1/redact", {"content": f'{{"text": "{CANARY_NAME}',
                                        "headers": {"content-type": "application/json"}}),
                ("post", "/v1/redact", {"json": {"text": WRITEUP,
                                                 "options": {"style": CANARY_EMAIL}}}),
                ("post", "/v1/redact", {"json": {"text": WRITEUP, "rules": f"{CANARY_NAME} ="}}),
                ("post", "/v1/redact", {"json": {"text": WRITEUP * 2000}}),
                ("post", f"/v1/redact?who={CANARY_NAME}&mail={CANARY_EMAIL}",
                 {"json": {"text": WRITEUP}}),
                ("get", f"/nowhere?q={CANARY_NAME}", {}),
            ]
            for method, path, kwargs in requests:
                r = getattr(h, method)(path, **kwargs)
                assert r.status_code < 500
                bodies.append(r.text)
            r = h.post("/v1/redact", json={"text": WRITEUP}, headers={"Authorization": "x"})
            assert r.status_code == 401
            bodies.append(r.text)
    for body in bodies:
        _no_canary(body)
    access = [r for r in caplog.records if r.name == "uvicorn.access"]
    assert access, "expected uvicorn access log records"
    assert any("POST /v1/redact" in r.getMessage() for r in access)
    # everything the server side logged (the test's own HTTP client, httpx, logs its URLs)
    server_side = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert any(r.name.startswith("balint_redact") for r in server_side)
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in server_side)
    _no_canary(logged)


# ----------------------------------------------------------------------------- real process

def test_real_server_process_over_http(tmp_path):
    port = free_port()
    log = tmp_path / "server.log"
    env = {**os.environ, "BALINT_REDACT_TOKEN": TOKEN, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-c",
           "from balint_redact.cli.serve_cmd import serve_command; serve_command()",
           "--host", "127.0.0.1", "--port", str(port), "--log-level", "debug"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env,
                                cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(proc, base, lambda: log.read_text(errors="replace"))
        with httpx.Client(base_url=base, timeout=120) as h:
            assert h.post("/v1/redact", json={"text": WRITEUP}).status_code == 401
            r = h.post("/v1/redact", json={"text": WRITEUP, "known_names": [CANARY_NAME]},
                       headers=AUTH)
            assert r.status_code == 200, r.text
            _no_canary(r.json()["text"])
            r = h.post("/v1/redact?note=" + CANARY_NAME.replace(" ", "+"),
                       content=b'{"text": "' + CANARY_EMAIL.encode(),
                       headers={**AUTH, "content-type": "application/json"})
            assert r.status_code == 422
            _no_canary(r.text)

            # health answers while CPU-bound redactions are queued in the threadpool
            long_text = {"text": (WRITEUP + "\n\n") * 120}

            def work() -> int:
                return h.post("/v1/redact", json=long_text, headers=AUTH).status_code

            with ThreadPoolExecutor(6) as ex:
                futures = [ex.submit(work) for _ in range(6)]
                time.sleep(0.5)
                started = time.monotonic()
                health = h.get("/health")
                health_seconds = time.monotonic() - started
                busy = sum(not f.done() for f in futures)
                statuses = [f.result() for f in futures]
            assert health.status_code == 200
            assert statuses == [200] * 6
            assert busy > 0, "redactions finished too fast to test health under load"
            assert health_seconds < 2.0, f"/health took {health_seconds:.2f} s under load"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    output = log.read_text(errors="replace")
    assert "POST /v1/redact" in output  # the access log is on, with method/path/status only
    _no_canary(output)
    assert TOKEN not in output


# ----------------------------------------------------------------------------- the command

def test_serve_help():
    r = CliRunner().invoke(serve_command, ["--help"])
    assert r.exit_code == 0
    for word in ("--token-file", "--workers", "--allow-remote-without-token", "Exit codes",
                 "Examples", "curl"):
        assert word in r.output


def test_serve_refuses_remote_without_token(monkeypatch):
    monkeypatch.delenv("BALINT_REDACT_TOKEN", raising=False)
    r = CliRunner().invoke(serve_command, ["--host", "0.0.0.0"])
    assert isinstance(r.exception, ConfigError)
    assert "without a token" in str(r.exception) and r.exception.exit_code == 2


def test_serve_bad_token_file(tmp_path):
    empty = tmp_path / "token"
    empty.write_text("\n")
    r = CliRunner().invoke(serve_command, ["--token-file", str(empty)])
    assert isinstance(r.exception, ConfigError) and "empty" in str(r.exception)
    r = CliRunner().invoke(serve_command, ["--token-file", str(tmp_path / "missing")])
    assert isinstance(r.exception, ConfigError) and "not found" in str(r.exception)


def test_serve_without_fastapi_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import fails
    r = CliRunner().invoke(serve_command, [])
    assert isinstance(r.exception, ConfigError)
    assert "pip install 'balint-redact[serve]'" in str(r.exception)


def test_loopback_and_sizes():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert is_loopback("127.0.0.2") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("::") and not is_loopback("10.0.0.5")
    assert not is_loopback("example.org")
    assert parse_size("1MB") == 1024 * 1024 and parse_size("512KB") == 512 * 1024
    assert parse_size("2048") == 2048
    with pytest.raises(ConfigError):
        parse_size("lots")


def test_settings_travel_through_env(tmp_path, monkeypatch):
    token_file = tmp_path / "token"
    token_file.write_text("file-token-xyz\n")
    settings = Settings(max_body_bytes=4096, style="tag", entities=("PERSON", "EMAIL_ADDRESS"),
                        keep_titles=True, workers=1, queue_limit=3, timeout=12.5)
    env = settings.to_env(token_file=str(token_file))
    back = Settings.from_env(env)
    assert back.max_body_bytes == 4096 and back.token == "file-token-xyz"
    assert back.style == "tag" and back.entities == ("PERSON", "EMAIL_ADDRESS")
    assert back.keep_titles is True
    assert (back.workers, back.queue_limit, back.timeout) == (1, 3, 12.5)
    assert Settings.from_env({"BALINT_REDACT_TOKEN": " env-token "}).token == "env-token"
    with pytest.raises(ConfigError):
        Settings.from_env({"BALINT_REDACT_SERVE_MAX_BYTES": "many"})
    # the worker factory builds a working app from the environment
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    app = app_from_env()
    with TestClient(app) as c:
        assert c.post("/v1/redact", json={"text": "x"}).status_code == 401
        r = c.post("/v1/redact", json={"text": "Mrs Amina Patel rang."},
                   headers={"Authorization": "Bearer file-token-xyz"})
        assert r.status_code == 200 and "[person]" in r.json()["text"]
        assert c.post("/v1/redact", content=b"x" * 5000,
                      headers={"Authorization": "Bearer file-token-xyz"}).status_code == 413
    assert len(app.state.pool.pids) == 1
    app.state.pool.close()
