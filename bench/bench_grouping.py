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

Analyses are cached in bench/out/ (ecbplus.db, allsides.db).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_clustering import analyze_docs, bcubed, load_docs, pairwise_f1, run_tfidf
from ecbplus import DEV_TOPICS, TRAIN_TOPICS

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
ALLSIDES = ROOT / ".." / "shared" / "benchmarks" / "allsides" / "allsides.jsonl"

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


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--prepare-only", action="store_true")
    p.add_argument("--only", default="", help="comma-separated corpus name prefixes to run")
    p.add_argument("--streaming", action="store_true", help="also score the streaming clusterer")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    corp = corpora()
    print(f"corpora analyzed/loaded in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    if args.prepare_only:
        return 0
    names = sorted(corp, key=lambda n: (ORDER.index(n.split()[0]), n.split()[1]))
    if args.only:
        names = [n for n in names if any(n.startswith(x) for x in args.only.split(","))]
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
