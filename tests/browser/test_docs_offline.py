"""`/docs` of `balint-redact serve` in headless Chromium: Swagger UI renders from assets served
by the package (fastapi-offline), and no request the page makes leaves 127.0.0.1 (issue 18)."""

from __future__ import annotations


import pytest

from .conftest import only_local


pytest.importorskip("fastapi")


@pytest.fixture(scope="module")
def docs_server():
    from serving import uvicorn_in_thread

    from balint_redact.server import Settings, create_app

    app = create_app(Settings(workers=1, use_default_rules_file=False))
    try:
        with uvicorn_in_thread(app) as base:
            yield base
    finally:
        app.state.pool.close()


def test_docs_render_offline_with_only_local_requests(page, docs_server: str) -> None:
    page.goto(f"{docs_server}/docs")
    # an operation block of the API is drawn: the bundle ran and read /openapi.json
    block = page.locator(".opblock-summary-path", has_text="/v1/redact").first
    block.wait_for(state="visible", timeout=30_000)
    assert page.locator(".opblock").count() >= 4
    assert page.locator(".opblock-summary-path", has_text="/v1/entities").count() == 1
    page.wait_for_load_state("networkidle")
    assert only_local(page.requests_made) == [], page.requests_made
    assert any(u.endswith("/static-offline-docs/swagger-ui-bundle.js")
               for u in page.requests_made)


def test_every_page_we_serve_loads_nothing_from_outside(page, docs_server: str) -> None:
    for path in ("/docs", "/openapi.json", "/health", "/docs/oauth2-redirect"):
        page.goto(f"{docs_server}{path}")
        page.wait_for_load_state("networkidle")
    assert only_local(page.requests_made) == [], page.requests_made
