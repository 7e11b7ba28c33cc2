"""Does the claim cross-encoder tell one event told twice from two events of
one storyline?  (session 22, issue 11): a measurement, not a grouping rule.

The shipped claim cross-encoder (reconcile/cross.py: LoRA-tuned MiniLM
reading "[CLS] a [SEP] b [SEP]") gives the probability that two sentences
state the same thing.  For pairs of articles placed by the batch clusterer
with the defaults (bench/group_frames.py's categories: one event split
across stories with a link near the bar, two events in neighbouring
stories near the bar, wrong merges, and a sample of one event held in one
story) it reads:

- ``lead``: the two leads, each the title and the first prose sentence (the
  group stage's lead, past a page's address cut into pieces), both orders,
  the mean of the two log-odds;
- ``best``: the best of the pairs of the first ``--sentences`` prose
  sentences of each, the titles counted as sentences, read in one order
  (the first article's sentence first: both orders doubled a run that
  already took tens of minutes on a loaded machine).

It prints, per category, the share of pairs at or over each probability bar
and, for the split against the neighbour pairs, the area under the ROC curve
(the chance that a random split pair reads higher than a random neighbour
pair).  An event told twice should read "same" on its lead; a neighbouring
event of the storyline (bill passed / committee voted) should not.

Only the corpora settings may be chosen on are accepted (group_frames.ALLOWED).

    python bench/group_cross.py "ecb-train +meta" "allsides-tune +meta"
    python bench/group_cross.py "allsides-tune +meta" --show 8
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

BARS = (0.3, 0.5, 0.7, 0.9)
# Pairs of one event already held in one story are many (thousands on ECB+
# train): a fixed sample of them is read, for reference.
SAMPLE_TOGETHER = 100


def prose_sentences(analyzed: Any, *, count: int) -> list[str]:
    """The article's first ``count`` prose sentences from its lead on (the
    group stage's lead, past a page's address; no fragments, no addresses)."""
    from newsprism.group.features import address_sentences, group_rules, lead_index

    rules = group_rules()
    first = lead_index(analyzed, rules)
    if first is None:
        return []
    first = max(first, address_sentences(analyzed, rules))
    out = [s.text.strip() for s in analyzed.sentences[first:]
           if "http" not in s.text and len(s.text.split()) >= 4]
    return out[:count]


def read_title(title: str, sentences: list[str], *, address_opens: Sequence[str]) -> str:
    """The title as read, or "" when it is a page's address (data [leads]
    address_opens: ECB+'s "ecbplus" pages) or the first sentence again (its
    "ecb" pages): read, both made ECB+'s leads alike across events
    (bench/RESULTS.md, session 22)."""
    title = title.strip()
    if any(re.search(p, title) for p in address_opens):
        return ""
    if sentences and title.rstrip(". ") == sentences[0].rstrip(". "):
        return ""
    return title


def auc(pos: list[float], neg: list[float]) -> float:
    """The chance that a random ``pos`` value is above a random ``neg``
    value (ties count half); 0.5 when either side is empty."""
    if not pos or not neg:
        return 0.5
    ranked = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    # Mann-Whitney U through mid-ranks, so ties count half.
    rank_sum, k = 0.0, 0
    while k < len(ranked):
        m = k
        while m < len(ranked) and ranked[m][0] == ranked[k][0]:
            m += 1
        mid = (k + m + 1) / 2.0
        rank_sum += mid * sum(1 for t in ranked[k:m] if t[1])
        k = m
    u = rank_sum - len(pos) * (len(pos) + 1) / 2.0
    return u / (len(pos) * len(neg))


def symmetric_reads(encoder: Any, pairs: list[tuple[str, str]]) -> list[float]:
    """Probability each pair states the same thing, from the mean of its two
    orders' log-odds (the encoder reads "a then b", not both at once)."""
    import numpy as np

    if not pairs:
        return []
    z = encoder.logits(pairs + [(b, a) for a, b in pairs])
    n = len(pairs)
    mean = (z[:n] + z[n:]) / 2.0
    return [float(v) for v in 1.0 / (1.0 + np.exp(-np.clip(mean, -50.0, 50.0)))]


def read_pairs(encoder: Any, texts: dict[str, tuple[str, list[str]]], pairs: list[tuple[str, str]]
               ) -> dict[tuple[str, str], tuple[float, float, tuple[str, str]]]:
    """(lead read, best sentence-pair read, that sentence pair) per article pair.
    ``texts``: id -> (lead text, sentences)."""
    leads = [(texts[x][0], texts[y][0]) for x, y in pairs]
    lead_p = symmetric_reads(encoder, leads)
    flat: list[tuple[str, str]] = []
    spans = []
    for x, y in pairs:
        start = len(flat)
        flat += [(s, t) for s in texts[x][1] for t in texts[y][1]]
        spans.append((start, len(flat)))
    sent_p = list(encoder.probabilities(flat)) if flat else []
    out = {}
    for (x, y), lp, (s, e) in zip(pairs, lead_p, spans):
        if s == e:
            out[(x, y)] = (lp, 0.0, ("", ""))
            continue
        k = max(range(s, e), key=lambda i: sent_p[i])
        out[(x, y)] = (lp, sent_p[k], flat[k])
    return out


def main(argv: list[str] | None = None) -> int:
    import group_frames as gf

    from newsprism.group.features import group_rules
    from newsprism.reconcile.cross import load_cross_encoder

    args = gf.corpus_args(argv, doc=__doc__, sentences="prose sentences of each article read for 'best'",
                          show="print this many split and neighbour pairs with their reads")
    encoder = load_cross_encoder()
    for name in args.corpora:
        analyzed, gold = gf.load_corpus(name)
        by = {a.article.id: a for a in analyzed}
        cats, link, _story, _near = gf.placed_pairs(analyzed, gold)
        rng = random.Random(1)
        together = cats[gf.CATEGORIES[0]]
        cats[gf.CATEGORIES[0]] = rng.sample(together, min(SAMPLE_TOGETHER, len(together)))
        texts = {}
        for aid, a in by.items():
            sents = prose_sentences(a, count=args.sentences)
            title = read_title(a.article.title or "", sents, address_opens=group_rules().address_opens)
            lead = f"{title}. {sents[0]}" if title and sents else (title or (sents[0] if sents else ""))
            texts[aid] = (lead, ([title] if title else []) + sents)
        read_cats = (gf.CATEGORIES[0], gf.CATEGORIES[2], gf.CATEGORIES[3], gf.CATEGORIES[4])
        reads = {}
        for c in read_cats:
            print(f"  reading {len(cats[c])} pairs: {c}", file=sys.stderr)
            reads[c] = read_pairs(encoder, texts, cats[c])
        print(f"== {name}: {len(analyzed)} articles; reads of the cross-encoder (probability 'same'),"
              f" share of pairs at or over each bar")
        print(f"{'category':38} {'pairs':>6} " + " ".join(f"lead>={b:<4}" for b in BARS) + "  "
              + " ".join(f"best>={b:<4}" for b in BARS))
        for c in read_cats:
            r = list(reads[c].values())
            n = max(1, len(r))
            print(f"{c:38} {len(r):>6} " + " ".join(f"{sum(v[0] >= b for v in r) / n:9.2f}" for b in BARS) + "  "
                  + " ".join(f"{sum(v[1] >= b for v in r) / n:9.2f}" for b in BARS))
        split, nb = reads[gf.CATEGORIES[2]], reads[gf.CATEGORIES[4]]
        for k, what in ((0, "lead"), (1, "best")):
            print(f"  AUC split near bar vs neighbours near bar, {what}: "
                  f"{auc([v[k] for v in split.values()], [v[k] for v in nb.values()]):.3f}")
        # The link alone, for reference: how well the clusterer's own score
        # orders the same two sets.
        print(f"  AUC, the clusterer's link alone: "
              f"{auc([link(x, y)['link'] for x, y in split], [link(x, y)['link'] for x, y in nb]):.3f}")
        for c in (gf.CATEGORIES[2], gf.CATEGORIES[4]) if args.show else ():
            print(f"-- {c}")
            for x, y in rng.sample(sorted(reads[c]), min(args.show, len(reads[c]))):
                lp, bp, (s, t) = reads[c][(x, y)]
                print(f"  link {link(x, y)['link']:.2f} lead {lp:.2f} best {bp:.2f}, gold {gold[x]} / {gold[y]}")
                print(f"    A: {texts[x][0][:150]}")
                print(f"    B: {texts[y][0][:150]}")
                print(f"    best: {s[:110]} || {t[:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
