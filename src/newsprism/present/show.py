"""Plain-text views for the terminal: `newsprism show ARTICLE` (one
article's analysis), `newsprism compare A B` (a pair's similarity) and the
evidence lines of `newsprism stories`.  Formatting lives in present/, the
stages only compute."""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from ..group.explain import scale_label
from ..group.similarity import DIMENSIONS, UNKNOWN
from ..model import AnalyzedArticle, Similarity

__all__ = ["format_analysis", "format_similarity", "format_story_evidence"]

_WIDTH = 100


def _wrap(text: str, indent: str) -> str:
    flat = " ".join(text.split())
    return textwrap.fill(flat, width=_WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")


def format_analysis(analyzed: AnalyzedArticle) -> str:
    """Metadata, numbered sentences, then mentions, times, quantities, quotes
    and citations, each pointing at its sentence as [n]."""
    art = analyzed.article
    lines: list[str] = []
    lines.append(f"article   {art.id}")
    for label, value in (
        ("path", art.path),
        ("title", art.title),
        ("outlet", art.outlet),
        ("published", art.published),
        ("byline", art.byline),
        ("agency", art.agency),
        ("language", art.language),
        ("url", art.url),
    ):
        if value:
            lines.append(f"{label:<9} {value}")
    emb = analyzed.embeddings
    shape = "none" if emb is None else "x".join(str(n) for n in getattr(emb, "shape", (len(emb),)))
    lines.append(f"analysis  version {analyzed.analyzer_version}, {len(analyzed.sentences)} sentence{'' if len(analyzed.sentences) == 1 else 's'}, "
                 f"embeddings {shape}")

    lines.append("")
    lines.append(f"SENTENCES ({len(analyzed.sentences)})")
    for s in analyzed.sentences:
        lines.append(_wrap(s.text, f"[{s.index}] "))

    lines.append("")
    lines.append(f"MENTIONS ({len(analyzed.mentions)})")
    grouped: dict[tuple[str, str], list[int]] = defaultdict(list)
    rules: dict[tuple[str, str], str] = {}
    for m in analyzed.mentions:
        grouped[(m.label, m.text)].append(m.sentence)
        if m.rule != "model":
            rules[(m.label, m.text)] = m.rule
    for (label, text), sents in sorted(grouped.items()):
        rule = f"  ({rules[(label, text)]})" if (label, text) in rules else ""
        where = ",".join(str(i) for i in sorted(set(sents)))
        lines.append(f"  {label:<8} {text}  [{where}]{rule}")

    lines.append("")
    lines.append(f"TIMES ({len(analyzed.times)})")
    for t in analyzed.times:
        value = t.value or "?"
        if t.end_value:
            value += f"..{t.end_value}"
        flag = "" if t.resolved else "  (unresolved)"
        lines.append(f"  [{t.sentence}] {t.text!r} -> {value} ({t.precision or '?'}){flag}")

    lines.append("")
    lines.append(f"QUANTITIES ({len(analyzed.quantities)})")
    for q in analyzed.quantities:
        rng = f" range {q.low:g}..{q.high:g}" if q.low is not None and q.high is not None else ""
        hedge = f" hedge={q.hedge}" if q.hedge else ""
        val = f"{q.value:g}" if q.value is not None else "?"
        lines.append(f"  [{q.sentence}] {q.text!r} = {val}{rng} {q.counted or ''}{hedge}".rstrip())

    lines.append("")
    lines.append(f"QUOTES ({len(analyzed.quotes)})")
    for q in analyzed.quotes:
        who = q.speaker or "(unattributed)"
        if q.speaker_text and q.speaker_text != q.speaker:
            who += f' (as "{q.speaker_text}")'
        if q.role:
            who += f", {q.role}"
        kind = "direct" if q.direct else "reported"
        cue = f" via '{q.cue}'" if q.cue else ""
        where = ",".join(str(i) for i in (q.sentences or [q.sentence]))
        lines.append(f"  [{where}] {kind}{cue}: {who}")
        lines.append(_wrap(f"\u201c{q.text}\u201d", "      "))

    lines.append("")
    lines.append(f"CITATIONS ({len(analyzed.citations)})")
    for c in analyzed.citations:
        where = ",".join(str(i) for i in c.sentences)
        lines.append(f"  {c.kind:<8} {c.source}  as {c.text!r}  covers [{where}]")
    return "\n".join(lines) + "\n"


_label = scale_label


def format_similarity(sim: Similarity, a: AnalyzedArticle, b: AnalyzedArticle) -> str:
    """Plain-text report for `newsprism compare A B`."""
    lines = [
        f"A  {a.article.id}  {a.article.title or a.article.path}",
        f"B  {b.article.id}  {b.article.title or b.article.path}",
        "",
        "scale: 1 very similar ... 4 very dissimilar (SemEval-2022 Task 8)",
        "",
    ]
    for dim in ("overall", *DIMENSIONS):
        value = getattr(sim, dim)
        known = dim == "overall" or value != UNKNOWN
        lines.append(f"{dim:<10} {value:4.2f}  {_label(value) if known else 'no evidence either way'}")
        for item in sim.evidence.get(dim, []):
            lines.append(f"             - {item}")
    return "\n".join(lines) + "\n"


def format_story_evidence(ev: Mapping[str, Any], *, indent: str = "    ") -> list[str]:
    """The evidence as indented lines for `newsprism stories`."""
    lines = []
    if ev.get("names"):
        lines.append(f"{indent}shared names: " + ", ".join(ev["names"]))
    if ev.get("dates"):
        lines.append(f"{indent}shared dates: " + ", ".join(ev["dates"]))
    if ev.get("terms"):
        lines.append(f"{indent}key terms: " + ", ".join(ev["terms"]))
    if ev.get("pairs"):
        w = ev["weakest"]
        lines.append(f"{indent}pair scores (1 very similar .. 4 very dissimilar): mean {ev['mean']:.2f} over "
                     f"{ev['pairs']} pair{'s' if ev['pairs'] != 1 else ''}; weakest {w['overall']:.2f} "
                     f"({w['label']}) {w['a'][:8]} ~ {w['b'][:8]}"
                     + (": " + "; ".join(w["shared"]) if w["shared"] else ": no name or date in common"))
    if ev.get("hint"):
        lines.append(f"{indent}{ev['hint']}")
    for step in ev.get("steps") or []:
        lines.append(f"{indent}joined: {step['text']}" if step["rule"] not in ("split", "split_specific")
                     else f"{indent}split: {step['text']}")
        if step.get("hint"):
            lines.append(f"{indent}  {step['hint']}")
    return lines
