"""Issue 17, minor HTTP findings: what the server repeats in errors and logs.

A lone surrogate is a bad request (422), not a detection failure; a URL path never reaches
the access log as sent; no error message repeats a value of the request's rules, a path of
the server's configuration, or a value given to `serve --entities`.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")
uvicorn = pytest.importorskip("uvicorn")

from click.testing import CliRunner  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from serving import uvicorn_in_thread  # noqa: E402

from balint_redact.cli.serve_cmd import serve_command  # noqa: E402
from balint_redact.errors import ConfigError  # noqa: E402
from balint_redact.server.app import Settings, create_app, read_token_file  # noqa: E402

FIRST, LAST = "Zebedee", "Quartermaine"
CANARY = f"{FIRST} {LAST}"


def _clean(text: str) -> None:
    for word in (FIRST, LAST):
        assert word.lower() not in text.lower(), f"{word!r} repeated in {text!r}"


@pytest.fixture(scope="module")
def app():
    app = create_app(Settings(workers=1, use_default_rules_file=False))
    yield app
    app.state.pool.close()


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as c:
        yield c


# ----------------------------------------------------------------------------- surrogates

@pytest.mark.parametrize("body, where", [
    (b'{"text": "Mr \\ud800 rang"}', "body.text"),
    (b'{"text": "x", "known_names": ["Amina", "\\udfff Patel"]}', "body.known_names.1"),
    (b'{"text": "x", "rules": "# \\ud83d"}', "body.rules"),
])
def test_lone_surrogate_is_422_not_503(client, body, where):
    r = client.post("/v1/redact", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert err["code"] == "invalid_request" and where in err["message"]


# ----------------------------------------------------------------------------- rule values

@pytest.mark.parametrize("rules", [
    f'[[terms]]\nentity = "{FIRST.upper()}"\nterms = ["{CANARY}"]\n',        # bad entity
    f'[[pattern]]\nname = "{CANARY}"\nentity = "ID"\nregex = "(a"\n',      # bad regex
    f'[[pattern]]\nname = "x"\nentity = "ID"\nregex = "a"\ngroup = "{FIRST}"\n',
    f'[{FIRST}]\nx = 1\n',                                                  # unknown table
    f'[[terms]]\nentity = "PERSON"\n{LAST} = 1\n',                          # unknown key
    f'[{FIRST}]\n[{FIRST}]\n',                                           # TOML: twice
    f'a = {{ {LAST} = 1, {LAST} = 2 }}\n',                                   # TOML: inline
    f'[[pattern]]\nname = "{FIRST}"\nentity = "ID"\nregex = "a"\nvalidator = "{LAST}"\n',
    f'[allow]\nfile = "/home/{FIRST.lower()}/{LAST}.txt"\n',
])
def test_rules_errors_repeat_no_rule_value(client, rules):
    r = client.post("/v1/redact", json={"text": "Nothing here.", "rules": rules})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "invalid_rules"
    assert r.json()["error"]["message"].startswith("request rules")
    _clean(r.text)


def test_detection_error_repeats_no_rule_name_or_source(client):
    rules = (f'[[pattern]]\nname = "{FIRST}"\nentity = "ID"\nregex = "(a|aa)+$"\n'
             f'source = "{LAST}"\n')
    r = client.post("/v1/redact", json={"text": "b " + "a" * 40 + "!", "rules": rules})
    assert r.status_code == 503 and r.json()["error"]["code"] == "detection_failed"
    assert "took longer than" in r.json()["error"]["message"]
    _clean(r.text)


# ----------------------------------------------------------------------------- access log

def test_access_log_never_shows_a_path_as_sent(app, caplog):
    caplog.set_level(logging.INFO, logger="uvicorn.access")
    with uvicorn_in_thread(app, access_log=True, log_level="info") as base:
        with httpx.Client(base_url=base, timeout=60) as h:
            assert h.get(f"/v1/redact/{CANARY}").status_code == 404
            assert h.get(f"/{FIRST}/{LAST}?who={FIRST}").status_code == 404
            assert h.post(f"/v1/{LAST}", json={"text": "x"}).status_code == 404
            assert h.request(FIRST.upper(), "/health").status_code in (400, 405)
            assert h.post("/v1/analyze", json={"text": "x"}).status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "uvicorn.access"]
    assert any("POST /v1/analyze" in line and "200" in line for line in lines), lines
    assert any("GET /v1/redact/* " in line and "404" in line for line in lines), lines
    _clean("\n".join(lines))


# ----------------------------------------------------------------------------- configuration

def test_serve_entities_error_repeats_no_value():
    r = CliRunner().invoke(serve_command, ["--entities", f"PERSON,{FIRST.upper()}_{LAST}"])
    assert isinstance(r.exception, ConfigError), r.output
    message = str(r.exception)
    assert "--entities" in message and "#2" in message and "PERSON" in message
    _clean(message)
    assert FIRST.upper() not in message


@pytest.fixture
def named_dir(tmp_path: Path) -> Path:
    d = tmp_path / CANARY
    d.mkdir()
    return d


def test_token_file_errors_name_no_path(named_dir):
    (named_dir / "empty").write_text("\n")
    for path in (named_dir / "missing", named_dir / "empty", named_dir):
        with pytest.raises(ConfigError) as info:
            read_token_file(path)
        _clean(str(info.value))
    for path in (named_dir / "missing", named_dir):  # through the command, click included
        r = CliRunner().invoke(serve_command, ["--token-file", str(path)])
        assert r.exit_code == 2 or isinstance(r.exception, ConfigError)
        _clean(r.output + str(r.exception))
    with pytest.raises(ConfigError) as info:
        Settings.from_env({"BALINT_REDACT_SERVE_TOKEN_FILE": str(named_dir / "missing")})
    _clean(str(info.value))
    with pytest.raises(ConfigError) as info:
        Settings.from_env({"BALINT_REDACT_SERVE_KNOWN_NAMES": str(named_dir / "names.txt")})
    assert "BALINT_REDACT_SERVE_KNOWN_NAMES" in str(info.value)
    _clean(str(info.value))


@pytest.mark.parametrize("content", [
    f'[[pattern]]\nname = "{CANARY}"\nentity = "ID"\nregex = "(a"\n',
    f'[{FIRST}]\nx = 1\n',
    f'{LAST} = 1\n{LAST} = 2\n',
])
def test_serve_rules_file_errors_name_no_path_or_value(named_dir, content, monkeypatch):
    monkeypatch.delenv("BALINT_REDACT_TOKEN", raising=False)
    rules = named_dir / f"{LAST}.toml"
    rules.write_text(content)
    r = CliRunner().invoke(serve_command, ["--rules", str(rules)])
    assert isinstance(r.exception, ConfigError), r.output
    assert "rules file #1" in str(r.exception)  # named by position, as in the CLI
    _clean(str(r.exception))
    missing = CliRunner().invoke(serve_command, ["--known-names", str(named_dir / "n.txt")])
    assert isinstance(missing.exception, ConfigError) or missing.exit_code == 2
    _clean(str(missing.exception) + missing.output)


def test_worker_config_errors_name_no_path_or_value(named_dir):
    rules = named_dir / "rules.toml"
    rules.write_text(f'[[terms]]\nentity = "{FIRST.upper()}"\nterms = ["{CANARY}"]\n')
    with pytest.raises(ConfigError) as info:
        create_app(Settings(workers=1, rules_files=(str(rules),)))
    assert "rules file #1" in str(info.value)  # named by position, as in the CLI
    _clean(str(info.value))
