"""decode: model.from_dict compiled once per class, the same objects."""

import json
from pathlib import Path


from newsprism.decode import decode
from newsprism.model import (AnalyzedArticle, Article, Claim, Report, Sentence, Story, StoryReport, from_dict,
                             to_dict)
from newsprism.store import Store

ROOT = Path(__file__).resolve().parents[1]


def test_decode_builds_what_from_dict_builds_on_nones_and_missing_keys():
    art = to_dict(Article(id="a", path="p", text="t", title=None))
    del art["title"]  # a key an older store did not write: the default
    assert decode(Article, art) == from_dict(Article, art)
    report = StoryReport(story=Story("s", ["a"], "H"),
                         claims=[Claim(id="c", text="x", verdict="single-source",
                                       reports=[Report(article="a", sentence=0, text="x", span=[0, 1])])])
    data = to_dict(report)
    assert decode(StoryReport, data) == from_dict(StoryReport, data) == report
    data["claims"][0]["reports"] = None  # None at a nested level stays None
    assert decode(StoryReport, data) == from_dict(StoryReport, data)
    sent = {"index": 0, "start": 0, "end": 1, "text": "x", "unknown": 1}  # unknown keys ignored
    assert decode(Sentence, sent) == from_dict(Sentence, sent)


def test_decode_equals_from_dict_on_a_stored_corpus(tmp_path):
    # Every analysis, report, story and the kept grouping of the examples.
    from newsprism.cli import main
    from newsprism.group import GroupResult

    out = tmp_path / "out"
    assert main(["analyze", str(ROOT / "examples"), "--db", str(tmp_path / "s.db"), "--out", str(out), "-q"]) == 0
    with Store(tmp_path / "s.db") as st:
        rows = st.conn.execute("SELECT a.data, r.data FROM analyses a JOIN articles r ON r.id = a.article_id")
        for analysis, article in rows:
            data = dict(json.loads(analysis), article=json.loads(article))
            assert decode(AnalyzedArticle, data) == from_dict(AnalyzedArticle, data)
        for (data,) in st.conn.execute("SELECT data FROM reports"):
            assert decode(StoryReport, json.loads(data)) == from_dict(StoryReport, json.loads(data))
        grouping = st.get_kv("grouping")["result"]
        assert decode(GroupResult, grouping) == from_dict(GroupResult, grouping)
        assert grouping["stories"] and grouping["similarities"]
