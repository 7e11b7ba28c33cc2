"""Dates of one event: whether a date's keyword is its own event (on the
parse path from the date to its clause), and the words naming it in a
label."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from ..claims import _event_classes, _nearest_event_at, load_data
from .observe import _Obs, _parse_one

__all__ = ["_dates_own_event", "_event_words"]


def _keyword(o: _Obs) -> tuple[int, int] | None:
    """Token indices (first, last) of the event keyword that dates ``o``."""
    found = _nearest_event_at(o.unit.tokens, o.start, o.end)
    if not found:
        return None
    _, keyword_class, _ = _event_classes()
    lemmas = [lem for _, _, lem in o.unit.tokens]
    i = found[1]
    size = max((n for n in range(1, min(6, len(lemmas) - i + 1)) if keyword_class.get(tuple(lemmas[i:i + n])) == found[0]),
               default=1)
    return i, i + size - 1


def _dates_own_event(o: _Obs, parses: dict[str, Any]) -> bool:
    """Whether the event keyword is the date's own: on the parse path from
    the date up to the root, or the subject or object of a word on it."""
    kw = _keyword(o)
    doc = _parse_one(o.unit.text, parses, o.unit)
    if kw is None or doc is None or o.start < 0:
        return kw is not None
    span = [t for t in doc if t.idx < o.end and t.idx + len(t) > o.start]
    kw_start = o.unit.tokens[kw[0]][0]
    kw_end = o.unit.tokens[kw[1]][1]
    keyword = [t for t in doc if t.idx < kw_end and t.idx + len(t) > kw_start]
    if not span or not keyword:
        return True
    inside = {t.i for t in span}
    head = next((t for t in span if t.head.i not in inside or t.head.i == t.i), span[-1])
    path = {t.i for t in head.ancestors}
    anaphora, deps = _date_rules()
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in anaphora
           for t in head.ancestors for c in t.children):
        return True  # "the incident took place on January 10"
    shifted = _date_rules_shift()
    if _in_noun_clause(head, keyword):
        return False
    for k in keyword:
        if k.i in path or k.i in inside:
            return True
        if k.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in shifted for c in k.children):
            # "Anger has been mounting this week after officers shot him": a
            # clause of "after", "before", "since" tells another time.
            continue
        if k.head.i in path and k.dep_ in deps:
            return True
        if any(c.i in inside or c.i in {x.i for x in head.subtree} for c in k.children) and k.i in path:
            return True
    # "the 10 January attack", "the attack of 10 January": the date hangs on the keyword.
    return any(head.head.i == k.i or head.i in {x.i for x in k.subtree} and k.i in path for k in keyword)


def _in_noun_clause(head: Any, keyword: Sequence[Any]) -> bool:
    """Whether the date sits in a clause that describes a noun ("who led the
    fund in 2017") while the keyword stands outside that clause and is not
    the noun it describes: the date is the clause's own."""
    clauses = _noun_clause_deps()
    marks = {k.i for k in keyword}
    verb = next((t for t in [head, *head.ancestors] if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.i in marks or verb.dep_ not in clauses:
        return False
    inside = {t.i for t in verb.subtree}
    return not marks & inside and verb.head.i not in marks


@cache
def _noun_clause_deps() -> frozenset[str]:
    return frozenset(load_data("verdicts_dates").get("path", {}).get("noun_clause_deps", []))


@cache
def _date_rules_shift() -> frozenset[str]:
    """Subordinators whose clause tells another time than the one it hangs on."""
    return frozenset(w.lower() for w in load_data("verdicts_dates").get("path", {}).get("time_shifting_marks", []))


@cache
def _date_rules() -> tuple[frozenset[str], frozenset[str]]:
    data = load_data("verdicts_dates")
    return (frozenset(w.lower() for w in data.get("anaphora", {}).get("subjects", [])),
            frozenset(data.get("path", {}).get("deps", [])))


def _event_words(o: _Obs) -> str:
    """The event as the sentence writes it ("launched", "tried to capture")."""
    kw = _keyword(o)
    if kw is None:
        return ""
    return o.unit.source_text[o.unit.tokens[kw[0]][0]:o.unit.tokens[kw[1]][1]]
