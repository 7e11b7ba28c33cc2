"""Dates read wrong on real news (PolNeAR dev, autumn 2016), one class each:
spelled compound counts, a yearless date with "(of) last year", a present
tense in a clause of time, spans of days, "today" as a name or as nowadays,
a day that names an event.  The sentences are written for these tests."""

from __future__ import annotations

import pytest

from newsprism.analyze.dates import extract_times
from newsprism.model import TimeExpr


def _times(nlp, text: str, published: str | None) -> list[TimeExpr]:
    return extract_times(nlp(text), published)


def _only(nlp, text: str, published: str | None) -> TimeExpr:
    times = _times(nlp, text, published)
    assert len(times) == 1, [t.text for t in times]
    return times[0]


def test_dates_spelled_compound_count_is_read_whole(nlp):
    t = _only(nlp, "Thirty-one years ago, the mill closed its doors.", "2016-10-04")
    assert (t.text, t.value, t.precision) == ("Thirty-one years ago", "1985", "year")
    t = _only(nlp, "The treaty was signed forty five years ago.", "2016-10-04")
    assert (t.text, t.value) == ("forty five years ago", "1971")
    t = _only(nlp, "Turnout has fallen over the last twenty-four months.", "2016-10-04")
    assert (t.value, t.end_value) == ("2014-10-04", "2016-10-04")


def test_dates_count_inside_a_bigger_number_is_no_date(nlp):
    # "1,500 years ago" must not be read as "500 years ago"
    assert [t.text for t in _times(nlp, "The wall was raised 1,500 years ago by farmers.", "2016-10-04")] == []


def test_dates_yearless_day_with_last_year_takes_that_year(nlp):
    t = _only(nlp, "The campaign opened on May 3rd of last year in a small gym.", "2016-10-02")
    assert (t.text, t.value, t.precision) == ("May 3rd of last year", "2015-05-03", "day")
    t = _only(nlp, "The fund will close on 4 February next year.", "2016-10-02")
    assert t.value == "2017-02-04"
    t = _only(nlp, "The plant was sold in April of last year.", "2016-10-02")
    assert (t.text, t.value, t.precision) == ("April of last year", "2015-04", "month")
    # without a publication date, the year stays open
    t = _only(nlp, "The campaign opened on May 3rd of last year.", None)
    assert (t.value, t.resolved) == ("--05-03", False)


def test_dates_present_tense_in_clause_of_time_is_coming(nlp):
    # Published in late September: the governor's term ends in January, so
    # "after she hands over power on Jan. 12" is next January, not last.
    text = "No decision is expected until after the governor hands over power on Jan. 12."
    assert _only(nlp, text, "2016-09-27").value == "2017-01-12"
    # the same day told in the past tense stays in the past
    assert _only(nlp, "The governor handed over power on Jan. 12.", "2016-09-27").value == "2016-01-12"


def test_dates_span_of_days_is_a_range(nlp):
    t = _only(nlp, "The poll was taken October 3-6 among likely voters.", "2016-10-09")
    assert (t.text, t.value, t.end_value, t.precision) == ("October 3-6", "2016-10-03", "2016-10-06", "range")
    t = _only(nlp, "Interviews ran from Aug. 28 to 31, the pollster said.", "2016-09-09")
    assert (t.text, t.value, t.end_value) == ("Aug. 28 to 31", "2016-08-28", "2016-08-31")
    t = _only(nlp, "The fair ran Aug. 30-Sept. 2 in the county seat.", "2016-09-09")
    assert (t.value, t.end_value) == ("2016-08-30", "2016-09-02")
    t = _only(nlp, "Delegates met 12-14 July in the capital.", "2016-09-09")
    assert (t.value, t.end_value) == ("2016-07-12", "2016-07-14")


def test_dates_span_of_days_keeps_its_year_and_its_open_year(nlp):
    t = _only(nlp, "The poll was taken October 3-6, 2012.", "2016-10-09")
    assert (t.value, t.end_value) == ("2012-10-03", "2012-10-06")
    t = _only(nlp, "The poll was taken October 3-6.", None)
    assert (t.value, t.end_value, t.resolved) == ("--10-03", "--10-06", False)


def test_dates_backward_span_is_the_first_day_only(nlp):
    # "April 9-2" is no span: the first day alone is read
    t = _only(nlp, "The board approved it April 9-2 after a long night.", "2016-09-09")
    assert (t.text, t.value, t.end_value) == ("April 9", "2016-04-09", None)


def test_dates_month_before_a_day_number_is_the_day(nlp):
    t = _only(nlp, "Voters had until Oct. 14 to register.", "2016-10-20")
    assert (t.text, t.value, t.precision) == ("Oct. 14", "2016-10-14", "day")


def test_dates_today_inside_a_name_is_no_day(nlp):
    text = "The senator told Ohio Today about it. A Channel TODAY survey agreed. Today the Senate voted."
    assert [(t.text, t.value) for t in _times(nlp, text, "2016-09-22")] == [("Today", "2016-09-22")]


def test_dates_today_meaning_nowadays_is_no_day(nlp):
    text = ("Even today, the bridge remains closed to trucks. "
            "The farm is run by a cooperative today. "
            "The failure to weigh the risks today is a grave error.")
    assert _times(nlp, text, "2016-09-25") == []


def test_dates_today_of_an_event_stays_a_day(nlp):
    text = ("Two people were hurt today in the blast. The council is meeting today. "
            "The mayor will speak today. His remarks today drew applause.")
    times = _times(nlp, text, "2016-09-25")
    assert [t.value for t in times] == ["2016-09-25"] * 4


def test_dates_day_naming_an_event_takes_its_year(nlp):
    t = _only(nlp, "Her views changed after the Sept. 11 attacks.", "2016-09-30")
    assert (t.value, t.precision) == ("2001-09-11", "day")
    # the day of a yearly ceremony is this year's
    t = _only(nlp, "She left the Sept. 11 memorial ceremony early.", "2016-09-12")
    assert t.value == "2016-09-11"


def test_dates_since_a_day_runs_to_publication(nlp):
    t = _only(nlp, "The city has counted 300 fires since March 1st.", "2016-09-29")
    assert (t.text, t.value, t.end_value, t.precision) == ("since March 1st", "2016-03-01", "2016-09-29", "range")


def test_dates_bound_before_ago_gives_no_point(nlp):
    # "more than 20 years ago" is some time before 1996, not 1996
    t = _only(nlp, "The pact was signed more than 20 years ago.", "2016-09-28")
    assert (t.value, t.resolved) == (None, False)
    t = _only(nlp, "The pact was signed less than a year ago.", "2016-09-28")
    assert (t.value, t.end_value, t.precision) == ("2015-09-28", "2016-09-28", "range")


def test_dates_a_named_day_after_a_bound_word_gets_no_value(nlp):
    # "before Sept. 11" in an autumn page: the attacks of 2001 or this year's
    # day, the words do not say; the expression is kept without a value (no
    # yearless value either, which the story would date). With the event's
    # noun, or without a bound word, the day is read as before.
    t = _only(nlp, "Neglecting the warnings before Sept. 11 was forgivable, the panel wrote.", "2016-09-28")
    assert t.value is None and not t.resolved
    t = _only(nlp, "Questions about her stamina have grown since Sept. 11.", "2016-09-28")
    assert t.value is None
    t = _only(nlp, "The Sept. 11 attacks reshaped the airport rules.", "2016-09-28")
    assert t.value == "2001-09-11"
    t = _only(nlp, "She felt faint on Sept. 11 at the memorial in Lower Manhattan.", "2016-09-28")
    assert t.value == "2016-09-11"
    t = _only(nlp, "The fund has grown since Sept. 11, 2001, by a third.", "2016-09-28")
    assert (t.value, t.end_value) == ("2001-09-11", "2016-09-28")


def test_dates_a_weekday_the_simple_present_leaves_open_gets_no_value(nlp):
    # A Friday page: "the rivals face off Monday" is a scheduled day, this
    # coming one or the last one; "the host of Monday night's forum" owns a
    # noun the verb does not date. Past clauses, a weekday owning the subject
    # of a past clause, headlines and captions are read as before.
    pub = "2016-09-23"  # a Friday
    lead = "Rivals prepare for a forum.\n\n"
    t = _only(nlp, lead + "The two rivals face off for the first of three forums Monday.", pub)
    assert t.text == "Monday" and t.value is None
    t = _only(nlp, lead + "Ortiz has praised the host of Monday night's forum, Dana Pell of WKRT.", pub)
    assert t.value is None
    t = _only(nlp, lead + "The council voted Tuesday to close the pool.", pub)
    assert t.value == "2016-09-20"
    t = _only(nlp, lead + "Tuesday's storm knocked out power to 4,000 homes.", pub)
    assert t.value == "2016-09-20"
    t = _only(nlp, lead + "Volunteers stack sandbags along the levee on Tuesday (Reuters).", pub)
    assert t.value == "2016-09-20"
    t = _only(nlp, "Mayor Ortiz visits the flooded ward Wednesday.", pub)
    assert t.value == "2016-09-21"  # a headline tells the past in the present
    t = _only(nlp, lead + "The festival opens Saturday.", pub)
    assert t.value == "2016-09-24"  # the day after the page's date


def test_dates_a_clause_of_time_opened_by_when_with_a_base_form_verb_is_coming(nlp):
    # the tagger reads "open" after a plural subject in brackets as a base
    # form and "When" as an adverb: still a present in a clause of time, so
    # the coming Saturday (a Wednesday page); a past clause keeps the last one
    pub = "2011-01-05"
    lead = "Injuries pile up.\n\n"
    t = _only(nlp, lead + "When the Otters (9-7) open the playoffs in Duluth (8-8) on Saturday, only two backs "
              "will be fit.", pub)
    assert t.value == "2011-01-08"
    t = _only(nlp, lead + "When the bus arrived on Saturday, the gates were shut.", pub)
    assert t.value == "2011-01-01"


def test_dates_a_number_before_a_colon_is_a_clock_time_not_a_day(nlp):
    # "4 November 02:00 GMT" is the 4th at two o'clock, not November 2
    t = _only(nlp, "Every link was back on the network as of 4 November 02:00 GMT.", "2011-11-05")
    assert (t.text, t.value) == ("4 November", "2011-11-04")
    t = _only(nlp, "The link failed on November 2 at dawn.", "2011-11-05")
    assert t.value == "2011-11-02"



# A season named with "this": the one under way, even in a clause that looks
# forward; before it begins, the coming one; after it, the one just ended.
# "next" still looks a year ahead from inside the season.
THIS_SEASON = [
    ("Turnout this fall is expected to break records.", "2016-10-12", "2016-09-01"),
    ("The bridge will reopen this summer.", "2016-03-20", "2016-06-01"),
    ("Farmers lost crops this spring.", "2016-07-02", "2016-03-01"),
    ("The plant will close next fall.", "2016-10-12", "2017-09-01"),
]


@pytest.mark.parametrize(("sentence", "published", "first_day"), THIS_SEASON)
def test_dates_this_season_is_the_current_one_whatever_the_tense(nlp, sentence, published, first_day):
    assert _only(nlp, sentence, published).value == first_day


def test_dates_present_be_before_an_infinitive_is_a_coming_event(nlp):
    assert _only(nlp, "The new rector is to take office on Jan. 4.", "2016-09-20").value == "2017-01-04"
    # its past is not: the plan was for a day before the page
    assert _only(nlp, "The board was to vote on March 3.", "2016-09-20").value == "2016-03-03"


def test_dates_weekday_after_an_indefinite_word_is_no_day(nlp):
    assert _times(nlp, "The robbers struck on a Tuesday morning, as the market opened.", "2016-09-23") == []
    assert _times(nlp, "The ferry leaves every Sunday at noon.", "2016-09-23") == []
    assert _only(nlp, "The robbers struck on Tuesday morning.", "2016-09-23").value == "2016-09-20"
    # the word is the determiner of a noun the weekday qualifies: one day's
    assert _only(nlp, "She spoke at a Tuesday news briefing.", "2016-09-23").value == "2016-09-20"


def test_dates_since_a_year_without_publication_is_no_event_of_that_year(nlp):
    undated = _only(nlp, "It was the worst flood in the valley since 1987.", None)
    assert (undated.value, undated.resolved) == (None, False)
    dated = _only(nlp, "It was the worst flood in the valley since 1987.", "2016-09-23")
    assert (dated.value, dated.end_value) == ("1987-01-01", "2016-09-23")
