"""Browser tests: Playwright (the Python package) driving Debian's Chromium.

Nothing downloads a browser build: Playwright is pointed at the system Chromium with
``executable_path`` (``BALINT_CHROMIUM`` overrides ``/usr/bin/chromium``). Outside CI a
machine without Chromium skips these tests; under CI (``CI`` set) a missing browser fails.
Every page gets a fresh context whose requests are recorded (``page.requests_made``), so a
test can assert that nothing left 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    path = os.environ.get("BALINT_CHROMIUM") or "/usr/bin/chromium"
    return path if os.path.exists(path) else shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is not installed (pip install -e '.[dev]')")
        pytest.skip("playwright is not installed")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page; ``page.requests_made`` lists every URL it requested."""
    context = browser.new_context()
    pg = context.new_page()
    made: list[str] = []
    pg.on("request", lambda req: made.append(req.url))
    pg.requests_made = made  # type: ignore[attr-defined]
    try:
        yield pg
    finally:
        context.close()


def only_local(urls: list[str]) -> list[str]:
    """The URLs in ``urls`` that did not go to 127.0.0.1 (data: and blob: count as local)."""
    from urllib.parse import urlsplit
    out = []
    for u in urls:
        parts = urlsplit(u)
        if parts.scheme in ("data", "blob", "about"):
            continue
        if parts.hostname not in ("127.0.0.1",):
            out.append(u)
    return out
