"""Stories that hold two gold events (session 25, issue 11): a measurement,
not a grouping rule.

The batch clusterer runs as ``group_mechanisms.py`` runs it (defaults, copies
out, its steps recorded).  For every final story of two articles or more:

- why the split step (group.split_max_between, on the evidence specific to
  the story's members, ``specific_similarity``) keeps it whole, on the final
  story: too small (fewer than twice the split's smallest part), a cut it
  made was put back (the recheck pass), its bisection leaves a part under
  the smallest part, or the two halves of the bisection share more than the
  bar;
- its shape, on the majority event against the rest (the gold cut): a pair
  (two articles over the bar); a member of another event linked at the bar
  to one member only and under ``LONE_REST`` of it to every other; the other
  events linked across as well as inside (mean link across at least
  ``AS_WELL`` of the mean inside); or less;
- the gold cut's mean link and specific similarity across, beside the split
  step's own cut.

Then a few split rules a second split step could apply to every story of
three or more (one-event stories included): the stories each parts whose
parted article pairs are mostly of two events / mostly of one, and the
article pairs parted (copies counted) of two events (right) and of one
(wrong).  Only the corpora settings may be chosen on are accepted
(bench/group_frames.py's list).

    python bench/group_two_events.py "ecb-train +meta" "allsides-tune +meta" "allsides-tune -meta"
    python bench/group_two_events.py "allsides-tune +meta" --show 40   # the stories, member by member
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

WHY = ("too small for the split step", "cut, then put back", "the bisection leaves a part too small",
       "the halves share more than the bar")
SHAPES = ("a pair over the bar", "a member linked at the bar to one member only",
          "the other event linked across as well as inside", "the other event linked less across")
LONE_REST = 0.5  # "near 0": under half the bar to every member but one
AS_WELL = 0.8  # the mean link across at least this share of the mean inside


def why_whole(*, n: int, min_part: int, put_back: bool, part_sizes: Sequence[int], between: float,
              max_between: float) -> str:
    """Why the split step keeps a story of ``n`` members whole: the first of
    :data:`WHY` that applies (``part_sizes`` and ``between``: its bisection
    of the story and the mean specific similarity across it)."""
    if n < 2 * min_part:
        return WHY[0]
    if put_back:
        return WHY[1]
    if min(part_sizes) < min_part:
        return WHY[2]
    return WHY[3] if between > max_between else "split"


def _mean(links: Sequence[Sequence[float]], rows: Sequence[int], cols: Sequence[int]) -> float:
    vals = [links[i][j] for i in rows for j in cols if i != j]
    return sum(vals) / len(vals) if vals else float("nan")


def shape(links: Sequence[Sequence[float]], gold: Sequence[str]) -> str:
    """The shape of a story of two events or more (:data:`SHAPES`), on its
    majority event against the rest; ``links[i][j]`` the pair's link (1 =
    the bar)."""
    n = len(gold)
    if n == 2:
        return SHAPES[0]
    major = Counter(gold).most_common(1)[0][0]
    inside = [i for i in range(n) if gold[i] == major]
    rest = [i for i in range(n) if gold[i] != major]
    if any(lone_member(links, i) for i in rest):
        return SHAPES[1]
    within = [m for m in (_mean(links, inside, inside), _mean(links, rest, rest)) if m == m]
    return SHAPES[2] if _mean(links, inside, rest) >= AS_WELL * sum(within) / len(within) else SHAPES[3]


def lone_member(links: Sequence[Sequence[float]], i: int, *, low: float = LONE_REST) -> bool:
    """Whether member ``i`` meets at most one other member at the bar and
    every other under ``low`` of it."""
    others = sorted((links[i][j] for j in range(len(links)) if j != i), reverse=True)
    return len(others) >= 2 and all(v < low for v in others[1:])


def parted_pairs(gold: Sequence[str], weight: Sequence[int], parts: Sequence[Sequence[int]]) -> tuple[int, int]:
    """(article pairs of two events, of one event) that the parts put apart
    (copies counted through ``weight``)."""
    side = {i: k for k, p in enumerate(parts) for i in p}
    two = one = 0
    for i in range(len(gold)):
        for j in range(i + 1, len(gold)):
            if side[i] != side[j]:
                w = weight[i] * weight[j]
                if gold[i] == gold[j]:
                    one += w
                else:
                    two += w
    return two, one


def peel(links: Sequence[Sequence[float]], pick: Callable[[int], bool]) -> list[list[int]]:
    """The member the rule ``pick`` holds with the lowest mean link to the
    rest, on its own (one part), or the story whole."""
    n = len(links)
    chosen = [i for i in range(n) if pick(i)]
    if not chosen:
        return [list(range(n))]
    i = min(chosen, key=lambda k: (_mean(links, [k], range(n)), k))
    return [[i], [j for j in range(n) if j != i]]


def _lowest_cross(links: Sequence[Sequence[float]], below: float) -> list[list[int]]:
    """The two parts of a story of up to 14 members with the lowest mean link
    across, if under ``below``."""
    n = len(links)
    if n > 14:
        return [list(range(n))]
    best = min(((_mean(links, a, b), a, b) for mask in range(1, 2 ** (n - 1))
                for a, b in [([i for i in range(n) if mask >> i & 1], [i for i in range(n) if not mask >> i & 1])]),
               key=lambda t: t[0])
    return [best[1], best[2]] if best[0] < below else [list(range(n))]


def _rules() -> dict[str, Callable[[Sequence[Sequence[float]], Any], list[list[int]]]]:
    def n(links: Sequence[Sequence[float]]) -> range:
        return range(len(links))

    out: dict[str, Callable[[Sequence[Sequence[float]], Any], list[list[int]]]] = {}
    for low in (0.5, 0.6, 0.7):
        out[f"a member at the bar with one member only, under {low} the rest"] = \
            lambda links, sim, low=low: peel(links, lambda i: lone_member(links, i, low=low))
    for bar in (0.5, 0.7, 0.9):
        out[f"the member of lowest mean link, under {bar}"] = \
            lambda links, sim, bar=bar: peel(links, lambda i: _mean(links, [i], n(links)) < bar)
    for share in (0.5, 0.7):
        out[f"the member of lowest mean, under {share} x the mean among the rest"] = \
            lambda links, sim, share=share: peel(links, lambda i: _mean(links, [i], n(links)) < share * _mean(
                links, [j for j in n(links) if j != i], [j for j in n(links) if j != i]))
    for bar in (0.5, 0.8):
        out[f"the two parts of lowest mean link across, under {bar}"] = \
            lambda links, sim, bar=bar: _lowest_cross(links, bar)
    for between in (0.07, 0.1):
        out[f"the split step's bisection with parts of 1, between <= {between}"] = \
            lambda links, sim, between=between: _bisected(sim, between)
    return out


def _bisected(sim: Any, between: float) -> list[list[int]]:
    from newsprism.group.cluster import _bisect

    parts = _bisect(sim)
    if min(len(p) for p in parts) < 1 or float(sim[parts[0]][:, parts[1]].mean()) > between:
        return [list(range(len(sim)))]
    return parts


def main(argv: list[str] | None = None) -> int:
    import numpy as np
    from group_frames import load_corpus
    from group_mechanisms import place

    from newsprism.config import load_config
    from newsprism.group.cluster import _bisect, specific_similarity

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="+", help='"ecb-train +meta", "allsides-tune -meta", ...')
    ap.add_argument("--show", type=int, default=0, help="print this many stories of two events, member by member")
    args = ap.parse_args(argv)
    max_between = load_config().group.split_max_between
    rules = _rules()
    for name in args.corpora:
        analyzed, gold = load_corpus(name)
        p = place(analyzed, gold)
        cuts = [parts for rule, parts in p.steps if rule in ("split", "split_specific")]
        why: Counter[str] = Counter()
        shapes: Counter[str] = Counter()
        wrong: Counter[str] = Counter()
        counts = {r: [0, 0, 0, 0] for r in rules}
        shown = 0
        stories = [g for g in p.stories if len(g) >= 2]
        for g in stories:
            golds = [p.gold[i] for i in g]
            links = [[p.link(i, j) if i != j else 0.0 for j in g] for i in g]
            sim = specific_similarity([p.feats[i] for i in g], rules=p.rules)
            weight = [p.weight[i] for i in g]
            if len(g) >= 3:
                for r, rule in rules.items():
                    parts = rule(links, sim)
                    if len(parts) > 1:
                        two, one = parted_pairs(golds, weight, parts)
                        c = counts[r]
                        c[0 if two > one else 1] += 1
                        c[2] += two
                        c[3] += one
            if len(set(golds)) < 2:
                continue
            halves = _bisect(sim)
            between = float(sim[np.ix_(halves[0], halves[1])].mean())
            put_back = any(a & set(g) and b & set(g) for a, b in cuts)
            w = why_whole(n=len(g), min_part=2, put_back=put_back, part_sizes=[len(h) for h in halves],
                          between=between, max_between=max_between)
            s = shape(links, golds)
            why[w] += 1
            shapes[s] += 1
            wrong[w] += parted_pairs(golds, weight, [[i] for i in range(len(g))])[0]
            if shown < args.show:
                shown += 1
                major = Counter(golds).most_common(1)[0][0]
                inside = [i for i in range(len(g)) if golds[i] == major]
                rest = [i for i in range(len(g)) if golds[i] != major]
                print(f"-- {len(g)} articles, events {Counter(golds).most_common()}; {w}; {s}; gold cut: link "
                      f"{_mean(links, inside, rest):.2f} across, specific {float(sim[np.ix_(inside, rest)].mean()):.3f};"
                      f" the split's cut {between:.3f}")
                for k, i in enumerate(g):
                    row = " ".join("  -  " if k == j else f"{links[k][j]:5.2f}" for j in range(len(g)))
                    print(f"   {golds[k]:>12} [{row}] {p.feats[i].title[:70]}")
        print(f"== {name}: {len(stories)} stories of 2+ articles, {sum(why.values())} of them hold 2+ events")
        for k in WHY + ("split",):
            if why[k]:
                print(f"  split step: {k:<45} {why[k]:4d} stories ({wrong[k]} article pairs of two events)")
        for k in SHAPES:
            if shapes[k]:
                print(f"  shape: {k:<55} {shapes[k]:4d}")
        print("  split rules on every story of 3+: stories parted mostly two events / mostly one "
              "(article pairs parted of two events / of one)")
        for r, (good, bad, two, one) in counts.items():
            print(f"    {r:<75} {good:3d} / {bad:3d}  ({two} / {one})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
