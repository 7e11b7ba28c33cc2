"""How long the present stage takes: the brief (Markdown, HTML) and the web
UI / API once the document is cached.  Over the project's examples corpus,
ingested into a temporary store by the real pipeline.

    python bench/bench_present.py [--repeat N]

Prints one line per measurement: median and worst of N runs, in ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _time(fn, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs), max(runs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args(argv)

    from fastapi.testclient import TestClient

    from newsprism.config import load_config
    from newsprism.ingest import ingest_paths
    from newsprism.pipeline import process_store
    from newsprism.present import brief
    from newsprism.present.web import create_app
    from newsprism.provider import StoreProvider
    from newsprism.store import Store

    examples = REPO / "examples"
    inputs = [str(p) for p in (examples / "html", examples / "txt", examples / "feed.jsonl") if p.exists()]
    if not inputs:
        print("no examples/ corpus", file=sys.stderr)
        return 1
    cfg = load_config(env={})
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t = time.perf_counter()
        with Store(db) as store:
            ingest_paths(inputs, store=store, config=cfg)
            doc = process_store(store, config=cfg).document
        first = time.perf_counter() - t
        n_sent = sum(len(a["sentences"]) for a in doc["articles"])
        print(f"corpus: {len(doc['articles'])} articles, {n_sent} sentences, {len(doc['stories'])} stories, "
              f"{sum(len(s['claims']) for s in doc['stories'])} claims")
        print(f"ingest + first pipeline run (models load, analyses computed): {first:.1f} s")

        from newsprism.present.search import search
        from newsprism.present.tables import write_tables

        for name, fn in (("render_markdown (whole corpus)", lambda: brief.render_markdown(doc)),
                         ("render_html (whole corpus)", lambda: brief.render_html(doc)),
                         ("search 'fighters' (claims and quotes, whole corpus)", lambda: search(doc, "fighters")),
                         ("CSV tables, all four (whole corpus)", lambda: write_tables(doc, Path(tmp) / "csv"))):
            med, worst = _time(fn, args.repeat)
            print(f"{name}: median {med:.1f} ms, worst {worst:.1f} ms")

        app = create_app(provider=StoreProvider(db, config=cfg), config=cfg)
        # The Host allow-list answers loopback names only (web.allowed_hosts).
        client = TestClient(app, base_url="http://127.0.0.1")
        t = time.perf_counter()
        client.get("/api/stories")
        print(f"web: first request (document from the store's caches): {(time.perf_counter() - t) * 1000:.0f} ms")
        story = max(doc["stories"], key=lambda s: len(s["articles"]))["id"]
        a, b = next(s for s in doc["stories"] if s["id"] == story)["articles"][:2]
        for url in ("/", f"/stories/{story}", f"/articles/{a}", f"/compare?a={a}&b={b}", "/api/stories",
                    f"/api/stories/{story}", f"/api/compare?a={a}&b={b}", "/search?q=fighters",
                    "/api/search?q=fighters"):
            med, worst = _time(lambda: client.get(url).raise_for_status(), args.repeat)
            print(f"GET {url.split('?')[0]}: median {med:.1f} ms, worst {worst:.1f} ms")
        print(f"document computations: {app.state.documents.computations} (1 expected: cached per store state)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
