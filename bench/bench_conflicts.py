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
     python bench/bench_conflicts.py --probe 20-ecb 20_1ecb:7 20_4ecb:5
                                              (where a conflict between those sentences is lost)
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from ecbplus import detokenize, documents  # noqa: E402

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


def _glue_decimals(words: list[str]) -> list[str]:
    """ECB+ splits a decimal written without its zero (".357 caliber", ".38")
    into "." and "357", which the detokenizer writes "a. 357": the point is
    put back on the number, marked so that no rule moves it again."""
    out: list[str] = []
    for w in words:
        if out and out[-1] == "." and re.fullmatch(r"\d+", w) and not (len(out) > 1 and out[-2][-1:].isdigit()):
            out[-1] = "\x00" + w
            continue
        out.append(w)
    return out


def _prose(words: list[str]) -> str:
    text = detokenize(_glue_decimals(words)).strip().replace("\x00", ".")
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


def gold_sides(conflict: dict) -> list[list[dict]]:
    """The gold conflict's sides: its entries grouped by ``groups`` (each
    entry a side of its own when there are none)."""
    entries = conflict["sides"]
    groups = conflict.get("groups") or [[i] for i in range(len(entries))]
    return [[entries[i] for i in g] for g in groups]


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z.]+", " ", text.lower()).strip()


def _side_hits(side: dict, gold_side: list[dict]) -> bool:
    """Whether a reported side holds a sentence of the gold side (or, for a
    gold entry without sentences, its value in one of the entry's documents)."""
    refs = set(map(tuple, side["refs"]))
    for e in gold_side:
        if any((e["doc"], n) in refs for n in e.get("sentences", [])):
            return True
        if not e.get("sentences") and any(d == e["doc"] for d, _ in refs) and \
                _norm(e["value"]) in _norm(side["value"]):
            return True
    return False


def matches(reported: dict, gold: dict) -> bool:
    """Two sides of the reported conflict hold sentences of two different
    gold sides."""
    gsides = gold_sides(gold)
    hits = [{g for g, gs in enumerate(gsides) if _side_hits(side, gs)} for side in reported["sides"]]
    for i, a in enumerate(hits):
        for b in hits[i + 1:]:
            if any(x != y for x in a for y in b):
                return True
    return False


def score(reported: dict[str, list[dict]], gold: dict) -> dict:
    conflicts = gold.get("conflict", [])
    tp, false, found = 0, [], set()
    for sid, items in reported.items():
        for c in items:
            # A denial answers a denial only, a figure a figure: the gold's
            # denial and figure conflicts can share sentences, and one
            # reported conflict must not be counted as finding both.
            hit = [n for n, g in enumerate(conflicts) if g["story"] == sid and matches(c, g)
                   and (g.get("kind") == "denial") == (c.get("kind") == "denial")]
            if hit:
                tp += 1
                found.update(hit)
            else:
                false.append((sid, c))
    n_rep = sum(len(v) for v in reported.values())
    return {"reported": n_rep, "true": tp, "gold": len(conflicts), "recalled": len(found),
            "precision": tp / n_rep if n_rep else 1.0, "recall": len(found) / len(conflicts) if conflicts else 1.0,
            "false": false, "missed": [g for n, g in enumerate(conflicts) if n not in found]}


def baseline(stories: dict, analyzed) -> dict[str, list[dict]]:
    """Same noun, different number: for each counted noun of a story, one
    conflict whose sides are its distinct values, when two documents differ."""
    by_path = {a.article.path: a for a in analyzed}
    out: dict[str, list[dict]] = {}
    for sid, docs in stories.items():
        noun: dict[str, dict[float, list]] = {}
        for name, _, spans in docs:
            a = by_path[f"{sid}/{name}.txt"]
            for q in a.quantities:
                if q.value is None or not q.counted or q.counted == "age":
                    continue
                sent = a.sentences[q.sentence]
                n = sent.index if spans is None else next((n for lo, hi, n in spans if lo <= sent.start < hi + 2), -1)
                noun.setdefault(q.counted, {}).setdefault(q.value, []).append((name, n, q.text))
        out[sid] = []
        for counted, values in noun.items():
            docs_ = {d for refs in values.values() for d, _, _ in refs}
            if len(values) > 1 and len(docs_) > 1:
                out[sid].append({"about": counted, "slot": "how_many", "kind": "", "sides": [
                    {"value": refs[0][2], "refs": [(d, n) for d, n, _ in refs]} for refs in values.values()]})
    return out


def probe(sid: str, wanted: list[str], stories: dict, analyzed) -> None:
    """Print where a missed conflict is lost: for each sentence ("doc:number")
    the figures and dates analyze read and the claim slots made of them, the
    observations find_conflicts compares (concept, state, range), the masked
    pair score of every two of them, and what the story reports."""
    import newsprism.reconcile as rec
    from newsprism.config import load_config
    from newsprism.reconcile import verdicts
    from newsprism.reconcile.conflicts.events import _event_of
    from newsprism.reconcile.conflicts.masked import _masked_pairs
    from newsprism.reconcile.conflicts.observe import _observations

    want = {(d, int(n)) for d, n in (w.rsplit(":", 1) for w in wanted)}
    captured: dict = {}
    real = verdicts.find_conflicts

    def spy(units, groups, **kw):
        captured.update(units=units, groups=groups)
        return real(units, groups, **kw)

    rec.find_conflicts = spy
    try:
        reported = run_stories({sid: stories[sid]}, analyzed)[sid]
    finally:
        rec.find_conflicts = real
    by_path = {a.article.path: a for a in analyzed}
    where = {}
    for name, _, spans in stories[sid]:
        a = by_path[f"{sid}/{name}.txt"]
        for sent in a.sentences:
            n = sent.index if spans is None else next((n for lo, hi, n in spans if lo <= sent.start < hi + 2), -1)
            where[(a.article.id, sent.index)] = (name, n)
    units, groups = captured["units"], captured["groups"]
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    chosen = {id(u) for u in units if where.get((u.article, u.sentence)) in want}
    for i, u in enumerate(units):
        if id(u) not in chosen:
            continue
        print(f"unit {i} {where[(u.article, u.sentence)]} aligned with {groups[group_of[i]]}: {u.text[:200]}")
        for q in u.slots.get("how_many", []):
            print("   count:", {k: q.get(k) for k in ("text", "value", "counted", "concept", "contexts", "predicate")})
        for w in u.slots.get("when", []):
            print("   date:", {k: w.get(k) for k in ("text", "value", "event")})
    settings = load_config().reconcile
    obs = _observations(units, group_of, margin=settings.hedge_margin, window=settings.context_window)
    parses: dict = {}
    for o in obs:
        if id(o.unit) in chosen:
            # The event class the stricter path of event counts reads ([event_counts]).
            event = _event_of(o, parses) if o.slot == "how_many" else None
            print(f"   compared: {where[(o.unit.article, o.unit.sentence)]} {o.slot} {o.topic!r} states {o.states} "
                  f"range {o.span} {o.value!r}{' (vague)' if o.vague else ''}"
                  f"{' (estimate)' if o.hedged else ''} event class {event}")
    mine = [o for o in obs if id(o.unit) in chosen]
    for a, b, score in _masked_pairs(units, mine, threshold=0.0):
        print(f"   masked pair {a.value!r} / {b.value!r}: {score:.3f} "
              f"(needed {settings.conflict_masked_threshold})")
    for c in reported:
        print(f"   reported [{c['kind'] or c['slot']}] {c['about']}: "
              + " vs ".join(f"{x['value']!r} {x['refs']}" for x in c["sides"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--stories", nargs="*", help="score only these story ids (to look at a few quickly)")
    ap.add_argument("--probe", nargs="+", metavar=("STORY", "DOC:SENTENCE"),
                    help="print where a conflict between these sentences of one story is lost, and stop")
    args = ap.parse_args(argv)
    gold = load_gold(Path(args.gold))
    if args.probe:
        args.stories = args.probe[:1]
    if args.stories:
        gold = {"story": [s for s in gold.get("story", []) if s["id"] in args.stories],
                "conflict": [c for c in gold.get("conflict", []) if c["story"] in args.stories]}
    stories = stories_of(gold)
    t0 = time.time()
    analyzed = analyze(stories, OUT / f"conflicts_{_analyzer_key()}.db")
    print(f"analyzed {len(analyzed)} documents in {time.time() - t0:.0f} s")
    if args.probe:
        probe(args.probe[0], args.probe[1:], stories, analyzed)
        return 0
    t1 = time.time()
    reported = run_stories(stories, analyzed)
    print(f"reconciled {len(reported)} stories in {time.time() - t1:.0f} s")
    rows = [("newsprism", score(reported, gold)), ("baseline: same noun, different number",
                                                    score(baseline(stories, analyzed), gold))]
    print(f"{len(stories)} stories, {len(gold.get('conflict', []))} gold conflicts")
    print(f"{'method':40} {'reported':>8} {'true':>5} {'P':>6} {'R':>6}")
    for name, r in rows:
        print(f"{name:40} {r['reported']:8d} {r['true']:5d} {r['precision']:6.2f} {r['recall']:6.2f}")
    split_of = {st["id"]: st.get("split", "read while building") for st in gold.get("story", [])}
    for split in dict.fromkeys(split_of.values()):
        ids = [sid for sid in stories if split_of.get(sid) == split]
        sub = score({sid: reported.get(sid, []) for sid in ids},
                    {"conflict": [g for g in gold.get("conflict", []) if g["story"] in ids]})
        print(f"  {split}: {len(ids)} stories, {sub['gold']} gold, reported {sub['reported']}, true {sub['true']}, "
              f"P {sub['precision']:.2f}, R {sub['recall']:.2f}")
    per_story = {}
    for sid in stories:
        r = score({sid: reported.get(sid, [])}, {"conflict": [g for g in gold.get("conflict", []) if g["story"] == sid]})
        per_story[sid] = r
    worst = min(per_story.items(), key=lambda kv: (kv[1]["precision"], kv[1]["recall"]))
    print(f"worst story: {worst[0]} (P {worst[1]['precision']:.2f}, R {worst[1]['recall']:.2f})")
    r = rows[0][1]
    for sid, c in r["false"]:
        sides = " vs ".join(f"{s['value']!r}" for s in c["sides"])
        print(f"  false: {sid} [{c['kind'] or c['slot']}] {c['about']}: {sides}")
    for g in r["missed"]:
        print(f"  missed: {g['story']} [{g['kind']}] {g['note']}")
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
