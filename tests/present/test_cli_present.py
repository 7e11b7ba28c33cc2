"""`newsprism brief` and `newsprism stories` over a real store (the seed or
examples corpus processed by the pipeline)."""

from __future__ import annotations

import json
import re

from newsprism.cli import main


def test_cli_present_brief_formats_agree(seed_db, capsys):
    assert main(["brief", "--db", str(seed_db), "-q", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == "newsprism/1" and doc["stories"]
    story = max(doc["stories"], key=lambda s: len(s["articles"]))
    assert main(["brief", story["id"][:6], "--db", str(seed_db), "-q", "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# newsprism brief\n")
    assert f"Story `{story['id']}`" in md
    targets = set(re.findall(r"\]\(#([^)]+)\)", md))
    assert targets <= set(re.findall(r'<a id="([^"]+)"></a>', md))
    for c in story["claims"][:5]:
        assert c["verdict"].replace("-", " ").upper() in md
    assert main(["brief", story["id"], "--db", str(seed_db), "-q", "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert html.startswith("<!doctype html>") and "<script" not in html.lower()
    for aid in story["articles"]:
        assert f'id="a-{aid}"' in html


def test_cli_present_stories_lists_each_story(seed_db, capsys):
    assert main(["stories", "--db", str(seed_db), "-q"]) == 0
    out = capsys.readouterr().out
    assert main(["export", "--db", str(seed_db), "-q"]) == 0
    doc = json.loads(capsys.readouterr().out)
    for s in doc["stories"]:
        assert re.search(rf"^{s['id']}  ", out, re.M)
        n = len(s["articles"])
        assert f"{n} article{'s' if n != 1 else ''} · " in out


def test_cli_present_search_and_csv_on_a_real_store(seed_db, capsys, tmp_path):
    import csv
    import io

    assert main(["export", "--db", str(seed_db), "-q"]) == 0
    doc = json.loads(capsys.readouterr().out)
    story = max(doc["stories"], key=lambda s: len(s["claims"]))
    claim = story["claims"][0]
    assert claim["anchor"].startswith("c-")
    word = max(re.findall(r"[A-Za-z]{5,}", claim["text"]), key=len)
    assert main(["search", word, "--db", str(seed_db), "-q"]) == 0
    out = capsys.readouterr().out
    assert f"«{word}»".lower() in out.lower() and f"#{claim['anchor']}" in out
    assert main(["search", "qqqzzzxx", "--db", str(seed_db), "-q"]) == 1
    assert "E103" in capsys.readouterr().err
    assert main(["export", "--format", "csv", "--table", "claims", "--db", str(seed_db), "-q"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == sum(len(s["claims"]) for s in doc["stories"])
    assert {r["anchor"] for r in rows} >= {c["anchor"] for c in story["claims"]}
