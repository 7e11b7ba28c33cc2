"""Partial dates: the arithmetic every stage that compares or draws dates needs.

News gives dates to some precision: a day ("2019-01-10"), a month
("2018-09"), part of a month ("mid-September"), a season, a year, a decade,
a range ("2019-01-01".."2019-01-10"), or no year at all ("--09" for
"September", "--01-10" for "10 January").  Here such a value becomes the
closed range of days it can mean, as ISO strings (:func:`date_range`), and
two ranges are compared (:func:`ranges_compatible`) without pretending to
more precision than the text gave.  A yearless value keeps its truncated
form ("--09-01".."--09-30") and is compared on month and day only.

Conflicts, alignment, the timeline, the brief and the SVG charts all read
dates through this one module, so that "September" means the same days
everywhere.

Data: the days of "early"/"mid"/"late" and the months of seasons come from
``data/claims_events.toml`` (``part_of_month``, ``seasons``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from .data import load_toml

__all__ = [
    "publication_day",
    "date_range",
    "is_yearless",
    "yearless_agrees",
    "date_span",
    "place_yearless",
    "place_yearless_forward",
    "range_days",
    "ranges_compatible",
    "story_reference",
    "story_window",
    "with_year",
]

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-([A-Za-z]+))?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_SEASON = re.compile(r"^(\d{4})-([A-Za-z]+)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})X?$")
_CENTURY = re.compile(r"^(\d{2})(?:XX)?$")


def is_yearless(value: str) -> bool:
    """True for a value written without its year ("--09", "--01-10")."""
    return value.startswith("--")


def yearless_agrees(x: str, y: str) -> bool:
    """Whether two ISO date keys, one or both without a year, can name the same
    month or day: the month and day agree, years ignored ("--09" and
    "2018-09-12"; "--01-10" and "2019-01-10")."""
    mx, my = x[-5:] if len(x) >= 5 else x[-2:], y[-5:] if len(y) >= 5 else y[-2:]
    tail = x.lstrip("-") if is_yearless(x) else y.lstrip("-")
    other = y if is_yearless(x) else x
    return other[5:].startswith(tail) or (mx == my and len(mx) == 5)


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _span(value: str, precision: str | None, text: str) -> tuple[Any, Any] | None:
    """(first, last) :class:`datetime.date` of a dated value, or None."""
    data = load_toml("claims_events")
    try:
        if m := _DAY.match(value):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            first, last = 1, _month_end(y, mo)
            if precision == "part-of-month" or m[3]:
                words = set(re.findall(r"[a-z]+", ((m[3] or "") + " " + text).lower()))
                for spec in data.get("part_of_month", {}).values():
                    if words & set(spec.get("words", [])):
                        first, last = spec["days"][0], min(spec["days"][1], last)
                        break
            return dt.date(y, mo, first), dt.date(y, mo, last)
        if m := _WEEK.match(value):
            d = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return d, d + dt.timedelta(days=6)
        if m := _QUARTER.match(value):
            y, q = int(m[1]), int(m[2])
            return dt.date(y, 3 * q - 2, 1), dt.date(y, 3 * q, _month_end(y, 3 * q))
        if (m := _SEASON.match(value)) and m[2] in data.get("seasons", {}):
            y = int(m[1])
            a, b = data["seasons"][m[2]]
            end_year = y + 1 if b < a else y
            return dt.date(y, a, 1), dt.date(end_year, b, _month_end(end_year, b))
        if m := _YEAR.match(value):
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
        if m := _DECADE.match(value):
            y = int(m[1]) * 10
            return dt.date(max(y, 1), 1, 1), dt.date(y + 9, 12, 31)
        if m := _CENTURY.match(value):
            y = int(m[1]) * 100
            return dt.date(max(y, 1), 1, 1), dt.date(y + 99, 12, 31)
    except ValueError:
        return None
    return None


def date_range(value: str | None, precision: str | None = None, *, end_value: str | None = None,
               text: str = "") -> tuple[str, str] | None:
    """First and last day (ISO) a date value can mean, to its precision:
    "2018-09" -> 2018-09-01..2018-09-30, narrowed to the 11th..20th for
    "mid-September"; an ``end_value`` (ranges, parts of months, seasons)
    extends it.  A value without a year ("--09", "--01-10") gives a range
    in the same truncated form; None for values that cannot be placed."""
    if not value:
        return None
    value = value.strip()
    if value.startswith("--"):
        head = _yearless(value, precision, text)
        if head and end_value and end_value.strip().startswith("--"):
            tail = _yearless(end_value.strip(), precision, text)
            if tail and tail[1] >= head[0]:
                head = (head[0], tail[1])
        return head
    span = _span(value, precision, text)
    if span is None:
        return None
    if end_value and not end_value.startswith("--"):
        tail = _span(end_value.strip(), precision, text)
        if tail is not None and tail[1] >= span[0]:
            span = (span[0], tail[1])
    return span[0].isoformat(), span[1].isoformat()


def _yearless(value: str, precision: str | None, text: str) -> tuple[str, str] | None:
    """Range of a date whose year is unknown ("--09", "--01-10"), in the same
    truncated form: ("--09-01", "--09-30").  February gets 29 days."""
    span = _span("2000-" + value[2:], precision, text)  # a leap year
    if span is None:
        return None
    return "--" + span[0].isoformat()[5:], "--" + span[1].isoformat()[5:]


def _month_days(r: Sequence[str]) -> list[tuple[str, str]] | None:
    """A range as (MM-DD, MM-DD) pieces within one year; None for a dated
    range of a year or more (it holds every month and day)."""
    if r[0].startswith("--"):
        lo, hi = r[0][2:], r[1][2:]
    else:
        if r[0][:4] != r[1][:4] and r[0][5:] <= r[1][5:]:
            return None  # a year or more
        lo, hi = r[0][5:], r[1][5:]
    return [(lo, hi)] if lo <= hi else [(lo, "12-31"), ("01-01", hi)]


def ranges_compatible(a: Sequence[str] | None, b: Sequence[str] | None) -> bool:
    """Whether two date ranges from :func:`date_range` can mean the same day.
    A range without a year is compared on month and day only; a dated range
    of a year or more is compatible with any yearless one."""
    if not a or not b:
        return True
    yearless = a[0].startswith("--") or b[0].startswith("--")
    if not yearless:
        return a[0] <= b[1] and b[0] <= a[1]
    ma, mb = _month_days(a), _month_days(b)
    if ma is None or mb is None:
        return True
    return any(x[0] <= y[1] and y[0] <= x[1] for x in ma for y in mb)


def range_days(r: Sequence[str]) -> float:
    """Width of a range in days (0 for one day); yearless ranges are placed in
    a leap year; a huge width when the range cannot be read."""
    def parse(s: str) -> dt.date:
        return dt.date.fromisoformat("2000-" + s[2:] if s.startswith("--") else s)

    try:
        width = (parse(r[1]) - parse(r[0])).days
    except (ValueError, IndexError):
        return 1e9
    return float(width if width >= 0 else width + 366)  # "--12-20".."--01-05" wraps


_ISO = re.compile(r"^(\d{3,4})(?:-(\d{2}))?(?:-(\d{2}))?")


def date_span(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day an ISO value to some precision covers, as dates.

    "2019-02-09" is one day, "2019-02" a month, "2019" a year, "201" the
    decade 2010-2019; "A/B" a range; a timestamp gives its day.  None when
    the value is not a placeable date (a yearless "--09" cannot be drawn)."""
    if not value:
        return None
    value = value.strip()
    if "/" in value:
        a, _, b = value.partition("/")
        sa, sb = date_span(a), date_span(b)
        if sa and sb:
            return sa[0], sb[1]
        return sa or sb
    m = _ISO.match(value)
    if not m:
        return None
    year_s, month_s, day_s = m.groups()
    if len(year_s) == 3:
        head = year_s
    elif month_s is None:
        head = year_s
    elif day_s is None:
        head = f"{year_s}-{month_s}"
    else:
        head = f"{year_s}-{month_s}-{day_s}"
    return _span(head, None, "")


def publication_day(value: str | None) -> dt.date | None:
    """The day of a publication timestamp ("2024-03-18T09:00:00Z" ->
    2024-03-18), or None when it has no valid ISO day: the one reading of
    an article's date for grouping, provenance and the timeline."""
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


_day = publication_day


def story_reference(published: Sequence[str | None], max_span_days: int) -> dt.date | None:
    """The day a yearless date of an undated article is read against: the
    latest publication date of the story, when they all fall within
    ``max_span_days`` (else the year is left open)."""
    days = sorted(d for d in (_day(p) for p in published) if d)
    if not days:
        return None
    return days[-1] if (days[-1] - days[0]).days <= max_span_days else None


def story_window(published: Sequence[str | None], max_span_days: int) -> tuple[dt.date, dt.date] | None:
    """The first and the latest publication day of a story, when they fall
    within ``max_span_days`` of each other (else None): the days an undated
    article of the story is read as written on."""
    days = sorted(d for d in (_day(p) for p in published) if d)
    if not days or (days[-1] - days[0]).days > max_span_days:
        return None
    return days[0], days[-1]


def place_yearless_forward(rng: Sequence[str], reference: dt.date) -> tuple[str, str] | None:
    """A yearless range placed in the earliest year that puts its end on or
    after ``reference``: a deadline or what is to come ("is extending the
    pause through Jan. 31", "will vote on 4 November", "through January"
    written on 15 January) lies after the day it is written, or takes it in.
    None when it cannot be placed."""
    placed = place_yearless(rng, dt.date(reference.year, 12, 31))  # in the reference's year
    if placed is not None and placed[1] < reference.isoformat():
        placed = place_yearless(rng, dt.date(reference.year + 1, 12, 31))
    return placed


def place_yearless(rng: Sequence[str], reference: dt.date, *, after_days: int = 0) -> tuple[str, str] | None:
    """A yearless range ("--09-01", "--09-30") placed in the latest year that
    puts its start on or before ``reference`` (a report tells what has
    happened), or at most ``after_days`` after it; None when it cannot be."""
    def at(year: int) -> tuple[str, str] | None:
        out = []
        for part in rng:
            mo, d = int(part[2:4]), int(part[5:7])
            if mo == 2 and d == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
                d = 28
            out.append(dt.date(year, mo, d))
        return (out[0].isoformat(), out[1].isoformat()) if out[1] >= out[0] else None

    try:
        placed = at(reference.year)
        if placed and placed[0] > (reference + dt.timedelta(days=after_days)).isoformat():
            placed = at(reference.year - 1)
    except ValueError:
        return None
    return placed


def with_year(value: str, rng: Sequence[str] | None, own_published: str | None,
              story_ref: dt.date | None, *, forward: bool = False,
              story_first: dt.date | None = None) -> tuple[str, tuple[str, str] | None, dict[str, str]]:
    """A date value and its range with the year taken from the story when
    the text gave none: from the publication date of the article that
    writes it (``own_published``), else ``story_ref``.  Returns (value,
    range, where the year came from: {} when it was given or cannot be
    inferred).  The timeline and the conflicts both place years this way,
    so that a date reads the same in both.

    ``forward``: the date lies after the day it was written (a deadline, a
    clause in the future tense), so it takes the earliest year that puts it
    on or after that day.  An undated article is read as written some day
    between ``story_first`` and ``story_ref`` (the story's first and latest
    publication days): when two of those days give two years, the year is
    left open rather than guessed."""
    if not rng or not str(rng[0]).startswith("--"):
        return value, tuple(rng) if rng else None, {}
    own = _day(own_published)
    ref, source = (own, {"from": "article"}) if own else (story_ref, {"from": "story"})
    if forward:
        placed = place_yearless_forward(rng, ref) if ref else None
        if placed and not own and story_first and place_yearless_forward(rng, story_first) != placed:
            placed = None  # written before or after the date: its year is not known
    else:
        after = 0 if own else int(load_toml("reconcile_timeline.toml")["year_inference"].get("story_after_days", 0))
        placed = place_yearless(rng, ref, after_days=after) if ref else None
    if not placed:
        return value, tuple(rng), {}
    year = placed[0][:4]
    new_value = year + value[1:] if value.startswith("--") else value
    return new_value, placed, {**source, "published": ref.isoformat()}
