"""The web UI: pages, filters, the document cache, untrusted text."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from newsprism.config import load_config
from newsprism.model import Article
from newsprism.present.web import create_app
from newsprism.provider import StoreProvider

A, B, C = "a1b2c3d4e5f60718", "b2c3d4e5f6071829", "c3d4e5f607182930"


@pytest.fixture
def client(export_doc):
    return TestClient(create_app(document=export_doc, config=load_config(env={})), base_url="http://127.0.0.1")


def _headlines(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/stories/[^"]+">([^<]+)</a></h2>', html)


def test_web_story_list_and_filters(client):
    both = ["Dam gives way above Varnholm", "Aldmere approves tram line"]
    assert _headlines(client.get("/").text) == both
    assert _headlines(client.get("/", params={"outlet": "NWA"}).text) == both[:1]
    assert _headlines(client.get("/", params={"entity": "warnholm"}).text) == both[:1]  # a variant
    assert _headlines(client.get("/", params={"q": "tram"}).text) == both[1:]
    assert _headlines(client.get("/", params={"from": "2024-03-01"}).text) == both[:1]
    assert _headlines(client.get("/", params={"to": "2024-02-28"}).text) == both[1:]
    assert "No story matches" in client.get("/", params={"q": "zebra"}).text


def test_web_story_page_shows_brief_compare_and_charts(client):
    r = client.get("/stories/s0a1b2c3d4e")
    assert r.status_code == 200
    html = r.text
    assert 'class="chart timeline-chart"' in html and 'class="chart derivation-chart"' in html
    assert html.count('class="conflict"') == 2
    assert 'id="side-by-side"' in html and "mk-conflict" in html and "mk-aligned" in html
    # every in-page reference has its target on the page
    ids = set(re.findall(r'id="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets <= ids, targets - ids
    # sections once each, in reading order, each linked from the contents bar
    sid = "s0a1b2c3d4e"
    order = [html.index(f'<section class="block" id="{sid}-{k}"') for k in
             ("conflicts", "facts", "timeline", "quotes", "entities", "sources", "outlets", "derivations", "claims",
              "similarity")]
    assert order == sorted(order)
    toc = html.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    assert "<table" not in toc and toc.count("<a ") == 12
    assert '<link rel="stylesheet" href="/static/style.css">' in html
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)


def test_web_story_page_pair_choice(client):
    html = client.get("/stories/s0a1b2c3d4e", params={"a": C, "b": B}).text
    cols = re.findall(r'<h4><span class="ref-label">([^<]+)</span> <a href="/articles/(\w+)"', html)
    assert [c[1] for c in cols[:2]] == [C, B]


def test_web_ids_prefixes_accepted_on_pages(client):
    html = client.get("/stories/s0a1", params={"a": C[:6], "b": B[:6]}).text
    cols = re.findall(r'<h4><span class="ref-label">([^<]+)</span> <a href="/articles/(\w+)"', html)
    assert [c[1] for c in cols[:2]] == [C, B]
    r = client.get("/compare", params={"a": A[:5], "b": B[:5]})
    assert r.status_code == 200 and f"/api/compare?a={A}&amp;b={B}" in r.text


def test_web_claims_have_stable_permalinks(client):
    html = client.get("/stories/s0a1b2c3d4e").text
    links = re.findall(r'<a class="permalink" id="([ck]-[0-9a-f]{10})" href="#\1"', html)
    assert len([x for x in links if x.startswith("c-")]) == 4 and len([x for x in links if x.startswith("k-")]) == 2
    assert 'class="mark-new"' not in html  # no previous run: nothing marked new


def test_web_search_page_marks_the_match(client):
    html = client.get("/search", params={"q": "tuesday dam"}).text
    assert "<mark>dam</mark>" in html and "<mark>Tuesday</mark>" in html
    anchor = re.search(r'href="/stories/s0a1b2c3d4e#(c-[0-9a-f]{10})"', html)
    assert anchor and f'id="{anchor.group(1)}"' in client.get("/stories/s0a1b2c3d4e").text
    assert "1 match for" in html
    assert "No claim or quote" in client.get("/search", params={"q": "zebra"}).text
    assert 'action="/search"' in client.get("/").text  # the box on every page


def test_web_article_page_shows_removed_lines_and_repairs(client):
    html = client.get(f"/articles/{A}").text
    assert "Read more: our flood coverage" in html and "boilerplate:read-more" in html
    assert "<del>engineersaid</del>" in html and "<ins>engineer said</ins>" in html
    assert f'id="a-{A}-s4"' in html


def test_web_not_found_pages(client):
    assert client.get("/stories/nope").status_code == 404
    assert client.get("/articles/nope").status_code == 404
    assert client.get("/compare", params={"a": A, "b": "zz"}).status_code == 404


def test_web_static_assets_served_locally(client):
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200


def test_web_document_cached_per_store_state(tmp_path):
    from newsprism.model import Article
    from newsprism.store import Store

    db = tmp_path / "w.db"
    cfg = load_config(env={})
    app = create_app(provider=StoreProvider(db, config=cfg), config=cfg)
    client = TestClient(app, base_url="http://127.0.0.1")
    docs = app.state.documents
    assert "no stories yet" in client.get("/").text
    client.get("/api/stories")
    assert docs.computations == 1
    with Store(db) as store:
        store.add_article(Article(id="f00d", path="x.txt", text="The harbour reopened on Friday after repairs.",
                                  title="Harbour reopens"))
    # Readers are served the last complete document while the new one is
    # built in the background, then the new one.
    assert client.get("/api/stories").json() == []
    # The rebuild loads the language model: minutes on a loaded machine.
    docs.wait(timeout=600)
    assert [s["headline"] for s in client.get("/api/stories").json()] == ["Harbour reopens"]
    client.get("/")
    assert docs.computations == 2


def test_web_hostile_article_is_shown_as_text_everywhere(tmp_path, hostile_html):
    """Article text is untrusted.  An HTML upload full of scripts goes through
    the real ingest; ingest may strip markup, so a second article with
    literal tags in its text is put straight into the store (as a future or
    foreign ingest might).  Through the real pipeline, every page and the
    HTML brief show all of it as text."""
    from newsprism.model import Article
    from newsprism.present import brief
    from newsprism.store import Store

    cfg = load_config(env={}).replace(serve__ingest_token="t")
    db = tmp_path / "h.db"
    app = create_app(provider=StoreProvider(db, config=cfg), config=cfg)
    client = TestClient(app, base_url="http://127.0.0.1")
    r = client.post("/api/ingest", content=hostile_html.encode(), params={"name": "evil.html"},
                    headers={"Authorization": "Bearer t", "Content-Type": "text/html"})
    assert r.status_code == 201, r.text
    (added,) = r.json()["added"]
    raw = ("The council <script>alert('x')</script> delayed the harbour vote by a week. "
           "Residents sent <img src=x onerror=alert(1)> letters of complaint. "
           "The mayor said <iframe src=//evil.example></iframe> everyone could comment.")
    with Store(db) as store:
        store.add_article(Article(id="bad0bad0bad0bad0", path="<script>x</script>.txt", text=raw,
                                  title="Vote <script>alert(2)</script> delayed", outlet="<b onmouseover=x>Post</b>",
                                  published="2024-05-01"))
    doc = app.state.documents.wait()
    pages = {
        "list": client.get("/").text,
        "list-q": client.get("/", params={"q": "<script>"}).text,
        "brief": brief.render_html(doc),
        "not-found": client.get("/stories/<script>alert(1)</script>").text,
        "compare": client.get("/compare", params={"a": added["id"], "b": "bad0bad0bad0bad0"}).text,
    }
    for story in doc["stories"]:
        pages[f"story {story['id']}"] = client.get(f"/stories/{story['id']}").text
    for art in doc["articles"]:
        pages[f"article {art['id']}"] = client.get(f"/articles/{art['id']}").text
    for name, html in pages.items():
        ours = 0 if name == "brief" else 1  # the web pages load /static/app.js, nothing else
        assert html.lower().count("<script") == ours, name
        for tag in ("<img", "<iframe", "<b onmouseover"):
            assert tag not in html.lower(), (name, tag)
    assert "the water rose quickly" in pages[f"article {added['id']}"]
    for name in ("article bad0bad0bad0bad0", "brief"):
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in pages[name], name
        assert "&lt;img src=x onerror=alert(1)" in pages[name], name
    assert client.get("/api/articles/bad0bad0bad0bad0").json()["text"] == raw


def test_web_security_headers_on_pages_api_and_errors(client):
    for url in ("/", "/api/stories", "/stories/nope", "/static/app.js"):
        r = client.get(url)
        assert "default-src 'self'" in r.headers["content-security-policy"], url
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "no-referrer"


def test_web_host_allow_list_defeats_dns_rebinding(export_doc):
    app = create_app(document=export_doc, config=load_config(env={}).replace(serve__allowed_hosts=["news.lan"]))
    for host, status in [("127.0.0.1:8765", 200), ("localhost", 200), ("[::1]:8765", 200), ("news.lan", 200),
                         ("evil.example", 400), ("evil.example:8765", 400), ("127.0.0.1.evil.example", 400)]:
        r = TestClient(app, base_url=f"http://{host}").get("/api/stories")
        assert r.status_code == status, host
        if status == 400:
            assert r.json()["error"]["code"] == "E057"


def test_web_error_pages_name_no_absolute_path():
    from newsprism.present.web import public_message

    msg = "/srv/data/private/newsprism.db: the store is empty; run `newsprism ingest PATH` first"
    assert public_message(msg) == "newsprism.db: the store is empty; run `newsprism ingest PATH` first"
    assert public_message("no story 'a/b'") == "no story 'a/b'"


def test_web_retired_story_id_redirects_to_the_story_that_absorbed_it(tmp_path):
    from newsprism.store import Store

    db = tmp_path / "r.db"
    cfg = load_config(env={})
    app = create_app(provider=StoreProvider(db, config=cfg), config=cfg)
    client = TestClient(app, base_url="http://127.0.0.1")
    with Store(db) as store:
        store.add_article(Article(id="f00d", path="x.txt", text="The harbour reopened on Friday after repairs.",
                                  title="Harbour reopens"))
    (story,) = client.get("/api/stories").json()
    with Store(db) as store:  # as a re-clustering that renamed the story would leave it
        store.conn.execute("INSERT INTO story_aliases (old_id, new_id) VALUES ('oldid', ?)", (story["id"],))
        store.conn.commit()
        store.add_article(Article(id="beef", path="y.txt", text="A second report on the harbour reopening.",
                                  title="Harbour open"))
    app.state.documents.wait()
    # Wherever the first article's story went in the new clustering (a new
    # id, merged or not), the old ids lead there.
    now = client.get("/api/articles/f00d").json()["story"]
    for old in ("oldid", story["id"]):
        if old == now:
            continue
        r = client.get(f"/stories/{old}", follow_redirects=False)
        assert r.status_code == 308 and r.headers["location"] == f"/stories/{now}"
        r = client.get(f"/api/stories/{old}", follow_redirects=False)
        assert r.status_code == 308 and r.headers["location"] == f"/api/stories/{now}"
        assert client.get(f"/stories/{old}").status_code == 200
    assert client.get("/api/stories/unknown").status_code == 404


class _FakeProvider:
    """A provider with no store: the web layer only sees state, build, ingest."""

    def __init__(self, doc):
        self.doc, self.version, self.builds, self.uploads = doc, 1, 0, []

    def state(self):
        return self.version

    def build(self):
        self.builds += 1
        return self.doc, {"s-retired": self.doc["stories"][0]["id"]}

    def ingest(self, data, name, problems=None):
        self.uploads.append(name)
        return [], []


def test_web_first_page_shows_the_grouping_evidence_the_provider_kept(export_doc, monkeypatch):
    # A provider that kept the evidence with the document (the store does):
    # the page shows it and weighs no word itself.
    import newsprism.group.explain as explain

    story = export_doc["stories"][0]
    kept = {story["id"]: {**explain.story_evidence(export_doc, story), "names": ["Kept Name (2/2)"]}}

    class Kept(_FakeProvider):
        def build(self):
            doc, aliases = super().build()
            return doc, aliases, kept

    def fail(*args, **kwargs):
        raise AssertionError("evidence computed although the provider kept it")

    monkeypatch.setattr(explain, "evidence_for_all", fail)
    client = TestClient(create_app(provider=Kept(export_doc), config=load_config(env={})), base_url="http://127.0.0.1")
    page = client.get("/")
    assert page.status_code == 200 and "Kept Name (2/2)" in page.text


def test_web_serves_an_injected_provider_and_rebuilds_on_its_state(export_doc):
    provider = _FakeProvider(export_doc)
    app = create_app(provider=provider, config=load_config(env={}))
    client = TestClient(app, base_url="http://127.0.0.1")
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200
    assert provider.builds == 1  # cached while the state holds
    provider.version = 2
    app.state.documents.wait()
    assert provider.builds == 2
    assert app.state.documents.alias("s-retired") == export_doc["stories"][0]["id"]


def test_web_module_holds_no_sql_and_imports_no_pipeline():
    import ast

    import newsprism.present.web as web

    tree = ast.parse(open(web.__file__, encoding="utf-8").read())
    imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    assert not {m for m in imported if m.split(".")[-1] in ("pipeline", "ingest", "store", "sqlite3", "provider")}
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert not [s for s in strings if re.search(r"\bSELECT\b|\bINSERT\b", s)]


def test_web_first_document_is_built_as_the_server_starts(tmp_path):
    import time

    cfg = load_config(env={})
    app = create_app(provider=StoreProvider(tmp_path / "w.db", config=cfg), config=cfg)
    docs = app.state.documents
    assert docs.computations == 0
    with TestClient(app, base_url="http://127.0.0.1") as client:  # runs the app's start-up
        deadline = time.monotonic() + 600
        while docs.computations == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert docs.computations == 1  # before any request
        assert "no stories yet" in client.get("/").text
    assert docs.computations == 1  # the first request was served the warmed document
