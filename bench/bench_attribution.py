"""Attribution on PolNeAR dev: newsprism's quotes.find_attributions against
textacy's direct-quotation extractor, side by side.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates attributions as brat
standoff: Source, Cue and Content spans joined by an E line.  Where an
article has files from more than one annotator, the file of the annotator id
that sorts first is used (a fixed, documented rule; no merging).

Figures (precision / recall / F1):
- attribution: a predicted attribution matches a gold one when their content
  spans overlap and their source spans match (overlap, or exact after trimming
  blanks, punctuation and quote marks); gold attributions without a source are
  left out of this figure;
- cue and content: each predicted span against each gold span, one-to-one.

Halves: the dev articles are split in two by document id (the first byte of
the SHA-1 of the file name, even = half A, odd = half B).  Rules are developed
on half A only (its misses may be read, ``--misses``); half B is the check
that a change generalises.  Every run prints the whole split and both halves.

    python bench/bench_attribution.py [--limit N] [--data DIR] [--misses N]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "benchmarks" / "polnear-dev"

Span = tuple[int, int]


@dataclass
class GoldAttribution:
    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)
    content: list[Span] = field(default_factory=list)


def _spans(offsets: str) -> list[Span]:
    out = []
    for part in offsets.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_brat(path: str | Path) -> list[GoldAttribution]:
    """The attributions of one brat .ann file (T and E lines)."""
    spans: dict[str, tuple[str, list[Span]]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in Path(path).read_text("utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            kind, _, offsets = cols[1].partition(" ")
            spans[cols[0]] = (kind, _spans(offsets))
        elif line.startswith("E") and len(cols) >= 2:
            events.append([tuple(arg.split(":", 1)) for arg in cols[1].split() if ":" in arg])  # type: ignore[misc]
    out = []
    for args in events:
        g = GoldAttribution()
        for role, ref in args:
            if ref not in spans:
                continue
            target = {"Source": g.source, "Cue": g.cue, "Content": g.content}.get(role.split("-")[0])
            if target is not None:
                target.extend(spans[ref][1])
        if g.content or g.cue:
            out.append(g)
    return out


def pick_files(data: Path) -> list[tuple[Path, Path]]:
    """(text, annotation) pairs, one annotation file per article."""
    by_name: dict[str, list[Path]] = {}
    for ann in sorted((data / "attributions").glob("*.ann")):
        name = re.sub(r"_[0-9a-f]{4}$", "", ann.stem)
        by_name.setdefault(name, []).append(ann)
    out = []
    for name, anns in sorted(by_name.items()):
        text = data / "text" / f"{name}.txt"
        if text.exists():
            out.append((text, sorted(anns)[0]))
    return out


_TRIM = " \t\n\"“”‘’'«».,;:!?"


def _trim(text: str, s: Span) -> Span:
    a, b = s
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in _TRIM:
        b -= 1
    return a, b


def _overlap(x: list[Span], y: list[Span]) -> bool:
    return any(a < d and c < b for a, b in x for c, d in y)


def _exact(text: str, x: list[Span], y: list[Span]) -> bool:
    return sorted(_trim(text, s) for s in x) == sorted(_trim(text, s) for s in y)


def _size(x) -> int:
    spans = x if isinstance(x, list) else x.content
    return sum(b - a for a, b in spans)


def _shared(p, g) -> int:
    ps = p if isinstance(p, list) else p.content
    gs = g if isinstance(g, list) else g.content
    return sum(max(0, min(b, d) - max(a, c)) for a, b in ps for c, d in gs)


def _match(pred: list, gold: list, same) -> int:
    """One-to-one matching of the pairs that ``same`` accepts, the pairs
    sharing most characters first (so that a nested prediction does not take
    the gold span a larger one fits better); the number of matched pairs."""
    pairs = [(-_shared(p, g), pi, gi) for pi, p in enumerate(pred) for gi, g in enumerate(gold) if same(p, g)]
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _w, pi, gi in sorted(pairs):
        if pi not in used_p and gi not in used_g:
            used_p.add(pi)
            used_g.add(gi)
    return len(used_p)


@dataclass
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def score_article(text: str, pred: list[GoldAttribution], gold: list[GoldAttribution], counts: dict[str, Counts]) -> None:
    g_src = [g for g in gold if g.source]
    p_src = [p for p in pred if p.source]
    counts["attribution/overlap"].add(
        _match(p_src, g_src, lambda p, g: _overlap(p.content, g.content) and _overlap(p.source, g.source)),
        len(p_src), len(g_src))
    counts["attribution/exact"].add(
        _match(p_src, g_src, lambda p, g: _overlap(p.content, g.content) and _exact(text, p.source, g.source)),
        len(p_src), len(g_src))
    for part in ("cue", "content"):
        ps = [getattr(p, part) for p in pred if getattr(p, part)]
        gs = [getattr(g, part) for g in gold if getattr(g, part)]
        counts[f"{part}/overlap"].add(_match(ps, gs, _overlap), len(ps), len(gs))
        counts[f"{part}/exact"].add(_match(ps, gs, lambda p, g: _exact(text, p, g)), len(ps), len(gs))


def newsprism_predict(doc) -> list[GoldAttribution]:
    from newsprism.analyze.quotes import find_attributions

    out: list[GoldAttribution] = []
    by_cue: dict[int, GoldAttribution] = {}
    for a in find_attributions(doc):
        # '"A," said X. "B."': one cue, one attribution with two content pieces
        # (as PolNeAR annotates it); newsprism keeps them as two quotes.
        if a.cue_start >= 0 and a.cue_start in by_cue:
            by_cue[a.cue_start].content.append((a.content_start, a.content_end))
            continue
        g = GoldAttribution(
            source=[(a.source_start, a.source_end)] if a.source_start >= 0 else [],
            cue=[(a.cue_start, a.cue_end)] if a.cue_start >= 0 else [],
            content=[(a.content_start, a.content_end)],
        )
        if a.cue_start >= 0:
            by_cue[a.cue_start] = g
        out.append(g)
    return out


def textacy_predict(doc) -> list[GoldAttribution]:
    from textacy.extract.triples import direct_quotations

    out = []
    try:
        triples = list(direct_quotations(doc))
    except Exception:  # noqa: BLE001 - the peer fails on some documents; count it as finding nothing
        return out
    for t in triples:
        def bounds(toks):
            toks = list(toks)
            if not toks:
                return []
            return [(min(x.idx for x in toks), max(x.idx + len(x.text) for x in toks))]
        out.append(GoldAttribution(source=bounds(t.speaker), cue=bounds(t.cue),
                                   content=[(t.content.start_char, t.content.end_char)]))
    return out


KEYS = ["attribution/overlap", "attribution/exact", "cue/overlap", "cue/exact", "content/overlap", "content/exact"]


def half(name: str) -> str:
    """"A" (the half rules may be developed on) or "B" (the check), by document id."""
    return "A" if hashlib.sha1(name.encode("utf-8")).digest()[0] % 2 == 0 else "B"


GROUPS = ("all", "A", "B")


def run(data: Path = DATA, limit: int | None = None, misses: list | None = None) -> dict[str, dict]:
    """Scores per group ("all", "A", "B") and system.  ``misses``, when a
    list, receives (article, gold cue text, gold source text) for each gold
    attribution with a source that newsprism does not match, half A only."""
    from newsprism.analyze.nlp import load_nlp

    nlp = load_nlp()
    files = pick_files(data)[: limit or None]
    systems = {"newsprism": newsprism_predict, "textacy": textacy_predict}
    counts = {g: {s: {k: Counts() for k in KEYS} for s in systems} for g in GROUPS}
    sizes = {g: [0, 0] for g in GROUPS}
    texts = [t.read_text("utf-8") for t, _ in files]
    for (path, ann), text, doc in zip(files, texts, nlp.pipe(texts, batch_size=8)):
        gold = read_brat(ann)
        h = half(path.stem)
        for g in ("all", h):
            sizes[g][0] += 1
            sizes[g][1] += len(gold)
        for name, fn in systems.items():
            pred = fn(doc)
            for g in ("all", h):
                score_article(text, pred, gold, counts[g][name])
            if misses is not None and name == "newsprism" and h == "A":
                for gd in gold:
                    if gd.source and not any(_overlap(p.content, gd.content) and _overlap(p.source, gd.source)
                                             for p in pred if p.source):
                        cue = " ".join(text[a:b] for a, b in gd.cue)
                        src = " ".join(text[a:b] for a, b in gd.source)
                        misses.append((path.stem, cue, src))
    return {g: {s: {k: c.prf() for k, c in counts[g][s].items()} for s in systems} for g in GROUPS} | {
        "_n": sizes
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=DATA)
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--misses", type=int, default=0, help="print the N most frequent missed cue words of half A")
    args = p.parse_args()
    if not (args.data / "attributions").is_dir():
        sys.exit(f"no PolNeAR data at {args.data}")
    t0 = time.perf_counter()
    misses: list = []
    res = run(args.data, args.limit, misses if args.misses else None)
    n = res.pop("_n")
    print(f"PolNeAR dev: {n['all'][0]} articles, {n['all'][1]} gold attributions, {time.perf_counter() - t0:.0f} s")
    for g in GROUPS:
        label = {"all": "whole dev split", "A": "half A (development)", "B": "half B (check)"}[g]
        print(f"\n{label}: {n[g][0]} articles, {n[g][1]} gold attributions")
        print(f"{'figure':<22}" + "".join(f"{s + ' P/R/F1':>26}" for s in res[g]))
        for k in KEYS:
            row = "".join(f"{'%.3f / %.3f / %.3f' % res[g][s][k]:>26}" for s in res[g])
            print(f"{k:<22}{row}")
    if args.misses:
        from collections import Counter

        words = Counter(" ".join(cue.lower().split()) for _a, cue, _s in misses)
        print(f"\nhalf A: {len(misses)} gold attributions with a source not matched; most frequent cues:")
        for cue, k in words.most_common(args.misses):
            print(f"  {k:4d}  {cue!r}")


if __name__ == "__main__":
    main()
