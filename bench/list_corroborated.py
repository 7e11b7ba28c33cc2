"""Every claim newsprism marks corroborated in the ECB+ dev stories, with its reports, for reading.

ECB+ (Cybulska & Vossen, LREC 2014), dev topics 2 5 12 18 21 23 34 35; a story
is a topic half (``*ecb.xml`` or ``*ecbplus.xml``), as in
bench/bench_claim_alignment.py, whose cached analyses (bench/out/ecbplus_align.db)
this reuses.  Each story runs through the real reconcile stage
(reconcile_story: entities, provenance, claims, alignment, verdicts) and each
corroborated claim is printed with every report and the evidence of its
aligned pairs, numbered, so that a reader can judge whether the reports state
the same proposition.  Judgements go to bench/RESULTS.md by number.

    python bench/list_corroborated.py > /tmp/corroborated.txt
    python bench/list_corroborated.py --cross > /tmp/corroborated.txt   # with the cross-encoder on
    python bench/list_corroborated.py --no-counts > /tmp/before.txt     # without the same-count rule
    python bench/list_corroborated.py --metrics > /tmp/metrics.txt      # with the pair-metrics model on
    python bench/list_corroborated.py --allsides tune > /tmp/corr_tune.txt   # AllSides, gold events as stories
    python bench/list_corroborated.py --restatements > /tmp/re.txt  # reconcile.restatement_groups on
    python bench/list_corroborated.py --parted > /tmp/parted.txt    # also the groups [shown] min_coverage parts
    python bench/list_corroborated.py --retellings > /tmp/re.txt    # also every pair a retelling's rule aligned

``--allsides tune`` (or ``heldout``) lists AllSides headline roundups instead
(NeuS crawl, Lee et al., NAACL 2022): one story per gold event of that half
(the split of bench/bench_grouping.py), up to ``--articles`` articles, as
bench/list_conflicts.py reads them (analyses cached in bench/out/allsides.db).
Read the tune half to find and fix errors, the held-out half only for the
figure.

The cross-encoder's probabilities are read from (and added to) the cache
that ``bench_claim_alignment.py --cross`` keeps in bench/out.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_claim_alignment import OUT  # noqa: E402


def _reuse_cached_embeddings() -> None:
    """Sentences whose transformer embedding bench/bench_claim_alignment.py
    already cached (bench/out/minilm_*.npy, with the claim units of the same
    stories) are not encoded again: the listing only re-aligns."""
    import pickle

    import numpy as np

    from newsprism.analyze import embed

    import __main__

    from bench_claim_alignment import StoryRun

    __main__.StoryRun = StoryRun  # runs pickled by the bench run as a script
    known: dict[str, object] = {}
    for path in sorted(OUT.glob("claim_runs_dev_*.pkl")):
        try:
            with open(path, "rb") as fh:
                runs = pickle.load(fh)
        except Exception:  # noqa: BLE001 - a stale cache is only a slower listing
            continue
        texts = [u.text for run in runs for u in run.units]
        from train_align import embed as cached

        for t, v in zip(texts, cached(texts)):
            known[t] = v
    if not known:
        return
    encode = embed.encode_precise

    def encode_known(texts, **kw):
        missing = [t for t in texts if t not in known]
        if missing:
            known.update(zip(missing, encode(missing, **kw)))
        return np.stack([known[t] for t in texts]) if texts else encode(texts, **kw)

    embed.encode_precise = encode_known


def _override(section: str, key: str, value: object) -> None:
    """Reconcile with one value of data/claims_align.toml replaced."""
    import copy

    from newsprism.reconcile import align

    plain = align.load_data

    def load_data(name):
        data = plain(name)
        if name == "claims_align":
            data = copy.deepcopy(dict(data))
            data.setdefault(section, {})[key] = value
        return data

    align.load_data = load_data


def _cross_on() -> None:
    """Reconcile with the cross-encoder on, whatever ``[cross] enabled``
    says, through the bench's cache of its probabilities."""
    from bench_claim_alignment import install_memo

    _override("cross", "enabled", True)
    install_memo("list")


def _counts_off() -> None:
    """Reconcile without the same-count rule (for a before/after listing)."""
    _override("counts", "min_probability", 2.0)  # no pair reaches it


def _record_coverage() -> dict[str, float]:
    """Shown text -> the share of it another source family states
    (verdicts.shown_coverage, through verdicts._shown, which build_claims
    calls), filled as the stories are reconciled."""
    from newsprism.reconcile import verdicts

    seen: dict[str, float] = {}
    plain = verdicts._shown

    def shown(group, roots, **kw):
        unit, score, scores = plain(group, roots, **kw)
        seen[unit.text] = score
        return unit, score, scores

    plain_core = verdicts._core_shown

    def core_shown(group, roots, min_coverage):
        # Shown without what a report says in passing: its own coverage.
        core = plain_core(group, roots, min_coverage)
        if core:
            seen[core[0]] = core[1]
        return core

    verdicts._shown = shown
    verdicts._core_shown = core_shown
    return seen


def _record_parted() -> list[dict]:
    """Every group the shown-coverage rule parts (verdicts._parted), with
    each report's family and coverage, filled as the stories are reconciled
    (a group it parts may still be kept, shown without what a report says in
    passing: verdicts._core_shown; it is then in the corroborated listing)."""
    from newsprism.reconcile import verdicts

    seen: list[dict] = []
    plain = verdicts._parted

    def parted(members, units, roots, coverage, scores, **kw):
        parts = plain(members, units, roots, coverage, scores, **kw)
        if parts:
            group = [units[i] for i in members]
            most = group[min(range(len(group)), key=lambda k: (scores[k], k))].article
            worst = roots.get(most, most)
            seen.append({"coverage": coverage,
                         "apart": {u.article for u in group if roots.get(u.article, u.article) == worst},
                         "reports": [(u.article, roots.get(u.article, u.article), u.sentence, s, u.text)
                                     for u, s in zip(group, scores)]})
        return parts

    verdicts._parted = parted
    return seen


def main(argv: list[str] | None = None) -> int:
    import argparse

    from newsprism.config import load_config
    from newsprism.model import Story
    from newsprism.reconcile import reconcile_story

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cross", action="store_true", help="reconcile with the cross-encoder on")
    ap.add_argument("--metrics", action="store_true",
                    help="reconcile with the pair-metrics model on ([metrics] of data/claims_align.toml)")
    ap.add_argument("--no-counts", action="store_true",
                    help="without the same-count rule ([counts] of data/claims_align.toml): the listing before it")
    ap.add_argument("--restatements", action="store_true",
                    help="with reconcile.restatement_groups on: an article's restatements may share a group")
    ap.add_argument("--parted", action="store_true",
                    help="also list the groups the shown-coverage rule ([shown] min_coverage) parts")
    ap.add_argument("--retellings", action="store_true",
                    help="also list every pair aligned as a retelling's restatement of its source "
                         "([retelling] of data/claims_align.toml), whatever its claim's verdict")
    ap.add_argument("--allsides", choices=["tune", "heldout"], help="list AllSides events of this half instead")
    ap.add_argument("--articles", type=int, default=300, help="with --allsides: at most this many articles")
    args = ap.parse_args(argv)
    if args.cross:
        _cross_on()
    if args.no_counts:
        _counts_off()
    if args.metrics:
        _override("metrics", "enabled", True)
    coverage = _record_coverage()
    parted = _record_parted() if args.parted else []
    parted_in: dict[str, list[dict]] = {}
    config = load_config()
    if args.restatements:
        config = config.replace(reconcile__restatement_groups=True)
    if args.allsides:
        from list_conflicts import _allsides

        listed = _allsides(args.allsides, args.articles)
    else:
        from list_conflicts import _ecb_dev

        listed = _ecb_dev()
        _reuse_cached_embeddings()
    n = 0
    total_claims = 0
    reports = {}
    # Last story first (then printed in order): a bench run reading the
    # cross-encoder's pairs from the first story on meets this one halfway.
    for sid, arts, _ in (listed[::-1] if args.cross else listed):
        story = Story(id=sid, articles=[a.article.id for a in arts])
        t0 = time.time()
        before = len(parted)
        reports[sid] = reconcile_story(story, arts, config=config)
        parted_in[sid] = parted[before:]
        print(f"  story {sid}: reconciled in {time.time() - t0:.1f} s", file=sys.stderr, flush=True)
    for sid, _, names in listed:
        report = reports[sid]
        total_claims += len(report.claims)
        for c in report.claims:
            if c.verdict != "corroborated":
                continue
            n += 1
            print(f"#{n} story {sid}: {c.independent_sources} independent sources, {len(c.reports)} reports")
            print(f"   shown (another family states {coverage.get(c.text, float('nan')):.2f} of it): {c.text}")
            for r in c.reports:
                print(f"   [{names.get(r.article, r.article)} s{r.sentence}] {r.text}")
            for p in c.alignment:
                print(f"   ~ {names.get(p['a']['article'])} s{p['a']['sentence']} / {names.get(p['b']['article'])} "
                      f"s{p['b']['sentence']}: p {p['probability']:.2f} cos {p['cosine']:.2f}"
                      + (f" read {p['cross_probability']:.2f}" if "cross_probability" in p else "")
                      + (" unread" if p.get("unread") else "")
                      + (" figures differ" if p.get("figures_differ") else "")
                      + (f" same count {' / '.join(p['same_count']['figures'])}" if p.get("same_count") else ""))
            print()
    print(f"{n} corroborated claims of {total_claims} claims in {len(listed)} stories")
    if args.retellings:
        k = 0
        print("\nPairs aligned as a retelling's restatement of its source (the classifier alone keeps them apart):\n")
        for sid, _, names in listed:
            for c in reports[sid].claims:
                for p in c.alignment:
                    if not p.get("retelling"):
                        continue
                    k += 1
                    texts = {(r.article, r.sentence): r.text for r in c.reports}
                    a, b = p["a"], p["b"]
                    print(f"R{k} story {sid}: {c.verdict}, {c.independent_sources} independent source(s); "
                          f"p {p['probability']:.2f} cos {p['retelling']['cosine']:.2f}"
                          + (f" same figure {p['retelling']['figure']}" if p["retelling"].get("figure") else ""))
                    for x in (a, b):
                        print(f"   [{names.get(x['article'], x['article'])} s{x['sentence']}] "
                              f"{texts.get((x['article'], x['sentence']), '')}")
                    print()
        print(f"{k} pairs aligned as a retelling's restatement")
    if args.parted:
        k = 0
        print("\nGroups parted by [shown] min_coverage (each report: family, coverage by another family):\n")
        for sid, _, names in listed:
            for g in parted_in.get(sid, []):
                k += 1
                print(f"P{k} story {sid}: best coverage {g['coverage']:.2f}")
                for art, fam, sent, cov, text in g["reports"]:
                    mark = "apart " if art in g["apart"] else "      "
                    print(f"   {mark}[{names.get(art, art)} s{sent} family {names.get(fam, fam)}] {cov:.2f} {text}")
                print()
        print(f"{k} groups parted")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
