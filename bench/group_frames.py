"""The event a lead reports, as a frame, against where grouping put the
articles (session 21, issue 11): a measurement, not a grouping rule.

Each article's frame is read from the parse analyze stored with it, over
its first two prose sentences (from the group stage's lead, past a
page's address cut into pieces, skipping fragments).  For each sentence:
the root's event (through a reporting verb to its clausal complement,
"police said a man was arrested" -> arrest; through a light verb to its
object noun; plus the verbs joined to it), its trigger class from
bench/data/frame_triggers.toml (a lemma in no class stands for itself),
its participants (the proper names and figures in the trigger's subject,
object and prepositional dependents); and the sentences' day-precise
resolved dates.

Pairs of articles are counted by where the batch clusterer placed them
(final stories with the defaults) and their gold event: one event in one
story, one event split across stories (all, and those whose link is within
0.7 of the bar), two events in one story (wrong merges), and two events
in two neighbouring stories whose link is >= 0.7 (near the bar).  For each
it counts how many share a frame (same trigger and a shared participant),
a known trigger class, any participant, a "clash" (both give known
classes, none in common, with shared participants: the storyline case),
dates more than a day apart, and same class with disjoint participants.

Only the corpora settings may be chosen on are accepted: ECB+ train and
the AllSides tuning half (+/-meta) and its singles.

    python bench/group_frames.py "allsides-tune +meta" "ecb-train +meta"
    python bench/group_frames.py "allsides-tune +meta" --show 10   # pairs side by side
    python bench/group_frames.py "ecb-train +meta" --sentences 1   # the first prose sentence only
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

TRIGGERS = Path(__file__).resolve().parent / "data" / "frame_triggers.toml"
ALLOWED = ("ecb-train", "allsides-tune", "singles-allsides-tune")
CATEGORIES = ("one event, one story", "one event, split", "one event, split, link >= 0.7", "two events, one story",
              "two events, neighbours, link >= 0.7")
FLAGS = ("frame", "known", "part", "clash", "dates", "disjoint")
NEAR = 0.7


@dataclass(frozen=True)
class Triggers:
    classes: dict[str, str]  # lemma (or verb_particle) -> class
    reporting: frozenset[str]
    light: frozenset[str]


@dataclass(frozen=True)
class Frame:
    trigger: str  # a class of Triggers, or "=lemma" for a lemma in none
    participants: frozenset[str]  # "n:name" and "#:figure"

    @property
    def known(self) -> bool:
        return not self.trigger.startswith("=")


@dataclass
class Lead:
    frames: list[Frame]
    days: list[dt.date]


def load_triggers(path: Path = TRIGGERS) -> Triggers:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    classes = {w: c for c, words in raw["classes"].items() for w in words}
    return Triggers(classes, frozenset(raw["reporting"]), frozenset(raw["light"]))


def _name(word: str) -> str:
    w = word.lower().strip(".")
    for suffix in ("'s", "\u2019s"):
        if w.endswith(suffix):
            w = w[:-2]
    return w


def _trigger_lemma(tok: Any, triggers: Triggers) -> str:
    lemma = tok.lemma_.lower()
    for child in tok.children:
        if child.dep_ == "prt" and f"{lemma}_{child.lemma_.lower()}" in triggers.classes:
            return f"{lemma}_{child.lemma_.lower()}"
    if lemma in triggers.light:
        for child in tok.children:
            if child.dep_ in ("dobj", "attr") and child.pos_ == "NOUN":
                return child.lemma_.lower()
    return lemma


def _participants(tok: Any) -> frozenset[str]:
    out = set()
    for child in tok.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "agent", "attr", "dative", "pobj", "prep"):
            for t in child.subtree:
                if t.pos_ == "PROPN" and len(t.text) >= 3:
                    out.add("n:" + _name(t.text))
                elif t.like_num and any(ch.isdigit() for ch in t.text):
                    out.add("#:" + t.text.replace(",", ""))
    return frozenset(out)


def sentence_frames(sent: Any, *, triggers: Triggers) -> list[Frame]:
    """The frames one parsed sentence (a spaCy span or doc with one root)
    reports: its root's, or through a reporting verb its complement's, and
    the verbs joined to it."""
    root = sent.root
    heads = [root]
    if root.lemma_.lower() in triggers.reporting:
        comp = [c for c in root.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX", "NOUN")]
        heads = comp or heads
    heads = heads + [c for h in heads for c in h.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    out = []
    for h in heads:
        lemma = _trigger_lemma(h, triggers)
        cls = triggers.classes.get(lemma)
        out.append(Frame(cls if cls else "=" + lemma, _participants(h)))
    return out


def lead_of(analyzed: Any, *, triggers: Triggers, sentences: int = 2) -> Lead:
    """The frames and dates of an article's first ``sentences`` prose
    sentences, from its stored parse (empty without one)."""
    from newsprism.group.features import address_sentences, group_rules, lead_index
    from newsprism.reconcile.parses import article_doc

    doc = article_doc(analyzed)
    rules = group_rules()
    first = lead_index(analyzed, rules)
    if doc is None or first is None:
        return Lead([], [])
    # ECB+'s pages open with their address cut into pieces: skipped, as the
    # group stage skips them.
    first = max(first, address_sentences(analyzed, rules))
    picked = [i for i in range(first, len(analyzed.sentences))
              if "http" not in analyzed.sentences[i].text and len(analyzed.sentences[i].text.split()) >= 4]
    picked = picked[:sentences]
    frames: list[Frame] = []
    for i in picked:
        s = analyzed.sentences[i]
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        for sent in (span.sents if span is not None else []):
            frames += sentence_frames(sent, triggers=triggers)
    days = []
    for t in analyzed.times:
        if t.sentence in picked and t.resolved and t.value and len(t.value) == 10:
            try:
                days.append(dt.date.fromisoformat(t.value))
            except ValueError:
                pass
    return Lead(frames, days)


def relate(a: Lead, b: Lead) -> dict[str, bool]:
    """What two leads' frames share (FLAGS)."""
    pairs = [(x, y) for x in a.frames for y in b.frames]
    shared_part = bool(set().union(*(x.participants for x in a.frames), set())
                       & set().union(*(y.participants for y in b.frames), set()))
    ka = {x.trigger for x in a.frames if x.known}
    kb = {y.trigger for y in b.frames if y.known}
    same_known = [(x, y) for x, y in pairs if x.trigger == y.trigger and x.known and x.participants and y.participants]
    return {
        "frame": any(x.trigger == y.trigger and x.participants & y.participants for x, y in pairs),
        "known": bool(ka & kb),
        "part": shared_part,
        "clash": bool(ka and kb and not ka & kb and shared_part),
        "dates": bool(a.days and b.days and min(abs((x - y).days) for x in a.days for y in b.days) > 1),
        "disjoint": bool(same_known) and not any(x.participants & y.participants for x, y in same_known),
    }


def load_corpus(name: str) -> tuple[list[Any], dict[str, str]]:
    """(analyses with their stored parses, gold event per id) of a corpus
    settings may be chosen on."""
    import bench_grouping as bg
    from ecbplus import TRAIN_TOPICS

    from newsprism.store import Store

    corpus, _, sfx = name.partition(" ")
    if corpus not in ALLOWED or sfx not in ("+meta", "-meta"):
        raise SystemExit(f"group_frames: {name!r} is not a corpus to design on (one of {ALLOWED}, +meta or -meta)")
    meta = sfx == "+meta"
    if corpus == "ecb-train":
        ecb, egold, etopic = bg.load_ecb(meta=meta)
        sub = [a for a in ecb if etopic[a.article.id] in TRAIN_TOPICS]
        gold, db = {a.article.id: egold[a.article.id] for a in sub}, bg.OUT / "ecbplus.db"
    else:
        al, agold, ahalf = bg.load_allsides(meta=meta)
        sub = [a for a in al if ahalf[a.article.id] == "tune"]
        if corpus == "singles-allsides-tune":
            first: dict[str, Any] = {}
            for a in sorted(sub, key=lambda a: a.article.path):
                first.setdefault(agold[a.article.id], a)
            sub = list(first.values())
            gold = {a.article.id: a.article.id for a in sub}
        else:
            gold = {a.article.id: agold[a.article.id] for a in sub}
        db = bg.OUT / "allsides.db"
    with Store(db) as store:
        parses = store.parses([a.article.id for a in sub])
    for a in sub:
        a.parse = parses.get(a.article.id)
    return sub, gold


def placed_pairs(analyzed: list[Any], gold: dict[str, str]
                 ) -> tuple[dict[str, list[tuple[str, str]]], Any, dict[str, str], set[tuple[str, str]]]:
    """Pairs of originals (copies left out) by category, as the batch
    clusterer places them with the defaults; the link of a pair; each
    original's story; the neighbour pairs the clusterer scores."""
    import numpy as np

    import bench_grouping as bg

    from newsprism.config import load_config
    from newsprism.group import doc_features
    from newsprism.group.cluster import neighbour_pairs
    from newsprism.group.dedup import find_duplicates
    from newsprism.group.features import group_rules, reweight_for_corpus

    gs = load_config().group
    copies = {d.article for d in find_duplicates(analyzed, settings=gs)}
    originals = [a for a in analyzed if a.article.id not in copies]
    story = bg.run_newsprism(originals)
    link = bg.link_parts(originals)
    rules = group_rules()
    feats = [doc_features(a, rules=rules, with_sentences=False) for a in originals]
    reweight_for_corpus(feats, rules=rules)
    near = {(feats[i].id, feats[j].id) for i, j in neighbour_pairs(np.vstack([f.vector for f in feats]), gs.neighbors)}
    near |= {(y, x) for x, y in near}
    ids = [a.article.id for a in originals]
    out: dict[str, list[tuple[str, str]]] = {c: [] for c in CATEGORIES}
    for k, x in enumerate(ids):
        for y in ids[k + 1:]:
            one, together = gold[x] == gold[y], story[x] == story[y]
            if one and together:
                out[CATEGORIES[0]].append((x, y))
            elif one:
                out[CATEGORIES[1]].append((x, y))
                if link(x, y)["link"] >= NEAR:
                    out[CATEGORIES[2]].append((x, y))
            elif together:
                out[CATEGORIES[3]].append((x, y))
            elif (x, y) in near and link(x, y)["link"] >= NEAR:
                out[CATEGORIES[4]].append((x, y))
    return out, link, story, near


STORY_RULES = ("a cross pair shares a frame", "half the cross pairs share one", "a cross pair, best link >= 0.8",
               "half, best link >= 0.8", "a known class shared by a cross pair, best link >= 0.8")


def story_pairs(gold: dict[str, str], leads: dict[str, Lead], link: Any, story: dict[str, str],
                near: set[tuple[str, str]], *, least: float = 0.5) -> dict[str, Counter[str]]:
    """Neighbouring final stories whose best cross pair links >= ``least``,
    each a join a frame rule would make: {rule: {"one"/"two": story pairs,
    "right"/"wrong": article pairs}} (one event = both stories' majority
    gold event is the same)."""
    members: dict[str, list[str]] = {}
    for aid, sid in story.items():
        members.setdefault(sid, []).append(aid)
    cands = {tuple(sorted((story[x], story[y]))) for x, y in near if story[x] != story[y]}
    out: dict[str, Counter[str]] = {r: Counter() for r in ("all",) + STORY_RULES}
    for a, b in sorted(cands):
        cross = [(x, y) for x in members[a] for y in members[b]]
        best = max(link(x, y)["link"] for x, y in cross if (x, y) in near)
        if best < least:
            continue
        major = [Counter(gold[m] for m in members[s]).most_common(1)[0][0] for s in (a, b)]
        kind = "one" if major[0] == major[1] else "two"
        right = sum(gold[x] == gold[y] for x, y in cross)
        rel = [relate(leads[x], leads[y]) for x, y in cross]
        shared = sum(r["frame"] for r in rel)
        hits = {"all": True, STORY_RULES[0]: shared > 0, STORY_RULES[1]: shared * 2 >= len(cross),
                STORY_RULES[2]: shared > 0 and best >= 0.8, STORY_RULES[3]: shared * 2 >= len(cross) and best >= 0.8,
                STORY_RULES[4]: any(r["known"] and r["frame"] for r in rel) and best >= 0.8}
        for rule, hit in hits.items():
            if hit:
                out[rule][kind] += 1
                out[rule]["right"] += right
                out[rule]["wrong"] += len(cross) - right
    return out


def _show(lead: Lead) -> str:
    frames = "; ".join(f"{f.trigger}[{','.join(sorted(f.participants))[:70]}]" for f in lead.frames)
    return f"{frames} | dates {', '.join(str(d) for d in lead.days) or '-'}"


def corpus_args(argv: list[str] | None, *, doc: str, sentences: str, show: str) -> argparse.Namespace:
    """The arguments of a script that reads placed pairs of the corpora to
    design on (this one, bench/group_cross.py): the corpora, how many prose
    sentences of each article it reads, how many pairs it prints."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="+", help='"ecb-train +meta", "allsides-tune -meta", ...')
    ap.add_argument("--sentences", type=int, default=2, help=sentences + " (default 2)")
    ap.add_argument("--show", type=int, default=0, help=show)
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = corpus_args(argv, doc=__doc__, sentences="the lead's prose sentences read",
                       show="print this many pairs of the split and merged categories")
    triggers = load_triggers()
    for name in args.corpora:
        analyzed, gold = load_corpus(name)
        leads = {a.article.id: lead_of(a, triggers=triggers, sentences=args.sentences) for a in analyzed}
        cats, link, story, near = placed_pairs(analyzed, gold)
        print(f"== {name}: {len(analyzed)} articles, leads of {args.sentences} sentences; pairs sharing (count = share)")
        print(f"{'category':38} {'pairs':>6} " + " ".join(f"{f:>10}" for f in FLAGS))
        for c in CATEGORIES:
            counts = Counter(k for x, y in cats[c] for k, v in relate(leads[x], leads[y]).items() if v)
            n = len(cats[c])
            print(f"{c:38} {n:>6} " + " ".join(f"{counts[f]:5d}={counts[f] / max(1, n):4.2f}" for f in FLAGS))
        print("story pairs (neighbouring stories, best cross link >= 0.5) a rule would join: one event / two"
              " (article pairs right / wrong)")
        for rule, c in story_pairs(gold, leads, link, story, near).items():
            print(f"  {rule:56} {c['one']:4d} / {c['two']:4d}  (+{c['right']} / -{c['wrong']})")
        rng = random.Random(1)
        by = {a.article.id: a for a in analyzed}
        for c in (CATEGORIES[2], CATEGORIES[3]) if args.show else ():
            print(f"-- {c}")
            for x, y in rng.sample(cats[c], min(args.show, len(cats[c]))):
                r = relate(leads[x], leads[y])
                print(f"  link {link(x, y)['link']:.2f}, gold {gold[x]} / {gold[y]}"
                      + "".join(f" {k.upper()}" for k in ("frame", "clash") if r[k]))
                for z in (x, y):
                    a = by[z].article
                    print(f"    {a.published or '-':10} {(a.title or '')[:80]}")
                    print(f"      {_show(leads[z])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
