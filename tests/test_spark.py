"""newsprism spark: blocking and the task wrappers (plain Python), and the
Spark job itself in local mode against the in-process pipeline.

The Spark tests need pyspark (the extra newsprism[spark]) and Java; without
them they are skipped with the reason.  One local[2] session serves them all.
"""

from __future__ import annotations

import glob
import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from newsprism.config import load_config
from newsprism.model import Article
from newsprism.spark.blocking import (
    bounded_components,
    candidate_pairs,
    components,
    nearest_candidates,
    pack_blocks,
    plan_blocks,
    weakest_cut_parts,
)
from newsprism.spark.stages import Reject, group_block, ingest_file, local_name

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
# The parts of a story the Spark job must reproduce exactly.
STORY_PARTS = ("articles", "headline", "entities", "quotes", "claims", "conflicts", "timeline", "derivations")


def _spark_missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install 'newsprism[spark]')"
    if shutil.which("java") is None and not __import__("os").environ.get("JAVA_HOME"):
        return "no Java on the PATH and no JAVA_HOME (Spark needs Java 17)"
    return None


needs_spark = pytest.mark.skipif(_spark_missing() is not None, reason=_spark_missing() or "")


# ------------------------------------------------------------- plain Python


def test_blocking_components_join_articles_that_share_an_edge():
    edges = [("a", "b"), ("b", "c")]
    assert components(["a", "b", "c", "d"], edges) == [["a", "b", "c"], ["d"]]


def test_blocking_candidate_pairs_none_for_a_key_held_by_too_many_articles():
    assert candidate_pairs(["a", "b", "c"], max_key_articles=2) == []
    assert candidate_pairs(["c", "a", "b"], max_key_articles=3) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert candidate_pairs(["a"], max_key_articles=3) == []


def test_blocking_nearest_candidates_keeps_each_articles_nearest_above_the_floor():
    scored = [("a", "b", 0.9), ("a", "c", 0.5), ("a", "d", 0.3), ("b", "c", 0.01)]
    assert nearest_candidates(scored, neighbors=1, min_cosine=0.05) == {("a", "b"), ("a", "c"), ("a", "d")}
    assert nearest_candidates(scored, neighbors=3, min_cosine=0.4) == {("a", "b"), ("a", "c")}


def test_blocking_bounded_components_raise_the_bar_before_cutting():
    # A chain a-b-c-d-e-f: strong inside (a,b,c) and (d,e,f), weak between.
    w = {("a", "b"): 0.9, ("b", "c"): 0.9, ("d", "e"): 0.9, ("e", "f"): 0.9, ("c", "d"): 0.3}
    ids = list("abcdef")
    assert bounded_components(ids, w, threshold=0.25, max_articles=6, step=0.1) == [ids]
    assert bounded_components(ids, w, threshold=0.25, max_articles=3, step=0.1) == [["a", "b", "c"], ["d", "e", "f"]]
    # Nothing separates them below a bar of 1: runs in the given order, bounded.
    w = {e: 1.0 for e in w}
    parts = bounded_components(ids, w, threshold=0.25, max_articles=4, step=0.5,
                               order={x: (n,) for n, x in enumerate(ids)})
    assert parts == [["a", "b", "c", "d"], ["e", "f"]]


def test_blocking_weakest_cut_parts_cut_a_component_only_at_its_weakest_edges():
    # Two tight trios joined by one middling edge, and a pair (g, h) whose
    # own edge is weaker than the edge that hangs it on the second trio.
    w = {("a", "b"): 0.9, ("b", "c"): 0.8, ("a", "c"): 0.7, ("d", "e"): 0.9, ("e", "f"): 0.85,
         ("c", "d"): 0.5, ("f", "h"): 0.35, ("g", "h"): 0.3}
    ids = list("abcdefgh")
    parts, cut = weakest_cut_parts(ids, w, threshold=0.25, max_articles=8)
    assert parts == [ids] and cut == []  # a component that fits is never cut
    parts, cut = weakest_cut_parts(ids, w, threshold=0.25, max_articles=6)
    assert parts == [list("abcdef"), ["g", "h"]] and cut == [("f", "h", 0.35)]
    parts, cut = weakest_cut_parts(ids, w, threshold=0.25, max_articles=3)
    assert parts == [["a", "b", "c"], ["d", "e", "f"], ["g", "h"]]
    assert [(a, b) for a, b, _ in cut] == [("c", "d"), ("f", "h")]  # strongest first
    # raising the bar (the first version) cuts the pair's own edge as well
    assert bounded_components(ids, w, threshold=0.25, max_articles=6, step=0.05) == [list("abcdef"), ["g"], ["h"]]


def test_blocking_pack_puts_a_part_beside_the_parts_it_has_edges_to():
    parts = [["a1", "a2", "a3"], ["b1", "b2", "b3"], ["c1", "c2"], ["d1", "d2"]]
    w = {("a3", "d1"): 0.4, ("b1", "c2"): 0.6}
    blocks = pack_blocks(parts, target=5, weighted=w)
    assert sorted(blocks) == [["a1", "a2", "a3", "d1", "d2"], ["b1", "b2", "b3", "c1", "c2"]]
    # without the edges, balance alone decides (c first, to the block of a)
    assert sorted(pack_blocks(parts, target=5)) == [["a1", "a2", "a3", "c1", "c2"], ["b1", "b2", "b3", "d1", "d2"]]


def test_blocking_link_weight_is_the_pair_score_capped_by_the_corpus_bars(analyzed_examples):
    """An edge weighs what the clusterer's link weighs: never more than the
    pair score, and less when the corpus-weighted cosine is under its bar."""
    from newsprism.group import corpus_stats, pair_score
    from newsprism.group.features import group_rules
    from newsprism.spark.blocking import blocking_features, link_bars, link_features, link_weight

    cfg = load_config(env={})
    feats = [blocking_features(a) for a in analyzed_examples]
    stats = corpus_stats(feats)
    bars = link_bars(config=cfg, corpus_articles=stats.articles)
    link = [link_features(f, corpus=stats, config=cfg) for f in feats]
    assert feats[0].vector.shape != link[0].features.vector.shape or not (feats[0].vector == link[0].features.vector).all()
    lower = 0
    for i in range(len(feats)):
        for j in range(i + 1, len(feats)):
            w = link_weight(link[i], link[j], bars=bars)
            ps = pair_score(link[i].features, link[j].features, rules=group_rules())
            assert w <= ps + 1e-12
            lower += w < ps - 1e-9
    assert lower > 0


def test_blocking_pack_keeps_components_whole_and_blocks_bounded():
    comps = [["a1", "a2", "a3"], ["b1", "b2"], ["c1"], ["d1", "d2", "d3", "d4"]]
    blocks = pack_blocks(comps, target=4)
    for comp in comps:  # a component is never cut
        assert sum(1 for b in blocks if set(comp) <= set(b)) == 1
    assert all(len(b) <= 4 for b in blocks)
    assert sorted(x for b in blocks for x in b) == sorted(x for c in comps for x in c)
    assert pack_blocks(list(reversed(comps)), target=4) == blocks  # deterministic


def test_blocking_reusable_components_exclude_new_and_changed_ones():
    from newsprism.spark.blocking import component_key
    from newsprism.spark.job import _reusable

    comps = [["a", "b"], ["c"], ["d", "e"], ["f", "g"]]
    prev_comp = {"a": component_key(["a", "b"]), "b": component_key(["a", "b"]), "c": component_key(["c"]),
                 "d": component_key(["d"]), "f": component_key(["f", "g"]), "g": component_key(["f", "g"])}
    got = _reusable(comps, new={"e"}, prev_comp=prev_comp, prev_members={"s1": ["a", "b"], "s2": ["c"]})
    assert got == {component_key(["a", "b"]), component_key(["c"]), component_key(["f", "g"])}
    # A story of last run across two components: both are regrouped.
    got = _reusable(comps, new=set(), prev_comp=prev_comp, prev_members={"s1": ["a", "b", "c"]})
    assert got == {component_key(["f", "g"])}


@pytest.fixture(scope="module")
def analyzed_examples():
    from newsprism.analyze import analyze_articles
    from newsprism.ingest import ingest_paths

    cfg = load_config(env={})
    articles = ingest_paths([str(EXAMPLES)], config=cfg).articles
    return analyze_articles(articles, config=cfg.replace(analyze__processes=1))


def test_blocking_plan_puts_each_planted_story_in_one_component(analyzed_examples):
    """The examples plant three stories (examples/expected.toml); blocking
    must never cut one, and must separate something (else it means nothing)."""
    from newsprism.group import group_articles

    cfg = load_config(env={})
    plan = plan_blocks(analyzed_examples, config=cfg)
    comp_of = {aid: i for i, c in enumerate(plan.components) for aid in c}
    assert sorted(comp_of) == sorted(a.article.id for a in analyzed_examples)
    assert len(plan.components) >= 2
    stories = group_articles(analyzed_examples, config=cfg).stories
    assert len(stories) == 3
    for s in stories:
        assert len({comp_of[a] for a in s.articles}) == 1, s.headline


def test_blocking_grouping_each_small_block_apart_finds_the_same_stories(analyzed_examples):
    """What the Spark job does with blocks (one group_block per block, with
    the whole corpus's statistics), here with blocks as small as the
    components allow, gives the stories of one in-process batch over the
    whole corpus."""
    from newsprism.group import corpus_stats, group_articles
    from newsprism.spark.blocking import blocking_features

    cfg = load_config(env={})
    plan = plan_blocks(analyzed_examples, config=cfg.replace(spark__block_articles=5))
    assert len(plan.blocks) >= 2 and max(len(b) for b in plan.blocks) <= 5
    by_id = {a.article.id: a for a in analyzed_examples}
    stats = corpus_stats(blocking_features(a) for a in analyzed_examples)
    apart = sorted((r.story.id, tuple(r.story.articles))
                   for b in plan.blocks
                   for r in group_block([by_id[i] for i in b], config=cfg, corpus=stats).reports)
    whole = sorted((s.id, tuple(s.articles)) for s in group_articles(analyzed_examples, config=cfg).stories)
    assert apart == whole


def test_stages_ingest_file_turns_bad_input_into_rejects():
    cfg = load_config(env={})
    out = ingest_file("bad.txt", b"", config=cfg)
    assert len(out) == 1 and isinstance(out[0], Reject) and out[0].code == "E001" and out[0].path == "bad.txt"
    out = ingest_file("pic.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, config=cfg)
    assert isinstance(out[0], Reject) and out[0].code == "E002"
    good = json.dumps({"title": "A headline", "text": "Officials said the bridge reopened on Monday. " * 3})
    out = ingest_file("feed.jsonl", (good + "\n{not json\n").encode(), config=cfg)
    assert [type(x) for x in out] == [Article, Reject]
    assert out[1].code == "E006" and not out[1].warning


def test_stages_group_block_failure_rejects_the_block_not_the_job(analyzed_examples, monkeypatch):
    from newsprism import group

    def broken(*_a, **_k):
        raise RuntimeError("boom")

    monkeypatch.setattr(group, "group_articles", broken)
    out = group_block(analyzed_examples[:3], config=load_config(env={}))
    assert not out.reports and len(out.rejects) == 3
    assert all(r.stage == "group" and "boom" in r.reason for r in out.rejects)


def test_stages_local_name_keeps_remote_paths():
    assert local_name("file:/data/a.jsonl") == "/data/a.jsonl"
    assert local_name("file:///data/a.jsonl") == "/data/a.jsonl"
    assert local_name("hdfs://nn/data/a.jsonl") == "hdfs://nn/data/a.jsonl"


# ------------------------------------------------------------------ on Spark


@pytest.fixture(scope="module")
def spark():
    from newsprism.spark import spark_session

    session = spark_session(master="local[2]", config=load_config(env={}))
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _in_process(paths, tmp):
    from newsprism.pipeline import run

    _, result = run([str(p) for p in paths], db=tmp / "ref.db", config=load_config(env={}))
    return {s["id"]: s for s in result.document["stories"]}


def _on_spark(spark, paths, out, previous=None):
    from newsprism.spark import run_spark

    summary = run_spark([str(p) for p in paths], out=str(out), config=load_config(env={}), spark=spark,
                        previous=None if previous is None else str(previous))
    stories = {}
    for f in glob.glob(str(out / "json" / "*.json")):
        doc = json.loads(Path(f).read_text("utf-8"))
        assert doc["schema"] == "newsprism/1"
        for s in doc["stories"]:
            stories[s["id"]] = s
    return summary, stories


@needs_spark
@pytest.mark.parametrize("corpus", ["examples", "seeds"])
def test_spark_job_gives_the_stories_of_newsprism_analyze(spark, corpus, tmp_path, request):
    paths = [EXAMPLES] if corpus == "examples" else [request.getfixturevalue("seeds_dir")]
    want = _in_process(paths, tmp_path)
    summary, got = _on_spark(spark, paths, tmp_path / "out")
    assert sorted(got) == sorted(want)
    for sid, story in want.items():
        for part in STORY_PARTS:
            assert got[sid][part] == story[part], (sid, part)
    assert summary.stories == len(want) and summary.rejects == 0

    # The Parquet tables say the same as the JSON.
    claims = spark.read.parquet(str(tmp_path / "out" / "claims")).collect()
    assert sorted((r["story"], r["id"], r["verdict"]) for r in claims) == sorted(
        (sid, c["id"], c["verdict"]) for sid, s in want.items() for c in s["claims"])
    derivations = spark.read.parquet(str(tmp_path / "out" / "derivations")).collect()
    assert sorted((r["derived"], r["source"], r["kind"]) for r in derivations) == sorted(
        (d["derived"], d["source"], d["kind"]) for s in want.values() for d in s["derivations"])


@needs_spark
@pytest.mark.slow  # two more Spark runs: ~3 min on the loaded shared machine, run with -m slow / make test-all
def test_spark_job_incremental_second_half_gives_the_stories_of_one_run(spark, tmp_path):
    """examples/ in two halves: the second run, given the first run's output,
    analyzes only its own articles, copies the stories of the components it
    did not touch, and ends with the stories of one run over everything.
    The first half holds the files and the feed's Belmar record (so that
    the Belmar story is complete after it), the second the other records."""
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(EXAMPLES / "txt", first / "txt")
    shutil.copytree(EXAMPLES / "html", first / "html")
    lines = [ln for ln in (EXAMPLES / "feed.jsonl").read_text("utf-8").splitlines() if ln.strip()]
    belmar = [ln for ln in lines if "belmar" in json.loads(ln).get("url", "")]
    assert belmar and len(belmar) < len(lines)
    (first / "feed.jsonl").write_text("\n".join(belmar) + "\n", "utf-8")
    second.mkdir()
    (second / "feed.jsonl").write_text("\n".join(ln for ln in lines if ln not in belmar) + "\n", "utf-8")
    want = _in_process([EXAMPLES], tmp_path)

    s1, _ = _on_spark(spark, [first], tmp_path / "run1")
    s2, got = _on_spark(spark, [second], tmp_path / "run2", previous=tmp_path / "run1")
    assert s2.reused_articles == s1.articles > 0
    assert s2.articles == len({a for s in want.values() for a in s["articles"]})
    assert s2.reused_components >= 1 and s2.regrouped_articles < s2.articles  # Belmar was not grouped again
    assert sorted(got) == sorted(want)
    for sid, story in want.items():
        for part in STORY_PARTS:
            assert got[sid][part] == story[part], (sid, part)
    stories = spark.read.parquet(str(tmp_path / "run2" / "stories")).collect()
    assert sorted(r["id"] for r in stories) == sorted(want)


@needs_spark
@pytest.mark.slow  # a third Spark run: ~2.5 min on the loaded shared machine, run with -m slow / make test-all
def test_spark_job_records_bad_inputs_and_reads_parquet(spark, tmp_path):
    """A bad file is a row of the rejects table with its reason; the good
    records still go through; a Parquet table reads like its JSONL."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    shutil.copy(EXAMPLES / "feed.jsonl", inputs / "feed.jsonl")
    records = [json.loads(line) for line in (EXAMPLES / "feed.jsonl").read_text("utf-8").splitlines() if line.strip()]
    columns = sorted({k for r in records for k in r})
    spark.createDataFrame([tuple(r.get(c) for c in columns) for r in records], ", ".join(f"{c} string" for c in columns)) \
        .write.parquet(str(tmp_path / "feed.parquet"))

    summary, _ = _on_spark(spark, [inputs, tmp_path / "missing", tmp_path / "feed.parquet"], tmp_path / "out")
    rejects = {(Path(r["path"]).name, r["code"]) for r in spark.read.parquet(str(tmp_path / "out" / "rejects")).collect()}
    assert {("empty.txt", "E001"), ("image.txt", "E002"), ("missing", "E113")} <= rejects
    assert summary.rejects >= 3
    articles = spark.read.parquet(str(tmp_path / "out" / "articles")).collect()
    # Each record twice (JSONL line, Parquet row), the same content: one
    # article each, kept under the smaller path, here the Parquet row's.
    assert summary.articles == len(articles) == len(records)
    assert all("feed.parquet" in r["path"] for r in articles)


def test_spark_cli_without_pyspark_says_how_to_install(monkeypatch, capsys):
    import builtins

    from newsprism.cli import main

    real = builtins.__import__

    def no_pyspark(name, *args, **kwargs):
        if name == "pyspark" or name.startswith("pyspark."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyspark)
    assert main(["spark", str(EXAMPLES), "--out", "/nonexistent/never-written"]) == 2
    assert "newsprism[spark]" in capsys.readouterr().err
