"""Statement conflicts: reports that name a different person or place.

Values are not only figures and dates.  Two reports can put a different
person in the same role ("Robert Pattinson and Kristen Stewart will star in
'Moon'" vs "'Moon' ... with Robert Pattinson and Kristen Bell in the lead
roles"), or a different place for the same event ("Gomes was found barricaded
in a room on Philip Street" vs "Mr. Gomes was found ... in a dwelling on
Phillips Road").  Such a pair is a conflict of kind "who" or "where".

Precision first, as for every conflict (:mod:`newsprism.reconcile.verdicts`):

* where - named ways only (a street, a road: heads in
  ``data/reconcile_statements.toml``), each tied by the parse to the verb of
  its clause and that verb's named subject.  Two reports disagree when they
  give the same participant the same verb ("found", "arrested") and no way
  of one is a way of the other.  Ways are one when their heads are one
  ("St." is "Street") and their names are spellings or parts of one another
  ("Independent"/"Independence Street").  A town or a district is never a
  side, so a street and the town it is in never disagree;
* who - a list of people holding one role ("star", "in the lead roles") in
  two reports that share the rest of the list and a name of the work, and
  differ in exactly one person whose given name is the same and whose
  surname is not a spelling of the other ("Kristen Stewart" vs "Kristen
  Bell": one person named two ways).  Two lists that each add someone are
  not in conflict: both can be partial.

Both sentences must be firm (no hedge or negation of ``[firm]``), of
different articles; one sentence is never on both sides.  The label says
the shared event and slot, the two names and why they are not variants.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..model import Conflict, ConflictSide
from .claims import ClaimUnit, load_data
from .denials import denial_conflicts
from .statement_figures import figure_statement_conflicts

__all__ = ["statement_conflicts"]

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


@cache
def _rules() -> dict[str, Any]:
    data = load_data("reconcile_statements")
    hedges = [tuple(h.lower().split()) for h in data["firm"]["hedges"]]
    return {
        "heads": {k.lower(): v for k, v in data["where"]["heads"].items()},
        "role_verbs": dict(data["who"]["role_verbs"]),
        "role_nouns": dict(data["who"]["role_nouns"]),
        "hedges": tuple(hedges),
        "similar": float(data["variants"]["similar"]),
    }


@dataclass(frozen=True)
class _Frame:
    """One statement of a sentence: who or where, for whom and what event."""

    unit: ClaimUnit
    kind: str  # "where" | "who"
    participant: str  # where: the subject's name; who: the role
    event: frozenset[str]  # where: the verbs from the place to its clause; who: names of the work
    values: tuple[tuple[str, ...], ...]  # where: (name, head) per way; who: the people, each as its words
    # where: the subject and verb as written ("Gomes was found"); who: the
    # sentence's other names, "|"-separated (the work, its makers).
    label: str = ""


def _norm(words: Sequence[str]) -> str:
    return re.sub(r"[^a-z0-9]+", "", " ".join(words).lower())


def _spelt_alike(a: str, b: str) -> bool:
    """Whether two names are one: equal, one part of the other, or spelt alike."""
    a, b = a.lower(), b.lower()
    if not a or not b:
        return False
    if a == b or a in b or b in a:
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= _rules()["similar"]


def _firm(doc: Any) -> bool:
    words = [t.lemma_.lower() for t in doc] + [t.text.lower() for t in doc]
    # Each hedge is tried only where its first word stands (trying every
    # position for every hedge was a third of statement_conflicts).
    at: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        at.setdefault(w, []).append(i)
    for hedge in _rules()["hedges"]:
        n = len(hedge)
        if not n:
            return False  # an empty hedge is in every sentence
        if any(tuple(words[i:i + n]) == hedge for i in at.get(hedge[0], ())):
            return False
    return True


def _name(tok: Any) -> tuple[str, ...]:
    """The words of the proper name headed by ``tok`` ("Kristen Stewart")."""
    parts = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i]
    return tuple(t.text for t in sorted([*parts, tok], key=lambda t: t.i))


def _ways(doc: Any) -> list[tuple[Any, tuple[str, str]]]:
    """(head token, (name, head)) of each named way of the sentence."""
    heads = _rules()["heads"]
    out = []
    for tok in doc:
        head = heads.get(tok.text.lower())
        if head is None or tok.pos_ != "PROPN":
            continue
        name = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i]
        if not name:
            continue
        out.append((tok, (" ".join(t.text for t in sorted(name, key=lambda t: t.i)), head)))
    return out


def _clause_of(tok: Any) -> tuple[Any, list[str], str] | None:
    """(named subject, verbs passed, "subject verb" as written) of the clause
    a place belongs to: the first verb above it with a subject.  None when
    that subject is no name or the place sits in a relative clause ("where
    she lives")."""
    verbs: list[str] = []
    node = tok
    # spaCy makes a new Token object on each access: compare indices (the
    # root is its own head), never identity.
    while node.head.i != node.i:
        node = node.head
        if node.pos_ not in ("VERB", "AUX"):
            continue
        verbs.append(node.lemma_.lower())
        subject = next((c for c in node.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            if subject.pos_ != "PROPN":
                return None
            aux = [c.text for c in node.children if c.dep_ == "auxpass"]
            return subject, verbs, " ".join([" ".join(_name(subject)), *aux, node.text])
        # A place in a relative clause belongs to a noun ("where she lives");
        # one under a second verb of the subject to another event ("arrested
        # and arraigned in ...").
        if node.dep_ in ("relcl", "acl", "ccomp", "conj"):
            return None
    return None


def _where_frames(unit: ClaimUnit, doc: Any) -> list[_Frame]:
    by_clause: dict[tuple[str, frozenset[str]], list[tuple[str, str]]] = {}
    for tok, way in _ways(doc):
        clause = _clause_of(tok)
        if clause is None:
            continue
        subject, verbs, label = clause
        key = (subject.text.lower(), frozenset(verbs), label)
        if way not in by_clause.setdefault(key, []):
            by_clause[key].append(way)
    return [_Frame(unit, "where", who, verbs, tuple(ways), label) for (who, verbs, label), ways in by_clause.items()]


def _people(tok: Any) -> list[tuple[str, ...]]:
    """The names of the list headed by ``tok`` (itself and its conjuncts).
    The parse a claim holds may have no entity labels: a proper name in a
    role's list is taken for a person, and only a two-word name (given name
    and surname) can take a side."""
    return [_name(t) for t in [tok, *tok.conjuncts] if t.pos_ == "PROPN"]


def _works(doc: Any, people: Sequence[tuple[str, ...]]) -> frozenset[str]:
    """Proper names of the sentence that are no one's name: the work or event."""
    words = {w.lower() for p in people for w in p}
    return frozenset(t.text.lower() for t in doc if t.pos_ == "PROPN" and t.text.lower() not in words)


def _who_frames(unit: ClaimUnit, doc: Any) -> list[_Frame]:
    rules = _rules()
    out = []
    for tok in doc:
        role, people = None, []
        if tok.pos_ == "VERB" and tok.lemma_.lower() in rules["role_verbs"]:
            role = rules["role_verbs"][tok.lemma_.lower()]
            subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            people = _people(subject) if subject is not None else []
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in rules["role_nouns"] and tok.dep_ == "pobj" \
                and tok.head.lower_ == "in":
            # "with X and Y in the lead roles": the list beside the "in" phrase.
            role = rules["role_nouns"][tok.lemma_.lower()]
            holder = tok.head.head
            if holder.pos_ == "PROPN":
                people = _people(holder)
            else:
                for c in holder.children:
                    if c.dep_ == "prep" and c.lower_ == "with":
                        people += [p for o in c.children if o.dep_ == "pobj" for p in _people(o)]
        if role and len(people) >= 2:
            works = _works(doc, people)
            # The names as written, one per run of words ("Melissa Rosenberg").
            runs: list[list[str]] = []
            for t in doc:
                if t.pos_ == "PROPN" and t.text.lower() in works:
                    if runs and t.i > 0 and doc[t.i - 1].text == runs[-1][-1]:
                        runs[-1].append(t.text)
                    else:
                        runs.append([t.text])
            label = "|".join(dict.fromkeys(" ".join(r) for r in runs))
            out.append(_Frame(unit, "who", role, works, tuple(people), label))
    return out


def _place(way: tuple[str, ...]) -> str:
    """A way as the sentence names it ("Philip Street"): the name and its head."""
    return f"{way[0]} {way[1].capitalize()}"


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """"Stewart" and "Kristen Stewart", "Baghouz" and "Baghuz": one name."""
    return _spelt_alike(a[-1], b[-1]) and (len(a) == 1 or len(b) == 1 or _spelt_alike(a[0], b[0]))


def _where_pair(a: _Frame, b: _Frame) -> str | None:
    """Why the two frames' places disagree, or None."""
    if a.participant != b.participant or not a.event & b.event:
        return None
    for name_a, head_a in a.values:
        for name_b, head_b in b.values:
            if head_a == head_b and _spelt_alike(_norm([name_a]), _norm([name_b])):
                return None
    (name_a, head_a), (name_b, head_b) = a.values[0], b.values[0]
    why = (f"a {head_a} is not a {head_b}" if head_a != head_b and _spelt_alike(_norm([name_a]), _norm([name_b]))
           else "names neither spelt alike nor part of one another")
    return why


def _who_pair(a: _Frame, b: _Frame) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None:
    """(shared person, a's, b's) when the lists differ by one person named two ways."""
    if a.participant != b.participant or not a.event & b.event or len(a.values) != len(b.values):
        return None
    only_a = [p for p in a.values if not any(_same_person(p, q) for q in b.values)]
    only_b = [q for q in b.values if not any(_same_person(p, q) for p in a.values)]
    shared = [p for p in a.values if p not in only_a]
    if len(only_a) != 1 or len(only_b) != 1 or not shared:
        return None
    pa, pb = only_a[0], only_b[0]
    # One person named two ways: the same given name, surnames not alike.
    if len(pa) < 2 or len(pb) < 2 or pa[0].lower() != pb[0].lower() or _spelt_alike(pa[-1], pb[-1]):
        return None
    return shared[0], pa, pb


def statement_conflicts(
    units: Sequence[ClaimUnit],
    *,
    parse: Callable[[ClaimUnit], Any],
    side: Callable[[Sequence[ClaimUnit], str], ConflictSide],
    conflict_id: Callable[[list[Any]], str],
) -> list[tuple[Conflict, list[ClaimUnit]]]:
    """The "who" and "where" conflicts of a story's claim units, each with
    the units that take a side.  ``parse`` gives a unit's sentence doc (None
    without a model), ``side`` builds a side from units and its value, and
    ``conflict_id`` a stable id from the conflict's content."""
    frames: list[_Frame] = []
    seen: set[tuple[str, int]] = set()
    for u in sorted(units, key=lambda u: u.order):
        if u.key in seen or u.passing:
            continue
        seen.add(u.key)
        doc = parse(u)
        if doc is None or not _firm(doc):
            continue
        frames += _where_frames(u, doc) + _who_frames(u, doc)

    # Pairs across articles that disagree, joined into sides by value.
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for i, a in enumerate(frames):
        for b in frames[i + 1:]:
            if a.kind != b.kind or a.unit.article == b.unit.article:
                continue
            if a.kind == "where":
                why = _where_pair(a, b)
                if why is None:
                    continue
                va, vb = " / ".join(_place(w) for w in a.values), " / ".join(_place(w) for w in b.values)
                about = f"where {a.label}: {va} or {vb} ({why})"
                key = ("where", f"{a.participant}|{'|'.join(sorted(a.event & b.event))}")
            else:
                pair = _who_pair(a, b)
                if pair is None:
                    continue
                shared, pa, pb = pair
                va, vb = " ".join(pa), " ".join(pb)
                both = [n for n in a.label.split("|") if all(w.lower() in a.event & b.event for w in n.split())]
                about = (f"who has the {a.participant} role beside {' '.join(shared)}: {va} or {vb} "
                         f"(the same given name, different surnames; both reports name {', '.join(both)})")
                key = ("who", f"{a.participant}|{' '.join(shared).lower()}")
            entry = found.setdefault(key, {"about": about, "kind": a.kind, "sides": {}})
            entry["sides"].setdefault(va, []).append(a.unit)
            entry["sides"].setdefault(vb, []).append(b.unit)

    out = []
    for entry in found.values():
        sides = {v: list({id(u): u for u in us}.values()) for v, us in entry["sides"].items()}
        # One sentence is never on two sides, one value never on two sides.
        keys = [{u.key for u in us} for us in sides.values()]
        if any(keys[i] & keys[j] for i in range(len(keys)) for j in range(i + 1, len(keys))) or len(sides) < 2:
            continue
        conflict_sides = [side(us, v) for v, us in sides.items()]
        conflict_sides.sort(key=lambda c: (c.sentences[0].article, c.sentences[0].sentence, c.value))
        cid = conflict_id([entry["kind"], entry["about"],
                           [[c.value, [[r.article, r.sentence] for r in c.sentences]] for c in conflict_sides]])
        out.append((Conflict(id=cid, about=entry["about"], sides=conflict_sides, slot=entry["kind"],
                             kind=entry["kind"], severity="high"),
                    [u for us in sides.values() for u in us]))
    # A person's proposition affirmed in one report and denied in another.
    out += denial_conflicts(units, parse=parse, side=side, conflict_id=conflict_id)
    # A time in a round, a title defence's ordinal, a listed group's ages.
    out += figure_statement_conflicts(units, parse=parse, side=side, conflict_id=conflict_id)
    return out
