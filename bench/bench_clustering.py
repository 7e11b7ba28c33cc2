"""Story clustering on ECB+ (Cybulska & Vossen, LREC 2014), topics 1-35.

A gold story is a topic plus its half: every ``*ecb.xml`` of topic t is one
event, every ``*ecbplus.xml`` of topic t another (the same KIND of event, a
different instance).  All documents of the chosen topics are clustered
together, and the stories found are scored with BCubed precision / recall / F1
and pairwise F1, side by side with two peers on the same documents:

* TF-IDF + agglomerative clustering (sklearn, average linkage, cosine);
* BERTopic on the same document embeddings newsprism uses.

Thresholds are tuned on the train topics only (1-35 minus dev), with
``--tune``; the figures are reported on the dev topics and on all of 1-35.

    python bench/bench_clustering.py            # prepare (cached) + score
    python bench/bench_clustering.py --tune     # also grid-search on train topics

The analyze stage runs for real on the token texts; analyses are cached in
bench/out/ecbplus.db, so a re-run only clusters.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run, or loaded by path, without bench/ on the path
from ecbplus import ALL_TOPICS, DATA, DEV_TOPICS, TRAIN_TOPICS, documents  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"

# Tokens are joined with spaces; these undo the most visible tokenisation
# artifacts so that spaCy sees ordinary prose.
_DETOK = [(re.compile(r" ([,.;:!?%)\]}])"), r"\1"), (re.compile(r"([(\[{$]) "), r"\1"),
          (re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)\b"), r"\1"), (re.compile(r"``\s*|\s*''"), '"')]


@dataclass
class Doc:
    name: str
    topic: int
    gold: str  # "<topic>/ecb" or "<topic>/ecbplus"
    text: str


def load_docs(topics: tuple[int, ...] = ALL_TOPICS) -> list[Doc]:
    docs = []
    for d in documents(topics):
        lines = []
        for _, words in sorted(d.sentence_words().items()):
            line = " ".join(words)
            for pat, rep in _DETOK:
                line = pat.sub(rep, line)
            lines.append(line.strip())
        docs.append(Doc(d.path.name, d.topic, f"{d.topic}/{d.half}", "\n".join(lines)))
    return docs


def analyze_docs(docs: list[Doc]):
    """Run the real analyze stage, caching analyses in bench/out/ecbplus.db."""
    from newsprism.analyze import analyze_articles
    from newsprism.config import load_config
    from newsprism.model import Article
    from newsprism.store import Store

    cfg = load_config().replace(analyze__processes=1) if "analyze.processes" in load_config().values else load_config()
    articles = []
    for d in docs:
        text = d.text
        aid = hashlib.sha256(text.encode()).hexdigest()[:16]
        title = text.splitlines()[0][:200] if text else d.name
        articles.append(Article(id=aid, path=d.name, text=text, title=title, format="txt"))
    OUT.mkdir(parents=True, exist_ok=True)
    with Store(OUT / "ecbplus.db") as store:
        for a in articles:
            store.add_article(a)
        done = [0]

        def tick(n: int) -> None:
            done[0] += n
            if done[0] % 100 == 0:
                print(f"  analyzed {done[0]}/{len(articles)}", file=sys.stderr)

        return analyze_articles(articles, config=cfg, store=store, progress=tick)


# ------------------------------------------------------------------ metrics


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """BCubed precision, recall, F1 (Bagga & Baldwin 1998), averaged over items."""
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for x in gold:
        by_pred[pred[x]].add(x)
        by_gold[gold[x]].add(x)
    p = r = 0.0
    for x in gold:
        same = len(by_pred[pred[x]] & by_gold[gold[x]])
        p += same / len(by_pred[pred[x]])
        r += same / len(by_gold[gold[x]])
    p, r = p / len(gold), r / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise_f1(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """Precision, recall, F1 over the pairs of items put in one cluster."""
    def pairs(assign: dict[str, str]) -> int:
        sizes: dict[str, int] = defaultdict(int)
        for x in gold:
            sizes[assign[x]] += 1
        return sum(n * (n - 1) // 2 for n in sizes.values())

    joint: dict[tuple[str, str], int] = defaultdict(int)
    for x in gold:
        joint[(pred[x], gold[x])] += 1
    tp = sum(n * (n - 1) // 2 for n in joint.values())
    pp, gp = pairs(pred), pairs(gold)
    p = tp / pp if pp else 1.0
    r = tp / gp if gp else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# ------------------------------------------------------------------ methods


def run_newsprism(analyzed, *, threshold: float | None = None, max_between: float | None = None,
                  full: bool = False) -> dict[str, str]:
    """newsprism's own batch clustering (full=True: the whole group stage,
    dedup and per-story similarities with evidence included)."""
    from newsprism.config import load_config
    from newsprism.group import group_articles
    from newsprism.group.cluster import cluster_batch
    from newsprism.group.features import doc_features

    cfg = load_config()
    if threshold is not None:
        cfg = cfg.replace(group__story_threshold=threshold)
    if max_between is not None:
        cfg = cfg.replace(group__split_max_between=max_between)
    if full:
        stories = group_articles(analyzed, config=cfg).stories
    else:
        stories = cluster_batch([doc_features(a, with_sentences=False) for a in analyzed], config=cfg)
    return {aid: s.id for s in stories for aid in s.articles}


def run_tfidf(analyzed, *, threshold: float) -> dict[str, str]:
    """Peer 1: TF-IDF (sklearn defaults, English stop words, sublinear tf) and
    agglomerative clustering, average linkage, cosine distance threshold."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [a.article.text for a in analyzed]
    x = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform(texts).toarray()
    labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                     distance_threshold=threshold).fit_predict(x)
    return {a.article.id: f"t{lab}" for a, lab in zip(analyzed, labels)}


def doc_embeddings(analyzed):
    """The document embeddings newsprism has: mean of the analyze stage's
    sentence embeddings when present, else MiniLM (the shipped model) over
    the text; cached in bench/out."""
    import numpy as np

    key = hashlib.sha256("|".join(a.article.id for a in analyzed).encode()).hexdigest()[:12]
    path = OUT / f"ecbplus_docemb_{key}.npy"
    if all(a.embeddings is not None and len(a.embeddings) for a in analyzed):
        rows = [np.asarray(a.embeddings, dtype=np.float32).mean(axis=0) for a in analyzed]
        m = np.vstack(rows)
        return m / np.linalg.norm(m, axis=1, keepdims=True), "analyze sentence embeddings (mean)"
    if path.exists():
        return np.load(path), "MiniLM-L6 over the text"
    from newsprism.analyze.nlp import load_embedder

    m = load_embedder().encode([a.article.text for a in analyzed], batch_size=32, normalize_embeddings=True)
    np.save(path, m)
    return m, "MiniLM-L6 over the text"


def run_bertopic(analyzed, embeddings, *, min_cluster_size: int = 3) -> dict[str, str]:
    """Peer 2: BERTopic with the precomputed document embeddings.  Small-corpus
    config: UMAP (n_neighbors=10, n_components=5, cosine, random_state=0),
    HDBSCAN (min_cluster_size, min_samples=1, leaf selection); each outlier
    (topic -1) is its own story, as a story-finder would report it."""
    from bertopic import BERTopic
    from hdbscan import HDBSCAN
    from umap import UMAP

    umap = UMAP(n_neighbors=10, n_components=5, metric="cosine", min_dist=0.0, random_state=0)
    hdb = HDBSCAN(min_cluster_size=min_cluster_size, min_samples=1, cluster_selection_method="leaf",
                  prediction_data=False)
    model = BERTopic(umap_model=umap, hdbscan_model=hdb, calculate_probabilities=False, verbose=False)
    topics, _ = model.fit_transform([a.article.text for a in analyzed], embeddings)
    return {a.article.id: (f"b{t}" if t >= 0 else f"o{a.article.id}") for a, t in zip(analyzed, topics)}


def _subset(docs, analyzed, topics):
    keep = [i for i, d in enumerate(docs) if d.topic in topics]
    return [docs[i] for i in keep], [analyzed[i] for i in keep], keep


def _score(pred, sub_docs, sub_an):
    gold = {a.article.id: d.gold for d, a in zip(sub_docs, sub_an)}
    return bcubed(pred, gold), pairwise_f1(pred, gold)


def tune(docs, analyzed, embeddings) -> dict[str, float]:
    """Grid search on the train topics only."""
    tdocs, tan, keep = _subset(docs, analyzed, TRAIN_TOPICS)
    best = {}
    res = []
    # newsprism: link threshold x split_max_between; the linkage runs once per
    # threshold (split off), then each split setting is applied to its stories.
    from newsprism.config import load_config
    from newsprism.group.cluster import cluster_batch, split_by_specific
    from newsprism.group.features import doc_features

    for th in (0.25, 0.3, 0.35):
        feats = [doc_features(a, with_sentences=False) for a in tan]
        cfg = load_config().replace(group__story_threshold=th, group__split_margin=0.0, group__split_max_between=0.0)
        stories = cluster_batch(feats, config=cfg)
        by_id = {f.id: f for f in feats}
        for mb in (0.0, 0.05, 0.06, 0.07, 0.08, 0.09):
            pred = {}
            for s in stories:
                parts = split_by_specific([by_id[m] for m in s.articles], max_between=mb) if mb > 0 else \
                    [[by_id[m] for m in s.articles]]
                for k, part in enumerate(parts):
                    pred.update((f.id, f"{s.id}.{k}") for f in part)
            (_, _, f), _ = _score(pred, tdocs, tan)
            res.append((f, (th, mb)))
    best["newsprism"] = max(res)[1]
    print("  newsprism train BCubed F1 by (threshold, split_max_between):",
          " ".join(f"{t[0]:.2f}/{t[1]:.2f}:{f:.3f}" for f, t in res))
    res = []
    for th in [x / 100 for x in range(50, 100, 2)]:
        (_, _, f), _ = _score(run_tfidf(tan, threshold=th), tdocs, tan)
        res.append((f, th))
    best["tfidf"] = max(res)[1]
    print("  tfidf train BCubed F1 by distance threshold:", " ".join(f"{t:.2f}:{f:.3f}" for f, t in res))
    res = []
    for mcs in (2, 3, 4, 5, 6, 8):
        (_, _, f), _ = _score(run_bertopic(tan, embeddings[keep], min_cluster_size=mcs), tdocs, tan)
        res.append((f, mcs))
    best["bertopic"] = max(res)[1]
    print("  bertopic train BCubed F1 by min_cluster_size:", " ".join(f"{t}:{f:.3f}" for f, t in res))
    return best


# Tuned on the train topics with --tune (see bench/RESULTS.md, ## Group).
# newsprism: None = group.story_threshold and group.split_max_between from
# settings.toml, else (threshold, split_max_between).
TUNED = {"newsprism": None, "tfidf": 0.80, "bertopic": 8}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--prepare-only", action="store_true")
    p.add_argument("--tune", action="store_true", help="grid-search each method's parameter on the train topics")
    p.add_argument("--no-bertopic", action="store_true")
    args = p.parse_args(argv)
    if not DATA.exists():
        print(f"ECB+ not found at {DATA}", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    docs = load_docs()
    analyzed = analyze_docs(docs)
    print(f"{len(analyzed)} documents analyzed/loaded in {time.perf_counter() - t0:.1f}s")
    if args.prepare_only:
        return 0
    embeddings, emb_kind = doc_embeddings(analyzed)
    params = dict(TUNED)
    if args.tune:
        params.update(tune(docs, analyzed, embeddings))
        print("  tuned on train topics:", params)
    rows = []
    for name, topics in (("dev", DEV_TOPICS), ("all 1-35", ALL_TOPICS)):
        sdocs, san, keep = _subset(docs, analyzed, topics)
        th, mb = params["newsprism"] or (None, None)
        methods = [("newsprism", lambda: run_newsprism(san, threshold=th, max_between=mb, full=True)),
                   ("tfidf+agglo", lambda: run_tfidf(san, threshold=params["tfidf"]))]
        if not args.no_bertopic:
            methods.append(("bertopic", lambda: run_bertopic(san, embeddings[keep],
                                                             min_cluster_size=params["bertopic"])))
        for mname, fn in methods:
            t = time.perf_counter()
            pred = fn()
            dt = time.perf_counter() - t
            (bp, br, bf), (pp, pr, pf) = _score(pred, sdocs, san)
            rows.append((name, mname, len(sdocs), len(set(d.gold for d in sdocs)), len(set(pred.values())),
                         bp, br, bf, pf, dt))
    print(f"\nembeddings for BERTopic: {emb_kind}; parameters: {params}")
    print(f"{'topics':<9} {'method':<12} {'docs':>5} {'gold':>5} {'found':>5} {'B3 P':>6} {'B3 R':>6} "
          f"{'B3 F1':>6} {'pair F1':>7} {'time s':>7}")
    for r in rows:
        print(f"{r[0]:<9} {r[1]:<12} {r[2]:>5} {r[3]:>5} {r[4]:>5} {r[5]:>6.3f} {r[6]:>6.3f} {r[7]:>6.3f} "
              f"{r[8]:>7.3f} {r[9]:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
