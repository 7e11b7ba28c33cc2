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
from newsprism.provider import StoreProvider

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
    cfg = load_config(env={})
    app = create_app(provider=StoreProvider(seed_db, config=cfg), config=cfg)
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


def test_browser_summary_conflicts_then_ranked_facts(browser, fixture_site, export_doc):
    """The story opens on its summary line, then every conflict, then the key
    facts in the ranked order, each with a working permalink."""
    from newsprism.present.facts import rank_key_facts

    page = browser.new_page(viewport={"width": 1280, "height": 1600})
    page.goto(f"{fixture_site}/stories/s0a1b2c3d4e")
    summary = page.locator("p.summary-line")
    assert summary.inner_text().startswith("3 articles · 3 outlets · ")
    assert "2 conflicts" in summary.inner_text()
    y = lambda sel: page.locator(sel).first.bounding_box()["y"]  # noqa: E731
    assert y("p.summary-line") < y("section[id$='-conflicts']") < y("section[id$='-facts']")
    assert page.locator("section[id$='-conflicts'] div.conflict").count() == 2
    story = export_doc["stories"][0]
    titles = {a["id"]: a["title"] or "" for a in export_doc["articles"]}
    texts = {c["id"]: c["text"] for c in story["claims"]}
    ranked = [texts[cid] for cid in rank_key_facts(story, titles)]
    shown = page.locator("ol.key-facts li.fact .fact-text").all_inner_texts()
    assert shown == ranked[: len(shown)] and shown
    link = page.locator("ol.key-facts li.fact a.permalink").first
    link.click()
    anchor = page.evaluate("location.hash")
    assert anchor.startswith("#c-") and page.locator(":target").get_attribute("id") == anchor[1:]
    page.close()


def _overflow(page) -> dict:  # noqa: ANN001
    # Elements sticking out of the viewport, except inside a box that
    # scrolls on its own (the timeline chart's).
    return page.evaluate("""() => { const W = document.documentElement.clientWidth; const out = [];
      for (const el of document.querySelectorAll('body *')) { const r = el.getBoundingClientRect();
        if (!r.width || r.right <= W + 1) continue;
        let p = el.parentElement, boxed = false;
        while (p) { if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) { boxed = true; break; }
                    p = p.parentElement; }
        if (!boxed) out.push(el.tagName + '.' + el.className); }
      return {scroll: document.documentElement.scrollWidth, width: W, out: out.slice(0, 10)}; }""")


def test_browser_phone_layout_has_no_horizontal_overflow(browser, fixture_site, seed_db):
    """On a 390 px phone every page fits the screen: no sideways scrolling,
    table labels shown, timeline events on their own lines."""
    cfg = load_config(env={})
    app = create_app(provider=StoreProvider(seed_db, config=cfg), config=cfg)
    doc = app.state.documents.get()
    story = max(doc["stories"], key=lambda s: (len(s["articles"]), len(s["claims"]), s["id"]))
    for base in _serve(app):
        page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        urls = [f"{fixture_site}/stories/s0a1b2c3d4e", f"{base}/", f"{base}/stories/{story['id']}",
                f"{base}/search?q=the", f"{base}/articles/{story['articles'][0]}"]
        for url in urls:
            page.goto(url)
            got = _overflow(page)
            assert got["scroll"] <= got["width"] == 390 and not got["out"], (url, got)
        page.goto(f"{base}/stories/{story['id']}")
        row = page.locator("table.sources tbody tr").first
        assert row.is_visible() and row.bounding_box()["width"] <= 390
        # each cell carries its column's name where the header row is hidden
        assert page.locator("table.sources thead").first.is_hidden()
        label = page.evaluate("getComputedStyle(document.querySelector('table.sources td[data-label]'), "
                              "'::before').content")
        assert label.strip('"').endswith(": ")
        if story["timeline"]:
            what = page.locator("ol.timeline li .tl-what").first
            when = page.locator("ol.timeline li .tl-when").first
            assert what.bounding_box()["y"] > when.bounding_box()["y"]  # the text below the date
            chart = page.locator("svg.timeline-chart")
            assert chart.bounding_box()["width"] >= 600  # legible, scrolled inside its box
        page.close()


def test_browser_search_box_finds_and_links_to_the_claim(browser, fixture_site):
    page = browser.new_page(viewport={"width": 1280, "height": 1200})
    page.goto(f"{fixture_site}/")
    box = page.locator("form.topsearch input[name=q]")
    box.fill("spillway cracked")
    box.press("Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("ol.search-hits li.hit")
    assert hits.count() >= 1
    marks = [m.lower() for m in hits.first.locator("mark").all_inner_texts()]
    assert "spillway" in marks and "cracked" in marks
    hits.first.locator("a.hit-link").click()
    page.wait_for_load_state()
    assert "/stories/s0a1b2c3d4e#c-" in page.url
    target = page.locator(":target")
    assert target.count() == 1 and target.is_visible()
    assert "spillway" in page.locator("li.fact", has=page.locator(":target")).inner_text().lower()
    page.close()
