"""Observations: the figures, dates and comparisons of each claim unit that
may take a side, read into one range each (:class:`_Obs`), with the rules
that decide what a count is (``[not_a_count]`` and the concepts of
``data/verdicts_quantities.toml``), its state, hedge and bounds."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ...partial_dates import is_yearless, range_days, story_reference, story_window, with_year
from ..claims import ClaimUnit, counted_concept, is_story_event, load_data, normalize_text
from ..timeline import lies_ahead

__all__ = [
    "_Obs", "_concept_labels", "_correction_suffix", "_counted_compound", "_masking", "_not_count", "_number_at",
    "_observations", "_parse_one", "_quantity_data", "_subject_labels", "_update_rules",
]


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
    deictic_unit: re.Pattern[str] | None = None


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
        deictic_unit=re.compile(data["deictic_unit"], re.IGNORECASE) if data.get("deictic_unit") else None,
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
    if rules.deictic_unit is not None and num_end < end and rules.deictic_unit.search(text[num_end:end]):
        return False  # "37,000 last week": a date read into the figure, no count of weeks
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
    num_start, num_end = _number_at(u, q["start"], q["end"])
    m = rules.suffix.match(u.source_text[num_end:num_end + 12])
    # "one-million dollars", "two - million - euro": the scale word is in the
    # number's own run, which the analyzer read as its first word alone.
    inside = [w for w in re.findall(r"[a-z]+", u.source_text[num_start:num_end].lower()) if w in rules.money_scales]
    if m:
        factor = rules.money_scales[m.group(1).lower()]
    elif inside and float(q["value"]) < rules.money_scales[inside[-1]]:
        factor = rules.money_scales[inside[-1]]
    else:
        return q
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
    story_days = story_window([u.published for u in units], span)
    out: list[_Obs] = []
    for idx, u in enumerate(units):
        gid = group_of[idx]
        # A figure of a sentence cut short by the text's end ("... comes with
        # $1 trillion in...") may count what the missing words named: its
        # scope is unknown, so it takes no side.
        for q in ([] if u.cut else u.slots.get("how_many", [])):
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
            if contexts and not u.cut:
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
                # (a deadline or a future clause lies ahead, as on the timeline)
                value, placed, source = with_year(str(w.get("value") or ""), rng, u.published, story_ref,
                                                  forward=lies_ahead(u, w),
                                                  story_first=story_days[0] if story_days else None)
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


def _parse_one(text: str, cache_: dict[str, Any], unit: ClaimUnit | None = None) -> Any:
    """The spaCy doc of ``text``: the unit's sentence doc (claims took it from
    the parse analyze stored) when ``text`` starts that sentence, so that
    offsets agree; else parsed here, once per text."""
    doc = getattr(unit, "doc", None)
    if doc is not None and doc.text.startswith(text):
        return doc
    if text not in cache_:
        try:
            from ...analyze.nlp import load_nlp

            cache_[text] = load_nlp()(text)
        except Exception:  # noqa: BLE001 - without a model the check is skipped
            cache_[text] = None
    return cache_[text]


def _figure_span(o: _Obs, parses: dict[str, Any]) -> Any:
    """The parsed span of the figure ``o`` (its sentence's doc, widened to
    whole tokens), or None when it has no place in the text or no parse."""
    if o.start < 0:
        return None
    doc = _parse_one(o.unit.source_text, parses, o.unit)
    return doc.char_span(o.start, o.end, alignment_mode="expand") if doc is not None else None


@cache
def _recurring() -> frozenset[str]:
    return frozenset(load_data("verdicts_dates").get("recurring", {}).get("classes", []))


@cache
def _deictic() -> frozenset[str]:
    return frozenset(w.lower() for w in load_data("verdicts_dates").get("deictic", {}).get("words", []))


@cache
def _masking() -> tuple[str, frozenset[str], int, frozenset[str]]:
    """(placeholder, words that make a figure a further group, how many
    words before the number they may stand, counted words never paired) of
    ``[masked]``."""
    data = load_data("verdicts_quantities").get("masked", {})
    return (str(data.get("placeholder", "some")), frozenset(w.lower() for w in data.get("additive", [])),
            int(data.get("additive_window", 2)), frozenset(w.lower() for w in data.get("skip_counted", [])))
