"""decode: model.from_dict and model.to_dict compiled once per class, the
same objects and the same plain data."""

import dataclasses
import json
from collections import Counter, OrderedDict
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsprism.decode import decode, encode
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


@dataclasses.dataclass
class _Loose:
    # fields holding what their hints do not say: to_dict walks a value by
    # its own type, and so must encode
    name: str = ""
    items: list[str] = dataclasses.field(default_factory=list)
    inner: Sentence | None = None
    anything: Any = None
    table: dict[str, Sentence] = dataclasses.field(default_factory=dict)
    embeddings: Any = None  # left out, as by to_dict
    from_: str = ""  # renamed, as by to_dict


@dataclasses.dataclass
class _Wider(Sentence):
    extra: int = 0


def test_decode_encode_writes_what_to_dict_writes_whatever_a_value_holds():
    sent = Sentence(index=0, start=0, end=1, text="x")
    odd = [
        _Loose(),
        _Loose(name=("a", "b"), items=("x", 1, None), inner=sent, anything=[sent, ("t", 2.5)], from_="f"),
        _Loose(name=np.float32(1.5), items=[sent, {"k": (1, 2)}], inner=_Wider(index=1, start=0, end=1, text="y", extra=3),
               anything=OrderedDict(b=sent, a=[1]), table=Counter(a=2), embeddings=np.zeros(3)),
        _Loose(items=None, table={"s": sent, "t": ("not", "a", "sentence")}, anything={"n": {"m": [sent]}}),
        [_Loose(), (sent, None)],
        {"k": _Loose(anything=True)},
        (1, "two", 3.0),
        "plain",
        None,
    ]
    for value in odd:
        assert encode(value) == to_dict(value)
        assert json.dumps(encode(value), default=str) == json.dumps(to_dict(value), default=str)  # key order too
    assert "embeddings" not in encode(odd[2]) and "from" in encode(odd[1])


@pytest.fixture(scope="module")
def fresh_run(tmp_path_factory):
    """The examples processed once, fresh: the live objects each stage made
    (not read back from the store) and the store they were written to."""
    from newsprism.ingest import ingest_paths
    from newsprism.pipeline import process_store

    db = tmp_path_factory.mktemp("enc") / "s.db"
    with Store(db) as st:
        ingest_paths([str(ROOT / "examples")], store=st)
        result = process_store(st)
    return db, result


def test_decode_encode_writes_what_to_dict_writes_on_a_fresh_corpus(fresh_run):
    # Every analysis, report, story, the grouping and the export of the
    # examples, as the stages made them.
    db, result = fresh_run
    assert result.reports and result.grouping.similarities
    values = [*result.analyzed, *result.reports, result.grouping, *result.grouping.stories,
              *(a.article for a in result.analyzed)]
    for value in values:
        assert json.dumps(encode(value), ensure_ascii=False) == json.dumps(to_dict(value), ensure_ascii=False)
    with Store(db) as st:  # and what the store keeps is what to_dict wrote
        for r in result.reports:
            (data,) = st.conn.execute("SELECT data FROM reports WHERE story_id = ?", (r.story.id,)).fetchone()
            assert data == json.dumps(to_dict(r), ensure_ascii=False)


def test_decode_gc_paused_leaves_the_collector_as_it_found_it():
    import gc

    from newsprism.decode import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block does not turn it back on
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("a block that raises")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # off before: off after
    finally:
        gc.enable()
