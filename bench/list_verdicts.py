"""Every conflict, corroborated claim and derivation a user gets on a whole corpus, for reading.

The other listings (list_conflicts.py, list_corroborated.py) reconcile one
gold event per story: they read hand-grouped news.  This one runs what
``newsprism analyze`` runs with default settings on a whole corpus: the
group stage (its own stories, its similarities), then reconcile_story on
every story of two or more articles, and lists

* every conflict (each side: value, sources, cited sentences),
* every corroborated claim (shown text and every report), or a random
  sample of them (``--sample N --seed S``),
* every derivation (the two articles and the evidence),

each marked ``SAME`` when every article it cites is in one gold event,
``ACROSS`` when it cites articles of two or more gold events (false by
construction: a lower bound on the false ones, found without reading), or
``?`` when the corpus has no gold for the pair.  Gold events:

* ``ecb-train`` / ``ecb-dev``: ECB+ (Cybulska & Vossen, LREC 2014) topics,
  one gold event per topic half (``*ecb`` / ``*ecbplus``), the documents as
  bench/bench_grouping.py loads them (cached analyses in bench/out/ecbplus.db);
  run ``ecb-dev`` last, as a check only (another issue's target);
* ``allsides-tune`` / ``allsides-heldout``: AllSides headline roundups (NeuS
  crawl, Lee et al., NAACL 2022) with outlets and dates, the fixed halves of
  bench_grouping.py (bench/out/allsides.db); read the tuning half, run the
  held-out half once for the counts;
* ``polnear``: PolNeAR dev (Newell, Margolin & Ruths, LREC 2018), 84 full
  articles of Sept-Oct 2016 (bench/out/polnear.db); no event partition: a
  pair of articles is judged by bench/data/polnear_pairs_gold.toml where it
  has one (``SAME`` / ``ACROSS``), else ``?``.

    python bench/list_verdicts.py ecb-train > /tmp/v_ecb_train.txt
    python bench/list_verdicts.py allsides-tune --sample 60 --seed 13 > /tmp/v_as_tune.txt
    python bench/list_verdicts.py polnear > /tmp/v_polnear.txt

The last line of each listing counts every kind and how many are ``ACROSS``.
Judgements go to bench/RESULTS.md by number (C = conflict, K = corroborated
claim, D = derivation).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

CORPORA = ("ecb-train", "ecb-dev", "allsides-tune", "allsides-heldout", "polnear")


def load(corpus: str) -> tuple[list, dict[str, str], Callable[[set[str]], str]]:
    """(analysed articles, article id -> printed name, verdict on a set of
    article ids: "SAME", "ACROSS" or "?")."""
    if corpus.startswith("ecb"):
        from bench_grouping import load_ecb
        from ecbplus import DEV_TOPICS, TRAIN_TOPICS

        topics = TRAIN_TOPICS if corpus == "ecb-train" else DEV_TOPICS
        ecb, gold, topic = load_ecb(meta=True)
        analyzed = [a for a in ecb if topic[a.article.id] in topics]
        names = {a.article.id: a.article.path.rpartition("/")[2].removesuffix(".xml") for a in analyzed}
    elif corpus.startswith("allsides"):
        from bench_grouping import load_allsides

        al, agold, half = load_allsides(meta=True)
        analyzed = [a for a in al if half[a.article.id] == corpus.partition("-")[2]]
        gold = {a.article.id: agold[a.article.id] for a in analyzed}
        names = {a.article.id: f"ev{gold[a.article.id]} {a.article.outlet or '?'} {(a.article.published or '')[:10]}"
                 for a in analyzed}
    else:
        from bench_grouping import load_polnear, load_polnear_gold

        analyzed, fname = load_polnear(meta=True)
        pairs = load_polnear_gold()
        names = dict(fname)

        def judge(ids: set[str]) -> str:
            files = sorted(fname[i] for i in ids)
            if len(files) < 2:
                return "SAME"
            seen = [pairs.get(frozenset((x, y))) for k, x in enumerate(files) for y in files[k + 1:]]
            if any(s is not None and not s[0] for s in seen):
                return "ACROSS"
            return "SAME" if all(s is not None for s in seen) else "?"

        return analyzed, names, judge

    def judge_gold(ids: set[str]) -> str:
        return "SAME" if len({gold[i] for i in ids}) <= 1 else "ACROSS"

    return analyzed, names, judge_gold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", choices=CORPORA)
    ap.add_argument("--sample", type=int, default=0,
                    help="list a random sample of this many corroborated claims (0: all)")
    ap.add_argument("--seed", type=int, default=13, help="seed of --sample")
    args = ap.parse_args(argv)

    from newsprism.config import load_config
    from newsprism.group import group_articles
    from newsprism.reconcile import reconcile_story

    config = load_config()
    t0 = time.time()
    analyzed, names, judge = load(args.corpus)
    by_id = {a.article.id: a for a in analyzed}
    t1 = time.time()
    grouping = group_articles(analyzed, settings=config.group)
    stories = [s for s in grouping.stories if len(s.articles) > 1]
    story_of = {a: s.id for s in stories for a in s.articles}
    sims: dict[str, list] = {}
    for s in grouping.similarities:
        if story_of.get(s.a) is not None and story_of.get(s.a) == story_of.get(s.b):
            sims.setdefault(story_of[s.a], []).append(s)
    print(f"# {args.corpus}: {len(analyzed)} articles, {len(grouping.stories)} stories, {len(stories)} of 2+ "
          f"articles (loaded in {t1 - t0:.0f} s, grouped in {time.time() - t1:.0f} s)")
    t2 = time.time()
    reports = []
    for s in stories:
        reports.append(reconcile_story(s, [by_id[a] for a in s.articles], settings=config.reconcile,
                                       analyze_settings=config.analyze, similarities=sims.get(s.id, [])))
    print(f"# reconciled in {time.time() - t2:.0f} s")

    def name(aid: str) -> str:
        return names.get(aid, aid[:8])

    counts = {"C": [0, 0, 0], "K": [0, 0, 0], "D": [0, 0, 0]}  # listed, ACROSS, ?

    def mark(kind: str, ids: set[str]) -> str:
        m = judge(ids)
        counts[kind][0] += 1
        counts[kind][1] += m == "ACROSS"
        counts[kind][2] += m == "?"
        return m

    print("\n## Conflicts\n")
    n = 0
    for r in reports:
        for c in r.conflicts:
            n += 1
            ids = {x.article for side in c.sides for x in side.sentences}
            print(f"C{n} {mark('C', ids)} story {r.story.id} [{c.kind or c.slot or '-'}, {c.severity}] {c.about}")
            for side in c.sides:
                print(f"   = {side.value!r} said by {', '.join(side.said_by) or '-'}; sources {len(side.sources)}")
                for x in side.sentences:
                    print(f"     [{name(x.article)} s{x.sentence}] {x.text}")
            print()

    print("\n## Corroborated claims\n")
    corroborated = [(r, c) for r in reports for c in r.claims if c.verdict == "corroborated"]
    total = len(corroborated)
    listed = list(range(total))
    if args.sample and args.sample < total:
        listed = sorted(random.Random(args.seed).sample(listed, args.sample))
        print(f"(a random sample of {args.sample} of {total}, seed {args.seed}; ACROSS counted on all {total})\n")
        for r, c in corroborated:
            judge_all = judge({x.article for x in c.reports})
            counts["K"][1] += judge_all == "ACROSS"
        counts["K"][0] = total
    for k in listed:
        r, c = corroborated[k]
        ids = {x.article for x in c.reports}
        m = mark("K", ids) if not (args.sample and args.sample < total) else judge(ids)
        print(f"K{k + 1} {m} story {r.story.id}: {c.independent_sources} independent sources, {len(c.reports)} reports")
        print(f"   shown: {c.text}")
        for x in c.reports:
            print(f"   [{name(x.article)} s{x.sentence}] {x.text}")
        for p in c.alignment:
            print(f"   ~ {name(p['a']['article'])} s{p['a']['sentence']} / {name(p['b']['article'])} "
                  f"s{p['b']['sentence']}: p {p.get('probability', float('nan')):.2f}"
                  f" cos {p.get('cosine', float('nan')):.2f}"
                  + (" same count" if p.get("same_count") else "") + (" retelling" if p.get("retelling") else "")
                  + (f" read {p['cross_probability']:.2f}" if "cross_probability" in p else "")
                  + (" unread" if p.get("unread") else "") + (" figures differ" if p.get("figures_differ") else ""))
        print()
    if args.sample and args.sample < total:
        counts["K"][2] = sum(judge({x.article for x in c.reports}) == "?" for _, c in corroborated)

    print("\n## Derivations\n")
    n = 0
    for r in reports:
        for d in r.derivations:
            n += 1
            print(f"D{n} {mark('D', {d.derived, d.source})} story {r.story.id} [{d.kind}] "
                  f"{name(d.derived)} <- {name(d.source)}")
            for aid in (d.derived, d.source):
                a = by_id[aid].article
                print(f"   {name(aid)}: {a.outlet or '-'} {(a.published or '-')[:10]} {(a.title or '')[:100]!r}")
            print(f"   evidence: {d.evidence[:600]}")
            print()

    n_claims = sum(len(r.claims) for r in reports)
    print(f"# {args.corpus}: {len(stories)} stories of 2+ articles; "
          + "; ".join(f"{label} {counts[k][0]} ({counts[k][1]} ACROSS, {counts[k][2]} ?)"
                      for k, label in (("C", "conflicts"), ("K", f"corroborated of {n_claims} claims"),
                                       ("D", "derivations"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
