"""The JSON API under /api, on the fixture document and on a real store."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from newsprism.config import load_config
from newsprism.present.web import create_app
from newsprism.provider import StoreProvider

A, B, C = "a1b2c3d4e5f60718", "b2c3d4e5f6071829", "c3d4e5f607182930"


@pytest.fixture
def client(export_doc):
    return TestClient(create_app(document=export_doc, config=load_config(env={})), base_url="http://127.0.0.1")


def test_api_stories_list_and_detail(client):
    r = client.get("/api/stories")
    assert r.status_code == 200
    rows = r.json()
    assert [s["id"] for s in rows] == ["s0a1b2c3d4e", "s9f8e7d6c5b"]
    assert rows[0]["articles"] == 3 and rows[0]["conflicts"] == 2 and rows[0]["corroborated"] == 1
    d = client.get("/api/stories/s0a1").json()
    assert d["id"] == "s0a1b2c3d4e"
    assert {c["verdict"] for c in d["claims"]} == {"corroborated", "conflicting", "single-source"}
    assert len(d["similarity"]) == 3 and d["conflicts"][0]["sides"][0]["value"] == "about 120"
    assert d["timeline"][0]["precision"] == "month"
    assert "merges" in d["entities"][0]  # fields beyond the documented model pass through


def test_api_not_found_is_json(client):
    for url, code in (("/api/stories/zzz", "E053"), ("/api/articles/zzz", "E054")):
        r = client.get(url)
        assert r.status_code == 404
        assert r.json()["error"]["code"] == code and "zzz" in r.json()["error"]["message"]


def test_api_articles_filters_and_detail(client):
    assert len(client.get("/api/articles").json()) == 4
    only = client.get("/api/articles", params={"outlet": "nwa"}).json()
    assert [a["id"] for a in only] == [C] and only[0]["story"] == "s0a1b2c3d4e"
    # the one outlet test of names.py: case, a leading "the", a trailing "newspaper"
    assert client.get("/api/articles", params={"outlet": "The NWA newspaper"}).json() == only
    assert client.get("/api/articles", params={"outlet": "nw"}).json() == []
    assert len(client.get("/api/articles", params={"story": "s9f8e7d6c5b"}).json()) == 1
    a = client.get(f"/api/articles/{A[:6]}").json()
    assert a["id"] == A and a["removed"][0]["rule"] == "boilerplate:read-more"
    assert a["repairs"] == [{"from": "engineersaid", "to": "engineer said", "rule": "glued-words", "offset": -1}]
    assert a["text"][a["sentences"][1]["start"]:a["sentences"][1]["end"]].startswith("About 120 homes")


def test_api_compare(client):
    r = client.get("/api/compare", params={"a": A, "b": B})
    assert r.status_code == 200
    body = r.json()
    assert body["story"] == "s0a1b2c3d4e" and body["similarity"]["overall"] == 1.4
    assert [c["id"] for c in body["aligned"]] == ["c1", "c2", "c4"]
    k1 = next(k for k in body["conflicts"] if k["id"] == "k1")
    assert k1["a_value"] == "about 120" and k1["b_sentences"] == [1]
    assert client.get("/api/compare", params={"a": A, "b": A}).json()["error"]["code"] == "E056"
    assert client.get("/api/compare", params={"a": A}).status_code == 422


def test_api_openapi_documents_every_route(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/articles", "/api/articles/{article_id}",
                 "/api/compare", "/api/ingest"):
        assert path in spec["paths"], path
    assert "StoryDetail" in spec["components"]["schemas"]
    ingest = spec["paths"]["/api/ingest"]["post"]
    assert {"401", "403", "413", "422"} <= set(ingest["responses"])
    assert "text/html" in ingest["requestBody"]["content"]
    # no page that pulls scripts from a CDN
    assert client.get("/docs").status_code == 404


def _store_client(tmp_path, **settings):
    cfg = load_config(env={}).replace(**settings)
    app = create_app(provider=StoreProvider(tmp_path / "api.db", config=cfg), config=cfg)
    return TestClient(app, base_url="http://127.0.0.1"), tmp_path / "api.db"


def test_api_ingest_disabled_without_token(tmp_path):
    client, _ = _store_client(tmp_path)
    r = client.post("/api/ingest", content=b"text", headers={"Authorization": "Bearer x"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "E050"


def test_api_ingest_needs_the_bearer_token(tmp_path):
    client, _ = _store_client(tmp_path, serve__ingest_token="s3cret")
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}):
        r = client.post("/api/ingest", content=b"some text", headers=headers)
        assert r.status_code == 401 and r.json()["error"]["code"] == "E052"
        assert r.headers["www-authenticate"] == "Bearer"


def test_api_ingest_size_limit(tmp_path):
    client, _ = _store_client(tmp_path, serve__ingest_token="t", serve__max_upload_bytes=100)
    r = client.post("/api/ingest", content=b"x" * 101, headers={"Authorization": "Bearer t"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "E051" and "100" in r.json()["error"]["message"]


def test_api_ingest_bad_input_is_a_clear_error(tmp_path):
    client, _ = _store_client(tmp_path, serve__ingest_token="t")
    r = client.post("/api/ingest", content=b"   ", headers={"Authorization": "Bearer t"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "E055" and "upload" in r.json()["error"]["message"]


def test_api_ingest_adds_text_and_json(tmp_path):
    from newsprism.store import Store

    client, db = _store_client(tmp_path, serve__ingest_token="t")
    text = ("Flood barrier opens early\n\nThe flood barrier on the Lenne river was opened on Monday morning, "
            "two days earlier than planned, after heavy rain upstream, the waterways office said.\n").encode()
    h = {"Authorization": "Bearer t", "Content-Type": "text/plain"}
    r = client.post("/api/ingest", content=text, headers=h, params={"name": "../../etc/barrier.txt"})
    assert r.status_code == 201, r.text
    added = r.json()["added"]
    assert len(added) == 1 and added[0]["path"] == "api/barrier.txt"
    again = client.post("/api/ingest", content=text, headers=h)
    assert again.status_code == 201 and again.json()["added"] == [] and len(again.json()["known"]) == 1
    record = {"title": "Barrier closed again", "text": "The Lenne flood barrier was closed again on Tuesday "
              "evening as the water level fell below the warning mark, officials said.", "outlet": "Lenne Post"}
    r = client.post("/api/ingest", content=json.dumps(record).encode(),
                    headers={"Authorization": "Bearer t", "Content-Type": "application/json"})
    assert r.status_code == 201, r.text
    with Store(db) as store:
        assert store.count_articles() == 2


def test_api_story_with_null_values_validates(export_doc):
    story = export_doc["stories"][0]
    story["timeline"].append({"date": None, "precision": None, "text": "", "articles": []})
    story["conflicts"][0]["sides"][0]["value"] = 120
    story["quotes"].append({"speaker": None, "text": None, "article": None, "sentence": None, "direct": None})
    client = TestClient(create_app(document=export_doc, config=load_config(env={})), base_url="http://127.0.0.1")
    r = client.get(f"/api/stories/{story['id']}")
    assert r.status_code == 200, r.text
    assert r.json()["conflicts"][0]["sides"][0]["value"] == 120
    assert client.get(f"/stories/{story['id']}").status_code == 200


def test_api_bearer_scheme_is_case_insensitive(tmp_path):
    client, _ = _store_client(tmp_path, serve__ingest_token="t")
    text = ("Tram line approved\n\nThe Aldmere council approved the new tram line on Wednesday after a "
            "two-year debate, the mayor's office said.\n").encode()
    for scheme in ("Bearer", "bearer", "BEARER", "  bEaReR"):
        r = client.post("/api/ingest", content=text, headers={"Authorization": f"{scheme} t"})
        assert r.status_code == 201, (scheme, r.text)
    for header in ("Basic t", "Bearert", "t", "Bearer"):
        assert client.post("/api/ingest", content=text, headers={"Authorization": header}).status_code == 401


def test_api_docs_match_the_route_table(export_doc):
    """docs/api.md documents every route the app answers, and no other."""
    import re
    from pathlib import Path

    from fastapi.routing import APIRoute

    app = create_app(document=export_doc, config=load_config(env={}))
    doc = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text("utf-8")
    documented_api = {(m, re.sub(r"[\[?].*", "", p).replace("{id}", "{}"))
                      for m, p in re.findall(r"^### `(GET|POST|PUT|DELETE) (/api/\S+?)`", doc, re.M)}
    documented_pages = {re.sub(r"\?.*", "", p).replace("{id}", "{}")
                        for p in re.findall(r"^\| `(/[^`]*)` \|", doc, re.M)}
    # The API from its OpenAPI schema (the routes the router declares), the
    # pages from the app's own route table.
    api = {(m.upper(), re.sub(r"\{[^}]+\}", "{}", p)) for p, ops in app.openapi()["paths"].items() for m in ops}
    pages = {re.sub(r"\{[^}]+\}", "{}", r.path) for r in app.routes
             if isinstance(r, APIRoute) and not r.path.startswith("/api/")}
    assert documented_api == api
    assert documented_pages - {"/openapi.json"} == pages


def test_api_search_and_story_prefix_filter(client):
    hits = client.get("/api/search", params={"q": "dam tuesday"}).json()
    assert [(h["kind"], h["id"]) for h in hits] == [("claim", "c1")]
    assert hits[0]["text"][slice(*hits[0]["spans"][0])] == "dam"
    assert client.get("/api/search").status_code == 422
    arts = client.get("/api/articles", params={"story": "s0a1"}).json()
    assert sorted(a["id"] for a in arts) == sorted([A, B, C])
    assert client.get("/api/articles", params={"story": "zz"}).json()["error"]["code"] == "E053"
