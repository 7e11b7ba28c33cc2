"""What the brief puts first, on our own corpus and the seeds: how many key
facts per story, how many of them are page furniture (caption, headline,
dateline, boilerplate), whether the title is a real headline, and how many
timeline dates still lack a year.  Beside a baseline: the previous brief's
first 10 claims (verdict order, then independent sources) and no year
inference.

    python bench/bench_brief.py [PATH ...]   (default: examples/ and ../shared/examples/seeds)

Prints one line per corpus and story.  Furniture is judged by the same
patterns the brief uses (data/reconcile_timeline.toml), so the count is a
check that the filter is applied, not an independent accuracy figure; the
stories' briefs must still be read.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = [REPO / "examples", REPO / ".." / "shared" / "examples" / "seeds"]


def _baseline_top(story: dict, n: int) -> list[dict]:
    order = {"corroborated": 0, "conflicting": 1, "single-source": 2}
    claims = list(enumerate(story["claims"]))
    claims.sort(key=lambda ic: (order.get(ic[1]["verdict"], 3), -int(ic[1].get("independent_sources") or 0),
                                -len(ic[1]["reports"]), ic[0]))
    return [c for _, c in claims[:n]]


def _furniture(claims: list[dict], titles: dict[str, str]) -> int:
    from newsprism.reconcile.furniture import furniture_kind

    return sum(1 for c in claims if any(furniture_kind(r.get("text") or c["text"], title=titles.get(r["article"], ""))
                                        for r in c["reports"]))


def run(path: Path) -> None:
    from newsprism.config import load_config
    from newsprism.data import load_toml
    from newsprism.ingest import ingest_paths
    from newsprism.pipeline import process_store
    from newsprism.store import Store

    cfg = load_config(env={})
    limit = int(load_toml("present_brief.toml")["key_facts"]["limit"])
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "b.db") as store:
        inputs = [str(p) for p in (path / "html", path / "txt", path / "feed.jsonl") if p.exists()] or [str(path)]
        ingest_paths(inputs, store=store, config=cfg)
        doc = process_store(store, config=cfg).document
    arts = {a["id"]: a for a in doc["articles"]}
    titles = {a["id"]: a.get("title") or "" for a in doc["articles"]}
    print(f"{path.name}: {len(doc['articles'])} articles, {len(doc['stories'])} stories")
    for s in doc["stories"]:
        claims = {c["id"]: c for c in s["claims"]}
        key = [claims[c] for c in s["key_facts"]]
        base = _baseline_top(s, limit)
        src = next((arts[a]["meta_sources"].get("title", "") for a in s["articles"]
                    if arts[a].get("title") == s["title"]), "")
        yearless = sum(1 for t in s["timeline"] if t["date"].startswith("--"))
        inferred = sum(1 for t in s["timeline"] if t.get("year_inferred"))
        print(f"  {s['id']} {s['title'][:60]!r} (title from {src or 'grouping'})")
        print(f"    key facts {len(key)} (furniture {_furniture(key, titles)}); baseline: all {len(s['claims'])} "
              f"claims listed (furniture {_furniture(s['claims'], titles)}), its first {len(base)} "
              f"(furniture {_furniture(base, titles)}, conflicting {sum(c['verdict'] == 'conflicting' for c in base)})")
        print(f"    timeline {len(s['timeline'])} events: year inferred {inferred}, still yearless {yearless} "
              f"(baseline, no inference: {yearless + inferred} yearless)")


def main(argv: list[str] | None = None) -> int:
    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])] or [p for p in DEFAULT if p.exists()]
    for p in paths:
        run(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
