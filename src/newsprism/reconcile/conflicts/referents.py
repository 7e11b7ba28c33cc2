"""Same referent: whether two observations are about one thing - one
place, scope, whole, person (their ages), owner and occasion (one
player's figures of one game) - and the sides they fall into."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ...partial_dates import ranges_compatible
from ..claims import ClaimUnit, is_story_event, load_data, normalize_text
from .observe import _Obs, _figure_span, _concept_labels, _masking, _not_count, _parse_one, _update_rules

__all__ = [
    "_antecedents", "_compatible", "_linked", "_named_age_rules", "_named_ages", "_one_owner", "_one_place",
    "_part_and_whole", "_places", "_running_total", "_same_referent", "_sides",
]


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
        # A value that one member of a side allows joins it: "over $2.6
        # million" beside "$2.6 million" disputes nothing.
        fits = [s for s in sides if any(_compatible(m, o) for m in s)]
        if not fits:
            sides.append([o])
        elif len(fits) == 1:
            fits[0].append(o)
    return sides


def _one_place(sides: list[list[_Obs]]) -> list[list[_Obs]]:
    """Sides without any sentence or value that is on two sides: a sentence
    that gives both values lists parts ("four sentences ... seven life
    sentences"), and a value on both sides contradicts nothing."""
    def value_key(o: _Obs) -> str:
        return o.key if o.slot != "how_many" else f"{o.span[0]}:{o.span[1]}"

    sentence_sides: dict[tuple[str, int], set[int]] = {}
    value_sides: dict[str, set[int]] = {}
    for n, s in enumerate(sides):
        for o in s:
            sentence_sides.setdefault(o.unit.key, set()).add(n)
            value_sides.setdefault(value_key(o), set()).add(n)
    return [kept for s in sides
            if (kept := [o for o in s if len(sentence_sides[o.unit.key]) == 1
                         and len(value_sides[value_key(o)]) == 1])]


def _places(u: ClaimUnit) -> frozenset[str]:
    return frozenset((p.get("entity") or normalize_text(p.get("name") or "")) for p in u.slots.get("where", []))


@cache
def _scope_rules() -> tuple[tuple[tuple[str, re.Pattern[str]], ...], re.Pattern[str] | None]:
    """``[scope]`` of verdicts_quantities.toml: (name, pattern) pairs, and
    the pattern of a whole's "N of the"."""
    data = load_data("verdicts_quantities").get("scope", {})
    patterns = tuple((name, re.compile(p, re.IGNORECASE)) for name, p in data.get("patterns", {}).items())
    whole = data.get("whole")
    return patterns, re.compile(whole, re.IGNORECASE) if whole else None


def _scopes(u: ClaimUnit) -> frozenset[str]:
    """The periods the sentence scopes its figures to ("in his last two
    games", "in the second half")."""
    out = set()
    for name, pattern in _scope_rules()[0]:
        for m in pattern.finditer(u.text):
            out.add(f"{name}:{' '.join(m.group(0).lower().split())}")
    return frozenset(out)


@cache
def _period_rules() -> tuple[tuple[tuple[str, re.Pattern[str]], ...], tuple[tuple[str, re.Pattern[str]], ...]]:
    """``[scope.periods]`` and ``[scope.kinds]`` of verdicts_quantities.toml:
    (name, pattern) pairs of each."""
    data = load_data("verdicts_quantities").get("scope", {})

    def compiled(key: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((name, re.compile(p, re.IGNORECASE)) for name, p in data.get(key, {}).items())

    return compiled("periods"), compiled("kinds")


@cache
def _phrase_rules() -> tuple[frozenset[str], frozenset[str], frozenset[str],
                             tuple[tuple[str, re.Pattern[str]], ...], tuple[tuple[str, re.Pattern[str]], ...]]:
    """``[scope.phrase]`` of verdicts_quantities.toml: (parts of speech of
    the word a figure hangs on, dependencies climbed past it, dependencies
    of another clause that are not the figure's phrase, the periods and the
    kinds read on the phrase)."""
    data = load_data("verdicts_quantities").get("scope", {}).get("phrase", {})

    def compiled(key: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((name, re.compile(p, re.IGNORECASE)) for name, p in data.get(key, {}).items())

    return (frozenset(data.get("head_pos", [])), frozenset(data.get("climb_deps", [])),
            frozenset(data.get("clause_deps", [])), compiled("periods"), compiled("kinds"))


def _figure_phrase(o: _Obs) -> str | None:
    """The words of the figure's own phrase: the subtree of the verb it
    hangs on ("third quarter revenue was $13 billion"), climbed past the
    verbs it completes ("is expected to reach $40 billion"), without the
    other clauses of the sentence ("entering the fourth quarter", a
    coordinated clause with a figure of its own); None when the figure has
    no place in a parse."""
    u = o.unit
    doc = u.doc
    if doc is None or o.start < 0 or not doc.text.startswith(u.source_text):
        return None
    span = doc.char_span(o.start, o.end, alignment_mode="expand")
    if span is None:
        return None
    head_pos, climb, clause, _, _ = _phrase_rules()
    head = span.root
    while head.pos_ not in head_pos and head.head.i != head.i:
        head = head.head
    while head.dep_ in climb and head.head.i != head.i:
        head = head.head
    inside = {t.i for t in span}
    lo, hi = u.span if u.span is not None else (0, len(doc.text))
    kept: list[Any] = []
    todo = [head]
    while todo:
        t = todo.pop()
        if not lo <= t.idx < hi:
            continue
        kept.append(t)
        todo.extend(c for c in t.children
                    if c.dep_ not in clause or any(x.i in inside for x in c.subtree))
    return "".join(t.text_with_ws for t in sorted(kept, key=lambda t: t.i))


def _period_keys(rules: Sequence[tuple[str, re.Pattern[str]]], text: str) -> set[str]:
    # "third-quarter" and "third quarter" are one period.
    return {f"{name}:{' '.join(m.group(0).lower().replace('-', ' ').split())}"
            for name, p in rules for m in p.finditer(text)}


def _periods(o: _Obs) -> frozenset[str]:
    """The periods ("this year", "quarterly") and kinds (a forecast) the
    sentence gives a figure of something the story's concepts do not count:
    those its clause names, and the weaker cues of its own phrase ("third
    quarter revenue", "will reach"); none for the concepts' counts, whose
    referent is the story's event."""
    if o.topic in _concept_labels():
        return frozenset()
    periods, kinds = _period_rules()
    text = o.unit.text  # the clause, when the sentence states several things
    out = _period_keys(periods, text) | {name for name, p in kinds if p.search(text)}
    _, _, _, near_periods, near_kinds = _phrase_rules()
    if any(p.search(text) for _, p in (*near_periods, *near_kinds)):
        phrase = _figure_phrase(o)
        if phrase is not None:
            out |= _period_keys(near_periods, phrase) | {name for name, p in near_kinds if p.search(phrase)}
    return frozenset(out)


def _part_of_whole(o: _Obs) -> float | None:
    """The part's value when the figure is the whole of "N of the M"
    ("missed 10 of the team's 16 games": 10 for the 16)."""
    whole = _scope_rules()[1]
    if whole is None or o.start < 0:
        return None
    m = whole.search(o.unit.text[max(0, o.start - 60):o.start])
    if not m:
        return None
    word = m.group(1).lower()
    if word.isdigit():
        return float(word)
    value = load_data("quantities_rules").get("numbers", {}).get("small", {}).get(word)
    return float(value) if value is not None else None


def _counts_the_part(whole: _Obs, other: _Obs) -> bool:
    part = _part_of_whole(whole)
    return part is not None and other.span is not None and other.span[0] <= part <= other.span[1]


def _same_referent(a: _Obs, b: _Obs) -> bool:
    """Whether nothing says two figures are about different things: aligned
    sentences are one claim; otherwise the places both name must meet and
    the dates both give must be compatible."""
    if a.slot != "how_many":
        return True  # a date's or a comparison's referent is its event or subject
    if _scopes(a.unit) != _scopes(b.unit):
        # "eight touchdowns since Week 11" and "two touchdowns in his last
        # two games" count different stretches, even in aligned sentences.
        return False
    if _periods(a) != _periods(b):
        # "revenue of $36 billion this year" / "$13 billion in the third
        # quarter"; "expects $36 billion" / "reported $13 billion".
        return False
    if _counts_the_part(a, b) or _counts_the_part(b, a):
        # "missed 10 of the team's 16 games" against "missed 10 games": the
        # 16 is the season, the other figure its part.
        return False
    pa, pb = _places(a.unit), _places(b.unit)
    if _additive(a) != _additive(b) and not pa & pb:
        # "another 20,000 people marched" is a further group, unless both
        # name the one place it marched in.
        return False
    ages_a, ages_b = _ages(a.unit), _ages(b.unit)
    if a.topic not in _concept_labels() and ages_a and ages_b and not ages_a & ages_b:
        # "36-year-old Rait fell about 60m" and "31-year-old Buckley fell 700
        # meters": different ages are different people, and what they did differs.
        return False
    if _running_total(a) != _running_total(b):
        # "have confiscated 31 magazines so far" is the sum of several
        # operations, not this one's 12.
        return False
    if a.group == b.group:
        return True
    if pa and pb and not pa & pb:
        return False
    if a.contexts & b.contexts & _update_rules()[0]:
        return True  # a toll is counted again on later days: the dates differ, the referent does not
    da = [w["range"] for w in a.unit.slots.get("when", []) if w.get("range") and is_story_event(w.get("event"))]
    db = [w["range"] for w in b.unit.slots.get("when", []) if w.get("range") and is_story_event(w.get("event"))]
    if da and db and not any(ranges_compatible(x, y) for x in da for y in db):
        return False
    return True


def _ages(u: ClaimUnit) -> frozenset[float]:
    return frozenset(float(q["value"]) for q in u.slots.get("how_many", [])
                     if (q.get("counted") or "").lower() == "age" and q.get("value") is not None)


@cache
def _named_age_rules() -> tuple[bool, str, frozenset[str], frozenset[str]]:
    """(enabled, label, entity labels of a person, words between a name and
    the age written after it): ``[named_age]``."""
    data = load_data("verdicts_quantities").get("named_age", {})
    return (bool(data.get("enabled", False)), str(data.get("label", "age of {name}")),
            frozenset(data.get("entity_labels", ["PERSON"])),
            frozenset(w.lower() for w in data.get("between_after", [])))


def _person_key(name: str) -> tuple[str, tuple[str, ...]]:
    """(last word, the words before it) of a person's name, lower-cased and
    without a possessive: "Sharron Diane Crawford Smith" and "Sharron Smith"
    are one person when the story names no other Smith whose given name
    is not Sharron."""
    words = re.findall(r"[\w'.-]+", name.lower().removesuffix("'s").removesuffix("’s"))
    return (words[-1], tuple(words[:-1])) if words else ("", ())


def _named_ages(units: Sequence[ClaimUnit], group_of: Mapping[int, int]) -> dict[str, list[_Obs]]:
    """Ages written right against a person's name, by person ("smith" or,
    when the story names several people with that last word, the full
    name): an age is one person's, so only the same person's ages are
    compared (``[named_age]``)."""
    enabled, _, labels, between = _named_age_rules()
    if not enabled:
        return {}
    found: list[tuple[tuple[str, tuple[str, ...]], str, _Obs]] = []
    first_names: dict[str, set[tuple[str, ...]]] = {}
    for idx, u in enumerate(units):
        names = {w["text"] for w in u.slots.get("who", []) if w.get("label") in labels and w.get("text")}
        for name in names:
            last, first = _person_key(name)
            if first:
                first_names.setdefault(last, set()).add(first[0])
        text = u.source_text
        spans = sorted((m.start(), m.end(), name) for name in names for m in re.finditer(re.escape(name), text))
        for q in u.slots.get("how_many", []):
            if (q.get("counted") or "").lower() != "age" or q.get("value") is None or q.get("start") is None:
                continue
            start, end = int(q["start"]), int(q["end"])
            name = None
            for lo, hi, written in spans:
                if lo >= end and not text[end:lo].strip():
                    name = written  # "61-year-old Sharron Smith", "the 36-year-old Rahman"
                    break
                gap = re.findall(r"\w+|[^\w\s]", text[hi:start].lower()) if hi <= start else None
                if gap and "," in gap and set(gap) <= between:
                    name = written  # "Lo Presti, 52,", "Smith, age 61"
            if name is None:
                continue
            value = float(q["value"])
            found.append((_person_key(name), name, _Obs(
                u, group_of[idx], "how_many", "age", frozenset(), (value, value), q.get("text") or str(q["value"]),
                str(value), 0.0, start=start, end=end)))
    out: dict[str, list[_Obs]] = {}
    for (last, first), shown, o in found:
        several = len(first_names.get(last, ())) > 1
        if several and not first:
            continue  # "Gomes, 61," when the story has two Gomeses
        key = f"{first[0]} {last}" if several else last
        out.setdefault(key, []).append(dataclasses.replace(o, target_text=shown))
    return out


@dataclass(frozen=True)
class _OwnedRules:
    enabled: bool
    pronouns: frozenset[str]
    subject_deps: frozenset[str]
    shared_subject_deps: frozenset[str]
    occasion_words: frozenset[str]
    per_occasion: frozenset[str]


@cache
def _owned_rules() -> _OwnedRules:
    """Whose a figure is, and of which occasion: ``[owned_figures]``."""
    data = load_data("verdicts_quantities").get("owned_figures", {})

    def low(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key, []))

    return _OwnedRules(bool(data.get("enabled", False)), low("pronouns"), low("subject_deps"),
                       low("shared_subject_deps"), low("occasion_words"), low("per_occasion"))


def _owner(o: _Obs, parses: dict[str, Any]) -> str | None:
    """Whose own figure ``o`` is: the last word of a named owner ("clark"),
    "?" for a pronoun or a name the parse cannot give, None when the figure
    has no owner (its noun has no possessor and its verb no name or
    pronoun as subject)."""
    rules = _owned_rules()
    if o.start < 0:
        return None
    span = _figure_span(o, parses)
    if span is None:
        return None
    noun = span.root
    if noun.dep_ == "nummod" and noun.head.i != noun.i:
        noun = noun.head  # "11" in "11 rebounds"

    labels = _named_age_rules()[2]
    people = {_person_key(w["text"])[0] for w in o.unit.slots.get("who", [])
              if w.get("label") in labels and w.get("text")}

    def who(t: Any) -> str | None:
        # A person only: "the Senate passed a $1.2 trillion plan" is no one's own figure.
        if t.lower_ in rules.pronouns:
            return "?"
        if t.pos_ != "PROPN":
            return None
        last = _person_key(t.text)[0]
        return last if t.ent_type_ in labels or last in people else None

    # "Echenique's 11 rebounds", "3 of his 11 rebounds"
    for c in noun.children:
        if c.dep_ == "poss":
            return who(c) or None
    verb = noun
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    while True:
        subject = next((c for c in verb.children if c.dep_ in rules.subject_deps), None)
        if subject is not None:
            return who(subject)
        if verb.dep_ in rules.shared_subject_deps and verb.head.i != verb.i:
            verb = verb.head  # "... and blocked six shots" shares "Echenique scored"
            continue
        return None


def _occasion(o: _Obs, parses: dict[str, Any]) -> frozenset[str]:
    """The opponents the figure's sentence names after an occasion word
    ("a win over South Florida", "beat Drake"), normalised."""
    rules = _owned_rules()
    doc = _parse_one(o.unit.source_text, parses, o.unit)
    if doc is None:
        return frozenset()
    found = set()
    for t in doc:
        # The head word of a name ("Florida" of "South Florida"), whatever
        # the entity recogniser made of it: teams are read as places too.
        if t.pos_ != "PROPN" or t.dep_ == "compound":
            continue
        if t.head.lower_ in rules.occasion_words or t.head.head.lower_ in rules.occasion_words:
            words = [c for c in t.children if c.dep_ == "compound" and c.pos_ == "PROPN"] + [t]
            found.add(normalize_text(" ".join(w.text for w in sorted(words, key=lambda w: w.i))))
    return frozenset(found)


def _antecedents(units: Sequence[ClaimUnit]) -> dict[int, str]:
    """id(unit) -> the one person the sentences of its article before it
    last named (the last word of the name), for a "he" or "she" that opens
    the next sentence about them: "He was sentenced to 2 years".  None when
    that sentence names several people."""
    labels = _named_age_rules()[2]
    by_article: dict[str, list[ClaimUnit]] = {}
    for u in units:
        by_article.setdefault(u.article, []).append(u)
    out: dict[int, str] = {}
    for members in by_article.values():
        last: str | None = None
        for u in sorted(members, key=lambda u: u.sentence):
            if last:
                out[id(u)] = last
            named = {_person_key(w["text"])[0] for w in u.slots.get("who", [])
                     if w.get("label") in labels and w.get("text")}
            if named:
                last = next(iter(named)) if len(named) == 1 else None
    return out


def _one_owner(sides: Sequence[Sequence[_Obs]], parses: dict[str, Any], antecedents: Mapping[int, str]) -> bool:
    """Whether owned figures on the sides may be compared: all one named
    owner's, of one occasion.  Figures nobody owns pass; a pronoun, two
    owners, two different opponents named, different dates of the
    figures' events, or a statistic counted anew at every game whose game
    a sentence does not name, do not ([owned_figures])."""
    rules = _owned_rules()
    members = [o for s in sides for o in s]
    if not rules.enabled or any(o.topic in _concept_labels() for o in members):
        return True
    owners = [_owner(o, parses) for o in members]
    if all(w is None for w in owners):
        return True
    per_occasion = any(o.topic.lower() in rules.per_occasion for o in members)
    # "he" is the person the sentence before named, when it named one.
    owners = [antecedents.get(id(o.unit), "?") if w == "?" else w for o, w in zip(members, owners)]
    if "?" in owners or len({w for w in owners if w}) > 1 or (per_occasion and None in owners):
        return False  # two players' figures, one the sentence does not name, or a team's and a player's
    occasions = [_occasion(o, parses) for o in members]
    named = [x for x in occasions if x]
    if any(not x & y for i, x in enumerate(named) for y in named[i + 1:]):
        return False  # two games against different opponents
    if not all(occasions) and per_occasion:
        return False  # a player's points of a game the sentence does not name: any game's
    dates = [[w["range"] for w in o.unit.slots.get("when", []) if w.get("range") and is_story_event(w.get("event"))]
             for o in members]
    return all(not da or not db or any(ranges_compatible(x, y) for x in da for y in db)
               for i, da in enumerate(dates) for db in dates[i + 1:])


@cache
def _total_phrases() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.lower().split()) for p in load_data("verdicts_quantities").get("total", {}).get("phrases", []))


def _running_total(o: _Obs) -> bool:
    """Whether the figure's sentence gives a running total ("so far", "a
    total of", "to date")."""
    lemmas = [lem for _, _, lem in o.unit.tokens]
    words = [w.lower() for w in re.findall(r"[\w']+", o.unit.source_text)]
    return any(tuple(seq[i:i + len(p)]) == p for p in _total_phrases() for seq in (lemmas, words)
               for i in range(len(seq)))


def _linked(sides: list[list[_Obs]]) -> list[list[_Obs]]:
    """Keep in each side only the figures that are about the same referent
    as some figure of another side from another article."""
    if not sides or sides[0][0].slot != "how_many":
        return sides
    out = []
    for n, s in enumerate(sides):
        others = [o for m, t in enumerate(sides) if m != n for o in t]
        kept = [o for o in s if any(o.unit.article != p.unit.article and _same_referent(o, p) for p in others)]
        if kept:
            out.append(kept)
    return out


def _additive(o: _Obs) -> bool:
    """Whether the figure counts a further group ("another 20,000 people",
    "a further 20,000"): not the same referent as a plain figure."""
    _, words, window, _ = _masking()
    if o.start < 0:
        return False
    before = [lem for s, e, lem in o.unit.tokens if e <= o.start][-window:]
    inside = [lem for s, e, lem in o.unit.tokens if s >= o.start and e <= o.end][:window]
    return bool(set(before + inside) & words)


@cache
def _kind_rules() -> tuple[frozenset[str], frozenset[str]]:
    """(modifier deps that name a noun's kind, deps by which a number hangs
    on its noun) of ``[kind_modifiers]``."""
    data = load_data("verdicts_quantities").get("kind_modifiers", {})
    return frozenset(data.get("deps", [])), frozenset(data.get("figure_deps", []))


def _kind(o: _Obs, parses: dict[str, Any]) -> tuple[str, frozenset[str]] | None:
    """(lemma of the noun the figure counts, lemmas of the nouns that name
    its kind: "infrastructure" in "the $550 billion infrastructure bill"),
    or None when the parse does not give them."""
    deps, figure_deps = _kind_rules()
    if o.start < 0 or not deps:
        return None
    span = _figure_span(o, parses)
    if span is None:
        return None
    noun = span.root
    while noun.pos_ not in ("NOUN", "PROPN"):
        if noun.dep_ not in figure_deps or noun.head.i == noun.i:
            return None
        noun = noun.head
    while noun.dep_ in deps and noun.head.pos_ in ("NOUN", "PROPN") and noun.head.i != noun.i:
        noun = noun.head  # "$90 billion harbour bill" parsed with the sum on "harbour"
    kinds = frozenset(c.lemma_.lower() for c in noun.children if c.dep_ in deps and c.pos_ == "NOUN")
    return noun.lemma_.lower(), kinds


def _different_kinds(sides: Sequence[Sequence[_Obs]], parses: dict[str, Any]) -> bool:
    """Whether every figure of a side counts the same noun as every figure of
    the other sides but of another kind ("infrastructure bill" / "spending
    bill"): two things, not one figure disputed.  Sums only: a sum's noun
    names its programme, while "two fibre cables" and "three submarine
    cables" are the same cables described otherwise."""
    money = _not_count().money
    if not all(o.topic in money for s in sides for o in s):
        return False
    return _apart_across([[_kind(o, parses) for o in s] for s in sides],
                         lambda a, b: a[0] == b[0] and bool(a[1]) and bool(b[1]) and not a[1] & b[1])


def _apart_across(read: Sequence[Sequence[Any]], apart: Callable[[Any, Any], bool]) -> bool:
    """Whether ``apart`` holds for every two readings of figures on
    different sides (None: the parse gave none, so nothing is told apart)."""
    for n, side in enumerate(read):
        for other in read[n + 1:]:
            for a in side:
                for b in other:
                    if a is None or b is None or not apart(a, b):
                        return False
    return True


@cache
def _part_preps() -> frozenset[str]:
    """``[part_sums] preps``: the prepositions by which a sum names the part
    it is spent on."""
    return frozenset(w.lower() for w in load_data("verdicts_quantities").get("part_sums", {}).get("preps", []))


def _part(o: _Obs, parses: dict[str, Any]) -> frozenset[str] | None:
    """The lemmas of the part a sum is spent on ("spending" of "$1 trillion
    in new spending"; empty when it names none: "the $1.8 trillion plan"),
    or None when the parse does not give the sum's number."""
    span = _figure_span(o, parses)
    if span is None:
        return None
    preps = _part_preps()
    return frozenset(g.lemma_.lower() for c in span.root.children
                     if c.dep_ == "prep" and c.lower_ in preps and c.i >= span.end
                     for g in c.children if g.dep_ == "pobj")


def _part_and_whole(sides: Sequence[Sequence[_Obs]], parses: dict[str, Any]) -> bool:
    """Whether every sum of a side is told apart from every sum of the other
    sides by the part it is spent on ("$1 trillion in new spending" against
    "the $1.8 trillion plan": a part and its whole; "$200 million for
    schools" / "$300 million for roads": two parts), so that the figures
    are not one sum disputed ([part_sums]).  Sums only."""
    money = _not_count().money
    if not _part_preps() or not all(o.topic in money for s in sides for o in s):
        return False
    return _apart_across([[_part(o, parses) for o in s] for s in sides], lambda a, b: a != b and not a & b)
