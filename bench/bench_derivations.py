"""Derivations (who copied whom) on independent outlets and on planted copies.

Two measurements, same defaults for both:

1. AllSides headline roundups (NeuS crawl; Lee et al., NAACL 2022): 505
   events, each told by a left, a centre and a right outlet that do not copy
   each other.  Articles are grouped by the gold ``event`` field (the grouping
   stage is not used), and :func:`newsprism.reconcile.provenance.derive` runs
   on each event.  The outlets mostly report independently, but some say
   they retell another's reporting ("CNN is reporting"): each derivation of
   the tuning half (bench_grouping.py's split) is judged by reading in
   ``bench/data/derivations_judged_allsides.toml`` and printed as real,
   wrong or unsure; the held-out half's are counted, not judged.  A second pass
   merges each event with the next one (a grouping mistake, the case where
   the issue saw 31 derivations between different events) and counts the
   derivations that cross the two events.
2. The project's examples: the ``[[derivations]]`` planted in
   ``examples/expected.toml`` found (derived, source and kind right), and any
   other derivation counted as false (``[[independent]]`` pairs included).

Baseline beside each: verbatim containment alone (share of an article's
word 5-gram shingles found in the other >= ``reconcile.reuse_containment``),
the rule every copy detector starts with.

    python bench/bench_derivations.py [--db PATH] [--limit N] [--no-allsides] [--show N]

Analyses are cached in the store at ``--db`` (default in the temp folder),
so a second run only re-runs derive.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT / ".." / "shared" / "benchmarks" / "allsides" / "allsides.jsonl"
JUDGED = ROOT / "bench" / "data" / "derivations_judged_allsides.toml"
EXAMPLES = ROOT / "examples"


def _analyzed(paths: list[str], db: Path):
    from newsprism.analyze import analyze_articles
    from newsprism.config import load_config
    from newsprism.ingest import ingest_paths
    from newsprism.store import Store

    config = load_config()
    with Store(db) as store:
        result = ingest_paths(paths, store=store, config=config)
        articles = result.added + result.known
        analyzed = analyze_articles(articles, config=config, store=store)
    return analyzed, result


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _containment(a, b, n: int = 5) -> float:
    wa, wb = _words(a.article.text), _words(b.article.text)
    sa = {tuple(wa[i : i + n]) for i in range(len(wa) - n + 1)}
    sb = {tuple(wb[i : i + n]) for i in range(len(wb) - n + 1)}
    return len(sa & sb) / len(sa) if sa else 0.0


def baseline(members, threshold: float) -> list[tuple[str, str]]:
    """(derived, source) pairs by verbatim containment alone, later -> earlier
    (input order when undated)."""
    out = []
    for i, a in enumerate(members):
        for j, b in enumerate(members):
            if i < j:
                fwd, back = _containment(a, b), _containment(b, a)
                if max(fwd, back) >= threshold:
                    out.append((a.article.id, b.article.id) if fwd >= back else (b.article.id, a.article.id))
    return out


def bench_allsides(db: Path, limit: int | None, show: int = 8) -> None:
    from newsprism.config import load_config
    from newsprism.reconcile.provenance import derive

    config = load_config()
    threshold = float(config.get("reconcile", "reuse_containment"))
    records = [json.loads(line) for line in ALLSIDES.read_text("utf-8").splitlines() if line.strip()]
    events = sorted({r["event"] for r in records})
    if limit:
        keep = set(events[:limit])
        records = [r for r in records if r["event"] in keep]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "allsides.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps({k: r.get(k) for k in ("url", "title", "outlet", "published", "text")}) + "\n")
        t0 = time.perf_counter()
        analyzed, result = _analyzed([str(path)], db)
        took = time.perf_counter() - t0
    by_url = {r["url"]: r for r in records}
    event_of = {}
    groups: dict[int, list] = defaultdict(list)
    for aa in analyzed:
        r = by_url.get(aa.article.url or "")
        if r is None:
            continue
        event_of[aa.article.id] = r["event"]
        groups[r["event"]].append(aa)
    print(f"AllSides: {len(records)} records, {len(analyzed)} articles analyzed "
          f"({len(result.errors)} refused at ingest), {len(groups)} events; ingest+analyze {took:.0f} s")

    t0 = time.perf_counter()
    cache: dict = {}
    kinds: dict[str, int] = defaultdict(int)
    examples = []
    base_n = 0
    found = []
    for ev in sorted(groups):
        members = groups[ev]
        for d in derive(members, config=config, vector_cache=cache):
            kinds[d.kind] += 1
            found.append((ev, d))
            if len(examples) < show:
                examples.append((ev, d))
        base_n += len(baseline(members, threshold))
    within = sum(kinds.values())
    # AllSides has no derivation gold: the tuning half's are judged by reading
    # (JUDGED); a pair not in it, or judged with another kind, is to be read.
    print(f"  per event: {within} derivations recorded ({dict(kinds) or 'none'}); "
          f"baseline (containment >= {threshold}): {base_n}")
    _judged_report(found, {aa.article.id: by_url[aa.article.url or ""]["id"] for aa in analyzed
                           if (aa.article.url or "") in by_url})
    text_of = {aa.article.id: aa for aa in analyzed}
    for ev, d in examples:
        print(f"    event {ev}: {d.kind}: {d.evidence[:220 if show <= 8 else 2000]}")
        if show > 8:
            for aid in (d.derived, d.source):
                a = text_of[aid].article
                print(f"      {aid[:8]} {a.outlet!r} {a.url} {a.published}: {a.title!r}")

    evs = sorted(groups)
    cross = 0
    cross_kinds: dict[str, int] = defaultdict(int)
    base_cross = 0
    for a, b in zip(evs, evs[1:]):
        members = groups[a] + groups[b]
        for d in derive(members, config=config, vector_cache=cache):
            if event_of[d.derived] != event_of[d.source]:
                cross += 1
                cross_kinds[d.kind] += 1
        base_cross += sum(1 for x, y in baseline(members, threshold) if event_of[x] != event_of[y])
    print(f"  merged pairs of events ({len(evs) - 1} pairs): {cross} derivations across events "
          f"({dict(cross_kinds) or 'none'}); baseline: {base_cross}")
    print(f"  derive time {time.perf_counter() - t0:.0f} s")


def _judged_report(found: list, record_of: dict[str, str]) -> None:
    """Counts of the derivations found by verdict read in JUDGED (tuning
    half), the tuning half's unread ones listed, the held-out half counted."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_grouping import _allsides_half

    judged = {(p["derived"], p["source"]): p for p in tomllib.loads(JUDGED.read_text("utf-8"))["pair"]}
    tally: dict[str, int] = defaultdict(int)
    unread = []
    for ev, d in found:
        if _allsides_half(ev) != "tune":
            tally["held-out half, not judged"] += 1
            continue
        pair = (record_of.get(d.derived, d.derived), record_of.get(d.source, d.source))
        p = judged.get(pair)
        if p is None or p["kind"] != d.kind:
            tally["tuning half, not yet read"] += 1
            unread.append((pair, d.kind))
        else:
            tally[f"tuning half, judged {p['verdict']}"] += 1
    missing = set(judged) - {(record_of.get(d.derived), record_of.get(d.source)) for _ev, d in found}
    print("  by reading (bench/data/derivations_judged_allsides.toml): "
          + ", ".join(f"{k} {v}" for k, v in sorted(tally.items()))
          + f"; judged pairs no longer found: {len(missing)}")
    for pair, kind in unread:
        print(f"    to read: {pair[0]} -> {pair[1]} ({kind})")
    for pair in sorted(missing):
        print(f"    no longer found: {pair[0]} -> {pair[1]} ({judged[pair]['verdict']})")


def _example_key(aa) -> str:
    """How examples/expected.toml names an article: its file under html/ or
    txt/, or, for a record of feed.jsonl, its URL."""
    a = aa.article
    path = (a.path or "").split("#")[0]
    m = re.search(r"((?:html|txt)/[^/]+)$", path)
    return m.group(1) if m else (a.url or path)


def bench_examples(db: Path) -> None:
    from newsprism.config import load_config
    from newsprism.reconcile.provenance import derive

    config = load_config()
    threshold = float(config.get("reconcile", "reuse_containment"))
    expected = tomllib.loads((EXAMPLES / "expected.toml").read_text("utf-8"))
    analyzed, _ = _analyzed([str(EXAMPLES)], db)
    by_key = {_example_key(aa): aa for aa in analyzed}
    planted = {(d["derived"], d["source"]): d["kind"] for d in expected["derivations"]}
    found, wrong_kind, false, base_found, base_false = 0, 0, [], 0, 0
    seen: set[tuple[str, str]] = set()
    for story in expected["stories"]:
        members = [by_key[k] for k in story["articles"] if k in by_key]
        key_of = {aa.article.id: _example_key(aa) for aa in members}
        for d in derive(members, config=config):
            pair = (key_of[d.derived], key_of[d.source])
            seen.add(pair)
            if pair in planted:
                found += 1 if planted[pair] == d.kind else 0
                wrong_kind += 0 if planted[pair] == d.kind else 1
            else:
                false.append((pair, d.kind, d.evidence[:160]))
        for x, y in baseline(members, threshold):
            if (key_of[x], key_of[y]) in planted:
                base_found += 1
            else:
                base_false += 1
    print(f"examples: planted derivations found {found}/{len(planted)} (kind right; {wrong_kind} with another kind), "
          f"false {len(false)}; baseline (containment only): {base_found}/{len(planted)} found, {base_false} false")
    for pair, kind, ev in false:
        print(f"    false: {pair[0]} -> {pair[1]} ({kind}): {ev}")
    for pair, kind in planted.items():
        if pair not in seen:
            print(f"    missed: {pair[0]} -> {pair[1]} ({kind})")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "newsprism-bench-derivations.db"))
    ap.add_argument("--limit", type=int, default=None, help="AllSides: first N events only")
    ap.add_argument("--no-allsides", action="store_true")
    ap.add_argument("--show", type=int, default=8, help="AllSides: print this many derivations with their evidence")
    args = ap.parse_args(argv)
    db = Path(args.db)
    bench_examples(db)
    if not args.no_allsides and ALLSIDES.exists():
        bench_allsides(db, args.limit, args.show)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
