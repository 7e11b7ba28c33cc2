"""Every conflict newsprism reports on data nobody annotated for conflicts, for reading.

Two corpora, each story run through the real reconcile stage
(reconcile_story: entities, provenance, claims, alignment, verdicts):

* ``allsides``: AllSides headline roundups (NeuS crawl, Lee et al., NAACL
  2022), one story per gold event (left, centre and right reports of one
  event), with their outlets and dates; the events of one fixed half
  (``--half``, the split of bench/bench_grouping.py) in event order, up to
  ``--articles`` articles.  Analyses are cached in bench/out/allsides.db.
* ``ecb-dev``: ECB+ (Cybulska & Vossen, LREC 2014) dev topics 2 5 12 18 21
  23 34 35, one story per topic half, as in bench/list_corroborated.py
  (analyses cached in bench/out/ecbplus_align.db).
* ``ecb-unread``: the ECB+ train topics of which no half is a story of the
  conflict gold (bench/data/conflicts_gold.toml): news the conflict rules
  were never built on, for reading their precision (same cache).

Each conflict is printed, numbered, with its kind, label and every side's
value, sources and sentences, so that a reader can judge whether it is a
real disagreement about one referent.  Judgements go to bench/RESULTS.md by
number.

    python bench/list_conflicts.py allsides > /tmp/conflicts_allsides.txt
    python bench/list_conflicts.py ecb-dev > /tmp/conflicts_ecb_dev.txt
    python bench/list_conflicts.py ecb-unread > /tmp/conflicts_ecb_unread.txt
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _allsides(half: str, limit: int) -> list[tuple[str, list, dict[str, str]]]:
    """(story id, analysed articles, article id -> label) per AllSides event."""
    from bench_grouping import load_allsides

    analyzed, gold, halves = load_allsides(meta=True)
    by_event: dict[str, list] = {}
    for a in analyzed:
        if halves[a.article.id] == half:
            by_event.setdefault(gold[a.article.id], []).append(a)
    out, total = [], 0
    for event in sorted(by_event, key=int):
        arts = by_event[event]
        if len(arts) < 2:
            continue
        if total + len(arts) > limit:
            break
        total += len(arts)
        names = {a.article.id: f"{a.article.outlet or '?'} {(a.article.published or '')[:10]}" for a in arts}
        out.append((f"event {event}", arts, names))
    return out


def _unread_topics() -> tuple[int, ...]:
    """Train topics with neither half in the conflict gold."""
    from bench_conflicts import load_gold
    from ecbplus import TRAIN_TOPICS

    read = {int(s["id"].split("-")[0]) for s in load_gold()["story"] if s["id"][0].isdigit()}
    return tuple(t for t in TRAIN_TOPICS if t not in read)


def _ecb_dev() -> list[tuple[str, list, dict[str, str]]]:
    """(story id, analysed articles, document names) per ECB+ dev topic half."""
    from ecbplus import DEV_TOPICS

    return _ecb(DEV_TOPICS)


def _ecb(topics: tuple[int, ...]) -> list[tuple[str, list, dict[str, str]]]:
    from bench_claim_alignment import OUT, analyze_docs, load_stories

    stories = load_stories(topics)
    analyzed, _ = analyze_docs(stories, OUT / "ecbplus_align.db")
    out = []
    for key in sorted(stories):
        arts = [analyzed[d.name] for d in stories[key]]
        out.append((f"{key[0]}{key[1]}", arts, {analyzed[d.name].article.id: d.name for d in stories[key]}))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", choices=["allsides", "ecb-dev", "ecb-unread"])
    ap.add_argument("--half", default="tune", choices=["tune", "heldout"], help="AllSides half")
    ap.add_argument("--articles", type=int, default=300, help="AllSides: at most this many articles")
    args = ap.parse_args(argv)

    from newsprism.config import load_config
    from newsprism.model import Story
    from newsprism.reconcile import reconcile_story

    config = load_config()
    t0 = time.time()
    if args.corpus == "allsides":
        stories = _allsides(args.half, args.articles)
    else:
        from ecbplus import DEV_TOPICS

        topics = DEV_TOPICS if args.corpus == "ecb-dev" else _unread_topics()
        print(f"# ECB+ topics {' '.join(map(str, topics))}")
        stories = _ecb(topics)
    n_articles = sum(len(arts) for _, arts, _ in stories)
    print(f"# {args.corpus}: {len(stories)} stories, {n_articles} articles (loaded in {time.time() - t0:.0f} s)")
    n = 0
    t1 = time.time()
    for sid, arts, names in stories:
        report = reconcile_story(Story(id=sid, articles=[a.article.id for a in arts]), arts, config=config)
        for c in report.conflicts:
            n += 1
            print(f"#{n} {sid} [{c.kind or c.slot}, {c.severity}] {c.about}")
            for side in c.sides:
                print(f"   = {side.value!r}  said by {side.said_by or '-'}; sources {len(side.sources)}; "
                      f"first {side.first_reported or '-'}")
                for r in side.sentences:
                    print(f"     [{names.get(r.article, r.article)} s{r.sentence}] {r.text}")
            print()
        sys.stdout.flush()
    print(f"# {n} conflicts in {len(stories)} stories ({n_articles} articles); reconciled in {time.time() - t1:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
