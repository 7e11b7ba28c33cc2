"""Candidate pairs of the batch clusterer with the parts of their link, for
reading where the link decision loses and for fitting a learned one
(session 12: bench/train_link.py; the learned link itself was measured in
commit bd0e7ea and taken out of src, see bench/RESULTS.md).

For every corpus of bench_grouping.py: each neighbour pair (group.neighbors
nearest, as ``cluster_batch`` scores them), its link parts (pair score,
corpus cosine, rare evidence, each over its bar; time, weekday and count
factors; the pair score's dimensions), corpus-relative ranks (how far down
each other's neighbour lists the two are), and whether gold puts them in one
event.  Written as one JSON line per pair to bench/out/link_pairs.jsonl.

    python bench/link_pairs.py --only "ecb-train,allsides-tune,singles-allsides-tune"
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

OUT = Path(__file__).resolve().parent / "out"


def neighbour_ranks(vectors, k: int) -> dict[tuple[int, int], int]:
    """The pairs of ``cluster.neighbour_pairs`` (j among i's k nearest or i
    among j's), each with the larger of j's place among i's k nearest and i's
    among j's (1 = each other's nearest; k + 1 = not among the k nearest)."""
    import numpy as np

    n = len(vectors)
    k = min(k, n - 1)
    if k <= 0:
        return {}
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -np.inf)
    place = []
    for i in range(n):
        ranked = sorted(range(n), key=lambda j: (-float(sims[i, j]), j))[:k]
        place.append({j: p + 1 for p, j in enumerate(ranked)})
    out: dict[tuple[int, int], int] = {}
    for i, near in enumerate(place):
        for j in near:
            out.setdefault((min(i, j), max(i, j)), max(place[i].get(j, k + 1), place[j].get(i, k + 1)))
    return out


def link_features(x, y, *, bars, rules, rare_x, rare_y, rank: int) -> dict[str, float]:
    """What the learned link of session 12 weighed (bench/RESULTS.md): the
    parts of ``cluster.link_score`` each over its bar on a log scale (the
    corpus cosine and the rare evidence times the time factor), whether the
    weekdays or the counts disagree, the pair score's dimensions (0 and a
    flag when one has no evidence), how many corpus-rare names and rare
    dates or figures the two share, and the log of ``rank``."""
    import math

    import numpy as np

    from newsprism.group.cluster import _sparse_cosine
    from newsprism.group.similarity import _overall, _scores, count_factor, time_factor, weekday_factor

    def log_part(v: float) -> float:
        return math.log(min(50.0, max(0.02, v)))

    bar, cos_bar, specific = bars
    tf = time_factor(x, y, rules) if rules.gap_scales_link else 1.0
    dims = _scores(x, y, rules, None, sentences=False)
    pair = _overall(dims, rules) * time_factor(x, y, rules)
    has_rare = specific > 0 and rare_x is not None and rare_y is not None
    out = {
        "log_pair": log_part(pair / bar),
        "log_cos": log_part(tf * float(np.dot(x.vector, y.vector)) / cos_bar),
        "log_rare": log_part(tf * _sparse_cosine(rare_x, rare_y) / specific) if has_rare else 0.0,
        "no_rare": 0.0 if has_rare else 1.0,
        "weekday_off": 1.0 if weekday_factor(x, y, rules) < 1.0 else 0.0,
        "counts_off": 1.0 if count_factor(x, y, rules) < 1.0 else 0.0,
        "log_rank": math.log(max(1, rank)),
        "rare_names": math.log1p(sum(1 for t in rare_x if t[0] in "ep" and t in rare_y)) if has_rare else 0.0,
        "rare_marks": math.log1p(sum(1 for t in rare_x if t[0] in "dn" and t in rare_y)) if has_rare else 0.0,
    }
    for dim, v in dims.items():
        out[dim] = v if v is not None else 0.0
        out[dim + "_none"] = 1.0 if v is None else 0.0
    return out


def pair_rows(analyzed, gold: dict[str, str], corpus: str) -> list[dict]:
    """One row per neighbour pair of this corpus: ids, gold sameness, the
    shipped link (``link``, linking at 1) and the learned link's features
    (``f``), as ``cluster_batch`` computes them."""
    import numpy as np

    from newsprism.config import load_config
    from newsprism.group import doc_features
    from newsprism.group.cluster import link_bars, link_score, rare_vectors
    from newsprism.group.features import group_rules, reweight_for_corpus

    gs = load_config().group
    rules = group_rules()
    feats = [doc_features(a, rules=rules, with_sentences=False) for a in analyzed]
    big = len(feats) >= rules.corpus_full_articles
    rare = rare_vectors(feats, rules=rules, neighbors=gs.neighbors) if big else None
    reweight_for_corpus(feats, rules=rules)
    bars = link_bars(threshold=gs.story_threshold, link_cosine=gs.link_cosine, link_specific=gs.link_specific,
                     corpus_articles=len(feats), rules=rules)
    vec = np.vstack([f.vector for f in feats]).astype(np.float32)
    rows = []
    for (i, j), rank in sorted(neighbour_ranks(vec, gs.neighbors).items()):  # the pairs cluster_batch scores
        x, y = feats[i], feats[j]
        rx, ry = (rare[x.id], rare[y.id]) if rare is not None else (None, None)
        rows.append({"corpus": corpus, "a": x.id, "b": y.id, "same": gold[x.id] == gold[y.id], "n": len(feats),
                     "link": link_score(x, y, bars=bars, rules=rules, rare_x=rx, rare_y=ry),
                     "f": link_features(x, y, bars=bars, rules=rules, rare_x=rx, rare_y=ry, rank=rank)})
    return rows


def main(argv: list[str] | None = None) -> int:
    from bench_grouping import corpora

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", default="", help="comma-separated corpus name prefixes")
    p.add_argument("--out", default=str(OUT / "link_pairs.jsonl"))
    args = p.parse_args(argv)
    only = [o.strip() for o in args.only.split(",") if o.strip()]
    with open(args.out, "w", encoding="utf-8") as fh:
        for name, (analyzed, gold) in corpora().items():
            if only and not any(name.startswith(o) for o in only):
                continue
            rows = pair_rows(analyzed, gold, name)
            print(f"{name}: {len(rows)} pairs, {sum(r['same'] for r in rows)} same-event", file=sys.stderr)
            for r in rows:
                fh.write(json.dumps(r) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
