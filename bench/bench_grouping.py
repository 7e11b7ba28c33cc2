"""Story grouping on several real corpora, all with the SAME default settings.

Corpora (every one clustered on its own, as a user would run it):

* ECB+ (Cybulska & Vossen, LREC 2014), topics 1-35: few big stories, each
  topic two events of one kind; gold story = topic + ecb/ecbplus half.
  ``ecb-train`` (topics 1-35 minus dev) and ``ecb-dev`` (2, 5, 12, 18, 21,
  23, 34, 35).  Full articles, no dates.
* AllSides headline roundups (NeuS crawl, Lee et al., NAACL 2022): many small
  stories, 1,479 opening paragraphs on 505 events; gold = ``event``.  Split
  in two FIXED halves by the hash of the event id (``_allsides_half``):
  ``allsides-tune`` (the half settings may be tuned on) and
  ``allsides-heldout`` (the half reported, never tuned on).
* Singles: unrelated articles that must come out as singletons: the first
  article of each held-out AllSides event, and the first document of each
  ECB+ topic (``singles-allsides``, ``singles-ecb``); the first article of
  each AllSides tuning event (``singles-allsides-tune``, the one singles
  corpus settings may be checked on).
* PolNeAR dev (Newell, Margolin & Ruths, LREC 2018): 84 US political
  articles of 7 outlets, 2016-09-08..10-07, one topic (the election) and
  many distinct events.  It has NO gold partition: the bench prints its
  stories, every merged pair with the parts of its link score, and scores
  the merged pairs of each method against a small hand-made pair gold
  (bench/data/polnear_pairs_gold.toml, read while building: every pair some
  variant merged, judged one event or two by title and lead).  The figure
  is "false merges / merged pairs" (a pair not in the gold is printed as
  unjudged).  Full articles, with title, outlet and publication date, as
  ``newsprism analyze`` reads them (the project's own ingest of a JSONL
  built from metadata.tsv and text/).

Each corpus runs twice: ``+meta`` with what the source gives (ECB+: a title,
the first line; AllSides: title, outlet and the date in the article's URL
where there is one, 568 of 1,479) and ``-meta`` with title, outlet and date
stripped (AllSides is analyzed again without its date, since relative dates
resolve against it).

Baseline beside each row: TF-IDF + agglomerative clustering (average linkage,
cosine) at the distance threshold chosen on ECB+ train (0.80, see
bench_clustering.py --tune).

    python bench/bench_grouping.py                 # prepare (cached) + score
    python bench/bench_grouping.py --prepare-only  # analyze and cache only
    python bench/bench_grouping.py --streaming     # also the streaming clusterer

``--streaming`` adds two rows per corpus for the path the pipeline takes above
group.batch_max_articles (the streaming clusterer in publication order), with
the same defaults: ``streaming``, as shipped (when the stories are read, the
articles still in the time window are clustered again in batch if they are at
most group.stream_repair_max_articles; on a corpus whose window holds every
article, as undated ECB+, that is batch's result), and ``stream-raw``, the
stream's own decisions (the repair off, its split step on).

``--by-kind`` prints the AllSides rows' BCubed by kind of gold event: news,
and the opinion roundups AllSides titles "Perspectives: ..." (columns on one
theme, each its own argument), each article's precision and recall averaged
over its kind (``bcubed_by_kind``).

``--background`` groups each corpus with the word and name counts of other
articles beside it (BACKGROUND_OF: the other AllSides half, the other ECB+
split; ``--tiny --background``: the other AllSides half), as a user's
earlier news would be; only a corpus below data [corpus] full_articles uses
them (``group_articles(..., background=)``).

Analyses are cached in bench/out/ (ecbplus.db, allsides.db).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_clustering import analyze_docs, bcubed, load_docs, pairwise_f1, run_tfidf
from ecbplus import DEV_TOPICS, TRAIN_TOPICS

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
ALLSIDES = ROOT / ".." / "shared" / "benchmarks" / "allsides" / "allsides.jsonl"
POLNEAR = ROOT / ".." / "shared" / "benchmarks" / "polnear-dev"
POLNEAR_GOLD = ROOT / "bench" / "data" / "polnear_pairs_gold.toml"

TFIDF_THRESHOLD = 0.80  # chosen on ECB+ train topics (bench_clustering.py --tune)


def _allsides_half(event: int) -> str:
    """The fixed split of AllSides events: by the first byte of sha256 of the
    event id, even -> "tune", odd -> "heldout"."""
    return "tune" if hashlib.sha256(str(event).encode()).digest()[0] % 2 == 0 else "heldout"


def load_allsides(*, meta: bool):
    """(analyzed articles, gold event per article id, half per article id)."""
    from newsprism.analyze import analyze_articles
    from newsprism.model import Article
    from newsprism.store import Store

    rows = [json.loads(line) for line in ALLSIDES.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles, gold, half = [], {}, {}
    for r in rows:
        tag = "m" if meta else "s"
        aid = hashlib.sha256(f"{tag}|{r['id']}|{r['text']}".encode()).hexdigest()[:16]
        art = Article(id=aid, path=f"allsides/{r['id']}", text=r["text"], format="jsonl")
        if meta:
            art.title, art.outlet, art.published = r.get("title"), r.get("outlet"), r.get("published")
        articles.append(art)
        gold[aid] = str(r["event"])
        half[aid] = _allsides_half(r["event"])
    OUT.mkdir(parents=True, exist_ok=True)
    with Store(OUT / "allsides.db") as store:
        for a in articles:
            store.add_article(a)
        done = [0]

        def tick(n: int) -> None:
            done[0] += n
            if done[0] % 200 < n:
                print(f"  allsides ({'meta' if meta else 'stripped'}) {done[0]}/{len(articles)}", file=sys.stderr)

        analyzed = analyze_articles(articles, store=store, progress=tick)
    return analyzed, gold, half


# AllSides titles an opinion roundup's issue "Perspectives: ..." (columns on
# one theme, each its own argument: Labor Day 2021, the Oscars); its other
# events are news.  Session 20 read the tuning half's split events: 42 of its
# 122 are such roundups (88 % of them split), which grouping cannot join
# without joining other events of one storyline.
OPINION_PREFIX = "Perspectives:"


def allsides_kinds() -> dict[str, str]:
    """gold event id -> "opinion" (a roundup AllSides titles with
    OPINION_PREFIX) or "news"."""
    kinds = {}
    for line in ALLSIDES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            kinds[str(r["event"])] = "opinion" if r.get("issue", "").startswith(OPINION_PREFIX) else "news"
    return kinds


def bcubed_by_kind(pred: dict[str, str], gold: dict[str, str],
                   kind: dict[str, str]) -> dict[str, tuple[float, float, float, int]]:
    """BCubed (P, R, F1, articles) of the whole corpus's clustering, each
    article's precision and recall averaged over the articles of one kind of
    gold event (``kind``: gold event -> kind); the stories are the whole
    corpus's, so a kind's precision counts its articles' partners of every
    kind."""
    by_pred: dict[str, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for x in gold:
        by_pred.setdefault(pred[x], set()).add(x)
        by_gold.setdefault(gold[x], set()).add(x)
    sums: dict[str, list[float]] = {}
    for x in gold:
        same = len(by_pred[pred[x]] & by_gold[gold[x]])
        acc = sums.setdefault(kind[gold[x]], [0.0, 0.0, 0])
        acc[0] += same / len(by_pred[pred[x]])
        acc[1] += same / len(by_gold[gold[x]])
        acc[2] += 1
    out = {}
    for k, (ps, rs, n) in sorted(sums.items()):
        p, r = ps / n, rs / n
        out[k] = (p, r, 2 * p * r / (p + r) if p + r else 0.0, int(n))
    return out


def kind_report(names: list[str]) -> None:
    """The AllSides rows' BCubed by kind of event (news, opinion roundup),
    newsprism and the TF-IDF baseline."""
    corp = corpora()
    kinds = allsides_kinds()
    for name in names:
        analyzed, gold = corp[name]
        for mname, pred in (("newsprism", run_newsprism(analyzed)),
                            ("tfidf", run_tfidf(analyzed, threshold=TFIDF_THRESHOLD))):
            parts = bcubed_by_kind(pred, gold, kinds)
            print(f"{name:<24} {mname:<10} " + "  ".join(
                f"{k} ({n} articles) F1 {f:.3f} (P {p:.3f} R {r:.3f})" for k, (p, r, f, n) in parts.items()),
                flush=True)


def load_ecb(*, meta: bool):
    """(analyzed, gold, topic per article id); ECB+ has no dates or outlets,
    so stripping leaves out the title (its first line) only."""
    docs = load_docs()
    analyzed = analyze_docs(docs)
    out, gold, topic = [], {}, {}
    for d, a in zip(docs, analyzed):
        if not meta:
            a = dataclasses.replace(a, article=dataclasses.replace(a.article, title=None))
        out.append(a)
        gold[a.article.id] = d.gold
        topic[a.article.id] = d.topic
    return out, gold, topic


def load_polnear(*, meta: bool = True):
    """(analyzed, PolNeAR file name per article id): the dev compartment as
    ``newsprism analyze`` reads it, through the project's ingest of one JSONL
    (id, title, date, outlet, author, text per line) written from
    metadata.tsv and text/ (analyses cached in bench/out/polnear.db).
    ``meta=False``: the texts alone, without title, outlet or date (analysed
    apart, since relative dates resolve against the publication date)."""
    import csv

    from newsprism.analyze import analyze_articles
    from newsprism.ingest import ingest_paths
    from newsprism.model import Article
    from newsprism.store import Store

    with (POLNEAR / "metadata.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    lines = [json.dumps({"id": r["filename"], "title": r["title"], "date": r["publication_date"],
                         "outlet": r["publisher"], "author": r["author"],
                         "text": (POLNEAR / "text" / f"{r['filename']}.txt").read_text(encoding="utf-8")})
             for r in rows]
    OUT.mkdir(parents=True, exist_ok=True)
    if not meta:
        texts = [(r["filename"], (POLNEAR / "text" / f"{r['filename']}.txt").read_text(encoding="utf-8")) for r in rows]
        articles = [Article(id=hashlib.sha256(f"s|{fn}|{t}".encode()).hexdigest()[:16], path=f"polnear/{fn}", text=t,
                            format="txt") for fn, t in texts]
        with Store(OUT / "polnear.db") as store:
            for a in articles:
                store.add_article(a)
            analyzed = analyze_articles(articles, store=store)
        return analyzed, {a.article.id: a.article.path.partition("/")[2] for a in analyzed}
    src = OUT / "polnear.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Store(OUT / "polnear.db") as store:
        res = ingest_paths([str(src)], store=store)
        articles = res.added + res.known
        analyzed = analyze_articles(articles, store=store)
    # A record's path ends in "#n" (its line, from 1); the store may hold it
    # under another file name with the same bytes.
    name = {a.article.id: rows[int(a.article.path.rpartition("#")[2]) - 1]["filename"] for a in analyzed}
    return analyzed, name


def load_polnear_gold() -> dict[frozenset[str], tuple[bool, str]]:
    """{PolNeAR file names of a pair: (one event?, borderline?)} from the hand gold."""
    import tomllib

    raw = tomllib.loads(POLNEAR_GOLD.read_text(encoding="utf-8"))
    return {frozenset((p["a"], p["b"])): (bool(p["same_event"]), bool(p.get("borderline", False)))
            for p in raw.get("pair", [])}


def merged_pairs(pred: dict[str, str]) -> list[tuple[str, str]]:
    """Every pair of articles put in one story (ids sorted)."""
    by: dict[str, list[str]] = {}
    for aid, sid in pred.items():
        by.setdefault(sid, []).append(aid)
    return sorted((x, y) for m in by.values() for i, x in enumerate(sorted(m)) for y in sorted(m)[i + 1:])


def link_parts(analyzed) -> Callable[[str, str], dict[str, float]]:
    """The parts of the batch link score of two articles of this corpus, as
    ``cluster_batch`` weighs them (corpus-weighted vectors and names, rare
    evidence): each over its bar (1 = at the bar; the pair score with its
    time factor), the factors, and the link (``link_score``)."""
    import numpy as np

    from newsprism.config import load_config
    from newsprism.group import doc_features
    from newsprism.group.cluster import _sparse_cosine, link_bars, link_score, rare_vectors
    from newsprism.group.features import group_rules, reweight_for_corpus
    from newsprism.group.similarity import count_factor, pair_score, time_factor, weekday_factor

    gs = load_config().group
    rules = group_rules()
    feats = [doc_features(a, rules=rules, with_sentences=False) for a in analyzed]
    rare = rare_vectors(feats, rules=rules, neighbors=gs.neighbors)
    reweight_for_corpus(feats, rules=rules)
    bar, cos_bar, spec = link_bars(threshold=gs.story_threshold, link_cosine=gs.link_cosine,
                                   link_specific=gs.link_specific, corpus_articles=len(feats), rules=rules)
    by = {f.id: f for f in feats}

    def parts(x: str, y: str) -> dict[str, float]:
        fx, fy = by[x], by[y]
        out = {"pair": pair_score(fx, fy, rules=rules) / bar, "cos": float(np.dot(fx.vector, fy.vector)) / cos_bar,
               "rare": _sparse_cosine(rare[x], rare[y]) / spec if spec > 0 else float("inf"),
               "time": time_factor(fx, fy, rules), "weekday": weekday_factor(fx, fy, rules),
               "counts": count_factor(fx, fy, rules)}
        out["link"] = link_score(fx, fy, bars=(bar, cos_bar, spec), rules=rules, rare_x=rare[x], rare_y=rare[y])
        return out

    return parts


def gap_table(analyzed, gold: dict[str, str]) -> dict[tuple[str, bool, bool], int]:
    """Dated candidate pairs (each article's group.neighbors nearest, as
    ``cluster_batch`` scores them) by days between their publication dates:
    {(gap bucket, same event?, linked?): pairs}, linked = batch link score
    at or over 1 with the current defaults."""
    import numpy as np

    from newsprism.config import load_config
    from newsprism.group import doc_features
    from newsprism.group.cluster import link_bars, link_score, neighbour_pairs, rare_vectors
    from newsprism.group.features import group_rules, reweight_for_corpus

    gs = load_config().group
    rules = group_rules()
    feats = [doc_features(a, rules=rules, with_sentences=False) for a in analyzed]
    rare = rare_vectors(feats, rules=rules, neighbors=gs.neighbors)
    reweight_for_corpus(feats, rules=rules)
    bars = link_bars(threshold=gs.story_threshold, link_cosine=gs.link_cosine, link_specific=gs.link_specific,
                     corpus_articles=len(feats), rules=rules)
    table: Counter[tuple[str, bool, bool]] = Counter()
    for i, j in neighbour_pairs(np.vstack([f.vector for f in feats]), gs.neighbors):
        x, y = feats[i], feats[j]
        if x.day is None or y.day is None:
            continue
        gap = abs(x.day - y.day)
        bucket = next(b for b, top in GAP_BUCKETS if gap <= top)
        linked = link_score(x, y, bars=bars, rules=rules, rare_x=rare[x.id], rare_y=rare[y.id]) >= 1.0
        table[(bucket, gold[x.id] == gold[y.id], linked)] += 1
    return table


def split_report(analyzed, gold: dict[str, str], pred: dict[str, str], *, label: str, limit: int = 20) -> None:
    """Recall misses: gold events the method left in two or more stories.  For
    a fixed sample of ``limit`` of them (by a hash of the event), the cross
    pair with the highest batch link score, its parts (each over its bar,
    the cosine and rare evidence before the time factor), the bars it failed,
    whether the two are among each other's group.neighbors nearest, the two
    stories' sizes and how many gold events each holds, and both titles and
    leads, so that a reader can classify why they stayed apart."""
    import numpy as np

    from newsprism.config import load_config
    from newsprism.group import doc_features
    from newsprism.group.cluster import neighbour_pairs
    from newsprism.group.features import group_rules, reweight_for_corpus

    parts = link_parts(analyzed)
    gs = load_config().group
    rules = group_rules()
    feats = [doc_features(a, rules=rules, with_sentences=False) for a in analyzed]
    reweight_for_corpus(feats, rules=rules)
    pos = {f.id: i for i, f in enumerate(feats)}
    near = set(neighbour_pairs(np.vstack([f.vector for f in feats]), gs.neighbors))
    art = {a.article.id: a.article for a in analyzed}
    by_gold: dict[str, list[str]] = {}
    for aid, g in gold.items():
        by_gold.setdefault(g, []).append(aid)
    by_pred: dict[str, list[str]] = {}
    for aid, s in pred.items():
        by_pred.setdefault(s, []).append(aid)
    split = sorted((g for g, m in by_gold.items() if len({pred[a] for a in m}) > 1),
                   key=lambda g: hashlib.sha256(g.encode()).hexdigest())
    print(f"\n{label}: {len(split)} of {len(by_gold)} gold events split over 2+ stories; the first {limit} by hash")
    for g in split[:limit]:
        m = sorted(by_gold[g])
        cross = [(x, y) for i, x in enumerate(m) for y in m[i + 1:] if pred[x] != pred[y]]
        scored = sorted(((parts(x, y), x, y) for x, y in cross), key=lambda t: -t[0]["link"])
        p, x, y = scored[0]
        failed = [k for k, v in (("pair", p["pair"]), ("cos", p["cos"] * p["time"]), ("rare", p["rare"] * p["time"]))
                  if v < 1.0] + [k for k in ("weekday", "counts") if p[k] < 1.0]
        pieces = Counter(pred[a] for a in m)
        print(f"- event {g}: {len(m)} reports in {len(pieces)} stories {sorted(pieces.values(), reverse=True)}; best "
              f"cross pair link {p['link']:.2f} (pair {p['pair']:.2f} cos {p['cos']:.2f} rare {p['rare']:.2f} time "
              f"x{p['time']:.2f} wd x{p['weekday']:g} counts x{p['counts']:g}); failed: {','.join(failed) or 'none'}; "
              f"neighbours: {(min(pos[x], pos[y]), max(pos[x], pos[y])) in near}")
        for z in (x, y):
            a = art[z]
            own = by_pred[pred[z]]
            lead = " ".join(a.text.split())[:160]
            print(f"    story of {len(own)} ({len({gold[o] for o in own})} events) {a.published or '-'} "
                  f"{a.outlet or '-'} | {a.title or '-'} | {lead}")


GAP_BUCKETS = (("0", 0), ("1", 1), ("2", 2), ("3", 3), ("4-7", 7), ("8-30", 30), ("31+", 10**9))


def polnear_report(analyzed, name: dict[str, str], methods: dict[str, dict[str, str]], *, verbose: bool,
                   label: str = "+meta") -> None:
    """For each method: stories, merged pairs with their link parts, and the
    merged pairs judged against the hand gold (false merges / merged pairs)."""
    gold = load_polnear_gold()
    parts = link_parts(analyzed)
    art = {a.article.id: a.article for a in analyzed}
    print(f"\npolnear-dev {label}: {len(analyzed)} articles, no gold partition; merged pairs against "
          f"{POLNEAR_GOLD.relative_to(ROOT)} ({len(gold)} judged pairs)")
    for mname, pred in methods.items():
        pairs = merged_pairs(pred)
        verdict = [gold.get(frozenset((name[x], name[y]))) for x, y in pairs]
        false = sum(1 for v in verdict if v is not None and not v[0])
        border = sum(1 for v in verdict if v is not None and not v[0] and v[1])
        unjudged = sum(1 for v in verdict if v is None)
        sizes = sorted((n for n in Counter(pred.values()).values() if n > 1), reverse=True)
        print(f"polnear-dev {label} {mname:<10} stories {len(set(pred.values()))}, of 2+: {len(sizes)} {sizes}; "
              f"false merges / merged pairs: {false} / {len(pairs)} ({border} of them borderline"
              + (f", {unjudged} unjudged)" if unjudged else ")"))
        if not verbose:
            continue
        for (x, y), v in zip(pairs, verdict):
            p = parts(x, y)
            mark = "UNJUDGED" if v is None else ("same" if v[0] else "border" if v[1] else "FALSE")
            print(f"  [{mark:>8}] link {p['link']:.2f} (pair {p['pair']:.2f} cos {p['cos']:.2f} rare {p['rare']:.2f}"
                  f" time x{p['time']:.2f} wd x{p['weekday']:g} counts x{p['counts']:g})")
            for z in (x, y):
                a = art[z]
                print(f"      {a.published or '-':<10} {a.outlet or '-':<12} {name[z]}  | {a.title or a.text.strip().splitlines()[0][:90]}")


def corpora():
    """name -> (analyzed, gold) for every corpus, + and - metadata."""
    out = {}
    for meta in (True, False):
        sfx = "+meta" if meta else "-meta"
        ecb, egold, etopic = load_ecb(meta=meta)
        for name, topics in (("ecb-train", TRAIN_TOPICS), ("ecb-dev", DEV_TOPICS)):
            sub = [a for a in ecb if etopic[a.article.id] in topics]
            out[f"{name} {sfx}"] = (sub, {a.article.id: egold[a.article.id] for a in sub})
        firsts: dict[int, object] = {}
        for a in sorted(ecb, key=lambda a: a.article.path):
            firsts.setdefault(etopic[a.article.id], a)
        singles = list(firsts.values())
        out[f"singles-ecb {sfx}"] = (singles, {a.article.id: a.article.id for a in singles})
        al, agold, ahalf = load_allsides(meta=meta)
        for h in ("tune", "heldout"):
            sub = [a for a in al if ahalf[a.article.id] == h]
            out[f"allsides-{h} {sfx}"] = (sub, {a.article.id: agold[a.article.id] for a in sub})
        first_of: dict[str, object] = {}
        for a in sorted(al, key=lambda a: a.article.path):
            if ahalf[a.article.id] == "heldout":
                first_of.setdefault(agold[a.article.id], a)
        singles = list(first_of.values())
        out[f"singles-allsides {sfx}"] = (singles, {a.article.id: a.article.id for a in singles})
        # The same from the tuning half: what settings may be checked on.
        first_of = {}
        for a in sorted(al, key=lambda a: a.article.path):
            if ahalf[a.article.id] == "tune":
                first_of.setdefault(agold[a.article.id], a)
        singles = list(first_of.values())
        out[f"singles-allsides-tune {sfx}"] = (singles, {a.article.id: a.article.id for a in singles})
    return out


def run_newsprism(analyzed, *, config=None) -> dict[str, str]:
    """The group stage as the pipeline runs it (dedup + stories), without the
    per-story similarities with evidence (they do not change the stories)."""
    from newsprism.group import group_articles

    res = group_articles(analyzed, config=config, similarities=False)
    return {aid: s.id for s in res.stories for aid in s.articles}


def run_streaming(analyzed, *, repair: bool = True) -> dict[str, str]:
    """The group stage on its streaming path (as for a corpus above
    group.batch_max_articles), every other setting at its default;
    ``repair=False``: the stream's own decisions, without the final batch
    pass over its time window (group.stream_repair_max_articles 0)."""
    import logging

    from newsprism.config import load_config
    from newsprism.group import group_articles

    logging.getLogger("newsprism.group").setLevel(logging.ERROR)  # the "too big for batch" notice
    config = load_config().replace(group__batch_max_articles=0)
    if not repair:
        config = config.replace(group__stream_repair_max_articles=0)
    res = group_articles(analyzed, config=config, similarities=False)
    return {aid: s.id for s in res.stories for aid in s.articles}


def score(pred: dict[str, str], gold: dict[str, str]):
    return bcubed(pred, gold), pairwise_f1(pred, gold)


ORDER = ["ecb-train", "ecb-dev", "allsides-tune", "allsides-heldout", "singles-ecb", "singles-allsides-tune",
         "singles-allsides"]


def _print_tiny_pair(corpus, x, y, half: str) -> None:
    """One falsely joined pair of a small corpus (``--tiny --pairs``): its
    link parts in that corpus, the titles, and the names both give with
    their wordfreq zipf (higher = more common in general English)."""
    from wordfreq import zipf_frequency

    from newsprism.group import doc_features
    from newsprism.group.features import group_rules

    rules = group_rules()
    p = link_parts(corpus)(x.article.id, y.article.id)
    fx, fy = (doc_features(a, rules=rules, with_sentences=False) for a in (x, y))
    names = sorted((set(fx.places) | set(fx.entities)) & (set(fy.places) | set(fy.entities)))
    shown = [f"{fx.display.get(k, k)} {zipf_frequency(fx.display.get(k, k), 'en'):.2f}" for k in names]
    print(f"  allsides-{half} joined: link {p['link']:.2f} (pair {p['pair']:.2f} cos {p['cos']:.2f} time "
          f"x{p['time']:.2f}); shared names (zipf): {', '.join(shown) or 'none'}")
    for a in (x, y):
        print(f"      {a.article.published or '-':<10} {a.article.outlet or '-':<20} | {a.article.title or '-'}")


def tiny_report(*, seed: int = 11, n: int = 300, corpora_n: int = 30, verbose: bool = False) -> None:
    """Small corpora, the size a user often starts with: below [corpus]
    full_articles the corpus bars are lowered (a handful of articles cannot
    say which words are rare), so what keeps two unrelated reports apart is
    the pair evidence alone.  Per AllSides half (+meta), seeded samples:
    two-article corpora of one event (should be one story) and of two events
    (should be two), five unrelated articles (merged pairs should be 0), and
    one event's three reports beside two unrelated ones (BCubed F1); the
    TF-IDF baseline beside newsprism on the same corpora.  ``verbose``
    (``--tiny --pairs``): every two-event corpus newsprism joins and every
    merged pair of the five-article corpora, with its link parts and the
    names the two share with their general-English frequency (wordfreq
    zipf): what a small corpus cannot call common."""
    import itertools
    import random

    al, agold, ahalf = load_allsides(meta=True)
    for h in ("tune", "heldout"):
        pool = sorted((a for a in al if ahalf[a.article.id] == h), key=lambda a: a.article.id)
        events: dict[str, list] = {}
        for a in pool:
            events.setdefault(agold[a.article.id], []).append(a)
        rng = random.Random(seed)
        same = rng.sample([p for m in events.values() for p in itertools.combinations(m, 2)], n)
        other: list = []
        while len(other) < n:
            a, b = rng.sample(pool, 2)
            if agold[a.article.id] != agold[b.article.id]:
                other.append((a, b))
        fives: list = []
        while len(fives) < corpora_n:
            arts = rng.sample(pool, 5)
            if len({agold[x.article.id] for x in arts}) == 5:
                fives.append(arts)
        mixes = []
        for m in rng.sample([m for m in events.values() if len(m) >= 3], corpora_n):
            rest = [a for a in pool if agold[a.article.id] != agold[m[0].article.id]]
            mixes.append(list(m[:3]) + rng.sample(rest, 2))
        for mname, run in (("newsprism", run_newsprism),
                           ("tfidf", lambda arts: run_tfidf(arts, threshold=TFIDF_THRESHOLD))):
            def one(arts) -> bool:
                return len(set(run(list(arts)).values())) == 1
            merged_pairs = 0
            for arts in fives:
                sizes = Counter(run(arts).values()).values()
                merged_pairs += sum(k * (k - 1) // 2 for k in sizes)
            mix_f = [score(run(arts), {a.article.id: agold[a.article.id] for a in arts})[0][2] for arts in mixes]
            if verbose and mname == "newsprism":
                joined = [(list(p), *p) for p in other if one(p)]
                merged = []
                for arts in fives:
                    pred = run(arts)
                    merged += [(arts, x, y) for i, x in enumerate(arts) for y in arts[i + 1:]
                               if pred[x.article.id] == pred[y.article.id]]
                for arts, x, y in joined + merged:
                    _print_tiny_pair(arts, x, y, h)
            print(f"allsides-{h} +meta {mname:<10} two of one event joined {sum(map(one, same))}/{n}; "
                  f"two of two events joined {sum(map(one, other))}/{n}; five unrelated: {merged_pairs} merged pairs "
                  f"in {corpora_n} corpora; three of one event + two others: BCubed F1 {sum(mix_f) / len(mix_f):.3f}",
                  flush=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--prepare-only", action="store_true")
    p.add_argument("--only", default="", help="comma-separated corpus name prefixes to run")
    p.add_argument("--streaming", action="store_true", help="also score the streaming clusterer")
    p.add_argument("--no-polnear", action="store_true", help="leave out PolNeAR dev (merged pairs against the hand gold)")
    p.add_argument("--pairs", action="store_true",
                   help="PolNeAR: print every merged pair with its link parts; with --tiny, every false join of the "
                        "small corpora with its link parts and shared names")
    p.add_argument("--gaps", action="store_true",
                   help="only print the dated candidate pairs of AllSides tune +meta by days apart (same event or "
                        "not, linked or not)")
    p.add_argument("--misses", default="",
                   help="only list recall misses (gold events split over stories) of these comma-separated corpora "
                        "(e.g. 'ecb-train +meta,allsides-tune +meta'), with link parts; tuning corpora only")
    p.add_argument("--by-kind", action="store_true",
                   help="only print the AllSides rows' BCubed by kind of event: news, and the opinion roundups "
                        "AllSides titles 'Perspectives: ...'")
    p.add_argument("--tiny", action="store_true",
                   help="only score small corpora (two, five and five-mixed articles) drawn from each AllSides half")
    args = p.parse_args(argv)
    if args.tiny:
        tiny_report(verbose=args.pairs)
        return 0
    if args.by_kind:
        kind_report([f"allsides-{h} {m}" for h in ("tune", "heldout") for m in ("+meta", "-meta")])
        return 0
    if args.misses:
        corp = corpora()
        for name in [x.strip() for x in args.misses.split(",") if x.strip()]:
            analyzed, gold = corp[name]
            split_report(analyzed, gold, run_newsprism(analyzed), label=name)
        return 0
    only = [x for x in args.only.split(",") if x]
    if args.gaps:
        al, agold, ahalf = load_allsides(meta=True)
        table = gap_table([a for a in al if ahalf[a.article.id] == "tune"], agold)
        print("allsides-tune +meta, dated candidate pairs by days apart: same event (linked) / different (linked)")
        for b, _ in GAP_BUCKETS:
            same = table[(b, True, True)] + table[(b, True, False)]
            diff = table[(b, False, True)] + table[(b, False, False)]
            print(f"  {b:>5} days: {same:5d} ({table[(b, True, True)]:4d}) / {diff:6d} ({table[(b, False, True)]:4d})")
        return 0
    t0 = time.perf_counter()
    # PolNeAR alone (--only polnear) need not load the other corpora.
    corp = corpora() if args.prepare_only or not only or any(not "polnear-dev".startswith(x) for x in only) else {}
    print(f"corpora analyzed/loaded in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    if args.prepare_only:
        if not args.no_polnear:
            load_polnear(meta=True)
            load_polnear(meta=False)
        return 0
    names = sorted(corp, key=lambda n: (ORDER.index(n.split()[0]), n.split()[1]))
    if only:
        names = [n for n in names if any(n.startswith(x) for x in only)]
    print(f"{'corpus':<24} {'method':<10} {'docs':>5} {'gold':>5} {'found':>5} {'B3 P':>6} {'B3 R':>6} "
          f"{'B3 F1':>6} {'pair F1':>7} {'time s':>7}")
    worst = best = None
    for name in names:
        analyzed, gold = corp[name]
        methods = ("newsprism", "streaming", "stream-raw", "tfidf") if args.streaming else ("newsprism", "tfidf")
        for mname in methods:
            t = time.perf_counter()
            pred = (run_newsprism(analyzed) if mname == "newsprism"
                    else run_streaming(analyzed) if mname == "streaming"
                    else run_streaming(analyzed, repair=False) if mname == "stream-raw"
                    else run_tfidf(analyzed, threshold=TFIDF_THRESHOLD))
            dt = time.perf_counter() - t
            (bp, br, bf), (_, _, pf) = score(pred, gold)
            print(f"{name:<24} {mname:<10} {len(gold):>5} {len(set(gold.values())):>5} "
                  f"{len(set(pred.values())):>5} {bp:>6.3f} {br:>6.3f} {bf:>6.3f} {pf:>7.3f} {dt:>7.2f}",
                  flush=True)
            if mname == "newsprism":
                worst = min(worst or (bf, name), (bf, name))
                best = max(best or (bf, name), (bf, name))
    if worst:
        print(f"\nnewsprism BCubed F1: worst {worst[0]:.3f} ({worst[1]}), best {best[0]:.3f} ({best[1]})")
    if not args.no_polnear and (not only or any("polnear-dev".startswith(x) for x in only)):
        for meta in (True, False):
            analyzed, name = load_polnear(meta=meta)
            methods = {"newsprism": run_newsprism(analyzed)}
            if args.streaming:
                methods["streaming"] = run_streaming(analyzed)
                methods["stream-raw"] = run_streaming(analyzed, repair=False)
            methods["tfidf"] = run_tfidf(analyzed, threshold=TFIDF_THRESHOLD)
            polnear_report(analyzed, name, methods, verbose=args.pairs, label="+meta" if meta else "-meta")
    return 0


if __name__ == "__main__":
    sys.exit(main())
