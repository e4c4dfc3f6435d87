"""The review page as `balint-redact serve` offers it at /review, in a real browser: choose a
file, review it, and Save downloads the redacted copy and the decisions file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
expect = pytest.importorskip("playwright.sync_api").expect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from serving import uvicorn_in_thread  # noqa: E402

from balint_redact.server.app import Settings, create_app  # noqa: E402

from .conftest import only_local  # noqa: E402
from .test_review_page import WRITEUP  # noqa: E402


@pytest.fixture(scope="module")
def base():
    app = create_app(Settings(workers=1, use_default_rules_file=False))
    try:
        with uvicorn_in_thread(app, log_level="warning") as url:
            yield url
    finally:
        app.state.pool.close()


def test_upload_review_and_download(page, base, tmp_path) -> None:
    source = tmp_path / "notes.md"
    source.write_text(WRITEUP, encoding="utf-8")
    page.goto(base + "/review")
    page.set_input_files("#file", str(source))
    page.wait_for_selector("body[data-ready='1']", timeout=10000)
    assert "/review/s/" in page.url
    page.locator("#doc .w", has_text="Honor").first.click()
    expect(page.locator("#doc")).not_to_contain_text("Honor")
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    page.click("#save")
    expect(page.locator("#message")).to_contain_text("downloading")
    for _ in range(50):
        if len(downloads) == 2:
            break
        page.wait_for_timeout(100)
    files = {d.suggested_filename: Path(d.path()).read_text(encoding="utf-8")
             for d in downloads}
    assert sorted(files) == ["decisions.toml", "redacted.md"]
    saved = files["redacted.md"]
    assert "Honor" not in saved and "Amina" not in saved and "Person A" in saved
    assert "Honor" not in files["decisions.toml"] and "sha256" in files["decisions.toml"]
    assert only_local(page.requests_made) == []
