"""Temporal expressions -> ISO dates with precision, resolved against the
article's publication date (never against today).

Detection is by the rules in ``data/dates_rules.toml`` (patterns over the
text, built from word lists), plus spaCy DATE entities the rules do not cover,
which are handed to dateparser only when they read as an absolute date
(dateparser alone resolves durations such as "six months" as "six months
ago" and the "1990s" as 1990 seconds ago, so it is never trusted on its own).

Encoding of :class:`~newsprism.model.TimeExpr` values:

=============  ===================================  ==========================
precision      value                                end_value
=============  ===================================  ==========================
day            ``2019-02-09``                       None
month          ``2018-09``                          None
year           ``2014``                             None
decade         ``199`` (the 1990s)                  None
part-of-month  first day of the part ``2019-01-01``  last day ``2019-01-10``
season         first day ``2018-06-01``             last day ``2018-08-31``
range          first day                            last day
=============  ===================================  ==========================

Early / mid / late in a month are days 1-10 / 11-20 / 21-end.  For every
precision :func:`time_span` gives the closed interval of days meant.

News rules: a bare weekday or month is the most recent one on or before the
publication date (news reports past events) unless the clause is in the future
tense; "last Saturday" is strictly before; "next Saturday" strictly after.  A
bare weekday falling just after the publication date (setting
``bare_weekday_late_days`` of data/dates_rules.toml: the day after) is that
day, whatever the tense: page dates are often a day behind the text.  A
simple present in a clause of time ("until after Obama leaves office on Jan.
20") is a coming event.  A yearless date followed by "(of) last year" takes
that year; "September 16-19" is a range of days.  "Today" inside a name
("USA Today") or meaning nowadays ("Even today, the journey is not
complete") is no day.
Without a publication date, relative expressions are kept with
``resolved=False`` and value None, or only their absolute part in ISO 8601
truncated form ("--01-10" for "January 10", "--09" for "September").
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..analysis_version import default_date_order  # noqa: F401 - re-exported: its home moved
from ..data import load_toml
from ..model import TimeExpr

__all__ = ["default_date_order", "extract_times", "parse_published", "time_span", "year_counts_noun"]

_Date = dt.date


# ------------------------------------------------------------------ rules


@dataclass(frozen=True)
class _Rule:
    name: str
    kind: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class _Rules:
    words: dict[str, Any]
    settings: dict[str, Any]
    rules: tuple[_Rule, ...]


def _alternation(words: list[str], *, case_sensitive_titles: bool = False) -> str:
    # Longest first so that "september" wins over "sep".
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    if case_sensitive_titles:
        # Month and weekday names are capitalised in English; the lowercase
        # words ("may", "march", "sun") are too often something else.
        alts = "|".join(re.escape(w[:1].upper() + w[1:]) for w in ordered)
        alts += "|" + "|".join(re.escape(w.upper()) for w in ordered if len(w) > 3)
        return f"(?-i:{alts})"
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


def _number_slot(words: dict[str, Any]) -> str:
    """A spelled number: a compound ("twenty-two", "thirty five") before the
    single words, so that a hyphenated count is read whole."""
    compounds = words["number_compounds"]
    tens, units = _alternation(compounds["tens"]), _alternation(compounds["units"])
    return rf"(?:{tens}(?:\s*-\s*|\s+){units}(?![\w-])|{_alternation(list(words['numbers']))})"


def _relative_year_slot(words: dict[str, Any]) -> str:
    """ "(of) last year" after a yearless date: the group ``yearmod``."""
    return rf"(?:,?\s+(?:of\s+)?(?P<yearmod>{_alternation(list(words['year_offsets']))})\s+year\b)"


@cache
def _rules() -> _Rules:
    raw = load_toml("dates_rules.toml")
    words = raw["words"]
    slots = {
        "month": _alternation(list(words["months"]), case_sensitive_titles=True),
        "rel_year": _relative_year_slot(words),
        "weekday_full": _alternation([w for w in words["weekdays"] if len(w) > 4], case_sensitive_titles=True),
        "number": _number_slot(words),
        "named_day_noun": _alternation(words["named_day_nouns"]["list"]),
        "unit": _alternation(list(words["units"])),
        "month_part": _alternation(list(words["month_parts"])),
        "year_part": _alternation(list(words["year_parts"])),
        "season": _alternation(list(words["seasons"])),
        # "Killed In Fall" (a headline) is no season: lowercase unless a year follows
        "season_lower": "(?-i:" + "|".join(sorted(words["seasons"], key=len, reverse=True)) + ")",
        "day_part": _alternation(words["day_parts"]["list"]),
        "relative_day": _alternation(list(words["relative_days"])),
    }
    rules = []
    for spec in raw["rules"]:
        pattern = re.sub(r"\{([a-z_]+)\}", lambda m: slots[m.group(1)], spec["pattern"])
        rules.append(_Rule(spec["name"], spec["kind"], re.compile(r"(?<![\w])" + pattern, re.IGNORECASE)))
    return _Rules(words=words, settings=raw["settings"], rules=tuple(rules))


# ------------------------------------------------------------ publication


def parse_published(published: str | None) -> _Date | None:
    """The publication day of an ``Article.published`` string (ISO date or
    datetime), or None when absent or unreadable."""
    if not published:
        return None
    s = published.strip()
    try:
        return dt.datetime.fromisoformat(s).date()
    except ValueError:
        pass
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        try:
            return _Date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return None


# ---------------------------------------------------------- date helpers


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _add_months(d: _Date, n: int) -> _Date:
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return _Date(y, m, min(d.day, _month_end(y, m)))


def _add_years(d: _Date, n: int) -> _Date:
    y = d.year + n
    return _Date(y, d.month, min(d.day, _month_end(y, d.month)))


def _shift(d: _Date, unit: str, n: int) -> _Date:
    if unit == "day":
        return d + dt.timedelta(days=n)
    if unit == "week":
        return d + dt.timedelta(weeks=n)
    if unit == "month":
        return _add_months(d, n)
    if unit == "year":
        return _add_years(d, n)
    return _add_years(d, 10 * n)  # decade


def time_span(t: TimeExpr) -> tuple[_Date, _Date] | None:
    """The closed interval of days a resolved expression means, or None."""
    if not t.value or t.value.startswith("--"):
        return None
    v = t.value
    try:
        if t.end_value:
            return _Date.fromisoformat(v), _Date.fromisoformat(t.end_value)
        if t.precision == "day":
            d = _Date.fromisoformat(v)
            return d, d
        if t.precision == "month":
            y, m = int(v[:4]), int(v[5:7])
            return _Date(y, m, 1), _Date(y, m, _month_end(y, m))
        if t.precision == "year":
            y = int(v)
            return _Date(y, 1, 1), _Date(y, 12, 31)
        if t.precision == "decade":
            y = int(v) * 10
            return _Date(y, 1, 1), _Date(y + 9, 12, 31)
    except ValueError:
        return None
    return None


# -------------------------------------------------------------- resolving


@dataclass
class _Resolved:
    value: str | None
    precision: str | None
    resolved: bool
    end_value: str | None = None


def _number(word: str | None, words: dict[str, Any]) -> int | None:
    if word is None:
        return None
    w = re.sub(r"\s+", " ", word.lower())
    if w.isdigit():
        return int(w)
    if w in words["numbers"]:
        return words["numbers"][w]
    parts = re.split(r"\s*-\s*|\s+", w)
    compounds = words["number_compounds"]
    if len(parts) == 2 and parts[0] in compounds["tens"] and parts[1] in compounds["units"]:
        return words["numbers"][parts[0]] + words["numbers"][parts[1]]
    return None


def _year_given(g: dict[str, str | None], pub: _Date | None, words: dict[str, Any]) -> int | None:
    """The year an expression states: a number ("2016") or one counted from
    publication ("June 16th of last year"); None when it states none, or
    counts one from a publication date that is missing."""
    if g.get("year"):
        return int(g["year"] or 0)
    if g.get("yearmod") and pub is not None:
        return pub.year + int(words["year_offsets"][(g["yearmod"] or "").lower()])
    return None


def _month_of(word: str, words: dict[str, Any]) -> int:
    return words["months"][word.lower().rstrip(".")]


def _day(d: _Date) -> _Resolved:
    return _Resolved(d.isoformat(), "day", True)


def _interval(a: _Date, b: _Date, precision: str) -> _Resolved:
    return _Resolved(a.isoformat(), precision, True, b.isoformat())


def _soon(month: int, pub: _Date, tense: str, settings: dict[str, Any]) -> bool:
    return tense == "present" and 0 < (month - pub.month) % 12 <= settings["present_lookahead_months"]


def _soon_day(month: int, day: int, pub: _Date, tense: str, settings: dict[str, Any]) -> bool:
    """:func:`_soon` for a day of a month, which also counts a later day of
    the publication month ("the order goes into effect Aug. 16" in an
    August 3 paper is the coming one, not last year's)."""
    return _soon(month, pub, tense, settings) or (tense == "present" and month == pub.month and day > pub.day)


def _recent_month(month: int, pub: _Date, future: bool) -> int:
    """Year of the most recent ``month`` not after the publication month (or
    the next one not before it, for the future tense)."""
    if future:
        return pub.year if month >= pub.month else pub.year + 1
    return pub.year if month <= pub.month else pub.year - 1


def _recent_day(month: int, day: int, pub: _Date, future: bool) -> _Date | None:
    for year in (pub.year, pub.year - 1, pub.year + 1):
        try:
            cand = _Date(year, month, day)
        except ValueError:
            continue
        if (not future and cand <= pub and (pub - cand).days < 366) or (
            future and cand >= pub and (cand - pub).days < 366
        ):
            return cand
    return None


def _weekday_date(weekday: int, pub: _Date, mod: str | None, future: bool, late_days: int = 0) -> _Date:
    back = (pub.weekday() - weekday) % 7  # days since the last such day, 0 = today
    ahead = (weekday - pub.weekday()) % 7
    if mod == "next":
        return pub + dt.timedelta(days=ahead or 7)
    if mod in ("last", "past"):
        return pub - dt.timedelta(days=back or 7)
    if future:
        return pub + dt.timedelta(days=ahead)
    if 0 < ahead <= late_days:
        # The day after the page's date: a page dated Monday and written (or
        # updated) after midnight says "12:30 a.m. Tuesday" of the next day,
        # not of six days before; news names a week-old day "last Tuesday".
        return pub + dt.timedelta(days=ahead)
    return pub - dt.timedelta(days=back)


def _valid_year(year: int, settings: dict[str, Any]) -> bool:
    return settings["min_year"] <= year <= settings["max_year"]


def _resolve(kind: str, g: dict[str, str | None], pub: _Date | None, tense: str, rs: _Rules) -> _Resolved | None:
    """Value of one match.  ``tense`` ("past", "present", "future") is the
    tense of the clause: a month (or day of a month) without a year, a few
    months ahead of publication, in a clause not in the past, is the coming
    one ("to win in November" in a September article)."""
    words, settings = rs.words, rs.settings
    future = tense == "future"
    unresolved = _Resolved(None, None, False)

    if kind in ("ymd", "numeric", "mdy"):
        year = _year_given(g, pub, words)
        if kind == "ymd":
            month, day = int(g["month"] or 0), int(g["day"] or 0)
        elif kind == "numeric":
            a, b = int(g["a"] or 0), int(g["b"] or 0)
            if a > 12 >= b:
                day, month = a, b
            elif b > 12 >= a:
                month, day = a, b
            elif settings["date_order"].upper().startswith("M"):
                month, day = a, b
            else:
                day, month = a, b
        else:
            month, day = _month_of(g["month"] or "", words), int(g["day"] or 0)
        if year is not None:
            if not _valid_year(year, settings):
                return None
            try:
                return _day(_Date(year, month, day))
            except ValueError:
                return None
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        if g.get("bound") and f"{month:02d}-{day:02d}" in words["named_days"]:
            # "before Sept. 11": the attacks or this year's day, the text does
            # not say; no value, not even a yearless one the story would date
            return unresolved
        if pub is None:
            return _Resolved(f"--{month:02d}-{day:02d}", "day", False)
        d = _recent_day(month, day, pub, future or _soon_day(month, day, pub, tense, settings))
        return _day(d) if d else None

    if kind == "part-of-month":
        first, last = words["month_parts"][re.sub(r"\s+", " ", (g["part"] or "").lower())]
        month = _month_of(g["month"] or "", words)
        given = _year_given(g, pub, words)
        if given is not None:
            year = given
        elif pub is not None:
            year = _recent_month(month, pub, future or _soon(month, pub, tense, settings))
        else:
            return _Resolved(f"--{month:02d}-{first:02d}", "part-of-month", False, f"--{month:02d}-{min(last, 28 if month == 2 else last):02d}")
        last = min(last, _month_end(year, month))
        return _interval(_Date(year, month, first), _Date(year, month, last), "part-of-month")

    if kind == "part-of-year":
        year = int(g["year"] or 0)
        if not _valid_year(year, settings):
            return None
        first, last = words["year_parts"][re.sub(r"\s+", " ", (g["part"] or "").lower())]
        return _interval(_Date(year, first, 1), _Date(year, last, _month_end(year, last)), "range")

    if kind == "month-year":
        month = _month_of(g["month"] or "", words)
        given = _year_given(g, pub, words)
        if given is None:
            # "June of last year" without a publication date: the month alone
            return _Resolved(f"--{month:02d}", "month", False) if g.get("yearmod") else None
        if not _valid_year(given, settings):
            return None
        return _Resolved(f"{given:04d}-{month:02d}", "month", True)

    if kind == "day-range":
        return _day_range(g, pub, tense, rs)

    if kind == "since-day":
        # the day as "mdy" reads it, then on to publication
        first = _resolve("mdy", g, pub, "past", rs)
        if first is None or pub is None or not first.resolved or first.value is None or first.value > pub.isoformat():
            return first
        return _interval(_Date.fromisoformat(first.value), pub, "range")

    if kind == "named-day":
        # "the Sept. 11 attacks": the year of the event the day names
        month, day = _month_of(g["month"] or "", words), int(g["day"] or 0)
        year = words["named_days"].get(f"{month:02d}-{day:02d}")
        return _day(_Date(int(year), month, day)) if year is not None else None

    if kind == "month":
        month = _month_of(g["month"] or "", words)
        mod = (g.get("mod") or "").lower()
        if pub is None:
            return _Resolved(f"--{month:02d}", "month", False)
        if mod == "last":
            year = pub.year if month < pub.month else pub.year - 1
        elif mod == "next":
            year = pub.year if month > pub.month else pub.year + 1
        elif mod == "this":
            year = pub.year
        elif mod not in ("since", "from", "after") and _soon(month, pub, tense, settings):
            year = _recent_month(month, pub, True)
        else:
            year = _recent_month(month, pub, future or mod in ("until", "till", "by"))
        if mod == "since":
            return _interval(_Date(year, month, 1), pub, "range")
        return _Resolved(f"{year:04d}-{month:02d}", "month", True)

    if kind == "decade":
        if g.get("short"):
            # "the '90s": the most recent such decade begun by the
            # publication; without one, the 20th century is only a guess.
            tens = int(g["short"])
            century = 20 if pub is not None and 2000 + tens * 10 <= pub.year else 19
            return _Resolved(f"{century}{tens}", "decade", pub is not None)
        return _Resolved(f"{g['century']}{g['tens']}", "decade", True)

    if kind == "since-year":
        year = int(g["year"] or 0)
        if not _valid_year(year, settings):
            return None
        if pub is None:
            # "the first deaths since 1991": a span up to a day not known,
            # not an event of that year
            return unresolved
        return _interval(_Date(year, 1, 1), pub, "range")

    if kind == "year-range":
        first = int(g["year"] or 0)
        if g.get("short2"):
            # "1954-73": the second year in the first one's century, or the
            # next one's when it would come before it ("1998-01")
            last = first // 100 * 100 + int(g["short2"])
            last += 100 if last < first else 0
        else:
            last = int(g["year2"] or 0)
        if not (_valid_year(first, settings) and _valid_year(last, settings)) or last < first:
            return None
        return _interval(_Date(first, 1, 1), _Date(last, 12, 31), "range")

    if kind == "year":
        year = int(g["year"] or 0)
        if not _valid_year(year, settings):
            return None
        return _Resolved(f"{year:04d}", "year", True)

    if kind == "ago":
        n = _number(g.get("n"), words)
        unit = words["units"][(g["unit"] or "").lower()]
        if n is None:
            return None
        if pub is None:
            return unresolved
        d = _shift(pub, unit, -n)
        bound = words["ago_bounds"].get(re.sub(r"\s+", " ", (g.get("hedge") or "").lower()))
        if bound == "before":
            return unresolved  # "more than 20 years ago": no year to give
        if bound == "after":
            return _interval(d, pub, "range")  # "less than a year ago"
        if unit == "day":
            return _day(d)
        if unit == "week":
            monday = d - dt.timedelta(days=d.weekday())
            return _interval(monday, monday + dt.timedelta(days=6), "range")
        if unit == "month":
            return _Resolved(f"{d.year:04d}-{d.month:02d}", "month", True)
        if unit == "year":
            return _Resolved(f"{d.year:04d}", "year", True)
        return _Resolved(f"{d.year // 10:03d}", "decade", True)

    if kind == "last-n":
        n = _number(g.get("n"), words)
        if n is None:
            return None
        unit = words["units"][(g["unit"] or "").lower()]
        if pub is None:
            return unresolved
        direction = (g.get("dir") or g.get("n") or "").lower()
        if direction in ("coming", "next"):
            return _interval(pub, _shift(pub, unit, n), "range")
        return _interval(_shift(pub, unit, -n), pub, "range")

    if kind == "weekend":
        if pub is None:
            return unresolved
        mod = re.sub(r"\s+", " ", (g.get("mod") or "").lower())
        saturday = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)  # on or before pub
        if mod == "next" or (future and mod != "last"):
            saturday = pub + dt.timedelta(days=(5 - pub.weekday()) % 7 or 7)
        elif mod == "last" and pub.weekday() >= 5:
            saturday -= dt.timedelta(days=7)
        return _interval(saturday, saturday + dt.timedelta(days=1), "range")

    if kind == "relative-day":
        offset = words["relative_days"][re.sub(r"\s+", " ", (g["word"] or "").lower())]
        if pub is None:
            return unresolved
        return _day(pub + dt.timedelta(days=offset))

    if kind == "weekday":
        weekday = words["weekdays"][(g["weekday"] or "").lower()]
        if pub is None:
            return unresolved
        mod = (g.get("mod") or "").lower() or None
        if mod in (None, "on") and g.get("unsure") and (weekday - pub.weekday()) % 7 > settings["bare_weekday_late_days"]:
            # "the candidates meet Monday": this week's or last week's, the
            # simple present does not tell
            return unresolved
        return _day(_weekday_date(weekday, pub, mod, future, settings["bare_weekday_late_days"]))

    if kind == "season":
        first, last = words["seasons"][(g["season"] or "").lower()]
        mod = (g.get("mod") or "").lower()
        if g.get("year"):
            year = int(g["year"])
            if not _valid_year(year, settings):
                return None
            start_year = year - 1 if first > last else year
        elif pub is None:
            return unresolved
        else:
            # The season's start year of the latest such season begun on or
            # before publication.
            start_year = pub.year if (first, 1) <= (pub.month, pub.day) else pub.year - 1
            if mod == "this":
                # "this fall", whatever the tense ("voters this fall are
                # expected to ..." in September): the one under way, else
                # the nearer of the last and the next
                start_year = min((start_year, start_year + 1),
                                 key=lambda y: _season_distance(first, last, y, pub))
            elif mod == "last" and _season_contains(first, last, start_year, pub):
                start_year -= 1
            elif mod == "next" or (future and mod not in ("last", "since")):
                start_year += 1
        end_year = start_year + 1 if first > last else start_year
        return _interval(_Date(start_year, first, 1), _Date(end_year, last, _month_end(end_year, last)), "season")

    if kind == "this-unit":
        if pub is None:
            return unresolved
        mod, unit = (g["mod"] or "").lower(), (g["unit"] or "").lower()
        if mod == "past":
            return _interval(_shift(pub, unit, -1), pub, "range")
        n = {"last": -1, "this": 0, "next": 1}[mod]
        if unit == "week":
            monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=n)
            return _interval(monday, monday + dt.timedelta(days=6), "range")
        d = _shift(pub, unit, n)
        if unit == "month":
            return _Resolved(f"{d.year:04d}-{d.month:02d}", "month", True)
        return _Resolved(f"{d.year:04d}", "year", True)

    return None


def _day_range(g: dict[str, str | None], pub: _Date | None, tense: str, rs: _Rules) -> _Resolved | None:
    """A span of days ("September 16-19", "Sept. 30-Oct. 2"): the first day
    is placed as a lone day would be (:func:`_resolve`, kind "mdy"), the last
    follows it.  None when the last day does not come after the first
    ("March 3-2" is a score) or the span is longer than two months."""
    words, settings = rs.words, rs.settings
    month, day, day2 = _month_of(g["month"] or "", words), int(g["day"] or 0), int(g["day2"] or 0)
    month2 = _month_of(g["month2"], words) if g.get("month2") else month
    if not (1 <= day <= 31 and 1 <= day2 <= 31):
        return None
    year = _year_given(g, pub, words)
    if year is not None:
        if not _valid_year(year, settings) or month2 < month:
            return None  # "Dec. 30-Jan. 2, 2017": which year the number names is unclear
        try:
            start: _Date | None = _Date(year, month, day)
        except ValueError:
            return None
    elif pub is None:
        if (month2, day2) <= (month, day):
            return None
        return _Resolved(f"--{month:02d}-{day:02d}", "range", False, f"--{month2:02d}-{day2:02d}")
    else:
        start = _recent_day(month, day, pub, tense == "future" or _soon_day(month, day, pub, tense, settings))
    if start is None:
        return None
    try:
        end = _Date(start.year + (1 if month2 < month else 0), month2, day2)
    except ValueError:
        return None
    if not 0 < (end - start).days <= settings["max_day_range_days"]:
        return None
    return _interval(start, end, "range")


def _season_distance(first: int, last: int, start_year: int, d: _Date) -> int:
    """Days from ``d`` to the season begun in ``start_year`` (0 inside it)."""
    end_year = start_year + 1 if first > last else start_year
    begin, end = _Date(start_year, first, 1), _Date(end_year, last, _month_end(end_year, last))
    return max((begin - d).days, (d - end).days, 0)


def _season_contains(first: int, last: int, start_year: int, d: _Date) -> bool:
    end_year = start_year + 1 if first > last else start_year
    return _Date(start_year, first, 1) <= d <= _Date(end_year, last, _month_end(end_year, last))


# ------------------------------------------------------------- dateparser


def _dateparser_absolute(text: str, rs: _Rules) -> _Resolved | None:
    """dateparser on an expression the rules did not cover, kept only when
    it is absolute: parsed against two far-apart anchors, the answer (to its
    own precision) must not move.  Relative readings are dropped, so
    dateparser never resolves anything against today."""
    if not re.search(r"\d{4}", text):
        return None  # without a year dateparser would guess one
    results = []
    for base in ("1950-06-15", "2080-03-07"):
        data = _date_parser(base, rs.settings["date_order"]).get_date_data(text)
        if data.date_obj is None:
            return None
        results.append(_format_period(data.date_obj.date(), data.period))
    if results[0] != results[1] or results[0] is None:
        return None
    value, precision = results[0]
    year = int(value[:4])
    if not _valid_year(year, rs.settings):
        return None
    return _Resolved(value, precision, True)


@cache
def _date_parser(base: str, order: str) -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": dt.datetime.fromisoformat(base), "PREFER_DATES_FROM": "past", "DATE_ORDER": order},
    )


def _format_period(d: _Date, period: str | None) -> tuple[str, str] | None:
    if period == "day":
        return d.isoformat(), "day"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}", "month"
    if period == "year":
        return f"{d.year:04d}", "year"
    return None


# ------------------------------------------------------------------ tense


def _governing_verb(doc: Any, start: int, end: int) -> Any:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    for _ in range(6):  # climb to the governing verb
        # by index: spaCy builds a new Token on every ``.head``, so ``is`` never holds at the root
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            break
        token = token.head
    return token


def _indefinite_weekday(doc: Any, start: int, end: int, rs: _Rules) -> bool:
    """A weekday after an indefinite word that is its own ("on a Friday
    afternoon", "every Sunday"), not that of a noun the weekday qualifies
    ("at a Tuesday news conference" is one Tuesday's)."""
    words = rs.words["weekday_indefinite"]["list"]
    if not re.search(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")\s+$",
                     doc.text[max(0, start - 12):start], re.IGNORECASE):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return True
    last = span[-1]
    return not (last.head.i > last.i and last.head.pos_ in ("NOUN", "PROPN"))


def _is_past(doc: Any, start: int, end: int) -> bool:
    """Whether the clause of the expression is in a past tense ("began",
    "was held", "had been unfolding")."""
    token = _governing_verb(doc, start, end)
    if token is None:
        return False
    if token.tag_ in ("VBD", "VBN"):
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in token.children)


def _is_future(doc: Any, start: int, end: int, rs: _Rules) -> bool:
    token = _governing_verb(doc, start, end)
    if token is None:
        return False
    future_aux = set(rs.words["future"]["aux"])
    future_cues = set(rs.words["future"]["cues"])
    for child in token.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in future_aux:
            return True
    # "is due on Friday", "is scheduled for March", "is set to vote on ..."
    if token.lemma_.lower() in future_cues or (token.dep_ == "xcomp" and token.head.lemma_.lower() in future_cues):
        return True
    if any(c.dep_ in ("acomp", "xcomp") and c.lemma_.lower() in future_cues for c in token.children):
        return True
    # "is to take over": a present "be" before a to-infinitive
    heads = set(rs.words["future"].get("to_infinitive_heads", []))
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in heads and token.head.tag_ in ("VBZ", "VBP") \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return True
    # "is going to <verb>": the verb hangs under "going"
    if token.head.lower_ == "going" and token.dep_ == "xcomp":
        return True
    if _present_in_clause_of_time(token, rs):
        return True
    # Headline infinitive: "Belmar to vote again on 17 November"
    return token.dep_ == "ROOT" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _simple_present(token: Any) -> bool:
    """Whether a governing verb is in the simple present ("leaves", "is
    owned", "are deployed"), not the progressive ("is voting") nor the
    perfect ("has voted")."""
    if token.tag_ in ("VBZ", "VBP"):
        return True
    if token.tag_ == "VB" and any(c.dep_ == "nsubj" for c in token.children) and not any(
            c.dep_ == "aux" for c in token.children):
        return True  # "when the Saints (11-5) open the playoffs": the tagger's base form
    return token.tag_ != "VBG" and any(
        c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in token.children
    ) and not any(c.dep_ == "aux" for c in token.children)


def _present_in_clause_of_time(token: Any, rs: _Rules) -> bool:
    """A simple present in a clause of time ("until after Obama leaves office
    on Jan. 20", "when he takes office"): a coming event."""
    marks = set(rs.words["future"]["temporal_marks"])
    if not _simple_present(token):
        return False
    if any(c.dep_ in ("mark", "advmod") and c.lower_ in marks for c in token.children):
        return True
    return token.dep_ in ("pcomp", "advcl") and token.head.lower_ in marks


# ------------------------------------------------------------------- main


class _Spans:
    """Non-overlapping character spans, kept sorted: an overlap test costs a
    binary search instead of a scan of every span taken, which made dates
    packed into one long text cost the square of their number (issue 13)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        # The span starting last before ``end`` is the only one that can reach
        # into [start, end): spans do not overlap, so their ends are sorted too.
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and self.ends[i] > start

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def extract_times(doc: Any, published: str | None, *, date_order: str | None = None) -> list[TimeExpr]:
    """Every temporal expression in a parsed spaCy ``doc``, resolved against
    ``published`` (``Article.published``: ISO date or datetime, or None).

    Sentence indices follow ``list(doc.sents)``; offsets are characters in
    ``doc.text``.  ``date_order`` ("DMY" or "MDY") is the setting
    ``ingest.date_order`` (analyze passes the resolved one; None means the
    setting's default): all-numeric dates are read as ingest reads them.
    Durations ("six months"), ages and recurring times ("daily") are not
    dates and are left out."""
    rs = _rules()
    rs = _Rules(rs.words, {**rs.settings, "date_order": date_order or default_date_order()}, rs.rules)
    pub = parse_published(published)
    text: str = doc.text

    # Every rule's matches; longest first, then rule order.
    found: list[tuple[int, int, int, _Rule, dict[str, str | None]]] = []
    for order, rule in enumerate(rs.rules):
        for m in rule.regex.finditer(text):
            found.append((m.start(), m.end(), order, rule, m.groupdict()))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    taken = _Spans()
    chosen = []
    for start, end, _order, rule, groups in found:
        if taken.overlaps(start, end):
            continue
        start, end = _trim(text, start, end, rs)
        if rule.kind in ("year", "since-year", "year-range") and year_counts_noun(doc, end):
            continue  # "in 2000 homes": a number, not a year
        if rule.kind == "relative-day" and _in_a_name(doc, start, end):
            continue  # "USA Today", "Russia Today"
        tense = "future" if _is_future(doc, start, end, rs) else "past" if _is_past(doc, start, end) else "present"
        if rule.kind in ("mdy", "since-day"):
            before = re.search(r"(\w+)[\s-]*$", text[max(0, start - 20):start])
            bound = before is not None and before.group(1).lower() in rs.words["named_day_bounds"]["list"]
            groups = {**groups, "bound": "1" if bound or rule.kind == "since-day" else None}
        if rule.kind == "weekday" and not groups.get("mod") and _indefinite_weekday(doc, start, end, rs):
            taken.add(start, end)  # "on a Friday afternoon": any Friday, no date
            continue
        if rule.kind == "weekday" and tense != "future" and _weekday_unsure(doc, start, end, tense, rs):
            groups = {**groups, "unsure": "1"}
        if rule.kind == "relative-day" and tense != "future" and _nowadays(doc, start, end, rs, past=tense == "past"):
            continue  # "Even today, the journey is not complete": no day
        res = _resolve(rule.kind, groups, pub, tense, rs)
        if res is None:
            if (groups.get("year") or "").isdigit() and not _valid_year(int(groups["year"] or 0), rs.settings):
                # "November 1774": a year outside the window is no date the
                # timeline shows, but its month is not this year's either: no
                # shorter rule may read "November" alone in the span.
                taken.add(start, end)
            continue
        taken.add(start, end)
        chosen.append((start, end, res, rule.name))

    # spaCy DATE entities the rules did not cover: absolute dates only.
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        if taken.overlaps(ent.start_char, ent.end_char):
            continue
        res = _bare_year(ent.text, rs) or _dateparser_absolute(ent.text, rs)
        if res is not None and res.precision == "year" and year_counts_noun(doc, ent.end_char):
            continue
        if res is None:
            continue
        taken.add(ent.start_char, ent.end_char)
        chosen.append((ent.start_char, ent.end_char, res, "spacy+dateparser" if res.precision != "year" else "spacy-year"))

    sent_starts = [s.start_char for s in doc.sents]
    out = []
    for start, end, res, name in sorted(chosen, key=lambda c: (c[0], c[1])):
        out.append(
            TimeExpr(
                text=text[start:end],
                sentence=_sentence_of(sent_starts, start),
                start=start,
                end=end,
                value=res.value,
                precision=res.precision,  # type: ignore[arg-type]
                resolved=res.resolved,
                rule=name,
                end_value=res.end_value,
            )
        )
    return out


def _weekday_unsure(doc: Any, start: int, end: int, tense: str, rs: _Rules) -> bool:
    """Whether the tense leaves a bare weekday's week open: governed by a
    verb in the simple present ("the candidates meet Monday"), or owning a
    noun that is not the subject of a past clause ("the moderator of Monday
    night's debate").  A headline or a photo caption tells the past in the
    present: not these."""
    if not rs.settings["bare_weekday_present_unresolved"] or not doc.has_annotation("DEP"):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    sent = span.sent
    if sent.start == 0 or re.search(rs.settings["caption_credit"], sent.text.strip(), re.IGNORECASE):
        return False
    root = span.root
    after = doc[span.end] if span.end < len(doc) else None
    verb = _governing_verb(doc, start, end)
    if root.dep_ == "poss" or (after is not None and after.tag_ == "POS"):
        # "praised Thursday's protests": past, read as before; "has praised the
        # host of Monday's forum": the perfect dates the praise, not the forum
        perfect = verb is not None and verb.tag_ == "VBN" and any(
            c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in verb.children)
        return tense != "past" or (perfect and root.head.dep_ not in ("nsubj", "nsubjpass"))
    return tense == "present" and verb is not None and _simple_present(verb) and verb.tag_ != "VBN"


def _in_a_name(doc: Any, start: int, end: int) -> bool:
    """Whether a relative day word written with a capital inside a sentence
    is part of a name ("a reporter for USA Today", "Russia Today"): at the
    head of a sentence or of a quote the capital says nothing."""
    if doc.text[start:end].islower():
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    first = span[0]
    if first.is_sent_start or first.i == 0:
        return False
    before = doc[first.i - 1]
    return not (before.is_space or (before.is_punct and before.text != ",") or "\n" in before.whitespace_)


def _nowadays(doc: Any, start: int, end: int, rs: _Rules, *, past: bool) -> bool:
    """Whether "today" in a clause not in the future means nowadays
    (``[words.nowadays]`` of data/dates_rules.toml): with a verb in the
    simple present ("Today, it is owned by a nonprofit"), or, unless the
    clause is ``past``, after "even" or "still" or after the noun it
    qualifies ("the threats today"; "his speech today drew" is a day)."""
    cues = rs.words["nowadays"]
    if " ".join(doc.text[start:end].lower().split()) not in cues["words"]:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    word = span.root
    if not past and word.i > 0 and doc[word.i - 1].lower_ in cues["before"]:
        return True
    if not past and word.head.pos_ in ("NOUN", "PROPN") and word.head.i < word.i:
        return True
    verb = _governing_verb(doc, start, end)
    for _ in range(4):
        # a verb without tense ("the failure to weigh the risks today is"):
        # the tense is that of the finite verb above it
        if verb is None or verb.tag_ not in ("VB", "VBG") or any(c.dep_ in ("aux", "auxpass") and c.lower_ != "to"
                                                                  for c in verb.children):
            break
        verb = next((a for a in verb.ancestors if a.pos_ in ("VERB", "AUX")), None)
    return verb is not None and _simple_present(verb)


def _trim(text: str, start: int, end: int, rs: _Rules) -> tuple[int, int]:
    """Drop a leading preposition the pattern needed as context ("in
    September" -> "September") except where it changes the meaning ("since")."""
    span = text[start:end]
    if span.endswith(".") and re.search(r"[A-Za-z]{5}\.$", span):
        # a sentence full stop after a full month name, not an abbreviation
        end -= 1
        span = span[:-1]
    first = span.split(None, 1)
    if len(first) == 2 and first[0].lower() in rs.words["trim"]["leading"]:
        rest = first[1]
        # "over the weekend": keep "the weekend"
        return end - len(rest), end
    return start, end


def year_counts_noun(doc: Any, end: int) -> bool:
    """Whether the year-like number ending at character ``end`` counts the
    plural noun after it ("in 2000 homes") rather than dating it ("the 2014
    elections", "its 2019 budget")."""
    span = doc.char_span(end - 1, end, alignment_mode="expand")
    if span is None or span.end >= len(doc):
        return False
    number = doc[span.end - 1]
    if number.i > 0 and (doc[number.i - 1].pos_ == "DET" or doc[number.i - 1].tag_ == "PRP$"):
        return False
    return doc[span.end].tag_ == "NNS"  # not NNPS: "the 2014 Oscars"


def _bare_year(text: str, rs: _Rules) -> _Resolved | None:
    m = re.fullmatch(r"(?:the\s+year\s+)?(\d{4})", text.strip(), re.IGNORECASE)
    if m and _valid_year(int(m.group(1)), rs.settings):
        return _Resolved(m.group(1), "year", True)
    return None


def _sentence_of(starts: list[int], offset: int) -> int:
    import bisect

    return max(0, bisect.bisect_right(starts, offset) - 1)
