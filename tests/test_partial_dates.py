"""Partial-date arithmetic shared by conflicts, timeline, brief and charts."""

import datetime as dt

from newsprism.partial_dates import date_range, date_span, range_days, ranges_compatible


def test_partial_dates_range_to_the_precision_given():
    assert date_range("2019-02") == ("2019-02-01", "2019-02-28")
    assert date_range("2019-02-09") == ("2019-02-09", "2019-02-09")
    assert date_range("2018-09", "part-of-month", text="late September") == ("2018-09-21", "2018-09-30")
    assert date_range("--09") == ("--09-01", "--09-30")
    assert date_range("--01-10") == ("--01-10", "--01-10")
    assert date_range("--02") == ("--02-01", "--02-29")  # no year: February may have 29 days
    assert date_range("2019-01-21", "part-of-month", end_value="2019-01-31") == ("2019-01-21", "2019-01-31")
    assert date_range("not a date") is None and date_range(None) is None


def test_partial_dates_compatibility_with_and_without_year():
    assert not ranges_compatible(date_range("--09"), date_range("--01-10"))
    assert ranges_compatible(date_range("--09"), date_range("2018-09-15"))
    assert ranges_compatible(date_range("2018"), date_range("--01-10"))  # a whole year holds every day
    assert not ranges_compatible(date_range("2018-09"), date_range("2019-01-10"))
    # A yearless range over New Year.
    assert ranges_compatible(("--12-20", "--01-05"), date_range("--01-02"))
    assert range_days(("--12-20", "--01-05")) == 16


def test_partial_dates_span_for_drawing():
    assert date_span("2019-02") == (dt.date(2019, 2, 1), dt.date(2019, 2, 28))
    assert date_span("201") == (dt.date(2010, 1, 1), dt.date(2019, 12, 31))
    assert date_span("2019-01-05/2019-01-20") == (dt.date(2019, 1, 5), dt.date(2019, 1, 20))
    assert date_span("--09") is None  # no year: cannot be placed on a dated axis


def test_partial_dates_yearless_agrees_on_month_and_day():
    from newsprism.partial_dates import is_yearless, yearless_agrees

    assert is_yearless("--09") and not is_yearless("2018-09")
    assert yearless_agrees("--09", "2018-09-12") and yearless_agrees("2019-01-10", "--01-10")
    assert not yearless_agrees("--09", "2018-10-02") and not yearless_agrees("--01-10", "2019-01-11")


def test_partial_dates_publication_day_is_read_in_one_place():
    import datetime as dt

    from newsprism.group.features import publication_day as group_day
    from newsprism.partial_dates import publication_day

    assert publication_day("2024-03-18T09:00:00Z") == dt.date(2024, 3, 18)
    assert publication_day("2024-02-30") is None and publication_day(None) is None and publication_day("May") is None
    # Grouping counts days apart with the same reading.
    assert group_day("2024-03-18T23:59:00+02:00") == dt.date(2024, 3, 18).toordinal()
    assert group_day("2024-02-30") is None


def test_partial_dates_forward_places_a_yearless_date_on_or_after_the_day():
    import datetime as dt

    from newsprism.partial_dates import place_yearless_forward, with_year

    day = dt.date(2021, 8, 6)
    assert place_yearless_forward(("--01-31", "--01-31"), day) == ("2022-01-31", "2022-01-31")
    assert place_yearless_forward(("--08-06", "--08-06"), day) == ("2021-08-06", "2021-08-06")
    # a month that takes the day in is this month
    assert place_yearless_forward(("--08-01", "--08-31"), day) == ("2021-08-01", "2021-08-31")
    # backward (the default) for what has happened; forward for a deadline
    assert with_year("--01-31", ("--01-31", "--01-31"), "2021-08-06", None)[0] == "2021-01-31"
    assert with_year("--01-31", ("--01-31", "--01-31"), "2021-08-06", None, forward=True)[0] == "2022-01-31"
    # an undated article read between the story's first and latest days: two years, none chosen
    assert with_year("--06-30", ("--06-30", "--06-30"), None, day, forward=True,
                     story_first=dt.date(2021, 5, 3))[2] == {}
