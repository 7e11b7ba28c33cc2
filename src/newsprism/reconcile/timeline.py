"""Timeline: the story's dated events, in order, merged across articles.

Every date of a claim sentence that can be placed (a range from
:func:`~newsprism.partial_dates.date_range`) and that dates a story event
(not a reporting date such as "the newspaper reported on Monday") becomes
an event.  The same date of the same event class, or the same date in
aligned sentences, is one event with several reports.  A date that takes a
side in a date conflict carries the conflict's id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..model import Conflict, Report, TimelineEvent
from .claims import ClaimUnit, is_story_event

__all__ = ["build_timeline", "iso_date"]

_PLAIN = frozenset({"day", "month", "year", "decade"})


def iso_date(when: Mapping[str, Any]) -> str:
    """ISO 8601 to the precision known: the value itself for a day, month,
    year or decade; the month for part of a month; an interval otherwise."""
    value, precision, rng = when.get("value") or "", when.get("precision"), when.get("range")
    if precision in _PLAIN or not rng:
        return value
    if precision == "part-of-month":
        return rng[0][:7] if not rng[0].startswith("--") else rng[0][:4]
    return f"{rng[0]}/{rng[1]}"


def _sort_key(event: TimelineEvent, start: str) -> tuple[Any, ...]:
    # Yearless dates cannot be placed among dated ones: they go last.
    return (start.startswith("--"), start, event.date, event.text)


def build_timeline(
    units: Sequence[ClaimUnit],
    groups: Sequence[Sequence[int]],
    conflicts: Sequence[Conflict],
) -> list[TimelineEvent]:
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    # (article, sentence) -> ids of date conflicts that sentence takes a side in
    date_conflicts: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for c in conflicts:
        if c.slot != "when":
            continue
        for side in c.sides:
            for r in side.sentences:
                date_conflicts.setdefault((r.article, r.sentence), []).append((c.id, side.value))

    events: dict[tuple[Any, ...], tuple[TimelineEvent, str]] = {}
    for idx, u in enumerate(units):
        for w in u.slots.get("when", []):
            rng, event = w.get("range"), w.get("event")
            if not rng or not is_story_event(event):
                continue
            same = ("event", event) if event else ("group", group_of.get(idx, -idx - 1))
            key = (tuple(rng), w.get("precision"), same)
            # Two expressions of one date in one sentence are one event.
            key = next((k for k, (ev, _) in events.items() if k[:2] == key[:2]
                        and any(r.article == u.article and r.sentence == u.sentence for r in ev.reports)), key)
            if key not in events:
                events[key] = (TimelineEvent(date=iso_date(w), precision=w.get("precision") or "", text=u.text),
                               rng[0])
            ev = events[key][0]
            if u.article not in ev.articles:
                ev.articles.append(u.article)
            rep = Report(u.article, u.sentence, u.text)
            if rep not in ev.reports:
                ev.reports.append(rep)
            if ev.conflict is None:
                ev.conflict = next((cid for cid, value in date_conflicts.get(u.key, [])
                                    if f"{w.get('text')} (" in value), None)
    ordered = sorted(events.values(), key=lambda item: _sort_key(item[0], item[1]))
    return [ev for ev, _ in ordered]
