"""Ingest benchmark: speed (articles per second) and what cleaning does to
clean, edited news text (it should do almost nothing).

Corpora (read from ../shared/benchmarks beside the repository):
- PolNeAR dev texts (Newell, Margolin & Ruths, LREC 2018): 84 political news
  articles, first line the title; metadata.tsv gives title and wire agency,
  so title and agency detection are scored too.
- ECB+ topics 1-35 (Cybulska & Vossen, LREC 2014): the token text of every
  document, re-joined into plain text.
- Optionally (--big) one synthetic 50 MB text file: time and peak memory.

Run: python bench/bench_ingest.py [--big]
Speed figures depend on the machine's load; re-run on a quiet machine.
"""

from __future__ import annotations

import argparse
import csv
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from newsprism.config import load_config
from newsprism.ingest import ingest_bytes, ingest_paths
from newsprism.store import Store

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / ".." / "shared" / "benchmarks"
POLNEAR = BENCH / "polnear-dev"
sys.path.insert(0, str(Path(__file__).resolve().parent))  # run, or loaded by path, without bench/ on the path
from ecbplus import ALL_TOPICS, DATA as ECB, documents  # noqa: E402


def ecb_texts() -> list[tuple[str, str]]:
    out = []
    for doc in documents(ALL_TOPICS):
        lines = []
        for toks in doc.sentence_words().values():
            line = " ".join(toks)
            line = re.sub(r" ([.,;:!?%)\]'’]|n't|'s)", r"\1", line).replace("( ", "(")
            if line.startswith("http"):
                line = line.replace(" ", "")  # the tokenizer split the URL apart
            lines.append(line)
        out.append((doc.path.name, "\n\n".join(lines)))
    return out


def report_cleaning(label: str, articles) -> None:
    removed = Counter(r.rule for a in articles for r in a.removed)
    repairs = Counter(r.rule.split(":")[0] + ":" + r.rule.split(":")[1].split("<")[0] for a in articles for r in a.repairs
                      if not r.rule.startswith("normalize:"))
    chars = sum(len(a.text) for a in articles)
    print(f"  {label}: {len(articles)} articles, {chars} chars; lines removed {sum(removed.values())} "
          f"{dict(removed.most_common())}; word repairs {sum(repairs.values())} {dict(repairs)}")


def bench_polnear(config) -> None:
    files = sorted((POLNEAR / "text").glob("*.txt"))
    meta = {row["filename"]: row for row in csv.DictReader(open(POLNEAR / "metadata.tsv"), delimiter="\t")}
    ingest_paths([str(files[0])], config=config)  # warm up lazy imports and models
    start, cpu = time.perf_counter(), time.process_time()
    result = ingest_paths([str(f) for f in files], config=config)
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"PolNeAR dev: {len(files)} files in {took:.2f} s = {len(files) / took:.1f} articles/s wall, "
          f"{len(files) / cpu:.1f} articles per CPU-second; errors {len(result.errors)}")
    report_cleaning("cleaning", result.articles)
    norm = lambda s: " ".join((s or "").replace("’", "'").rstrip(". ").split()).lower()  # noqa: E731
    titles = sum(norm(a.title) == norm(meta[Path(a.path).stem]["title"]) for a in result.articles)
    print(f"  title = metadata title: {titles}/{len(result.articles)}")
    wires = {Path(a.path).stem: a.agency for a in result.articles}
    gold = {k: v["wire"] for k, v in meta.items() if k in wires}
    tp = sum(1 for k, v in gold.items() if v not in ("None", "NA", "wire") and (wires[k] or "").lower() == v.lower())
    pos_gold = sum(1 for v in gold.values() if v not in ("None", "NA", "wire"))
    pos_pred = sum(1 for k in gold if wires[k])
    print(f"  agency vs metadata wire: {tp} correct of {pos_gold} wire stories; {pos_pred} predicted "
          f"(precision {tp / max(pos_pred, 1):.2f}, recall {tp / max(pos_gold, 1):.2f})")
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "b.db") as store:
            start = time.perf_counter()
            ingest_paths([str(f) for f in files], store=store, config=config)
            first = time.perf_counter() - start
            start = time.perf_counter()
            again = ingest_paths([str(f) for f in files], store=store, config=config)
            rerun = time.perf_counter() - start
    print(f"  with a store: first run {first:.2f} s, re-run {rerun:.2f} s ({len(again.known)} known, "
          f"{len(again.added)} added)")


def bench_ecb(config) -> None:
    docs = ecb_texts()
    start, cpu = time.perf_counter(), time.process_time()
    articles = []
    for name, text in docs:
        articles += ingest_bytes(text.encode(), name + ".txt", config=config)
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"ECB+ topics 1-35: {len(docs)} documents in {took:.2f} s = {len(docs) / took:.1f} articles/s wall, "
          f"{len(docs) / cpu:.1f} articles per CPU-second")
    report_cleaning("cleaning", articles)


def bench_big(config) -> None:
    para = "The council approved the new budget on Tuesday after a long debate about schools and roads."
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dump.txt"
        with open(path, "w") as fh:
            fh.write("Minutes\n\n")
            for i in range(480000):
                fh.write(f"{para} Item {i} records vote {i * 3}.\n\n")
        size = path.stat().st_size
        start = time.perf_counter()
        cpu = time.process_time()
        # Cleaning speed on a dump: the length limit (ingest.max_chars) raised.
        (article,) = ingest_paths([str(path)], config=config.replace(ingest__max_chars=10**8)).added
        print(f"50 MB text file ({size} bytes): {time.perf_counter() - start:.1f} s wall, "
              f"{time.process_time() - cpu:.1f} s CPU; peak RSS "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB; kept {len(article.text)} chars")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", action="store_true", help="also time one 50 MB text file")
    args = parser.parse_args(argv)
    config = load_config(env={})
    if not POLNEAR.is_dir() or not ECB.is_dir():
        print("benchmarks not found beside the repository (../shared/benchmarks)")
        return 1
    if args.big:
        bench_big(config)  # first, so that its peak memory is its own
    bench_polnear(config)
    bench_ecb(config)
    return 0


if __name__ == "__main__":
    sys.exit(main())
