"""`newsprism spark` against the in-process pipeline on the same 2,000+ articles.

Corpus: AllSides headline roundups (1,479 articles, 505 events; Lee et al.,
NAACL 2022) plus ECB+ topics 1-35 (Cybulska & Vossen, LREC 2014; a gold story
is a topic half, as in bench_clustering.py), written as JSONL files.  Both
runs use the same defaults:

* in-process: ingest_paths -> analyze_articles (analyze.processes workers)
  -> group_articles -> reconcile_story per story -> build_export, each step
  timed (what `newsprism analyze` runs);
* Spark: run_spark on local[N] (N = --cores), its steps timed by the job.

Printed: wall time and articles/s of each; where the time goes; the blocking
(components, largest block, share of gold same-story pairs that blocking
keeps together); and, per corpus, BCubed and pairwise F1 of the stories of
each run beside the all-singletons baseline, with the difference.

    nice python bench/bench_spark.py                 # everything (~20-40 min on 2 shared cores)
    nice python bench/bench_spark.py --ecb-topics 1 2 3 --allsides 200   # a quick look
    nice python bench/bench_spark.py --blocking         # blocking in one process, no Spark (~10 min)
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_clustering import bcubed, load_docs, pairwise_f1
from ecbplus import ALL_TOPICS

ROOT = HERE.parent
OUT = HERE / "out" / "spark"
ALLSIDES = ROOT / ".." / "shared" / "benchmarks" / "allsides" / "allsides.jsonl"


def write_corpus(folder: Path, *, topics: tuple[int, ...], allsides: int, files: int) -> dict[str, tuple[str, str]]:
    """JSONL files of the corpus; url -> (corpus, gold story)."""
    records, gold = [], {}
    for d in load_docs(topics):
        url = f"bench://ecbplus/{d.name}"
        records.append({"url": url, "text": d.text})
        gold[url] = ("ecbplus", d.gold)
    with open(ALLSIDES, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    for r in rows[: allsides if allsides >= 0 else None]:
        url = f"bench://allsides/{r['id']}"
        records.append({"url": url, "title": r["title"], "text": r["text"], "outlet": r["outlet"],
                        "published": r["published"]})
        gold[url] = ("allsides", str(r["event"]))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for k in range(files):
        with open(folder / f"part-{k:02d}.jsonl", "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(rec, ensure_ascii=False) + "\n" for rec in records[k::files])
    return gold


def in_process(folder: Path, db: Path) -> tuple[dict[str, str], dict[str, str], dict[str, float], int]:
    """(article id -> story, article id -> url, seconds per step, articles)."""
    from newsprism.analyze import analyze_articles
    from newsprism.config import load_config
    from newsprism.group import group_articles
    from newsprism.ingest import ingest_paths
    from newsprism.present.export import build_export
    from newsprism.reconcile import reconcile_story
    from newsprism.store import Store

    cfg = load_config()
    db.unlink(missing_ok=True)
    secs: dict[str, float] = {}
    t = time.perf_counter()
    with Store(db) as store:
        ingest_paths([str(folder)], store=store, config=cfg)
        articles = store.articles()
        secs["ingest"] = time.perf_counter() - t
        t = time.perf_counter()
        analyzed = analyze_articles(articles, config=cfg, store=store)
        secs["analyze"] = time.perf_counter() - t
    t = time.perf_counter()
    grouping = group_articles(analyzed, config=cfg)
    secs["group"] = time.perf_counter() - t
    t = time.perf_counter()
    by_id = {a.article.id: a for a in analyzed}
    reports = []
    for s in grouping.stories:
        inside = set(s.articles)
        sims = [x for x in grouping.similarities if x.a in inside and x.b in inside]
        reports.append(reconcile_story(s, [by_id[a] for a in s.articles], config=cfg, similarities=sims))
    secs["reconcile"] = time.perf_counter() - t
    t = time.perf_counter()
    build_export(analyzed, reports, similarities=grouping.similarities, duplicates=grouping.duplicates)
    secs["export"] = time.perf_counter() - t
    story_of = {a: s.id for s in grouping.stories for a in s.articles}
    url_of = {a.article.id: a.article.url or "" for a in analyzed}
    return story_of, url_of, secs, len(analyzed)


def on_spark(folder: Path, out: Path, cores: int, block_articles: int | None = None):
    from pyspark.sql import functions as F

    from newsprism.config import load_config
    from newsprism.spark import run_spark, spark_session

    cfg = load_config()
    if block_articles:
        cfg = cfg.replace(spark__block_articles=block_articles)
    t = time.perf_counter()
    spark = spark_session(master=f"local[{cores}]", config=cfg)
    spark.sparkContext.setLogLevel("ERROR")
    start = time.perf_counter() - t
    try:
        summary = run_spark([str(folder)], out=str(out), config=cfg, spark=spark, story_files=True)
        stories = spark.read.parquet(str(out / "stories")).select("id", "block", F.explode("articles").alias("a"))
        rows = stories.collect()
        urls = {r["id"]: r["url"] or "" for r in spark.read.parquet(str(out / "articles")).select("id", "url").collect()}
    finally:
        spark.stop()
    story_of = {r["a"]: r["id"] for r in rows}
    block_of = {r["a"]: r["block"] for r in rows}
    return story_of, block_of, urls, summary, start


def scores(story_of: dict[str, str], url_of: dict[str, str], gold: dict[str, tuple[str, str]], corpus: str):
    g = {a: gold[u][1] for a, u in url_of.items() if u in gold and gold[u][0] == corpus and a in story_of}
    p = {a: story_of[a] for a in g}
    single = {a: a for a in g}
    return len(g), bcubed(p, g)[2], pairwise_f1(p, g)[2], bcubed(single, g)[2]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ecb-topics", type=int, nargs="*", default=list(ALL_TOPICS))
    ap.add_argument("--allsides", type=int, default=-1, help="first N AllSides articles (-1: all)")
    ap.add_argument("--files", type=int, default=8, help="JSONL files the corpus is cut into")
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--spark-block-articles", type=int, default=None,
                    help="spark.block_articles for the Spark run (default: the setting)")
    ap.add_argument("--blocking", nargs="*", metavar="CORPUS",
                    help="only: blocking in one process, no Spark, on these corpora of bench_grouping.py "
                         "(ecb+meta ecb-meta allsides+meta allsides-meta; none given: ecb+meta allsides+meta "
                         "allsides-meta)")
    ap.add_argument("--edge-factors", type=float, nargs="*", default=None,
                    help="with --blocking: edge_factor values to compare (default: the shipped one)")
    ap.add_argument("--block-articles", type=int, nargs="*", default=None,
                    help="with --blocking: spark.block_articles values to compare (default: the setting)")
    ap.add_argument("--cut", choices=["weakest", "raise"], default=None,
                    help="with --blocking: how an oversize component is cut (default: data/spark_blocking.toml)")
    ap.add_argument("--edge-score", choices=["link", "pair"], default=None,
                    help="with --blocking: what weighs an edge (default: data/spark_blocking.toml)")
    ap.add_argument("--blocking-cpu", metavar="CORPUS", default=None,
                    help="only: CPU seconds (time.process_time) of plan_blocks and of group_articles over the "
                         "whole corpus, in one process, on a corpus of bench_grouping.py (e.g. allsides+meta)")
    ap.add_argument("--no-baseline", action="store_true",
                    help="with --blocking: leave out the hashed-blocks baseline rows")
    ap.add_argument("--block-stats", action="store_true",
                    help="with --blocking: each block clustered with its own corpus statistics (the first "
                         "version), not the whole corpus's")
    args = ap.parse_args()
    if args.blocking_cpu:
        return blocking_cpu(args.blocking_cpu, size=(args.block_articles or [250])[0])
    if args.blocking is not None:
        from newsprism.config import load_config
        from newsprism.spark.blocking import blocking_rules

        return blocking_inprocess(args.blocking or ["ecb+meta", "allsides+meta", "allsides-meta"],
                                  factors=args.edge_factors or [blocking_rules().edge_factor],
                                  sizes=args.block_articles or [int(load_config()["spark.block_articles"])],
                                  whole_stats=not args.block_stats, cut=args.cut, edge_score=args.edge_score,
                                  baseline=not args.no_baseline)
    import importlib.util

    if importlib.util.find_spec("pyspark") is None:
        print("skipped: pyspark is not installed (pip install -r requirements/spark.lock)")
        return 0

    folder = OUT / "corpus"
    gold = write_corpus(folder, topics=tuple(args.ecb_topics), allsides=args.allsides, files=args.files)
    print(f"corpus: {len(gold)} records in {args.files} JSONL files ({folder})")

    t = time.perf_counter()
    ip_story, ip_url, ip_secs, n_ip = in_process(folder, OUT / "inproc.db")
    ip_wall = time.perf_counter() - t
    t = time.perf_counter()
    sp_story, sp_block, sp_url, summary, start = on_spark(folder, OUT / "tables", args.cores, args.spark_block_articles)
    sp_wall = time.perf_counter() - t

    print("\n| run | articles | wall s | articles/s | where the time goes (s) |\n| --- | --- | --- | --- | --- |")
    print(f"| in-process (analyze.processes=2) | {n_ip} | {ip_wall:.0f} | {n_ip / ip_wall:.2f} | "
          + ", ".join(f"{k} {v:.0f}" for k, v in ip_secs.items()) + " |")
    print(f"| spark local[{args.cores}] | {summary.articles} | {sp_wall:.0f} | {summary.articles / sp_wall:.2f} | "
          f"session start {start:.0f}, " + ", ".join(f"{k} {v:.0f}" for k, v in summary.seconds.items()) + " |")

    # Blocking: gold same-story pairs kept in one block.
    by_gold: dict[tuple[str, str], list[str]] = defaultdict(list)
    for a, u in sp_url.items():
        if u in gold and a in sp_block:
            by_gold[gold[u]].append(a)
    pairs = kept = 0
    for members in by_gold.values():
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                pairs += 1
                kept += sp_block[members[i]] == sp_block[members[j]]
    together = sum(1 for a, b in ((x, y) for m in _groups(ip_story).values() for x in m for y in m if x < y)
                   if a in sp_block and b in sp_block and sp_block[a] != sp_block[b])
    print(f"\nblocking: {summary.components} components in {summary.blocks} blocks, largest {summary.largest_block};"
          f" gold same-story pairs in one block {kept}/{pairs} ({kept / max(1, pairs):.3f});"
          f" in-process same-story pairs cut by blocking: {together}; rejects {summary.rejects}")

    print("\n| corpus | articles | BCubed F1 in-process | BCubed F1 spark | diff | pairwise F1 in-process | "
          "pairwise F1 spark | diff | singletons BCubed F1 |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for corpus in ("ecbplus", "allsides"):
        n, b_ip, p_ip, single = scores(ip_story, ip_url, gold, corpus)
        _, b_sp, p_sp, _ = scores(sp_story, sp_url, gold, corpus)
        print(f"| {corpus} | {n} | {b_ip:.3f} | {b_sp:.3f} | {b_sp - b_ip:+.3f} | {p_ip:.3f} | {p_sp:.3f} | "
              f"{p_sp - p_ip:+.3f} | {single:.3f} |")
    gi, gs = _groups(ip_story), _groups(sp_story)
    same = sum(1 for a in ip_story if a in sp_story and gi[ip_story[a]] == gs[sp_story[a]])
    print(f"\narticles whose story has exactly the same members in both runs: {same}/{len(ip_story)}")
    return 0


def blocking_inprocess(names: list[str], *, factors: list[float], sizes: list[int], whole_stats: bool = True,
                       cut: str | None = None, edge_score: str | None = None, baseline: bool = True) -> int:
    """Blocking measured in one process, no Spark: each corpus of
    bench_grouping.py (its loading and analysis cache) is cut into blocks by
    spark.blocking.plan_blocks, the in-process clusterer (group_articles, as
    bench_grouping.run_newsprism runs it) runs on each block apart, given the
    whole corpus's statistics (as the Spark job does; ``whole_stats=False``:
    each block's own), and the stories are scored against gold beside the
    whole corpus grouped at once."""
    from dataclasses import replace

    from bench_grouping import load_allsides, load_ecb, run_newsprism, score

    from newsprism.config import load_config
    from newsprism.group import corpus_stats
    from newsprism.spark.blocking import (
        BlockPlan,
        blocking_features,
        blocking_keys,
        blocking_rules,
        edge_threshold,
        finish_plan,
        link_scoring,
        weighted_edges,
    )

    cfg = load_config()
    loaders = {
        "ecb+meta": lambda: load_ecb(meta=True)[:2],
        "ecb-meta": lambda: load_ecb(meta=False)[:2],
        "allsides+meta": lambda: load_allsides(meta=True)[:2],
        "allsides-meta": lambda: load_allsides(meta=False)[:2],
    }
    print("| corpus | articles | dated | edge bar | block_articles | blocks | components | largest block (share) | raised / chunked | "
          "candidate pairs | edges cut (of, heaviest cut) | gold pairs in one block | whole-corpus story pairs in one block | B3 F1 whole | "
          "B3 F1 blocks | diff | pair F1 whole | pair F1 blocks | singletons B3 F1 | block s | group s whole | "
          "group s blocks |")
    print("| " + " | ".join(["---"] * 22) + " |")
    for name in names:
        analyzed, gold = loaders[name]()
        t = time.perf_counter()
        whole = run_newsprism(analyzed)
        t_whole = time.perf_counter() - t
        (_, _, bw), (_, _, pw) = score(whole, gold)
        single = score({a: a for a in gold}, gold)[0][2]
        dated = sum(1 for a in analyzed if a.article.published)
        by_id = {a.article.id: a for a in analyzed}
        t = time.perf_counter()
        feats = {a.article.id: blocking_features(a) for a in analyzed}
        stats = corpus_stats(feats.values()) if whole_stats else None
        keys = {i: blocking_keys(by_id[i], config=cfg, features=f) for i, f in feats.items()}
        order = {i: (f.day if f.day is not None else 10**9,) for i, f in feats.items()}
        t_keys = time.perf_counter() - t
        for factor in factors:
            rules = replace(blocking_rules(), edge_factor=factor, cut=cut or blocking_rules().cut,
                            edge_score=edge_score or blocking_rules().edge_score)
            t = time.perf_counter()
            link, bars = link_scoring(feats, config=cfg, rules=rules, corpus=corpus_stats(feats.values()))
            weighted, n_pairs, _ = weighted_edges(feats, keys, max_key_articles=int(cfg["spark.key_max_articles"]),
                                                  threshold=edge_threshold(config=cfg, rules=rules), rules=rules,
                                                  link=link, bars=bars)
            t_edges = t_keys + time.perf_counter() - t
            for size in sizes:
                t = time.perf_counter()
                plan = finish_plan(sorted(feats), weighted, config=cfg.replace(spark__block_articles=size),
                                   rules=rules, order=order)
                plan.candidates = n_pairs
                t_block = t_edges + time.perf_counter() - t
                _score_plan(f"{name}, {rules.edge_score} edges, cut {rules.cut}", analyzed, gold, plan, factor=factor, size=size, cfg=cfg, whole=whole,
                            scores=(bw, pw, single, t_whole), t_block=t_block, by_id=by_id, dated=dated,
                            stats=stats, weighted=weighted, why=(link, bars, edge_threshold(config=cfg, rules=rules)))
                if not baseline:
                    continue
                # Baseline: the same number of blocks, articles dealt by a
                # hash of their id (what cutting without blocking keys gives).
                n = len(plan.blocks)
                dealt = [sorted(i for i in feats if int(i[:8], 16) % n == k) for k in range(n)]
                base = BlockPlan(components=[], blocks=[b for b in dealt if b], candidates=0)
                _score_plan(f"{name} (baseline: hashed)", analyzed, gold, base, factor=0, size=size, cfg=cfg,
                            whole=whole, scores=(bw, pw, single, t_whole), t_block=0.0, by_id=by_id, dated=dated,
                            stats=stats, weighted=weighted)
    return 0


def blocking_cpu(name: str, *, size: int) -> int:
    """CPU (not wall: the machine is shared) of blocking and of grouping the
    whole corpus, one process."""
    from bench_grouping import load_allsides, load_ecb

    from newsprism.config import load_config
    from newsprism.group import group_articles
    from newsprism.spark.blocking import plan_blocks

    analyzed = {"ecb+meta": lambda: load_ecb(meta=True)[0], "ecb-meta": lambda: load_ecb(meta=False)[0],
                "allsides+meta": lambda: load_allsides(meta=True)[0],
                "allsides-meta": lambda: load_allsides(meta=False)[0]}[name]()
    cfg = load_config().replace(spark__block_articles=size)
    c, w = time.process_time(), time.perf_counter()
    plan = plan_blocks(analyzed, config=cfg)
    c1, w1 = time.process_time() - c, time.perf_counter() - w
    c, w = time.process_time(), time.perf_counter()
    group_articles(analyzed, config=cfg, similarities=False)
    c2, w2 = time.process_time() - c, time.perf_counter() - w
    n = len(analyzed)
    print(f"{name} {n} articles: plan_blocks {c1:.1f} CPU-s ({1000 * c1 / n:.1f} ms/article; wall {w1:.0f} s), "
          f"{plan.candidates} candidate pairs, {plan.edges} edges, {len(plan.blocks)} blocks of at most {size}; "
          f"group_articles whole corpus {c2:.1f} CPU-s (wall {w2:.0f} s)")
    return 0


def _score_plan(name, analyzed, gold, plan, *, factor, size, cfg, whole, scores, t_block, by_id, dated,
                stats=None, weighted=None, why=None) -> None:
    from bench_grouping import score

    from newsprism.group import group_articles

    bw, pw, single, t_whole = scores
    t = time.perf_counter()
    pred: dict[str, str] = {}
    for block in plan.blocks:
        res = group_articles([by_id[i] for i in block], config=cfg, similarities=False, corpus=stats)
        pred.update({aid: s.id for s in res.stories for aid in s.articles})
    t_blocks = time.perf_counter() - t
    (_, _, bb), (_, _, pb) = score(pred, gold)
    block_of = {a: n for n, b in enumerate(plan.blocks) for a in b}
    largest = max(len(b) for b in plan.blocks)
    cut = [w for (a, b), w in (weighted or {}).items() if block_of[a] != block_of[b]]
    cut_txt = f"{len(cut)} (of {len(weighted or {})}, {max(cut, default=0):.2f})"
    print(f"| {name} | {len(analyzed)} | {dated} | {factor:g} x {float(cfg['group.story_threshold']):g} | "
          f"{size} | {len(plan.blocks)} | {len(plan.components)} | {largest} ({largest / len(analyzed):.2f}) | "
          f"{plan.raised} / {plan.chunked} | {plan.candidates} | {cut_txt} | {_kept(gold, block_of):.3f} | "
          f"{_kept(whole, block_of):.3f} | {bw:.3f} | {bb:.3f} | {bb - bw:+.3f} | {pw:.3f} | {pb:.3f} | "
          f"{single:.3f} | {t_block:.0f} | {t_whole:.0f} | {t_blocks:.0f} |", flush=True)
    if why is not None and why[0] is not None:
        _why_split(whole, block_of, *why)


def _why_split(whole, block_of, link, bars, bar) -> None:
    """For every whole-corpus story that blocking splits: does some pair
    across two of its blocks reach the edge bar (then blocking missed the pair
    as a candidate, or cut it) or none (the clusterer joined the parts without
    any pair at its bar: a lone report attached to a big story by its
    centroid)?"""
    from newsprism.spark.blocking import link_weight

    by: dict[str, list[str]] = defaultdict(list)
    for a, s in whole.items():
        by[s].append(a)
    split = strong = 0
    for members in by.values():
        if len({block_of[a] for a in members}) < 2:
            continue
        split += 1
        strong += any(link_weight(link[a], link[b], bars=bars) >= bar
                      for a in members for b in members if a < b and block_of[a] != block_of[b])
    print(f"  whole-corpus stories split by blocking: {split} of {len(by)}; with a pair across blocks at the "
          f"edge bar: {strong}; joined with no pair at the bar: {split - strong}", flush=True)


def _kept(label: dict[str, str], block_of: dict[str, int]) -> float:
    """Share of the same-label pairs whose two articles are in one block."""
    by: dict[str, list[str]] = defaultdict(list)
    for a, g in label.items():
        by[g].append(a)
    pairs = same = 0
    for m in by.values():
        for i in range(len(m)):
            for j in range(i + 1, len(m)):
                pairs += 1
                same += block_of[m[i]] == block_of[m[j]]
    return same / max(1, pairs)


def _groups(story_of: dict[str, str]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for a, s in story_of.items():
        out[s].add(a)
    return {s: frozenset(m) for s, m in out.items()}


if __name__ == "__main__":
    sys.exit(main())
