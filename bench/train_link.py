"""Fit a logistic link decision over the candidate pairs of bench/link_pairs.py
(tuning corpora only: ECB+ train topics, the AllSides tuning half and its
singles, + and - metadata), each corpus weighted equally, and print pair-level
precision / recall of the learned decision beside the shipped link (link >= 1)
on every corpus in the file.

    python bench/link_pairs.py --only "ecb-train,allsides-tune,singles-allsides-tune"
    python bench/train_link.py [--C 1.0] [--decision 0.5]

Session 12 measured the model this prints inside ``cluster_batch`` (commit
bd0e7ea, data [link_model]) and dropped it: it trades the AllSides tuning
half for ECB+ train (bench/RESULTS.md).  Kept to read the link at pair level.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
TUNE = ("ecb-train", "allsides-tune", "singles-allsides-tune")


def features(r: dict) -> dict[str, float]:
    return r["f"]


def main(argv: list[str] | None = None) -> int:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pairs", default=str(OUT / "link_pairs.jsonl"))
    p.add_argument("--C", type=float, default=1.0)
    p.add_argument("--decision", type=float, default=0.5)
    args = p.parse_args(argv)
    rows = [json.loads(line) for line in open(args.pairs, encoding="utf-8")]
    names = sorted(features(rows[0]))
    X = np.array([[features(r)[k] for k in names] for r in rows])
    y = np.array([r["same"] for r in rows], dtype=int)
    corpus = [r["corpus"] for r in rows]
    train = np.array([c.split()[0] in TUNE for c in corpus])
    per: dict[str, int] = defaultdict(int)
    for c, t in zip(corpus, train):
        if t:
            per[c] += 1
    # each tuning corpus weighs as much as another, whatever its pairs
    w = np.array([train.sum() / (len(per) * per[c]) if t else 0.0 for c, t in zip(corpus, train)])
    model = LogisticRegression(C=args.C, max_iter=2000)
    model.fit(X[train], y[train], sample_weight=w[train])
    print("[link_model] for data/group_similarity.toml:")
    print(f"bias = {float(model.intercept_[0]):.4f}")
    print(f"decision = {args.decision}")
    print("[link_model.weights]")
    for k, c in zip(names, model.coef_[0]):
        print(f"{k} = {c:.4f}")
    prob = model.predict_proba(X)[:, 1]
    for c in sorted(set(corpus)):
        m = np.array([x == c for x in corpus])
        for label, pred in (("shipped", np.array([r["link"] >= 1.0 for r in rows])[m]), ("learned", prob[m] >= args.decision)):
            tp = int((pred & (y[m] == 1)).sum())
            fp = int((pred & (y[m] == 0)).sum())
            fn = int((~pred & (y[m] == 1)).sum())
            pr = tp / (tp + fp) if tp + fp else 1.0
            rc = tp / (tp + fn) if tp + fn else 1.0
            print(f"{c:<28} {label:<8} linked {tp + fp:>6}  P {pr:.3f}  R {rc:.3f}  (false {fp}, same {tp + fn})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
