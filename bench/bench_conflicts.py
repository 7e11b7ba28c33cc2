"""Conflicts newsprism reports vs a gold we wrote by reading the stories.

Gold: bench/data/conflicts_gold.toml.  Its [[story]] tables list the stories
read in full (ECB+ topic + half, Cybulska & Vossen LREC 2014; and the seeds);
its [[conflict]] tables every true conflict found there, each side as
(document, sentence number, value).  ECB+ sentence numbers are the corpus's
own; seed sentence numbers are newsprism's sentence indices.

A reported conflict is true when it matches a gold conflict of its story:
two of its sides each hold a sentence (or the value) of a different gold
side.  Precision = true reported / reported; recall = gold conflicts matched
/ gold conflicts.  Every story in the gold counts, also those with no true
conflict (where anything reported is false).

Baseline: the conflicts of the previous release's rules are not kept in
the tree; the simple baseline printed beside newsprism reports every pair of
differing numbers of one counted noun across two articles of the story
("same noun, different number").

Run: python bench/bench_conflicts.py          (analyses cached in bench/out/)
     python bench/bench_conflicts.py --show   (print every reported conflict)
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
import tomllib
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from ecbplus import DATA, detokenize, documents  # noqa: E402

GOLD = HERE / "data" / "conflicts_gold.toml"
SEEDS = HERE.parent.parent / "shared" / "examples" / "seeds"
OUT = HERE / "out"


# ECB+ splits "100,000", "12:00", "2.5", "four-by-four" and "a.m." into tokens;
# the article had them whole, and figures are read from the prose.
_REJOIN = [
    (re.compile(r"(\d), (\d{3})\b"), r"\1,\2"),
    (re.compile(r"(\d)\. (\d)"), r"\1.\2"),
    (re.compile(r"(\d): (\d\d)"), r"\1:\2"),
    (re.compile(r"(\w) - (?=\w)"), r"\1-"),
    (re.compile(r"\b([ap])\. m\."), r"\1.m."),
]


def _prose(words: list[str]) -> str:
    text = detokenize(words).strip()
    for pattern, repl in _REJOIN:
        while True:
            new = pattern.sub(repl, text)
            if new == text:
                break
            text = new
    return text


def _ecb_text(doc) -> tuple[str, list[tuple[int, int, int]]]:
    """Text of an ECB+ document and (start, end, sentence number) of each sentence."""
    parts, spans, pos = [], [], 0
    for s, words in sorted(doc.sentence_words().items()):
        sentence = _prose(words)
        if sentence and sentence[-1] not in ".!?\"'”’":
            sentence += "."
        spans.append((pos, pos + len(sentence), s))
        parts.append(sentence)
        pos += len(sentence) + 2
    return "\n\n".join(parts), spans


def load_gold(path: Path = GOLD) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def _analyzer_key() -> str:
    """Hash of the analyze code and data: the cache is rebuilt when they change."""
    root = HERE.parent / "src" / "newsprism"
    h = hashlib.sha256()
    data = [root / "data" / f for f in ("quantities_rules.toml", "dates_rules.toml")]
    for p in sorted([*(root / "analyze").glob("*.py"), *(root / "data").glob("analyze_*.toml"), *data]):
        h.update(p.read_bytes())
    return h.hexdigest()[:10]


def stories_of(gold: dict) -> dict[str, list[tuple[str, str, list[tuple[int, int, int]] | None]]]:
    """Story id -> [(doc name, text, sentence spans or None)]."""
    out: dict[str, list] = {}
    for st in gold.get("story", []):
        sid = st["id"]
        if st.get("source") == "seeds":
            out[sid] = [(p.stem, p.read_text(encoding="utf-8"), None) for p in sorted(SEEDS.glob("*.txt"))]
            continue
        topic, half = sid.split("-")
        out[sid] = []
        for doc in documents([int(topic)], half=half):
            text, spans = _ecb_text(doc)
            out[sid].append((doc.name, text, spans))
    return out


def analyze(stories: dict, db: Path):
    from newsprism.analyze import analyze_articles
    from newsprism.config import load_config
    from newsprism.model import Article
    from newsprism.store import Store

    config = load_config()
    articles = []
    for sid, docs in stories.items():
        for name, text, _ in docs:
            aid = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
            articles.append(Article(id=aid, path=f"{sid}/{name}.txt", text=text, title=name, language="en",
                                    format="txt"))
    db.parent.mkdir(parents=True, exist_ok=True)
    with Store(db) as store:
        for a in articles:
            if store.article(a.id) is None:
                store.add_article(a)
        analyzed = analyze_articles(articles, config=config, store=store)
    return analyzed


def run_stories(stories: dict, analyzed) -> dict[str, list[dict]]:
    """Story id -> the conflicts newsprism reports, each side's sentences as
    (doc name, sentence number in the gold's numbering)."""
    from newsprism.model import Story
    from newsprism.reconcile import reconcile_story

    by_path = {a.article.path: a for a in analyzed}
    out: dict[str, list[dict]] = {}
    for sid, docs in stories.items():
        arts, where = [], {}
        for name, _, spans in docs:
            a = by_path[f"{sid}/{name}.txt"]
            arts.append(a)
            for sent in a.sentences:
                number = sent.index
                if spans is not None:  # ECB+: the corpus sentence holding this one's start
                    number = next((n for lo, hi, n in spans if lo <= sent.start < hi + 2), -1)
                where[(a.article.id, sent.index)] = (name, number)
        report = reconcile_story(Story(id=sid, articles=[a.article.id for a in arts]), arts)
        out[sid] = [{
            "about": c.about, "slot": c.slot, "kind": c.kind,
            "sides": [{"value": side.value,
                       "refs": [where.get((r.article, r.sentence), ("?", -1)) for r in side.sentences]}
                      for side in c.sides],
        } for c in report.conflicts]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args(argv)
    gold = load_gold(Path(args.gold))
    stories = stories_of(gold)
    t0 = time.time()
    analyzed = analyze(stories, OUT / f"conflicts_{_analyzer_key()}.db")
    print(f"analyzed {len(analyzed)} documents in {time.time() - t0:.0f} s")
    t1 = time.time()
    reported = run_stories(stories, analyzed)
    print(f"reconciled {len(reported)} stories in {time.time() - t1:.0f} s")
    if args.show:
        for sid, conflicts in reported.items():
            for c in conflicts:
                print(f"{sid} [{c['kind'] or c['slot']}] {c['about']}")
                for side in c["sides"]:
                    refs = ", ".join(f"{d}#{n}" for d, n in side["refs"])
                    print(f"    {side['value']!r:40} {refs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
