"""Verdicts: corroborated, conflicting or single-source, and the conflicts.

A conflict is one thing reported with values that cannot both be true, by
different articles.  Precision comes first: a false conflict is worse than a
missed one, so a figure or a date takes a side only when it is clearly about
the same referent as the other side.

* how many - counts of one concept (member / fighter / militant are one
  concept, ``data/verdicts_quantities.toml``; "31 dead" counts people
  killed) in the same state (still holding out, killed, fled: read from the
  parse of the sentence; nearby words only when there is no parse), whose
  ranges do not overlap; a hedged count ("about 400") is a range
  (Quantity.low/high, else widened by reconcile.hedge_margin).  Not counts
  of a thing, never a side: ages (an attribute of one person), clock times
  and dates, splits and scores ("9-3"), a bare scale word
  ("million-euro"), a money conversion in brackets, numbers in addresses
  (``[not_a_count]``).  A list ("two women and a man") counts each of its
  nouns.  A figure given only as a point of comparison ("more than the
  1,870 votes that ...") takes no side.  A cumulative count (a death toll)
  whose higher figures do not come from earlier reports is kind "update";
  between undated reports, only in two sentences that state one proposition
  (aligned or paired with figures masked), as a possible update.  Bounds
  are intervals ("at least 70": 70 and up; "as many as 20,000": up to
  20,000); an unhedged figure in millions or more means its digits ("$1
  trillion" is true of $1.2 trillion).  A running total ("31 magazines so
  far") is not one event's figure; a thing no concept names is narrowed by
  a make or model ("AK-47 rifles"), pairs across sentences under one verb
  only, and figures of people of different ages are not compared;
* vague vs precise - "many people were killed" against "two deaths" of the
  same concept in the same state: kind "vague-vs-precise", severity low;
* when - dates of one event whose precision-aware ranges
  (:mod:`newsprism.partial_dates`) do not overlap.  The event is the
  keyword nearest the date (``data/claims_events.toml``), and it must be the
  date's own: on the parse path from the date to its clause, or the subject
  or object of a verb on it ("convicted in June 1998 of assault" dates the
  conviction, not the assault).  The label quotes the claim's own words;
* size - comparisons of one kind of subject with different objects
  ("the size of Wales" vs "comparable to Great Britain");
* denial - aligned sentences of different articles with one predicate and
  object, one of them negated or denied ("was not killed", "denied that
  ...", "the video was fake"): kind "denial" (``[denial]`` of
  ``data/verdicts_comparisons.toml``).  A sentence with a negation on
  another verb affirms nothing ("I feel we weren't ready" is "I didn't
  feel we were ready").

Counts and dates in aligned claims are always compared; beyond alignment,
counts are compared across the whole story when they share a state and
nothing says they are about different places or times, and dates when
their event is one a story normally has once (a coup attempt).

Whatever the slot, one sentence is never on two sides (a sentence that
gives both values lists parts, it does not disagree with itself) and one
value is never on two sides.  Each side says who says it (quote speakers
and cited sources), its independent sources (derivation roots) and when it
was first reported.

A claim is conflicting when one of its sentences takes a side in a
conflict; else corroborated when its reports come from at least two
independent sources (derivation roots from provenance); else single-source.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..config import Config, ReconcileSettings, stage_settings
from ..model import Claim, Conflict, ConflictSide, Report
from ..partial_dates import is_yearless, range_days, ranges_compatible, story_reference, with_year
from ..unionfind import UnionFind
from .align import AlignedPair, guard, idf_table, load_model, pair_features, sketch
from .claims import (
    ClaimUnit,
    _event_classes,
    _filters,
    _nearest_event_at,
    counted_concept,
    is_once_event,
    is_once_per_target,
    is_story_event,
    load_data,
    normalize_text,
)
from .statements import statement_conflicts

__all__ = ["build_claims", "claim_id", "figure_units", "find_conflicts", "stable_id"]


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
def _update_rules() -> tuple[frozenset[str], str, str, bool]:
    """(cumulative contexts, label suffix of a rising figure, label suffix of
    a figure that may have risen between undated reports: "" to say nothing,
    whether one source's two undated figures of a count are compared
    wherever in the story they stand)."""
    data = load_data("verdicts_quantities")
    cumulative = frozenset(k for k, v in data.get("context", {}).items() if v.get("cumulative"))
    update = data.get("update", {})
    return (cumulative, str(update.get("suffix", "")), str(update.get("undated_suffix", "")),
            bool(update.get("undated_same_source", False)))


@cache
def _subject_labels() -> dict[str, str]:
    return {k: v.get("label", k) for k, v in load_data("verdicts_comparisons").get("subjects", {}).items()}


@dataclass(frozen=True)
class _NotCount:
    concepts: frozenset[str]
    after: tuple[re.Pattern[str], ...]
    before: tuple[re.Pattern[str], ...]
    skip_sentences: tuple[re.Pattern[str], ...]
    money: frozenset[str]
    money_scales: dict[str, float]
    suffix: re.Pattern[str]
    scales: frozenset[str]
    number_words: frozenset[str]
    money_margin: float = 0.0
    rounding_scale: float = float("inf")
    compound_gap: int = -1
    mixed_number: re.Pattern[str] | None = None


@cache
def _not_count() -> _NotCount:
    data = load_data("verdicts_quantities").get("not_a_count", {})
    numbers = load_data("quantities_rules").get("numbers", {})
    return _NotCount(
        concepts=frozenset(w.lower() for w in data.get("concepts", [])),
        after=tuple(re.compile(p, re.IGNORECASE) for p in data.get("after", [])),
        before=tuple(re.compile(p, re.IGNORECASE) for p in data.get("before", [])),
        skip_sentences=tuple(re.compile(p, re.IGNORECASE) for p in data.get("skip_sentences", [])),
        money=frozenset(data.get("money", [])),
        money_scales={k.lower(): float(v) for k, v in data.get("money_scales", {}).items()},
        # The longest word first, so "mn" is not read as "m"; "b." as "b".
        suffix=re.compile(r"^\s?-?\s?(" + "|".join(sorted(map(re.escape, data.get("money_scales", {})), key=len,
                                                           reverse=True)) + r")\b\.?", re.IGNORECASE),
        scales=frozenset(numbers.get("scales", {})),
        number_words=frozenset([*numbers.get("small", {}), *numbers.get("scales", {})]),
        money_margin=float(data.get("money_margin", 0.0)),
        rounding_scale=float(data.get("rounding_scale", float("inf"))),
        compound_gap=int(data.get("compound_gap", -1)),
        mixed_number=re.compile(data["mixed_number"]) if data.get("mixed_number") else None,
    )


@cache
def _vague_words() -> tuple[dict[tuple[str, ...], float], int]:
    data = load_data("verdicts_quantities").get("vague", {})
    return {tuple(k.lower().split()): float(v) for k, v in data.get("words", {}).items()}, int(data.get("gap", 2))


@cache
def _correction_rules() -> tuple[frozenset[str], frozenset[str], int]:
    """(lemmas that say a sentence corrects a figure, lemmas that mark the
    figure it replaces, window in words) of ``[correction]``."""
    data = load_data("verdicts_quantities").get("correction", {})
    return (frozenset(w.lower() for w in data.get("cues", [])), frozenset(w.lower() for w in data.get("old", [])),
            int(data.get("window", 3)))


def _correction(u: ClaimUnit, start: int) -> str:
    """"old" for a figure a correcting sentence replaces ("from 12 reported
    earlier", "the earlier figure of 12"), "new" for the figure it gives,
    "" when the sentence corrects nothing."""
    cues, old, window = _correction_rules()
    lemmas = [lem for _, _, lem in u.tokens]
    if not set(lemmas) & cues:
        return ""
    at = next((i for i, (s, e, _) in enumerate(u.tokens) if e > start), len(lemmas))
    # "from 12" before the figure; "12 reported earlier" after it ("to 18,
    # from 12": the "from" after 18 is the old figure's).
    before, after = set(lemmas[max(0, at - window):at]), set(lemmas[at + 1:at + window + 2]) - {"from"}
    return "old" if before & old or after & old else "new"


@cache
def _correction_suffix() -> str:
    return str(load_data("verdicts_quantities").get("correction", {}).get("suffix", ""))


@cache
def _denial_rules() -> dict[str, Any]:
    data = load_data("verdicts_comparisons").get("denial", {})
    return {
        "negations": frozenset(data.get("negations", [])),
        "not_denials": tuple(tuple(p.split()) for p in data.get("not_denials", [])),
        "verbs": frozenset(data.get("verbs", [])),
        "falsity": frozenset(data.get("falsity", [])),
        "max_gap": int(data.get("max_gap", 3)),
        "hypothetical": tuple(re.compile(p, re.IGNORECASE) for p in data.get("hypothetical", [])),
    }


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
    vague: bool = False  # "many people": only a lower bound, from a vague word
    stated: tuple[float, float] | None = None  # a count's range taking its hedge as stated (updates)
    start: int = -1  # characters in the sentence: where the value is written
    end: int = -1
    corrects: bool = False  # the figure of a correction ("corrected the toll to 18")
    predicate: str = ""  # the verb the figure hangs on in the parse ("injure")
    hedged: bool = False  # an estimate ("roughly 30,000"), not a firm figure


def _window_lemmas(unit: ClaimUnit, start: int, end: int, window: int) -> set[str]:
    inside = [i for i, (s, e, _) in enumerate(unit.tokens) if s < end and e > start]
    if not inside:
        return set()
    lo, hi = max(0, min(inside) - window), min(len(unit.tokens), max(inside) + window + 1)
    return {lem for i, (_, _, lem) in enumerate(unit.tokens[lo:hi], start=lo) if i not in inside}


@cache
def _plural_scales() -> frozenset[str]:
    return frozenset(load_data("quantities_rules").get("numbers", {}).get("plural_scales", {}))


@cache
def _open_ended() -> frozenset[str]:
    return frozenset(load_data("verdicts_quantities").get("hedges", {}).get("open_ended_below", []))


@cache
def _bounded_above() -> frozenset[str]:
    return frozenset(load_data("verdicts_quantities").get("hedges", {}).get("open_ended_above", []))


def _number_span(q: Mapping[str, Any], margin: float, *, points: bool = False) -> tuple[float, float]:
    """The range a figure can mean.  "at least 70" has no upper bound unless
    ``points`` (comparing tolls as stated, to see one rise)."""
    value = float(q["value"])
    hedge = (q.get("hedge") or "").lower()
    if not points and (hedge in _open_ended() or any(w in _plural_scales() for w in hedge.split())):
        # "at least 70" is true of 100; "billions of euros" of 110 billion.
        return float(q["low"] if q.get("low") is not None else value), float("inf")
    if not points and hedge in _bounded_above():
        # "as many as 20,000" is true of 12,000, not of 30,000.
        return 0.0, float(q["high"] if q.get("high") is not None else value)
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


def _count_concept(u: ClaimUnit, q: Mapping[str, Any]) -> str | None:
    """The concept a figure counts.  In a list ("two women and a man") the
    number counts only the first noun, though the claims stage joined the
    nouns ("woman and man"); "300 women and children" counts both."""
    counted = q.get("counted") or ""
    if " and " not in counted or q.get("end") is None:
        return q.get("concept")
    tail = u.source_text[q["start"]:q["end"] + 40]
    if re.search(r"\band\s+(?:a|an|one|another)\s", tail, re.IGNORECASE):
        return counted_concept(counted.split(" and ")[0])
    return q.get("concept")


def _number_at(u: ClaimUnit, start: int, end: int) -> tuple[int, int]:
    """Characters of the number itself within a quantity's text (which also
    holds its hedge and counted noun): the first run of number words."""
    rules = _not_count()
    run: list[tuple[int, int]] = []
    for s, e, _ in u.tokens:
        if s < start or e > end:
            continue
        word = u.source_text[s:e].lower()
        # ".357" is a number too, and so is the fraction of "2 1/2" or "2-1/2"
        is_number = bool(re.fullmatch(r"\.?\d[\d,.]*", word)) or word in rules.number_words \
            or bool(run and re.fullmatch(r"-?\d/\d{1,2}", word))
        if is_number and (not run or re.fullmatch(r"[\s\-–]*(?:and\s+)?", u.source_text[run[-1][1]:s])):
            run.append((s, e))
        elif run:
            break
    return (run[0][0], run[-1][1]) if run else (start, end)


def _counted_compound(text: str, num_start: int, num_end: int, rules: _NotCount) -> bool:
    """Whether the number sits in a hyphenated compound that another number
    counts: "two traditional three-point plays" counts plays, and each
    play's "three" is no count of points."""
    if rules.compound_gap < 0 or not re.match(r"\s*[-–]\s*[A-Za-z]", text[num_end:]):
        return False
    words = re.findall(r"[\w.,]+", text[:num_start])[-(rules.compound_gap + 1):]
    return any(re.fullmatch(r"\d[\d,.]*", w) or w.lower() in rules.number_words for w in words)


def _mixed_number(u: ClaimUnit, q: Mapping[str, Any]) -> Mapping[str, Any]:
    """The figure with its whole and fraction read in when it is the
    denominator of a hyphenated mixed number ("a 4-1/2-month term": 4.5,
    where the analyzer read "2 months")."""
    rules = _not_count()
    start = q.get("start")
    if rules.mixed_number is None or start is None or q.get("value") is None:
        return q
    m = rules.mixed_number.search(u.text[max(0, start - 16):start])
    if not m or not re.match(r"\d+", u.text[start:]) or not int(re.match(r"\d+", u.text[start:]).group(0)):
        return q
    whole, num = int(m.group(1)), int(m.group(2))
    den = int(re.match(r"\d+", u.text[start:]).group(0))
    if num >= den:
        return q
    begin = max(0, start - 16) + m.start()
    text = u.text[begin:q["end"]] if q.get("end") is not None else q.get("text")
    return {**q, "value": whole + num / den, "low": None, "high": None, "mixed": True, "text": text}


def _is_count(u: ClaimUnit, q: Mapping[str, Any], concept: str | None) -> bool:
    """Whether a figure counts a thing (see ``[not_a_count]``)."""
    rules = _not_count()
    counted = (q.get("counted") or "").lower()
    if not concept or concept.lower() in rules.concepts or counted in rules.concepts:
        return False
    if counted.split(" ")[-1:] and counted.split(" ")[-1] in rules.concepts:
        return False
    if any(p.search(u.text) for p in rules.skip_sentences):
        return False
    start, end = q.get("start"), q.get("end")
    if start is None or end is None:
        return True
    text = u.text
    written = text[start:end]
    if "year" in written.lower() and "old" in written.lower():
        return False
    # Where the number itself ends: the hedge and the counted noun are part
    # of the quantity's text.
    digits = list(re.finditer(r"\d[\d,.]*", written))
    num_start, num_end = _number_at(u, start, end)
    if any(p.search(text[num_end:num_end + 16]) for p in rules.after):
        return False
    if q.get("mixed"):
        pass  # "4-1/2-month": its fraction was read in, by _mixed_number
    elif any(p.search(text[max(0, num_start - 16):num_start]) for p in rules.before) or \
            _counted_compound(text, num_start, num_end, rules):
        return False
    # A bare scale word ("a million-euro prize") is an order of magnitude.
    words = re.findall(r"[a-z]+|\d", written.lower())
    if not digits and words and words[0] in rules.scales:
        return False
    # "EUR 110 billion ($143 billion)": a conversion in brackets.
    if concept in rules.money and "(" in text[max(0, start - 3):start + 1] and \
            re.search(r"\d", text[max(0, start - 40):start]):
        return False
    # Within a date the tool already read: "9 September 2013, 14:08".
    for w in u.slots.get("when", []):
        if w.get("start") is not None and w["start"] < end and start < w["end"]:
            return False
    return True


def _money_scaled(u: ClaimUnit, q: Mapping[str, Any], concept: str | None) -> Mapping[str, Any]:
    """A sum with its scale written short after the number ("€2m", "£1.7m",
    "110 b. Euro", "$2.6-million") read in full, so that "2m euros",
    "two-million-euro" and "EUR 2 million" are one amount."""
    rules = _not_count()
    if concept not in rules.money or q.get("value") is None or float(q["value"]) >= 1000:
        return q
    _, num_end = _number_at(u, q["start"], q["end"])
    m = rules.suffix.match(u.source_text[num_end:num_end + 12])
    if not m:
        return q
    factor = rules.money_scales[m.group(1).lower()]
    out = dict(q)
    for k in ("value", "low", "high"):
        if out.get(k) is not None:
            out[k] = float(out[k]) * factor
    return out


def _rounding(u: ClaimUnit, q: Mapping[str, Any]) -> float:
    """Half the unit of the last digit written, for an unhedged figure given
    in millions or more ("$1 trillion": 0.5 trillion; "$1.2 trillion": 0.05
    trillion): a figure so written is rounded to the digits it shows, so
    "$1 trillion" and "$1.2 trillion" are one sum.  0 otherwise."""
    if q.get("hedge") or q.get("start") is None or q.get("value") is None:
        return 0.0
    ns, ne = _number_at(u, q["start"], q["end"])
    m = re.match(r"\d+(?:\.\d+)?", u.source_text[ns:ne].replace(",", ""))  # "1.2" of "1.2 trillion"
    if not m or float(m.group()) == 0:
        return 0.0
    written = m.group()
    scale = float(q["value"]) / float(written)
    if scale < _not_count().rounding_scale:
        return 0.0
    decimals = len(written.split(".")[1]) if "." in written else 0
    # Just under half: "2 million" and "3 million" still differ.
    return 0.5 * 10 ** -decimals * scale * (1 - 1e-6)


def _vague_counts(u: ClaimUnit, window: int) -> list[tuple[str, frozenset[str], float, int, int, str]]:
    """Vague quantifiers with the noun they count: (concept, contexts, least
    value meant, start, end, text) for "many people were killed"."""
    words, gap = _vague_words()
    concepts = _concept_nouns()
    _, context_words, _ = _quantity_data()
    states = _state_counts()
    lemmas = [lem for _, _, lem in u.tokens]
    out = []
    for i in range(len(lemmas)):
        for phrase, least in words.items():
            n = len(phrase)
            if tuple(lemmas[i:i + n]) != phrase:
                continue
            for j in range(i + n, min(len(lemmas), i + n + gap + 1)):
                concept = concepts.get(lemmas[j])
                if concept is None:
                    continue
                contexts = set()
                as_concept, as_context = states.get(concept, (None, None))
                if as_concept:
                    concept = as_concept
                    contexts.add(as_context)
                near = _window_lemmas(u, u.tokens[i][0], u.tokens[j][1], window)
                contexts |= {c for c, cw in context_words.items() if near & cw}
                start, end = u.tokens[i][0], u.tokens[j][1]
                out.append((concept, frozenset(contexts), least, start, end, u.source_text[start:end]))
                break
    return out


@cache
def _concept_nouns() -> dict[str, str]:
    out: dict[str, str] = {}
    for name, spec in load_data("verdicts_quantities").get("concepts", {}).items():
        for noun in spec.get("nouns", []):
            out.setdefault(noun.lower(), name)
    return out


@cache
def _concept_labels() -> frozenset[str]:
    return frozenset(_quantity_data()[0])


@cache
def _state_counts() -> dict[str, tuple[str | None, str | None]]:
    return {k: (v.get("counts"), v.get("context"))
            for k, v in load_data("verdicts_quantities").get("concepts", {}).items() if v.get("counts")}


def _bare_state(u: ClaimUnit, q: Mapping[str, Any],
                context_words: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The state named by the word right after a figure with no noun of its
    own ("12 arrested"), else nothing."""
    written = u.source_text[q["start"]:q["end"]] if q.get("start") is not None else ""
    if re.search(r"[^\W\d_]", written):
        return frozenset()
    after = next((lem for s, _, lem in u.tokens if s >= q["end"]), None)
    if after is None:
        return frozenset()
    return frozenset(c for c, words in context_words.items() if after in words)


def _observations(units: Sequence[ClaimUnit], group_of: Mapping[int, int], *, margin: float,
                  window: int) -> list[_Obs]:
    _, context_words, _ = _quantity_data()
    span = int(load_data("reconcile_timeline")["year_inference"]["story_max_span_days"])
    story_ref = story_reference([u.published for u in units], span)
    out: list[_Obs] = []
    for idx, u in enumerate(units):
        gid = group_of[idx]
        for q in u.slots.get("how_many", []):
            if not q.get("concept") or q.get("value") is None:
                continue
            concept = _count_concept(u, q)
            q = _mixed_number(u, q)
            if not _is_count(u, q, concept):
                continue
            # The state read from the parse (even when it reads none);
            # nearby words only without a parse.
            parsed = q.get("contexts")
            contexts = frozenset(parsed or ())
            if not parsed and concept in _concept_labels():
                # Nearby words, when the parse says nothing, only for the things
                # a story counts: "the nine voting to put him to death" are
                # jurors, not people killed.
                near = _window_lemmas(u, q["start"], q["end"], window)
                contexts = frozenset(c for c, words in context_words.items() if near & words)
            own = _bare_state(u, q, context_words)
            if own:
                # "18 people had been injured and 12 arrested": the word right
                # after a bare figure is its state, whatever the parse hung it on.
                contexts = own
            if q.get("reference"):
                # A point of comparison ("more than the 1,870 votes that ...")
                # is not a second figure for the same thing.
                states: tuple[str, ...] = ("ref:" + (q.get("predicate") or ""),)
                contexts = frozenset()
            elif contexts:
                states = tuple(sorted(contexts))
            else:
                # Aligned sentences compare figures of one verb: "4,200
                # ballots were counted" and "1,870 ballots separated them"
                # are two facts of one claim.
                states = ("pred:" + (q.get("predicate") or ""),)
                if concept in _not_count().money:
                    # A sum in aligned sentences is one sum, however the verb
                    # goes ("made off with", "snatched", "stole").
                    states = ("sum",)
            corrected = _correction(u, q.get("start", -1)) if q.get("start") is not None else ""
            if corrected == "old":
                continue  # the figure a correction replaces says nothing now
            q = _money_scaled(u, q, concept)
            span = _number_span(q, margin)
            rounded = _rounding(u, q)
            if rounded:
                # "$1 trillion" is a rounded "$1.2 trillion", not another sum.
                span = (min(span[0], float(q["value"]) - rounded), max(span[1], float(q["value"]) + rounded))
            if concept in _not_count().money and not q.get("hedge"):
                # One sum converted at two days' rates ("$2.5 million" and
                # "$2.6 million" for EUR 2 million) differs by a few per cent.
                m = _not_count().money_margin
                span = (min(span[0], float(q["value"]) * (1 - m)), max(span[1], float(q["value"]) * (1 + m)))
            out.append(_Obs(u, gid, "how_many", concept or "", contexts, span, q.get("text") or str(q["value"]),
                            str(q["value"]), span[1] - span[0], states, start=q.get("start", -1),
                            end=q.get("end", -1), stated=_number_span(q, margin, points=True),
                            corrects=corrected == "new", predicate=q.get("predicate") or "",
                            hedged=bool(q.get("hedge"))))
        for concept, contexts, least, start, end, text in _vague_counts(u, window):
            if contexts:
                out.append(_Obs(u, gid, "how_many", concept, contexts, (least, float("inf")), text, text,
                                float("inf"), tuple(sorted(contexts)), vague=True, start=start, end=end))
        for w in u.slots.get("when", []):
            event, rng = w.get("event"), w.get("range")
            if not event or not rng or not is_story_event(event) or event in _recurring() \
                    or str(w.get("text") or "").strip().lower() in _deictic():
                continue
            iso = w.get("value") if w.get("precision") in ("day", "month", "year", "decade") else f"{rng[0]}/{rng[1]}"
            if is_yearless(rng[0]):
                # The year as the timeline places it (the one module for
                # partial dates), so that both say the same; "--09" means
                # nothing to a reader.
                value, placed, source = with_year(str(w.get("value") or ""), rng, u.published, story_ref)
                if source and placed:
                    shown = value if w.get("precision") in ("day", "month") else placed[0][:7]
                    iso = f"{shown}, year inferred"
                else:
                    iso = "year not given"
            out.append(_Obs(u, gid, "when", event, frozenset(), tuple(rng), f"{w.get('text')} ({iso})",
                            f"{rng[0]}/{rng[1]}", range_days(rng), target=w.get("target"),
                            target_text=w.get("target_text"), start=w.get("start", -1), end=w.get("end", -1)))
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
    doc = _parse_one(o.unit.source_text, parses, o.unit)
    span = doc.char_span(o.start, o.end, alignment_mode="expand") if doc is not None else None
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


# --------------------------------------------------------------- dates


def _parse_one(text: str, cache_: dict[str, Any], unit: ClaimUnit | None = None) -> Any:
    """The spaCy doc of ``text``: the unit's sentence doc (claims took it from
    the parse analyze stored) when ``text`` starts that sentence, so that
    offsets agree; else parsed here, once per text."""
    doc = getattr(unit, "doc", None)
    if doc is not None and doc.text.startswith(text):
        return doc
    if text not in cache_:
        try:
            from ..analyze.nlp import load_nlp

            cache_[text] = load_nlp()(text)
        except Exception:  # noqa: BLE001 - without a model the check is skipped
            cache_[text] = None
    return cache_[text]


def _keyword(o: _Obs) -> tuple[int, int] | None:
    """Token indices (first, last) of the event keyword that dates ``o``."""
    found = _nearest_event_at(o.unit.tokens, o.start, o.end)
    if not found:
        return None
    _, keyword_class, _ = _event_classes()
    lemmas = [lem for _, _, lem in o.unit.tokens]
    i = found[1]
    size = max((n for n in range(1, min(6, len(lemmas) - i + 1)) if keyword_class.get(tuple(lemmas[i:i + n])) == found[0]),
               default=1)
    return i, i + size - 1


def _dates_own_event(o: _Obs, parses: dict[str, Any]) -> bool:
    """Whether the event keyword is the date's own: on the parse path from
    the date up to the root, or the subject or object of a word on it."""
    kw = _keyword(o)
    doc = _parse_one(o.unit.text, parses, o.unit)
    if kw is None or doc is None or o.start < 0:
        return kw is not None
    span = [t for t in doc if t.idx < o.end and t.idx + len(t) > o.start]
    kw_start = o.unit.tokens[kw[0]][0]
    kw_end = o.unit.tokens[kw[1]][1]
    keyword = [t for t in doc if t.idx < kw_end and t.idx + len(t) > kw_start]
    if not span or not keyword:
        return True
    inside = {t.i for t in span}
    head = next((t for t in span if t.head.i not in inside or t.head.i == t.i), span[-1])
    path = {t.i for t in head.ancestors}
    anaphora, deps = _date_rules()
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in anaphora
           for t in head.ancestors for c in t.children):
        return True  # "the incident took place on January 10"
    shifted = _date_rules_shift()
    for k in keyword:
        if k.i in path or k.i in inside:
            return True
        if k.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in shifted for c in k.children):
            # "Anger has been mounting this week after officers shot him": a
            # clause of "after", "before", "since" tells another time.
            continue
        if k.head.i in path and k.dep_ in deps:
            return True
        if any(c.i in inside or c.i in {x.i for x in head.subtree} for c in k.children) and k.i in path:
            return True
    # "the 10 January attack", "the attack of 10 January": the date hangs on the keyword.
    return any(head.head.i == k.i or head.i in {x.i for x in k.subtree} and k.i in path for k in keyword)


@cache
def _recurring() -> frozenset[str]:
    return frozenset(load_data("verdicts_dates").get("recurring", {}).get("classes", []))


@cache
def _deictic() -> frozenset[str]:
    return frozenset(w.lower() for w in load_data("verdicts_dates").get("deictic", {}).get("words", []))


@cache
def _date_rules_shift() -> frozenset[str]:
    """Subordinators whose clause tells another time than the one it hangs on."""
    return frozenset(w.lower() for w in load_data("verdicts_dates").get("path", {}).get("time_shifting_marks", []))


@cache
def _date_rules() -> tuple[frozenset[str], frozenset[str]]:
    data = load_data("verdicts_dates")
    return (frozenset(w.lower() for w in data.get("anaphora", {}).get("subjects", [])),
            frozenset(data.get("path", {}).get("deps", [])))


def _event_words(o: _Obs) -> str:
    """The event as the sentence writes it ("launched", "tried to capture")."""
    kw = _keyword(o)
    if kw is None:
        return ""
    return o.unit.source_text[o.unit.tokens[kw[0]][0]:o.unit.tokens[kw[1]][1]]


# ------------------------------------------------------------- denials


def _negated(u: ClaimUnit, predicate: str) -> str | None:
    """How the sentence denies its predicate ("not", "deny", "fake"), or None."""
    rules = _denial_rules()
    lemmas = [lem for _, _, lem in u.tokens]
    where = [i for i, lem in enumerate(lemmas) if lem == predicate]
    if not where:
        return None
    p = where[0]
    for i in range(max(0, p - rules["max_gap"] - 1), p):
        if lemmas[i] in rules["negations"]:
            if any(tuple(lemmas[i:i + len(nd)]) == nd for nd in rules["not_denials"]):
                continue
            return lemmas[i]
    if any(lem in rules["verbs"] for lem in lemmas[:p]):
        return next(lem for lem in lemmas[:p] if lem in rules["verbs"])
    return None


def _negations(u: ClaimUnit) -> int:
    """How many negations the sentence holds, "not only" and the like aside."""
    rules = _denial_rules()
    lemmas = [lem for _, _, lem in u.tokens]
    return sum(1 for i, lem in enumerate(lemmas) if lem in rules["negations"]
               and not any(tuple(lemmas[i:i + len(nd)]) == nd for nd in rules["not_denials"]))


def _denials(units: Sequence[ClaimUnit], groups: Sequence[Sequence[int]]) -> list[tuple[str, list[list[ClaimUnit]]]]:
    """(what is denied, [affirming units, denying units]) per aligned group."""
    rules = _denial_rules()
    out = []
    for members in groups:
        group = [units[i] for i in members]
        by_prop: dict[tuple[str, str], tuple[list[ClaimUnit], list[ClaimUnit]]] = {}
        for u in group:
            what = u.slots.get("what") or {}
            pred, obj = what.get("predicate"), what.get("object")
            if not pred:
                continue
            if pred == "be" and obj in rules["falsity"]:
                continue  # judged below, against the group's other sentences
            if any(p.search(u.text) for p in rules["hypothetical"]):
                continue  # "would not have placed him ... if": what would be, not what is
            how = _negated(u, pred)
            if not how and _negations(u):
                # A negation elsewhere in the sentence may be the same one
                # raised or lowered ("I feel we weren't executing" is "I
                # didn't feel we were executing"): not an affirmation.
                continue
            yes, no = by_prop.setdefault((pred, obj or ""), ([], []))
            (no if how else yes).append(u)
        for (pred, obj), (yes, no) in by_prop.items():
            if yes and no and {u.article for u in yes} != {u.article for u in no} and \
                    {u.article for u in yes} | {u.article for u in no} and \
                    not {u.article for u in yes} & {u.article for u in no}:
                out.append((f"whether “{pred} {obj}”".replace(" ”", "”"), [yes, no]))
        # "officials said the video was fake" against the sentences it is aligned with.
        fakes = [u for u in group if (u.slots.get("what") or {}).get("predicate") == "be"
                 and (u.slots.get("what") or {}).get("object") in rules["falsity"]]
        if fakes:
            others = [u for u in group if u not in fakes and u.article not in {f.article for f in fakes}
                      and not _negated(u, (u.slots.get("what") or {}).get("predicate") or "")]
            if others:
                out.append(("whether it is true", [others, fakes]))
    return out


# ------------------------------------------------------------- labels


@cache
def _term_label() -> tuple[frozenset[str], str]:
    """(units of a term's length, the label of its conflict): ``[terms]``."""
    data = load_data("verdicts_quantities").get("terms", {})
    return frozenset(data.get("units", [])), str(data.get("label", "length in {unit}s"))


def _about(slot: str, topic: str, context: str | None, target: str | None = None, event: str = "") -> str:
    concept_label, _, context_label = _quantity_data()
    if slot == "how_many" and topic in _term_label()[0]:
        return _term_label()[1].format(unit=topic)  # "sentenced to 2 years" / "to 2 1/2 years"
    if slot == "how_many" and topic not in concept_label:
        # A thing no concept names: its own word ("amount in dollars", "figure: caliber").
        text = f"amount in {topic}s" if topic in _not_count().money else f"figure: {topic}"
        return f"{text} ({context_label.get(context, context)})" if context else text
    if slot == "how_many":
        text = f"number of {concept_label.get(topic, topic)}"
        if context and concept_label.get(topic, topic).endswith(context_label.get(context, context)):
            return text
        return f"{text} {context_label.get(context, context)}" if context else text
    if slot == "when":
        # The claim's own words: a class label ("the offensive") would name
        # another story's event when a keyword is ambiguous ("assault").
        text = f"date of “{event}”" if event else "date of the event"
        return f"{text} ({target})" if target and target.lower() not in event.lower() else text
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


def _undated_cumulative(sides: Sequence[Sequence[_Obs]], context: str | None) -> bool:
    """A cumulative count (a toll, arrests) with a side of no publication
    date: a rise cannot be told from a disagreement (``undated_suffix``)."""
    cumulative = _update_rules()[0]
    contexts = {context} if context else set.intersection(*({c for o in s for c in o.contexts} for s in sides))
    return bool(contexts & cumulative) and any(not any(o.unit.published for o in s) for s in sides)


def _cumulative_across_days(sides: Sequence[Sequence[_Obs]], context: str) -> bool:
    """A cumulative count gathered from across the story whose sides were
    first reported on different days: one night's arrest and the third
    night's 46 cannot be told from a figure that rose, so, like undated
    figures, they are compared only as one source's statement of one count.
    A side that gives a running count ("the number killed has risen to 35",
    "the death toll", "so far") says that it covers the earlier figure."""
    if context not in _update_rules()[0]:
        return False
    aggregate = frozenset(load_data("verdicts_quantities").get("aggregate", {}).get("nouns", []))
    if any(_running_total(o) or aggregate & {lem for _, _, lem in o.unit.tokens} for s in sides for o in s):
        return False
    firsts = {min(o.unit.published[:10] for o in s if o.unit.published) for s in sides
              if any(o.unit.published for o in s)}
    return len(firsts) > 1


def _speakers(o: _Obs, parses: dict[str, Any]) -> frozenset[str]:
    """Who gives the figure, lower-cased ("police" of "Police said 12 ...")."""
    return frozenset(w.lower() for w in _own_sources(o.unit, o.start, parses) if w)


def _one_statement(sides: Sequence[Sequence[_Obs]], parses: dict[str, Any]) -> list[list[_Obs]]:
    """The figures of each side that state the same thing as a figure of
    another side in another article: the same source saying it ("Police
    said 12 people were injured" / "Police said 18 people had been
    injured"), under the same verb, and neither sentence dating its event.
    One source's two figures of one count cannot both be its last word,
    whatever the day each was written; figures of several sources or verbs
    gathered from across a story (one night's arrest, the week's 46) can.
    Sides left with no such figure are dropped."""
    if not _update_rules()[3]:
        return []
    def undated(o: _Obs) -> bool:
        return not any(w.get("range") and is_story_event(w.get("event")) for w in o.unit.slots.get("when", []))

    def same(a: _Obs, b: _Obs) -> bool:
        return (a.unit.article != b.unit.article and a.predicate and a.predicate == b.predicate
                and undated(a) and undated(b) and bool(_speakers(a, parses) & _speakers(b, parses)))

    out = []
    for n, s in enumerate(sides):
        others = [p for m, t in enumerate(sides) if m != n for p in t]
        kept = [o for o in s if any(same(o, p) for p in others)]
        if kept:
            out.append(kept)
    return out


@cache
def _operation_rules() -> tuple[frozenset[str], int]:
    data = load_data("verdicts_quantities").get("operation", {})
    return frozenset(w.lower() for w in data.get("nouns", [])), int(data.get("max_hops", 0))


def _of_operation(o: _Obs, parses: dict[str, Any]) -> bool:
    """Whether the figure counts the catch of one operation: its counted noun
    hangs on a raid, a sweep, a bust ("a police bust of almost 100 people",
    "the sweep in which 89 people were arrested", "62 people were arrested
    in the raid"), ``[operation]``."""
    nouns, hops = _operation_rules()
    if not nouns or o.start < 0:
        return False
    doc = _parse_one(o.unit.source_text, parses, o.unit)
    span = doc.char_span(o.start, o.end, alignment_mode="expand") if doc is not None else None
    if span is None:
        return False
    def names_one(t: Any) -> bool:
        # the word itself, or a phrase on it: "arrested in the raid"
        return t.lemma_.lower() in nouns or any(
            c.dep_ == "prep" and any(g.dep_ == "pobj" and g.lemma_.lower() in nouns for g in c.children)
            for c in t.children)

    tok = span.root
    # "people detained in the raid": the participle on the noun says it too.
    if any(names_one(c) for c in tok.children if c.dep_ in ("acl", "relcl")):
        return True
    for _ in range(hops):
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if names_one(tok):
            return True
    return False


def _one_operation(sides: Sequence[Sequence[_Obs]], parses: dict[str, Any]) -> list[list[_Obs]]:
    """The figures of each side that count one operation's catch; sides left
    with none are dropped, and nothing is kept unless two sides remain."""
    kept = [k for s in sides if (k := [o for o in s if _of_operation(o, parses)])]
    return kept if len(kept) >= 2 and len({o.unit.article for s in kept for o in s}) >= 2 else []


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


@cache
def _speaker_particles() -> dict[str, str]:
    """Reporting verbs that report only with their particle (``[speaker]``)."""
    data = load_data("verdicts_comparisons").get("speaker", {})
    return {k.lower(): str(v).lower() for k, v in data.get("particle_verbs", {}).items()}


@cache
def _citing_words() -> frozenset[str]:
    """Words whose "to" names a clause's source ("according to")."""
    return frozenset(w.lower() for w in load_data("verdicts_comparisons").get("speaker", {}).get("citing", []))


def _cited_by(head: Any) -> str:
    """The source a clause cites on its head word ("according to X"), or ""."""
    for c in head.children:
        if c.lower_ not in _citing_words():
            continue
        to = next((t for t in c.children if t.lower_ == "to"), None)
        obj = next((t for t in (to.children if to is not None else ()) if t.dep_ == "pobj"), None)
        if obj is not None:
            return " ".join(t.text for t in obj.subtree)
    return ""


def _is_named(subject: Any) -> bool:
    """Whether a subject phrase holds a proper name ("Tariq al-Obeidi", "the
    Harbour Post"), not only common nouns ("the alliance", "officials")."""
    return any(t.pos_ == "PROPN" for t in subject.subtree)


def _named_reporter_above(verb: Any, reporting: frozenset[str] | set[str]) -> str:
    """The named subject of a reporting verb that ``verb`` hangs under, or ""."""
    for anc in verb.ancestors:
        if anc.lemma_.lower() not in reporting:
            continue
        subj = [c for c in anc.children if c.dep_ == "nsubj"]
        if subj and _is_named(subj[0]):
            return anc.doc[subj[0].left_edge.i:subj[0].right_edge.i + 1].text.strip(" ,;:")
        return ""
    return ""


def _own_sources(u: ClaimUnit, at: int = -1, parses: dict[str, Any] | None = None) -> list[str]:
    """Who says what the unit says at character ``at`` of its sentence: the
    subject of the reporting verb the value hangs on in the parse ("police
    said 12 were hurt, while witnesses said 30": 30 is the witnesses'),
    else the unit's sources that are not written in another clause of the
    sentence (a clause's sources came from the whole sentence)."""
    sources = [w for w in u.slots.get("source", []) if w]
    if at >= 0 and parses is not None:
        doc = _parse_one(u.source_text, parses, u)
        if doc is not None:
            reported = False
            reporting = _filters()[2]
            token = next((t for t in doc if t.idx <= at < t.idx + len(t)), None)
            particles = _speaker_particles()
            for anc in (token.ancestors if token is not None else ()):
                lemma = anc.lemma_.lower()
                if lemma in particles and not any(c.dep_ == "prt" and c.lower_ == particles[lemma]
                                                  for c in anc.children):
                    # "Gray had pointed a .38-caliber revolver": no report
                    # without its particle ("pointed out that ...").
                    continue
                # A reporting verb's subject is who gives the figure, before
                # an "according to" on that verb, which says how the report
                # knows it ("According to the newspaper, Obeidi estimated
                # that about 300 ..." is Obeidi's figure).
                # A passive one's subject is what is reported ("One person is
                # believed to have been arrested"), never who reports it.
                subj = [c for c in anc.children if c.dep_ == "nsubj"] if lemma in reporting else []
                if subj and token in list(subj[0].subtree):
                    reported = True
                    break  # "68 per cent of Greeks said": the figure is the subject
                if subj:
                    said = doc[subj[0].left_edge.i:subj[0].right_edge.i + 1].text.strip(" ,;:")
                    named = _named_reporter_above(anc, reporting) if not _is_named(subj[0]) else ""
                    if named:
                        # "Obeidi said the alliance believed about 300 ...":
                        # the group's belief as the named person reports it;
                        # who says the figure is the person.
                        said = named
                    own = [w for w in sources if w in said or said in w]
                    return own or [said]
                cited = _cited_by(anc)
                if cited:
                    # "According to the ISNA news agency, the quake injured
                    # two people": the clause's own source, not the name of
                    # another sentence.
                    own = [w for w in sources if w in cited or cited in w]
                    return own or [cited]
                if lemma in reporting:
                    if anc.dep_ == "conj" or anc.tag_ == "VBG":
                        # "police said ... and added that 30 ...", "..., noting
                        # that 30 ...": the subject of the verb it hangs on.
                        head = next((h for h in anc.ancestors if any(c.dep_ == "nsubj" for c in h.children)), None)
                        if head is None:
                            continue
                        hs = next(c for c in head.children if c.dep_ == "nsubj")
                        said = doc[hs.left_edge.i:hs.right_edge.i + 1].text.strip(" ,;:")
                        own = [w for w in sources if w in said or said in w]
                        return own or [said]
                    agent = [g for c in anc.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
                    if agent:
                        said = doc[agent[0].left_edge.i:agent[0].right_edge.i + 1].text.strip(" ,;:")
                        own = [w for w in sources if w in said or said in w]
                        return own or [said]
                    break  # agentless ("believed to be one of 500"): it names no one
            if not reported:
                # The figure hangs on no reporting verb of its own: a source
                # written in this sentence speaks in another clause ("X, one
                # of the 500 fighters ..., and officials believe that Y": the
                # officials say Y, not 500).  A source from a quote that only
                # runs on into this sentence stays.
                sources = [w for w in sources if w.lower() not in u.source_text.lower()]
    if u.span is None or len(sources) < 2:
        return sources
    lo, hi = u.span
    text = u.source_text
    # A source written elsewhere in the sentence, and not in this clause,
    # belongs to that other clause when another source is written here.
    here = [w for w in sources if w in text[lo:hi]]
    return here or sources


@cache
def _report_words() -> frozenset[str]:
    """Nouns that stand for a cited outlet or its report ("the report said",
    "the newspaper noted": analyze_sources.toml [anaphors])."""
    anaphors = load_data("analyze_sources").get("anaphors", {})
    return frozenset(w.lower() for kind in ("outlet", "report") for w in anaphors.get(kind, []))


def _names_a_source(who: str) -> bool:
    """False for a cited report or outlet written as a common noun ("The
    report", "the newspaper"): it names the medium, whose own source the side
    lists from the original ("residents"), not who says the value."""
    words = who.split()
    if not words or words[-1].lower() not in _report_words():
        return True
    return not all(w.islower() for w in [words[0].lower(), *words[1:-1]])  # "The Guardian newspaper" names one


def _written_before(who: str, said_by: Sequence[str]) -> bool:
    """Whether a named speaker is already listed under another spelling
    ("Tarek Obeidi" after "Tariq al-Obeidi": one name key)."""
    from .entities import name_key

    if not any(w[:1].isupper() for w in who.split()):
        return False
    key = name_key(who)
    return bool(key) and any(name_key(other) == key for other in said_by)


def _side(units: Sequence[ClaimUnit], value: str, roots: Mapping[str, str],
          said: Mapping[int, list[str]] | None = None) -> ConflictSide:
    """A side of a conflict from its sentences, in story order.  ``said``
    (id of a unit -> who says it) overrides the units' own sources."""
    articles: list[str] = []
    reports: list[Report] = []
    said_by: list[str] = []
    published: list[str] = []
    for u in sorted(units, key=lambda u: u.order):
        if u.article not in articles:
            articles.append(u.article)
        # two clauses of one sentence are one citation: a side lists a sentence once
        if all((r.article, r.sentence) != (u.article, u.sentence) for r in reports):
            reports.append(Report(u.article, u.sentence, u.text))
        who_says = said[id(u)] if said is not None and id(u) in said else _own_sources(u)
        for who in who_says:
            if who and who not in said_by and _names_a_source(who) and not _written_before(who, said_by):
                said_by.append(who)
        if u.published:
            published.append(u.published[:10])
    sources = sorted({roots.get(a, a) for a in articles})
    return ConflictSide(value=value, articles=articles, sentences=reports, said_by=said_by, sources=sources,
                        first_reported=min(published) if published else "")


def figure_units(
    analyzed: Sequence[Any],
    units: Sequence[ClaimUnit],
    *,
    settings: ReconcileSettings | None = None,
    config: Config | None = None,
    mention_entity: Mapping[tuple[str, int], str] | None = None,
    entity_names: Mapping[str, str] | None = None,
) -> list[ClaimUnit]:
    """Claim units for the sentences with a figure that are too short to be
    claims ("There was a collision and two deaths."): a figure is still a
    figure, and may take a side in a conflict.  They align with nothing."""
    from .claims import extract_claims

    settings = stage_settings(ReconcileSettings, settings, config)
    have = {u.key for u in units}
    short = []
    for a in analyzed:
        counted = {q.sentence for q in a.quantities if q.value is not None and q.counted}
        keep = {s.index for s in a.sentences if s.index in counted and (a.article.id, s.index) not in have}
        if keep:
            # The other sentences emptied, so that only these are parsed.
            sentences = [s if s.index in keep else dataclasses.replace(s, text="") for s in a.sentences]
            short.append(dataclasses.replace(a, sentences=sentences))
    if not short:
        return []
    extra = extract_claims(short, settings=dataclasses.replace(settings, claim_min_words=1),
                           mention_entity=mention_entity, entity_names=entity_names)
    for n, u in enumerate(extra):
        u.order = len(units) + n
    return extra


@cache
def _masking() -> tuple[str, frozenset[str], int, frozenset[str]]:
    """(placeholder, words that make a figure a further group, how many
    words before the number they may stand, counted words never paired) of
    ``[masked]``."""
    data = load_data("verdicts_quantities").get("masked", {})
    return (str(data.get("placeholder", "some")), frozenset(w.lower() for w in data.get("additive", [])),
            int(data.get("additive_window", 2)), frozenset(w.lower() for w in data.get("skip_counted", [])))


def _masked_text(u: ClaimUnit, spans: Sequence[tuple[int, int]]) -> str:
    """The unit's text with its figures (hedge and number, not the counted
    noun) replaced by one placeholder word: "Police said 12 people were
    injured" and "Police said 18 people had been injured" then read as the
    same proposition, which is what a count conflict is about."""
    placeholder = _masking()[0]
    text = u.source_text
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + placeholder + text[end:]
    if u.span is None:
        return text.strip()
    lo, hi = u.span
    shift = sum(len(placeholder) - (e - s) for s, e in spans if e <= lo)
    shift_hi = sum(len(placeholder) - (e - s) for s, e in spans if e <= hi)
    return text[lo + shift:hi + shift_hi].strip()


def _additive(o: _Obs) -> bool:
    """Whether the figure counts a further group ("another 20,000 people",
    "a further 20,000"): not the same referent as a plain figure."""
    _, words, window, _ = _masking()
    if o.start < 0:
        return False
    before = [lem for s, e, lem in o.unit.tokens if e <= o.start][-window:]
    inside = [lem for s, e, lem in o.unit.tokens if s >= o.start and e <= o.end][:window]
    return bool(set(before + inside) & words)


def _article_places(units: Sequence[ClaimUnit]) -> dict[str, str]:
    """The place an article is about, when one place is named more often than
    any other in it: the place of its sentences that name none."""
    counts: dict[str, dict[str, int]] = {}
    for u in units:
        for p in _places(u):
            counts.setdefault(u.article, {}).setdefault(p, 0)
            counts[u.article][p] += 1
    out = {}
    for article, c in counts.items():
        ranked = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            out[article] = ranked[0][0]
    return out


def _same_place(a: ClaimUnit, b: ClaimUnit, home: Mapping[str, str]) -> bool:
    """Whether two figures' places can be one: the places they name, else
    their article's own place, must meet; unknown on either side is no
    evidence of a difference only when both are unknown."""
    pa = _places(a) or ({home[a.article]} if a.article in home else set())
    pb = _places(b) or ({home[b.article]} if b.article in home else set())
    if not pa and not pb:
        return True
    return bool(pa & pb)


def _kind(o: _Obs) -> str:
    """The make or model written between the number and a noun no concept
    names ("seven AK-47 rifles", "two Boeing jets"): words with a digit or a
    capital.  "Seven AK-47 rifles" and "three rifles" listed beside "12 AK-47
    guns" are different kinds of rifle; "two sub-sea cables" and "three
    cables" are one kind.  Empty for the concepts of the data file."""
    if o.slot != "how_many" or o.topic in _concept_labels() or o.start < 0:
        return ""
    _, num_end = _number_at(o.unit, o.start, o.end)
    words = re.findall(r"[^\s,;()]+", o.unit.source_text[num_end:o.end])[:-1]  # the last is the noun
    return " ".join(sorted({w.lower() for w in words if re.search(r"\d|^[A-Z]", w)}))


def _count_key(o: _Obs) -> str:
    """The counted thing of a figure: its concept, else its noun."""
    return o.topic


def _masked_pairs(units: Sequence[ClaimUnit], obs: Sequence[_Obs], *, threshold: float
                  ) -> list[tuple[_Obs, _Obs, float]]:
    """Count observations of two articles whose sentences state the same
    proposition once their figures are masked, and which pass the strict
    same-referent checks: the same counted thing, states that do not
    differ, the same place, compatible dates, neither a further group."""
    skip = _masking()[3]
    counts = [o for o in obs if o.slot == "how_many" and not o.vague and not o.states[0].startswith("ref:")
              and o.topic.lower() not in skip]
    # Dates of one event ("launched ... in December" / "in September").
    counts += [o for o in obs if o.slot == "when" and o.topic and o.start >= 0]
    by_unit: dict[int, list[_Obs]] = {}
    index_of = {id(u): i for i, u in enumerate(units)}
    for o in counts:
        by_unit.setdefault(index_of[id(o.unit)], []).append(o)
    # A sentence with two different figures of one thing gives parts or
    # both sides itself ("18 injured ... and 12 hurt later"): it takes no
    # side through a masked pair.  Figures in different states are of
    # different things ("18 people had been injured and 12 arrested"): each
    # keeps its own.
    by_sentence: dict[tuple[str, int], list[_Obs]] = {}
    for o in counts:
        by_sentence.setdefault(o.unit.key, []).append(o)
    for i in list(by_unit):
        same = by_sentence[units[i].key]
        by_unit[i] = [o for o in by_unit[i]
                      if not any(p.slot == o.slot and p.topic == o.topic and not _compatible(p, o)
                                 and (not p.contexts or not o.contexts or p.contexts & o.contexts) for p in same)]
        if not by_unit[i]:
            del by_unit[i]
    if len(by_unit) < 2:
        return []
    idx = sorted(by_unit)
    if len({units[i].article for i in idx}) < 2:
        return []
    # Each sentence is read twice: with its counts masked (to pair counts)
    # and with its dates masked (to pair dates).  A count's sentences keep
    # their dates as written: "injuring 40 ... in September" and "injured
    # almost 50 ... in September" state one thing, and masking a date that
    # only one of them ties to an event word would make them differ.
    masked: dict[str, list[str]] = {"how_many": [], "when": []}
    for i in idx:
        for slot in masked:
            spans = []
            for o in by_unit[i]:
                if o.slot != slot:
                    continue
                ns, ne = _number_at(o.unit, o.start, o.end) if o.slot == "how_many" else (o.start, o.end)
                spans.append((min(o.start, ns), ne))
            masked[slot].append(_masked_text(units[i], _merge(spans)))
    try:
        from ..analyze.embed import encode_precise

        cos = {}
        for slot, texts in masked.items():
            emb = encode_precise(texts)
            cos[slot] = emb @ emb.T
    except Exception:  # noqa: BLE001 - without the model no masked pair is found
        return []
    sk = {slot: [sketch(t) for t in texts] for slot, texts in masked.items()}
    idf = {slot: idf_table(s) for slot, s in sk.items()}
    model = load_model()
    home = _article_places(units)
    out: list[tuple[_Obs, _Obs, float]] = []
    for x in range(len(idx)):
        for y in range(x + 1, len(idx)):
            ua, ub = units[idx[x]], units[idx[y]]
            if ua.article == ub.article or not _same_place(ua, ub, home):
                continue
            probs: dict[str, float] = {}
            for slot in masked:
                if not any(o.slot == slot for o in by_unit[idx[x]]) or \
                        not any(o.slot == slot for o in by_unit[idx[y]]):
                    continue
                feats = pair_features(sk[slot][x], sk[slot][y], cosine=float(cos[slot][x, y]), idf=idf[slot])
                prob = model.probability(feats)
                if prob >= threshold and not guard(sk[slot][x], sk[slot][y], feats):
                    probs[slot] = prob
            for oa in by_unit[idx[x]]:
                for ob in by_unit[idx[y]]:
                    if oa.slot != ob.slot or _count_key(oa) != _count_key(ob) or not oa.topic or _kind(oa) != _kind(ob):
                        continue
                    if oa.slot not in probs:
                        continue
                    prob = probs[oa.slot]
                    if oa.slot == "when":
                        # One event, of one thing when the event is of a thing.
                        if is_once_per_target(oa.topic) and not (oa.target and oa.target == ob.target):
                            continue  # the bridge destroyed in June, the dam in August
                        if not (oa.target and ob.target and oa.target != ob.target):
                            out.append((oa, ob, prob))
                        continue
                    if (oa.contexts or ob.contexts) and not oa.contexts & ob.contexts:
                        continue  # "three people died" is not "20,000 people took to the streets"
                    if oa.topic not in _concept_labels() and not oa.contexts and oa.states != ob.states:
                        # A thing no concept names is one referent only under one
                        # verb: "five boats were seen approaching" are not the
                        # "three boats" that were intercepted.
                        continue
                    if not _same_referent(oa, ob) or not _dates_meet(ua, ub):
                        continue
                    out.append((oa, ob, prob))
    return out


def _merge(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _dates_meet(a: ClaimUnit, b: ClaimUnit) -> bool:
    """Whether two sentences are about one time: both date their event and
    the dates can meet, or neither dates it ("in January, five cables were
    cut" is another event than "three cables were damaged")."""
    da = [w["range"] for w in a.slots.get("when", []) if w.get("range") and is_story_event(w.get("event"))]
    db = [w["range"] for w in b.slots.get("when", []) if w.get("range") and is_story_event(w.get("event"))]
    if bool(da) != bool(db):
        return False
    return not da or any(ranges_compatible(x, y) for x in da for y in db)


def _components(pairs: Sequence[tuple[_Obs, _Obs, float]]) -> list[list[_Obs]]:
    """Connected sets of observations joined by masked pairs, per counted thing."""
    sets: UnionFind[int] = UnionFind()
    by_id: dict[int, _Obs] = {}
    for a, b, _ in pairs:
        for o in (a, b):
            by_id[id(o)] = o
        sets.union(id(a), id(b))
    comps: dict[int, list[_Obs]] = {}
    for k, o in by_id.items():
        comps.setdefault(sets.find(k), []).append(o)
    return sorted((sorted(c, key=lambda o: (o.unit.order, o.start)) for c in comps.values()),
                  key=lambda c: (c[0].unit.order, c[0].start))


# --------------------------------------------------------------- event counts


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
    doc = _parse_one(o.unit.source_text, parses, o.unit)
    span = doc.char_span(o.start, o.end, alignment_mode="expand") if doc is not None else None
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

    buckets: dict[tuple[str, ...], list[_Obs]] = {}
    for o in obs:
        if o.slot == "how_many":
            # Aligned sentences compare counts in the same state only:
            # "4,200 votes were counted" vs "1,870 votes separated them".
            if not o.vague:
                for state in o.states:
                    buckets.setdefault((o.slot, o.topic, "group", f"{o.group}|{state}|{_kind(o)}"), []).append(o)
            # Across the story only things a story counts (fighters, people
            # killed: the concepts of the data file); a juror or a car is
            # compared only within one aligned claim.
            if o.topic in _concept_labels():
                for ctx in sorted(o.contexts):
                    buckets.setdefault((o.slot, o.topic, "context", ctx), []).append(o)
            continue
        if o.slot == "when" and not _dates_own_event(o, parses):
            continue  # the keyword names another event of the sentence
        buckets.setdefault((o.slot, o.topic, "group", str(o.group)), []).append(o)
        if o.slot == "when" and is_once_event(o.topic):
            buckets.setdefault((o.slot, o.topic, "story", ""), []).append(o)
        elif o.slot == "when" and o.target and is_once_per_target(o.topic):
            buckets.setdefault((o.slot, o.topic, "target", o.target), []).append(o)
        elif o.slot == "size" and o.topic:
            buckets.setdefault((o.slot, o.topic, "story", ""), []).append(o)

    # The ages of one named person: compared with each other only.
    for person, ages in _named_ages(units, group_of).items():
        buckets[("how_many", "age", "person", person)] = ages

    # Counts whose sentences say the same thing once the figures are masked:
    # the pairs a conflict is about, which alignment (it counts different
    # figures against a match) leaves apart.
    masked_at = settings.conflict_masked_threshold
    if masked_at <= 1.0:
        own = [o for o in obs if o.slot != "when" or _dates_own_event(o, parses)]
        for n, comp in enumerate(_components(_masked_pairs(units, own, threshold=masked_at))):
            shared = frozenset.intersection(*(o.contexts for o in comp)) if all(o.contexts for o in comp) \
                else frozenset()
            ctx = sorted(shared)[0] if shared else ""
            buckets[(comp[0].slot, comp[0].topic, "masked", f"{n:04d}|{ctx}")] = comp

    # Counts of one event's things in sentences that neither align nor read
    # alike once masked: a stricter path of its own ([event_counts]).
    event_sides: dict[tuple[str, ...], list[list[_Obs]]] = {}
    for n, (name, sides_) in enumerate(_event_pairs(units, obs, parses)):
        key_ = ("how_many", sides_[0][0].topic, "event", f"{n:04d}|{name}")
        buckets[key_] = [o for s in sides_ for o in s]
        event_sides[key_] = sides_

    found: list[tuple[tuple[str, ...], list[list[_Obs]]]] = []
    seen: set[tuple[Any, ...]] = set()
    # Masked pairs and event counts last: the same disagreement found
    # otherwise keeps its label.
    for key in sorted(buckets, key=lambda k: (k[2] in ("masked", "event"), k[2] == "event", k)):
        members = buckets[key]
        if len({o.unit.article for o in members}) < 2:
            continue
        precise = [o for o in members if not o.vague]
        vague = [o for o in members if o.vague]
        base = _one_place(_sides(precise))
        # One person's ages: the referent is the person, whatever the places
        # or ages elsewhere in the sentences.
        sides = base if key[2] == "person" else _linked(base)
        if key[2] == "event":
            sides = event_sides[key]  # checked side against side already
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
        if key[0] == "how_many" and key[2] == "context" and (_undated_cumulative(sides, key[3])
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
        if key[0] == "how_many" and key[2] != "person" and not _one_owner(sides, parses, antecedents):
            continue  # one player's points against another's, or another game's
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
        # The sentences state one proposition: aligned, paired with their
        # figures masked, or one source's statement of one count.
        paired = how in ("group", "masked", "attributed", "event")
        is_vague = ctx.endswith("|vague")
        ctx = ctx.removesuffix("|vague")
        event_class = ""
        if how == "masked":
            how, ctx = "context", ctx.split("|", 1)[1]
        elif how == "event":
            event_class, ctx = ctx.split("|", 1)[1], ""
        elif how == "attributed":
            how = "context"
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
        if how == "person":
            name = max((o.target_text or "" for s in sides for o in s), key=len) or ctx
            about = _named_age_rules()[1].format(name=name)
        elif how == "target":
            target = next((o.target_text for s in sides for o in s if o.target_text), ctx)
            about = _about(slot, topic, None, target, event)
        elif how == "event":
            about = _event_about(sides, event_class)
        else:
            about = _about(slot, topic, ctx if how == "context" else None, event=event)
        kind, severity = "", "high"
        undated = slot == "how_many" and not is_vague and _undated_cumulative(sides, ctx if how == "context" else None)
        if undated and (not _update_rules()[2] or not paired):
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
        elif how == "event" and _first_days_differ(sides):
            # A count of one event first reported on different days may
            # have been revised between them.
            about += _event_rules().update_suffix
            kind, severity = "update", "low"
        elif slot == "how_many" and _rising(sides, ctx if how == "context" else None):
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
    joined = UnionFind(members)
    for x, i in enumerate(members):
        for j in members[x + 1:]:
            p = evidence.get((min(i, j), max(i, j)))
            if root[i] == root[j] or (p is not None and p.score >= threshold):
                joined.union(i, j)
    return max((len({root[i] for i in group}) for group in joined.groups().values()), default=0)


def _shown_member(group: Sequence[ClaimUnit], roots: Mapping[str, str]) -> ClaimUnit:
    """The report a corroborated claim is shown as: the one whose words
    another source family states most fully, first in story order on a tie.
    The first report often says more than the others confirm ("... declared
    winner in June over Lind, who contested the count at once" / "... was
    declared winner in June over Lind"): shown as is, the brief would call
    the extra clause corroborated."""
    def covered(u: ClaimUnit) -> float:
        mine = sketch(u.text).words
        if not mine:
            return 0.0
        root = roots.get(u.article, u.article)
        return max((len(mine & sketch(v.text).words) / len(mine) for v in group
                    if roots.get(v.article, v.article) != root), default=0.0)

    best = max(range(len(group)), key=lambda k: (covered(group[k]), -k))
    return group[best]


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
        corroborate_threshold = stage_settings(ReconcileSettings).corroborate_threshold
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
        shown = _shown_member(group, roots) if verdict == "corroborated" else group[0]
        slots = dict(shown.slots)
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
        claims.append(Claim(id=cid, text=shown.text, verdict=verdict, reports=reports,
                            independent_sources=independent, values=values, slots=slots, alignment=alignment))
        for i in members:
            claim_of[i] = cid
    return claims, claim_of
