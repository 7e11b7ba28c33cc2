"""Which of an article's quotes are listed: the brief, the export and the web
show a quote once, not again as a clause of a longer quote of its speaker.
Kept apart from reconcile/ so that present/ reads it without loading the
reconcile stage."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Quote

__all__ = ["outer_quotes"]


def _inside(inner: Quote, outer: Quote) -> bool:
    """Whether ``inner``'s words lie inside ``outer``'s: by their character
    spans in the article when both have one, else by the text within one
    sentence."""
    if 0 <= outer.start < outer.end and 0 <= inner.start < inner.end:
        return outer.start <= inner.start and inner.end <= outer.end
    norm = [" ".join(re.sub(r"[^\w\s]", " ", q.text.lower()).split()) for q in (inner, outer)]
    return inner.sentence == outer.sentence and bool(norm[0]) and norm[0] in norm[1]


def outer_quotes(quotes: Sequence[Quote]) -> list[Quote]:
    """The article's quotes without those that repeat part of a longer quote
    of the same speaker ("stressing that the confrontations were fierce"
    inside "said that militants ... took part, stressing that the
    confrontations were fierce"): the clause is already listed in its
    sentence's quote.  Of two quotes with the same words the first stays.
    A quote without a speaker is kept (an unattributed "We have been failed"
    inside an unattributed longer span is not known to be one person's)."""
    kept = []
    for n, q in enumerate(quotes):
        # Unattributed quotes are no one speaker's: both stay.
        if q.speaker and any(m != n and p.speaker == q.speaker and _inside(q, p)
               and (not _inside(p, q) or m < n) for m, p in enumerate(quotes)):
            continue
        kept.append(q)
    return kept
