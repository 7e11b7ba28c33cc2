"""Denials that do not align: one report affirms what another denies of one person.

The denial kind of :mod:`newsprism.reconcile.verdicts` compares sentences
that align as restatements.  A denial is often worded far from what it
denies: the police say "he pointed a .357 caliber revolver at them", the
family "deny that he was carrying a weapon", a witness says "Gray did not
have a gun".  Those sentences share no claim, but they hold one proposition
about one person, and they cannot all be true.

A proposition (``[propositions]`` of ``data/reconcile_denials.toml``) is a
set of verbs that state it ("have", "carry" a weapon) and of verbs whose
act entails it (to point a gun one must have it), with the objects it is
about.  A sentence affirms it when such a verb with such an object is
asserted of a person; it denies it when a stating verb is negated, or when
the proposition sits under a verb of denial ("deny that ...", "differs from
the assertion that ...").  Denying an act ("did not point the gun") denies
only that act, never the having.

Precision first:

* the path from the verb to the sentence's root must be plain: no modal,
  no "whether"/"if", no hedge ("allegedly"), no verb of belief or doubt,
  no other negation - such a sentence takes no side, nor does a question or
  a sentence that names a year (another time's act: "In 2005, he was
  convicted of holding a knife to her throat");
* the person is the verb's named subject, or a pronoun or role noun ("he",
  "the teen") when the story's statements of the proposition name exactly
  one person and the article names them too; a pronoun whose clause is
  reported by another singular person ("the officer said he had his gun")
  is that person, and takes no side;
* the two sides hold different articles, and a sentence is on one side only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from ..model import Conflict, ConflictSide
from .claims import ClaimUnit, load_data

__all__ = ["Hypothetical", "clause_at", "denial_conflicts", "hypothetical_rules"]

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


@dataclass(frozen=True)
class _Prop:
    name: str
    label: str
    states: frozenset[str]  # verbs that state it ("have", "carry")
    acts: frozenset[str]  # verbs whose affirmation entails it ("point")
    objects: frozenset[str]


@dataclass(frozen=True)
class Hypothetical:
    """What only supposes a proposition (data/reconcile_hypothetical.toml),
    for both kinds of denial: ``marks`` open a supposed clause (read on the
    parse); ``sentence`` patterns make a whole sentence conditional or
    counterfactual (read on its words)."""

    marks: frozenset[str]
    sentence: tuple[re.Pattern[str], ...]


@cache
def hypothetical_rules() -> Hypothetical:
    data = load_data("reconcile_hypothetical")
    marks = frozenset(w.lower() for w in data["marks"])
    # Whole words: "if" is no part of "iffy".
    words = r"\b(?:" + "|".join(re.escape(w.lower()) for w in data["anywhere"]) + r")\b"
    return Hypothetical(marks, (re.compile(words, re.IGNORECASE), re.compile(data["counterfactual"], re.IGNORECASE)))


@cache
def _rules() -> dict[str, Any]:
    data = load_data("reconcile_denials")
    props = tuple(
        _Prop(name, str(p["label"]), frozenset(p["states"]), frozenset(p.get("acts", [])), frozenset(p["objects"]))
        for name, p in data["propositions"].items())
    words = data["words"]
    return {
        "props": props,
        "deny": frozenset(words["deny"]),
        "claim_nouns": frozenset(words["claim_nouns"]),
        "doubt": frozenset(words["doubt"]),
        "hedges": frozenset(words["hedges"]),
        "modals": frozenset(words["modals"]),
        "roles": frozenset(words["person_roles"]),
        "pronouns": frozenset(words["pronouns"]),
        "collective": frozenset(words["collective"]),
        "titles": frozenset(words["titles"]),
        "other_time": re.compile(words["other_time"]),
    }


@dataclass(frozen=True)
class _Frame:
    unit: ClaimUnit
    prop: _Prop
    denied: bool
    person: tuple[str, ...]  # the named subject's words; () for a pronoun or role noun
    subject: str  # as written ("he", "the teenager", "Gray")
    verb: str  # as written, with its negation ("did not have", "pointed")
    stated: bool  # the verb states the proposition (vs an act that entails it)
    # Who denies, when a verb of denial says it ("family of the slain teen"):
    # the side names them, not the sentence's other speaker.
    denier: str = ""
    role: str = ""  # the role noun that stands for the person ("teen"), if one does


def _person(tok: Any) -> tuple[str, ...]:
    """The words of a proper name, titles left out ("Mr. Gray" -> ("Gray",))."""
    parts = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i]
    words = [t.text for t in sorted([*parts, tok], key=lambda t: t.i)]
    return tuple(w for w in words if w.lower().rstrip(".") not in _rules()["titles"])


def _subject(verb: Any) -> Any | None:
    """The verb's subject; for a subjectless verb conjoined to, or governed as
    "after pointing" / "to carry" by, another verb: that verb's subject."""
    node = verb
    for _ in range(4):
        subject = next((c for c in node.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            if subject.lower_ in ("who", "that") and node.dep_ == "relcl":
                return node.head  # "Gray, who had a gun": the noun the clause is about
            return subject
        if node.dep_ == "pcomp" and node.head.dep_ == "prep":
            node = node.head.head  # "killed ... after pointing a gun"
        elif node.dep_ in ("conj", "xcomp", "advcl") and node.head.i != node.i:
            node = node.head
        else:
            return None
        if node.pos_ not in ("VERB", "AUX"):
            return None
    return None


def _negated(verb: Any) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _polarity(verb: Any, doc: Any) -> tuple[bool, Any] | None:
    """(True, how): the sentence denies what ``verb`` states, ``how`` the verb
    of denial ("deny"), or None for a negation; (False, None): it affirms
    it; None: neither firmly (hedged, hypothetical, believed, asked)."""
    rules = _rules()
    if any(t.lower_ in rules["hedges"] for t in doc):
        return None
    if doc.text.rstrip().rstrip("\"”’'").endswith("?"):
        return None  # "What is he pointing a gun at ...?": asked, not said
    if rules["other_time"].search(doc.text):
        return None  # "In 2005, Gomes was convicted of ... holding a knife": another time's act
    denied, how, claimed = _negated(verb), None, False
    node = verb
    while True:
        if any(c.dep_ in ("aux", "auxpass") and c.lemma_.lower() in rules["modals"] for c in node.children):
            return None
        if any(c.dep_ == "mark" and c.lower_ in hypothetical_rules().marks for c in node.children):
            return None
        if node.i != verb.i:
            lemma = node.lemma_.lower()
            if lemma in rules["doubt"]:
                return None
            if lemma in rules["deny"] and node.pos_ == "VERB":
                if denied or _negated(node):
                    return None  # "did not deny that ...", "denied he did not ...": left alone
                denied, how = True, node
            elif node.pos_ in ("VERB", "AUX") and _negated(node):
                return None  # "did not say he had a gun"
            elif node.pos_ in ("NOUN", "PROPN"):
                if lemma not in rules["claim_nouns"]:
                    # A clause of a noun other than a claim ("the boy who had
                    # a gun") ends the climb: its own verb is what is said.
                    break
                claimed = True
        if node.head.i == node.i:
            if node.pos_ not in ("VERB", "AUX"):
                return None  # no verb above: a headline or a misparse says nothing firmly
            break
        node = node.head
    if not denied and any(t.lemma_.lower() in rules["deny"] for t in doc):
        return None  # a word of denial the climb did not pass: read as neither
    if claimed and not denied:
        return None  # "the allegation that he had a gun" is someone's claim, not the sentence's
    return denied, how


def _reported_by_other(subject: Any) -> bool:
    """Whether a pronoun's clause is reported by one singular person or
    named party ("the officer said he ..."): the pronoun is likely theirs."""
    rules = _rules()
    node = subject.head
    while node.head.i != node.i:
        if node.dep_ == "ccomp":
            speaker = next((c for c in node.head.children if c.dep_ in _SUBJECTS), None)
            if speaker is not None and speaker.tag_ in ("NN", "NNP") and \
                    speaker.lemma_.lower() not in rules["collective"]:
                return True
        node = node.head
    return False


def clause_at(units: Sequence[ClaimUnit], offset: int, *, passing: bool = False) -> ClaimUnit | None:
    """The claim unit of one sentence that holds the character ``offset``:
    the narrowest clause around it that the sentence asserts (a sentence of
    several clauses is several units, each with its own speaker).  A fact
    stated in passing (an age, a relative clause) is taken only with
    ``passing`` and when no asserted clause holds the offset."""
    around = [u for u in units if u.span is None or u.span[0] <= offset < u.span[1]]
    asserted = [u for u in around if not u.passing]
    pool = asserted or (around if passing else [])
    if not pool:
        return None
    return min(pool, key=lambda u: (u.span[1] - u.span[0]) if u.span else 1 << 30)


def _frames(units: Sequence[ClaimUnit], doc: Any) -> list[_Frame]:
    rules = _rules()
    out = []
    for tok in doc:
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        lemma = tok.lemma_.lower()
        # The object; the parse sometimes makes it a clause ("he pointed a .357
        # caliber revolver" with "revolver" as ccomp).
        objects = [c for c in tok.children if c.dep_ == "dobj" or (c.dep_ in ("ccomp", "oprd") and c.pos_ == "NOUN")]
        for prop in rules["props"]:
            if lemma not in prop.states and lemma not in prop.acts:
                continue
            if not any(o.lemma_.lower() in prop.objects for o in objects):
                continue
            subject = _subject(tok)
            if subject is None:
                continue
            found = _polarity(tok, doc)
            if found is None:
                continue
            polarity, how = found
            if polarity and lemma not in prop.states:
                continue  # "did not point the gun" does not deny having it
            if subject.pos_ == "PROPN":
                person = _person(subject)
            elif subject.lower_ in rules["pronouns"]:
                if _reported_by_other(subject):
                    continue
                person = ()
            elif subject.pos_ == "NOUN" and subject.lemma_.lower() in rules["roles"]:
                person = ()
            else:
                continue
            neg = " ".join(t.text for t in tok.children if t.dep_ in ("aux", "neg") and t.i < tok.i)
            subj = " ".join(t.text for t in subject.subtree) if subject.pos_ == "NOUN" else subject.text
            denier = ""
            if how is not None:
                # The side names who denies: the subject of the verb of
                # denial, up to its first comma.
                by = next((c for c in how.children if c.dep_ in _SUBJECTS), None)
                if by is None or by.pos_ == "PRON" or by.lemma_.lower() in rules["claim_nouns"]:
                    continue  # "her account differs": whose account, the parse does not say
                words = []
                for t in by.subtree:
                    if t.text == ",":
                        break
                    words.append(t.text)
                denier = " ".join(words)
            verb = f"{how.text} … {tok.text}" if how is not None else f"{neg} {tok.text}".strip()
            unit = clause_at(units, tok.idx)
            if unit is None:
                continue
            role = subject.lemma_.lower() if subject.pos_ == "NOUN" else ""
            out.append(_Frame(unit, prop, polarity, person, subj, verb, lemma in prop.states, denier, role))
    return out


def _alike(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One person: a one-word name is a part of the other ("Gray", "Kimani"
    in "Kimani Gray"); two full names are equal."""
    la, lb = [w.lower() for w in a], [w.lower() for w in b]
    if len(la) == 1 or len(lb) == 1:
        return bool(set(la) & set(lb))
    return la[-1] == lb[-1] and la[0] == lb[0]


def denial_conflicts(
    units: Sequence[ClaimUnit],
    *,
    parse: Callable[[ClaimUnit], Any],
    side: Callable[[Sequence[ClaimUnit], str], ConflictSide],
    conflict_id: Callable[[list[Any]], str],
) -> list[tuple[Conflict, list[ClaimUnit]]]:
    """The denial conflicts of a story's claim units that no alignment
    joins, each with the units that take a side (see the module's doc)."""
    frames: list[_Frame] = []
    names: dict[str, set[str]] = {}  # article -> the proper nouns it writes
    # role noun -> the names written next to it somewhere in the story
    # ("the teenager, Kimani Gray"): a role stands only for a person it describes.
    described: dict[str, set[str]] = {}
    by_sentence: dict[tuple[str, int], list[ClaimUnit]] = {}
    for u in sorted(units, key=lambda u: u.order):
        by_sentence.setdefault(u.key, []).append(u)
    for same in by_sentence.values():
        doc = parse(same[0])
        if doc is None:
            continue
        names.setdefault(same[0].article, set()).update(t.text.lower() for t in doc if t.pos_ == "PROPN")
        for t in doc:
            if t.lemma_.lower() in _rules()["roles"]:
                near = doc[max(t.i - 4, 0):t.i + 5]
                described.setdefault(t.lemma_.lower(), set()).update(n.text.lower() for n in near if n.pos_ == "PROPN")
        frames += _frames(same, doc)

    out = []
    for prop in _rules()["props"]:
        mine = [f for f in frames if f.prop is prop]
        people: list[tuple[str, ...]] = []
        for f in mine:
            if f.person and not any(_alike(f.person, p) for p in people):
                people.append(f.person)
        # The fullest name of each person ("Kimani Gray" over "Gray").
        for f in mine:
            for i, p in enumerate(people):
                if f.person and _alike(f.person, p) and len(f.person) > len(p):
                    people[i] = f.person
        for person in people:
            sides: dict[bool, list[_Frame]] = {False: [], True: []}
            resolved = False
            for f in mine:
                if f.person:
                    if _alike(f.person, person):
                        sides[f.denied].append(f)
                elif len(people) == 1 and {w.lower() for w in person} & names.get(f.unit.article, set()) and \
                        (not f.role or {w.lower() for w in person} & described.get(f.role, set())):
                    # "he", "the teen": the one person these statements name,
                    # their article names them too, and a role noun is one
                    # the story writes beside their name.
                    sides[f.denied].append(f)
                    resolved = True
            yes = {f.unit.key: f for f in sides[False]}
            no = {f.unit.key: f for f in sides[True]}
            both = set(yes) & set(no)
            yes = {k: f for k, f in yes.items() if k not in both}
            no = {k: f for k, f in no.items() if k not in both}
            arts_yes, arts_no = {f.unit.article for f in yes.values()}, {f.unit.article for f in no.values()}
            if not yes or not no or (arts_yes == arts_no and len(arts_yes) == 1):
                continue  # a conflict is between reports
            who = " ".join(person)
            what = sorted({o for f in [*yes.values(), *no.values()] for o in prop.objects
                           if o in f.unit.source_text.lower()})
            why = f"the same person: {who}"
            if resolved:
                written = sorted({f.subject for f in [*yes.values(), *no.values()] if not f.person})
                why += f" (“{'”, “'.join(written)}” read as {who}, the one person these statements name)"
            about = f"whether {who} {prop.label} ({', '.join(what)}; {why})"
            verbs_yes = ", ".join(dict.fromkeys(f.verb for f in yes.values()))
            verbs_no = ", ".join(dict.fromkeys(f.verb for f in no.values()))
            denied_side = side([f.unit for f in no.values()], f"denied ({verbs_no})")
            if any(f.denier for f in no.values()):
                # Who denies: the verb of denial's subject, else the clause's own speaker.
                said: list[str] = []
                for f in no.values():
                    for who_says in ([f.denier] if f.denier else side([f.unit], "").said_by):
                        if who_says not in said:
                            said.append(who_says)
                denied_side = replace(denied_side, said_by=said)
            conflict_sides = [side([f.unit for f in yes.values()], f"affirmed ({verbs_yes})"), denied_side]
            cid = conflict_id(["denial", about, [[c.value, [[r.article, r.sentence] for r in c.sentences]]
                                                 for c in conflict_sides]])
            out.append((Conflict(id=cid, about=about, sides=conflict_sides, slot="what", kind="denial",
                                 severity="high"),
                        [f.unit for f in [*yes.values(), *no.values()]]))
    return out
