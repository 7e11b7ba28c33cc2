"""Candidate pairs of the batch clusterer with the parts of their link, for
reading where the link decision loses and for fitting a learned one.

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


def pair_rows(analyzed, gold: dict[str, str], corpus: str) -> list[dict]:
    """One row per neighbour pair of this corpus: ids, gold sameness, the
    shipped link (``link``, linking at 1) and the learned link's features
    (``f``), as ``cluster_batch`` computes them."""
    import numpy as np

    from newsprism.config import load_config
    from newsprism.group import doc_features
    from newsprism.group.cluster import link_bars, link_features, link_score, neighbour_ranks, rare_vectors
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
    for (i, j), rank in sorted(neighbour_ranks(vec, gs.neighbors).items()):
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
