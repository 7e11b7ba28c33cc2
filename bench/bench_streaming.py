"""Streaming story clustering at scale: time per article and memory as the
number of articles seen grows (1k, 10k, 100k).

The articles are synthetic feature records (no spaCy on 100k documents):
stories live for a few days; each article gets a document vector (its
story's centre plus noise), a few of its story's names and places, its
story's date and a publication day.  ~``--per-day`` articles a day arrive in
time order, so the time window (group.time_window_days) holds a bounded
number of them however many have been seen.

    python bench/bench_streaming.py              # 100,000 articles
    python bench/bench_streaming.py --n 10000    # quick mode
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date

import numpy as np


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
        import os

        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return float("nan")


def synthetic_stream(n: int, *, per_day: int, dim: int, seed: int = 0):
    """Yield (features, gold story) in publication order."""
    from newsprism.group.features import DocFeatures

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    start = date(2024, 1, 1).toordinal()
    stories: list[dict] = []
    next_story = 0
    for i in range(n):
        day = start + i // per_day
        stories = [s for s in stories if s["end"] >= day]
        if not stories or rng.random() < 0.15:
            sid = next_story
            next_story += 1
            centre = nrng.standard_normal(dim).astype(np.float32)
            stories.append({
                "id": sid, "end": day + rng.randint(1, 6), "centre": centre / np.linalg.norm(centre),
                "places": [f"place{sid}_{k}" for k in range(3)],
                "people": [f"person{sid}_{k}" for k in range(4)],
                "date": date.fromordinal(day - rng.randint(0, 2)).isoformat(),
            })
        s = rng.choice(stories)
        v = s["centre"] + 0.05 * nrng.standard_normal(dim).astype(np.float32)
        v /= np.linalg.norm(v)
        f = DocFeatures(
            id=f"a{i:07d}", title=f"story {s['id']}", published=date.fromordinal(day).isoformat(), day=day,
            vector=v.astype(np.float32),
            places={p: 1.0 for p in rng.sample(s["places"], 2)},
            entities={p: 1.0 for p in rng.sample(s["people"], 2)},
            dates={s["date"]: s["date"]},
        )
        yield f, s["id"]


def run(n: int, *, per_day: int, dim: int, checkpoints: list[int]) -> list[tuple[int, float, float, int]]:
    from newsprism.config import load_config
    from newsprism.group.cluster import StreamingClusterer

    clusterer = StreamingClusterer(config=load_config(), dim=dim)
    rows = []
    window_start, t_window = 0, time.perf_counter()
    for i, (f, _) in enumerate(synthetic_stream(n, per_day=per_day, dim=dim), start=1):
        clusterer.add(f)
        if i in checkpoints:
            now = time.perf_counter()
            per = (now - t_window) / (i - window_start) * 1000
            rows.append((i, per, _rss_mb(), clusterer.active))
            print(f"{i:>8} articles  {per:6.2f} ms/article (last {i - window_start})  "
                  f"RSS {_rss_mb():7.1f} MB  in window {clusterer.active}", flush=True)
            window_start, t_window = i, now
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--per-day", type=int, default=300)
    p.add_argument("--dim", type=int, default=256)
    args = p.parse_args(argv)
    checkpoints = [c for c in (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000) if c <= args.n]
    if args.n not in checkpoints:
        checkpoints.append(args.n)
    t = time.perf_counter()
    run(args.n, per_day=args.per_day, dim=args.dim, checkpoints=checkpoints)
    print(f"total {time.perf_counter() - t:.1f}s for {args.n} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
