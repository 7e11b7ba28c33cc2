"""Page furniture: sentences that are not reporting.

A photo caption ("Civilians flee the town (AFP)."), a headline or a
dateline repeated in the body, wire boilerplate ("All rights reserved").
Cleaning at ingest removes most of it; what is left reaches the claims, and
neither the timeline nor the key facts of a brief may present it as news.
The patterns are data (data/reconcile_timeline.toml, ``[furniture]``).
"""

from __future__ import annotations

import re
from functools import cache

from ..data import load_toml

__all__ = ["furniture_kind"]

_KINDS = ("caption", "boilerplate", "dateline")


@cache
def _patterns() -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    raw = load_toml("reconcile_timeline.toml")["furniture"]
    return tuple((k, tuple(re.compile(p, re.IGNORECASE) for p in raw.get(k, []))) for k in _KINDS)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _run_in(part: list[str], whole: list[str]) -> bool:
    """Whether ``part`` is a run of consecutive words of ``whole``."""
    n = len(part)
    return any(whole[i:i + n] == part for i in range(len(whole) - n + 1))


def _title_cut(title: str, text: str) -> bool:
    """Whether the run starts or ends the title or meets it at one of its
    own headline breaks (";", ":", "?", "."), so that it is one of the
    headlines the title joins, not a phrase out of its middle."""
    words, folded = _words(text), title.casefold()
    at = [m.start() for m in re.finditer(r"\w+", folded)]
    tw = _words(title)
    for i in range(len(tw) - len(words) + 1):
        if tw[i:i + len(words)] != words:
            continue
        before = folded[:at[i]].rstrip()
        end = at[i + len(words) - 1] + len(tw[i + len(words) - 1])
        after = folded[end:].lstrip()
        if (not before or before[-1] in ";:?.") and (not after or after[0] in ";:?."):
            return True
    return False


def furniture_kind(text: str, *, title: str = "") -> str | None:
    """"caption", "boilerplate", "dateline" or "headline" when the sentence
    is page furniture (``title`` is its article's title), else None."""
    text = " ".join((text or "").split())
    if not text:
        return None
    if title:
        tw, sw = _words(title), _words(text)
        extra = int(load_toml("reconcile_timeline.toml")["furniture"]["headline_extra_words"])
        # A title that ingest cut from the first sentence ("... witnesses …")
        # is a prefix of that sentence: the sentence is body text, not a
        # headline, unless it adds next to nothing.
        if tw and sw[: len(tw)] == tw and len(sw) - len(tw) <= extra:
            return "headline"
        # one of the headlines a title joins ("...; Talk compared to ...")
        part_min = int(load_toml("reconcile_timeline.toml")["furniture"]["headline_part_min_words"])
        if len(tw) > len(sw) >= part_min and _run_in(sw, tw) and _title_cut(title, text):
            return "headline"
    for kind, patterns in _patterns():
        if any(p.search(text) for p in patterns):
            return kind
    return None
