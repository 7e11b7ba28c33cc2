"""Event counts: counts of one event's things in sentences that neither
align nor read alike once masked (``[event_counts]``), a stricter path
of its own."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..claims import ClaimUnit, load_data
from .masked import _article_places, _components, _dates_meet
from .observe import _Obs, _figure_span, _masking, _not_count, _quantity_data
from .referents import _compatible, _one_place, _places, _same_referent, _sides

__all__ = ["_event_about", "_event_of", "_event_pairs", "_event_rules", "_first_days_differ"]


@dataclass(frozen=True)
class _EventClass:
    label: str
    verbs: frozenset[str]  # lemma, "lemma particle", "lemma preposition object-lemma"
    nouns: frozenset[str]  # what an estimate verb puts at a figure ("the march")
    counted: frozenset[str]  # the nouns it counts; empty: any
    same_place: bool  # whether the two figures' places must meet


@dataclass(frozen=True)
class _EventRules:
    classes: dict[str, _EventClass]
    same_noun: dict[str, str]
    other_time: frozenset[str]
    hypothetical: frozenset[str]
    estimate_verbs: frozenset[str]
    update_suffix: str
    wider: tuple[tuple[str, ...], ...]  # "nationwide", "across the country"
    estimate_prepositions: frozenset[str] = frozenset()  # "put the march at 30,000"


@cache
def _event_rules() -> _EventRules:
    """``[event_counts]`` of verdicts_quantities.toml."""
    data = load_data("verdicts_quantities").get("event_counts", {})

    def low(items: Any) -> frozenset[str]:
        return frozenset(str(w).lower() for w in items or [])

    same = {str(n).lower(): str(group[0]).lower() for group in data.get("same_noun", []) for n in group}
    classes = {name: _EventClass(str(c.get("label", name)), low(c.get("verbs")), low(c.get("nouns")),
                                 low(c.get("counted")), bool(c.get("same_place", True)))
               for name, c in data.get("classes", {}).items()}
    return _EventRules(classes, same, low(data.get("other_time")), low(data.get("hypothetical")),
                       low(data.get("estimate_verbs")), str(data.get("update_suffix", "")),
                       tuple(tuple(str(p).lower().split()) for p in data.get("wider_scope", [])),
                       low(data.get("estimate_prepositions")))


def _verb_forms(verb: Any) -> set[str]:
    """The ways a verb is written in ``[event_counts]``: its lemma, with its
    particle ("go down"), with a preposition and its object ("take to street")."""
    lemma = verb.lemma_.lower()
    out = {lemma}
    for c in verb.children:
        if c.dep_ in ("prt", "prep"):
            out.add(f"{lemma} {c.lemma_.lower()}")
        if c.dep_ == "prep":
            out |= {f"{lemma} {c.lemma_.lower()} {g.lemma_.lower()}" for g in c.children if g.dep_ == "pobj"}
    return out


def _event_of(o: _Obs, parses: dict[str, Any]) -> str | None:
    """The class of the event whose things the figure counts, when the
    sentence states that event as a fact: "two sub-sea cables went down"
    (damaged), "as many as 20,000 people took to the streets" and "police
    put the march at roughly 30,000 people" (crowd).  None when the event is
    another time's, hypothetical or negated."""
    rules = _event_rules()
    if not rules.classes or o.start < 0 or o.slot != "how_many":
        return None
    span = _figure_span(o, parses)
    if span is None:
        return None
    sentence = span.root.sent
    if {w for t in sentence for w in (t.lemma_.lower(), t.lower_)} & rules.other_time:
        return None  # "earlier this year, two lines were snapped"
    noun = span.root
    # The classes that count this noun ("crowd" counts people, "called" engines).
    classes = {name: c for name, c in rules.classes.items()
               if not c.counted or {o.topic.lower(), _event_noun(o)} & c.counted}
    found: tuple[str, Any] | None = None
    verb = noun
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ in ("VERB", "AUX"):
        forms = _verb_forms(verb)
        found = next(((name, verb) for name, c in classes.items() if forms & c.verbs), None)
    if found is None and noun.dep_ == "pobj" and noun.head.lemma_.lower() in rules.estimate_prepositions:
        # The estimate of a crowd: "police put the march at 30,000 people".
        for anc in noun.ancestors:
            if anc.lemma_.lower() not in rules.estimate_verbs:
                continue
            objects = {c.lemma_.lower() for c in anc.children if c.dep_ in ("dobj", "nsubjpass")}
            found = next(((name, anc) for name, c in classes.items() if objects & c.nouns), None)
            if found:
                break
    if found is None:
        return None
    name, verb = found
    # "100,000 people took to the streets as part of nationwide strikes": a
    # count of the whole country, not of one city's march.  Only the
    # figure's own phrases: "rallies around the country began" or "to mark
    # a nationwide strike" are clauses of their own.
    own = [t for c in verb.children if c.dep_ in ("prep", "npadvmod", "advmod") for t in c.subtree]
    own += list(noun.subtree)
    words = [t.lower_ for t in sorted(own, key=lambda t: t.i)]
    if any(tuple(words[i:i + len(p)]) == p for p in rules.wider for i in range(len(words))):
        return None
    for t in (verb, *verb.ancestors):
        # "if there was just one cable down", "could be sent", "were not damaged"
        if any(c.dep_ == "neg" or (c.dep_ in ("mark", "aux", "auxpass") and c.lemma_.lower() in rules.hypothetical)
               for c in t.children):
            return None
    return name


def _event_noun(o: _Obs) -> str:
    """The counted noun of a figure, one word for the nouns of one ``same_noun`` list."""
    return _event_rules().same_noun.get(o.topic.lower(), o.topic.lower())


def _event_pairs(units: Sequence[ClaimUnit], obs: Sequence[_Obs], parses: dict[str, Any]
                 ) -> list[tuple[str, list[list[_Obs]]]]:
    """Count conflicts of one event's things between sentences that neither
    align nor read alike once masked (``[event_counts]``): (class, sides).
    Two figures of two articles take sides only when their verbs are of one
    class, they count one noun, both are estimates or both firm, each
    sentence gives one figure of that noun, both are of one place and one
    time, and neither is a further group.  A set of such figures is kept
    only when every two of its figures on different sides pass those checks."""
    rules = _event_rules()
    if not rules.classes:
        return []
    home = _article_places(units)
    lead: dict[str, frozenset[str]] = {}
    for u in sorted(units, key=lambda u: u.order):
        if u.article not in lead and _places(u):
            lead[u.article] = _places(u)
    # Not sums nor shares: a budget "cut $2 billion" here and "$1.5 billion"
    # there are often two programmes.
    skip = _masking()[3] | _not_count().money
    counts = [o for o in obs if o.slot == "how_many" and not o.vague and o.topic
              and o.topic.lower() not in skip and not o.states[0].startswith("ref:")]
    per_sentence: dict[tuple[tuple[str, int], str], set[str]] = {}
    for o in counts:
        per_sentence.setdefault((o.unit.key, _event_noun(o)), set()).add(o.key)
    classed: list[tuple[str, _Obs]] = []
    for o in counts:
        if len(per_sentence[(o.unit.key, _event_noun(o))]) > 1:
            continue  # parts or both sides in one sentence
        name = _event_of(o, parses)
        if name:
            classed.append((name, o))

    def places(o: _Obs) -> frozenset[str]:
        # The sentence's own places, else its article's main place, else the
        # place its article names first (a report's lead says where it is).
        if _places(o.unit):
            return _places(o.unit)
        if o.unit.article in home:
            return frozenset({home[o.unit.article]})
        return lead.get(o.unit.article, frozenset())

    def one_referent(a: _Obs, b: _Obs, name: str) -> bool:
        return (a.unit.article != b.unit.article and _event_noun(a) == _event_noun(b) and a.hedged == b.hedged
                and (not rules.classes[name].same_place or bool(places(a) & places(b)))
                and _same_referent(a, b) and _dates_meet(a.unit, b.unit))

    out: list[tuple[str, list[list[_Obs]]]] = []
    for name in sorted({n for n, _ in classed}):
        members = [o for n, o in classed if n == name]
        pairs = [(a, b, 1.0) for i, a in enumerate(members) for b in members[i + 1:]
                 if not _compatible(a, b) and one_referent(a, b, name)]
        for comp in _components(pairs):
            sides = _one_place(_sides(comp))
            # Reports that agree with one side and are one referent with
            # every figure of the others join it.
            inside = {id(o) for o in comp}
            for o in members:
                if id(o) in inside:
                    continue
                fits = [s for s in sides if any(_compatible(m, o) for m in s)]
                others = [m for s in sides if not any(s is f for f in fits) for m in s]
                if len(fits) == 1 and others and all(one_referent(o, m, name) for m in others):
                    fits[0].append(o)
            if len(sides) < 2 or len({o.unit.article for s in sides for o in s}) < 2:
                continue
            if all(one_referent(a, b, name) for n, s in enumerate(sides) for t in sides[n + 1:] for a in s for b in t
                   if a.unit.article != b.unit.article):
                out.append((name, [sorted(s, key=lambda o: (o.unit.order, o.start)) for s in sides]))
    return out


def _event_about(sides: Sequence[Sequence[_Obs]], name: str) -> str:
    """"number of cables damaged": the things as the first side writes them
    (or their concept's label) and the event class's label."""
    first = sides[0][0]
    concept_label = _quantity_data()[0]
    things = concept_label.get(first.topic) or (re.findall(r"[A-Za-z][\w-]*", first.value) or [first.topic])[-1].lower()
    return f"number of {things} {_event_rules().classes[name].label}"


def _first_days_differ(sides: Sequence[Sequence[_Obs]]) -> bool:
    """Whether the sides were first reported on different days (every side dated)."""
    firsts = set()
    for s in sides:
        dates = [o.unit.published[:10] for o in s if o.unit.published]
        if not dates:
            return False
        firsts.add(min(dates))
    return len(firsts) > 1
