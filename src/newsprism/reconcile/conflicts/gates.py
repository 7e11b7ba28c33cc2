"""The kinds of bucket a conflict is looked for in, one gate each.

A bucket is the set of figures or dates that may be about one referent; a
gate says how its buckets are formed from the story, how the conflict found
in one is named ("about"), and which checks its sides must pass.  Every
bucket key is ``(slot, topic, how, context)``, ``how`` naming its gate:

* ``group``: one aligned claim (and, for counts, one state and kind);
* ``context``: one counted concept in one context across the story;
* ``story``: a date of an event a story has once, a comparison's subject;
* ``target``: a date of an event had once per target (one person's trial);
* ``person``: the ages of one named person;
* ``masked``: sentences that read alike once their figures are masked;
* ``event``: the counts of one event's things ([event_counts]);
* ``attributed``: formed by no pass of its own: a ``context`` bucket of a
  toll gathered from anywhere in the story, kept to one source's statement
  or one operation's catch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...config import ReconcileSettings
from ..claims import ClaimUnit, is_once_event, is_once_per_target
from .dates import _dates_own_event
from .events import _event_about, _event_pairs
from .labels import _about
from .masked import _components, _kind, _masked_pairs
from .observe import _Obs, _concept_labels
from .referents import _named_age_rules, _named_ages

__all__ = ["GATES", "Bucket", "Gate", "StoryView", "buckets_of"]

Key = tuple[str, str, str, str]
Sides = Sequence[Sequence[_Obs]]


@dataclass
class StoryView:
    """What the gates form their buckets from: one story's units, their
    aligned groups and observations, and the parse cache they share."""

    units: Sequence[ClaimUnit]
    group_of: Mapping[int, int]
    obs: Sequence[_Obs]
    parses: dict[str, Any]
    settings: ReconcileSettings


@dataclass(frozen=True)
class Bucket:
    """Figures or dates that may be about one referent.  ``sides``: the sides
    when the gate has already set them against each other."""

    key: Key
    members: list[_Obs]
    sides: list[list[_Obs]] | None = None


@dataclass(frozen=True)
class Label:
    """What a conflict's label is made of.  ``context``: the bucket's context
    as the gate names it (a scope word, a person, an event class)."""

    slot: str
    topic: str
    context: str
    scope: str | None
    sides: Sides
    event: str


@dataclass(frozen=True)
class Gate:
    """One kind of bucket.

    ``rank``: buckets of lower rank are looked at first, so that the same
    disagreement found by several gates keeps the label of the first.
    ``paired``: its sentences state one proposition (aligned, paired with
    figures masked, one source's statement, one event), which is what lets
    an undated toll show as a possible update.  ``linked``: the sides are
    narrowed to one referent (places, scopes, parts; not for one person's
    ages, whose referent is the person).  ``owned``: counts must be one
    owner's (one player, one game).  ``cumulative``: a toll gathered from
    anywhere in the story is kept only as one source's statement.
    ``scoped``: the bucket's context is the count's scope (the label names
    it; updates are judged within it).  ``revisable``: a count first reported
    on different days may have been revised between them."""

    how: str
    form: Callable[[StoryView], Iterator[Bucket]]
    about: Callable[[Label], str]
    rank: int = 0
    paired: bool = False
    linked: bool = True
    owned: bool = True
    cumulative: bool = False
    scoped: bool = False
    revisable: bool = False
    context: Callable[[str], str] = lambda ctx: ctx

    def label(self, slot: str, topic: str, ctx: str, sides: Sides, event: str) -> str:
        context = self.context(ctx)
        return self.about(Label(slot, topic, context, context if self.scoped else None, sides, event))

    def scope(self, ctx: str) -> str | None:
        """The bucket's context where it scopes the count, else None."""
        return self.context(ctx) if self.scoped else None


def _collect(pairs: Iterator[tuple[Key, _Obs]]) -> Iterator[Bucket]:
    buckets: dict[Key, list[_Obs]] = {}
    for key, o in pairs:
        buckets.setdefault(key, []).append(o)
    for key, members in buckets.items():
        yield Bucket(key, members)


def _own_dates(view: StoryView) -> Iterator[_Obs]:
    """Observations, without the dates whose keyword names another event of
    the sentence."""
    for o in view.obs:
        if o.slot != "when" or _dates_own_event(o, view.parses):
            yield o


def _form_group(view: StoryView) -> Iterator[Bucket]:
    def pairs() -> Iterator[tuple[Key, _Obs]]:
        for o in _own_dates(view):
            if o.slot != "how_many":
                yield (o.slot, o.topic, "group", str(o.group)), o
            elif not o.vague:
                # Aligned sentences compare counts in the same state only:
                # "4,200 votes were counted" vs "1,870 votes separated them".
                for state in o.states:
                    yield (o.slot, o.topic, "group", f"{o.group}|{state}|{_kind(o)}"), o
    return _collect(pairs())


def _form_context(view: StoryView) -> Iterator[Bucket]:
    # Across the story only things a story counts (fighters, people killed:
    # the concepts of the data file); a juror or a car is compared only
    # within one aligned claim.
    return _collect(((o.slot, o.topic, "context", ctx), o) for o in view.obs
                    if o.slot == "how_many" and o.topic in _concept_labels() for ctx in sorted(o.contexts))


def _form_story(view: StoryView) -> Iterator[Bucket]:
    return _collect(((o.slot, o.topic, "story", ""), o) for o in _own_dates(view)
                    if (o.slot == "when" and is_once_event(o.topic)) or (o.slot == "size" and o.topic))


def _form_target(view: StoryView) -> Iterator[Bucket]:
    return _collect(((o.slot, o.topic, "target", o.target), o) for o in _own_dates(view)
                    if o.slot == "when" and o.target and not is_once_event(o.topic)
                    and is_once_per_target(o.topic))


def _form_person(view: StoryView) -> Iterator[Bucket]:
    # The ages of one named person: compared with each other only.
    for person, ages in _named_ages(view.units, view.group_of).items():
        yield Bucket(("how_many", "age", "person", person), ages)


def _form_masked(view: StoryView) -> Iterator[Bucket]:
    # Counts whose sentences say the same thing once the figures are masked:
    # the pairs a conflict is about, which alignment (it counts different
    # figures against a match) leaves apart.
    threshold = view.settings.conflict_masked_threshold
    if threshold > 1.0:
        return
    own = list(_own_dates(view))
    for n, comp in enumerate(_components(_masked_pairs(view.units, own, threshold=threshold))):
        shared = frozenset.intersection(*(o.contexts for o in comp)) if all(o.contexts for o in comp) \
            else frozenset()
        ctx = sorted(shared)[0] if shared else ""
        yield Bucket((comp[0].slot, comp[0].topic, "masked", f"{n:04d}|{ctx}"), comp)


def _form_event(view: StoryView) -> Iterator[Bucket]:
    # Counts of one event's things in sentences that neither align nor read
    # alike once masked: a stricter path of its own ([event_counts]), whose
    # sides are set against each other already.
    for n, (name, sides) in enumerate(_event_pairs(view.units, view.obs, view.parses)):
        yield Bucket(("how_many", sides[0][0].topic, "event", f"{n:04d}|{name}"), [o for s in sides for o in s],
                     sides)


def _form_none(view: StoryView) -> Iterator[Bucket]:
    return iter(())


def _about_plain(label: Label) -> str:
    return _about(label.slot, label.topic, label.scope, event=label.event)


def _about_target(label: Label) -> str:
    target = next((o.target_text for s in label.sides for o in s if o.target_text), label.context)
    return _about(label.slot, label.topic, None, target, label.event)


def _about_person(label: Label) -> str:
    name = max((o.target_text or "" for s in label.sides for o in s), key=len) or label.context
    return _named_age_rules()[1].format(name=name)


def _about_event(label: Label) -> str:
    return _event_about(label.sides, label.context)


def _after_number(ctx: str) -> str:
    """The context of a bucket keyed "<number>|<context>"."""
    return ctx.split("|", 1)[1]


GATES: dict[str, Gate] = {g.how: g for g in (
    Gate("group", _form_group, _about_plain, paired=True),
    Gate("context", _form_context, _about_plain, cumulative=True, scoped=True),
    Gate("story", _form_story, _about_plain),
    Gate("target", _form_target, _about_target),
    Gate("person", _form_person, _about_person, linked=False, owned=False),
    Gate("masked", _form_masked, _about_plain, rank=1, paired=True, scoped=True, context=_after_number),
    Gate("event", _form_event, _about_event, rank=2, paired=True, revisable=True, context=_after_number),
    Gate("attributed", _form_none, _about_plain, paired=True, scoped=True),
)}


def buckets_of(view: StoryView) -> dict[Key, Bucket]:
    """Every gate's buckets, by key."""
    return {b.key: b for gate in GATES.values() for b in gate.form(view)}
