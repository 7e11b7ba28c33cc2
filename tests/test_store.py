import sqlite3

import numpy as np
import pytest

from newsprism.errors import StoreError
from newsprism.model import AnalyzedArticle, Article, Sentence, Story, StoryReport
from newsprism.store import SCHEMA_VERSION, Store


def _art(i: str, published: str | None = None) -> Article:
    return Article(id=i, path=f"/x/{i}.txt", text=f"text {i}", published=published, raw_hash="r" + i)


def test_store_add_article_is_idempotent(tmp_path):
    with Store(tmp_path / "s.db") as st:
        assert st.add_article(_art("a1")) is True
        assert st.add_article(_art("a1")) is False
        assert st.count_articles() == 1
        assert st.has_input("ra1") == "a1"


def test_store_uses_wal_and_schema_version(tmp_path):
    with Store(tmp_path / "s.db") as st:
        assert st.schema_version == SCHEMA_VERSION
        assert st.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_refuses_newer_schema(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_store_refuses_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "s.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a newsprism database"):
        Store(path)


def test_store_articles_ordered_by_publication(tmp_path):
    with Store(tmp_path / "s.db") as st:
        st.add_article(_art("b", "2020-01-02"))
        st.add_article(_art("c"))
        st.add_article(_art("a", "2020-01-03"))
        assert [a.id for a in st.articles()] == ["b", "a", "c"]


def test_store_find_article_by_prefix_and_path(tmp_path):
    with Store(tmp_path / "s.db") as st:
        st.add_article(_art("abc123"))
        st.add_article(_art("abd456"))
        assert st.find_article("abc").id == "abc123"
        assert st.find_article("abd456.txt").id == "abd456"
        assert st.find_article("x/abc1").id == "abc123"  # a piece of the path
        st.add_article(Article(id="u1", path="feed.jsonl#1", text="t", url="https://ex.example/news/blast-toll"))
        assert st.find_article("blast-toll").id == "u1"  # a piece of the url
        assert st.find_article("https://ex.example/news/blast-toll").id == "u1"
        with pytest.raises(StoreError, match="ambiguous"):
            st.find_article("ab")
        with pytest.raises(StoreError, match="no article"):
            st.find_article("zzz")


def test_store_analysis_cache_is_versioned_and_keeps_embeddings(tmp_path):
    with Store(tmp_path / "s.db") as st:
        art = _art("a")
        st.add_article(art)
        emb = np.arange(6, dtype=np.float32).reshape(2, 3) / 10
        aa = AnalyzedArticle(article=art, sentences=[Sentence(0, 0, 4, "text")], embeddings=emb,
                             analyzer_version="v1")
        st.put_analysis(aa)
        assert st.analysis("a", "v2") is None
        back = st.analysis("a", "v1")
        assert back.sentences == aa.sentences
        assert back.article == art
        assert np.allclose(back.embeddings, emb, atol=1e-3)


def test_store_stories_and_reports(tmp_path):
    with Store(tmp_path / "s.db") as st:
        st.add_article(_art("a"))
        st.add_article(_art("b"))
        st.replace_stories([Story("s1", ["a", "b"], "H")])
        assert st.story_of("b") == "s1"
        assert st.story("s1").headline == "H"
        rep = StoryReport(story=Story("s1", ["a", "b"], "H"))
        st.put_report(rep, "k1")
        assert st.report("s1", "k1") == rep
        assert st.report("s1", "k2") is None


def test_store_replace_stories_writes_only_the_stories_that_changed(tmp_path):
    with Store(tmp_path / "s.db") as st:
        st.replace_stories([Story("s1", ["a", "b"], "H1"), Story("s2", ["c"], "H2"), Story("s3", ["d"], "H3")])
        st.conn.execute("UPDATE stories SET updated = 0")
        st.conn.commit()
        # one article more joins s2; s3 is gone (its article now in s2)
        st.replace_stories([Story("s1", ["a", "b"], "H1"), Story("s2", ["c", "d", "e"], "H2")])
        updated = dict(st.conn.execute("SELECT id, updated FROM stories"))
        assert updated["s1"] == 0 and updated["s2"] > 0 and "s3" not in updated
        assert [st.story_of(a) for a in "abcde"] == ["s1", "s1", "s2", "s2", "s2"]
        assert sorted(st.conn.execute("SELECT article_id, story_id FROM story_members")) == [
            ("a", "s1"), ("b", "s1"), ("c", "s2"), ("d", "s2"), ("e", "s2")]
        assert st.story_alias("s3") == "s2"
        # an article leaving a story: its member row goes with the change
        st.replace_stories([Story("s1", ["a"], "H1"), Story("s2", ["c", "d", "e"], "H2")])
        assert st.story_of("b") is None and st.story_of("a") == "s1"


def test_store_committed_rows_survive_a_connection_that_never_closes(tmp_path):
    path = tmp_path / "s.db"
    st = Store(path)
    st.add_article(_art("a"))
    # No close(): a killed process. Another connection must see the article.
    with Store(path) as other:
        assert other.count_articles() == 1


def test_store_failures_are_kept_per_analyzer_version(tmp_path):
    with Store(tmp_path / "s.db") as st:
        st.add_article(_art("a"))
        assert st.failure("a") is None
        st.mark_failed("a", stage="parse", reason="too long", version="v1")
        assert st.failure("a") == {"stage": "parse", "reason": "too long", "version": "v1"}
        assert st.failure("a", "v2") is None
        assert set(st.failures("v1")) == {"a"} and st.failures("v2") == {}


def test_store_retired_story_id_points_at_the_story_that_absorbed_it(tmp_path):
    with Store(tmp_path / "s.db") as st:
        for i in "abcd":
            st.add_article(_art(i))
        st.replace_stories([Story("s1", ["a", "b"], "H1"), Story("s2", ["c"], "H2"), Story("s3", ["d"], "H3")])
        # Re-clustering: s1 and s2 merge into s4 (which holds most of s1's articles).
        st.replace_stories([Story("s4", ["a", "b", "c"], "H4"), Story("s3", ["d"], "H3")])
        assert st.story_alias("s1") == "s4" and st.story_alias("s2") == "s4"
        assert st.story_alias("s3") is None
        assert st.story("s1").id == "s4"
        # Retired again: the old aliases follow.
        st.replace_stories([Story("s5", ["a", "b", "c", "d"], "H5")])
        assert st.story_aliases() == {"s1": "s5", "s2": "s5", "s3": "s5", "s4": "s5"}
        # An id that comes back is a story again, not an alias.
        st.replace_stories([Story("s1", ["a", "b"], "H1"), Story("s6", ["c", "d"], "H6")])
        assert st.story_alias("s1") is None and st.story("s1").headline == "H1"


def test_store_migrates_a_version_1_database(tmp_path):
    path = tmp_path / "old.db"
    with Store(path) as st:
        st.add_article(_art("a"))
        st.conn.executescript("DROP TABLE failures; DROP TABLE story_aliases; DROP TABLE vectors; DROP TABLE parts;"
                              " DROP TABLE words; DROP TABLE reads;"
                              " ALTER TABLE analyses DROP COLUMN parse; PRAGMA user_version = 1;")
    with Store(path) as st:
        assert st.schema_version == SCHEMA_VERSION
        assert st.count_articles() == 1 and st.failures() == {}


def test_store_grouping_is_kept_under_its_key_only(tmp_path):
    with Store(tmp_path / "s.db") as st:
        assert st.grouping("k1") is None
        st.put_grouping("k1", {"stories": [{"id": "s1", "articles": ["a", "b"]}]})
        assert st.grouping("k1") == {"stories": [{"id": "s1", "articles": ["a", "b"]}]}
        assert st.grouping("k2") is None
        st.put_grouping("k2", {"stories": []})  # one kept: the newest
        assert st.grouping("k1") is None
        assert st.grouping("k2") == {"stories": []}


def test_store_grouping_stories_are_the_kept_groupings_without_decoding_the_rest(tmp_path, monkeypatch):
    import json

    with Store(tmp_path / "s.db") as st:
        assert st.grouping_stories("k1") is None
        stories = [{"id": "s1", "articles": ["a", "b"], "headline": "Quarry blast \u2014 \"two\" dead"}]
        st.put_grouping("k1", {"stories": stories, "similarities": [{"a": "a", "b": "b", "score": 0.5}] * 50})
        decoded = []
        real = json.loads
        monkeypatch.setattr(json, "loads", lambda text, *a, **k: (decoded.append(len(text)), real(text, *a, **k))[1])
        assert st.grouping_stories("k2") is None and decoded == []
        assert st.grouping_stories("k1") == stories
        whole = st.conn.execute("SELECT length(value) FROM kv WHERE key = 'grouping'").fetchone()[0]
        assert len(decoded) == 1 and decoded[0] < 100 < 1500 < whole  # the stories' text only
        assert st.grouping("k1")["stories"] == stories
        st.put_grouping("k3", {"similarities": []})
        assert st.grouping_stories("k3") == []
        st.set_kv("grouping", {"key": "k4", "result": None})
        assert st.grouping_stories("k4") is None and st.grouping("k4") is None


def test_store_grouping_under_another_key_is_not_decoded(tmp_path, monkeypatch):
    import json

    with Store(tmp_path / "s.db") as st:
        st.put_grouping("k1", {"stories": [{"id": "s1", "articles": ["a", "b"]}]})
        decoded = []
        real = json.loads
        monkeypatch.setattr(json, "loads", lambda text, *a, **k: (decoded.append(1), real(text, *a, **k))[1])
        assert st.grouping("k2") is None and decoded == []
        assert st.grouping("k1") == {"stories": [{"id": "s1", "articles": ["a", "b"]}]} and decoded == [1]


def test_store_vectors_are_kept_by_key_in_float16(tmp_path):
    import numpy as np

    with Store(tmp_path / "s.db") as st:
        assert st.vectors(["k1"]) == {}
        v = np.array([0.1, -0.5, 0.25], dtype=np.float32)
        st.put_vectors({"k1": v})
        got = st.vectors(["k1", "k2"])
        assert list(got) == ["k1"] and got["k1"].dtype == np.float32
        assert np.allclose(got["k1"], v, atol=1e-3)
        st.put_vectors({f"n{i}": v for i in range(1200)})  # more keys than one statement takes
        assert len(st.vectors([f"n{i}" for i in range(1200)])) == 1200


def test_store_reads_an_older_store_read_only_without_the_new_columns(tmp_path):
    path = tmp_path / "old.db"
    with Store(path) as st:
        st.add_article(_art("a"))
        st.put_analysis(AnalyzedArticle(article=_art("a"), analyzer_version="v", parse=b"x"))
        st.conn.executescript("DROP TABLE reads; DROP TABLE words; DROP TABLE parts; DROP TABLE vectors;"
                              " ALTER TABLE analyses DROP COLUMN parse; PRAGMA user_version = 2;")
    with Store(path, readonly=True) as st:
        assert st.schema_version == 2
        assert st.vectors(["k"]) == {} and st.parses(["a"]) == {} and st.word_bags(["k"]) == {}
        assert st.reads(["k"]) == {}
        assert st.analysis("a", parse=True).parse is None
    with Store(path) as st:  # opened for writing: migrated, the analysis kept
        assert st.schema_version == SCHEMA_VERSION and st.analysis("a").parse is None


def test_store_keeps_the_parse_with_the_analysis(tmp_path):
    with Store(tmp_path / "s.db") as st:
        st.add_article(_art("a"))
        st.put_analysis(AnalyzedArticle(article=_art("a"), analyzer_version="v", parse=b"\x00parse"))
        assert st.analysis("a", "v", parse=True).parse == b"\x00parse"
        assert st.analysis("a", "v").parse is None  # not read unless asked for
        assert st.parses(["a", "b"]) == {"a": b"\x00parse"}


def test_store_document_is_kept_under_its_key_only(tmp_path):
    doc = {"schema": "newsprism/1", "articles": [{"id": "a", "text": "Ünïcode ✓ " * 50}], "stories": []}
    with Store(tmp_path / "db.sqlite") as st:
        assert st.document("k1") is None
        st.put_document("k1", doc)
        assert st.document("k1") == doc
        assert st.document("k2") is None
        st.put_document("k2", {"schema": "newsprism/1"})
        assert st.document("k1") is None  # one kept, the newest
        assert st.document("k2") == {"schema": "newsprism/1"}
        assert st.get_kv("grouping") is None  # the other kv entries untouched


def test_store_document_evidence_is_kept_with_its_document_only(tmp_path):
    evidence = {"s1": {"names": ["Marta Quell (2/2)"], "terms": [], "pairs": 1}}
    with Store(tmp_path / "db.sqlite") as st:
        assert st.document_evidence("k1") is None
        st.put_document("k1", {"schema": "newsprism/1"}, evidence=evidence)
        assert st.document_evidence("k1") == evidence
        assert st.document_evidence("k2") is None
        # a newer document kept without evidence leaves none of the old one
        st.put_document("k2", {"schema": "newsprism/1"})
        assert st.document_evidence("k1") is None and st.document_evidence("k2") is None


def test_store_cross_encoder_reads_are_kept_by_key_for_the_current_stories(tmp_path):
    with Store(tmp_path / "s.db") as st:
        assert st.reads(["b1"]) == {}
        st.keep_reads({"b1": b"\x00\x00\x80?", "b2": b"\x00\x00\x00@"}, [], owner="r1")
        st.keep_reads({"b3": b"\x00\x00@@"}, [], owner="r2")
        assert st.reads(["b1", "b3", "b9"]) == {"b1": b"\x00\x00\x80?", "b3": b"\x00\x00@@"}
        # story r1 redone as r3 (one article more): it read b1 again, kept
        st.keep_reads({"b4": b"\x00\x00\x80@"}, ["b1"], owner="r3")
        st.prune_reads(keep={"r2", "r3"})
        assert set(st.reads(["b1", "b2", "b3", "b4"])) == {"b1", "b3", "b4"}
        st.keep_reads({f"n{i}": b"\x00\x00\x00\x00" for i in range(1200)}, [], owner="r4")
        assert len(st.reads([f"n{i}" for i in range(1200)])) == 1200  # more keys than one statement takes
        st.prune_reads(keep=set())
        assert st.conn.execute("SELECT count(*) FROM reads").fetchone()[0] == 0


def test_store_word_bags_are_kept_by_key_for_one_document(tmp_path):
    with Store(tmp_path / "s.db") as st:
        assert st.word_bags(["k1"]) == {}
        st.keep_word_bags({"k1": {"quarry": 2.61, "blast": 3.1}, "k2": {"harbour": 3.35}}, keep={"k1", "k2"})
        assert st.word_bags(["k1", "k3"]) == {"k1": {"quarry": 2.61, "blast": 3.1}}
        # the next document's bags: the one not in it is dropped
        st.keep_word_bags({f"n{i}": {"w": float(i)} for i in range(1200)}, keep={"k1"} | {f"n{i}" for i in range(1200)})
        assert set(st.word_bags(["k1", "k2"])) == {"k1"}
        assert len(st.word_bags([f"n{i}" for i in range(1200)])) == 1200  # more keys than one statement takes
