"""Alignment: which claims from different articles state the same proposition.

Two claim units align when their pair's probability reaches
``reconcile.align_threshold`` (or their sentences are near-copies in meaning,
``[near_copy]`` of ``data/claims_align.toml``) and no guard of that file
vetoes it.  The probability is a pair classifier's; with ``[cross] enabled``,
for the pairs a cross-encoder reads (:mod:`.cross`: the shipped
all-MiniLM-L6-v2 reading both sentences at once, fine-tuned offline on MSRP
train and ECB+ train topics with LoRA adapters, ``python bench/train_align.py
--cross``), it is the weighted mean of the two (``[cross] weight``); with
``[cross] veto`` false (shipped) the cross-encoder only adds: it reads the
classifier's near misses, never a pair the classifier aligns, and never a
pair whose figures differ (``same_figures``, :func:`figures_differ`).  Between two articles of
different, independent source families (``[cross] independent``, session
13) its reading decides instead: it may part a pair the classifier aligns
and align one it misses, and such a change needs the pair read both ways
(the second order is read only then, session 14: :func:`score_pairs`);
past its per-story read limit the classifier alone aligns such a pair only
at ``independent_unread_min_probability`` (shipped above 1: never; session
15: the limit bounds a story's time, it must not decide what is
corroborated).
The cross-encoder reads what each claim asserts, without an attribution
frame ("A, police said": :mod:`.asserted`).  The
cross-encoder costs a transformer pass per pair, so it reads only the
candidates that a cheap pair classifier, learned offline from public data
(MSRP train and ECB+ train topics, ``python bench/train_align.py``) and
shipped as plain numbers in ``data/claims_align_model.toml``, finds likely
(``[cross]`` of ``data/claims_align.toml``).  The classifier reads features of the
two sentences (:func:`pair_features`): the cosine of their transformer
embeddings (all-MiniLM-L6-v2, computed per story for its claim units only)
and an embedding head (a logistic regression over |u - v| and u * v of the
two embeddings, whose log-odds is one feature), IDF-weighted lexical cosine,
overlap of content words, tokens, word bigrams and character 4-grams,
agreement of numbers and names, negation and length.  The guards encode what a learned score must not
override: shared names alone never align two claims, a claim about now
never aligns with one about months earlier, different events on the same
participants and figure ("rescued 26 crewmembers" / "26 pirates arrested"),
a hedged claim and a firm one ("under consideration for the post" / "asked
to take it"), and a claim that restates one part of a coordination ("charged
with murder and two counts of homicide" / "charged with two counts of
homicide": the brief shows one text for the whole group), and two steps of
one process ("advisers voted to recommend the dose" / "the agency approved
it": :func:`stage_guard`) never align, nor do two claims that date their
proposition on days that cannot be the same ("replaced the frigate in late
November" / "... early December": :func:`date_guard`).
Figures are read with their scale ("100 million" is not 100).  Two claims whose figures all
agree -- the same concept in the same state, ranges that overlap once hedges
are read ("more than 12,000 people have left" / "around 12,000 people have
fled") -- state the same proposition however differently the rest of their
sentences runs (:func:`same_count`, ``[counts]`` of the same file): the
classifier, trained on whole-sentence paraphrase, scores them low.

Between two articles of one derivation family (a retelling, a copy or a wire
reprint and its source), a sentence and the other article's sentence closest
to it in meaning, each the other's closest, restate one statement (the
retelling goes through its source sentence by sentence) even when a
misspelt name or other words keep the classifier under its bar
(:func:`_retold`, ``[retelling]`` of the same file); the guards still
apply, and one family confirms nothing.

Aligned pairs are grouped into cliques (:func:`group_pairs`): a unit joins a
group only if it aligns with every member, so A~B and B~C never put A with C
unless A~C.  A group holds several claims of one article only when they
align with each other too (an article restating a proposition in its
headline, lead and a later paragraph); an article's verbatim duplicates,
such as a caption printed twice, travel together.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..config import Config, ReconcileSettings, stage_settings
from ..partial_dates import ranges_compatible
from .claims import ClaimUnit, _token_at, load_data, normalize_text, reporting_lemmas
from .wordstem import stem

__all__ = [
    "AlignedPair",
    "PairModel",
    "Sketch",
    "align_claims",
    "date_guard",
    "figures_differ",
    "group_pairs",
    "guard",
    "idf_table",
    "load_metrics_model",
    "load_model",
    "model_from_data",
    "other_state",
    "pair_feature_rows",
    "pair_features",
    "proposition_guard",
    "same_count",
    "score_pairs",
    "sketch",
    "stacked_probability",
    "stage_guard",
    "unit_steps",
]

log = logging.getLogger(__name__)

_TOKEN = re.compile(r"[^\W_]+(?:['’.,-][^\W_]+)*", re.UNICODE)
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True)
class AlignedPair:
    a: int  # index into the units list
    b: int
    score: float  # the classifier's probability that both state the same proposition
    text: float  # the transformer cosine of the two sentences
    evidence: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


# ---------------------------------------------------------------- sketches


@cache
def _lexicon() -> dict[str, Any]:
    from spacy.lang.en.stop_words import STOP_WORDS

    data = load_data("claims_align")
    filters = load_data("claims_filters")
    stop = frozenset(STOP_WORDS) | frozenset(filters.get("extra_stopwords", []))
    times = {name: tuple(tuple(p.lower().split()) for p in spec.get("phrases", []))
             for name, spec in data.get("time_states", {}).items()}
    # Scale words ("million") and the scales written onto a figure ("1.5bn",
    # "$2m"): the tables the quantity reader and the verdicts already use, so
    # that "100 million" is never read as the figure "100".
    scales = {k.lower(): float(v) for k, v in load_data("quantities_rules").get("numbers", {})
              .get("scales", {}).items()}
    suffixes = {k.lower(): float(v) for k, v in load_data("verdicts_quantities").get("not_a_count", {})
                .get("money_scales", {}).items()}
    cues = frozenset(c.lower() for c in _guard_cues(data.get("guards", {})))
    return {
        "stop": stop,
        "negations": frozenset(data.get("negations", [])),
        "number_words": {k.lower(): str(v) for k, v in data.get("number_words", {}).items()},
        "times": times,
        # Every word or phrase a guard looks for (different events, hedges,
        # coordinators): a sketch records which of them its sentence holds.
        "cues": cues,
        # Each one-word cue's stem, stemmed once here rather than once a
        # sentence (stemming the cues was a fifth of sketch's time).
        "cue_stems": {c: stem(c) for c in cues if " " not in c},
        "scales": scales,
        "suffixed": re.compile(r"^(\d+(?:\.\d+)?)(" + "|".join(sorted(map(re.escape, suffixes), key=len, reverse=True))
                               + r")$") if suffixes else None,
        "suffixes": suffixes,
    }


def _guard_cues(g: Mapping[str, Any]) -> list[str]:
    cues = [w for pair in g.get("different_events", []) for family in pair for w in family]
    return cues + list(g.get("hedges", [])) + list(g.get("earlier_events", [])) + list(g.get("coordinators", []))


def _figure(value: float) -> str:
    """A figure as the sketch writes it: "100000000", "1.5"."""
    return str(int(value)) if value == int(value) else f"{value:g}"


def _scaled(tok: str, low: str, following: Sequence[str], lex: Mapping[str, Any]) -> tuple[str, int] | None:
    """The figure a number token states once its scale is read ("100
    million" -> "100000000", "1.5bn" -> "1500000000", "two thousand" ->
    "2000"), and how many following tokens the scale took; None when the
    token is no number."""
    if _DIGITS.search(tok):
        plain = tok.replace(",", "").rstrip(".").lower()
        m = lex["suffixed"].match(plain) if lex["suffixed"] is not None else None
        if m:
            return _figure(float(m.group(1)) * lex["suffixes"][m.group(2)]), 0
        try:
            value = float(plain)
        except ValueError:
            return plain, 0  # "9/11", "3-2": kept as written
    elif low in lex["number_words"]:
        value = float(lex["number_words"][low])
    else:
        return None
    used = 0
    # "two hundred thousand": every scale word that follows multiplies.
    while used < len(following) and following[used] in lex["scales"] and value < 1e15:
        value *= lex["scales"][following[used]]
        used += 1
    if not used:
        return (plain if _DIGITS.search(tok) else lex["number_words"][low]), 0
    return _figure(value), used


@dataclass(frozen=True)
class Sketch:
    """What the pair features read from one sentence."""

    words: frozenset[str]  # stems of content words, names excluded
    names: frozenset[str]  # capitalised words inside the sentence, lowercased
    numbers: frozenset[str]  # figures as written, normalised ("12,000" -> "12000", "two" -> "2")
    negated: bool
    times: frozenset[str]  # time states named (present, past): data/claims_align.toml
    length: int  # word tokens
    bigrams: frozenset[tuple[str, str]] = frozenset()  # adjacent lowercased tokens
    forms: tuple[tuple[str, str], ...] = ()  # (stem, the word as written, lowercased): for the evidence
    tokens: frozenset[str] = frozenset()  # every lowercased token, stop words included
    chars: frozenset[str] = frozenset()  # character 4-grams of the lowercased text, spaces collapsed
    cues: frozenset[str] = frozenset()  # the guards' words and phrases the sentence holds ([guards])
    # (figure as written, its value with the scale read): ("100", "100000000") for "100 million".
    values: frozenset[tuple[str, str]] = frozenset()
    # Each figure as a value: (kind, low, high), the range its hedge and
    # rounding allow ("about 3 percent": ("percent", 2.7, 3.3)); a figure that
    # is no plain number ("9/11", "pg-13") is its kind "label" and its text
    # (low, high = 0): for :func:`figures_differ`.
    figures: tuple[tuple[str, float, float, str], ...] = ()


def sketch(text: str) -> Sketch:
    lex = _lexicon()
    matches = list(_TOKEN.finditer(text))
    tokens = [m.group() for m in matches]
    words, names, numbers = set(), set(), set()
    forms: dict[str, str] = {}
    negated = False
    lowered = [t.lower().replace("’", "'") for t in tokens]
    readings = set()
    for k, (tok, low) in enumerate(zip(tokens, lowered)):
        figure = _scaled(tok, low, lowered[k + 1:k + 4], lex)
        if figure is not None:
            # The figure as written is what the classifier was trained on
            # (a scale word stays a word); its value, scale read, is what the
            # guard compares ("100" of "100 million" is not "100").
            raw = tok.replace(",", "").rstrip(".").lower() if _DIGITS.search(tok) else lex["number_words"][low]
            numbers.add(raw)
            readings.add((raw, figure[0]))
            continue
        if low in lex["negations"] or low.endswith("n't"):
            negated = True
        if low in lex["stop"] or len(low) < 2:
            continue
        # A capitalised word after the first is a name; the first word is
        # one only when it is not an ordinary word elsewhere in the sentence.
        if tok[0].isupper() and (k > 0 or tok.isupper()):
            names.add(low)
        else:
            st = stem(low)
            words.add(st)
            forms.setdefault(st, low)
    times = set()
    grams: dict[int, set[tuple[str, ...]]] = {}  # the sentence's n-grams, made once for each phrase length
    for name, phrases in lex["times"].items():
        for p in phrases:
            n = len(p)
            if n not in grams:
                grams[n] = set(zip(*(lowered[i:] for i in range(n)))) if n else {()}
            if p in grams[n]:
                times.add(name)
                break
    flat = " ".join(lowered)
    # A capitalised word inside the sentence is a name ("May 5", "Will
    # Smith"), never a cue word; nor is a word between two capitalised ones
    # ("Fifth and Quebec", "Food and Drug Administration").
    def in_name(k: int) -> bool:
        return 0 < k < len(tokens) - 1 and tokens[k - 1][0].isupper() and tokens[k + 1][0].isupper()

    plain = ["" if (k and tok[0].isupper()) or in_name(k) else low for k, (tok, low) in enumerate(zip(tokens, lowered))]
    padded = f" {' '.join(plain)} "
    in_plain = set(plain)
    cue_stems = lex["cue_stems"]
    cues = frozenset(c for c in lex["cues"]
                     if (f" {c} " in padded if " " in c else (c in in_plain or cue_stems[c] in words)))
    return Sketch(frozenset(words), frozenset(names), frozenset(numbers), negated, frozenset(times), len(tokens),
                  frozenset(zip(lowered, lowered[1:])), tuple(sorted(forms.items())), frozenset(lowered),
                  frozenset(flat[i:i + 4] for i in range(len(flat) - 3)), cues, frozenset(readings),
                  _figure_ranges(text, matches, lowered, lex))


@cache
def _figure_rules() -> dict[str, Any]:
    """What :func:`_figure_ranges` reads: ``[figures]`` of
    data/claims_align.toml (units, kinds), the hedges and the number words of
    data/quantities_rules.toml and the rounding of data/verdicts_quantities.toml
    (the tables the quantity reader and the conflict finder use: a figure the
    conflicts would not set against another is not a different figure here)."""
    rules = load_data("claims_align").get("figures", {})
    q = load_data("quantities_rules")
    not_count = load_data("verdicts_quantities").get("not_a_count", {})

    # A hedge open at one end ("at least 23", "up to 10": verdicts_quantities
    # [hedges]) bounds a figure, it does not round it: "at least 23 troops"
    # and "at least 26 troops" are two figures.  Only the hedges that round
    # ("about", "nearly") widen the figure.
    hedges = load_data("verdicts_quantities").get("hedges", {})
    open_ended = {h.lower() for h in (*hedges.get("open_ended_below", ()), *hedges.get("open_ended_above", ()))}

    def phrases(table: Mapping[str, Any]) -> list[tuple[tuple[str, ...], float, float]]:
        return sorted(((tuple(k.lower().split()), *((0.0, 0.0) if k.lower() in open_ended else
                                                    (float(v[0]), float(v[1]))))
                       for k, v in table.items()), key=lambda x: -len(x[0]))

    return {
        "before": phrases(q.get("hedges", {}).get("before", {})),
        "after": phrases(q.get("hedges", {}).get("after", {})),
        "small": {k.lower(): float(v) for k, v in q.get("numbers", {}).get("small", {}).items()},
        "rounding_scale": float(not_count.get("rounding_scale", math.inf)),
        "words_after": sorted(((tuple(w.lower().split()), kind) for kind, words in rules.get("unit_words", {}).items()
                               for w in words), key=lambda x: -len(x[0])),
        "symbols_after": {w: kind for kind, words in rules.get("unit_symbols_after", {}).items() for w in words},
        "symbols_before": {w.lower(): kind for kind, words in rules.get("unit_symbols_before", {}).items()
                           for w in words},
        "year": tuple(float(x) for x in rules.get("year_range", (0, -1))),
        "ordinals": {str(k).lower(): float(v) for k, v in rules.get("ordinal_words", {}).items()},
        "lacking_differs": bool(rules.get("lacking_differs", True)),
        "by_value": bool(rules.get("by_value", False)),
    }


def _figure_ranges(text: str, matches: Sequence[re.Match], lowered: Sequence[str],
                   lex: Mapping[str, Any]) -> tuple[tuple[str, float, float, str], ...]:
    """The figures of a sentence as value ranges of a kind (see
    ``Sketch.figures``): the value with its scale read ("1.5 million",
    "1,500,000", "$2.6-million"), its kind from the unit written next to it
    ("3.2 percent" / "3.2%": percent; "$24.50" / "24.5 dollars": money; a
    four-digit number in the year range alone: year), the range its hedge
    allows ("about 3 percent" is 2.7 to 3.3) and, unhedged and written with a
    scale of a million or more, the rounding of its last digit ("$6.3
    billion" is true of $6.32 billion)."""
    rules = _figure_rules()
    out = []
    k = 0
    while k < len(matches):
        tok, low = matches[k].group(), lowered[k]
        figure = _scaled(tok, low, lowered[k + 1:k + 4], lex)
        value: float | None = None
        used = 0
        written = ""
        if figure is not None:
            try:
                value, used = float(figure[0]), figure[1]
            except ValueError:
                # "6.8-billion", "19-hour", "256-170": a number glued to a
                # scale or a word reads as the number (and its scale); two
                # numbers or a code stay a label.
                m = re.fullmatch(r"(\d+(?:\.\d+)?)-([a-z][a-z-]*)", figure[0])
                if m is None:
                    out.append(("label", 0.0, 0.0, figure[0]))
                    k += 1
                    continue
                value = float(m.group(1)) * lex["scales"].get(m.group(2), 1.0)
                used = 0
            written = tok.replace(",", "")
        elif "-" in low and all(w in rules["small"] for w in low.split("-")):
            value = sum(rules["small"][w] for w in low.split("-"))  # "thirty-two"
        elif low.split("-")[0] in rules["ordinals"]:
            # "the third coach" / "the fifth coach", "first-degree" /
            # "second-degree murder": a rank of its own kind, which the
            # cross-encoder reads past as it does a count.
            out.append(("ordinal", *(2 * (rules["ordinals"][low.split("-")[0]],)), ""))
            k += 1
            continue
        if value is None:
            k += 1
            continue
        start, end = matches[k].start(), matches[k + used].end()
        after = lowered[k + used + 1:k + used + 4]
        before = lowered[max(0, k - 3):k]
        # The unit written next to it: a symbol ("3.2%", "$24.50") or words
        # ("3.2 percent", "24.5 dollars").
        glued_after, glued_before = text[end:end + 2].lstrip()[:1], text[max(0, start - 3):start].rstrip()
        kind = rules["symbols_after"].get(glued_after, "")
        kind = kind or next((rules["symbols_before"][glued_before[-n:]] for n in range(min(3, len(glued_before)), 0, -1)
                             if glued_before[-n:] in rules["symbols_before"]), "")
        kind = kind or next((x for words, x in rules["words_after"] if tuple(after[:len(words)]) == words), "")
        lo, hi = value, value
        margin = next(((a, b) for words, a, b in rules["before"] if tuple(before[-len(words):]) == words), None)
        if margin is None:
            margin = next(((a, b) for words, a, b in rules["after"] if tuple(after[:len(words)]) == words), None)
        digits = re.match(r"\d+(?:\.\d+)?", written)
        if margin is not None:
            lo, hi = sorted((value * (1 + margin[0]), value * (1 + margin[1])))
        elif digits and float(digits.group()) and value / float(digits.group()) >= rules["rounding_scale"]:
            # Written with a scale of a million or more, a figure is rounded
            # to the digits it shows (as the conflict finder reads it).
            decimals = len(digits.group().split(".")[1]) if "." in digits.group() else 0
            half = 0.5 * 10 ** -decimals * value / float(digits.group()) * (1 - 1e-6)
            lo, hi = value - half, value + half
        if not kind and rules["year"][0] <= value <= rules["year"][1] and value == int(value) and not used \
                and len(written) == 4:
            kind = "year"
        out.append((kind or "count", lo, hi, ""))
        k += 1 + used
    return tuple(out)


def figures_differ(a: Sketch, b: Sketch, *, lacking: bool | None = None) -> bool:
    """Whether two sentences' figures differ (``[figures]`` of
    data/claims_align.toml).  Read by value (``by_value``), a figure agrees
    with one of the other's of its kind whose range meets its own ("3.2
    percent" / "3.2%", "1.5 million" / "1,500,000", "about 3 percent" / "2.96
    percent"); the two differ when one has a figure the other does not state
    (``lacking_differs``), or, without it, only when both have a figure of one
    kind that the other does not state ("23 troops" / "26 troops").  Not by
    value, the figures as written are compared (sessions 12-14).  ``lacking``
    overrides ``lacking_differs``."""
    rules = _figure_rules()
    if not rules["by_value"]:
        return a.numbers != b.numbers

    def alone(xs: Sequence[tuple[str, float, float, str]], ys: Sequence[tuple[str, float, float, str]]) -> set[str]:
        # The kinds of the figures of xs that no figure of ys agrees with.
        return {x[0] for x in xs if not any(x[0] == y[0] and (x[3] == y[3] if x[0] == "label" else
                                                              x[1] <= y[2] and y[1] <= x[2]) for y in ys)}

    ours, theirs = alone(a.figures, b.figures), alone(b.figures, a.figures)
    if rules["lacking_differs"] if lacking is None else lacking:
        return bool(ours or theirs)
    return bool(ours & theirs)


def idf_table(sketches: Iterable[Sketch]) -> dict[str, float]:
    """Smoothed inverse document frequency of words and names over a pool of
    sentences (the story at run time, the corpus when training)."""
    df: Counter[str] = Counter()
    n = 0
    for s in sketches:
        n += 1
        df.update(s.words | s.names)
    return {t: math.log((n + 1) / (c + 1)) + 1.0 for t, c in df.items()} | {"": math.log(n + 1) + 1.0}


def _weighted_cosine(a: frozenset[str], b: frozenset[str], idf: Mapping[str, float]) -> float:
    if not a or not b:
        return 0.0
    default = idf.get("", 1.0)
    shared = sum(idf.get(t, default) ** 2 for t in a & b)
    na = math.sqrt(sum(idf.get(t, default) ** 2 for t in a))
    nb = math.sqrt(sum(idf.get(t, default) ** 2 for t in b))
    return shared / (na * nb)


# The features, in the order the shipped model reads them.
FEATURES = (
    "cosine",  # transformer cosine
    "lexical",  # IDF-weighted cosine of words and names
    "words_min",  # shared content words / the shorter side's
    "words_max",  # shared content words / the longer side's
    "names_jaccard",
    "names_unshared",  # share of the names only one side has
    "numbers_shared",  # both have figures and share one
    "numbers_unshared",  # share of the figures only one side has
    "negation_differs",
    "length_ratio",
    "cosine_x_words",
    "words_unshared",  # log(1 + content words only one side has)
    "bigrams_jaccard",  # adjacent word pairs in common: same wording, same order
    "tokens_min",  # shared tokens (stop words included) / the shorter side's
    "tokens_max",  # shared tokens / the longer side's
    "chars_min",  # shared character 4-grams / the shorter side's: spelling variants, inflections
    "chars_max",
    "bigrams_min",  # shared adjacent word pairs / the shorter side's
    "length_diff",  # log(1 + difference in word tokens)
    "numbers_differ",  # both give figures and the sets differ
    "embedding",  # the embedding head's log-odds from |u - v| and u * v (PairModel.embedding_logit)
)


def _containment(a: frozenset, b: frozenset) -> tuple[float, float]:
    """Shared items over the smaller and over the larger set."""
    if not a or not b:
        return 0.0, 0.0
    shared = len(a & b)
    return shared / min(len(a), len(b)), shared / max(len(a), len(b))


def pair_features(a: Sketch, b: Sketch, *, cosine: float, idf: Mapping[str, float],
                  embedding: float | None = None) -> dict[str, float]:
    """The classifier's inputs for one pair (symmetric in a and b).
    ``embedding`` is the shipped model's embedding-head log-odds for the pair
    (:meth:`PairModel.embedding_logit`); without it, the head's fallback on
    the cosine alone stands in."""
    wa, wb = a.words, b.words
    shared = len(wa & wb)
    words_min = shared / min(len(wa), len(wb)) if wa and wb else 0.0
    words_max = shared / max(len(wa), len(wb)) if wa and wb else 0.0
    names = a.names | b.names
    nums = a.numbers | b.numbers
    tokens_min, tokens_max = _containment(a.tokens, b.tokens)
    chars_min, chars_max = _containment(a.chars, b.chars)
    if embedding is None:
        embedding = load_model().embedding_fallback(float(cosine))
    return {
        "cosine": float(cosine),
        "lexical": _weighted_cosine(wa | a.names, wb | b.names, idf),
        "words_min": words_min,
        "words_max": words_max,
        "names_jaccard": len(a.names & b.names) / len(names) if names else 0.0,
        "names_unshared": len(a.names ^ b.names) / len(names) if names else 0.0,
        "numbers_shared": 1.0 if a.numbers & b.numbers else 0.0,
        "numbers_unshared": len(a.numbers ^ b.numbers) / len(nums) if nums else 0.0,
        "negation_differs": 1.0 if a.negated != b.negated else 0.0,
        "length_ratio": min(a.length, b.length) / max(a.length, b.length, 1),
        "cosine_x_words": float(cosine) * words_max,
        "words_unshared": math.log1p(len(wa ^ wb)),
        "bigrams_jaccard": len(a.bigrams & b.bigrams) / len(a.bigrams | b.bigrams) if a.bigrams | b.bigrams else 0.0,
        "tokens_min": tokens_min,
        "tokens_max": tokens_max,
        "chars_min": chars_min,
        "chars_max": chars_max,
        "bigrams_min": _containment(a.bigrams, b.bigrams)[0],
        "length_diff": math.log1p(abs(a.length - b.length)),
        "numbers_differ": 1.0 if a.numbers and b.numbers and a.numbers != b.numbers else 0.0,
        "embedding": float(embedding),
    }


def _overlaps(sets: Sequence[frozenset], ii: Any, jj: Any) -> tuple[Any, Any, Any]:
    """(len of the first set, len of the second, len of their intersection)
    of pairs (ii[k], jj[k]) of ``sets``, as float64 arrays: the counts by a
    sparse product of 0/1 rows (integers, exact), in slices."""
    import numpy as np
    from scipy.sparse import csr_matrix

    vocab: dict[Any, int] = {}
    cols = [vocab.setdefault(t, len(vocab)) for x in sets for t in x]
    sizes = np.array([len(x) for x in sets], dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum(sizes)])
    m = csr_matrix((np.ones(len(cols), dtype=np.int32), np.asarray(cols, dtype=np.int64), indptr),
                   shape=(len(sets), max(len(vocab), 1)))
    shared = np.zeros(len(ii), dtype=np.int64)
    for k in range(0, len(ii), 20000):
        a, b = ii[k:k + 20000], jj[k:k + 20000]
        shared[k:k + 20000] = np.asarray(m[a].multiply(m[b]).sum(axis=1)).ravel()
    return sizes[ii].astype(np.float64), sizes[jj].astype(np.float64), shared.astype(np.float64)


def pair_feature_rows(sk: Sequence[Sketch], ii: Sequence[int], jj: Sequence[int], *, cosine: Any,
                      idf: Mapping[str, float], embedding: Any = None) -> Any:
    """:func:`pair_features` of the pairs (sk[ii[k]], sk[jj[k]]) at once: a
    float64 array, a row a pair, its columns in FEATURES' order, each value
    the one pair_features gives to the last bit.  The set sizes are counted
    by sparse products (integers, exact) and divided as pair_features
    divides them (one correctly rounded float64 division); logarithms are
    math.log1p's of those integers; the lexical cosine is pair_features' own
    sum, pair by pair in the same order, with each sentence's norm summed
    once.  ``cosine``: the pairs' transformer cosines; ``embedding``: the
    embedding head's log-odds (None: the head's fallback on the cosine).
    pair_features, a dict a pair, was most of align's Python per pair
    (bench/RESULTS.md, session 20)."""
    import numpy as np

    ii, jj = np.asarray(ii, dtype=np.int64), np.asarray(jj, dtype=np.int64)
    n = len(ii)
    x = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if not n:
        return x
    col = {f: k for k, f in enumerate(FEATURES)}
    cosine = np.asarray(cosine, dtype=np.float64).reshape(n)

    def ratio(num: Any, den: Any, when: Any) -> Any:
        out = np.zeros(n, dtype=np.float64)
        np.divide(num, den, out=out, where=when)
        return out

    def log1p(k: Any) -> Any:
        k = k.astype(np.int64)
        return np.array([math.log1p(v) for v in range(int(k.max()) + 1)], dtype=np.float64)[k]

    la, lb, sh = _overlaps([s.words for s in sk], ii, jj)
    both = (la > 0) & (lb > 0)
    x[:, col["words_min"]] = ratio(sh, np.minimum(la, lb), both)
    x[:, col["words_max"]] = words_max = ratio(sh, np.maximum(la, lb), both)
    x[:, col["words_unshared"]] = log1p(la + lb - 2 * sh)
    na, nb, nsh = _overlaps([s.names for s in sk], ii, jj)
    union = na + nb - nsh
    x[:, col["names_jaccard"]] = ratio(nsh, union, union > 0)
    x[:, col["names_unshared"]] = ratio(na + nb - 2 * nsh, union, union > 0)
    ua, ub, ush = _overlaps([s.numbers for s in sk], ii, jj)
    union = ua + ub - ush
    x[:, col["numbers_shared"]] = (ush > 0).astype(np.float64)
    x[:, col["numbers_unshared"]] = ratio(ua + ub - 2 * ush, union, union > 0)
    x[:, col["numbers_differ"]] = ((ua > 0) & (ub > 0) & ~((ua == ush) & (ub == ush))).astype(np.float64)
    neg = np.array([s.negated for s in sk], dtype=bool)
    x[:, col["negation_differs"]] = (neg[ii] != neg[jj]).astype(np.float64)
    length = np.array([s.length for s in sk], dtype=np.int64)
    la_, lb_ = length[ii], length[jj]
    x[:, col["length_ratio"]] = np.minimum(la_, lb_).astype(np.float64) / np.maximum(np.maximum(la_, lb_), 1)
    x[:, col["length_diff"]] = log1p(np.abs(la_ - lb_))
    x[:, col["cosine"]] = cosine
    x[:, col["cosine_x_words"]] = cosine * words_max
    ba, bb, bsh = _overlaps([s.bigrams for s in sk], ii, jj)
    union = ba + bb - bsh
    x[:, col["bigrams_jaccard"]] = ratio(bsh, union, union > 0)
    x[:, col["bigrams_min"]] = ratio(bsh, np.minimum(ba, bb), (ba > 0) & (bb > 0))
    for name, attr in (("tokens", "tokens"), ("chars", "chars")):
        ta, tb, tsh = _overlaps([getattr(s, attr) for s in sk], ii, jj)
        when = (ta > 0) & (tb > 0)
        x[:, col[f"{name}_min"]] = ratio(tsh, np.minimum(ta, tb), when)
        x[:, col[f"{name}_max"]] = ratio(tsh, np.maximum(ta, tb), when)
    if embedding is None:
        fallback = load_model().embedding_fallback
        x[:, col["embedding"]] = [float(fallback(float(c))) for c in cosine.tolist()]
    else:
        x[:, col["embedding"]] = np.asarray(embedding, dtype=np.float64).reshape(n)
    # The lexical cosine (_weighted_cosine of words and names), its sums
    # in the order pair_features adds them: each sentence's set and norm
    # once, the shared terms' sum a pair.
    default = idf.get("", 1.0)
    terms = [s.words | s.names for s in sk]
    norm = [math.sqrt(sum(idf.get(t, default) ** 2 for t in a)) for a in terms]
    x[:, col["lexical"]] = [
        (sum(idf.get(t, default) ** 2 for t in terms[i] & terms[j]) / (norm[i] * norm[j])
         if terms[i] and terms[j] else 0.0) for i, j in zip(ii.tolist(), jj.tolist())]
    return x


@cache
def _opposites() -> tuple[tuple[str, str], ...]:
    """Stemmed pairs of words naming states that exclude each other."""
    pairs = load_data("claims_align").get("guards", {}).get("opposite_states", [])
    return tuple((stem(x), stem(y)) for x, y in pairs)


def guard(a: Sketch, b: Sketch, features: Mapping[str, float], *, same_count: bool = False) -> str | None:
    """Why the pair may never align, or None.  These hold whatever the
    classifier says (data/claims_align.toml [guards]).  ``same_count``: the
    two give the same figure for the same concept in the same state
    (:func:`same_count`), which is more than a shared word says."""
    g = load_data("claims_align").get("guards", {})
    if not (a.words & b.words) and features["cosine"] < float(g.get("cosine_without_shared_words", 0.85)) \
            and not same_count:
        # Shared names (and figures) alone never say that two sentences
        # state the same thing.
        return "no shared content word"
    for x, y in _opposites():
        # "three employees were detained" is not "the three employees
        # detained ... were released": one names a state the other left.
        if (x in a.words and y not in a.words and y in b.words) or (x in b.words and y not in b.words and y in a.words) \
                or (y in a.words and x not in a.words and x in b.words and y not in b.words) \
                or (y in b.words and x not in b.words and x in a.words and y not in a.words):
            return f"opposite states ({x} / {y})"
    for x, y in g.get("exclusive_time_states", []):
        if (x in a.times and y not in a.times and y in b.times and x not in b.times) or \
                (y in a.times and x not in a.times and x in b.times and y not in b.times):
            return f"time states differ ({x} / {y})"
    return None


def proposition_guard(a: Sketch, b: Sketch, *, skip: frozenset[str] = frozenset()) -> str | None:
    """Why two sentences about the same thing do not state the same
    proposition, or None: shared digits of another scale, different events
    on the same participants, a hedged and a firm claim, a part of a
    coordination restated ([guards] of data/claims_align.toml).  Such a pair
    never aligns, but stays a candidate for conflicts (:func:`guard` is the
    veto for both): "12 people were injured" is not all of "18 were injured
    and 12 arrested", and still disputes its figure.  ``skip`` names guards
    left out ("events", "hedges", "earlier", "part"): ablations only."""
    g = load_data("claims_align").get("guards", {})
    for shared in a.numbers & b.numbers:
        # "over 100 employees" and "some 100 million workers" share the
        # digits, not the figure.
        if {v for r, v in a.values if r == shared}.isdisjoint(v for r, v in b.values if r == shared):
            return f"figures differ in scale ({shared})"
    for one, other in () if "events" in skip else g.get("different_events", []):
        # "rescued 26 crewmembers" is not "26 pirates arrested", whatever
        # participants, place and figure the two share.
        xa, ya = bool(a.cues & set(one)), bool(a.cues & set(other))
        xb, yb = bool(b.cues & set(one)), bool(b.cues & set(other))
        if (xa and not ya and yb and not xb) or (ya and not xa and xb and not yb):
            return f"different events ({one[0]} / {other[0]})"
    hedges = set() if "hedges" in skip else set(g.get("hedges", []))
    if bool(a.cues & hedges) != bool(b.cues & hedges):
        # "under consideration for the post" is weaker than "asked to take it".
        return "hedged / firm"
    earlier = set() if "earlier" in skip else set(g.get("earlier_events", []))
    if bool(a.cues & earlier) != bool(b.cues & earlier):
        # "on probation for a previous DUI arrest" is not this arrest.
        return "an earlier event / this one"
    if "part" not in skip and (_states_part(a, b, g) or _states_part(b, a, g)):
        return "states a part of the other"
    return None


def _steps(u: ClaimUnit, process: Sequence[Sequence[str]]) -> set[int]:
    """The steps of ``process`` a claim unit states: those its main
    predicate names ("voted"), else those its object names ("gave final
    approval", "held the vote": a light verb; "will seek approval" is the
    seeking, not the approval), else those a phrase of the step names in
    its words ("was found guilty")."""
    what = (getattr(u, "slots", None) or {}).get("what") or {}
    predicate = _expected_step(u, what.get("predicate")) or what.get("predicate")
    for word in (predicate, what.get("object")):
        found = {k for k, stage in enumerate(process) if word and str(word).lower() in stage}
        if found:
            if word == predicate:
                # "voted to approve the bill" is the approval too: the verb
                # the step is taken for ("to ...") names a step of its own.
                window = int(load_data("claims_align").get("guards", {}).get("purpose_window", 0))
                after = re.search(rf"\b{re.escape(str(word).lower().rstrip('e'))}\w*((?:\W+\w+){{0,{window}}}?)"
                                  rf"\W+to\s+(\w+)", u.text.lower()) if window else None
                if after:
                    found |= {k for k, stage in enumerate(process) if after.group(2) in stage}
            return found
    # A step written as a phrase ("was found guilty": the parse's predicate
    # is "find", its object the one found), in the claim's own words.
    text = " ".join(_TOKEN.findall(u.text.lower()))
    return {k for k, stage in enumerate(process)
            if any(" " in p and re.search(rf"\b{re.escape(p)}\b", text) for p in stage)}


def _expected_step(u: ClaimUnit, predicate: Any) -> str | None:
    """The lemma of the verb an expectation governs ("is expected to be
    charged" -> "charge"), when the predicate is one of ``[guards]
    expectation_verbs`` and the parse gives it that verb; else None."""
    verbs = load_data("claims_align").get("guards", {}).get("expectation_verbs", ())
    doc = getattr(u, "doc", None)
    if not predicate or doc is None or str(predicate).lower() not in verbs:
        return None
    lo, hi = u.span if u.span is not None else (0, len(u.source_text))
    for t in doc:
        if lo <= t.idx < hi and t.lemma_.lower() == str(predicate).lower():
            governed = [c for c in t.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
            if governed:
                return governed[0].lemma_.lower()
    return None


def unit_steps(u: ClaimUnit) -> list[set[int]]:
    """The steps ``u`` states of each process of ``[guards] process_stages``
    (:func:`_steps`), in their order: what :func:`stage_guard` compares,
    read once a unit rather than once a pair (a story's units meet in
    thousands of pairs)."""
    return [_steps(u, process) for process in load_data("claims_align").get("guards", {}).get("process_stages", [])]


def stage_guard(a: ClaimUnit, b: ClaimUnit, *,
                steps: tuple[list[set[int]], list[set[int]]] | None = None) -> str | None:
    """Why two claim units state different steps of one process, or None:
    the main predicate (or its object) of one names a step of a process in
    ``[guards] process_stages`` of data/claims_align.toml and the other's
    names another step of it, neither naming both ("advisers voted to
    recommend the dose" / "the agency gave final approval to the dose";
    "the bill was introduced" / "the bill was passed").  Such sentences
    share the participants, the thing and the day, and a sentence classifier
    scores them high; one step does not confirm the next."""
    processes = load_data("claims_align").get("guards", {}).get("process_stages", [])
    sa, sb = steps if steps is not None else (unit_steps(a), unit_steps(b))
    for process, ka, kb in zip(processes, sa, sb):
        if ka and kb and ka.isdisjoint(kb):
            return f"different steps of one process ({process[min(ka)][0]} / {process[min(kb)][0]})"
    return None


def _dates_in(u: ClaimUnit) -> list[Sequence[str]]:
    """The date ranges a claim unit gives of its main statement, in its
    clause (its span, when it is one).  The date of a side clause dates
    another event ("figures released Monday", "heights reached during the
    1990s"), except in a fact stated in passing ("X, which replaced Y in
    late November"), which is dated by its own clause."""
    out = []
    for d in (getattr(u, "slots", None) or {}).get("when") or ():
        if not d.get("range") or (d.get("background") and not u.passing
                                  and not _reported_clause(getattr(u, "doc", None), d.get("start", -1))):
            continue
        if u.span is not None and not (u.span[0] <= d.get("start", -1) and d.get("end", -1) <= u.span[1]):
            continue
        if _dates_attribution(getattr(u, "doc", None), d.get("start", -1)):
            continue
        out.append(d["range"])
    return out


def _reporting_verb(t: Any) -> bool:
    return t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in reporting_lemmas()


def _reported_clause(doc: Any, char: int) -> bool:
    """True when the date at ``char`` stands in the clause a reporting verb
    reports ("the coast guard said on Monday that the ferry ran aground on
    Sunday"): that clause is the proposition, not a side clause, even when
    the attribution has a date of its own."""
    if doc is None or char < 0:
        return False
    t = _token_at(doc, char)
    while t is not None and t.head.i != t.i:
        if t.dep_ in ("ccomp", "parataxis"):
            return _reporting_verb(t.head)
        if t.dep_ in ("advcl", "relcl", "acl", "xcomp", "csubj", "pcomp"):
            return False
        t = t.head
    return False


def _dates_attribution(doc: Any, char: int) -> bool:
    """True when the date at ``char`` (characters of the sentence) dates the
    attribution, not what is attributed: its verb is a reporting verb
    that reports a clause ("the ministry said on Tuesday", "X said on
    Monday that ..."): the day a source spoke is not the day of the
    proposition, and two reports of one fact often quote it on different
    days."""
    if doc is None or char < 0:
        return False
    t = _token_at(doc, char)
    while t is not None and t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    if t is None or t.pos_ not in ("VERB", "AUX"):
        return False
    if not _reporting_verb(t):
        return False
    # It reports a clause (its complement, or the clause it is set beside):
    # a reporting verb with none is the proposition itself ("the ministry
    # confirmed the figures on Tuesday").
    return t.dep_ == "parataxis" or any(c.dep_ in ("ccomp", "parataxis") for c in t.children)


def date_guard(a: ClaimUnit, b: ClaimUnit) -> str | None:
    """Why two claim units date what they state differently, or None: each
    gives a date of its main statement, and no date of one can mean a day
    of the other's ("replaced the frigate in late November" / "replaced the
    frigate early December"; read with the shared partial-date ranges, so
    "in spring" and "in early May" agree).  Aligned, they would call the
    proposition corroborated when the reports agree on less than it says;
    kept apart, the two dates stay candidates for a conflict.  Side clauses
    are not compared: two reports' side clauses often date different
    events ("statistics released Monday" / "down from the heights of the
    1990s")."""
    return _dated_differently(_dates_in(a), _dates_in(b))


def _dated_differently(xs: Sequence[Sequence[str]], ys: Sequence[Sequence[str]]) -> str | None:
    """:func:`date_guard` on the two units' dates (:func:`_dates_in`), which
    :func:`score_pairs` reads once a unit, not once a pair."""
    if xs and ys and not any(ranges_compatible(x, y) for x in xs for y in ys):
        return "dated differently"
    return None


def _states_part(whole: Sketch, part: Sketch, g: Mapping[str, Any]) -> bool:
    """``part`` restates only some of what ``whole`` coordinates: every
    content word of ``part`` is in ``whole``, which joins at least
    ``part_min_extra_words`` more with a coordinator ("charged with murder
    and three counts of homicide" / "charged with three counts of homicide")."""
    extra = int(g.get("part_min_extra_words", 0))
    if not extra or not part.words or not part.words <= whole.words or len(whole.words - part.words) < extra:
        return False
    return bool(whole.cues & set(g.get("coordinators", ())) - part.cues)


def _counts_in(u: ClaimUnit) -> list[dict[str, Any]]:
    """The counts a claim unit states (its own clause's, when it is one)."""
    out = []
    for q in u.slots.get("how_many") or ():
        if u.span is not None and not (u.span[0] <= q.get("start", -1) and q.get("end", -1) <= u.span[1]):
            continue
        out.append(q)
    return out


def _count_agrees(x: Mapping[str, Any], y: Mapping[str, Any]) -> bool:
    """The same concept in a named, shared state, with overlapping ranges."""
    if x.get("concept") != y.get("concept") or not set(x.get("contexts") or ()) & set(y.get("contexts") or ()):
        return False
    try:
        xl, xh, yl, yh = (float(q[k] if q.get(k) is not None else q["value"]) for q in (x, y) for k in ("low", "high"))
    except (KeyError, TypeError, ValueError):
        return False
    return max(xl, yl) <= min(xh, yh)


def same_count(a: ClaimUnit, b: ClaimUnit, rules: Mapping[str, Any], *,
               sketches: tuple[Sketch, Sketch] | None = None) -> dict[str, Any] | None:
    """The count two claims share, or None: every figure of each (of a
    known concept) agrees with one of the other's -- the same concept in the
    same state ("people" who "fled"), ranges that overlap once hedges are
    read ("more than 12,000" / "around 12,000") --, one of them is large
    enough not to agree by chance, and no date of the same event excludes
    the other's ([counts] of data/claims_align.toml).  A sentence that gives
    a figure the other lacks says more than it ("31 dead and more than 150
    injured" is not "more than 150 were injured").

    With the two units' ``sketches``, the same figures also count when no
    concept and state do (:func:`_same_figures`)."""
    from ..partial_dates import ranges_compatible

    dates = [(d.get("event"), d.get("range")) for d in a.slots.get("when") or () if d.get("event")]
    other = [(d.get("event"), d.get("range")) for d in b.slots.get("when") or () if d.get("event")]
    if any(e == f and not ranges_compatible(r, s) for e, r in dates for f, s in other):
        return None
    low_figure = float(rules.get("min_value", 10))
    skip = frozenset(rules.get("not_counts", ()))
    xs = [q for q in _counts_in(a) if q.get("concept") and q["concept"] not in skip and not q.get("reference")]
    ys = [q for q in _counts_in(b) if q.get("concept") and q["concept"] not in skip and not q.get("reference")]
    if not xs or not ys:
        return _same_figures(sketches, rules)
    if not all(any(_count_agrees(x, y) for y in ys) for x in xs) or \
            not all(any(_count_agrees(x, y) for x in xs) for y in ys):
        return _same_figures(sketches, rules)
    big = [(x, y) for x in xs for y in ys if _count_agrees(x, y)
           and min(float(x["value"]), float(y["value"])) >= low_figure]
    if not big:
        return _same_figures(sketches, rules)
    x, y = big[0]
    return {"concept": x["concept"], "contexts": sorted(set(x["contexts"]) & set(y["contexts"])),
            "figures": [x.get("text", ""), y.get("text", "")], "values": [float(x["value"]), float(y["value"])]}


def _same_figures(sketches: tuple[Sketch, Sketch] | None, rules: Mapping[str, Any]) -> dict[str, Any] | None:
    """The figures two sentences share when they give the same ones and no
    other (years aside), each the same kind and value (hedges read): at
    least ``same_figures_min`` of them ``min_value`` or more, one of them
    ``same_figures_large`` or more ("$92 ... bringing the amount to $1,657" told by two outlets in two
    wordings).  So many exact figures in common do not agree by chance;
    a figure only one of the two gives (or a different one) and it is no
    match ([counts] of data/claims_align.toml), unless it is of a kind that
    only restates the others (``same_figures_extra_kinds``: "21,570 murders,
    4,901 more than in 2019" / "21,570 murders, an increase of 29.4%, with
    4,901 additional murders"); the evidence then names the report that
    adds it (``extra_in``, 0 or 1) and its figures (``extra``), which that
    report's claim is never shown with (verdicts)."""
    least = int(rules.get("same_figures_min", 0))
    if sketches is None or least <= 0:
        return None
    xa, xb = ([f for f in sk.figures if f[0] != "year"] for sk in sketches)
    extra: list[tuple[str, float, float, str]] = []
    extra_in = -1
    if sorted(xa) != sorted(xb):
        # One side may add a figure of a kind that restates the others (a
        # percentage of two counts both give: [counts] same_figures_extra_kinds).
        kinds = frozenset(rules.get("same_figures_extra_kinds", ()))
        extra_in = 0 if len(xa) > len(xb) else 1
        big, small = (xa, xb) if extra_in == 0 else (xb, xa)
        left = list(big)
        for f in small:
            if f not in left:
                return None
            left.remove(f)
        if not kinds or not left or any(f[0] not in kinds for f in left):
            return None
        if any(not _derived(f, small) for f in left):
            return None
        extra, xa = left, small
    # figures under min_value (a "2" of a cut "2, 500", "two" ministers) say little
    sized = [f for f in xa if f[0] != "label" and f[1] >= float(rules.get("min_value", 10))]
    large = [f for f in sized if f[1] >= float(rules.get("same_figures_large", 100))]
    if len(sized) < least or not large:
        return None
    value = max(f[1] for f in large)
    written = f"{value:,.0f}" if value == int(value) else f"{value:g}"
    out: dict[str, Any] = {"concept": "figures", "contexts": [], "figures": [written, written],
                           "values": [value, value], "shared": len(xa)}
    if extra:
        # Which report adds the figures (0: the first of the pair), and them.
        out["extra_in"] = extra_in
        out["extra"] = [f"{f[1]:g} {f[0]}" for f in extra]
    return out


def _derived(percent: tuple[str, float, float, str], figures: Sequence[tuple[str, float, float, str]]) -> bool:
    """Whether a percentage is one of two figures of one kind (a count, a
    sum) taken of the other, or of the other less it (an increase of x over
    the earlier total y - x: "4,901 more" and "21,570" make "an increase of
    29.4%"), within the rounding its written digits allow (half their last
    place) and its hedge."""
    digits = f"{percent[1]:g}"
    half = 0.5 * 10 ** -(len(digits.split(".")[1]) if "." in digits else 0)
    lo, hi = percent[1] - half, percent[2] + half
    values = [(f[0], f[1]) for f in figures if f[0] not in ("label", "ordinal", "percent") and f[1] > 0]
    for kind, x in values:
        for other, y in values:
            if kind != other or x >= y:
                continue
            if any(lo <= 100 * x / base <= hi for base in (y, y - x)):
                return True
    return False


def other_state(a: ClaimUnit, b: ClaimUnit, rules: Mapping[str, Any]) -> dict[str, Any] | None:
    """The figure two claims give for one counted thing in states that
    exclude each other, or None: the same concept with overlapping ranges,
    large enough not to agree by chance, each count in a named state and no
    state shared ("around 9,000 people have fled" / "about 9,000 people
    remain trapped": the same figure, two facts).  Such a pair never aligns,
    whatever a model reads in the rest of the two sentences ([counts]
    other_state_apart of data/claims_align.toml)."""
    low_figure = float(rules.get("min_value", 10))
    skip = frozenset(rules.get("not_counts", ()))

    def named(u: ClaimUnit) -> list[dict[str, Any]]:
        return [q for q in _counts_in(u) if q.get("concept") and q["concept"] not in skip
                and not q.get("reference") and q.get("contexts")]

    for x in named(a):
        for y in named(b):
            if x["concept"] != y["concept"] or set(x["contexts"]) & set(y["contexts"]):
                continue
            try:
                xl, xh, yl, yh = (float(q[k] if q.get(k) is not None else q["value"])
                                  for q in (x, y) for k in ("low", "high"))
                big = min(float(x["value"]), float(y["value"])) >= low_figure
            except (KeyError, TypeError, ValueError):
                continue
            if big and max(xl, yl) <= min(xh, yh):
                return {"concept": x["concept"], "states": [sorted(x["contexts"]), sorted(y["contexts"])],
                        "figures": [x.get("text", ""), y.get("text", "")]}
    return None


# ---------------------------------------------------------------- the model


@dataclass(frozen=True)
class PairModel:
    """A logistic regression over standardised features, or a gradient
    boosted tree ensemble, read from plain numbers; with an embedding head,
    a logistic regression over the two sentences' transformer embeddings
    (|u - v| and u * v, as in SentEval) whose log-odds is one feature."""

    kind: str
    features: tuple[str, ...]
    mean: tuple[float, ...] = ()
    scale: tuple[float, ...] = ()
    coef: tuple[float, ...] = ()
    intercept: float = 0.0
    learning_rate: float = 0.1
    trees: tuple[dict[str, tuple], ...] = ()
    head_absdiff: tuple[float, ...] = ()
    head_product: tuple[float, ...] = ()
    head_intercept: float = 0.0
    head_fallback: tuple[float, float] = (0.0, 0.0)  # (slope, intercept) on the cosine alone

    def embedding_logit(self, u: Any, v: Any) -> Any:
        """The head's log-odds for rows of embeddings u and v (L2-normalised,
        shape (n, d)); the cosine fallback when their width is not the head's."""
        import numpy as np

        u, v = np.atleast_2d(np.asarray(u, dtype=np.float32)), np.atleast_2d(np.asarray(v, dtype=np.float32))
        if not self.head_absdiff or u.shape[1] != len(self.head_absdiff):
            return np.array([self.embedding_fallback(c) for c in (u * v).sum(axis=1)])
        return (np.abs(u - v) @ np.asarray(self.head_absdiff, dtype=np.float32)
                + (u * v) @ np.asarray(self.head_product, dtype=np.float32) + self.head_intercept).astype(np.float64)

    def embedding_fallback(self, cosine: float) -> float:
        return self.head_fallback[0] * cosine + self.head_fallback[1]

    def probabilities(self, rows: Sequence[Mapping[str, float]]) -> Any:
        """:meth:`probability` of many pairs at once (a float64 array): one
        pass per tree over all rows, the sums added in the same order as
        the one-pair walk, so the two agree to the last bits."""
        import numpy as np

        x = np.array([[float(r[f]) for f in self.features] for r in rows], dtype=np.float64).reshape(len(rows),
                                                                                                   len(self.features))
        return self.probabilities_of(x)

    def probabilities_of(self, x: Any) -> Any:
        """:meth:`probabilities` of a float64 array, a row a pair, its
        columns in ``self.features``' order."""
        import numpy as np

        n = len(x)
        z = np.full(n, float(self.intercept))
        if self.kind == "logistic":
            for k, (c, m, s) in enumerate(zip(self.coef, self.mean, self.scale)):
                z = z + c * (x[:, k] - m) / s
        else:
            at = np.arange(n)
            for t in self._tree_arrays():
                feature, threshold, left, right, value = t
                node = np.zeros(n, dtype=np.int64)
                while True:
                    inner = left[node] >= 0
                    if not inner.any():
                        break
                    go_left = x[at, np.where(inner, feature[node], 0)] <= threshold[node]
                    node = np.where(inner, np.where(go_left, left[node], right[node]), node)
                z = z + self.learning_rate * value[node]
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))

    def _tree_arrays(self) -> tuple[tuple[Any, ...], ...]:
        return _tree_arrays(self.trees)

    def probability(self, features: Mapping[str, float]) -> float:
        x = [float(features[f]) for f in self.features]
        if self.kind == "logistic":
            z = self.intercept + sum(c * (v - m) / s for c, v, m, s in zip(self.coef, x, self.mean, self.scale))
        else:
            z = self.intercept
            for t in self.trees:
                node = 0
                while t["left"][node] >= 0:
                    node = t["left"][node] if x[t["feature"][node]] <= t["threshold"][node] else t["right"][node]
                z += self.learning_rate * t["value"][node]
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def _tree_arrays(trees: tuple[dict[str, tuple], ...]) -> tuple[tuple[Any, ...], ...]:
    """The trees as numpy arrays (feature, threshold, left, right, value),
    for :meth:`PairModel.probabilities`."""
    import numpy as np

    return tuple((np.asarray(t["feature"], dtype=np.int64), np.asarray(t["threshold"], dtype=np.float64),
                  np.asarray(t["left"], dtype=np.int64), np.asarray(t["right"], dtype=np.int64),
                  np.asarray(t["value"], dtype=np.float64)) for t in trees)


@cache
def load_model() -> PairModel:
    """The shipped classifier (``data/claims_align_model.toml``, written by
    ``python bench/train_align.py``)."""
    return model_from_data(load_data("claims_align_model"))


@cache
def load_metrics_model() -> PairModel:
    """The pair classifier that also reads the MT-metric and token-match
    features of :mod:`.pair_metrics` (``[metrics] model`` of
    data/claims_align.toml, written by ``python bench/train_align.py
    --metrics``)."""
    return model_from_data(load_data(str(load_data("claims_align").get("metrics", {}).get(
        "model", "claims_align_model_metrics"))))


def _metrics_rescore(units: Sequence[ClaimUnit], scored: Sequence[tuple], probs: list[float],
                     model: PairModel, *, prefilter: float) -> None:
    """Re-score with ``model`` (the pair_metrics features added) the pairs
    that could align -- shipped classifier's probability or cosine at least
    ``prefilter`` --, in place; the others keep the shipped probability (a
    cascade: the surface metrics cost Python time per pair and the token
    match a transformer pass per sentence, so a story's many unlikely
    candidates never pay for them)."""
    from .pair_metrics import TOKEN_FEATURES, metric_features, token_features

    todo = [k for k, ((_, _, c, _), p) in enumerate(zip(scored, probs)) if max(p, c) >= prefilter]
    if not todo:
        return
    tokens: dict[str, Any] = {}
    if any(f in TOKEN_FEATURES for f in model.features):
        from ..analyze.embed import encode_tokens

        texts = sorted({units[x].text for k in todo for x in scored[k][:2]})
        tokens = dict(zip(texts, encode_tokens(texts)))
    for k in todo:
        i, j, _, feats = scored[k]
        feats.update(metric_features(units[i].text, units[j].text))
        if tokens:
            feats.update(token_features(tokens[units[i].text], tokens[units[j].text]))
    new = model.probabilities([scored[k][3] for k in todo]).tolist()
    for k, p in zip(todo, new):
        scored[k][3]["shipped_probability"] = probs[k]
        probs[k] = p


def model_from_data(data: Mapping[str, Any]) -> PairModel:
    """A :class:`PairModel` from the parsed TOML of a model file."""
    m = data["model"]
    head = data.get("embedding_head", {})
    trees = tuple({k: tuple(v) for k, v in t.items()} for t in data.get("trees", []))
    return PairModel(kind=m["kind"], features=tuple(m["features"]), mean=tuple(m.get("mean", ())),
                     scale=tuple(m.get("scale", ())), coef=tuple(m.get("coef", ())),
                     intercept=float(m.get("intercept", 0.0)), learning_rate=float(m.get("learning_rate", 0.1)),
                     trees=trees, head_absdiff=tuple(head.get("absdiff", ())),
                     head_product=tuple(head.get("product", ())), head_intercept=float(head.get("intercept", 0.0)),
                     head_fallback=tuple(head.get("fallback", (0.0, 0.0))))


# ---------------------------------------------------------------- scoring


def _precise_vectors(units: Sequence[ClaimUnit]) -> Any:
    """Transformer embeddings of the units (rows L2-normalised), kept on the
    units so that re-scoring a story does not re-encode it.  Falls back to
    the stored (static) vectors when the transformer cannot be loaded."""
    import numpy as np

    missing = [i for i, u in enumerate(units) if u.precise is None]
    if missing:
        try:
            from ..analyze.embed import encode_precise

            vecs = encode_precise([units[i].text for i in missing])
            for i, v in zip(missing, vecs):
                units[i].precise = v
        except Exception as exc:  # noqa: BLE001 - a missing model degrades alignment, it does not stop it
            from ..errors import E

            log.warning(E.E087.format(reason=exc))
            for i in missing:
                v = units[i].vector
                units[i].precise = np.zeros(1, dtype=np.float32) if v is None else np.asarray(v, dtype=np.float32)
    dims = {len(u.precise) for u in units}
    if len(dims) > 1:
        return None
    emb = np.stack([np.asarray(u.precise, dtype=np.float32) for u in units]) if units else np.zeros((0, 1))
    norm = np.linalg.norm(emb, axis=1, keepdims=True)
    return emb / np.where(norm == 0, 1, norm)


def _evidence(a: Sketch, b: Sketch, feats: Mapping[str, float], prob: float) -> dict[str, Any]:
    return {
        "probability": round(prob, 4),
        "cosine": round(feats["cosine"], 4),
        "lexical": round(feats["lexical"], 4),
        "shared_words": sorted(dict(a.forms).get(w, w) for w in a.words & b.words),
        "shared_names": sorted(a.names & b.names),
        "shared_numbers": sorted(a.numbers & b.numbers),
    }


def _speakers(u: ClaimUnit) -> set[str]:
    # The names in a claim unit's ``source`` slot, normalised.
    return {" ".join(str(s).lower().split()) for s in (u.slots or {}).get("source", []) if s}


def same_speaker(a: ClaimUnit, b: ClaimUnit) -> bool:
    """Whether two claim units report the words of one speaker: a name in
    both units' ``source`` slots (a quote's or a citation's speaker as the
    analysis resolved it: "He said ..." of Claude Joseph), written alike."""
    return bool(_speakers(a) & _speakers(b))


def other_speakers(a: ClaimUnit, b: ClaimUnit) -> bool:
    """Whether two claim units report the words of two different speakers:
    each names a speaker in its ``source`` slot, and none is the other's."""
    x, y = _speakers(a), _speakers(b)
    return bool(x) and bool(y) and not x & y


def _cross_judge(units: Sequence[ClaimUnit], kept: Sequence[tuple], *, prefilter: float,
                 limit: int, band: tuple[float, float] = (0.0, 2.0),
                 settled: frozenset[tuple[int, int]] = frozenset(),
                 both_orders: bool | Callable[[tuple[int, int], float], bool] = False,
                 asserted: frozenset[tuple[int, int]] = frozenset(),
                 rescue: Callable[[tuple[int, int], tuple[float, ...]], bool] | None = None,
                 order: str = "likeliest", distinct: bool = False,
                 sentence_first: bool = False, cores_last: bool = False,
                 floor_kept: frozenset[tuple[int, int]] = frozenset(),
                 late: frozenset[tuple[int, int]] = frozenset()) -> dict[Any, Any]:
    """The cross-encoder's probability for the candidate pairs worth reading
    (classifier probability or cosine at least ``prefilter``, classifier
    probability in ``band`` [low, high), not near-copies, not ``settled``:
    pairs whose alignment a reading cannot change), at most ``limit`` of them
    per story, the likeliest first; key "ok" is False when the cross-encoder
    could not be loaded.  With ``both_orders`` each pair's value is the
    tuple of its readings: (a b) alone, or (a b, b a) when it is also read
    with its sentences the other way round: every pair when ``both_orders``
    is True, only the pairs for which ``both_orders(pair, readings)`` is
    true when it is a function (a second reading is made only where it can
    change an output).  A pair of ``asserted`` for which ``rescue(pair,
    readings)`` is still true is then read as what each side asserts
    (:func:`.asserted.asserted_pair`: "A, police said" is read "A"), one
    order, and again the other while ``rescue`` holds; those readings join
    its tuple.  With ``distinct``, pairs whose two texts are those of a pair
    already taken (an article's verbatim repeat, a sentence two outlets
    print alike) take its readings and do not count against ``limit``.
    With ``sentence_first``, a pair of two sentences already taken through
    other claim units of theirs (a clause of one, the whole of the other)
    comes after every pair of two sentences not yet taken.  With
    ``cores_last``, a pair with a claim's core (``ClaimUnit.core``) comes
    after every other pair: a core restates its claim, whose pairs keep the
    reads they had.  A pair of ``floor_kept`` is read below the band's low
    end too; so is a pair of ``late``, after every other pair (it takes only
    the reads the story has left)."""
    low, high = band
    worth = [(i, j, c, prob) for i, j, c, _, prob, near in kept
             if not near and (i, j) not in settled and max(prob, c) >= prefilter
             and (low <= prob or (i, j) in floor_kept or (i, j) in late) and prob < high]
    ordered = read_order(units, worth, order=order)
    if sentence_first:
        ordered = sentence_pairs_first(units, ordered)
    if cores_last:
        ordered = [*(x for x in ordered if not (units[x[0]].core or units[x[1]].core)),
                   *(x for x in ordered if units[x[0]].core or units[x[1]].core)]
    if late:
        ordered = [*(x for x in ordered if x not in late), *(x for x in ordered if x in late)]
    if distinct:
        taken: set[tuple[str, str]] = set()
        todo = []
        for i, j in ordered:
            texts_ij = (units[i].text, units[j].text)
            if texts_ij not in taken:
                if len(taken) >= limit:
                    continue
                taken.add(texts_ij)
            todo.append((0.0, i, j))
    else:
        todo = [(0.0, i, j) for i, j in ordered[:limit]]
    if not todo:
        return {}
    try:
        from .cross import load_cross_encoder

        encoder = load_cross_encoder()
    except Exception as exc:  # noqa: BLE001 - a missing model degrades alignment, it does not stop it
        from ..errors import E

        log.warning(E.E089.format(reason=exc))
        return {"ok": False}
    # On the stage's torch threads (analyze.transformer_threads, which
    # reconcile_story gives the precise encoder): the sentence vectors often
    # come from the store, so that encoder may never load and set them, and
    # torch's own two spinning threads cost a busy machine 3x the CPU a pair
    # (session 11: 0.043 against 0.013 CPU s a pair).
    from ..analyze.embed import _set_torch_threads, precise_encoder

    _set_torch_threads(precise_encoder().threads)
    from .asserted import asserted_pair

    if distinct:
        encoder = _ReadOnce(encoder)
    t0 = time.perf_counter()
    texts = [(units[i].text, units[j].text) for _, i, j in todo]
    if both_orders is True and not asserted:
        # One batch for both orders: a pair and its reverse pad alike.
        probs = encoder.probabilities([*texts, *((b, a) for a, b in texts)])
        log.debug("cross-encoder: %d pairs, both orders, in %.1f s", len(todo), time.perf_counter() - t0)
        return {(i, j): (float(p), float(q)) for (_, i, j), p, q in zip(todo, probs[:len(todo)], probs[len(todo):])}
    probs = encoder.probabilities(texts)
    if both_orders:
        keys = [(i, j) for _, i, j in todo]
        out: dict[Any, Any] = {key: (float(p),) for key, p in zip(keys, probs)}

        def read(rows: list[int], pairs: list[tuple[str, str]]) -> None:
            for k, q in zip(rows, encoder.probabilities(pairs) if rows else []):
                out[keys[k]] = (*out[keys[k]], float(q))

        again = [k for k, key in enumerate(keys) if both_orders is True or both_orders(key, out[key])]
        read(again, [(texts[k][1], texts[k][0]) for k in again])
        # A pair still about to be parted is read once more as what each
        # side asserts, its attribution frame left out, in one order and,
        # when that does not settle it, in the other.
        said = {k: asserted_pair(units[keys[k][0]], units[keys[k][1]]) for k, key in enumerate(keys)
                if key in asserted}
        said = {k: x for k, x in said.items() if x != texts[k]}
        rescued = 0
        for flip in (False, True):
            rows = [k for k in said if rescue is not None and rescue(keys[k], out[keys[k]])]
            read(rows, [(said[k][1], said[k][0]) if flip else said[k] for k in rows])
            rescued += len(rows)
        log.debug("cross-encoder: %d pairs, %d read again the other way round, %d reads of the asserted content, "
                  "in %.1f s", len(todo), len(again), rescued, time.perf_counter() - t0)
        return out
    log.debug("cross-encoder: %d pairs in %.1f s", len(todo), time.perf_counter() - t0)
    return {(i, j): float(p) for (_, i, j), p in zip(todo, probs)}


class _ReadOnce:
    """A cross-encoder that reads each pair of texts once, whichever units
    carry them (``[cross] independent_distinct_reads``)."""

    def __init__(self, encoder: Any) -> None:
        self._encoder = encoder
        self._seen: dict[tuple[str, str], float] = {}

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        new = list(dict.fromkeys(p for p in pairs if p not in self._seen))
        if new:
            self._seen.update(zip(new, (float(x) for x in self._encoder.probabilities(new))))
        return [self._seen[p] for p in pairs]


def read_order(units: Sequence[ClaimUnit], worth: Sequence[tuple[int, int, float, float]], *,
               order: str = "likeliest") -> list[tuple[int, int]]:
    """The pairs ``worth`` reading ((i, j, cosine, classifier probability)),
    in the order the per-story read limit takes them: "likeliest", the
    larger of the classifier's probability and the cosine first;
    "probability", the classifier's probability first (the cosine also
    rises with a shared topic); "mutual", each unit's best candidate in each
    other article first (by the classifier), a pair that is the best of
    both its units before one that is the best of one: a group holds one
    claim an article, so a unit's second candidate in an article matters
    only when its first is not the same statement."""
    if order == "likeliest":
        ranked = sorted(((max(prob, c), i, j) for i, j, c, prob in worth), reverse=True)
        return [(i, j) for _, i, j in ranked]
    by_prob = sorted(worth, key=lambda x: (-x[3], x[0], x[1]))
    if order == "probability":
        return [(i, j) for i, j, *_ in by_prob]
    if order != "mutual":
        raise ValueError(f"unknown read order {order!r}")
    seen: dict[tuple[int, str], int] = {}
    rank: dict[tuple[int, int], int] = {}
    for i, j, *_ in by_prob:
        ri = seen[(i, units[j].article)] = seen.get((i, units[j].article), -1) + 1
        rj = seen[(j, units[i].article)] = seen.get((j, units[i].article), -1) + 1
        rank[(i, j)] = max(ri, rj)
    return [(i, j) for _, _, i, j in sorted((rank[(i, j)], -prob, i, j) for i, j, _, prob in worth)]


def sentence_pairs_first(units: Sequence[ClaimUnit], ordered: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``ordered`` with the first pair of claim units of each pair of
    sentences before every later pair of units of the same two sentences
    (``[cross] independent_sentence_first``): a sentence's clauses and the
    whole sentence say much the same, so further readings of one pair of
    sentences should not take the reads of another pair."""
    seen: set[tuple[tuple[str, int], tuple[str, int]]] = set()
    first, later = [], []
    for i, j in ordered:
        pair = (units[i].key, units[j].key)
        (later if pair in seen else first).append((i, j))
        seen.add(pair)
    return first + later


def stacked_probability(stack: Sequence[float], cross: float, prob: float) -> float:
    """The stacked head of ``[cross] stack`` (weight of the cross-encoder's
    log-odds, weight of the classifier's, bias): a logistic regression fitted
    on pairs neither model trained on (bench/bench_msrp.py --cascade)."""
    def logit(p: float) -> float:
        p = min(max(p, 1e-6), 1.0 - 1e-6)
        return math.log(p / (1.0 - p))

    wc, wp, bias = (float(x) for x in stack)
    z = wc * logit(cross) + wp * logit(prob) + bias
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def _figures(u: ClaimUnit, skip: frozenset[str]) -> dict[tuple[float, str], str]:
    """(value, concept) -> the figure as written, of the counts of a known
    concept a unit states
    (not a date's day, not an age: ``not_counts`` of ``[counts]``); two
    units share a figure when value and concept agree."""
    return {(float(q["value"]), str(q["concept"])): str(q.get("text") or q["value"])
            for q in _counts_in(u) if q.get("value") is not None and q.get("concept")
            and q["concept"] not in skip and not q.get("reference")}


def _resolved(u: ClaimUnit) -> frozenset[str]:
    """The entities a unit names that entity resolution found (not the bare
    normalised words a unit falls back on: "name:yesterday")."""
    return frozenset(e for e in u.entities if not e.startswith("name:"))


def _retold(units: Sequence[ClaimUnit], sk: Sequence[Sketch], cos: Any, families: Mapping[str, str],
            rules: Mapping[str, Any], *, short: bool = False) -> dict[tuple[int, int], dict[str, Any]]:
    """Pairs (i < j) of units of two articles of one derivation family that
    restate each other: each is the other's closest unit in the other
    article (transformer cosine; facts stated in passing only with facts
    stated in passing) and the cosine reaches ``min_cosine``, or, when the
    two give the same figure of at least ``figure_min_value`` and name one
    entity, ``figure_min_cosine`` (the figure "figure" in the result).  A
    retelling goes through its source sentence by sentence; the closest
    sentence of the source is what a sentence of the retelling restates
    ([retelling] of data/claims_align.toml).  Short statements
    (``ClaimUnit.short``) take no part, unless ``short`` is true: then every
    unit does (a short one must be the closest among all the other article's
    units, whole sentences too) and only the pairs with a short unit are
    returned."""
    import numpy as np

    bar = float(rules.get("min_cosine", 1.01))
    skip = frozenset(load_data("claims_align").get("counts", {}).get("not_counts", ()))
    figure_bar = float(rules.get("figure_min_cosine", bar))
    figure_min = float(rules.get("figure_min_value", math.inf))
    low = min(bar, figure_bar)
    by_family: dict[str, list[int]] = {}
    for k, u in enumerate(units):
        if families.get(u.article) is not None and (short or not u.short):
            by_family.setdefault(families[u.article], []).append(k)
    out: dict[tuple[int, int], dict[str, Any]] = {}
    for members in by_family.values():
        # One pass over the family's cosines (a family of many wire copies
        # has many article pairs): each unit's best cosine in every other
        # article of the family, and the pairs that are both ends' best.
        idx = np.array(sorted(members, key=lambda k: (units[k].article, k)))
        art = np.array([units[k].article for k in idx])
        if len(set(art.tolist())) < 2:
            continue
        sub = np.array(cos[np.ix_(idx, idx)], dtype=float)
        passing = np.array([bool(getattr(units[k], "passing", False)) for k in idx])
        sub[(art[:, None] == art[None, :]) | (passing[:, None] != passing[None, :])] = -np.inf
        starts = np.flatnonzero(np.r_[True, art[1:] != art[:-1]])
        block = np.searchsorted(starts, np.arange(len(idx)), side="right") - 1  # each unit's article block
        best = np.maximum.reduceat(sub, starts, axis=1)  # unit x article: the best cosine there
        mine = best[:, block]  # for (r, c): r's best in c's article
        closest = (sub >= low) & (sub == mine) & (sub == mine.T)
        for r, c in zip(*np.nonzero(np.triu(closest, k=1))):
            i, j = int(idx[r]), int(idx[c])
            if short and not (units[i].short or units[j].short):
                continue  # the pass without short units decided it
            value = float(sub[r, c])
            ours, theirs = _figures(units[i], skip), _figures(units[j], skip)
            figures = [f"{ours[k]} / {theirs[k]}" for k in sorted(ours.keys() & theirs.keys())
                       if k[0] >= figure_min]
            if not (_resolved(units[i]) & _resolved(units[j])):
                figures = []
            if value < bar and not figures:
                continue
            key = (i, j) if i < j else (j, i)
            out[key] = {"cosine": round(value, 4), "closest": True, **({"figure": figures[0]} if figures else {}),
                        **({"short": True} if short else {})}
    return out


def score_pairs(
    units: Sequence[ClaimUnit],
    *,
    settings: ReconcileSettings | None = None,
    config: Config | None = None,
    threshold: float | None = None,
    params: Mapping[str, float] | None = None,
    within: bool = False,
    families: Mapping[str, str] | None = None,
    parted: list[AlignedPair] | None = None,
) -> list[AlignedPair]:
    """Every cross-article pair whose probability is at least the threshold
    (default: setting reconcile.align_threshold) and that no guard vetoes,
    best first, each with its evidence.  With the cross-encoder on
    (:mod:`.cross`, ``[cross]`` of data/claims_align.toml), a pair it reads
    reaches the alignment threshold only on the weighted mean of its
    probability and the classifier's (or as a near-copy); the pair
    classifier is its cheap prefilter, decides the pairs past the per-story
    limit, and its probability is the score of the pairs below the threshold.
    ``params`` may set "guards.off" = 1 (or "guards.events.off",
    "guards.hedges.off", "guards.part.off", "guards.stages.off",
    "guards.dates.off", "guards.states.off" = 1: one guard), "cross.off" = 1 (the classifier
    alone decides) or "cross.on" = 1 (the cross-encoder decides whatever
    ``[cross] enabled`` says), "cross.weight" and "cross.max_pairs" (the
    ``[cross]`` values), "cross.band_low" and "cross.band_high" (its ``band``), "cross.veto" and
    "cross.same_figures" (0 or 1: its ``veto`` and ``same_figures``), "cross.same_figures_lacking" (0 or 1: a
    figure one report lacks keeps the pair unread too), "metrics.on" = 1 or "metrics.off" = 1 (the
    pair-metrics model re-scores the likely pairs, or not, whatever
    ``[metrics] enabled`` says); benchmarks and tests only.  With ``within`` true,
    the pairs scored are instead those of one article's different sentences
    (its headline, lead and a later paragraph restating one proposition):
    :func:`group_pairs` lets an article hold several claims of one group
    only when they align with each other too.  ``families`` maps each
    article to the root of its derivation family (a retelling, a copy or a
    wire reprint and its source: :func:`.provenance.independent_sources`):
    between two articles of one family, a sentence and its restatement are
    found as each other's closest sentence (:func:`_retold`, ``[retelling]``
    of data/claims_align.toml); "retelling.off" = 1 in ``params`` leaves
    them to the classifier alone.  Between two articles of *different*
    families (an article ``families`` does not name is its own), with
    ``[cross] independent`` on, the cross-encoder decides the pairs it reads
    (it may part a pair the classifier aligns and align one it misses: a
    false alignment there is a false "corroborated"); "cross.independent"
    and "cross.independent_both_orders" (0 or 1), "cross.independent_threshold",
    "cross.independent_max_pairs", "cross.independent_raise_floor", "cross.independent_late_floor",
    "cross.independent_second_always" and
    "cross.independent_agree_keeps_classifier" (0 or 1) in ``params``
    override its data.  Without ``families`` no two articles
    are known to be independent and today's decision holds for every pair.
    When ``parted`` is a list, the pairs the cross-encoder parted that the
    classifier alone would have scored at the threshold or above are
    appended to it (scored by the classifier), for the conflict finders: a
    denial is looked for among such pairs."""
    import numpy as np

    settings = stage_settings(ReconcileSettings, settings, config)
    if threshold is None:
        threshold = settings.align_threshold
    params = dict(params or {})
    if not within and len({u.article for u in units}) < 2:
        # Only cross-article pairs are scored: a one-article story has none,
        # and its units need no transformer vectors.
        return []
    if within and len({u.key for u in units}) == len({u.article for u in units}):
        return []  # no article has two sentences
    model = load_model()
    sk = [sketch(u.text) for u in units]
    # Short statements (ClaimUnit.short) are not in the pool: the other
    # pairs' features stay what they were without them.
    idf = idf_table(x for x, u in zip(sk, units) if not u.short)
    emb = _precise_vectors(units)
    cos = emb @ emb.T if emb is not None else np.zeros((len(units), len(units)))
    floor = float(load_data("claims_align").get("candidates", {}).get("min_cosine", 0.3))
    near_copy = float(load_data("claims_align").get("near_copy", {}).get("min_cosine", 1.01))
    arts = np.array([u.article for u in units])
    # Candidates: cross-article pairs sharing a content word, or close in
    # meaning (matrix products: a large story has millions of pairs).
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    rows, cols = [], []
    for r, x in enumerate(sk):
        for w in x.words:
            rows.append(r)
            cols.append(vocab.setdefault(w, len(vocab)))
    words = csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(units), max(len(vocab), 1)))
    shared = (words @ words.T).toarray() > 0
    if within:
        # Sentences of one article (two clauses of one sentence are two
        # parts of it, never a restatement of each other).
        sents = np.array([u.sentence for u in units])
        pair_mask = (arts[:, None] == arts[None, :]) & (sents[:, None] != sents[None, :])
    else:
        pair_mask = arts[:, None] != arts[None, :]
    candidates = np.triu(pair_mask & ((cos >= floor) | shared), k=1)
    ii, jj = np.nonzero(candidates)
    if emb is not None and len(ii) and model.head_absdiff:
        # In slices: a large story has hundreds of thousands of candidates.
        heads = np.concatenate([model.embedding_logit(emb[ii[k:k + 20000]], emb[jj[k:k + 20000]])
                                for k in range(0, len(ii), 20000)])
    else:
        heads = None
    cross_rules = load_data("claims_align").get("cross", {})

    def cross_opt(name: str, default: Any) -> Any:
        # "cross.<name>" in ``params`` over [cross] <name> of the data.
        return params.get(f"cross.{name}", cross_rules.get(name, default))

    use_cross = (bool(cross_rules.get("enabled", False)) or bool(params.get("cross.on"))) and not params.get("cross.off")
    prefilter = float(cross_rules.get("prefilter_probability", 0.3))
    # The cross-encoder's share of a read pair's score; the rest is the
    # classifier's probability (an ensemble of the two readings).
    weight = min(1.0, max(0.0, float(cross_opt("weight", 1.0))))
    limit = int(params.get("cross.max_pairs", cross_rules.get("max_pairs_per_story", 300)))
    # The cascade: the cross-encoder reads only the pairs whose classifier
    # probability is in this uncertain band (the classifier decides the
    # others), and a read pair scores by the stacked head when there is one.
    band = tuple(float(x) for x in cross_rules.get("band", (0.0, 2.0)))
    band = (float(params.get("cross.band_low", band[0])), float(params.get("cross.band_high", band[1])))
    stack = tuple(cross_rules.get("stack", ()))
    # Whether the cross-encoder may also keep apart a pair the classifier
    # aligns (veto), and whether it reads only pairs whose figures agree.
    veto = bool(cross_opt("veto", True))
    same_figures = bool(cross_opt("same_figures", False))
    align_at = settings.align_threshold
    # Between independent source families the cross-encoder's reading
    # decides (vetoes and raises), at its own bar chosen on the training
    # data; within one family the decision above holds (the retelling that
    # adds a clause stays one statement, and one family confirms nothing).
    independent = (use_cross and not within and families is not None
                   and bool(cross_opt("independent", False)))
    independent_at = float(cross_opt("independent_threshold", align_at))
    independent_limit = int(cross_opt("independent_max_pairs", limit))
    both_orders = bool(cross_opt("independent_both_orders", False))
    # The cross-encoder aligns a pair of independent sources only when the
    # classifier gives it at least this (ECB+ dev, session 13: headlines of
    # one event that state different things, classifier 0.38-0.44, read
    # "the same" by the cross-encoder).
    raise_floor = float(cross_opt("independent_raise_floor", 0.0))
    # ... or this much when both report one speaker's words ("He said the
    # police had the situation under control" / "Joseph said the situation
    # was under the control of the police": the classifier counts the
    # speaker named two ways against the pair).  Above raise_floor: off.
    speaker_floor = float(cross_opt("independent_same_speaker_floor", raise_floor))
    # Below the raise floor, from this classifier probability up, a pair is
    # read too, after every pair at the floor (it takes only the reads the
    # story has left): the cross-encoder's reading, in both orders, decides
    # it as any other.  Not a pair whose reports give two different
    # speakers' words (the classifier counts the other name against it, and
    # two speakers saying alike is not one statement confirmed), nor one
    # whose figures differ in any way, a figure one report gives and the
    # other lacks included (the classifier counts it against the pair, and
    # there its doubt stands: "the missiles were launched from central North
    # Korea" / "North Korea fired two ballistic missiles off its east coast",
    # AllSides tune, read 0.99).  raise_floor or more: off.
    late_floor = float(cross_opt("independent_late_floor", raise_floor))
    # Read the other way round only when the first reading would change the
    # classifier's decision (a veto or a raise): a reading that agrees with
    # the classifier leaves the decision as it is whatever the second says.
    second_always = bool(cross_opt("independent_second_always", False))
    # A pair the classifier aligns and the cross-encoder confirms scores the
    # larger of the two probabilities (the corroboration bar reads it).
    agree_keeps_classifier = bool(cross_opt("independent_agree_keeps_classifier", True))
    # Before parting a pair the classifier aligns, the cross-encoder reads
    # it once more as what each side asserts, without its attribution frame
    # ("A, police said" / "When X was arrested, police said A"); a reading
    # either way keeps the pair.  A pair it may raise is read as written only
    # (stripped of their frames, "X said he was well equipped" / "Y said he
    # appeared insufficiently equipped" read 0.94).
    read_asserted = bool(cross_opt("independent_asserted", True))
    # Past the per-story read limit, a pair between independent families
    # that the cross-encoder would have read aligns on the classifier alone
    # only at this probability or above (0: the classifier decides, as it
    # does where nothing is read).  The limit bounds a story's time; it must
    # not decide what is corroborated (session 14: a stray report joined a
    # right ECB+ dev claim on an unread 0.70-0.79 pair).  Near-copies, the
    # same words once a frame is left out and a same count are never read and
    # keep their own rules.
    unread_bar = float(cross_opt("independent_unread_min_probability", 0.0))
    retell_rules = load_data("claims_align").get("retelling", {})
    retold = ({} if within or not families or emb is None or params.get("retelling.off")
              else _retold(units, sk, cos, families, retell_rules))
    if not within and families and emb is not None and not params.get("retelling.off") \
            and any(u.short for u in units):
        # Short statements (under the content-word floors) align only as a
        # retelling's restatement, found in a pass of their own so that the
        # pairs of whole units stay what they were.
        retold.update(_retold(units, sk, cos, families, retell_rules, short=True))
    # A pair the cross-encoder does not align scores just below the threshold
    # at most (a margin that survives the rounding of AlignedPair.score).
    picked = []  # the candidates scored, by their place in ii / jj
    for k, (i, j) in enumerate(zip(ii.tolist(), jj.tolist())):
        if (units[i].short or units[j].short) and (within or (i, j) not in retold):
            continue  # a short statement aligns only with a retelling's restatement of it
        if getattr(units[i], "passing", False) != getattr(units[j], "passing", False):
            # "X, the former coach," says who X is, nothing of what a whole
            # sentence about X asserts ("X was hired as coach"): a fact stated
            # in passing restates only another fact stated in passing.
            continue
        picked.append(k)
    pi, pj = ii[picked], jj[picked]
    # Every candidate's features at once (pair_feature_rows: pair_features'
    # values to the last bit), each pair's as a dict for the guards and the
    # evidence below.
    rows = pair_feature_rows(sk, pi, pj, cosine=cos[pi, pj], idf=idf,
                             embedding=heads[picked] if heads is not None else None)
    scored = [(i, j, c, dict(zip(FEATURES, r)))  # (i, j, cosine, features)
              for i, j, c, r in zip(pi.tolist(), pj.tolist(), rows[:, 0].tolist(), rows.tolist())]
    # All candidates of the story at once: walking the trees pair by pair in
    # Python was a tenth of a large story's reconcile time.
    if scored and all(f in FEATURES for f in model.features):
        probs = model.probabilities_of(rows[:, [FEATURES.index(f) for f in model.features]]).tolist()
    else:
        probs = model.probabilities([feats for *_, feats in scored]).tolist() if scored else []
    metrics_rules = load_data("claims_align").get("metrics", {})
    if scored and not params.get("metrics.off") and (bool(metrics_rules.get("enabled", False))
                                                      or params.get("metrics.on")):
        _metrics_rescore(units, scored, probs, load_metrics_model(),
                         prefilter=float(metrics_rules.get("prefilter_probability", 0.3)))
    skip = frozenset(name for name in ("events", "hedges", "earlier", "part", "stages", "dates", "states")
                     if params.get(f"guards.{name}.off"))
    count_rules = load_data("claims_align").get("counts", {})
    other_states = bool(count_rules.get("other_state_apart", False))
    count_floor = float(count_rules.get("min_probability", 1.01))
    counted: dict[tuple[int, int], dict[str, Any]] = {}
    kept = []  # (i, j, cosine, features, classifier probability, near copy)
    apart: set[tuple[int, int]] = set()  # about the same thing, not the same proposition
    dated: dict[int, list[Sequence[str]]] = {}
    lifted: set[tuple[int, int]] = set()

    def dates(i: int) -> list[Sequence[str]]:
        # A unit's dates walk its parse: read once a unit, not once a pair.
        if i not in dated:
            dated[i] = _dates_in(units[i])
        return dated[i]

    stepped: dict[int, list[set[int]]] = {}

    def steps(i: int) -> list[set[int]]:
        # The steps a unit states, likewise once a unit.
        if i not in stepped:
            stepped[i] = unit_steps(units[i])
        return stepped[i]

    # Two reports whose asserted content is the same words ([asserted]
    # same_words_align): what each says once its attribution frame is left
    # out, normalised, and whether it had one.
    said_alike = not within and bool(load_data("claims_align").get("asserted", {}).get("same_words_align", False))
    said_memo: dict[int, tuple[str, bool]] = {}
    same_said: set[tuple[int, int]] = set()

    def said(k: int) -> tuple[str, bool]:
        if k not in said_memo:
            from .asserted import asserted

            text, frame = asserted(units[k])
            said_memo[k] = (normalize_text(text), bool(frame))
        return said_memo[k]

    for (i, j, c, feats), prob in zip(scored, probs):
        near = c >= near_copy
        if prob >= count_floor and not params.get("counts.off") and (agree := same_count(
                units[i], units[j], count_rules, sketches=(sk[i], sk[j]))):
            counted[(i, j)] = agree
        if max(prob, c) < min(threshold, prefilter if use_cross else threshold) and not near \
                and (i, j) not in counted and (i, j) not in retold:
            continue
        if not near and said_alike and (said(i)[1] or said(j)[1]) and said(i)[0] == said(j)[0]:
            # The same words once a frame is left out ("'A,' said the new
            # producers" / "A."): a copy of the statement, read as one.
            near = True
            same_said.add((i, j))
        if not params.get("guards.off") and guard(sk[i], sk[j], feats, same_count=(i, j) in counted
                                                  or bool(retold.get((i, j), {}).get("figure"))):
            continue
        if (i, j) in retold and not params.get("guards.off") \
                and guard(sk[i], sk[j], feats, same_count=(i, j) in counted):
            lifted.add((i, j))  # only the retelling's figure kept the shared-word guard off
        if not params.get("guards.off") and (proposition_guard(sk[i], sk[j], skip=skip)
                                             or ("stages" not in skip and stage_guard(units[i], units[j], steps=(steps(i), steps(j))))
                                             or ("dates" not in skip and _dated_differently(dates(i), dates(j)))
                                             or (other_states and "states" not in skip
                                                 and other_state(units[i], units[j], count_rules))):
            apart.add((i, j))
        kept.append((i, j, c, feats, prob, near))
    # Reads that cannot change what aligns are not made (the transformer pass
    # is most of a story's reconcile time): a pair the guards keep apart is
    # never aligned, and one with the same count is aligned whatever the
    # cross-encoder says when the count's score reaches the threshold.
    count_aligns = float(count_rules.get("score", 0.0)) >= align_at
    settled = set(apart) | (set(counted) if count_aligns else set())
    figured: set[tuple[int, int]] = set()  # pairs whose figures differ: never read
    if use_cross and same_figures:
        # Trained on "same meaning" pairs, the cross-encoder reads past a
        # figure ("two undersea cables" / "three undersea cables": 0.97):
        # a pair whose figures differ is the classifier's alone, which
        # counts them against a match.
        lacking = bool(cross_opt("same_figures_lacking", True))
        figured = {(i, j) for i, j, *_ in kept if figures_differ(sk[i], sk[j], lacking=lacking)}
        settled |= figured
    settled_family = set(settled)
    if use_cross and not veto:
        # The cross-encoder only adds alignments (within one family): a pair
        # the classifier already aligns is not read.
        settled_family |= {(i, j) for i, j, _, _, prob, _ in kept if prob >= align_at}
    apart_families: set[tuple[int, int]] = set()
    unread: set[tuple[int, int]] = set()  # independent pairs worth reading, past the read limit
    if independent:
        def root(k: int) -> str:
            return families.get(units[k].article, units[k].article)

        apart_families = {(i, j) for i, j, *_ in kept if root(i) != root(j)}
    family_kept = [x for x in kept if (x[0], x[1]) not in apart_families]
    cores_last = bool(cross_opt("cores_last", False))
    cross = (_cross_judge(units, family_kept, prefilter=prefilter, limit=limit, band=band,
                          settled=frozenset(settled_family), cores_last=cores_last) if use_cross else {})
    decided: dict[Any, Any] = {}
    if apart_families and cross.get("ok") is not False:
        # Independent sources: every candidate worth reading (classifier
        # probability or cosine at the prefilter, classifier probability at
        # least the raise floor: below it a pair is never aligned), the
        # classifier's alignments too, the likeliest first up to the
        # per-story limit;
        # the guards' and the count rule's pairs and pairs whose figures
        # differ are settled as above, whatever the family.
        aligned_by_classifier = {(i, j) for i, j, _, _, prob, _ in kept if prob >= align_at}
        classifier = {(i, j): prob for i, j, _, _, prob, _ in kept}

        corroborate_at = settings.corroborate_threshold

        def deciding(key: tuple[int, int], readings: tuple[float, ...]) -> bool:
            # The first reading parts what the classifier aligns, or aligns
            # what it does not: the second may change the alignment.  Or
            # both align the pair, each under the corroboration bar: the
            # second may lift the pair's score over it.
            first = readings[0]
            aligned = key in aligned_by_classifier
            if aligned != (first >= independent_at):
                return True
            return aligned and max(first, classifier[key] if agree_keeps_classifier else 0.0) < corroborate_at

        def parting(key: tuple[int, int], readings: tuple[float, ...]) -> bool:
            # Every reading so far parts a pair the classifier aligns.
            return key in aligned_by_classifier and max(readings) < independent_at

        one_speaker = frozenset((i, j) for i, j, _, _, prob, _ in kept
                                if (i, j) in apart_families and speaker_floor <= prob < raise_floor
                                and same_speaker(units[i], units[j]))
        late = frozenset((i, j) for i, j, _, _, prob, _ in kept
                         if (i, j) in apart_families and late_floor <= prob < raise_floor and (i, j) not in one_speaker
                         and not other_speakers(units[i], units[j])
                         and not figures_differ(sk[i], sk[j], lacking=True))
        decided = _cross_judge(units, [x for x in kept if (x[0], x[1]) in apart_families], prefilter=prefilter,
                               limit=independent_limit, band=(raise_floor, 2.0), settled=frozenset(settled),
                               both_orders=(True if second_always else deciding) if both_orders else False,
                               asserted=frozenset(aligned_by_classifier) if read_asserted else frozenset(),
                               rescue=parting, order=str(cross_opt("independent_order", "likeliest")),
                               distinct=bool(cross_opt("independent_distinct_reads", False)),
                               sentence_first=bool(cross_opt("independent_sentence_first", False)),
                               cores_last=cores_last, floor_kept=one_speaker, late=late)
        if decided.get("ok") is False:
            cross = decided
            decided = {}
        else:
            # The pairs the cross-encoder would have read (the filter of
            # _cross_judge) that the per-story limit left unread.
            unread = {(i, j) for i, j, c, _, prob, near in kept
                      if (i, j) in apart_families and (i, j) not in decided and (i, j) not in settled
                      and not near and max(prob, c) >= prefilter and (prob >= raise_floor or (i, j) in one_speaker or (i, j) in late)}
            if unread:
                log.debug("cross-encoder: %d pairs of independent sources past the read limit, %d aligned by the "
                          "classifier alone", len(unread),
                          sum(1 for i, j, _, _, prob, _ in kept
                              if (i, j) in unread and prob >= max(align_at, unread_bar)))
    pairs: list[AlignedPair] = []
    decisive: dict[tuple[int, int], float] = {}  # the reading that decided an independent pair

    def cross_evidence(evidence: dict[str, Any], key: tuple[int, int]) -> None:
        evidence["cross_probability"] = round(decisive[key], 4)
        if isinstance(decided[key], tuple):
            evidence["cross_orders"] = [round(x, 4) for x in decided[key]]
        evidence["independent"] = True

    for i, j, c, feats, prob, near in kept:
        vetoed = False
        if (i, j) in decided:
            # Two independent sources: the cross-encoder's reading decides.
            # An alignment scores its probability (at least the alignment
            # threshold, so that its bar, not reconcile's, says what aligns);
            # a pair it parts keeps the classifier's probability below the
            # threshold (conflicts are looked for among close pairs).
            q = decided[(i, j)]
            if both_orders:
                # Read both ways, it changes the classifier's decision only
                # when both readings agree: a veto when neither reaches its
                # bar, an alignment when both do (one order of "A" / "A and
                # a clause" often reads "not the same", the other "the same").
                # A first reading that agrees with the classifier is not read
                # again (it cannot change the decision).
                q = max(q) if prob >= align_at else min(q)
            decisive[(i, j)] = q
            score = max(q, align_at) if q >= independent_at else min(prob, align_at - 1e-5)
            if q >= independent_at and prob >= align_at and agree_keeps_classifier:
                # Both models read "the same": either's confidence stands.
                score = max(score, prob)
            vetoed = q < independent_at and prob >= threshold
        elif (i, j) in cross:
            # The cross-encoder's probability, weighed with the classifier's,
            # decides whether the pair aligns; below the alignment threshold
            # the classifier's probability still says how close the two are
            # (conflicts are looked for among pairs about the same thing that
            # do not state the same thing, which the classifier scores lower
            # when their figures differ).
            judged = (stacked_probability(stack, cross[(i, j)], prob) if stack
                      else weight * cross[(i, j)] + (1.0 - weight) * prob)
            if not veto:
                judged = max(judged, prob)
            score = judged if judged >= align_at else min(prob, align_at - 1e-5)
        elif (i, j) in unread and prob < unread_bar:
            # Independent sources past the read limit: the classifier alone
            # aligns them only when it is very sure (a false alignment
            # there is a false "corroborated"); still compared for a
            # conflict, as a pair the cross-encoder parts is.
            score = min(prob, align_at - 1e-5)
            vetoed = prob >= threshold
        elif cross.get("ok") is False or not use_cross or max(prob, c) >= prefilter:
            # No cross-encoder, a pair outside its band or past the per-story
            # limit: the classifier decides, as it does when the cross-encoder
            # is off (the limit bounds the time a story takes, not what aligns).
            score = prob
        else:
            # Below the prefilter: never aligned on the classifier alone.
            score = min(prob, align_at - 1e-5)
        if near:
            # Near-copies in meaning align whatever else one of them adds
            # (a retelling often appends a clause): the classifiers, trained
            # on MSRP's strict "same meaning", would keep them apart.
            score = max(score, c, near_copy if (i, j) in same_said else 0.0)
        if (i, j) in counted:
            # The same figure for the same people or things in the same state
            # is the proposition itself ("about 12,000 people have fled"),
            # however differently the rest of the two sentences runs.
            score = max(score, float(count_rules.get("score", 0.0)))
        if (i, j) in retold:
            # A retelling restating its source's sentence: one family, so
            # the pair can confirm nothing; it groups the two reports as one
            # statement (a misspelt name, "Opal" / "Opel", or other words,
            # "positions" / "sites", keep the classifier under its bar).
            score = max(score, align_at)
        if (i, j) in apart:
            # Never aligned; still a candidate for conflicts, which are looked
            # for below the alignment threshold.
            score = min(score, align_at - 1e-5)
        if score < threshold:
            if vetoed and parted is not None and (i, j) not in apart and not near:
                evidence = _evidence(sk[i], sk[j], feats, prob)
                if (i, j) in decided:
                    cross_evidence(evidence, (i, j))
                else:
                    evidence["unread"] = True  # past the read limit, under its bar
                parted.append(AlignedPair(i, j, round(prob, 6), round(c, 6), evidence))
            continue
        evidence = _evidence(sk[i], sk[j], feats, prob)
        evidence["near_copy"] = near
        if (i, j) in same_said:
            evidence["same_content"] = True
        if (i, j) in counted:
            evidence["same_count"] = counted[(i, j)]
        if (i, j) in cross:
            evidence["cross_probability"] = round(cross[(i, j)], 4)
        if (i, j) in decided:
            # The cross-encoder decided this pair of independent sources.
            cross_evidence(evidence, (i, j))
        elif (i, j) in unread and prob >= align_at:
            # Past the read limit: the classifier alone aligned it.
            evidence["unread"] = True
        elif (i, j) in figured and (i, j) not in cross and not near and (i, j) not in counted \
                and (i, j) not in retold:
            # The figures differ, so no cross-encoder read it: the
            # classifier alone aligned it (verdicts: such a pair under the
            # corroboration bar does not bring a report into a corroborated
            # claim).
            evidence["figures_differ"] = True
        if (i, j) in retold and ((prob < align_at and not near and (i, j) not in counted) or (i, j) in lifted
                                 or retold[(i, j)].get("short")):
            # What the retelling rule decided (the classifier's bar or the
            # shared-word guard alone would have kept the two apart; a short
            # statement is compared at all only as a retelling's).
            evidence["retelling"] = retold[(i, j)]
        pairs.append(AlignedPair(i, j, round(score, 6), round(c, 6), evidence))
    pairs.sort(key=lambda q: (-q.score, units[q.a].order, units[q.b].order))
    if parted:
        parted.sort(key=lambda q: (-q.score, units[q.a].order, units[q.b].order))
    return pairs


def aligned_short(units: Sequence[ClaimUnit], pairs: Sequence[AlignedPair], *, threshold: float) -> set[int]:
    """The short statements (``ClaimUnit.short``) a pair of ``pairs`` aligns
    at ``threshold``."""
    return {k for p in pairs if p.score >= threshold for k in (p.a, p.b) if units[k].short}


def drop_short(units: Sequence[ClaimUnit], pair_lists: Sequence[Sequence[AlignedPair]], *,
               keep: Iterable[int]) -> tuple[list[ClaimUnit], list[list[AlignedPair]]]:
    """The units without the short statements (``ClaimUnit.short``) and
    the main clauses cut besides their sentence (``ClaimUnit.besides``) not
    in ``keep``, and each list of ``pair_lists`` renumbered for them (the
    pairs of a dropped unit left out): a short statement is a claim only
    when a retelling restates it, a main clause only when another article's
    report joins it."""
    keep = set(keep)
    kept = [k for k, u in enumerate(units) if not (u.short or u.besides) or k in keep]
    if len(kept) == len(units):
        return list(units), [list(ps) for ps in pair_lists]
    new = {k: n for n, k in enumerate(kept)}
    return [units[k] for k in kept], [[dataclasses.replace(p, a=new[p.a], b=new[p.b]) for p in ps
                                       if p.a in new and p.b in new] for ps in pair_lists]


# ---------------------------------------------------------------- grouping


def group_pairs(units: Sequence[ClaimUnit], pairs: Sequence[AlignedPair], *,
                within: Sequence[AlignedPair] = (), families: Mapping[str, str] | None = None,
                confirm_at: float = 0.0) -> list[list[int]]:
    """Cliques of aligned units, best pair first: two groups merge only when
    every pair across them is aligned.  ``within`` are the aligned pairs of
    one article's sentences (``score_pairs(..., within=True)``): a group
    holds two claims of one article only when they are such a pair (an
    article that restates a proposition in its headline, lead and a later
    paragraph, each aligned with every other member); without them a group
    holds one claim per article.  Groups merge only along cross-article
    pairs (an article restating itself is one source, not a group).  An
    article's verbatim duplicates count as one claim and travel together.
    Every unit ends up in exactly one group; groups and members are in story
    order.  Pairs with a claim's core (``ClaimUnit.core``) come after every
    other pair: the whole claims group as they would without the cores, and
    a core joins or makes a group only where its claim did not.

    ``families`` maps each article to the root of its derivation family (an
    article it does not name is its own).  With them, a unit left in a group
    of its own family only (which confirms nothing) moves to the group of an
    independent report it aligns with at ``confirm_at`` or more, when it
    aligns with every member there: its family's copies took it first (their
    pairs score high: one text), and the pair that would confirm it was never
    formed (session 24, the ECB+ dev "26 pirates arrested").  A group of two
    families or more is never taken apart."""
    # Verbatim duplicates of one article: one node.
    rep: list[int] = []
    first_of: dict[tuple[str, str], int] = {}
    for i, u in enumerate(units):
        key = (u.article, normalize_text(u.text))
        rep.append(first_of.setdefault(key, i))
    both = [*pairs, *within]
    aligned = {(rep[p.a], rep[p.b]) for p in both} | {(rep[p.b], rep[p.a]) for p in both}
    group_of = {i: i for i in range(len(units)) if rep[i] == i}
    members: dict[int, list[int]] = {i: [i] for i in group_of}
    ordered = [*(p for p in pairs if not (units[p.a].core or units[p.b].core)),
               *(p for p in pairs if units[p.a].core or units[p.b].core)]
    for p in ordered:
        ga, gb = group_of[rep[p.a]], group_of[rep[p.b]]
        if ga == gb:
            continue
        left, right = members[ga], members[gb]
        if not within and {units[k].article for k in left} & {units[k].article for k in right}:
            continue
        if not all((x, y) in aligned for x in left for y in right):
            continue
        keep, drop = (ga, gb) if units[ga].order <= units[gb].order else (gb, ga)
        members[keep] = members[keep] + members.pop(drop)
        for k in members[keep]:
            group_of[k] = keep
    if families is not None:
        _rescue(units, ordered, members, group_of, rep, aligned, families=families, confirm_at=confirm_at)
    groups: dict[int, list[int]] = {}
    for i in range(len(units)):
        groups.setdefault(group_of[rep[i]], []).append(i)
    return sorted((sorted(g, key=lambda k: units[k].order) for g in groups.values()),
                  key=lambda g: units[g[0]].order)


def _rescue(units: Sequence[ClaimUnit], ordered: Sequence[AlignedPair], members: dict[int, list[int]],
            group_of: dict[int, int], rep: Sequence[int], aligned: set[tuple[int, int]], *,
            families: Mapping[str, str], confirm_at: float) -> None:
    """:func:`group_pairs`' move of a unit out of a group of its own family
    only into an independent report's group (``members`` and ``group_of``
    changed in place), best pair first, each unit once."""
    def root(k: int) -> str:
        return families.get(units[k].article, units[k].article)

    moved: set[int] = set()
    for p in ordered:
        if p.score < confirm_at or root(p.a) == root(p.b):
            continue
        for u, v in ((rep[p.a], rep[p.b]), (rep[p.b], rep[p.a])):
            gu, gv = group_of[u], group_of[v]
            if u in moved or gu == gv or len(members[gu]) < 2 or len({root(k) for k in members[gu]}) > 1:
                continue
            there = members[gv]
            if units[u].article in {units[k].article for k in there} or \
                    not all((u, y) in aligned for y in there):
                continue
            rest = [k for k in members.pop(gu) if k != u]
            new_id = min(rest, key=lambda k: units[k].order)
            members[new_id] = rest
            for k in rest:
                group_of[k] = new_id
            members[gv] = [*there, u]
            group_of[u] = gv
            moved.add(u)
            break


def align_claims(units: Sequence[ClaimUnit], *, settings: ReconcileSettings | None = None,
                 config: Config | None = None) -> list[list[ClaimUnit]]:
    """Claim units grouped by what they state (singletons included)."""
    settings = stage_settings(ReconcileSettings, settings, config)
    pairs = score_pairs(units, settings=settings)
    within = score_pairs(units, settings=settings, within=True)
    return [[units[i] for i in g] for g in group_pairs(units, pairs, within=within)]
