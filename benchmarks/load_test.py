"""Load script for `balint-redact serve` (not a timed test): N concurrent requests of a ~2 KB
write-up; prints errors, throughput and p50/p99 latency, plus /health latency under load.

    # against a running server
    python benchmarks/load_test.py --url http://127.0.0.1:8000 [--token-file F]
    # or let the script start (and stop) one on a free loopback port
    python benchmarks/load_test.py --start-server --workers 2

Exit code 0 when every request succeeded and no identifier came back, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time

import httpx

# a fictional ~2 KB write-up; every identifier below must be gone from each response
IDENTIFIERS = ["Amina Patel", "07700 900123", "amina.patel@example.com", "LS1 4DY",
               "QQ 12 34 56 C", "Gerald Thorne"]
WRITEUP = """\
Balint group write-up - family, contact dispute

I met my client Mrs Amina Patel at Leeds Combined Court on 14 March for a first hearing
dispute resolution appointment. She had rung me the evening before from 07700 900123,
very anxious, and had followed up from amina.patel@example.com with a long list of
questions she wanted answered before we went in. Her home address is 12 Harrow Road,
Leeds LS1 4DY, and her National Insurance number (QQ 12 34 56 C) had come up because of
a benefits issue that the other side kept mentioning in their statement.

The father, Gerald Thorne, was represented by counsel I had not met before. In the
waiting area Mr Thorne stood very close to my client and said something I did not catch;
she went white and asked to leave. I found us a side room and we sat there for twenty
minutes while she cried and I tried to hold the practical points and her distress at the
same time. I noticed I was talking too much, filling the silence with procedure, and I
think what I was really doing was managing my own discomfort rather than hers.

Cafcass had recommended indirect contact only, and the father's position was that he
wanted overnight contact within six weeks. When we went in, the district judge was brisk
and plainly wanted an agreement. My client agreed to supervised contact at a contact
centre, and I am still unsure whether she agreed because it was right for the children
or because she could not face a contested hearing. Afterwards she thanked me warmly and I
felt, oddly, that I had let her down.

My supervisor said I should write the attendance note straight away, which I did, but it
reads as if none of this happened. I have not slept well since, and I keep replaying the
moment in the waiting area and wondering whether I should have said something to him.

What I would like to bring to the group: how do others hold a client's fear in the room
without either colluding with it or brushing past it to get the order made? And how do you
tell, afterwards, whether a client's agreement was really theirs?
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def _one(client: httpx.AsyncClient, payload: dict) -> tuple[float, str | None]:
    started = time.perf_counter()
    try:
        r = await client.post("/v1/redact", json=payload)
    except httpx.HTTPError as exc:
        return time.perf_counter() - started, type(exc).__name__
    elapsed = time.perf_counter() - started
    if r.status_code != 200:
        return elapsed, f"HTTP {r.status_code}"
    text = r.json().get("text", "")
    if any(i in text for i in IDENTIFIERS):
        return elapsed, "identifier left in response"
    return elapsed, None


async def _health_probe(client: httpx.AsyncClient, stop: asyncio.Event,
                        out: list[float]) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        try:
            r = await client.get("/health")
            if r.status_code == 200:
                out.append(time.perf_counter() - started)
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.25)


async def run(url: str, token: str | None, n: int, concurrency: int) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    limits = httpx.Limits(max_connections=concurrency + 1, max_keepalive_connections=concurrency)
    payload = {"text": WRITEUP}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=600,
                                 limits=limits) as client:
        warm, err = await _one(client, payload)  # first request: not counted
        if err:
            print(f"warm-up request failed: {err}", file=sys.stderr)
            return 1
        gate = asyncio.Semaphore(concurrency)

        async def bounded() -> tuple[float, str | None]:
            async with gate:
                return await _one(client, payload)

        stop = asyncio.Event()
        health: list[float] = []
        probe = asyncio.create_task(_health_probe(client, stop, health))
        started = time.perf_counter()
        results = await asyncio.gather(*(bounded() for _ in range(n)))
        wall = time.perf_counter() - started
        stop.set()
        await probe
    latencies = [t for t, _ in results]
    errors = [e for _, e in results if e]
    size = len(WRITEUP.encode("utf-8"))
    print(f"requests:    {n} x {size} bytes, {concurrency} concurrent, to {url}")
    kinds = f" ({', '.join(sorted(set(errors)))})" if errors else ""
    print(f"errors:      {len(errors)}{kinds}")
    print(f"wall time:   {wall:.2f} s")
    print(f"throughput:  {n / wall:.1f} requests/s ({n * size / wall / 1024:.1f} KB/s)")
    print(f"latency:     p50 {_percentile(latencies, 0.5) * 1000:.0f} ms, "
          f"p99 {_percentile(latencies, 0.99) * 1000:.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms, mean {statistics.mean(latencies) * 1000:.0f} ms")
    if health:
        print(f"/health under load: {len(health)} probes, p50 "
              f"{_percentile(health, 0.5) * 1000:.1f} ms, max {max(health) * 1000:.1f} ms")
    return 1 if errors else 0


def _start_server(workers: int, token: str | None) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = dict(os.environ)
    if token:
        env["BALINT_REDACT_TOKEN"] = token
    cmd = [sys.executable, "-c",
           "from balint_redact.cli.serve_cmd import serve_command; serve_command()",
           "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
           "--no-access-log", "--log-level", "warning"]
    proc = subprocess.Popen(cmd, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with code {proc.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit("server did not become healthy")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--requests", "-n", type=int, default=200)
    ap.add_argument("--concurrency", "-c", type=int, default=200)
    ap.add_argument("--token-file", help="bearer token file (default: $BALINT_REDACT_TOKEN)")
    ap.add_argument("--start-server", action="store_true",
                    help="start `balint-redact serve` on a free loopback port, then stop it")
    ap.add_argument("--workers", type=int, default=1, help="with --start-server")
    args = ap.parse_args()
    token = os.environ.get("BALINT_REDACT_TOKEN") or None
    if args.token_file:
        with open(args.token_file, encoding="utf-8") as f:
            token = f.read().strip()
    proc = None
    url = args.url
    try:
        if args.start_server:
            proc, url = _start_server(args.workers, token)
            print(f"server:      {args.workers} worker(s) at {url}")
        return asyncio.run(run(url, token, args.requests, args.concurrency))
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    sys.exit(main())
