"""Timeline: the story's dated events, in order, merged across articles.

Every date of a claim sentence that can be placed (a range from
:func:`~newsprism.partial_dates.date_range`) and that dates a story event
(not a reporting date such as "the newspaper reported on Monday") becomes
an event.  The same date of the same event class, or the same date in
aligned sentences, is one event with several reports.  A date that takes a
side in a date conflict carries the conflict's id.

A date written without its year ("in September", "on January 10") takes the
year from the story: the publication date of the article that writes it,
else the other articles (when they were published close together), as the
latest year that puts the date on or before that day; the event says where
its year came from (``year_inferred``).  Captions, headlines, datelines and
boilerplate (:mod:`.furniture`) are not events.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from ..data import load_toml
from ..model import Conflict, Report, TimelineEvent
from ..partial_dates import is_yearless, range_days, ranges_compatible, story_reference, story_window, with_year
from .claims import ClaimUnit, is_story_event
from .furniture import furniture_kind

__all__ = ["build_timeline", "is_deadline", "is_reference_date", "iso_date", "lies_ahead"]

_PLAIN = frozenset({"day", "month", "year", "decade"})


def iso_date(when: Mapping[str, Any]) -> str:
    """ISO 8601 to the precision known: the value itself for a day, month,
    year or decade; the month for part of a month; an interval otherwise."""
    value, precision, rng = when.get("value") or "", when.get("precision"), when.get("range")
    if precision in _PLAIN or not rng:
        return value
    if precision == "part-of-month":
        return rng[0][:7] if not is_yearless(rng[0]) else rng[0][:4]
    return f"{rng[0]}/{rng[1]}"


def _sort_key(event: TimelineEvent, start: str) -> tuple[Any, ...]:
    # Yearless dates cannot be placed among dated ones: they go last.
    return (is_yearless(start), start, event.date, event.text)


def _story_reference(published: Mapping[str, str | None]) -> dt.date | None:
    """The day a yearless date of an undated article is read against
    (:func:`~newsprism.partial_dates.story_reference`)."""
    span = int(load_toml("reconcile_timeline.toml")["year_inference"]["story_max_span_days"])
    return story_reference(list(published.values()), span)


def _story_first(published: Mapping[str, str | None]) -> dt.date | None:
    """The story's first publication day, when its days are close enough to
    read an undated article against (:func:`~newsprism.partial_dates.story_window`)."""
    span = int(load_toml("reconcile_timeline.toml")["year_inference"]["story_max_span_days"])
    window = story_window(list(published.values()), span)
    return window[0] if window else None


def _infer_year(w: Mapping[str, Any], article: str, published: Mapping[str, str | None],
                story_ref: dt.date | None, *, forward: bool = False,
                story_first: dt.date | None = None) -> tuple[Mapping[str, Any], dict[str, str]]:
    """``w`` with its year from the story when it has none, and where it came
    from (:func:`~newsprism.partial_dates.with_year`, shared with conflicts);
    ``forward`` for a date that lies after the day it is written."""
    value, rng, source = with_year(str(w.get("value") or ""), w.get("range"), published.get(article), story_ref,
                                   forward=forward, story_first=story_first)
    if not source:
        return w, {}
    if source["from"] == "article":
        source = {"from": "article", "article": article, "published": source["published"]}
    return {**w, "range": rng, "value": value}, source


@dataclasses.dataclass(frozen=True)
class _ReferenceRules:
    """[reference] of data/reconcile_timeline.toml, read once."""

    since_modifiers: frozenset[str]
    superlative_tags: frozenset[str]
    noun_pos: frozenset[str]
    reference_words: frozenset[str]
    quoted_deictic: frozenset[str]
    describing_deps: frozenset[str]
    comparison_words: frozenset[str]
    bound_words: frozenset[str]
    bound_phrases: frozenset[str]
    owner_deps: frozenset[str]
    subject_deps: frozenset[str]
    modifier_deps: frozenset[str]
    since_negations: frozenset[str]
    noun_date_preps: frozenset[str]
    time_nouns: frozenset[str]
    modals: frozenset[str]
    plan_verbs: frozenset[str]
    until: frozenset[str]
    baseline_preps: frozenset[str]
    range_ends: frozenset[str]
    change_preps: frozenset[str]
    change_words: frozenset[str]
    date_word: str
    quantifiers: frozenset[str]
    modal_clause_deps: frozenset[str]
    perfect_aux: frozenset[str]
    plan_infinitive_deps: frozenset[str]
    infinitive_tags: frozenset[str]
    negation_openers: frozenset[str]


@cache
def _reference_rules() -> _ReferenceRules:
    raw = load_toml("reconcile_timeline.toml")["reference"]
    return _ReferenceRules(since_modifiers=frozenset(w.lower() for w in raw["since_modifiers"]),
                           superlative_tags=frozenset(raw["superlative_tags"]), noun_pos=frozenset(raw["noun_pos"]),
                           reference_words=frozenset(w.lower() for w in raw["reference_words"]),
                           quoted_deictic=frozenset(w.lower() for w in raw["quoted_deictic"]),
                           describing_deps=frozenset(raw["describing_deps"]),
                           comparison_words=frozenset(w.lower() for w in raw["comparison_words"]),
                           bound_words=frozenset(w.lower() for w in raw["bound_words"]),
                           bound_phrases=frozenset(" ".join(w.lower().split()) for w in raw["bound_phrases"]),
                           owner_deps=frozenset(raw["owner_deps"]), subject_deps=frozenset(raw["subject_deps"]),
                           modifier_deps=frozenset(raw["modifier_deps"]),
                           since_negations=frozenset(w.lower() for w in raw["since_negations"]),
                           noun_date_preps=frozenset(w.lower() for w in raw["noun_date_preps"]),
                           time_nouns=frozenset(w.lower() for w in raw["time_nouns"]),
                           modals=frozenset(w.lower() for w in raw["hypothetical_modals"]),
                           plan_verbs=frozenset(w.lower() for w in raw["plan_verbs"]),
                           until=frozenset(w.lower() for w in raw["negated_until"]),
                           baseline_preps=frozenset(w.lower() for w in raw["baseline_preps"]),
                           range_ends=frozenset(w.lower() for w in raw["range_ends"]),
                           change_preps=frozenset(w.lower() for w in raw["change_preps"]),
                           change_words=frozenset(w.lower() for w in raw["change_words"]),
                           date_word=str(raw["range_end_date_word"]),
                           quantifiers=frozenset(w.lower() for w in raw["quantifier_superlatives"]),
                           modal_clause_deps=frozenset(raw["modal_clause_deps"]),
                           perfect_aux=frozenset(w.lower() for w in raw["perfect_aux"]),
                           plan_infinitive_deps=frozenset(raw["plan_infinitive_deps"]),
                           infinitive_tags=frozenset(raw["infinitive_tags"]),
                           negation_openers=frozenset(w.lower() for w in raw["negation_openers"]))


_VERBS = frozenset({"VERB", "AUX"})


def _since_baseline(since: Any, superlatives: frozenset[str], modifiers: frozenset[str]) -> bool:
    """Whether a "since" phrase hanging on a verb names a baseline: the
    verb's clause holds a superlative or a "first" ("dropping to the lowest
    level since 1979"), or the verb is said not to have happened since
    ("hadn't helmed a project since 2003", "little changed since April")."""
    head = since.head
    if head.pos_ not in _VERBS:
        return False
    # on the verb or on its adjective complement ("remain little changed since April")
    said = [*head.children, *(g for c in head.children if c.dep_ == "acomp" for g in c.children)]
    if any(c.lower_ in _reference_rules().since_negations and c.dep_ in ("neg", "advmod") for c in said):
        return True
    inside = {t.i for t in since.subtree}

    def in_clause(t: Any) -> bool:
        # no other verb between the word and the one "since" hangs on
        while t.i != head.i:
            t = t.head
            if t.i != head.i and t.pos_ in _VERBS:
                return False
        return True

    def superlative(t: Any) -> bool:
        # "most evictions" counts, "the most murders" compares
        return t.tag_ in superlatives and not (t.lower_ in _reference_rules().quantifiers and t.head.pos_ == "NOUN"
                                               and not any(c.dep_ == "det" for c in (*t.children, *t.head.children)))

    # "for the first time since": a modifier of "time" only ("the only way
    # into the town has been a track since ..." tells a state, not a baseline)
    return any(t.i not in inside and t.i != head.i and in_clause(t) and (superlative(t) or (
        t.lower_ in modifiers and t.dep_ == "amod" and t.head.lemma_.lower() == "time")) for t in head.subtree)


def _not_said_to_happen(root: Any) -> bool:
    """Whether the first verb above the date is a hypothetical (a modal
    auxiliary: "could return on Jan. 7, 2023"), negated ("hadn't made a
    film since Seabiscuit in 2003"; not "not until 1997") or a plan's
    complement ("is planning to release it in early 2010", "is expected to
    vote on Tuesday"): the claim does not say it happened then."""
    rules = _reference_rules()
    verb = next((a for a in root.ancestors if a.pos_ in _VERBS), None)
    if verb is None:
        return False
    if any(c.dep_ == "aux" and c.lower_ in rules.modals for c in verb.children):
        return True
    if any(c.dep_ == "neg" or c.lower_ in rules.negation_openers for c in verb.children) and not (root.dep_ == "pobj" and root.head.lower_ in rules.until):
        return True  # "hadn't made a film since Seabiscuit in 2003"; "not until 1997" did happen then
    if verb.head.lemma_.lower() in rules.plan_verbs and (verb.dep_ == "xcomp" or (
            verb.dep_ in rules.plan_infinitive_deps and any(c.tag_ in rules.infinitive_tags for c in verb.children))):
        return True  # "is planning to release", "expects 37 million Americans to travel this weekend"
    return _under_modal(verb, rules)


def _under_modal(verb: Any, rules: _ReferenceRules) -> bool:
    """Whether the clause of ``verb`` hangs, through clauses that tell no
    past event, on a verb with a hypothetical modal ("Those numbers may
    increase as the organization continues to collect statistics from the
    weekend": the weekend dates the statistics, the sentence tells a guess).
    A clause in the past tense or the perfect on the way ("may rise after
    the bank cut rates on Monday") tells what happened, and keeps its date."""
    for _ in range(8):
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        past = _forward_rules().past_tags
        if verb.tag_ in past or any(a.tag_ in past or a.lemma_.lower() in rules.perfect_aux for a in auxes):
            return False
        if verb.dep_ not in rules.modal_clause_deps or verb.head.pos_ not in _VERBS or verb.head.i == verb.i:
            return False
        verb = verb.head
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in rules.modals for c in verb.children):
            return True
    return False


@dataclasses.dataclass(frozen=True)
class _Forward:
    future_aux: frozenset[str]
    deadline_preps: frozenset[str]
    deadline_nouns: frozenset[str]
    deadline_verbs: frozenset[str]
    past_tags: frozenset[str]
    month_word: str
    past_preps: frozenset[str]
    present_tags: frozenset[str]
    tense_from_head: frozenset[str]
    untensed_tags: frozenset[str]
    untensed_deps: frozenset[str]


@cache
def _forward_rules() -> _Forward:
    raw = load_toml("reconcile_timeline.toml")["forward"]
    return _Forward(**{f.name: str(raw[f.name]) if f.type == "str" else
                       frozenset(str(x).lower() if f.name.endswith(("aux", "preps", "nouns", "verbs")) else str(x)
                                 for x in raw[f.name]) for f in dataclasses.fields(_Forward)})


def _tense(verb: Any, rules: _Forward) -> str:
    """"future", "past", "present" or "" (not shown) of the clause of
    ``verb``: its auxiliaries and its own tag, else those of the verb it is
    the complement, the clause or the conjunct of."""
    for _ in range(8):
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in rules.future_aux for a in auxes):
            return "future"
        tags = {verb.tag_, *(a.tag_ for a in auxes)}
        if tags & rules.past_tags:
            return "past"
        if tags & rules.present_tags:
            return "present"
        if verb.dep_ not in rules.tense_from_head or verb.head.pos_ not in _VERBS or verb.head.i == verb.i:
            return ""
        verb = verb.head
    return ""


def lies_ahead(u: ClaimUnit, w: Mapping[str, Any]) -> bool:
    """Whether the date ``w`` of claim ``u`` lies after the day the sentence
    was written: a deadline in a clause in the present tense ("is extending
    the pause ... through Jan. 31", "counties have until April 29", "expires
    Oct. 3"), or any date of a clause in the future tense ("will elect its
    mayor on 17 November").  A date written without its year then takes the
    year that puts it ahead (data/reconcile_timeline.toml [forward]).  Read
    on the sentence's parse; without one, False."""
    return _ahead(u, w) in ("deadline", "future")


def is_deadline(u: ClaimUnit, w: Mapping[str, Any]) -> bool:
    """Whether the date ``w`` of claim ``u`` is a deadline or the end of what
    is still running, in a clause in the present or future tense ("counties
    have until April 29 to confirm", "will have to be vaccinated by Nov. 4",
    "expires Oct. 3"): what the sentence tells is to happen by that day, not
    on it."""
    return _ahead(u, w) in ("deadline", "task")


def _ahead(u: ClaimUnit, w: Mapping[str, Any]) -> str:
    """"deadline" (in a clause in the present or future tense), "task" (a
    deadline of an infinitive or a gerund that shows no tense: "announced
    plans to send the doses by the end of June", "the task of adding 50,000
    spots by mid-September": a deadline, but not said to lie ahead),
    "future" (any date of a clause in the future tense) or ""."""
    root = _date_root(u, w)
    if root is None:
        return ""
    rules = _forward_rules()
    anchor = root
    # the day a date restates ("Saturday, Jan. 15"), the deadline it names ("by the May 9 deadline")
    while anchor.dep_ == "appos" or (anchor.dep_ in ("compound", "nmod", "amod") and anchor.head.lower_ in rules.deadline_nouns):
        anchor = anchor.head
    prep = anchor.head if anchor.dep_ == "pobj" and anchor.head.dep_ == "prep" else None
    verb = next((a for a in anchor.ancestors if a.pos_ in _VERBS), None)
    if verb is None or not (anchor.head.i == verb.i or (prep is not None and prep.head.i == verb.i)):
        return ""  # the date of a noun ("will hold the January meeting's vote")
    tense = _tense(verb, rules)
    deadline = (prep is not None and prep.lower_ in rules.deadline_preps) or verb.lemma_.lower() in rules.deadline_verbs
    if deadline and tense in ("future", "present"):
        return "deadline"
    if deadline and not tense and verb.tag_ in rules.untensed_tags and verb.dep_ in rules.untensed_deps:
        return "task"
    return "future" if tense == "future" else ""


def _told_past(u: ClaimUnit, w: Mapping[str, Any]) -> bool:
    """Whether the verb the date hangs on is itself in the past tense ("By
    July, many reports grew more pessimistic"), not a verb that takes its
    tense from another ("had been set to expire at the end of September")."""
    root = _date_root(u, w)
    if root is None:
        return False
    rules = _forward_rules()
    verb = next((a for a in root.ancestors if a.pos_ in _VERBS), None)
    prep = root.head if root.dep_ == "pobj" and root.head.dep_ == "prep" else None
    if verb is None or not (root.head.i == verb.i or (prep is not None and prep.head.i == verb.i
                                                      and prep.lower_ in rules.past_preps)):
        return False  # "called a strike for 20 June": the date of what was called
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in rules.future_aux for a in auxes):
        return False
    return bool({verb.tag_, *(a.tag_ for a in auxes)} & rules.past_tags)


def _rewrite_year(u: ClaimUnit, w: Mapping[str, Any], own: str | None) -> tuple[Mapping[str, Any], dict[str, str]]:
    """A date the text writes with a month and no year ("Nov. 4", "By
    July"), to which the analyzer gave a year on one side of the article's
    publication day, given the year on the side the sentence's tense says:
    ahead for a deadline or a future clause ("will ... be fully vaccinated
    by Nov. 4" in a report of 15 September 2021 is November 2021, not
    2020), back for a verb in the past tense ("By July, reports grew more
    pessimistic" in August 2021 is July 2021, not 2022).  ``w`` as it was,
    and {}, otherwise."""
    rng, text = w.get("range"), str(w.get("text") or "")
    if not own or not rng or len(rng) != 2 or is_yearless(str(rng[0])) or re.search(r"\d{4}|'\d\d", text) \
            or not re.search(_forward_rules().month_word, text, re.IGNORECASE) \
            or str(rng[0])[:4] != str(rng[1])[:4] or not re.match(r"\d{4}-\d\d", str(rng[0])):
        return w, {}
    day = own[:10]
    if str(rng[1]) < day and lies_ahead(u, w):
        forward = True
    elif str(rng[0]) > day and _told_past(u, w):
        forward = False
    else:
        return w, {}
    value = str(w.get("value") or "")
    yearless = "--" + value[5:] if re.match(r"\d{4}-", value) else value
    value, placed, source = with_year(yearless, ["--" + str(r)[5:] for r in rng], own, None, forward=forward)
    if not source or not placed:
        return w, {}
    return {**w, "value": value, "range": placed}, source


@cache
def _vague_words() -> frozenset[str]:
    return frozenset(w.lower() for w in load_toml("reconcile_timeline.toml").get("vague", {}).get("words", []))


def _vague_span(w: Mapping[str, Any]) -> bool:
    """A date counted in a vague number of units ("in recent years"): its
    ends are a guess, not a date."""
    return bool(set(re.findall(r"[a-z]+", str(w.get("text") or "").lower())) & _vague_words())


def _year_left_out(u: ClaimUnit, w: Mapping[str, Any]) -> bool:
    """A date whose text stops before a year the sentence writes right after
    it ("in November 1774" read as "November"), that took another year."""
    if w.get("end") is None or not w.get("range"):
        return False
    m = re.match(load_toml("reconcile_timeline.toml")["written_year"]["after"], u.source_text[int(w["end"]):])
    return m is not None and m.group(1) != str(w["range"][0])[:4]


def _inside_quote(text: str, at: int) -> bool:
    """Whether character ``at`` of a sentence stands between quote marks,
    counting a quote opened in an earlier sentence: one whose first mark in
    this sentence closes it ('how many kids will you kill today," witnesses
    reported' after 'They chanted "NYPD, KKK,').  An odd number of straight
    marks in the sentence means the first one closes, unless it stands at
    the sentence's start (a quote whose closing mark was cut off)."""
    before = text[:at]
    if before.count("\u201c") > before.count("\u201d"):
        return True
    curly = [m.group() for m in re.finditer("[\u201c\u201d]", text)]
    if curly and curly[0] == "\u201d" and not re.search("[\u201c\u201d]", before):
        return True
    if text.lstrip().startswith('"'):
        # A mark that opens the sentence opens a quote, even when its closing
        # mark was cut off ('"Today, I am revising the...').
        return before.count('"') % 2 == 1
    return before.count('"') % 2 != text.count('"') % 2


def _quoted_deictic(u: ClaimUnit, w: Mapping[str, Any]) -> bool:
    """A "today" or "tonight" inside a direct quote: the day the words were
    said, not the page's."""
    words = _reference_rules().quoted_deictic
    text = " ".join(str(w.get("text") or "").lower().split())
    return text in words and w.get("start") is not None and _inside_quote(u.source_text, int(w["start"]))


def _date_root(u: ClaimUnit, w: Mapping[str, Any]) -> Any:
    doc = u.doc
    if doc is None or w.get("start") is None or w.get("end") is None:
        return None
    span = doc.char_span(int(w["start"]), int(w["end"]), alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def is_reference_date(u: ClaimUnit, w: Mapping[str, Any], published: str | None) -> bool:
    """Whether the date ``w`` of claim ``u`` is a reference the claim names,
    not when its event happened: a bound ("before 1997"), the baseline of a
    comparison ("the first time since 1996", "sooner than in 2008", "the lowest level since 1979", "hadn't
    helmed a project since 2003"), a date of a phrase that only describes a name (an apposition, a relative
    clause), a date of a noun ("the Voting Rights Act of 1965", "a ruling from March 2019"), a date of what
    the claim does not say happened (a hypothetical, "could return on Jan. 7"; a plan, "is planning to
    release it in early 2010"), or a future event named by a noun that times something else
    ("before the general election in 2026", in a report published before it).  Read on the
    sentence's parse; without one, no date is taken for a reference."""
    root = _date_root(u, w)
    if root is None:
        return False
    more = _reference_rules()
    modifiers, superlatives, nouns, references = (more.since_modifiers, more.superlative_tags, more.noun_pos,
                                                  more.reference_words)
    describing, comparisons, bounds, bound_phrases = (more.describing_deps, more.comparison_words, more.bound_words,
                                                      more.bound_phrases)
    owners, subjects, noun_modifiers = more.owner_deps, more.subject_deps, more.modifier_deps
    prep = root.head if root.dep_ == "pobj" else None
    if prep is not None and (prep.lower_ in bounds or f"{prep.head.lower_} {prep.lower_}" in bound_phrases):
        return True  # "Before 1997, he had served ...": a bound, not the event's date
    owns = root.dep_ in owners or (root.dep_ in noun_modifiers and root.head.pos_ in nouns)
    if owns and root.head.i != root.i and root.head.dep_ not in subjects:
        # "released video on Monday of last week's shooting": the shooting's date;
        # "over the 2008 economic collapse": the collapse's, not the remark's
        return True
    unit = u.span or (0, len(u.source_text))

    def claims_subject(noun: Any) -> bool:
        # the claim's own subject: a subject of a verb inside the claim's
        # span (in "the Act of 1965, which outlawed ...", a fact stated in
        # passing, the Act is the subject of a verb outside it)
        return noun.dep_ in subjects and unit[0] <= noun.head.idx < unit[1]

    if prep is not None and prep.lower_ in more.noun_date_preps and prep.dep_ == "prep":
        noun = prep.head
        ranged = any(c.lower_ in more.range_ends for c in (*prep.children, *root.children))
        if noun.pos_ in nouns and noun.lower_ not in more.time_nouns and not claims_subject(noun) and not ranged:
            # "the Voting Rights Act of 1965", "a ruling from March 2019": the noun's date
            # (not "served as senator from 1979 through 2009": a span of the claim)
            return True
    after = next((t for t in root.doc[root.i:] if t.idx >= int(w["end"]) and not t.is_space), None)
    before = next((t for t in reversed(root.doc[:root.i]) if t.idx + len(t) <= int(w["start"]) and not t.is_space),
                  None)
    if after is not None and before is not None and after.pos_ == "NOUN" and after.lower_ not in more.time_nouns \
            and before.pos_ in ("DET", "ADJ") and not claims_subject(after) and not claims_subject(after.head):
        return True  # "outlining the new Aug. 31 withdrawal target": a modifier the parse missed
    for anc in root.ancestors:
        if anc.pos_ in _VERBS:
            break
        if anc.dep_ == "pobj" and anc.head.lower_ in more.baseline_preps:
            return True  # "slipped in May from a record high in April": the baseline's date
    for tok in root.ancestors:
        if tok.pos_ in _VERBS:
            break
        # the preposition of the change, the date under it at any depth ("up
        # from 1 in 10 in 2000")
        if tok.dep_ == "prep" and tok.lower_ in more.change_preps and tok.head.lemma_.lower() in more.change_words and \
                not any(c.lower_ in more.range_ends and any(re.fullmatch(more.date_word, g.lower_) for g in c.children)
                        for c in (*tok.children, *root.children, *tok.head.children)):
            # "a 13 percent increase over June", "up 47.5 percent from the previous week"
            # (not "From March to April, prices increased": the change's own span)
            return True
    if _not_said_to_happen(root):
        return True  # "could return on Jan. 7, 2023", "is planning to release it in early 2010"
    verb = next((a for a in root.ancestors if a.pos_ in _VERBS), None)
    if verb is not None and any(c.dep_ == "mark" and c.lower_ == "since" for c in verb.children):
        # "That is the highest since records began in December 2000"
        # (its head or a word on the head a superlative; not "the only way ...
        # has been a track since the bridge was destroyed in February")
        if verb.head.tag_ in superlatives or any(c.tag_ in superlatives for c in verb.head.children):
            return True
    if root.lower_ == "since" or (root.dep_ == "pobj" and root.head.lower_ == "since"):
        since = root if root.lower_ == "since" else root.head
        head = since.head
        if head.tag_ in superlatives:
            return True
        if head.pos_ in nouns and any(c.dep_ in ("amod", "advmod") and (c.lower_ in modifiers or c.tag_ in superlatives)
                                      for c in head.children):
            return True
        if _since_baseline(since, superlatives, modifiers):
            return True
    for anc in root.ancestors:
        if anc.lower_ in comparisons or any(c.dep_ == "mark" and c.lower_ in comparisons for c in anc.children):
            return True  # "sooner than when he knocked him out in 2008"
    for anc in (root, *root.ancestors):
        if anc.dep_ in describing:
            # "Nina Turner, a surrogate for Sanders' 2016 campaign, shook hands"
            lo, hi = anc.left_edge.idx, anc.right_edge.idx + len(anc.right_edge)
            unit = u.span or (0, len(u.source_text))
            if unit[0] < lo or unit[1] > hi:
                return True
            break
    rng = w.get("range")
    if not published or not rng or is_yearless(str(rng[0])) or str(rng[0])[:10] <= published[:10]:
        return False
    # the word the date hangs on, through its preposition ("election in 2026")
    head = root.head.head if root.dep_ == "pobj" and root.head.dep_ == "prep" else root.head
    if root.dep_ in ("compound", "nmod", "amod", "npadvmod", "nummod") and root.head.pos_ in nouns:
        head = root.head  # "the 2026 election"
    if head.i == root.i or head.pos_ not in nouns or head.dep_ != "pobj":
        return False
    # the noun names a time reference: "before the election", "ahead of the election"
    return head.head.lower_ in references or head.head.head.lower_ in references


def build_timeline(
    units: Sequence[ClaimUnit],
    groups: Sequence[Sequence[int]],
    conflicts: Sequence[Conflict],
    *,
    published: Mapping[str, str | None] | None = None,
    titles: Mapping[str, str] | None = None,
) -> list[TimelineEvent]:
    """The story's events in date order.  ``published`` (article id -> its
    publication date, every article of the story) places dates written
    without a year; ``titles`` tells a repeated headline from an event."""
    published = published or {}
    titles = titles or {}
    story_ref = _story_reference(published)
    story_first = _story_first(published)
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
        if furniture_kind(u.text, title=titles.get(u.article, "")):
            continue  # a caption's or a headline's date is no event
        for w in u.slots.get("when", []):
            w, inferred = _rewrite_year(u, w, published.get(u.article))
            if inferred:
                inferred = {"from": "article", "article": u.article, "published": inferred["published"]}
            else:
                ahead = is_yearless(str((w.get("range") or ["-"])[0])) and lies_ahead(u, w)
                w, inferred = _infer_year(w, u.article, published, story_ref, forward=ahead, story_first=story_first)
            rng, event = w.get("range"), w.get("event")
            if not rng or not is_story_event(event) or w.get("background"):
                continue  # a subordinate clause's date is not the sentence's event (claims._background)
            if _year_left_out(u, w):
                continue  # "in November 1774" read as "November" of the story's year
            if _vague_span(w):
                continue  # "in recent years": a vague count of units has no exact ends
            if is_reference_date(u, w, published.get(u.article)) or _quoted_deictic(u, w):
                continue  # "the first time since 1996", "before the election in 2026", '"... today," they chanted'
            same = ("event", event) if event else ("group", group_of.get(idx, -idx - 1))
            key = (tuple(rng), w.get("precision"), same)
            # Two expressions of one date in one sentence are one event.
            key = next((k for k, (ev, _) in events.items() if k[:2] == key[:2]
                        and any(r.article == u.article and r.sentence == u.sentence for r in ev.reports)), key)
            if key not in events:
                # One event's or claim's reports count back from their own
                # publication days ("over the last three weeks", a day apart):
                # overlapping spans of one width are one date, as first reported.
                key = next((k for k in events if k[1:] == key[1:] and len(k[0]) == 2 and len(rng) == 2
                            and not k[0][0].startswith("--") and not rng[0].startswith("--")
                            and range_days(k[0]) == range_days(rng) < 1e9 and ranges_compatible(k[0], rng)), key)
            deadline = is_deadline(u, w)
            if key not in events:
                events[key] = (TimelineEvent(date=iso_date(w), precision=w.get("precision") or "", text=u.text,
                                             year_inferred=inferred, deadline=deadline), rng[0])
            ev = events[key][0]
            # a deadline only when every report of the date tells one
            ev.deadline = ev.deadline and deadline
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
