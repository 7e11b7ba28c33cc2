"""Why one event's reports stay in several stories (session 23, issue 11): a
measurement, not a grouping rule.

For every gold event the batch clusterer (defaults, copies out as the group
stage takes them out) leaves in two or more stories, each piece apart from
the event's largest piece is classed by the mechanism that keeps it apart,
first that applies:

- joined, then cut by the split step: some article of the piece and of the
  main piece were in one story after average linkage and a split step
  (group.split_max_between, group.split_margin) put them on two sides;
- joined, then moved by reassign: in one story after linkage, and an
  article of either was moved out by the reassign pass;
- joined, then apart (other);
- never a candidate: no pair across is among the nearest neighbours the
  linkage compares (group.neighbors);
- a pair over the bar, the story mean below: the best pair across links
  (link >= 1) but average linkage asks the mean over the two stories;
- below the bar only by the date / weekday / count factors: the best pair's
  link before those factors reaches the bar, after them it does not;
- below the join bar.

Each class with the best cross pair's link, bucketed.  Then every pair of
neighbouring final stories, and a few joins of such story pairs as a second
pass would make them (by mean link, best pair, share of pairs over the bar,
the small story's best story by its best pair and its margin over the
runner-up, and the split step's own "between" on the joined story): story
pairs of one event / of two (by majority of article pairs) and the article
pairs right / wrong.  Only the corpora settings may be chosen on are
accepted (bench/group_frames.py's list).

    python bench/group_mechanisms.py "ecb-train +meta" "allsides-tune +meta" "singles-allsides-tune +meta"
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

MECHANISMS = ("joined, then cut by the split step", "joined, then moved by reassign", "joined, then apart (other)",
              "never a candidate (not neighbours)", "a pair over the bar, the story mean below",
              "below the bar only by date / weekday / count factors", "below the join bar")
BUCKETS = ((0.5, "<0.5"), (0.7, "0.5-0.7"), (0.9, "0.7-0.9"), (1.0, "0.9-1"), (float("inf"), ">=1"))


def mechanism(*, joined: bool, cut: bool, moved: bool, candidate: bool, best: float, raw: float) -> str:
    """The class of one piece (see the module's docstring), from what the
    clusterer did and the best pair across: ``best`` its link (1 = the bar),
    ``raw`` the same before the date, weekday and count factors."""
    if joined:
        return MECHANISMS[0] if cut else MECHANISMS[1] if moved else MECHANISMS[2]
    if not candidate:
        return MECHANISMS[3]
    if best >= 1.0:
        return MECHANISMS[4]
    return MECHANISMS[5] if raw >= 1.0 else MECHANISMS[6]


def bucket(link: float) -> str:
    return next(name for top, name in BUCKETS if link < top)


@dataclass
class Placed:
    """One corpus as the batch clusterer placed it: the features (corpus
    weighted, clustering order), the final stories and the stories after
    linkage (positions), the steps, the link of two positions and its parts."""

    feats: list[Any]
    gold: list[str]
    weight: list[int]  # 1 + the copies the group stage took out of the clustering
    stories: list[list[int]]
    after_linkage: dict[int, int]  # position -> its linkage cluster
    steps: list[Any]
    adj: dict[int, set[int]]
    link: Callable[[int, int], float]
    raw: Callable[[int, int], float]
    rules: Any


def place(analyzed: list[Any], gold: dict[str, str]) -> Placed:
    import numpy as np

    from newsprism.config import load_config
    from newsprism.group import doc_features
    from newsprism.group.cluster import (cluster_batch, link_bars, link_score, neighbour_pairs, order_key,
                                         rare_vectors)
    from newsprism.group.dedup import find_duplicates
    from newsprism.group.features import group_rules
    from newsprism.group.similarity import count_factor, time_factor, weekday_factor

    gs = load_config().group
    rules = group_rules()
    by_id: dict[str, Any] = {}
    for a in analyzed:
        by_id.setdefault(a.article.id, a)
    copy_of = {d.article: d.copy_of for d in find_duplicates(list(by_id.values()), settings=gs)}
    feats = [doc_features(a, rules=rules, with_sentences=False) for aid, a in sorted(by_id.items())
             if aid not in copy_of]
    steps: list[Any] = []
    stories = cluster_batch(feats, settings=gs, rules=rules, steps=steps)  # reweights feats in place
    rare = rare_vectors(feats, rules=rules, neighbors=gs.neighbors)
    bars = link_bars(threshold=gs.story_threshold, link_cosine=gs.link_cosine, link_specific=gs.link_specific,
                     corpus_articles=len(feats), rules=rules)
    ordered = sorted(feats, key=order_key)
    pos = {f.id: i for i, f in enumerate(ordered)}
    adj: dict[int, set[int]] = defaultdict(set)
    for i, j in neighbour_pairs(np.vstack([f.vector for f in ordered]).astype(np.float32), gs.neighbors):
        adj[i].add(j)
        adj[j].add(i)
    cache: dict[tuple[int, int], float] = {}

    def link(i: int, j: int) -> float:
        key = (min(i, j), max(i, j))
        if key not in cache:
            x, y = ordered[key[0]], ordered[key[1]]
            cache[key] = link_score(x, y, bars=bars, rules=rules, rare_x=rare[x.id], rare_y=rare[y.id])
        return cache[key]

    def raw(i: int, j: int) -> float:
        x, y = ordered[i], ordered[j]
        factor = (time_factor(x, y, rules) if rules.gap_scales_link else 1.0) * weekday_factor(x, y, rules) \
            * count_factor(x, y, rules)
        return link(i, j) / factor if factor > 0 else 0.0

    linkage = {pos[aid]: min(pos[m] for m in st.parts[0]) for st in steps if st.rule == "linkage"
               for aid in st.parts[0]}
    ncopies = Counter(copy_of.values())
    return Placed(feats=ordered, gold=[gold[f.id] for f in ordered], weight=[1 + ncopies[f.id] for f in ordered],
                  stories=[sorted(pos[a] for a in s.articles) for s in stories],
                  after_linkage={i: linkage.get(i, i) for i in range(len(ordered))},
                  steps=[(st.rule, [{pos[a] for a in p} for p in st.parts]) for st in steps],
                  adj=adj, link=link, raw=raw, rules=rules)


def pieces(p: Placed) -> list[tuple[str, int, str]]:
    """(gold event, piece size, mechanism, best link bucket) of every piece
    apart from its event's largest piece."""
    owner = {i: k for k, g in enumerate(p.stories) for i in g}
    cuts = [parts for rule, parts in p.steps if rule in ("split", "split_specific")]
    moved = {i for rule, parts in p.steps if rule == "reassign" for i in parts[1]}
    by_gold: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(p.gold):
        by_gold[g].append(i)
    out = []
    for g, members in sorted(by_gold.items()):
        split: dict[int, list[int]] = defaultdict(list)
        for i in members:
            split[owner[i]].append(i)
        if len(split) < 2:
            continue
        main = max(split.values(), key=lambda m: (len(m), -min(m)))
        for piece in split.values():
            if piece is main:
                continue
            cross = [(i, j) for i in piece for j in main]
            best, bi, bj = max((p.link(i, j), i, j) for i, j in cross)
            joined = any(p.after_linkage[i] == p.after_linkage[j] for i, j in cross)
            cut = any((i in a and j in b) or (j in a and i in b) for a, b in cuts for i, j in cross)
            kind = mechanism(joined=joined, cut=cut, moved=any(i in moved or j in moved for i, j in cross),
                             candidate=any(j in p.adj[i] for i, j in cross), best=best, raw=p.raw(bi, bj))
            out.append((g, len(piece), kind, bucket(best)))
    return out


def story_pairs(p: Placed) -> list[dict[str, Any]]:
    """Every pair of neighbouring final stories with what a second joining
    pass could read: mean link across (times the stories' time factor, as
    the linkage scales it), best pair, share of pairs over the bar, the
    smaller story's best story by best pair and the margin over its runner-up,
    the split step's mean "between" on the joined story, and the article
    pairs (copies counted) of one gold event and of two across."""
    from newsprism.group.cluster import _story_time, specific_similarity

    owner = {i: k for k, g in enumerate(p.stories) for i in g}
    out: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    for k, g in enumerate(p.stories):
        for c in sorted({owner[j] for i in g for j in p.adj[i]} - {k}):
            key = (min(k, c), max(k, c))
            if key in seen:
                continue
            seen.add(key)
            a, b = p.stories[key[0]], p.stories[key[1]]
            links = [p.link(i, j) for i in a for j in b]
            tf = _story_time(a, b, p.feats, p.rules) if p.rules.story_span else 1.0
            row = {"a": key[0], "b": key[1], "na": len(a), "nb": len(b), "mean": sum(links) / len(links) * tf,
                   "max": max(links) * tf, "share": sum(v >= 1.0 for v in links) / len(links),
                   "right": sum(p.weight[i] * p.weight[j] for i in a for j in b if p.gold[i] == p.gold[j]),
                   "wrong": sum(p.weight[i] * p.weight[j] for i in a for j in b if p.gold[i] != p.gold[j]),
                   "between": None}
            if row["mean"] >= 0.4 or row["max"] >= 1.0:
                sim = specific_similarity([p.feats[i] for i in a + b], rules=p.rules)
                row["between"] = float(sim[:len(a), len(a):].mean())
            out.append(row)
    best: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for r in out:
        best[r["a"]].append((r["max"], r["b"]))
        best[r["b"]].append((r["max"], r["a"]))
    for r in out:
        small, big = ("a", "b") if r["na"] <= r["nb"] else ("b", "a")
        ranked = sorted(best[r[small]], reverse=True)
        r["small"], r["big"] = r["n" + small], r["n" + big]
        r["top"] = ranked[0][1] == r[big]
        r["margin"] = (r["max"] / ranked[1][0] if len(ranked) > 1 and ranked[1][0] > 0 else float("inf")) \
            if r["top"] else 0.0
    return out


# Joins a second pass over neighbouring story pairs could make (session 23).
JOINS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "mean link >= 0.8": lambda r: r["mean"] >= 0.8,
    "mean link >= 0.7, both stories 2+": lambda r: r["mean"] >= 0.7 and r["small"] >= 2,
    "half the pairs across over the bar": lambda r: r["share"] >= 0.5,
    "best pair >= 1.5": lambda r: r["max"] >= 1.5,
    "small story's best by best pair >= 1, margin 2": lambda r: r["top"] and r["max"] >= 1.0 and r["margin"] >= 2.0,
    "... best pair >= 1.5, margin 3": lambda r: r["top"] and r["max"] >= 1.5 and r["margin"] >= 3.0,
    "lone article, best pair >= 1, margin 2": lambda r: r["small"] == 1 and r["top"] and r["max"] >= 1.0
    and r["margin"] >= 2.0,
    "lone article, best pair >= 1, margin 1.5, mean >= 0.7": lambda r: r["small"] == 1 and r["top"]
    and r["max"] >= 1.0 and r["margin"] >= 1.5 and r["mean"] >= 0.7,
    "mean >= 0.8, the split step keeps it (between > 0.07), a story of 4+":
        lambda r: r["between"] is not None and r["mean"] >= 0.8 and r["between"] > 0.07 and r["big"] >= 4,
    "... between > 0.1": lambda r: r["between"] is not None and r["mean"] >= 0.8 and r["between"] > 0.1
    and r["big"] >= 4,
}


def join_counts(rows: list[dict[str, Any]], rule: Callable[[dict[str, Any]], bool]) -> tuple[int, int, int, int]:
    """(story pairs of one event, of two, article pairs right, wrong) the rule joins."""
    sel = [r for r in rows if rule(r)]
    one = sum(r["right"] > r["wrong"] for r in sel)
    return one, len(sel) - one, sum(r["right"] for r in sel), sum(r["wrong"] for r in sel)


def main(argv: list[str] | None = None) -> int:
    from group_frames import load_corpus

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="+", help='"ecb-train +meta", "allsides-tune -meta", ...')
    args = ap.parse_args(argv)
    for name in args.corpora:
        analyzed, gold = load_corpus(name)
        placed = place(analyzed, gold)
        rows = pieces(placed)
        events = len({g for g, *_ in rows})
        print(f"== {name}: {len(placed.feats)} originals; {events} gold events split, {len(rows)} pieces apart "
              f"from their event's largest piece")
        for kind in MECHANISMS:
            mine = [r for r in rows if r[2] == kind]
            if mine:
                b = Counter(r[3] for r in mine)
                print(f"  {kind:<55} {len(mine):4d} pieces ({sum(r[1] for r in mine):4d} articles); best pair "
                      + ", ".join(f"{n} {b[n]}" for _, n in BUCKETS if b[n]))
        pairs = story_pairs(placed)
        print(f"  neighbouring story pairs: {len(pairs)}; joins a second pass would make: one event / two "
              "(article pairs right / wrong)")
        for rule, f in JOINS.items():
            one, two, right, wrong = join_counts(pairs, f)
            print(f"    {rule:<70} {one:3d} / {two:3d}  (+{right} / -{wrong})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
