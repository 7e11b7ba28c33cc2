"""Search across the claims and quotes of every story, with the match shown.

A query matches a text when the text holds every word of the query
(case-insensitive; a word matches at the start of a word, so "fight" finds
"fighters").  Each hit carries the text it was found in and the spans of
the match, so that the CLI and the page can show it in context.
"""

from __future__ import annotations

import re
from typing import Any

from .changes import claim_anchor

__all__ = ["search", "highlight"]


def _pattern(query: str) -> list[re.Pattern[str]]:
    words = [w for w in re.split(r"\W+", query.casefold()) if w]
    return [re.compile(r"(?<!\w)" + re.escape(w), re.IGNORECASE) for w in words]


def _spans(text: str, patterns: list[re.Pattern[str]]) -> list[tuple[int, int]] | None:
    spans = []
    for p in patterns:
        found = [(m.start(), m.end()) for m in p.finditer(text)]
        if not found:
            return None
        spans += found
    return sorted(set(spans))


def search(doc: dict[str, Any], query: str, *, limit: int = 200) -> list[dict[str, Any]]:
    """Claims and quotes whose text holds every word of ``query``, in story
    order.  Each hit: ``kind`` (claim | quote), ``story``, ``story_title``,
    ``id`` (claim id; a quote's index in its story), ``anchor`` (claims),
    ``verdict`` (claims), ``speaker`` (quotes), ``text`` (the text matched:
    the claim's, or the report's that holds the match), ``spans``
    ([start, end] of each matched word), ``article``, ``sentence``."""
    patterns = _pattern(query)
    if not patterns:
        return []
    hits: list[dict[str, Any]] = []
    for story in doc.get("stories", []):
        title = story.get("title") or story.get("headline") or story.get("id")
        base = {"story": story.get("id"), "story_title": title}
        for c in story.get("claims", []):
            reports = c.get("reports", [])
            texts = [(c.get("text") or "", reports[0] if reports else {})]
            texts += [(r.get("text") or "", r) for r in reports]
            for text, rep in texts:
                spans = _spans(text, patterns)
                if spans is not None:
                    hits.append({**base, "kind": "claim", "id": c.get("id"),
                                 "anchor": c.get("anchor") or claim_anchor(c), "verdict": c.get("verdict"),
                                 "text": text, "spans": [list(s) for s in spans],
                                 "article": rep.get("article"), "sentence": rep.get("sentence")})
                    break
        for i, q in enumerate(story.get("quotes", [])):
            text = q.get("text") or ""
            spans = _spans(text, patterns)
            if spans is None and q.get("speaker"):
                # "what did the minister say": the speaker's name matches too.
                if _spans(q["speaker"], patterns) is not None:
                    spans = []
            if spans is not None:
                hits.append({**base, "kind": "quote", "id": str(i), "speaker": q.get("speaker"),
                             "text": text, "spans": [list(s) for s in spans],
                             "article": q.get("article"), "sentence": q.get("sentence")})
        if len(hits) >= limit:
            break
    return hits[:limit]


def highlight(text: str, spans: list[list[int]], *, before: str = "«", after: str = "»") -> str:
    """``text`` with each matched span wrapped in ``before``/``after``."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out += [text[pos:start], before, text[start:end], after]
        pos = end
    out.append(text[pos:])
    return "".join(out)
