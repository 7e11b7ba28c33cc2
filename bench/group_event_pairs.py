"""An event-coreference signal learned from ECB+ train's annotated event
mentions, against where grouping puts the articles (session 24, issue 11): a
measurement, not a grouping rule.  Nothing under src/ reads it; everything
is learned in this process (seconds) from ECB+ TRAIN topics only, so one
command trains and measures.

What is learned, from the CAT annotations of ECB+ train (bench/ecbplus.py):

- a trigger table: the lemmas annotated as the anchor of an event occurrence
  (``ACTION_OCCURRENCE``, ``NEG_ACTION_OCCURRENCE``; reporting, states and
  aspectual verbs left out) at least ``MIN_ANCHORS`` times and in at least
  ``MIN_SHARE`` of their uses in the annotated sentences (word forms are
  lemmatised through the stored parses of the same documents);
- each trigger's instance share: of the pairs of documents of one topic that
  both anchor an occurrence with it, the share whose anchors are mentions of
  one event instance (a ``CROSS_DOC_COREF`` chain).  "kill" in a topic of two
  shootings marks either; a lemma told only of one happening marks it;
- a logistic model over document pairs of one ECB+ train topic (label: one
  gold event), from what an analysis holds at run time: the current link
  (1 = the bar), the shared (trigger, argument) pairs of trigger sentences
  (argument = a name, a resolved day, a figure of that sentence; each pair
  weighted by its rarity in the corpus), the shared triggers weighted by
  their instance share, the shared arguments of trigger sentences, and
  whether the trigger sentences' resolved days agree (within a day),
  disagree or are not both given.  Articles are read over their first
  ``SENTENCES`` prose sentences (the group stage's lead on, past a page's
  address).

Measured: ECB+ train topic-held-out (the model refitted without the topic
it scores) and, with the model fitted on all ECB+ train, the AllSides tuning
half and its singles: AUC (0.5 = no order) of the model and of the link
alone on the pairs where grouping is undecided (one event split across
stories with a link >= 0.7, against two events in neighbouring stories with a
link >= 0.7), on the wrong merges (two events in one story, against one
event in one story), and the pairs each side passes at a few bars of the
model's probability.  Only the corpora settings may be chosen on are
accepted (bench/group_frames.py's loader).

    python bench/group_event_pairs.py "ecb-train +meta" "allsides-tune +meta" "allsides-tune -meta"
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Event occurrences only: "said", "is", "began" are annotated too (reporting,
# state, aspectual), and mark no happening of their own.
OCCURRENCE_TAGS = ("ACTION_OCCURRENCE", "NEG_ACTION_OCCURRENCE")
# A lemma is a trigger when annotated this often, in this share of its uses
# in the annotated sentences at least (a rare or mostly plain word is not).
MIN_ANCHORS = 3
MIN_SHARE = 0.5
# Prose sentences read per article (ECB+ annotates mostly the first ones).
SENTENCES = 6
NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT")
FEATURES = ("link", "trigger-argument pairs", "triggers by instance share", "arguments", "days agree",
            "days disagree")
BARS = (0.7, 0.8, 0.9)
UNDECIDED = ("one event, split, link >= 0.7", "two events, neighbours, link >= 0.7")
MERGED = ("one event, one story", "two events, one story")


@dataclass(frozen=True)
class Trigger:
    anchors: int  # times annotated as an occurrence's anchor
    uses: int  # times written in the annotated sentences
    instance_share: float  # of topic document pairs anchoring it both, the share of one instance


@dataclass
class Signature:
    """What one article's trigger sentences hold."""

    triggers: set[str] = field(default_factory=set)
    pairs: set[tuple[str, str]] = field(default_factory=set)  # (trigger, argument)
    arguments: set[str] = field(default_factory=set)  # "n:name", "d:YYYY-MM-DD", "q:figure"
    days: set[str] = field(default_factory=set)


def _form_lemmas(analyzed: Iterable[Any]) -> dict[str, str]:
    """Lower-case word form -> its commonest lemma in these stored parses."""
    from newsprism.reconcile.parses import article_doc

    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for a in analyzed:
        doc = article_doc(a)
        for t in doc if doc is not None else []:
            seen[t.lower_][t.lemma_.lower()] += 1
    return {form: c.most_common(1)[0][0] for form, c in seen.items()}


def trigger_table(docs: Iterable[Any], *, form_lemma: dict[str, str], annotated: dict[str, set[int]]
                  ) -> dict[str, Trigger]:
    """The triggers of these ECB+ documents' annotations (module docstring)."""
    anchors: Counter[str] = Counter()
    uses: Counter[str] = Counter()
    # topic -> lemma -> document -> the instances its anchors of the lemma mention
    told: dict[int, dict[str, dict[str, set[str]]]] = defaultdict(lambda: defaultdict(dict))
    for doc in docs:
        instance = {m: r.note for r in doc.relations_of("CROSS_DOC_COREF") if r.note for m in r.sources}
        anchor_of: dict[str, str] = {}
        for m in doc.markables:
            if m.tag in OCCURRENCE_TAGS:
                for t in m.token_ids:
                    # a mention in no chain is an instance of its own
                    anchor_of[t] = instance.get(m.m_id, f"{doc.name}:{m.m_id}")
        sentences = annotated.get(doc.name, set())
        for t in doc.tokens:
            if t.sentence not in sentences or not t.text.isalpha():
                continue
            lemma = form_lemma.get(t.text.lower(), t.text.lower())
            uses[lemma] += 1
            if t.t_id in anchor_of:
                anchors[lemma] += 1
                told[doc.topic][lemma].setdefault(doc.name, set()).add(anchor_of[t.t_id])
    same: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for lemmas in told.values():
        for lemma, by_doc in lemmas.items():
            names = sorted(by_doc)
            for k, x in enumerate(names):
                for y in names[k + 1:]:
                    pairs[lemma] += 1
                    same[lemma] += bool(by_doc[x] & by_doc[y])
    return {lemma: Trigger(anchors[lemma], uses[lemma], same[lemma] / pairs[lemma] if pairs[lemma] else 0.5)
            for lemma in anchors if anchors[lemma] >= MIN_ANCHORS and anchors[lemma] >= MIN_SHARE * uses[lemma]}


def _name(text: str) -> str:
    words = text.lower().split()
    last = words[-1] if words else ""
    for suffix in ("'s", "\u2019s"):
        last = last.removesuffix(suffix)
    return last.strip(".")


def signature(analyzed: Any, triggers: dict[str, Trigger], *, sentences: int = SENTENCES) -> Signature:
    """The triggers of an article's first ``sentences`` prose sentences and
    what each trigger sentence names: names, resolved days, figures."""
    from newsprism.group.features import address_sentences, group_rules, lead_index

    rules = group_rules()
    first = max(lead_index(analyzed, rules) or 0, address_sentences(analyzed, rules))
    picked = [i for i in range(first, len(analyzed.sentences)) if "http" not in analyzed.sentences[i].text]
    picked = picked[:sentences]
    args: dict[int, set[str]] = defaultdict(set)
    for m in analyzed.mentions:
        if m.label in NAME_LABELS and _name(m.text):
            args[m.sentence].add("n:" + _name(m.text))
    for t in analyzed.times:
        if t.resolved and t.value and len(t.value) == 10:
            args[t.sentence].add("d:" + t.value)
    for q in analyzed.quantities:
        if q.value is not None and not (1900 <= q.value < 2100):  # a year is a date, not a figure
            args[q.sentence].add(f"q:{q.value:g}")
    out = Signature()
    for i in picked:
        found = {w.lower() for w in (analyzed.lemmas[i] if i < len(analyzed.lemmas) else [])} & triggers.keys()
        if not found:
            continue
        out.triggers |= found
        out.arguments |= args[i]
        out.days |= {v[2:] for v in args[i] if v.startswith("d:")}
        out.pairs |= {(t, v) for t in found for v in args[i]}
    return out


def rarity(signatures: Iterable[Signature]) -> tuple[int, Counter[Any]]:
    """(articles, how many give each trigger-argument pair and argument)."""
    df: Counter[Any] = Counter()
    n = 0
    for s in signatures:
        n += 1
        df.update(s.pairs)
        df.update(s.arguments)
    return n, df


def pair_features(a: Signature, b: Signature, *, link: float, triggers: dict[str, Trigger],
                  articles: int, df: Counter[Any]) -> list[float]:
    """The model's inputs for two articles (FEATURES, in order)."""
    def rare(items: set[Any]) -> float:
        return math.log1p(sum(math.log(articles / df[i]) for i in items if df[i] > 0))

    agree = disagree = 0.0
    if a.days and b.days:
        gap = min(abs((dt.date.fromisoformat(x) - dt.date.fromisoformat(y)).days) for x in a.days for y in b.days)
        agree, disagree = (1.0, 0.0) if gap <= 1 else (0.0, 1.0)
    shared = a.triggers & b.triggers
    return [min(link, 3.0), rare(a.pairs & b.pairs), math.log1p(sum(triggers[t].instance_share for t in shared)),
            rare(a.arguments & b.arguments), agree, disagree]


def fit(rows: Sequence[Sequence[float]], labels: Sequence[int]) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(max_iter=1000).fit(rows, labels)


def passed(pos: Sequence[float], neg: Sequence[float]) -> str:
    return ", ".join(f">= {b}: {sum(p >= b for p in pos)} / {sum(p >= b for p in neg)}" for b in BARS)


@dataclass
class Corpus:
    name: str
    gold: dict[str, str]
    sigs: dict[str, Signature]
    articles: int
    df: Counter[Any]
    cats: dict[str, list[tuple[str, str]]]
    link: Any
    originals: list[str]  # the articles grouping places (copies are taken out first)

    def row(self, x: str, y: str, triggers: dict[str, Trigger]) -> list[float]:
        return pair_features(self.sigs[x], self.sigs[y], link=self.link(x, y)["link"], triggers=triggers,
                             articles=self.articles, df=self.df)


def load(name: str, triggers: dict[str, Trigger], loaded: tuple[list[Any], dict[str, str]] | None = None) -> Corpus:
    import group_frames as gf

    sub, gold = loaded or gf.load_corpus(name)
    cats, link, _, _ = gf.placed_pairs(sub, gold)
    memo: dict[tuple[str, str], dict[str, float]] = {}

    def cached(x: str, y: str) -> dict[str, float]:
        if (x, y) not in memo:
            memo[(x, y)] = link(x, y)
        return memo[(x, y)]

    from newsprism.config import load_config
    from newsprism.group.dedup import find_duplicates

    copies = {d.article for d in find_duplicates(sub, settings=load_config().group)}
    sigs = {a.article.id: signature(a, triggers) for a in sub}
    articles, df = rarity(sigs.values())
    return Corpus(name, gold, sigs, articles, df, cats, cached, sorted(set(sigs) - copies))


def report(c: Corpus, score: Any, triggers: dict[str, Trigger]) -> None:
    from group_cross import auc

    for pos_cat, neg_cat in (UNDECIDED, MERGED):
        rows = {cat: [c.row(x, y, triggers) for x, y in c.cats[cat]] for cat in (pos_cat, neg_cat)}
        pos, neg = score(c.cats[pos_cat], rows[pos_cat]), score(c.cats[neg_cat], rows[neg_cat])
        print(f"  {pos_cat} ({len(pos)}) against {neg_cat} ({len(neg)}): model AUC {auc(pos, neg):.3f}, link alone "
              f"{auc([r[0] for r in rows[pos_cat]], [r[0] for r in rows[neg_cat]]):.3f}; by feature "
              + ", ".join(f"{f} {auc([r[j] for r in rows[pos_cat]], [r[j] for r in rows[neg_cat]]):.3f}"
                          for j, f in enumerate(FEATURES) if j))
        print(f"    pairs passed one event / two events at the model's probability {passed(pos, neg)}")


def main(argv: list[str] | None = None) -> int:
    import group_frames as gf
    from ecbplus import TRAIN_TOPICS, annotated_sentences, documents

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", nargs="+", help='e.g. "ecb-train +meta" "allsides-tune +meta"')
    args = ap.parse_args(argv)
    for name in args.corpora:
        if name.partition(" ")[0] not in gf.ALLOWED:
            raise SystemExit(f"group_event_pairs: {name!r} is not a corpus to design on ({gf.ALLOWED})")
    train = gf.load_corpus("ecb-train +meta")
    triggers = trigger_table(documents(TRAIN_TOPICS), form_lemma=_form_lemmas(train[0]),
                             annotated=annotated_sentences())
    print(f"trigger table: {len(triggers)} lemmas; instance share < 0.5: "
          f"{sum(t.instance_share < 0.5 for t in triggers.values())}; examples "
          + ", ".join(f"{k} {v.instance_share:.2f}" for k, v in sorted(triggers.items(), key=lambda kv: -kv[1].anchors)[:12]))
    ecb = load("ecb-train +meta", triggers, train)
    ids = ecb.originals
    topic = {i: ecb.gold[i].split("/")[0] for i in ids}
    keys = [(x, y) for k, x in enumerate(ids) for y in ids[k + 1:] if topic[x] == topic[y]]
    rows = [ecb.row(x, y, triggers) for x, y in keys]
    labels = [int(ecb.gold[x] == ecb.gold[y]) for x, y in keys]
    # one model per topic, fitted without it: a pair is scored by its first
    # article's topic's model (the pairs a model learns from are of one topic)
    models = {t: fit([r for k, r in enumerate(rows) if topic[keys[k][0]] != t],
                     [v for k, v in enumerate(labels) if topic[keys[k][0]] != t]) for t in sorted(set(topic.values()))}

    def held_out(pairs: Sequence[tuple[str, str]], rows: Sequence[Sequence[float]]) -> list[float]:
        return [float(models[topic[x]].predict_proba([r])[0, 1]) for (x, _), r in zip(pairs, rows)]

    held = dict(zip(keys, held_out(keys, rows)))
    full = fit(rows, labels)
    from group_cross import auc

    print(f"ECB+ train, {len(keys)} pairs of one topic ({sum(labels)} of one event), topic held out: model AUC "
          f"{auc([held[k] for k, v in zip(keys, labels) if v], [held[k] for k, v in zip(keys, labels) if not v]):.3f}, "
          f"link alone {auc([r[0] for r, v in zip(rows, labels) if v], [r[0] for r, v in zip(rows, labels) if not v]):.3f}")
    print("model fitted on all ECB+ train: " + ", ".join(f"{f} {w:+.2f}" for f, w in zip(FEATURES, full.coef_[0]))
          + f", intercept {full.intercept_[0]:+.2f}")
    for name in args.corpora:
        print(name + (" (topic held out)" if name.startswith("ecb-train") else " (model of all ECB+ train)"))
        if name == "ecb-train +meta":
            report(ecb, held_out, triggers)
        else:
            report(load(name, triggers), lambda _, r: list(full.predict_proba(r)[:, 1]) if r else [], triggers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
