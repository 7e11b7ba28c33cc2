"""End to end on the project's own examples: the walking skeleton holds."""

import json
from pathlib import Path

import pytest

from newsprism.cli import main
from newsprism.store import Store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    code = main(["analyze", str(EXAMPLES), "--db", str(out / "demo.db"), "--out", str(out), "-q"])
    return code, out


def test_pipeline_analyze_writes_the_three_outputs(demo):
    code, out = demo
    assert code == 0
    for name in ("brief.md", "brief.html", "export.json"):
        assert (out / name).stat().st_size > 0


def test_pipeline_export_follows_the_contract(demo):
    _, out = demo
    doc = json.loads((out / "export.json").read_text("utf-8"))
    assert doc["schema"] == "newsprism/1"
    assert len(doc["articles"]) >= 8
    for a in doc["articles"]:
        for key in ("id", "path", "title", "outlet", "published", "language", "agency", "byline", "text",
                    "removed", "repairs"):
            assert key in a
    assert doc["stories"]
    for s in doc["stories"]:
        for key in ("id", "headline", "articles", "entities", "quotes", "claims", "conflicts", "timeline",
                    "derivations"):
            assert key in s
    ids = {a["id"] for a in doc["articles"]}
    assert all(set(s["articles"]) <= ids for s in doc["stories"])
    assert "similarity" in doc


def test_pipeline_rerun_is_idempotent_and_export_deterministic(demo, capsys):
    _, out = demo
    with Store(out / "demo.db") as st:
        before = st.count_articles()
    assert main(["analyze", str(EXAMPLES), "--db", str(out / "demo.db"), "--out", str(out / "again"), "-q"]) == 0
    with Store(out / "demo.db") as st:
        assert st.count_articles() == before
    first = json.loads((out / "export.json").read_text("utf-8"))
    second = json.loads((out / "again" / "export.json").read_text("utf-8"))
    assert first == second


def test_pipeline_export_command_prints_the_same_document(demo, capsys):
    _, out = demo
    capsys.readouterr()
    assert main(["export", "--format", "json", "--db", str(out / "demo.db"), "-q"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads((out / "export.json").read_text("utf-8"))
