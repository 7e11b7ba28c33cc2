"""Updates, not disputes: rising tolls, undated cumulative counts, one
source's or one operation's own statements of a count, and one
disagreement found twice."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from ..ages import ages_fit_dates
from ..claims import is_story_event, load_data
from .observe import _Obs, _figure_span, _update_rules
from .referents import _running_total
from .sources import _own_sources

__all__ = ["_aged_between", "_cumulative_across_days", "_one_operation", "_one_statement", "_rising", "_subsumes",
           "_undated_cumulative"]


def _subsumes(big: Sequence[Sequence[_Obs]], small: Sequence[Sequence[_Obs]], *, strict: bool) -> bool:
    """Whether every side of ``small`` lies within its own side of ``big``
    (``strict``: and ``big`` holds more)."""
    big_sets = [{id(o) for o in s} for s in big]
    used: set[int] = set()
    for s in small:
        ids = {id(o) for o in s}
        match = next((i for i, b in enumerate(big_sets) if i not in used and ids <= b), None)
        if match is None:
            return False
        used.add(match)
    return not strict or sum(map(len, big_sets)) > sum(len(s) for s in small)


def _aged_between(sides: Sequence[Sequence[_Obs]]) -> bool:
    """Whether every two ages of one person on different sides fit the
    publication dates of their reports: one person growing older between
    reports, not a dispute (reconcile/ages.py).  One pair left unexplained
    (a side undated, two ages given on one day) keeps the conflict."""
    return all(ages_fit_dates(o.span[0], o.unit.published, p.span[0], p.unit.published)
               for n, s in enumerate(sides) for t in sides[n + 1:] for o in s for p in t)


def _undated_cumulative(sides: Sequence[Sequence[_Obs]], context: str | None) -> bool:
    """A cumulative count (a toll, arrests) with a side of no publication
    date: a rise cannot be told from a disagreement (``undated_suffix``)."""
    cumulative = _update_rules()[0]
    contexts = {context} if context else set.intersection(*({c for o in s for c in o.contexts} for s in sides))
    return bool(contexts & cumulative) and any(not any(o.unit.published for o in s) for s in sides)


def _cumulative_across_days(sides: Sequence[Sequence[_Obs]], context: str) -> bool:
    """A cumulative count gathered from across the story whose sides were
    first reported on different days: one night's arrest and the third
    night's 46 cannot be told from a figure that rose, so, like undated
    figures, they are compared only as one source's statement of one count.
    A side that gives a running count ("the number killed has risen to 35",
    "the death toll", "so far") says that it covers the earlier figure."""
    if context not in _update_rules()[0]:
        return False
    aggregate = frozenset(load_data("verdicts_quantities").get("aggregate", {}).get("nouns", []))
    if any(_running_total(o) or aggregate & {lem for _, _, lem in o.unit.tokens} for s in sides for o in s):
        return False
    firsts = {min(o.unit.published[:10] for o in s if o.unit.published) for s in sides
              if any(o.unit.published for o in s)}
    return len(firsts) > 1


def _speakers(o: _Obs, parses: dict[str, Any]) -> frozenset[str]:
    """Who gives the figure, lower-cased ("police" of "Police said 12 ...")."""
    return frozenset(w.lower() for w in _own_sources(o.unit, o.start, parses) if w)


def _one_statement(sides: Sequence[Sequence[_Obs]], parses: dict[str, Any]) -> list[list[_Obs]]:
    """The figures of each side that state the same thing as a figure of
    another side in another article: the same source saying it ("Police
    said 12 people were injured" / "Police said 18 people had been
    injured"), under the same verb, and neither sentence dating its event.
    One source's two figures of one count cannot both be its last word,
    whatever the day each was written; figures of several sources or verbs
    gathered from across a story (one night's arrest, the week's 46) can.
    Sides left with no such figure are dropped."""
    if not _update_rules()[3]:
        return []
    def undated(o: _Obs) -> bool:
        return not any(w.get("range") and is_story_event(w.get("event")) for w in o.unit.slots.get("when", []))

    def same(a: _Obs, b: _Obs) -> bool:
        return (a.unit.article != b.unit.article and a.predicate and a.predicate == b.predicate
                and undated(a) and undated(b) and bool(_speakers(a, parses) & _speakers(b, parses)))

    out = []
    for n, s in enumerate(sides):
        others = [p for m, t in enumerate(sides) if m != n for p in t]
        kept = [o for o in s if any(same(o, p) for p in others)]
        if kept:
            out.append(kept)
    return out


@cache
def _operation_rules() -> tuple[frozenset[str], int]:
    data = load_data("verdicts_quantities").get("operation", {})
    return frozenset(w.lower() for w in data.get("nouns", [])), int(data.get("max_hops", 0))


def _of_operation(o: _Obs, parses: dict[str, Any]) -> bool:
    """Whether the figure counts the catch of one operation: its counted noun
    hangs on a raid, a sweep, a bust ("a police bust of almost 100 people",
    "the sweep in which 89 people were arrested", "62 people were arrested
    in the raid"), ``[operation]``."""
    nouns, hops = _operation_rules()
    if not nouns or o.start < 0:
        return False
    span = _figure_span(o, parses)
    if span is None:
        return False
    def names_one(t: Any) -> bool:
        # the word itself, or a phrase on it: "arrested in the raid"
        return t.lemma_.lower() in nouns or any(
            c.dep_ == "prep" and any(g.dep_ == "pobj" and g.lemma_.lower() in nouns for g in c.children)
            for c in t.children)

    tok = span.root
    # "people detained in the raid": the participle on the noun says it too.
    if any(names_one(c) for c in tok.children if c.dep_ in ("acl", "relcl")):
        return True
    for _ in range(hops):
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if names_one(tok):
            return True
    return False


def _one_operation(sides: Sequence[Sequence[_Obs]], parses: dict[str, Any]) -> list[list[_Obs]]:
    """The figures of each side that count one operation's catch; sides left
    with none are dropped, and nothing is kept unless two sides remain."""
    kept = [k for s in sides if (k := [o for o in s if _of_operation(o, parses)])]
    return kept if len(kept) >= 2 and len({o.unit.article for s in kept for o in s}) >= 2 else []


def _rising(sides: Sequence[Sequence[_Obs]], context: str | None) -> bool:
    """Whether a count conflict looks like a figure that rose as reports came
    in: a cumulative state (a death toll), and no side with a higher figure
    first reported before a side with a lower one."""
    cumulative = _update_rules()[0]
    contexts = {context} if context else set.intersection(*({c for o in s for c in o.contexts} for s in sides))
    if not contexts & cumulative:
        return False
    firsts = []
    for s in sorted(sides, key=lambda s: min(o.span[0] for o in s)):
        dates = [o.unit.published[:10] for o in s if o.unit.published]
        if not dates:
            return False
        firsts.append(min(dates))
    return all(a <= b for a, b in zip(firsts, firsts[1:]))
