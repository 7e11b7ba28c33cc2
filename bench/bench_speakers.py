"""Speaker accuracy: who said each quote of the examples and the seeds.

Gold: ``bench/data/speakers_gold.toml`` (every quote and piece of reported
speech newsprism finds in examples/ and the three seeds, judged by hand, plus
known misses and spans that are not speech).  For each gold quote the
extracted quote with the same start is looked up; its speaker is right when it
equals the gold speaker or one of its ``also`` forms (case, a leading "the"
and spacing aside).

Baseline beside it, on the same quote spans: the nearest person the spaCy
tagger names before the quote in its sentence or the one before (the usual
first guess of a quote attributor), else no speaker.

    python bench/bench_speakers.py [--show]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tomllib
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench" / "data" / "speakers_gold.toml"
SEEDS = ROOT / ".." / "shared" / "examples" / "seeds"
EXAMPLES = ROOT / "examples"


def _norm(name: str | None) -> str:
    s = unicodedata.normalize("NFKD", name or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"^the\s+", "", " ".join(s.split()))
    return s


def _article_key(article) -> str:
    if article.url:
        return article.url
    path = article.path or ""
    m = re.search(r"((?:html|txt)/[^/]+)$", path)
    return m.group(1) if m else path.rsplit("/", 1)[-1]


def _text_key(text: str, n: int = 60) -> str:
    return " ".join(text.split())[:n]


def _hash(text: str) -> str:
    return hashlib.sha1(" ".join(text.split())[:40].casefold().encode()).hexdigest()[:12]


def _baseline_speaker(doc, start: int) -> str | None:
    sents = list(doc.sents)
    idx = next((k for k, s in enumerate(sents) if s.start_char <= start < s.end_char), 0)
    lo = sents[max(0, idx - 1)].start_char
    best = None
    for e in doc.ents:
        if e.label_ == "PERSON" and lo <= e.start_char < start:
            best = e.text
    return best


def main(argv: list[str] | None = None) -> dict[str, int]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", action="store_true", help="print every wrong or missed quote")
    args = ap.parse_args(argv)

    from newsprism.analyze import analyze_articles
    from newsprism.analyze.nlp import load_nlp
    from newsprism.config import load_config
    from newsprism.ingest import ingest_paths

    config = load_config()
    gold = tomllib.loads(GOLD.read_text("utf-8"))["quote"]
    paths = [str(EXAMPLES / "html"), str(EXAMPLES / "txt"), str(EXAMPLES / "feed.jsonl"), str(SEEDS)]
    result = ingest_paths(paths, config=config)
    analyzed = analyze_articles(result.added + result.known, config=config)
    nlp = load_nlp()

    found: dict[tuple[str, str], tuple[str | None, str | None]] = {}  # (article, key) -> (speaker, baseline)
    for aa in analyzed:
        akey = _article_key(aa.article)
        doc = nlp(aa.article.text)
        for q in aa.quotes:
            base = _baseline_speaker(doc, q.start)
            for key in (_text_key(q.text), _hash(q.text)):
                found.setdefault((akey, key), (q.speaker, base))

    right = wrong = missed = base_right = n = not_quote = taken_not_quote = 0
    lines = []
    matched: set[tuple[str, str]] = set()
    for g in gold:
        key = g.get("key") or _text_key(g["text"])
        hit = found.get((g["article"], key))
        if hit is None and "text" in g:  # the gold's start, cut where a word ends
            want = _text_key(g["text"])
            key = next((k for a, k in found if a == g["article"] and k.startswith(want)), key)
            hit = found.get((g["article"], key))
        label = g.get("text") or f"{g['article']} quote {key}"
        if g.get("not_quote"):
            not_quote += 1
            if hit is not None:
                taken_not_quote += 1
                matched.add((g["article"], key))
                lines.append(f"  taken for speech: {label[:70]!r} (speaker {hit[0]!r})")
            continue
        n += 1
        if hit is None:
            missed += 1
            lines.append(f"  missed: {label[:70]!r} (gold {g['speaker']!r})")
            continue
        matched.add((g["article"], key))
        ok = {_norm(g["speaker"]), *(_norm(x) for x in g.get("also", []))}
        if _norm(hit[0]) in ok:
            right += 1
        else:
            wrong += 1
            lines.append(f"  wrong: {label[:70]!r}: {hit[0]!r}, gold {g['speaker']!r}")
        if _norm(hit[1]) in ok:
            base_right += 1
    unjudged = 0
    for aa in analyzed:
        akey = _article_key(aa.article)
        for q in aa.quotes:
            if (akey, _text_key(q.text)) not in matched and (akey, _hash(q.text)) not in matched:
                unjudged += 1
                lines.append(f"  not in the gold: {akey} {_hash(q.text)} {_text_key(q.text)[:50]!r} (speaker {q.speaker!r})")
    found_n = n - missed
    print(f"speaker accuracy, examples + seeds: {right}/{found_n} quotes found ({right / max(1, found_n):.1%}); "
          f"{wrong} wrong; {missed} of {n} gold quotes missed; "
          f"{taken_not_quote} of {not_quote} non-speech spans taken for quotes; {unjudged} quotes not in the gold")
    print(f"baseline (nearest PERSON before the quote, same or previous sentence): {base_right}/{found_n} "
          f"({base_right / max(1, found_n):.1%})")
    if args.show or wrong or taken_not_quote:
        print("\n".join(lines))
    return {"right": right, "wrong": wrong, "missed": missed, "found": found_n, "unjudged": unjudged,
            "taken_not_quote": taken_not_quote}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
