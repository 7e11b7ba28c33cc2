"""Ages written in reports of different dates: each true as of its own date.

"Orozco, 27," in a report of June 2005 and "Orozco, 29," in one of March
2007 give one man's age two birthdays apart, not two ages in dispute.  Two
ages of one person fit their reports' publication dates when the later
report's age is the earlier's plus the birthdays that can fall between the
two dates: the full years between them, or one more when the later date is
not an anniversary of the earlier.  Reports of one day leave no room for a
birthday ("60" and "61" the same day still disagree); a report with no
publication date leaves the two apart ("reports with no date" are compared
as before).  The switch is ``[named_age] aged_between_reports`` in
data/verdicts_quantities.toml.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from .claims import load_data

__all__ = ["ages_fit_dates"]


@cache
def _enabled() -> bool:
    return bool(load_data("verdicts_quantities").get("named_age", {}).get("aged_between_reports", False))


def _day(published: str) -> dt.date | None:
    """The publication day, when the date gives one (not a year alone)."""
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def ages_fit_dates(age_a: float, published_a: str, age_b: float, published_b: str) -> bool:
    """Whether one person's two different ages, each given in a report of
    the publication date beside it, are both true as of their dates."""
    if not _enabled() or age_a == age_b:
        return False
    day_a, day_b = _day(published_a or ""), _day(published_b or "")
    if day_a is None or day_b is None:
        return False
    if day_a > day_b:
        (age_a, day_a), (age_b, day_b) = (age_b, day_b), (age_a, day_a)
    full = day_b.year - day_a.year - ((day_b.month, day_b.day) < (day_a.month, day_a.day))
    rise = age_b - age_a
    anniversary = (day_b.month, day_b.day) == (day_a.month, day_a.day)
    return rise == full or (rise == full + 1 and not anniversary)
