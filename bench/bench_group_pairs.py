"""A learned same-story pair model for grouping, measured (issue 11): NOT shipped.

Question: can a pair classifier over corpus-calibrated features replace the
hand-set link bars of ``cluster_batch`` (group.story_threshold,
group.link_cosine, group.link_specific) and hold across corpora?

Candidate pairs are each article's group.neighbors nearest by the
corpus-TF-IDF vector (as ``cluster_batch`` takes them).  Features of a pair
(i, j), all computed from the corpus itself:

* ``cos``: cosine of the corpus-TF-IDF vectors; ``rare``: cosine of the
  corpus-rare evidence (``rare_vectors``); ``score``: the shipped pair score
  (names, places, dates, wording, time factor); ``geo``/``ent``: its name
  overlaps;
* ``rank_min``/``rank_max``: 1 / rank of each among the other's neighbours
  (group.neighbors + 1 when absent): mutual nearest neighbours;
* ``marg_*``: the cosine minus each article's median neighbour cosine, and
  ``ratio_min``: the cosine over each article's best neighbour cosine
  (calibration against each article's own background);
* ``sem``: MiniLM mean-sentence cosine; ``gap`` log(1 + days apart) with
  ``nodate`` when either date is unknown; ``sameday``: a day-precise date in
  common; ``nums``: shared counts (at most 3); ``len_min``: log size of the
  shorter text; ``title`` title TF-IDF cosine with ``notitle``.

Model: logistic regression (standardised features; each training corpus
weighs the same), or gradient-boosted trees (``--trees``).  Clustering: the
shipped average linkage over the neighbour graph (``cluster_batch`` with the
model's probability as the pair score, cut at ``--threshold``, then the
shipped split step).  Training sets: ECB+ train topics and the AllSides
tuning half only (``--train``); the script prints every tuning corpus and,
with ``--heldout``, ECB+ dev and the held-out AllSides half.

    python bench/bench_group_pairs.py                       # train on both, print tuning corpora
    python bench/bench_group_pairs.py --train ecb           # ECB+ train only -> see AllSides
    python bench/bench_group_pairs.py --train allsides      # AllSides tune only -> see ECB+

Needs the analyses cached by bench/bench_grouping.py --prepare-only; the
document features are cached in bench/out/group_pair_features.pkl.
"""

from __future__ import annotations

import argparse
import copy
import math
import pickle
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_clustering import bcubed

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / "out" / "group_pair_features.pkl"
K = 20

FEATS = ["cos", "rare", "score", "geo", "ent", "rank_min", "rank_max", "marg_min", "marg_max", "ratio_min",
         "sem", "gap", "nodate", "sameday", "nums", "len_min", "title", "notitle"]
TRAIN = {"ecb": ["ecb-train +meta", "ecb-train -meta"],
         "allsides": ["allsides-tune +meta", "allsides-tune -meta"]}
TUNING = ["ecb-train -meta", "allsides-tune +meta", "allsides-tune -meta", "singles-allsides-tune +meta",
          "singles-allsides-tune -meta", "singles-ecb -meta"]
HELDOUT = ["ecb-dev -meta", "allsides-heldout +meta", "allsides-heldout -meta", "singles-allsides +meta",
           "singles-allsides -meta"]


def load_features():
    """corpus -> (features without copies, gold, copy_of)."""
    if CACHE.exists():
        return pickle.loads(CACHE.read_bytes())
    import bench_grouping as bg
    from newsprism.config import load_config
    from newsprism.group.dedup import find_duplicates
    from newsprism.group.features import doc_features, group_rules

    rules, cfg = group_rules(), load_config()
    out = {}
    for name, (analyzed, gold) in bg.corpora().items():
        by = {}
        for a in analyzed:
            by.setdefault(a.article.id, a)
        copy_of = {d.article: d.copy_of for d in find_duplicates(list(by.values()), config=cfg)}
        feats = [doc_features(a, rules=rules, with_sentences=False) for aid, a in sorted(by.items())
                 if aid not in copy_of]
        out[name] = (feats, gold, copy_of)
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_bytes(pickle.dumps(out))
    return out


class Corpus:
    """One corpus's calibration: reweighted vectors, neighbour ranks and
    background, rare vectors, title vectors; pair features on demand."""

    def __init__(self, feats):
        from sklearn.feature_extraction.text import TfidfVectorizer

        from newsprism.group.cluster import rare_vectors
        from newsprism.group.features import group_rules, reweight_for_corpus

        self.rules = group_rules()
        self.f = [copy.copy(f) for f in feats]
        reweight_for_corpus(self.f, rules=self.rules)
        n = len(self.f)
        self.idx = {f.id: i for i, f in enumerate(self.f)}
        vecs = np.vstack([f.vector for f in self.f]).astype(np.float32)
        self.sim = vecs @ vecs.T
        np.fill_diagonal(self.sim, -1.0)
        self.k = min(K, n - 1)
        self.rank: dict[tuple[int, int], int] = {}
        self.median = np.zeros(n)
        self.top = np.ones(n)
        for i in range(n):
            order = np.argsort(-self.sim[i], kind="stable")[: self.k]
            for r, j in enumerate(order):
                self.rank[(i, int(j))] = r + 1
            if self.k > 0:
                self.median[i] = float(np.median(self.sim[i, order]))
                self.top[i] = float(self.sim[i, order[0]])
        self.rare = rare_vectors(self.f, rules=self.rules, neighbors=K) if n >= 30 else None
        titles = [f.title or "" for f in self.f]
        self.has_title = np.array([bool(t.strip()) for t in titles])
        if self.has_title.sum() >= 2:
            t = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(titles)
            self.title = (t @ t.T).toarray()
        else:
            self.title = np.zeros((n, n))
        self.cache: dict[tuple[int, int], np.ndarray] = {}

    def pairs(self) -> list[tuple[int, int]]:
        from newsprism.group.cluster import neighbour_pairs

        return neighbour_pairs(np.vstack([f.vector for f in self.f]).astype(np.float32), K)

    def x(self, i: int, j: int) -> np.ndarray:
        from newsprism.group.cluster import _sparse_cosine
        from newsprism.group.similarity import _scores, pair_score

        i, j = min(i, j), max(i, j)
        got = self.cache.get((i, j))
        if got is not None:
            return got
        fi, fj = self.f[i], self.f[j]
        c = float(self.sim[i, j])
        rare = _sparse_cosine(self.rare[fi.id], self.rare[fj.id]) if self.rare is not None else c
        dims = _scores(fi, fj, self.rules, None, sentences=False)
        absent = self.k + 1
        ri, rj = self.rank.get((i, j), absent), self.rank.get((j, i), absent)
        mi, mj = c - self.median[i], c - self.median[j]
        ratio = min(c / max(self.top[i], 1e-6), c / max(self.top[j], 1e-6))
        sem = float(np.dot(fi.semantic, fj.semantic)) if fi.semantic is not None and fj.semantic is not None else 0.0
        dated = fi.day is not None and fj.day is not None
        both_titles = bool(self.has_title[i] and self.has_title[j])
        v = np.array([
            c, rare, pair_score(fi, fj, rules=self.rules), dims["geography"] or 0.0, dims["entities"] or 0.0,
            1.0 / min(ri, rj), 1.0 / max(ri, rj), max(mi, mj), min(mi, mj), ratio, sem,
            math.log1p(abs(fi.day - fj.day)) if dated else 0.0, 0.0 if dated else 1.0,
            float(any(len(d) == 10 and d in fj.dates for d in fi.dates)),
            float(min(3, len(set(fi.numbers) & set(fj.numbers)))),
            math.log1p(min(len(fi.counts), len(fj.counts))),
            float(self.title[i, j]) if both_titles else 0.0, 0.0 if both_titles else 1.0,
        ])
        self.cache[(i, j)] = v
        return v


def train(corpora: dict[str, Corpus], data, names: list[str], *, trees: bool):
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    xs, ys, ws = [], [], []
    for name in names:
        c, gold = corpora[name], data[name][1]
        pairs = c.pairs()
        xs.append(np.array([c.x(i, j) for i, j in pairs]))
        ys.append(np.array([gold[c.f[i].id] == gold[c.f[j].id] for i, j in pairs], dtype=int))
        ws.append(np.full(len(pairs), 1.0 / len(pairs)))
    x, y = np.vstack(xs), np.concatenate(ys)
    w = np.concatenate(ws) * len(y) / len(names)  # each corpus weighs the same
    model = (GradientBoostingClassifier(max_depth=3, n_estimators=100, random_state=0) if trees
             else make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)))
    step = model.steps[-1][0] + "__sample_weight" if not trees else "sample_weight"
    model.fit(x, y, **{step: w})
    return model


def cluster(corpus: Corpus, data, name: str, model, *, threshold: float):
    from newsprism.config import load_config
    from newsprism.group.cluster import cluster_batch

    probs: dict[tuple[int, int], float] = {}

    def score(a, b) -> float:
        i, j = sorted((corpus.idx[a.id], corpus.idx[b.id]))
        p = probs.get((i, j))
        if p is None:
            p = probs[(i, j)] = float(model.predict_proba(corpus.x(i, j)[None])[0, 1])
        return p

    stories = cluster_batch(corpus.f, config=load_config(), threshold=threshold, score=score, corpus_idf=False,
                            attach_min=0)
    _, gold, copy_of = data[name]
    pred = {a: s.id for s in stories for a in s.articles}
    for c, orig in copy_of.items():
        pred[c] = pred.get(orig, c)
    return bcubed(pred, {a: gold[a] for a in pred})


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--train", choices=["both", "ecb", "allsides"], default="both")
    p.add_argument("--trees", action="store_true", help="gradient-boosted trees instead of logistic regression")
    p.add_argument("--threshold", type=float, nargs="+", default=[0.5])
    p.add_argument("--heldout", action="store_true", help="also print ECB+ dev and the held-out AllSides half")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    data = load_features()
    names = TRAIN["ecb"] + TRAIN["allsides"] if args.train == "both" else TRAIN[args.train]
    show = TUNING + (HELDOUT if args.heldout else [])
    corpora = {n: Corpus(data[n][0]) for n in sorted(set(names) | set(show))}
    model = train(corpora, data, names, trees=args.trees)
    print(f"trained on {', '.join(names)} ({'trees' if args.trees else 'logistic'}) in "
          f"{time.perf_counter() - t0:.0f}s", file=sys.stderr)
    if not args.trees:
        for f, w in zip(FEATS, model.steps[-1][1].coef_[0]):
            print(f"  {f:<10} {w:+.3f}")
    print(f"{'corpus':<30} {'thr':>5} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6}")
    for thr in args.threshold:
        for name in show:
            bp, br, bf = cluster(corpora[name], data, name, model, threshold=thr)
            print(f"{name:<30} {thr:>5.2f} {bp:>6.3f} {br:>6.3f} {bf:>6.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
