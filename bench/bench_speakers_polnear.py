"""Shown speakers on fresh news: of the quotes the brief shows WITH a speaker,
how many name the right one (PolNeAR dev, Newell, Margolin & Ruths, LREC 2018).

Gold: ``bench/data/speakers_polnear_gold.toml``, a seeded random sample of the
quotes merged main (f945d46) showed with a speaker, each judged by reading the
article before the speaker rules were changed: 60 of half B (the check half of
bench_attribution.py, never used to develop rules) and 40 of half A (the
development sample).  A sampled quote is placed in its article's text by the
hash of its first 40 characters (the opening the gold was sampled at), then
looked up in a fresh analysis by span: the listed quote (the brief's) whose
characters overlap that opening most.  A quote since split around its cue
("Many of the visitors were older, she said, and ...") is still found by its
first side; one that lies inside a longer quote of its speaker is found as
that quote, which is what the brief lists.

- shown: the quote is still found and the brief gives it a speaker (an entity
  name, else the speaker phrase); "unattributed" or left out is not shown;
- right: shown, the span is speech (the gold's verdict is not ``not_speech``)
  and the speaker is the gold's (or one of its ``also`` forms).

The figure is precision-first: a wrong speaker is a false statement, a quote
no longer shown is a missing one (counted apart, with the quotes that are no
longer found at all).  Speakers are resolved per article (the entities of the
article alone), which is what the brief shows for a story of one article.

Baseline beside it, on the same spans: the nearest person the spaCy tagger
names before the quote in its sentence or the one before.

    python bench/bench_speakers_polnear.py [--show]
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench" / "data" / "speakers_polnear_gold.toml"


def _openings(text: str, keys: set[str]) -> dict[str, tuple[int, int]]:
    """Where in ``text`` the quotes of ``keys`` open: key -> (start, end) of
    the characters whose first 40 (whitespace collapsed, case folded) hash
    to the key, the first place they do."""
    from bench.bench_speakers import _hash

    out: dict[str, tuple[int, int]] = {}
    for start in range(len(text)):
        if text[start].isspace() or (start and text[start - 1].isalnum() and text[start].isalnum()):
            continue  # a quote opens at a word's start
        # Its first 40 characters (runs of whitespace count as one), or all
        # of a shorter quote: every word end up to there.
        end, seen, ends = start, 0, []
        while end < len(text) and seen < 40:
            seen += not (text[end].isspace() and text[end - 1].isspace())
            end += 1
            if end == len(text) or not text[end].isalnum() or not text[end - 1].isalnum():
                ends.append(end)
        for stop in dict.fromkeys([*ends, end]):
            key = _hash(text[start:stop])
            if key in keys and key not in out:
                out[key] = (start, stop)
    return out


def main(argv: list[str] | None = None) -> dict[str, dict[str, int]]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", action="store_true", help="print every sampled quote not shown right")
    args = ap.parse_args(argv)

    from bench.bench_grouping import load_polnear
    from bench.bench_speakers import _baseline_speaker, _hash, _norm
    from newsprism.analyze.nlp import load_nlp
    from newsprism.reconcile import story_quotes
    from newsprism.reconcile.entities import resolve_entities

    gold = tomllib.loads(GOLD.read_text("utf-8"))["quote"]
    wanted = {g["article"] for g in gold}
    analyzed, name = load_polnear(meta=True)
    nlp = load_nlp()
    keys: dict[str, set[str]] = {}
    for g in gold:
        keys.setdefault(g["article"], set()).add(g["key"])
    found: dict[tuple[str, str], tuple[str | None, str | None]] = {}  # (article, key) -> (shown, baseline)
    for aa in analyzed:
        doc_id = name[aa.article.id]
        if doc_id not in wanted:
            continue
        entities, mention_entity = resolve_entities([aa])
        entity_name = {e.id: e.name for e in entities}
        doc = nlp(aa.article.text)
        rows = story_quotes([aa], mention_entity=mention_entity, entities=entities)
        listed = []  # (quote, shown speaker): the quotes the brief lists, in order
        for q in aa.quotes:
            if rows and (rows[0]["text"], rows[0]["sentence"]) == (q.text, q.sentence):
                row = rows.pop(0)
                listed.append((q, entity_name.get(row["entity"]) or (row["speaker"] or "").strip() or None))
        for key, (lo, hi) in _openings(aa.article.text, keys[doc_id]).items():
            overlap = [(min(hi, q.end) - max(lo, q.start), q, shown) for q, shown in listed
                       if 0 <= q.start < q.end and q.start < hi and lo < q.end]
            if overlap:
                # The most overlap; of equals, the quote that opens where the
                # sampled one did (an inner quote of another speaker).
                _, _, q, shown = max(((n, -abs(q.start - lo), q, shown) for n, q, shown in overlap),
                                     key=lambda x: x[:2])
                found[(doc_id, key)] = (shown, _baseline_speaker(doc, q.start))
        for q, shown in listed:
            # A quote without a span in the text: by its own opening.
            found.setdefault((doc_id, _hash(q.text)), (shown, _baseline_speaker(doc, q.start)))

    out: dict[str, dict[str, int]] = {}
    lines = []
    for half in ("A", "B"):
        c = {"n": 0, "shown": 0, "right": 0, "gone": 0, "base_shown": 0, "base_right": 0}
        for g in (g for g in gold if g["half"] == half):
            c["n"] += 1
            ok = {_norm(g["speaker"]), *(_norm(x) for x in g.get("also", []))} - {""}
            speech = g["verdict"] != "not_speech"
            hit = found.get((g["article"], g["key"]))
            if hit is None:
                c["gone"] += 1
                lines.append(f"  {g['id']}: no longer found (was {g['shown']!r}, {g['verdict']})")
                continue
            shown, base = hit
            if base:
                c["base_shown"] += 1
                c["base_right"] += speech and _norm(base) in ok
            if not shown:
                lines.append(f"  {g['id']}: now unattributed (was {g['shown']!r}, {g['verdict']})")
                continue
            c["shown"] += 1
            if speech and _norm(shown) in ok:
                c["right"] += 1
            else:
                lines.append(f"  {g['id']}: shown {shown!r}, gold {g['speaker']!r} ({g['verdict']})")
        out[half] = c
        print(f"half {half}: shown speakers right {c['right']}/{c['shown']} "
              f"({c['right'] / max(1, c['shown']):.1%}) of {c['n']} sampled quotes shown with a speaker "
              f"on merged main; {c['n'] - c['shown'] - c['gone']} now unattributed, {c['gone']} no longer found")
        print(f"half {half} baseline (nearest PERSON before the quote): right {c['base_right']}/{c['base_shown']} "
              f"({c['base_right'] / max(1, c['base_shown']):.1%})")
    if args.show:
        print("\n".join(lines))
    return out


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    main()
