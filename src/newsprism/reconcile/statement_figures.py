"""Figures that are statements about one referent: a time within a round, a
title defence's ordinal, the ages of a group listed together.

The value conflicts of :mod:`newsprism.reconcile.verdicts` read counts,
amounts and dates.  Some figures are none of those, and their referent is
fixed by what the sentence says around them:

* a time in a round: "stopped the fight 44 seconds into the seventh round"
  vs "stopping the fight at the 2:15 mark" (in the seventh): one stoppage of
  one round, two elapsed times.  A clock time is read only beside a round and
  a stoppage and never when it is a time of day;
* which defence of a title: "Klitschko's sixth defense of the IBF belt" vs
  "retained his International Boxing Federation title for the fifth time":
  one holder, one title (an acronym and its words are one), two ordinals;
* the ages of a group: "the bodies of two women -- 68 and 48-years-old" vs
  "the women killed, who were 61 and 48 years old": the same group noun, as
  many ages, all but one the same.  The shared ages tie the lists to one
  group; an age next to no group and no name never takes a side.

The patterns are data (``data/reconcile_statement_figures.toml``).  Two
sentences are compared only across articles, when neither names a person the
other does not (a boxer's other bout names its other opponent); one sentence
is never on both sides.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from ..model import Conflict, ConflictSide
from .ages import ages_fit_dates
from .claims import ClaimUnit, load_data
from .denials import clause_at

__all__ = ["figure_statement_conflicts"]


@cache
def _rules() -> dict[str, Any]:
    data = load_data("reconcile_statement_figures")
    rt, de, ag, ra = data["round_time"], data["defence"], data["age_list"], data["role_age"]
    return {
        "ordinals": {k.lower(): int(v) for k, v in data["ordinals"].items()},
        "round_patterns": tuple(re.compile(p, re.IGNORECASE) for p in rt["patterns"]),
        "round_seconds": int(rt["round_seconds"]),
        "stoppage": tuple(w.lower() for w in rt["stoppage"]),
        "round_word": str(rt["round_word"]).lower(),
        "defence_patterns": tuple(re.compile(p) for p in de["patterns"]),
        "future": frozenset(w.lower() for w in de["future"]),
        "ages": re.compile(ag["ages"], re.IGNORECASE),
        "groups": frozenset(w.lower() for w in ag["groups"]),
        "window": int(ag["window"]),
        "roles": frozenset(w.lower() for w in ra["roles"]),
        "possessives": frozenset(w.lower() for w in ra["possessives"]),
        "role_patterns": tuple(re.compile(p) for p in ra["patterns"]),
    }


@dataclass(frozen=True)
class _Figure:
    unit: ClaimUnit
    kind: str  # "round time" | "defence" | "ages" | "role age"
    # round: (ordinal,); defence: (holder, title); ages: (group, size); role age: (person, role)
    referent: tuple[str, ...]
    value: Any  # seconds; ordinal; sorted ages
    written: str  # the figure as the sentence writes it
    names: frozenset[str]  # the sentence's proper names (lowercased), for the same-bout test


def _ordinal(word: str) -> int | None:
    word = word.lower()
    found = _rules()["ordinals"].get(word)
    if found is not None:
        return found
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", word)
    return int(m.group(1)) if m else None


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’.-]+", text.lower())


def _round_times(unit: ClaimUnit, text: str, names: frozenset[str]) -> list[_Figure]:
    rules = _rules()
    low = text.lower()
    # The sentence says a round ("round", or "in the ninth") and a stoppage.
    says_round = rules["round_word"] in low or any(_ordinal(w) for w in re.findall(r"\bthe (\w+)", low))
    if not says_round or not any(re.search(rf"\b{re.escape(w)}\b", low) for w in rules["stoppage"]):
        return []
    out, taken = [], set()
    for pattern in rules["round_patterns"]:
        for m in pattern.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            seconds = int(m.group("sec")) + 60 * int(m.groupdict().get("min") or 0)
            if seconds > rules["round_seconds"]:
                continue
            number = _ordinal(m.groupdict().get("round") or "") if m.groupdict().get("round") else None
            if number is None:
                # The round is the last ordinal written before the time.
                before = [_ordinal(w) for w in _words(text[:m.start()])]
                before = [n for n in before if n is not None]
                if not before:
                    continue
                number = before[-1]
            taken.add((m.start(), m.end()))
            out.append(_Figure(unit, "round time", (str(number),), seconds, m.group(0).strip(), names))
    return out


def _title_key(title: str) -> str:
    """One key for a title and its acronym: "IBF" and "International Boxing
    Federation" are "ibf"."""
    words = title.split()
    if len(words) == 1:
        return words[0].lower()
    return "".join(w[0] for w in words).lower()


def _defences(unit: ClaimUnit, text: str, names: frozenset[str]) -> list[_Figure]:
    rules = _rules()
    if set(_words(text)) & rules["future"]:
        return []
    out = []
    for pattern in rules["defence_patterns"]:
        for m in pattern.finditer(text):
            number = _ordinal(m.group("ord"))
            if number is None:
                continue
            # The holder and the title's words are the referent, not other names.
            own = {w.lower() for w in [m.group("who"), *m.group("title").split()]}
            out.append(_Figure(unit, "defence", (m.group("who"), _title_key(m.group("title").strip())), number,
                               m.group(0), frozenset(n for n in names if n not in own)))
    return out


def _age_lists(unit: ClaimUnit, text: str, names: frozenset[str]) -> list[_Figure]:
    rules = _rules()
    out = []
    for m in rules["ages"].finditer(text):
        ages = sorted(int(a) for a in re.findall(r"\d+", m.group("ages")))
        before = _words(text[:m.start()])[-rules["window"]:]
        group = next((w for w in reversed(before) if w in rules["groups"]), None)
        if group is None or len(ages) < 2:
            continue
        out.append(_Figure(unit, "ages", (group, str(len(ages))), tuple(ages), m.group(0), names))
    return out


def _role_ages(unit: ClaimUnit, text: str, doc: Any, names: frozenset[str]) -> list[_Figure]:
    rules = _rules()
    out = []
    for pattern in rules["role_patterns"]:
        for m in pattern.finditer(text):
            role = m.group("role").lower()
            if role not in rules["roles"]:
                continue
            owner = m.group("owner")
            if owner.lower() in rules["possessives"]:
                # The named subject of the sentence's main verb ("Novak killed his mother, 61").
                root = next((t for t in doc if t.dep_ == "ROOT"), None) if doc is not None else None
                subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None) \
                    if root is not None else None
                if subject is None or subject.pos_ != "PROPN":
                    continue
                owner = subject.text
            own = {owner.lower(), *(w.lower() for w in re.findall(r"[A-Z][\w-]*", m.group(0)))}
            out.append(_Figure(unit, "role age", (owner, role), int(m.group("age")), m.group(0),
                               frozenset(n for n in names if n not in own)))
    return out


def _alike(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def _same_referent(a: _Figure, b: _Figure) -> bool:
    if a.kind != b.kind or len(a.referent) != len(b.referent):
        return False
    if a.kind in ("defence", "role age"):
        if not (_alike(a.referent[0], b.referent[0]) and a.referent[1] == b.referent[1]):
            return False
        if a.kind == "role age":
            return True  # one person's one relative: the other names are the sentence's other facts
    elif a.referent != b.referent:
        return False
    # Neither sentence names someone the other does not: the names of one
    # are all in the other ("Rahman" / "Klitschko, Rahman"), so a boxer's
    # other bout, which names its other opponent, is never compared.
    small, big = sorted((a.names, b.names), key=len)
    return all(any(_alike(n, m) for m in big) for n in small)


def _differ(a: _Figure, b: _Figure) -> bool:
    if a.kind != "ages":
        return a.value != b.value
    # The same group: all ages but one the same.
    rest = list(b.value)
    for x in a.value:
        if x in rest:
            rest.remove(x)
    return len(rest) == 1


def _label(a: _Figure, b: _Figure, names: Sequence[str], written: Counter[str]) -> tuple[str, str, str]:
    """(about, a's value, b's value).  A holder spelt two ways ("Klitchsko",
    "Klitschko") is named as the story writes it most (``written``)."""
    shared = ", ".join(n.capitalize() for n in names)
    if a.kind == "round time":
        va, vb = (f"{v // 60}:{v % 60:02d}" for v in (a.value, b.value))
        return (f"when in round {a.referent[0]} the bout was stopped: {va} or {vb} into the round "
                f"(time elapsed in one round{'; both name ' + shared if shared else ''})", va, vb)
    if a.kind == "defence":
        holder = max((a.referent[0], b.referent[0]), key=lambda n: written[n.lower()])
        return (f"which defence of the {a.referent[1].upper()} title this was for {holder}: "
                f"number {a.value} or {b.value} (one holder, one title)", f"defence {a.value}", f"defence {b.value}")
    if a.kind == "role age":
        return (f"age of {a.referent[0]}'s {a.referent[1]}: {a.value} or {b.value} (one person's {a.referent[1]}: "
                f"one referent)", str(a.value), str(b.value))
    common = [x for x in a.value if x in b.value]
    oa = [x for x in a.value if x not in b.value] or list(a.value)
    ob = [x for x in b.value if x not in a.value] or list(b.value)
    return (f"age of one of the {a.referent[1]} {a.referent[0]}: {oa[0]} or {ob[0]} (both reports list "
            f"{a.referent[1]} {a.referent[0]} and agree on the other age{'s' if len(common) > 1 else ''}: "
            f"{', '.join(map(str, common))})", str(oa[0]), str(ob[0]))


def figure_statement_conflicts(
    units: Sequence[ClaimUnit],
    *,
    parse: Callable[[ClaimUnit], Any],
    side: Callable[[Sequence[ClaimUnit], str], ConflictSide],
    conflict_id: Callable[[list[Any]], str],
) -> list[tuple[Conflict, list[ClaimUnit]]]:
    """The round-time, title-defence and group-age conflicts of a story's
    claim units, each with the units that take a side."""
    figures: list[_Figure] = []
    by_names: list[frozenset[str]] = []  # every sentence's proper names, to name a holder as written most
    by_sentence: dict[tuple[str, int], list[ClaimUnit]] = {}
    for u in sorted(units, key=lambda u: u.order):
        by_sentence.setdefault(u.key, []).append(u)
    for same in by_sentence.values():
        u = same[0]
        doc = parse(u)
        if doc is None:
            continue  # without a parse the names that tell two bouts apart are unknown: no side
        text = u.source_text
        names = frozenset(t.text.lower() for t in doc if t.pos_ == "PROPN")
        by_names.append(names)
        found_here = _round_times(u, text, names) + _defences(u, text, names) + _age_lists(u, text, names)
        found_here += _role_ages(u, text, doc, names)
        for f in found_here:
            # The clause that writes the figure takes the side (its speaker).
            m = text.find(f.written)
            unit = clause_at(same, max(m, 0), passing=True)
            if unit is not None:
                figures.append(replace(f, unit=unit))

    written = Counter(n for names in by_names for n in names)
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for i, a in enumerate(figures):
        for b in figures[i + 1:]:
            if a.unit.article == b.unit.article or not _same_referent(a, b) or not _differ(a, b):
                continue
            if a.kind == "role age" and ages_fit_dates(a.value, a.unit.published, b.value, b.unit.published):
                continue  # one relative's age in reports years apart: older, not disputed
            shared = sorted(a.names & b.names)
            about, va, vb = _label(a, b, shared, written)
            key = (a.kind, tuple(x.lower() for x in a.referent))
            entry = found.setdefault(key, {"about": about, "kind": a.kind, "sides": {}, "members": {}})
            for f, v in ((a, va), (b, vb)):
                entry["sides"].setdefault(v, []).append(f.unit)
                entry["members"][id(f)] = (f, v)
    # A report of a side's value about the same referent as one of the
    # conflict's sentences joins that side ("44 seconds into the seventh
    # round" in a third report that names the referee, not the champion).
    for entry in found.values():
        members = list(entry["members"].values())
        for f in figures:
            if id(f) in entry["members"]:
                continue
            for g, v in members:
                if g.kind == f.kind and g.value == f.value and _same_referent(f, g):
                    entry["sides"][v].append(f.unit)
                    break

    out = []
    for entry in found.values():
        sides = {v: list({id(u): u for u in us}.values()) for v, us in entry["sides"].items()}
        keys = [{u.key for u in us} for us in sides.values()]
        # One sentence is never on two sides, one value never on two sides.
        if len(sides) < 2 or any(keys[i] & keys[j] for i in range(len(keys)) for j in range(i + 1, len(keys))):
            continue
        conflict_sides = [side(us, v) for v, us in sides.items()]
        conflict_sides.sort(key=lambda c: (c.sentences[0].article, c.sentences[0].sentence, c.value))
        # Slots of their own: a "when" conflict would mark the timeline's dates of
        # these sentences as disputed.
        slot = {"round time": "time_in_round", "defence": "ordinal", "ages": "age", "role age": "age"}[entry["kind"]]
        cid = conflict_id([entry["kind"], entry["about"],
                           [[c.value, [[r.article, r.sentence] for r in c.sentences]] for c in conflict_sides]])
        out.append((Conflict(id=cid, about=entry["about"], sides=conflict_sides, slot=slot, kind="",
                             severity="high"),
                    [u for us in sides.values() for u in us]))
    return out
