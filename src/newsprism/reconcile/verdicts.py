"""Verdicts: corroborated, conflicting or single-source, and the conflicts.

A conflict is one thing reported with values that cannot both be true:

* how many - counts of one concept (member / fighter / militant are one
  concept, ``data/verdicts_quantities.toml``; "31 dead" counts people
  killed) in the same state (still holding out, killed, fled: read from the
  verb that governs the counted noun, else from words within
  reconcile.context_window tokens), whose ranges do not overlap; a hedged
  count ("about 400") is a range (Quantity.low/high, else widened by
  reconcile.hedge_margin).  A figure given only as a point of comparison
  ("more than the 1,870 votes that ...") takes no side against the main
  one.  A cumulative count (a death toll) whose higher figures do not come
  from earlier reports is still a conflict, of kind "update";
* when - dates of one event (the event keyword nearest the date,
  ``data/claims_events.toml``) whose precision-aware ranges do not overlap;
  an event a thing undergoes once (destruction) is compared across the
  story when its object is the same ("the al-Jisr bridge");
* size - comparisons of one kind of subject with different objects
  ("the size of Wales" vs "comparable to Great Britain").

Counts and dates in aligned claims are always compared; beyond alignment,
counts are compared across the whole story when they share a context, and
dates when their event is one a story normally has once (a coup attempt).
This matters because the same fact often sits in sentences that say
different things otherwise.

A claim is conflicting when one of its sentences takes a side in a
conflict; else corroborated when its reports come from at least two
independent sources (derivation roots from provenance); else single-source.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..config import Config, load_config
from ..model import Claim, Conflict, ConflictSide, Report
from .align import AlignedPair
from .claims import (
    ClaimUnit,
    event_label,
    is_once_event,
    is_once_per_target,
    is_story_event,
    load_data,
    normalize_text,
    ranges_compatible,
)

__all__ = ["build_claims", "claim_id", "find_conflicts", "stable_id"]


def stable_id(prefix: str, content: Any) -> str:
    """A deterministic id: a hash of the content, so re-runs agree."""
    raw = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return f"{prefix}-{hashlib.sha256(raw.encode('utf-8')).hexdigest()[:12]}"


def claim_id(group: Sequence[ClaimUnit]) -> str:
    return stable_id("claim", sorted([u.article, u.sentence, u.text] for u in group))


@cache
def _quantity_data() -> tuple[dict[str, str], dict[str, frozenset[str]], dict[str, str]]:
    data = load_data("verdicts_quantities")
    concept_label = {k: v.get("label", k) for k, v in data.get("concepts", {}).items()}
    context_words = {k: frozenset(w.lower() for w in v.get("words", [])) for k, v in data.get("context", {}).items()}
    context_label = {k: v.get("label", k) for k, v in data.get("context", {}).items()}
    return concept_label, context_words, context_label


@cache
def _update_rules() -> tuple[frozenset[str], str]:
    """(cumulative contexts, label suffix of a rising figure)."""
    data = load_data("verdicts_quantities")
    cumulative = frozenset(k for k, v in data.get("context", {}).items() if v.get("cumulative"))
    return cumulative, str(data.get("update", {}).get("suffix", ""))


@cache
def _subject_labels() -> dict[str, str]:
    return {k: v.get("label", k) for k, v in load_data("verdicts_comparisons").get("subjects", {}).items()}


@dataclass
class _Obs:
    """One value of one slot in one sentence."""

    unit: ClaimUnit
    group: int
    slot: str  # how_many | when | size
    topic: str  # counted concept, event class, or subject class
    contexts: frozenset[str]
    span: tuple[Any, Any] | None  # numeric range, date range, or None (compare by value)
    value: str  # what the side shows
    key: str  # normalised value, for comparisons without a range
    width: float
    # How the value's state is compared within aligned sentences: the
    # contexts, else the governing verb ("pred:count"), else "".
    states: tuple[str, ...] = ("",)
    target: str | None = None  # the object of a once-per-target event
    target_text: str | None = None


def _window_lemmas(unit: ClaimUnit, start: int, end: int, window: int) -> set[str]:
    inside = [i for i, (s, e, _) in enumerate(unit.tokens) if s < end and e > start]
    if not inside:
        return set()
    lo, hi = max(0, min(inside) - window), min(len(unit.tokens), max(inside) + window + 1)
    return {lem for i, (_, _, lem) in enumerate(unit.tokens[lo:hi], start=lo) if i not in inside}


def _number_span(q: Mapping[str, Any], margin: float) -> tuple[float, float]:
    value = float(q["value"])
    low, high = q.get("low"), q.get("high")
    if low is not None and high is not None:
        return float(low), float(high)
    if low is not None:  # "more than 400"
        return float(low), float("inf")
    if high is not None:  # "up to 10"
        return 0.0, float(high)
    if q.get("hedge"):
        return value * (1 - margin), value * (1 + margin)
    return value, value


def _days(r: Sequence[str]) -> float:
    import datetime as dt

    def parse(s: str) -> dt.date:
        return dt.date.fromisoformat("2000-" + s[2:] if s.startswith("--") else s)

    try:
        return float((parse(r[1]) - parse(r[0])).days)
    except ValueError:
        return 1e9


def _observations(units: Sequence[ClaimUnit], group_of: Mapping[int, int], *, margin: float,
                  window: int) -> list[_Obs]:
    _, context_words, _ = _quantity_data()
    out: list[_Obs] = []
    for idx, u in enumerate(units):
        gid = group_of[idx]
        for q in u.slots.get("how_many", []):
            if not q.get("concept") or q.get("value") is None:
                continue
            # The state read from the parse; nearby words only when it says nothing.
            contexts = frozenset(q.get("contexts") or ())
            if not contexts:
                near = _window_lemmas(u, q["start"], q["end"], window)
                contexts = frozenset(c for c, words in context_words.items() if near & words)
            if q.get("reference"):
                # A point of comparison ("more than the 1,870 votes that ...")
                # is not a second figure for the same thing.
                states: tuple[str, ...] = ("ref:" + (q.get("predicate") or ""),)
                contexts = frozenset()
            elif contexts:
                states = tuple(sorted(contexts))
            else:
                states = ("pred:" + (q.get("predicate") or ""),)
            span = _number_span(q, margin)
            out.append(_Obs(u, gid, "how_many", q["concept"], contexts, span, q.get("text") or str(q["value"]),
                            str(q["value"]), span[1] - span[0], states))
        for w in u.slots.get("when", []):
            event, rng = w.get("event"), w.get("range")
            if not event or not rng or not is_story_event(event):
                continue
            iso = w.get("value") if w.get("precision") in ("day", "month", "year", "decade") else f"{rng[0]}/{rng[1]}"
            out.append(_Obs(u, gid, "when", event, frozenset(), tuple(rng), f"{w.get('text')} ({iso})",
                            f"{rng[0]}/{rng[1]}", _days(rng), target=w.get("target"),
                            target_text=w.get("target_text")))
        for c in u.slots.get("compared_to", []):
            obj = c.get("object")
            if not obj:
                continue
            out.append(_Obs(u, gid, "size", c.get("subject") or "", frozenset(), None, c.get("text") or obj,
                            normalize_text(obj), 0.0))
    return out


def _compatible(a: _Obs, b: _Obs) -> bool:
    if a.slot == "how_many":
        return a.span[0] <= b.span[1] and b.span[0] <= a.span[1]
    if a.slot == "when":
        return ranges_compatible(a.span, b.span)
    return a.key == b.key


def _sides(obs: Sequence[_Obs]) -> list[list[_Obs]]:
    """Values that can all be true together form a side.  The most precise
    value anchors a side; a vaguer value joins the one side it fits, and a
    value that fits several sides ("a few hundred" next to 400 and 500) takes
    no side, since it contradicts neither."""
    sides: list[list[_Obs]] = []
    for o in sorted(obs, key=lambda o: (o.width, o.unit.order, o.value)):
        fits = [s for s in sides if _compatible(s[0], o)]
        if not fits:
            sides.append([o])
        elif len(fits) == 1:
            fits[0].append(o)
    return sides


def _about(slot: str, topic: str, context: str | None, target: str | None = None) -> str:
    concept_label, _, context_label = _quantity_data()
    if slot == "how_many":
        text = f"number of {concept_label.get(topic, topic)}"
        if context and concept_label.get(topic, topic).endswith(context_label.get(context, context)):
            return text
        return f"{text} {context_label.get(context, context)}" if context else text
    if slot == "when":
        text = f"date of {event_label(topic)}"
        return f"{text} of {target}" if target else text
    return _subject_labels().get(topic, "what it is compared with")


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


def find_conflicts(
    units: Sequence[ClaimUnit],
    groups: Sequence[Sequence[int]],
    *,
    config: Config | None = None,
) -> tuple[list[Conflict], dict[int, list[str]]]:
    """Conflicts of the story, and unit index -> ids of conflicts it takes a side in.

    ``groups`` are the aligned groups as lists of indices into ``units``."""
    config = config or load_config()
    margin = float(config.get("reconcile", "hedge_margin"))
    window = int(config.get("reconcile", "context_window"))
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    index_of = {id(u): i for i, u in enumerate(units)}
    obs = _observations(units, group_of, margin=margin, window=window)

    buckets: dict[tuple[str, ...], list[_Obs]] = {}
    for o in obs:
        if o.slot == "how_many":
            # Aligned sentences compare counts in the same state only:
            # "4,200 votes were counted" vs "1,870 votes separated them".
            for state in o.states:
                buckets.setdefault((o.slot, o.topic, "group", f"{o.group}|{state}"), []).append(o)
            for ctx in sorted(o.contexts):
                buckets.setdefault((o.slot, o.topic, "context", ctx), []).append(o)
            continue
        buckets.setdefault((o.slot, o.topic, "group", str(o.group)), []).append(o)
        if o.slot == "when" and is_once_event(o.topic):
            buckets.setdefault((o.slot, o.topic, "story", ""), []).append(o)
        elif o.slot == "when" and o.target and is_once_per_target(o.topic):
            buckets.setdefault((o.slot, o.topic, "target", o.target), []).append(o)
        elif o.slot == "size" and o.topic:
            buckets.setdefault((o.slot, o.topic, "story", ""), []).append(o)

    found: list[tuple[tuple[str, ...], list[list[_Obs]]]] = []
    seen: set[tuple[Any, ...]] = set()
    for key in sorted(buckets):
        members = buckets[key]
        if len({o.unit.article for o in members}) < 2:
            continue
        sides = [s for s in _sides(members)]
        if len(sides) < 2:
            continue
        # Two values in one article and nowhere else are two facts, not a
        # disagreement between sources.
        if len({o.unit.article for s in sides for o in s}) < 2:
            continue
        signature = (key[0], tuple(sorted(tuple(sorted((o.unit.article, o.unit.sentence, o.value) for o in s))
                                          for s in sides)))
        if signature in seen:
            continue
        seen.add(signature)
        found.append((key, sides))

    conflicts: list[Conflict] = []
    by_unit: dict[int, list[str]] = {}
    for n, (key, sides) in enumerate(found):
        # One disagreement seen twice (in aligned sentences and across the
        # story) is reported once, with the most evidence.
        if any(m != n and _subsumes(other, sides, strict=m > n) for m, (k, other) in enumerate(found)
               if k[0] == key[0]):
            continue
        slot, topic, how, ctx = key
        conflict_sides = []
        for s in sides:
            values: list[str] = []
            articles: list[str] = []
            reports: list[Report] = []
            for o in sorted(s, key=lambda o: o.unit.order):
                if o.value not in values:
                    values.append(o.value)
                if o.unit.article not in articles:
                    articles.append(o.unit.article)
                rep = Report(o.unit.article, o.unit.sentence, o.unit.text)
                if rep not in reports:
                    reports.append(rep)
            conflict_sides.append(ConflictSide(value=" / ".join(values), articles=articles, sentences=reports))
        conflict_sides.sort(key=lambda c: (c.sentences[0].article, c.sentences[0].sentence, c.value))
        if how == "target":
            target = next((o.target_text for s in sides for o in s if o.target_text), ctx)
            about = _about(slot, topic, None, target)
        else:
            about = _about(slot, topic, ctx if how == "context" else None)
        kind = ""
        if slot == "how_many" and _rising(sides, ctx if how == "context" else None):
            about += _update_rules()[1]
            kind = "update"
        cid = stable_id("conflict", [slot, about, [[c.value, [[r.article, r.sentence] for r in c.sentences]]
                                                   for c in conflict_sides]])
        conflicts.append(Conflict(id=cid, about=about, sides=conflict_sides, slot=slot, kind=kind))
        for s in sides:
            for o in s:
                ids = by_unit.setdefault(index_of[id(o.unit)], [])
                if cid not in ids:
                    ids.append(cid)
    return conflicts, by_unit


def _values(u: ClaimUnit) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for q in u.slots.get("how_many", []):
        out.append({"slot": "how_many", "value": q.get("text"), "number": q.get("value"), "low": q.get("low"),
                    "high": q.get("high"), "counted": q.get("counted"), "article": u.article, "sentence": u.sentence})
    for w in u.slots.get("when", []):
        out.append({"slot": "when", "value": w.get("value"), "text": w.get("text"), "precision": w.get("precision"),
                    "event": w.get("event"), "article": u.article, "sentence": u.sentence})
    for c in u.slots.get("compared_to", []):
        out.append({"slot": "size", "value": c.get("object"), "text": c.get("text"), "article": u.article,
                    "sentence": u.sentence})
    return out


def _independent(members: Sequence[int], units: Sequence[ClaimUnit], roots: Mapping[str, str],
                 evidence: Mapping[tuple[int, int], AlignedPair], threshold: float) -> int:
    """Independent sources of a claim group: the most source roots joined by
    alignments at or above ``threshold`` (reports of one root always join:
    they count once anyway)."""
    root = {i: roots.get(units[i].article, units[i].article) for i in members}
    parent = {i: i for i in members}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, i in enumerate(members):
        for j in members[x + 1:]:
            p = evidence.get((min(i, j), max(i, j)))
            if root[i] == root[j] or (p is not None and p.score >= threshold):
                parent[find(i)] = find(j)
    families: dict[int, set[str]] = {}
    for i in members:
        families.setdefault(find(i), set()).add(root[i])
    return max((len(f) for f in families.values()), default=0)


def build_claims(
    units: Sequence[ClaimUnit],
    groups: Sequence[Sequence[int]],
    conflicts_by_unit: Mapping[int, Sequence[str]],
    roots: Mapping[str, str],
    *,
    pairs: Sequence[AlignedPair] = (),
    corroborate_threshold: float | None = None,
) -> tuple[list[Claim], dict[int, str]]:
    """One Claim per aligned group, in story order, and unit index -> claim id.

    ``roots`` maps article ids to their independent-source root (provenance):
    a claim is corroborated only when its reports come from two or more
    roots; copies and retellings of one report count once.  ``pairs`` (from
    align.score_pairs) give each claim the evidence of its aligned pairs.
    When they are given, independent sources count only across pairs whose
    score reaches ``corroborate_threshold`` (default: setting
    reconcile.corroborate_threshold): a weaker alignment groups the reports
    but does not confirm one source by another."""
    if pairs and corroborate_threshold is None:
        corroborate_threshold = float(load_config().get("reconcile", "corroborate_threshold"))
    claims: list[Claim] = []
    claim_of: dict[int, str] = {}
    evidence: dict[tuple[int, int], AlignedPair] = {}
    for p in pairs:
        evidence[(min(p.a, p.b), max(p.a, p.b))] = p
    for members in groups:
        group = [units[i] for i in members]
        cid = claim_id(group)
        reports: list[Report] = []
        for u in group:
            rep = Report(u.article, u.sentence, u.text, span=list(u.span) if u.span else None)
            if rep not in reports:
                reports.append(rep)
        articles = sorted({u.article for u in group})
        if pairs:
            independent = _independent(members, units, roots, evidence, float(corroborate_threshold or 0.0))
        else:
            independent = len({roots.get(a, a) for a in articles})
        if any(conflicts_by_unit.get(i) for i in members):
            verdict = "conflicting"
        elif independent >= 2:
            verdict = "corroborated"
        else:
            verdict = "single-source"
        values = [v for u in group for v in _values(u)]
        slots = dict(group[0].slots)
        slots["articles"] = articles
        alignment = []
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                p = evidence.get((min(i, j), max(i, j)))
                if p is None:
                    continue  # verbatim duplicates in one article travel together unscored
                ua, ub = units[p.a], units[p.b]
                alignment.append({"a": {"article": ua.article, "sentence": ua.sentence},
                                  "b": {"article": ub.article, "sentence": ub.sentence}, **p.evidence})
        claims.append(Claim(id=cid, text=group[0].text, verdict=verdict, reports=reports,
                            independent_sources=independent, values=values, slots=slots, alignment=alignment))
        for i in members:
            claim_of[i] = cid
    return claims, claim_of
