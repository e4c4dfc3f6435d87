"""Latency of normal requests while one slow request runs (issue 17, finding 7). Not a test.

Starts `balint-redact serve` on a free loopback port (or uses --url, which must be a
127.0.0.1 address), then:

1. sends normal requests one after another with nothing else running (idle latency);
2. sends one slow request, and while it runs sends normal requests one after another
   (at most --count of them), timing each;
3. prints the slow request's status and time, and the normal requests' latencies.

    python benchmarks/http_latency.py                         # this checkout, its defaults
    python benchmarks/http_latency.py --serve-arg=--timeout=10
    python benchmarks/http_latency.py --src /tmp/base         # an older checkout's code

The slow request is, by default, one line of 24 KB of capitalised names (the issue's
reproduction: quadratic in the name-joining heuristic at the time); ``--slow rule`` sends a
rule whose regex backtracks until the 2 s rule limit instead. Every normal response is
checked: status 200 and no identifier left. Only 127.0.0.1 is contacted; every loop is
bounded.
"""

from __future__ import annotations

import argparse
import itertools
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from urllib.parse import urlparse

import httpx

NORMAL = {"text": "I met my client Mrs Amina Patel at Leeds County Court on 3 March. She rang "
                  "from 07700 900123 and emailed amina.patel@example.com afterwards.",
          "known_names": ["Amina Patel"]}
IDENTIFIERS = ("Amina", "Patel", "07700 900123", "amina.patel@example.com")
FIRST = ["Amina", "Gerald", "Olwen", "Bartholomew", "Ciaran", "Dorothea", "Eluned", "Fenella",
         "Gwilym", "Hamish"]
LAST = ["Patel", "Thorne", "Tregarthen", "Okonkwo", "Fairweather", "Ashdown", "Pemberton",
        "Quayle", "Rudd", "Sallis"]


def names_line(kb: int) -> str:
    """One line of fictional 'First Last' names, about ``kb`` KB."""
    out, size = [], 0
    for first, last in itertools.islice(itertools.cycle(itertools.product(FIRST, LAST)),
                                        kb * 1024 // 8):
        out.append(f"{first} {last}")
        size += len(out[-1]) + 1
        if size >= kb * 1024:
            break
    return " ".join(out)


def slow_payload(kind: str, kb: int) -> dict:
    if kind == "rule":
        return {"text": "See below. " * 200 + "a" * 40 + "!",
                "rules": '[[pattern]]\nname = "slow"\nentity = "ID"\nregex = "(a|aa)+$"\n'}
    return {"text": names_line(kb)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, src: str | None, serve_args: list[str]) -> subprocess.Popen:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, "-c",
           "from balint_redact.cli.serve_cmd import serve_command; serve_command()",
           "--host", "127.0.0.1", "--port", str(port), "--no-access-log", *serve_args]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_healthy(base: str, proc: subprocess.Popen | None, limit: float = 300) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit("server exited: " + proc.stderr.read().decode(errors="replace"))
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("server did not answer /health")


def normal_request(client: httpx.Client) -> float:
    started = time.perf_counter()
    r = client.post("/v1/redact", json=NORMAL)
    took = time.perf_counter() - started
    if r.status_code != 200 or any(i in r.json()["text"] for i in IDENTIFIERS):
        raise SystemExit(f"normal request failed: {r.status_code}")
    return took


def summary(label: str, seconds: list[float]) -> str:
    if not seconds:
        return f"{label}: none"
    return (f"{label}: n={len(seconds)}  p50={statistics.median(seconds) * 1000:.0f} ms  "
            f"max={max(seconds) * 1000:.0f} ms  first={seconds[0] * 1000:.0f} ms")


def measure(base: str, slow: dict, count: int, idle: int) -> None:
    with httpx.Client(base_url=base, timeout=600) as client:
        for _ in range(3):
            normal_request(client)  # warm every worker's caches
        idle_times = [normal_request(client) for _ in range(idle)]
        result: dict = {}

        def run_slow() -> None:
            started = time.perf_counter()
            with httpx.Client(base_url=base, timeout=600) as own:
                r = own.post("/v1/redact", json=slow)
            result.update(status=r.status_code, seconds=time.perf_counter() - started,
                          code=r.json().get("error", {}).get("code", "-"))

        thread = threading.Thread(target=run_slow)
        thread.start()
        time.sleep(0.5)  # the slow request is in detection
        during = []
        while thread.is_alive() and len(during) < count:
            during.append(normal_request(client))
        thread.join(600)
    print(f"slow request: status {result.get('status')} ({result.get('code')}) after "
          f"{result.get('seconds', float('nan')):.1f} s")
    print(summary("normal, idle server     ", idle_times))
    print(summary("normal, beside the slow ", during))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", help="a running server on 127.0.0.1 (else one is started)")
    ap.add_argument("--src", help="start the server from this source folder (PYTHONPATH)")
    ap.add_argument("--serve-arg", action="append", default=[],
                    help="extra option for `serve`, e.g. --serve-arg=--workers=1")
    ap.add_argument("--slow", choices=["names", "rule"], default="names")
    ap.add_argument("--slow-kb", type=int, default=24)
    ap.add_argument("--count", type=int, default=50, help="normal requests beside the slow one")
    ap.add_argument("--idle", type=int, default=10, help="normal requests on an idle server")
    args = ap.parse_args()
    proc = None
    if args.url:
        if urlparse(args.url).hostname != "127.0.0.1":
            raise SystemExit("--url must be a 127.0.0.1 address")
        base = args.url.rstrip("/")
    else:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_server(port, args.src, args.serve_arg)
    try:
        wait_healthy(base, proc)
        print(f"server: {base}  {' '.join(args.serve_arg) or '(defaults)'}"
              f"{'  src=' + args.src if args.src else ''}  slow={args.slow}"
              f"{f' {args.slow_kb} KB' if args.slow == 'names' else ''}")
        measure(base, slow_payload(args.slow, args.slow_kb), args.count, args.idle)
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
