"""A real browser (Debian's Chromium through Playwright) on the web UI.

Skipped, saying why, where /usr/bin/chromium is missing; CI installs it
(`apt-get install chromium chromium-driver`).  Set NEWSPRISM_SCREENSHOT=1 to
write the README's screenshot to docs/story-page.png; otherwise screenshots
go to a temporary folder.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsprism.config import load_config
from newsprism.present.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium chromium-driver)"),
]


def _serve(app) -> Iterator[str]:  # noqa: ANN001
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield b
        b.close()


@pytest.fixture
def fixture_site(export_doc) -> Iterator[str]:
    yield from _serve(create_app(document=export_doc, config=load_config(env={})))


def _shot_path(tmp_path: Path, name: str) -> Path:
    return tmp_path / name


def test_browser_story_page_without_javascript(browser, fixture_site, tmp_path):
    """The story page reads with scripts off: conflicts, timeline chart, graph, side by side."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 1600})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{fixture_site}/")
    page.get_by_role("link", name="Dam gives way above Varnholm").click()
    assert page.locator("h2.headline").inner_text() == "Dam gives way above Varnholm"
    conflicts = page.locator("div.conflict")
    assert conflicts.count() == 2
    assert conflicts.first.is_visible() and "more than 200" in conflicts.first.inner_text()
    chart = page.locator("svg.timeline-chart")
    assert chart.is_visible() and chart.bounding_box()["height"] > 40
    assert chart.locator("circle.tl-mark").count() == 4
    assert chart.locator("circle.tl-mark.conflict").count() == 2
    assert page.locator("ol.timeline li").count() == 4
    assert page.locator("svg.derivation-chart").is_visible()
    assert page.locator("#side-by-side .mk-conflict").count() >= 2
    # a reference jumps to the sentence it cites
    page.locator(".fact-corroborated .ref").first.click()
    assert page.evaluate("location.hash").startswith("#a-")
    assert "The Orrin dam above Varnholm" in page.locator(":target").inner_text()
    page.screenshot(path=str(_shot_path(tmp_path, "fixture-story.png")), full_page=True)
    # nothing but the app itself was asked for
    assert requests and all(u.startswith(fixture_site) for u in requests), requests
    context.close()


def test_browser_examples_story_page(browser, seed_db, tmp_path):
    """The real pipeline over the examples (or seeds): the biggest story's page
    shows its sources, its conflicts and its timeline."""
    app = create_app(db=seed_db, config=load_config(env={}))
    doc = app.state.documents.get()
    story = max(doc["stories"], key=lambda s: (len(s["conflicts"]), len(s["articles"]), s["id"]))
    for base in _serve(app):
        page = browser.new_page(viewport={"width": 1280, "height": 1800})
        page.goto(f"{base}/")
        page.locator(f'a[href="/stories/{story["id"]}"]').click()
        page.wait_for_load_state()
        assert page.locator("h2.headline").is_visible()
        assert page.locator("table.sources tbody tr").count() == len(story["articles"])
        if story["conflicts"]:
            assert page.locator("div.conflict").first.is_visible()
        if story["timeline"]:
            assert page.locator("svg.timeline-chart").is_visible()
        if len(story["articles"]) > 1:
            assert page.locator("#side-by-side .side-by-side .col").count() == 2
        out = REPO / "docs" / "story-page.png" if os.environ.get("NEWSPRISM_SCREENSHOT") == "1" \
            else _shot_path(tmp_path, "story.png")
        page.screenshot(path=str(out))
        assert out.stat().st_size > 10_000
        page.close()
