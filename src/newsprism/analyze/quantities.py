"""Quantities: numbers in digits or words, the noun they count, their hedge.

Word lists, hedge margins and units are data (``data/quantities_rules.toml``).

Rules:

* A number is a run of tokens: digits ("39,000", "1.5"), number words ("two",
  "twenty five", "one hundred and twenty"), scales ("million"), vague counts
  ("a few hundred", "several thousand") and plural scales ("dozens of",
  "tens of thousands").  Vague counts carry their own range.  A mixed
  fraction is one number ("2 1/2", "2-1/2", "two and a half").
* The hedge is the longest phrase from the data file right before the number
  ("about", "more than", "up to") or right after it ("or so", "or more");
  it maps the value v to ``low = v*(1+a)``, ``high = v*(1+b)``.  An unhedged
  number has ``low == high == value``.
* ``counted`` is the lemma of the noun the number counts: the first noun to
  its right within its noun phrase, skipping adjectives and noun or
  proper-noun modifiers ("10 Isis motorcycle fighters" -> "fighter"), and
  through "of" after vague counts ("dozens of people" -> "person").  Nouns
  coordinated with it that have no number of their own are joined:
  "300 women and children" -> "woman and child"; not in a list ("two
  women and a man": the number counts women).  Units are normalised
  ("km" -> "kilometer", "percent" -> "%") and keep "square"/"cubic".
* "a 100-page report" counts pages (the hyphenated noun), not reports.
* Dates and times (spaCy DATE/TIME entities and what ``extract_times``
  finds) are left out, but "Monday 40 people" (one DATE entity to spaCy)
  still counts people; ages ("Hamdan, 53,", "aged 30", "a 45-year-old",
  "Sixty-year-old") are kept with ``counted = "age"`` so they are never
  compared with counts.
  A lone figure of one to three digits that spaCy alone tags DATE
  ("injuring 40, 15 of them ...") is a count, and so is the length of a
  term ("sentenced to 2 1/2 years", "a seven-year contract": counted
  "year", ``[terms]``).
* Not counts, dropped: a number word with nothing counted ("one of them"),
  fractions ("two-thirds"), ratios ("eight of 10", "1 in 4", "4 to 1"),
  idioms ("at one point"), identifiers ("No. 10"), scores ("5-2"), a lone
  year-like number counting nothing, HTML entity residue ("of 39;").
* A hedge word the parser reads as a preposition or particle ("a comment
  about 47 percent", "handed over millions") does not hedge.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..data import load_toml
from ..model import Quantity, TimeExpr
from .dates import extract_times, year_counts_noun

__all__ = ["extract_quantities", "parse_number"]


@dataclass(frozen=True)
class _Data:
    small: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, tuple[float, float, float]]
    plural: dict[str, tuple[float, float, float]]
    before: dict[tuple[str, ...], tuple[float, float]]
    after: dict[tuple[str, ...], tuple[float, float]]
    units: dict[str, str]
    unit_prefixes: frozenset[str]
    age_words: frozenset[str]
    max_age: int
    year_old: frozenset[str]
    exclude_after: tuple[re.Pattern[str], ...]
    exclude_before: tuple[re.Pattern[str], ...]
    not_counted: frozenset[str]
    idioms: tuple[re.Pattern[str], ...]
    ratio_words: tuple[tuple[str, ...], ...]
    ratio_max_base: int
    prepositional_hedges: frozenset[str]
    year_window: tuple[int, int]
    participles: frozenset[str] = frozenset()
    added_fractions: dict[tuple[str, ...], float] = field(default_factory=dict)
    spaced_point: re.Pattern[str] | None = None
    term_units: frozenset[str] = frozenset()
    term_words: frozenset[str] = frozenset()
    term_hops: int = 0
    term_not_after: frozenset[str] = frozenset()
    name_labels: frozenset[str] = frozenset()


@cache
def _data() -> _Data:
    raw = load_toml("quantities_rules.toml")
    nums = raw["numbers"]
    return _Data(
        small=dict(nums["small"]),
        scales=dict(nums["scales"]),
        vague={k: tuple(v) for k, v in nums["vague"].items()},
        plural={k: tuple(v) for k, v in nums["plural_scales"].items()},
        before={tuple(k.split()): tuple(v) for k, v in raw["hedges"]["before"].items()},
        after={tuple(k.split()): tuple(v) for k, v in raw["hedges"]["after"].items()},
        units={k: v for k, v in raw["units"].items() if isinstance(v, str)},
        unit_prefixes=frozenset(raw["units"]["prefixes"]["list"]),
        age_words=frozenset(raw["ages"]["after_words"]),
        max_age=raw["ages"]["max_age"],
        year_old=frozenset(raw["ages"]["year_old"]),
        exclude_after=tuple(re.compile(p) for p in raw["exclude"]["after_patterns"]),
        exclude_before=tuple(re.compile(p) for p in raw["exclude"]["before_patterns"]),
        not_counted=frozenset(raw["exclude"]["not_counted"]),
        idioms=tuple(re.compile(p) for p in raw["exclude"]["idioms"]),
        ratio_words=tuple(tuple(w.split()) for w in raw["exclude"]["ratio_words"]),
        ratio_max_base=raw["exclude"]["ratio_max_base"],
        prepositional_hedges=frozenset(raw["exclude"]["prepositional_hedges"]),
        year_window=tuple(raw["exclude"]["year_window"]),
        participles=frozenset(raw.get("modifiers", {}).get("participles", [])),
        spaced_point=re.compile(raw["decimals"]["spaced_point_before"]) if "decimals" in raw else None,
        added_fractions={tuple(k.split()): float(v) for k, v in nums.get("added_fractions", {}).items()},
        term_units=frozenset(raw.get("terms", {}).get("units", [])),
        term_words=frozenset(raw.get("terms", {}).get("words", [])),
        term_hops=int(raw.get("terms", {}).get("max_hops", 0)),
        term_not_after=frozenset(raw.get("terms", {}).get("not_after", [])),
        name_labels=frozenset(raw["exclude"]["name_labels"]),
    )


# A decimal may be written without its zero: a ".357" or ".38-caliber"
# revolver, "$.50".
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$|^\.\d+$")

_Triple = tuple[float, float, float]

# The fraction of a mixed number: "1/2" of "2 1/2", "3/4" of "1-3/4".
_FRACTION = re.compile(r"^(\d)/(\d{1,2})$")


def _is_number_word(w: str, d: _Data) -> bool:
    return bool(_DIGITS.match(w)) or w in d.small or w in d.scales or w in d.vague or w in d.plural


def parse_number(words: list[str]) -> tuple[float, float, float, bool] | None:
    """(value, low, high, vague) of a number written as ``words``
    ("twenty", "five"; "a", "few", "hundred"; "tens", "of", "thousands";
    "39,000"), or None if the words are not a number."""
    d = _data()
    total: _Triple = (0.0, 0.0, 0.0)
    cur: _Triple | None = None
    vague = False
    seen = False
    words = [w.lower() for w in words]
    i = 0
    while i < len(words):
        w = words[i]
        two = " ".join(words[i : i + 2])
        three = " ".join(words[i : i + 3])
        if three in d.vague or two in d.vague:
            key = three if three in d.vague else two
            cur = d.vague[key]
            vague = seen = True
            i += len(key.split())
            continue
        frac = _FRACTION.match(w)
        if frac and seen and int(frac.group(2)) > int(frac.group(1)):
            n = int(frac.group(1)) / int(frac.group(2))
            cur = _add(cur, (n, n, n))
            i += 1
            continue
        added = next((k for k in d.added_fractions if tuple(words[i : i + len(k)]) == k), None) if seen else None
        if added is not None:
            n = d.added_fractions[added]  # "two and a half"
            cur = _add(cur, (n, n, n))
            i += len(added)
            continue
        if w in ("and", "of", "-"):
            i += 1
            continue
        if w in ("a", "an"):
            cur = cur or (1.0, 1.0, 1.0)
            i += 1
            continue
        if _DIGITS.match(w):
            n = float(w.replace(",", ""))
            cur = _add(cur, (n, n, n))
        elif w in d.small:
            n = float(d.small[w])
            cur = _add(cur, (n, n, n))
        elif w in d.vague:
            cur = d.vague[w]
            vague = True
        elif w in d.scales:
            s = d.scales[w]
            base = cur or (1.0, 1.0, 1.0)
            cur = (base[0] * s, base[1] * s, base[2] * s)
            if s >= 1000:
                total, cur = _add(total, cur), None  # type: ignore[assignment]
        elif w in d.plural:
            singular = w[:-1]
            if cur is None and total == (0.0, 0.0, 0.0):
                cur = d.plural[w]
            else:
                s = d.scales.get(singular, 1)
                base = cur or total
                cur, total = (base[0] * s, base[1] * s, base[2] * s), (0.0, 0.0, 0.0)
            vague = True
        else:
            return None
        seen = True
        i += 1
    if not seen:
        return None
    result = _add(total, cur)
    return result[0], result[1], result[2], vague


def _add(a: _Triple | None, b: _Triple | None) -> _Triple:
    if a is None:
        return b or (0.0, 0.0, 0.0)
    if b is None:
        return a
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


# ------------------------------------------------------------------ spans


def _number_span(doc: Any, i: int, sent_end: int, d: _Data) -> int:
    """End (exclusive) of the number that starts at token ``i``."""
    j = i
    while j < sent_end:
        w = doc[j].lower_
        nxt = doc[j + 1].lower_ if j + 1 < sent_end else ""
        if _is_number_word(w, d) and not doc[j].ent_type_ == "ORDINAL":
            j += 1
        elif w in ("a", "an") and j == i and (nxt in d.vague or nxt in d.scales or f"{w} {nxt}" in d.vague):
            j += 1
        elif w == "and" and j > i and _is_number_word(nxt, d) and doc[j - 1].lower_ in d.scales:
            j += 1  # "one hundred and twenty"
        elif w == "of" and j > i and doc[j - 1].lower_ in d.plural and (nxt in d.scales or nxt in d.plural):
            j += 1  # "tens of thousands"
        elif w in ("couple", "handful") and j > i and nxt == "of":
            j += 1
        elif w == "-" and j > i and nxt in d.small and doc[j - 1].lower_ in d.small:
            j += 1  # "twenty-five"
        elif w == "-" and j > i and nxt in d.scales and _DIGITS.match(doc[j - 1].text):
            j += 1  # "$137-million"
        elif j > i and _mixed_fraction(doc, j, sent_end):
            j += 1  # "2 1/2 miles", "2-1/2 tons": a mixed fraction is one number
        elif j > i and _is_number_word(doc[j - 1].lower_, d) and (size := _added_fraction(doc, j, sent_end, d)):
            j += size  # "two and a half"
        else:
            break
    return j


def _added_fraction(doc: Any, j: int, sent_end: int, d: _Data) -> int:
    """The length of the added fraction ("and a half", data
    [numbers.added_fractions]) starting at token ``j``, or 0."""
    for phrase in d.added_fractions:
        if j + len(phrase) <= sent_end and tuple(t.lower_ for t in doc[j : j + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _mixed_fraction(doc: Any, j: int, sent_end: int) -> bool:
    """Whether token ``j`` goes on a whole number with its fraction: the
    "1/2" (or "-" then "1/2") after a plain integer.  Not a fraction that
    starts a compound ("1,200 1/2-inch pipes" are pipes half an inch wide)."""
    k = j + 1 if doc[j].text == "-" else j
    whole = doc[j - 1] if k == j and doc[j - 1].text != "-" else doc[j - 2] if k == j else doc[j - 1]
    if k >= sent_end or not _FRACTION.match(doc[k].text) or not re.fullmatch(r"\d{1,3}", whole.text):
        return False
    return not (k + 1 < sent_end and doc[k + 1].text in ("-", "–"))


def _match_before(doc: Any, i: int, sent_start: int, table: dict[tuple[str, ...], Any]) -> tuple[int, tuple[str, ...]] | None:
    best = None
    for phrase in table:
        n = len(phrase)
        if i - n < sent_start:
            continue
        if tuple(t.lower_ for t in doc[i - n : i]) == phrase and (best is None or n > len(best)):
            best = phrase
    return (i - len(best), best) if best else None


def _match_after(doc: Any, j: int, sent_end: int, table: dict[tuple[str, ...], Any]) -> tuple[int, tuple[str, ...]] | None:
    best = None
    k0 = j + 1 if j < sent_end and doc[j].text == "-" else j  # "40-odd"
    for phrase in table:
        n = len(phrase)
        if k0 + n > sent_end:
            continue
        if tuple(t.lower_ for t in doc[k0 : k0 + n]) == phrase and (best is None or n > len(best)):
            best = phrase
    return (k0 + len(best), best) if best else None


def _counted(doc: Any, j: int, sent_end: int, allow_of: bool, d: _Data) -> tuple[str | None, int]:
    """The counted noun's lemma right of token ``j`` and the token index it
    ends at (exclusive); (None, j) when nothing is counted."""
    prefix = None
    k = j
    limit = min(sent_end, j + 7)
    # "a one-page letter", "a 100-page report": the number counts pages
    if k + 1 < sent_end and doc[k].text == "-" and doc[k + 1].pos_ == "NOUN" and doc[k + 1].tag_ == "NN":
        lemma = (doc[k + 1].lemma_ or doc[k + 1].text).lower()
        return d.units.get(lemma, lemma), k + 2
    while k < limit:
        t = doc[k]
        low = t.lower_
        if low == "per" and k + 1 < sent_end and doc[k + 1].lower_ == "cent":
            return "%", k + 2
        if low in d.units and (t.pos_ in ("NOUN", "SYM", "PROPN", "X") or low == "%"):
            unit = d.units[low]
            return (f"{prefix} {unit}" if prefix else unit), k + 1
        if low == "of" and allow_of:
            allow_of = False
            k += 1
            while k < limit and doc[k].pos_ == "DET":
                k += 1
            continue
        if t.tag_ == "NN" and k + 2 < limit and doc[k + 1].lower_ in d.participles \
                and doc[k + 2].pos_ in ("NOUN", "PROPN"):
            k += 2  # "one rocket propelled grenade launcher": the rocket is not counted
            continue
        if t.pos_ == "NOUN" or (t.pos_ == "PROPN" and not allow_of and k > j and doc[k - 1].lower_ == "of"):
            # A noun modifying a later noun ("motorcycle fighters"): go on.
            if t.dep_ == "compound" and t.head.i > k and t.head.i < limit and t.head.pos_ in ("NOUN", "PROPN"):
                k += 1
                continue
            lemma = (t.lemma_ or t.text).lower()
            if lemma in d.units:
                unit = d.units[lemma]
                return (f"{prefix} {unit}" if prefix else unit), k + 1
            names = [lemma]
            for c in t.children:
                if (
                    c.dep_ == "conj"
                    and c.pos_ == "NOUN"
                    and not _is_number_word(c.lower_, d)
                    and not any(g.dep_ == "nummod" for g in c.children)
                    # "two women and a man": a list, the number counts the women
                    and not any(g.dep_ == "det" and g.lower_ in ("a", "an", "another") for g in c.children)
                ):
                    names.append((c.lemma_ or c.text).lower())
            return " and ".join(names), k + 1
        if low in d.unit_prefixes:
            prefix = "square" if low == "sq" else low
            k += 1
            continue
        if t.pos_ in ("ADJ", "PROPN", "NUM") or t.text == "-" or t.dep_ in ("amod", "compound"):
            k += 1
            continue
        break
    return None, j


def _age_value(doc: Any, i: int) -> int | None:
    """The number at ``i`` as an age: digits, or one number word
    ("Sixty-year-old", "a twelve-year-old")."""
    return int(doc[i].text) if doc[i].text.isdigit() else _data().small.get(doc[i].lower_)


def _age(doc: Any, i: int, j: int, sent_start: int, sent_end: int, d: _Data) -> int | None:
    """End of the age expression if the single number at ``i`` is an age."""
    value = _age_value(doc, i) if j == i + 1 else None
    if value is None or not 0 < value <= d.max_age:
        return None
    words_only = not doc[i].text.isdigit()
    if i - 1 >= sent_start and doc[i - 1].lower_ in d.age_words and not words_only:
        return j
    # "53-year-old", "53 years old", "Sixty-year-old"
    k = j
    words = []
    while k < sent_end and len(words) < 4 and (doc[k].lower_ in d.year_old or doc[k].text == "-"):
        words.append(doc[k].lower_)
        k += 1
    if "old" in words:
        return k
    if words_only:
        return None  # a number word is an age only when "year-old" says so
    # "Jumah Hamdan, 53, said"
    if (
        i - 2 >= sent_start
        and doc[i - 1].text == ","
        and (doc[i - 2].pos_ == "PROPN" or doc[i - 2].ent_type_ == "PERSON")
        and (j >= sent_end or doc[j].text in (",", ".", ")", ";"))
    ):
        return j
    return None


# ------------------------------------------------------------------- main


def extract_quantities(doc: Any, *, times: list[TimeExpr] | None = None) -> list[Quantity]:
    """Every counted quantity in a parsed spaCy ``doc``; sentence indices
    follow ``list(doc.sents)``, offsets are characters in ``doc.text``.

    ``times``: the article's :func:`~newsprism.analyze.dates.extract_times`
    result if already computed (numbers inside dates are skipped); computed
    here otherwise."""
    d = _data()
    text: str = doc.text
    sents = list(doc.sents)
    # Numbers inside dates the date rules find ("24 September 2024") even
    # where spaCy tags no DATE entity.
    date_spans = sorted((t.start, t.end) for t in (extract_times(doc, None) if times is None else times))
    # An overlap test by binary search over the spans' starts and the running
    # maximum of their ends: a scan of every date for every number cost the
    # square of their number on text packed with both (issue 13).
    date_starts = [x for x, _ in date_spans]
    reach = list(itertools.accumulate((y for _, y in date_spans), max))

    def in_date(a: int, b: int) -> bool:
        k = bisect.bisect_left(date_starts, b) - 1
        return k >= 0 and reach[k] > a

    out: list[Quantity] = []
    for s_index, sent in enumerate(sents):
        i = sent.start
        while i < sent.end:
            t = doc[i]
            starts_number = _is_number_word(t.lower_, d) or (
                t.lower_ in ("a", "an") and i + 1 < sent.end and _is_number_word(doc[i + 1].lower_, d)
            )
            if not starts_number or t.ent_type_ == "ORDINAL" or t.lower_ in ("a", "an") and doc[i + 1].lower_ in d.small:
                i += 1
                continue
            j = _number_span(doc, i, sent.end, d)
            if j == i:
                i += 1
                continue
            a, b = doc[i].idx, doc[j - 1].idx + len(doc[j - 1])
            if in_date(a, b):
                i = j
                continue
            q = _quantity(doc, text, i, j, sent.start, sent.end, s_index, d)
            if q is not None:
                out.append(q)
            i = j
    out.sort(key=lambda q: (q.start, q.end))
    return out


def _quantity(doc: Any, text: str, i: int, j: int, s0: int, s1: int, s_index: int, d: _Data) -> Quantity | None:
    age_end = _age(doc, i, j, s0, s1, d)
    if age_end is not None:
        n = float(_age_value(doc, i) or 0)
        start, end = doc[i].idx, doc[age_end - 1].idx + len(doc[age_end - 1])
        return Quantity(text[start:end], s_index, start, end, n, n, n, "age", None)
    term_unit = _term_unit(doc, j, s1, d)
    if any(doc[k].ent_type_ in ("DATE", "TIME") for k in range(i, j)) and not (
        (j == i + 1 and re.fullmatch(r"\d{4}", doc[i].text) and year_counts_noun(doc, doc[i].idx + len(doc[i])))
        or _counts_past_entity(doc, j - 1)
        or _lone_number_entity(doc, i, j)
        or term_unit is not None
    ):
        return None
    if doc[i].ent_iob_ == "I" and doc[i].ent_type_ in d.name_labels:
        return None  # "on Interstate 75": the number is part of a name
    after_text = text[doc[j - 1].idx + len(doc[j - 1]) :][:12]
    if any(p.search(after_text) for p in d.exclude_after):
        return None
    before_text = text[max(0, doc[i].idx - 20) : doc[i].idx]
    if any(p.search(before_text) for p in d.exclude_before):
        return None
    if j < s1 and doc[j].text == "-" and j + 1 < s1 and doc[j + 1].lower_.rstrip("s") in ("third", "quarter", "fifth", "half"):
        return None  # a fraction
    if j < s1 and doc[j].lower_.rstrip("s") in ("third", "quarter", "fifth") and doc[i].lower_ in d.small:
        return None
    a0, b0 = doc[i].idx, doc[j - 1].idx + len(doc[j - 1])
    window = text[max(0, a0 - 12) : b0 + 24]
    offset = a0 - max(0, a0 - 12)
    for p in d.idioms:
        for m in p.finditer(window):
            if m.start() <= offset < m.end():
                return None
    parsed = parse_number([doc[k].text for k in range(i, j)])
    if parsed is None:
        return None
    value, low, high, vague = parsed
    point = None
    if d.spaced_point is not None and j == i + 1 and doc[i].text.isdigit():
        point = d.spaced_point.search(text[max(0, a0 - 8):a0])
    if point is not None:
        # "a. 357 caliber": the point split from its digits; the figure is .357
        value = low = high = float("." + doc[i].text)
    elif _in_ratio(doc, i, j, s0, s1, value, d):
        return None

    hedge_words: list[str] = []
    start_tok = i
    # "more than $4 trillion": the hedge stands before the currency sign
    sign = 1 if i - 1 >= s0 and doc[i - 1].text in d.units and not doc[i - 1].is_alpha else 0
    pre = _match_before(doc, i - sign, s0, d.before)
    if pre is not None and len(pre[1]) == 1 and pre[1][0] in d.prepositional_hedges and doc[pre[0]].dep_ in ("prep", "prt"):
        pre = None  # "his comment about 47 percent": a preposition
    a = b = 0.0
    if pre is not None:
        start_tok, phrase = pre
        a, b = d.before[phrase]
        hedge_words.append(" ".join(phrase))
    if vague:
        hedge_words.append(_vague_name(doc, i, j, d))
    end_tok = j
    post = _match_after(doc, j, s1, d.after)
    if post is not None:
        end_tok, phrase = post
        pa, pb = d.after[phrase]
        a, b = min(a, pa), max(b, pb)
        hedge_words.append(" ".join(phrase))
    # Rounded so that 400 * 1.1 is 440, not 440.00000000000006.
    low, high = round(low * (1 + a), 6), round(high * (1 + b), 6)

    # A currency sign before the number is its unit.
    counted: str | None = None
    if i - 1 >= s0 and doc[i - 1].text in d.units:
        counted = d.units[doc[i - 1].text]
        start_tok = min(start_tok, i - 1)
        noun_end = end_tok
    else:
        allow_of = vague or doc[j - 1].lower_ in d.scales
        counted, noun_end = _counted(doc, end_tok, s1, allow_of, d)
    if term_unit is not None:
        # "a 2-1/2 year sentence" measures the sentence in years.
        counted, noun_end = doc[term_unit].lemma_.lower(), term_unit + 1
    if counted in d.not_counted:
        return None
    if counted is None and j == i + 1 and re.fullmatch(r"\d{4}", doc[i].text):
        if d.year_window[0] <= int(doc[i].text) <= d.year_window[1]:
            return None  # "from 2011 to 2016": a year the date rules did not take
    if counted is None:
        has_digits = any(_DIGITS.match(doc[k].text) for k in range(i, j))
        has_scale = any(doc[k].lower_ in d.scales or doc[k].lower_ in d.plural for k in range(i, j))
        if not has_digits and not has_scale:
            return None  # "one of them", "the two", "few"
        noun_end = end_tok
    start = doc[start_tok].idx
    if point is not None and start_tok == i:
        start = a0 - len(point.group()) + point.group().index(".")  # the figure's text starts at its point
    last = doc[max(noun_end, end_tok) - 1]
    end = last.idx + len(last)
    return Quantity(
        text=text[start:end],
        sentence=s_index,
        start=start,
        end=end,
        value=value,
        low=low,
        high=high,
        counted=counted,
        hedge=" ".join(hedge_words) or None,
    )


def _single_value(doc: Any, i: int, j: int) -> float | None:
    parsed = parse_number([doc[k].text for k in range(i, j)])
    return None if parsed is None or parsed[3] else parsed[0]


def _in_ratio(doc: Any, i: int, j: int, s0: int, s1: int, value: float, d: _Data) -> bool:
    """Whether the number at tokens i..j is one side of a ratio: "eight of
    10", "1 in 4", "nine out of 10", "4 to 1"."""
    for words in d.ratio_words:
        n = len(words)
        # this number is the base: "<k> of <value>"
        if i - n - 1 >= s0 and tuple(t.lower_ for t in doc[i - n : i]) == words:
            k = i - n
            first = _single_value(doc, k - 1, k) if _is_number_word(doc[k - 1].lower_, d) else None
            # "one of three members" counts members; "1 in 4" is a ratio
            least = 1 if words != ("of",) else 2
            if first is not None and least <= first <= value and _small_base(value, d):
                return True
            if words == ("to",) and first is not None and first >= value:
                return True  # "4 to 1"
        # this number is the part: "<value> of <base>"
        if j + n < s1 and tuple(t.lower_ for t in doc[j : j + n]) == words and _is_number_word(doc[j + n].lower_, d):
            end = _number_span(doc, j + n, s1, d)
            base = _single_value(doc, j + n, end)
            least = 1 if words != ("of",) else 2
            if base is not None and least <= value <= base and _small_base(base, d):
                return True
            if words == ("to",) and base is not None and value >= base:
                return True
    return False


def _small_base(base: float, d: _Data) -> bool:
    return base <= d.ratio_max_base or base == 100


def _term_unit(doc: Any, j: int, s1: int, d: _Data) -> int | None:
    """The unit token of a term's length ("sentenced to 2 years", "a 2-1/2
    year sentence") whose number ends before ``j``, or None (``[terms]``)."""
    k = j + 1 if j < s1 and doc[j].text in ("-", "\u2013") else j
    if k >= s1 or doc[k].lemma_.lower() not in d.term_units:
        return None
    after = k + 1
    if after < s1 and doc[after].text in ("-", "\u2013"):
        after += 1
    if after < s1 and doc[after].lower_ in d.term_not_after:
        return None
    head = doc[k]
    for _ in range(d.term_hops):
        if head.head.i == head.i:
            break
        head = head.head
        if head.lemma_.lower() in d.term_words:
            return k
        if head.pos_ in ("VERB", "AUX"):
            break  # the clause's own verb is not a term's: "won ... in three years"
    return None


def _counts_past_entity(doc: Any, k: int) -> bool:
    """spaCy glues a count to a date before it ("Monday 40 people" is one
    DATE entity): the number at ``k`` ends the entity and counts a noun
    outside it."""
    if k + 1 >= len(doc) or doc[k + 1].ent_iob_ == "I" or doc[k].ent_iob_ != "I":
        return False
    # The parse often hangs the number on the date ("Monday"), so look at
    # the next word rather than the number's head.
    return doc[k + 1].pos_ == "NOUN"


def _lone_number_entity(doc: Any, i: int, j: int) -> bool:
    """spaCy tags a bare figure DATE in running text ("killing seven and
    injuring 40, 15 of them ..."): an entity that is nothing but one to three
    digits, with no month, day or year word, and that the date rules (run
    before) did not read as a date, is a count."""
    if any(doc[k].ent_type_ != "DATE" for k in range(i, j)):
        return False
    if doc[i].ent_iob_ != "B" or (j < len(doc) and doc[j].ent_iob_ == "I"):
        return False  # the entity holds more than the number: "Friday 13"
    return all(re.fullmatch(r"\d{1,3}", doc[k].text) for k in range(i, j))


def _vague_name(doc: Any, i: int, j: int, d: _Data) -> str:
    """The vague words of a number, as its hedge: "a few", "dozens of",
    "tens of thousands of"."""
    words = [doc[k].lower_ for k in range(i, j)]
    kept = [w for w in words if w in d.vague or w in d.plural or w in ("a", "of", "couple", "handful")]
    if kept and kept[0] == "a" and len(kept) == 1:
        kept = []
    name = " ".join(kept)
    if words[-1] in d.plural and j < len(doc) and doc[j].lower_ == "of":
        name += " of"
    return name or " ".join(words)
