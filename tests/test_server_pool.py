"""Issue 17, finding 7: one slow request must not block the HTTP server.

The slow request is a real one: a rule whose regex backtracks catastrophically runs until the
rule time limit (rules.REGEX_TIMEOUT_SECONDS, 2 s) inside detection, after a long text has
been analysed. Monkeypatching cannot reach the detection workers (separate processes), and a
slow rule is what a careless or hostile client can really send.
"""

from __future__ import annotations

import os
import threading
import time

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from balint_redact.server.app import Settings, create_app  # noqa: E402

CANARY = "Zebedee Quartermaine"
SLOW_RULES = '[[pattern]]\nname = "slow"\nentity = "ID"\nregex = "(a|aa)+$"\nscore = 0.5\n'
#: a long write-up ending in a run that makes the rule backtrack until its time limit
SLOW = {"text": f"Mr {CANARY} rang about the hearing. " * 2000 + "a" * 40 + "!",
        "rules": SLOW_RULES}
NORMAL = {"text": f"I met my client Mr {CANARY}; he rang from 07700 900123."}


def _post(client: TestClient, payload: dict, out: dict, key: str) -> None:
    started = time.monotonic()
    r = client.post("/v1/redact", json=payload)
    out[key] = (r.status_code, r.json(), started, time.monotonic())


def _wait_for_workers(client: TestClient, n: int, not_pids: set[int], app) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        pids = set(app.state.pool.pids)
        if client.get("/health").json()["workers"] == n and not pids & not_pids:
            return
        time.sleep(0.1)
    raise AssertionError("the pool did not recover")


@pytest.fixture
def make_app():
    apps = []

    def make(**settings):
        app = create_app(Settings(use_default_rules_file=False, **settings))
        apps.append(app)
        return app

    yield make
    for app in apps:
        pool = getattr(app.state, "pool", None)
        if hasattr(pool, "close"):
            pool.close()


def test_normal_request_answers_while_a_slow_one_runs(make_app):
    app = make_app(workers=2)
    with TestClient(app) as client:
        assert client.post("/v1/redact", json=NORMAL).status_code == 200  # warm
        out: dict = {}
        slow = threading.Thread(target=_post, args=(client, SLOW, out, "slow"))
        slow.start()
        time.sleep(0.5)  # the slow request is in detection
        _post(client, NORMAL, out, "normal")
        normal_done_while_slow_ran = slow.is_alive()
        slow.join(120)
    status, body, started, ended = out["normal"]
    assert status == 200 and CANARY not in body["text"]
    slow_status, slow_body, slow_started, slow_ended = out["slow"]
    assert slow_status == 503 and set(slow_body) == {"error"}  # the rule timed out: closed
    assert normal_done_while_slow_ran and ended < slow_ended, (
        f"the normal request took {ended - started:.1f} s and ended after the slow one "
        f"({slow_ended - slow_started:.1f} s): it waited behind it")


def test_request_over_the_time_limit_is_stopped_and_fails_closed(make_app):
    app = make_app(workers=1, timeout=1.0)
    with TestClient(app) as client:
        before = set(app.state.pool.pids)
        started = time.monotonic()
        r = client.post("/v1/redact", json=SLOW)
        took = time.monotonic() - started
        assert r.status_code == 503
        assert set(r.json()) == {"error"} and r.json()["error"]["code"] == "timeout"
        assert "nothing was redacted" in r.json()["error"]["message"]
        assert CANARY not in r.text and "Zebedee" not in r.text
        assert took < 1.0 + 1.5, f"the time limit is 1 s but the answer took {took:.1f} s"
        # the work was stopped: the process that ran it is gone, a new one took its place
        for pid in before:
            with pytest.raises(ProcessLookupError):
                os.kill(pid, 0)
        _wait_for_workers(client, 1, before, app)
        again = client.post("/v1/redact", json=NORMAL)
        assert again.status_code == 200 and CANARY not in again.json()["text"]


def test_past_the_queue_limit_requests_get_503_at_once(make_app):
    app = make_app(workers=1, queue_limit=1, timeout=60)
    with TestClient(app) as client:
        out: dict = {}
        threads = [threading.Thread(target=_post, args=(client, SLOW, out, f"slow{i}"))
                   for i in range(2)]
        for t in threads:
            t.start()
            time.sleep(0.3)
        started = time.monotonic()
        r = client.post("/v1/redact", json=NORMAL)
        took = time.monotonic() - started
        busy_while_full = any(t.is_alive() for t in threads)
        for t in threads:
            t.join(120)
    assert r.status_code == 503 and r.json()["error"]["code"] == "server_busy", r.text
    assert r.headers.get("retry-after") == "1"
    assert busy_while_full and took < 1.5, f"refusing took {took:.1f} s"
    assert sorted(out[k][0] for k in out) == [503, 503]  # both slow ones ran (rule timeout)
    assert all(out[k][1]["error"]["code"] == "detection_failed" for k in out)


def test_a_worker_that_dies_is_replaced(make_app):
    app = make_app(workers=1)
    with TestClient(app) as client:
        (pid,) = app.state.pool.pids
        os.kill(pid, 9)
        r = client.post("/v1/redact", json=NORMAL)  # lands on the dead worker
        assert r.status_code == 503 and r.json()["error"]["code"] == "detection_failed"
        assert CANARY not in r.text
        _wait_for_workers(client, 1, {pid}, app)
        assert client.post("/v1/redact", json=NORMAL).status_code == 200
        app.state.pool.close()  # no worker left: not ready, and requests fail closed
        health = client.get("/health")
        assert health.status_code == 503 and health.json()["workers"] == 0
        r = client.post("/v1/redact", json=NORMAL)
        assert r.status_code == 503 and set(r.json()) == {"error"}


def _stat(pid: int | str) -> list[str] | None:
    """State and parent of a process (from /proc), or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] not in ("Z", "X")  # a zombie has exited


def _children(pid: int) -> list[int]:
    return [int(e) for e in os.listdir("/proc") if e.isdigit()
            and (fields := _stat(e)) is not None and int(fields[1]) == pid
            and _alive(int(e))]


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc (Linux)")
def test_workers_get_no_token_and_exit_when_the_server_is_killed(tmp_path):
    import signal
    import socket
    import subprocess
    import sys

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "BALINT_REDACT_TOKEN": "secret-token-0123456789"}
    proc = subprocess.Popen(
        [sys.executable, "-c",
         "from balint_redact.cli.serve_cmd import serve_command; serve_command()",
         "--port", str(port), "--workers", "2"],
        env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while True:
            assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).json()[
                        "workers"] == 2:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        workers = _children(proc.pid)
        assert len(workers) == 2
        for pid in workers:
            with open(f"/proc/{pid}/environ", "rb") as f:
                assert b"secret-token" not in f.read()
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers):
            assert time.monotonic() < deadline, "detection workers outlived the server"
            time.sleep(0.1)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_request_with_no_time_left_leaves_the_worker_alone(make_app):
    """A worker that comes free when the request has almost no time left is not sent the job
    (and so not killed and reloaded for it): 503, and the same worker serves the next one."""
    app = make_app(workers=1, timeout=5.0)
    with TestClient(app) as client:
        pool = app.state.pool
        before = set(pool.pids)
        reply = pool._call({"op": "redact", "text": NORMAL["text"]}, time.monotonic() + 0.05)
        assert reply[0] == "error" and reply[1] == "timeout"
        assert set(pool.pids) == before
        for pid in before:
            os.kill(pid, 0)  # still alive
        again = client.post("/v1/redact", json=NORMAL)
        assert again.status_code == 200 and set(pool.pids) == before
