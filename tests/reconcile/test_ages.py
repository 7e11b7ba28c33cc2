"""Ages in reports of different dates (reconcile/ages.py): one person older
between two reports is no conflict; same-day or undated reports still are."""

import pytest

from newsprism.config import load_config
from newsprism.reconcile.ages import ages_fit_dates
from newsprism.reconcile.align import group_pairs, score_pairs
from newsprism.reconcile.claims import extract_claims
from newsprism.reconcile.verdicts import find_conflicts


def _ages(articles, word="age of"):
    config = load_config()
    units = extract_claims(articles, config=config)
    groups = group_pairs(units, score_pairs(units, config=config))
    conflicts, _ = find_conflicts(units, groups, config=config, roots={a.article.id: a.article.id for a in articles})
    return [c for c in conflicts if word in c.about]


def _pair(age_a, published_a, age_b, published_b, make_article):
    a = make_article("a", [f"Harold Jenkins, {age_a}, was charged on Friday with setting fire to the warehouse."],
                     quantities=[dict(sentence=0, text=str(age_a), value=age_a, counted="age")],
                     mentions=[(0, "Harold Jenkins", "PERSON")], published=published_a)
    b = make_article("b", [f"A jury found Harold Jenkins, {age_b}, guilty of burning down the warehouse."],
                     quantities=[dict(sentence=0, text=str(age_b), value=age_b, counted="age")],
                     mentions=[(0, "Harold Jenkins", "PERSON")], published=published_b)
    return [a, b]


@pytest.mark.parametrize(("age_a", "day_a", "age_b", "day_b", "fits"), [
    (30, "2020-05-01", 31, "2020-05-02", True),    # a birthday may fall between
    (30, "2020-05-01", 31, "2020-05-01", False),   # one day: no birthday between
    (30, "2020-05-01", 31, "2021-05-01", True),    # exactly one year on
    (30, "2020-05-01", 32, "2021-05-01", False),   # on the anniversary: one birthday only
    (27, "2005-06-25", 29, "2007-03-20", True),    # one full year and most of another
    (27, "2005-06-25", 30, "2007-03-20", False),   # three birthdays in under two years
    (29, "2005-06-25", 27, "2007-03-20", False),   # younger in the later report
    (27, "2007-03-20", 29, "2005-06-25", False),   # the same, sides given the other way
    (29, "2007-03-20", 27, "2005-06-25", True),
    (27, "", 29, "2007-03-20", False),             # an undated report
    (27, "2005", 29, "2007", False),               # a year alone gives no day
])
def test_ages_fit_dates_counts_the_birthdays_between(age_a, day_a, age_b, day_b, fits):
    assert ages_fit_dates(age_a, day_a, age_b, day_b) is fits


def test_ages_named_persons_age_years_on_is_no_conflict(make_article):
    assert _ages(_pair(58, "2019-06-10", 60, "2021-03-02", make_article)) == []


def test_ages_same_day_or_undated_reports_still_conflict(make_article):
    (same_day,) = _ages(_pair(60, "2021-03-02", 61, "2021-03-02", make_article))
    assert sorted(s.value for s in same_day.sides) == ["60", "61"]
    assert len(_ages(_pair(58, None, 60, "2021-03-02", make_article))) == 1
    # Older in the earlier report, or more birthdays than the gap holds.
    assert len(_ages(_pair(60, "2019-06-10", 58, "2021-03-02", make_article))) == 1
    assert len(_ages(_pair(58, "2019-06-10", 61, "2020-01-15", make_article))) == 1


def test_ages_relatives_age_years_on_is_no_conflict(make_article):
    a = make_article("a", ["Police found Novak's mother, Eva Novak, 61, in the flat on Friday."],
                     published="2019-04-05")
    b = make_article("b", ["Marek Novak is accused of killing his mother, 63, in the flat."], published="2021-02-11")
    assert _ages([a, b], "mother") == []
    c = make_article("c", ["Marek Novak is accused of killing his mother, 63, in the flat."], published="2019-04-06")
    assert len(_ages([a, c], "mother")) == 1
