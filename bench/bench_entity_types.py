"""Entity types: newsprism's vote and rules vs the raw NER majority.

    python bench/bench_entity_types.py

Gold: bench/data/entity_types_gold.toml, entity name -> coarse type (person,
place, group, nationality, other), written by reading the seed articles
(/work/shared/examples/seeds, beside the repository) and the project's
example corpus (examples/).  Each corpus runs through the whole pipeline
(ingest, analyze, group, reconcile) into a temporary database, with the
default settings; each gold name is matched, case aside, against the name
and the variants of every entity of the export.

Two systems on the same entities:

* newsprism: the entity's ``type`` in the export (one type per entity: vote
  over articles, data rules for name forms and place cues);
* baseline: spaCy alone (the same model and entity-ruler patterns), the most
  frequent label it gives, in the entity's articles, to the spans spelled
  like one of the entity's variants (no span: no type, counted wrong).

Labels map to coarse types: PERSON -> person; GPE, LOC, FAC -> place; ORG ->
group; NORP -> nationality; anything else -> other.  A gold name that
matches several entities (a missed merge) scores each of them; a gold name
that matches none is reported as missing and counted wrong for both.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

GOLD = ROOT / "bench" / "data" / "entity_types_gold.toml"
CORPORA = {"seeds": ROOT / ".." / "shared" / "examples" / "seeds", "examples": ROOT / "examples"}
COARSE = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "group", "NORP": "nationality"}


def coarse(label: str | None) -> str:
    if not label:
        return "none"
    return COARSE.get(label, "other")


def _key(text: str) -> str:
    text = text.strip().replace("’", "'")
    for art in ("the ", "The "):
        text = text.removeprefix(art)
    return text.removesuffix("'s").casefold()


def run_corpus(path: Path, gold: dict[str, str], nlp) -> list[tuple[str, str, str, str, str]]:
    """(gold name, gold type, newsprism type, baseline type, entity name) per match."""
    from newsprism.pipeline import run

    with tempfile.TemporaryDirectory() as tmp:
        _, result = run([str(path)], db=Path(tmp) / "bench.db")
    texts = {a.article.id: a.article.text for a in result.analyzed}
    raw: dict[str, list[tuple[str, str]]] = {}
    for aid, text in texts.items():
        raw[aid] = [(_key(e.text), e.label_) for e in nlp(text).ents]
    entities = [e for s in result.document["stories"] for e in s.get("entities", [])]
    rows = []
    for name, want in gold.items():
        hits = [e for e in entities if _key(name) in {_key(v) for v in [e["name"], *e.get("variants", [])]}]
        if not hits:
            rows.append((name, want, "missing", "missing", ""))
            continue
        for e in hits:
            spellings = {_key(v) for v in e.get("variants", [])} | {_key(e["name"])}
            labels = Counter(lab for aid in e.get("articles", []) for k, lab in raw.get(aid, []) if k in spellings)
            base = labels.most_common(1)[0][0] if labels else None
            rows.append((name, want, coarse(e.get("type")), coarse(base), e["name"]))
    return rows


def main() -> int:
    from newsprism.analyze.nlp import load_nlp

    gold = tomllib.loads(GOLD.read_text("utf-8"))
    nlp = load_nlp()
    t0 = time.perf_counter()
    total = {"newsprism": [0, 0], "baseline": [0, 0]}
    print(f"{'corpus':10} {'gold':>5} {'missing':>8} {'newsprism':>10} {'baseline':>10}")
    errors = []
    for corpus, path in CORPORA.items():
        if not path.is_dir():
            print(f"{corpus}: {path} not found, skipped")
            continue
        rows = run_corpus(path, gold.get(corpus, {}), nlp)
        missing = sum(1 for r in rows if r[2] == "missing")
        ok_n = sum(1 for r in rows if r[2] == r[1])
        ok_b = sum(1 for r in rows if r[3] == r[1])
        n = len(rows)
        total["newsprism"][0] += ok_n
        total["baseline"][0] += ok_b
        total["newsprism"][1] += n
        total["baseline"][1] += n
        print(f"{corpus:10} {len(gold.get(corpus, {})):>5} {missing:>8} {100 * ok_n / n:>9.1f}% {100 * ok_b / n:>9.1f}%"
              f"   ({ok_n}/{n} vs {ok_b}/{n} scored matches)")
        errors += [(corpus, *r) for r in rows if r[2] != r[1]]
    ok_n, n = total["newsprism"]
    ok_b, _ = total["baseline"]
    if n:
        print(f"{'all':10} {'':>5} {'':>8} {100 * ok_n / n:>9.1f}% {100 * ok_b / n:>9.1f}%   ({ok_n}/{n} vs {ok_b}/{n})")
    print(f"time {time.perf_counter() - t0:.1f} s")
    if errors:
        print("\nnewsprism errors (corpus, gold name, gold, newsprism, baseline, entity):")
        for e in errors:
            print("  ", " | ".join(e))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
