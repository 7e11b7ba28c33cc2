"""The "Who and where" rows of real news, for reading: one story per gold
event of the AllSides tuning half (the split of bench_grouping.py) and of
the ECB+ train topics (dev topics left out), every entity of it resolved
with the defaults from the cached analyses in bench/out.

    python bench/list_entity_rows.py [--sample N] [--seed S] [--all]

Prints the count of rows by type per corpus, then N rows per corpus drawn
with the seed (name, type, variants, the labels of its mentions, its first
sentence) to judge by reading; ``--all`` prints every row instead, in order,
so that two runs (before and after a change) can be compared with ``diff``.  The rows of bench/RESULTS.md session 20 are
``--sample 50 --seed 20``.  No gold: the judging is the reader's.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

ECB_DEV = {2, 5, 12, 18, 21, 23, 34, 35}


def stories() -> dict[str, dict[str, list]]:
    """corpus -> gold event -> analysed articles (tuning half / train topics only)."""
    import bench_grouping as bg

    analyzed, gold, half = bg.load_allsides(meta=True)
    allsides: dict[str, list] = defaultdict(list)
    for a in analyzed:
        if half[a.article.id] == "tune":
            allsides[gold[a.article.id]].append(a)
    analyzed, gold, topic = bg.load_ecb(meta=True)
    ecb: dict[str, list] = defaultdict(list)
    for a in analyzed:
        if int(topic[a.article.id]) not in ECB_DEV:
            ecb[gold[a.article.id]].append(a)
    return {"allsides": allsides, "ecb": ecb}


def rows(events: dict[str, list]) -> list[dict]:
    from newsprism.reconcile.entities import resolve_entities

    out = []
    for event, arts in sorted(events.items()):
        entities, mapping = resolve_entities(arts)
        seen: dict[str, list] = defaultdict(list)
        for a in arts:
            for i, m in enumerate(a.mentions):
                eid = mapping.get((a.article.id, i))
                if eid:
                    seen[eid].append((m.label, a.sentences[m.sentence].text))
        for e in entities:
            out.append({"event": event, "name": e.name, "type": e.type, "variants": e.variant_counts,
                        "labels": [label for label, _ in seen[e.id]],
                        "sentence": next((s for _, s in seen[e.id]), "")})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--all", action="store_true", help="every row, in order (for a diff of two runs)")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)  # one draw sequence over both corpora
    for corpus, events in stories().items():
        table = rows(events)
        print(f"{corpus}: {len(table)} rows in {len(events)} stories; by type "
              + ", ".join(f"{t} {n}" for t, n in Counter(r["type"] for r in table).most_common()))
        picks = range(len(table)) if args.all else rng.sample(range(len(table)), min(args.sample, len(table)))
        for k in picks:
            r = table[k]
            sentence = " ".join(r["sentence"].split())[:160]
            print(f"  {r['event']} | {r['name']} | {r['type']} | {r['variants']} | {r['labels'][:8]} | {sentence}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
