"""find_conflicts: every gate's buckets (:mod:`.gates`), the sides of each,
the checks they must pass, and the conflicts with their labels, kinds and
severities; then denials and the statement conflicts
(:mod:`newsprism.reconcile.statements`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from ...config import Config, ReconcileSettings, stage_settings
from ...model import Conflict
from ..claims import ClaimUnit
from ..statements import statement_conflicts
from .dates import _event_words
from .events import _event_rules, _first_days_differ
from .gates import GATES, StoryView, buckets_of
from .ids import stable_id
from .negations import _denials
from .observe import _Obs, _correction_suffix, _observations, _parse_one, _update_rules
from .referents import _antecedents, _different_kinds, _linked, _one_owner, _one_place, _part_and_whole, _sides
from .sources import _own_sources, _side
from .updates import _aged_between, _cumulative_across_days, _one_operation, _one_statement, _rising, _subsumes, _undated_cumulative

__all__ = ["find_conflicts"]


def find_conflicts(
    units: Sequence[ClaimUnit],
    groups: Sequence[Sequence[int]],
    *,
    settings: ReconcileSettings | None = None,
    config: Config | None = None,
    roots: Mapping[str, str] | None = None,
) -> tuple[list[Conflict], dict[int, list[str]]]:
    """Conflicts of the story, and unit index -> ids of conflicts it takes a side in.

    ``groups`` are the aligned groups as lists of indices into ``units``;
    ``roots`` maps article ids to their independent-source root (provenance)."""
    settings = stage_settings(ReconcileSettings, settings, config)
    roots = roots or {}
    margin = settings.hedge_margin
    window = settings.context_window
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    index_of = {id(u): i for i, u in enumerate(units)}
    obs = _observations(units, group_of, margin=margin, window=window)
    parses: dict[str, Any] = {}
    antecedents = _antecedents(units)

    buckets = buckets_of(StoryView(units, group_of, obs, parses, settings))

    found: list[tuple[tuple[str, ...], list[list[_Obs]]]] = []
    seen: set[tuple[Any, ...]] = set()
    # By the gates' rank (masked pairs and event counts last): the same
    # disagreement found otherwise keeps its label.
    for key in sorted(buckets, key=lambda k: (GATES[k[2]].rank, k)):
        gate, members = GATES[key[2]], buckets[key].members
        if len({o.unit.article for o in members}) < 2:
            continue
        precise = [o for o in members if not o.vague]
        vague = [o for o in members if o.vague]
        base = _one_place(_sides(precise))
        sides = buckets[key].sides or (_linked(base) if gate.linked else base)
        if vague and precise:
            # A vague count conflicts with the precise figures it cannot mean,
            # when those agree among themselves.
            low = [o for o in precise if o.span[1] < min(v.span[0] for v in vague)]
            if len(base) == 1 and low and len(low) == len(base[0]):
                pair = _linked(_one_place([base[0], vague]))
                if len(pair) == 2:
                    found.append(((*key[:3], key[3] + "|vague"), pair))
        if len(sides) < 2 and key[0] == "how_many" and (set(key[3].split("|")) | {key[3]}) & _update_rules()[0]:
            # Figures that agree only because one is open-ended ("at least
            # 20", then "35"): a toll that rose is still shown, as an update.
            original: dict[int, _Obs] = {}
            stated: list[_Obs] = []
            for o in precise:
                if o.stated:
                    copy = dataclasses.replace(o, span=o.stated, width=o.stated[1] - o.stated[0])
                    original[id(copy)] = o
                    stated.append(copy)
            rose = _linked(_one_place(_sides(stated)))
            if len(rose) >= 2 and _rising(rose, None):
                # The original figures, so that the same rise seen in aligned
                # sentences and across the story is reported once.
                sides = [[original[id(c)] for c in side] for side in rose]
        if len(sides) < 2:
            continue
        # Two values in one article and nowhere else are two facts, not a
        # disagreement between sources.
        if len({o.unit.article for s in sides for o in s}) < 2:
            continue
        if gate.how == "person" and _aged_between(sides):
            continue  # "Orozco, 27," in 2005, "Orozco, 29," in 2007: one man two birthdays on
        if key[0] == "how_many" and gate.cumulative and (_undated_cumulative(sides, key[3])
                                                         or _cumulative_across_days(sides, key[3])):
            # Undated figures of a toll gathered from anywhere in the story
            # (arrests over several nights): a rise cannot be told from a
            # dispute.  Paired sentences may still show it (below), and so
            # may one source's own two statements of the count.
            attributed = _one_statement(sides, parses)
            if len(attributed) < 2:
                # ... or the catch of one operation, however worded.
                attributed = _one_operation(sides, parses)
            if len(attributed) >= 2 and _update_rules()[2]:
                found.append(((key[0], key[1], "attributed", key[3]), attributed))
            continue
        if key[0] == "how_many" and gate.owned and not _one_owner(sides, parses, antecedents):
            continue  # one player's points against another's, or another game's
        if key[0] == "how_many" and _different_kinds(sides, parses):
            continue  # "the infrastructure bill" / "the spending bill": two things
        if key[0] == "how_many" and _part_and_whole(sides, parses):
            continue  # "$1 trillion in new spending" / "the $1.8 trillion plan": a part and its whole
        signature = (key[0], tuple(sorted(tuple(sorted((o.unit.article, o.unit.sentence, o.value) for o in s))
                                          for s in sides)))
        if signature in seen:
            continue
        seen.add(signature)
        found.append((key, sides))

    conflicts: list[Conflict] = []
    by_unit: dict[int, list[str]] = {}

    def record(conflict: Conflict, members: Sequence[ClaimUnit]) -> None:
        conflicts.append(conflict)
        for u in members:
            ids = by_unit.setdefault(index_of[id(u)], [])
            if conflict.id not in ids:
                ids.append(conflict.id)

    for n, (key, sides) in enumerate(found):
        # One disagreement seen twice (in aligned sentences and across the
        # story) is reported once, with the most evidence.
        if any(m != n and _subsumes(other, sides, strict=m > n) for m, (k, other) in enumerate(found)
               if k[0] == key[0] and k[3].endswith("|vague") == key[3].endswith("|vague")):
            continue
        slot, topic, how, ctx = key
        gate = GATES[how]
        is_vague = ctx.endswith("|vague")
        ctx = ctx.removesuffix("|vague")
        scope = gate.scope(ctx)
        conflict_sides = []
        for s in sides:
            values = list(dict.fromkeys(o.value for o in sorted(s, key=lambda o: o.unit.order)))
            said: dict[int, list[str]] = {}
            for o in s:
                said.setdefault(id(o.unit), [])
                said[id(o.unit)] += [w for w in _own_sources(o.unit, o.start, parses) if w not in said[id(o.unit)]]
            conflict_sides.append(_side([o.unit for o in s], " / ".join(values), roots, said))
        conflict_sides.sort(key=lambda c: (c.sentences[0].article, c.sentences[0].sentence, c.value))
        event = ""
        if slot == "when":
            first = min((o for s in sides for o in s), key=lambda o: o.unit.order)
            event = _event_words(first)
        about = gate.label(slot, topic, ctx, sides, event)
        kind, severity = "", "high"
        undated = slot == "how_many" and not is_vague and _undated_cumulative(sides, scope)
        if undated and (not _update_rules()[2] or not gate.paired):
            # Undated figures of a toll gathered from anywhere in the story
            # (arrests over several nights) say nothing; only two sentences
            # that state one proposition ("police said 12 / 18 people were
            # injured in the riots") are shown, as a possible update.
            continue
        if is_vague:
            kind, severity = "vague-vs-precise", "low"
        elif slot == "how_many" and any(o.corrects for s in sides for o in s):
            # A report that corrects the figure: the others are out of date.
            about += _correction_suffix()
            kind, severity = "update", "low"
        elif undated:
            # No publication date on a side: a rise cannot be told from a
            # disagreement, so it is shown as a possible update, quietly.
            about += _update_rules()[2]
            kind, severity = "update", "low"
        elif gate.revisable and _first_days_differ(sides):
            # A count of one event first reported on different days may
            # have been revised between them.
            about += _event_rules().update_suffix
            kind, severity = "update", "low"
        elif slot == "how_many" and _rising(sides, scope):
            about += _update_rules()[1]
            kind, severity = "update", "low"
        cid = stable_id("conflict", [slot, about, [[c.value, [[r.article, r.sentence] for r in c.sentences]]
                                                   for c in conflict_sides]])
        record(Conflict(id=cid, about=about, sides=conflict_sides, slot=slot, kind=kind, severity=severity),
               [o.unit for s in sides for o in s])

    for what, (yes, no) in _denials(units, groups):
        sides_ = [_side(yes, "affirmed", roots), _side(no, "denied", roots)]
        about = what
        cid = stable_id("conflict", ["denial", about, [[c.value, [[r.article, r.sentence] for r in c.sentences]]
                                                       for c in sides_]])
        record(Conflict(id=cid, about=about, sides=sides_, slot="what", kind="denial", severity="high"),
               [*yes, *no])
    # A different person or place for one slot of one event (kinds "who", "where").
    for conflict, members in statement_conflicts(units, parse=lambda u: _parse_one(u.source_text, parses, u),
                                                 side=lambda us, value: _side(us, value, roots),
                                                 conflict_id=lambda content: stable_id("conflict", content)):
        record(conflict, members)
    return conflicts, by_unit
