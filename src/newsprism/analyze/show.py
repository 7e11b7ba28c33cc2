"""`newsprism show ARTICLE`: one article's analysis as plain text."""

from __future__ import annotations

import textwrap
from collections import defaultdict

from ..model import AnalyzedArticle

__all__ = ["format_analysis"]

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
