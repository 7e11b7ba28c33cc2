"""The story timeline: order, merging across articles, conflicts."""

from newsprism.model import Story
from newsprism.reconcile import reconcile_story


def test_timeline_orders_merges_and_marks_conflicts(make_article):
    a = make_article("a", [
        "The newspaper reported on Monday that the general survived.",
        "Rebels tried to kill the general in mid-August near the border crossing.",
        "Troops launched an offensive against the rebel camps in 2016.",
    ], times=[
        dict(sentence=0, text="Monday", value="2018-03-05", precision="day"),
        dict(sentence=1, text="mid-August", value="2017-08-11", end_value="2017-08-20", precision="part-of-month"),
        dict(sentence=2, text="2016", value="2016", precision="year"),
    ])
    b = make_article("b", [
        "Troops launched their offensive against the camps of the rebels in 2016.",
        "A plot to kill the general was foiled on March 3, officials say.",
    ], times=[
        dict(sentence=0, text="2016", value="2016", precision="year"),
        dict(sentence=1, text="March 3", value="2018-03-03", precision="day"),
    ])
    report = reconcile_story(Story("s", ["a", "b"]), [a, b])
    tl = report.timeline
    assert [e.date for e in tl] == ["2016", "2017-08", "2018-03-03"]  # the reporting Monday is left out
    assert sorted(tl[0].articles) == ["a", "b"] and len(tl[0].reports) == 2
    assert tl[1].precision == "part-of-month"
    (conflict,) = [c for c in report.conflicts if c.slot == "when"]
    assert tl[1].conflict == conflict.id and tl[2].conflict == conflict.id
    assert tl[0].conflict is None


def test_timeline_yearless_date_takes_year_from_citing_article(make_article):
    a = make_article("a", ["Rebels tried to kill the general in mid-September near the border crossing."],
                     published="2019-02-14",
                     times=[dict(sentence=0, text="mid-September", value="--09", precision="part-of-month")])
    b = make_article("b", ["The plot against the general was foiled on January 10 near the border."],
                     published="2019-02-20",
                     times=[dict(sentence=0, text="January 10", value="--01-10", precision="day")])
    tl = reconcile_story(Story("s", ["a", "b"]), [a, b]).timeline
    # September is after 14 February: the September before; January 10 falls in 2019.
    assert [e.date for e in tl] == ["2018-09", "2019-01-10"]
    assert tl[0].year_inferred == {"from": "article", "article": "a", "published": "2019-02-14"}
    assert tl[1].year_inferred["published"] == "2019-02-20"


def test_timeline_yearless_date_of_undated_article_reads_the_story(make_article):
    a = make_article("a", ["Rebels tried to kill the general in September near the border crossing."],
                     times=[dict(sentence=0, text="September", value="--09", precision="month")])
    b = make_article("b", ["Troops launched an offensive against the rebel camps in 2016."], published="2019-02-14",
                     times=[dict(sentence=0, text="2016", value="2016", precision="year")])
    tl = reconcile_story(Story("s", ["a", "b"]), [a, b]).timeline
    ev = next(e for e in tl if "September" in e.text)
    assert ev.date == "2018-09"
    assert ev.year_inferred == {"from": "story", "published": "2019-02-14"}


def test_timeline_yearless_date_stays_open_without_context(make_article):
    a = make_article("a", ["Rebels tried to kill the general in September near the border crossing."],
                     times=[dict(sentence=0, text="September", value="--09", precision="month")])
    b = make_article("b", ["Rebels tried to kill the general in September at the crossing."],
                     published="2019-02-14",
                     times=[dict(sentence=0, text="September", value="--09", precision="month")])
    c = make_article("c", ["Troops moved on the rebel camps in 2016, officials said."], published="2016-05-01",
                     times=[dict(sentence=0, text="2016", value="2016", precision="year")])
    tl = reconcile_story(Story("s", ["a", "b", "c"]), [a, b, c]).timeline
    # b is dated; a is not and the story spans years: a's September stays yearless.
    dates = sorted(e.date for e in tl if "September" in e.text)
    assert dates == ["--09", "2018-09"]
    assert next(e for e in tl if e.date == "--09").year_inferred == {}


def test_timeline_captions_and_headlines_are_not_events(make_article):
    a = make_article("a", [
        "Civilians fled the village on Wednesday in the plains of Syria (AFP).",
        "The army shelled the village on Tuesday after talks broke down.",
    ], published="2019-02-14", times=[
        dict(sentence=0, text="Wednesday", value="2019-02-13", precision="day"),
        dict(sentence=1, text="Tuesday", value="2019-02-12", precision="day"),
    ])
    a.article.title = "Village shelled"
    b = make_article("b", ["Village shelled – 14/02/2019", "Shelling hit the village on Tuesday, residents said."],
                     published="2019-02-14", times=[
                         dict(sentence=0, text="14/02/2019", value="2019-02-14", precision="day"),
                         dict(sentence=1, text="Tuesday", value="2019-02-12", precision="day")])
    b.article.title = "Village shelled"
    tl = reconcile_story(Story("s", ["a", "b"]), [a, b]).timeline
    assert [e.date for e in tl] == ["2019-02-12"] * len(tl) and tl
    assert all("(AFP)" not in e.text and "Village shelled –" not in e.text for e in tl)


def test_timeline_seeds_dates_placed_and_no_furniture(seeds_report):
    from newsprism.reconcile.furniture import furniture_kind

    report, analyzed, _ = seeds_report
    titles = {a.article.id: a.article.title or "" for a in analyzed}
    tl = report.timeline
    assert tl
    # the seeds' September and January dates get their year from the dated report, and say so
    assert not [e.date for e in tl if e.date.startswith("--")]
    inferred = [e for e in tl if e.year_inferred]
    assert inferred and all(e.year_inferred["from"] in ("article", "story") for e in inferred)
    assert all(e.date.split("/")[0] <= e.year_inferred["published"] for e in inferred)
    assert not [e.text for e in tl if any(furniture_kind(r.text, title=titles.get(r.article, ""))
                                           for r in e.reports)]
    assert not [e for e in tl if e.precision == "season"]


def test_timeline_subordinate_date_does_not_date_the_main_event(make_article):
    # "early 2015" dates the leaving, told in a relative clause; the sentence's
    # own event happened "on Friday night", a time no article places. The
    # sentence must not appear on the timeline under 2015.
    text = "On Friday night, rescue teams reached the flooded valley that they had left in early 2015."
    a = make_article("a", [text], times=[
        dict(sentence=0, text="Friday night", value=None, precision=None),
        dict(sentence=0, text="early 2015", value="2015-01-01", end_value="2015-04-30", precision="range"),
    ])
    assert reconcile_story(Story("s", ["a"]), [a]).timeline == []
    # The date in the main clause is the sentence's.
    plain = "Rescue teams reached the flooded valley in early 2015, after a week of rain."
    b = make_article("b", [plain], times=[
        dict(sentence=0, text="early 2015", value="2015-01-01", end_value="2015-04-30", precision="range"),
    ])
    assert [e.text for e in reconcile_story(Story("s", ["b"]), [b]).timeline] == [plain]


def test_timeline_relative_clause_date_never_dates_the_sentence(make_article):
    # A relative clause describes its antecedent: the group seized the town
    # four years ago, but "is now reduced to 450 fighters" happened now. The
    # sentence must not sit on the timeline under the seizure's year, even
    # with no other time in the sentence.
    text = "The militia, which seized the port in 2019, is now reduced to about 450 fighters."
    a = make_article("a", [text], times=[
        dict(sentence=0, text="in 2019", value="2019", precision="year"),
    ])
    assert [e.text for e in reconcile_story(Story("s", ["a"]), [a]).timeline] == []


def test_timeline_reference_dates_are_not_the_claims_events(make_article):
    # A comparison's baseline and a future event named by a noun are dates the
    # claim refers to, not when what it tells happened.
    since = "The verdict is the first time since 1988 that the tribunal has overturned a local vote."
    future = "A lecturer said the verdict would push towns to review their rolls before the national election in 2027."
    plain = "The tribunal has heard appeals since 1988 in the old courthouse."
    a = make_article("a", [since, future, plain], published="2025-06-10", times=[
        dict(sentence=0, text="since 1988", value="1988-01-01", end_value="2025-06-10", precision="range"),
        dict(sentence=1, text="2027", value="2027", precision="year"),
        dict(sentence=2, text="since 1988", value="1988-01-01", end_value="2025-06-10", precision="range"),
    ])
    texts = [e.text for e in reconcile_story(Story("s", ["a"]), [a]).timeline]
    assert since not in texts and future not in texts
    assert plain in texts  # a "since" that starts a state still dates it
    # A scheduled event stays, dated on its own verb or as what the claim tells.
    b = make_article("b", ["The town will elect a new council on 17 November, the commission said.",
                           "The dockers' union called a strike for 20 June to demand new inspections."],
                     published="2025-06-10",
                     times=[dict(sentence=0, text="17 November", value="2025-11-17", precision="day"),
                            dict(sentence=1, text="20 June", value="2025-06-20", precision="day")])
    assert [e.date for e in reconcile_story(Story("s", ["b"]), [b]).timeline] == ["2025-06-20", "2025-11-17"]


def test_timeline_today_inside_a_quote_is_no_event(make_article):
    # The chant's "today" is the day it was chanted, which the page does not give.
    chant = '"How many more will you jail today," the crowd chanted outside the station.'
    plain = "The mayor visited the station today and met the families."
    a = make_article("a", [chant, plain], published="2025-03-12", times=[
        dict(sentence=0, text="today", value="2025-03-12", precision="day"),
        dict(sentence=1, text="today", value="2025-03-12", precision="day"),
    ])
    assert [e.text for e in reconcile_story(Story("s", ["a"]), [a]).timeline] == [plain]
    # A chant opened in the sentence before and closed in this one.
    rest = 'how many more will you jail today," the crowd chanted.'
    b = make_article("b", ['They marched and shouted "no more raids,', rest], published="2025-03-12",
                     times=[dict(sentence=1, text="today", value="2025-03-12", precision="day")])
    assert reconcile_story(Story("s", ["b"]), [b]).timeline == []
    # A quote opened at the sentence's start whose closing mark the page cut off.
    cut = '"Today, I am lifting the ban on river traffic...'
    c = make_article("c", [cut], published="2025-03-12",
                     times=[dict(sentence=0, text="Today", value="2025-03-12", precision="day")])
    assert reconcile_story(Story("s", ["c"]), [c]).timeline == []


def test_timeline_date_of_an_apposition_is_not_the_sentence_event(make_article):
    # "a candidate in the 2019 race" describes Vera Lind; the handshake is undated.
    text = "Vera Lind, a former councillor and a candidate in the 2019 race, shook hands with the mayor at the hall."
    a = make_article("a", [text], published="2021-08-03",
                     times=[dict(sentence=0, text="2019", value="2019", precision="year")])
    assert reconcile_story(Story("s", ["a"]), [a]).timeline == []


def test_timeline_date_of_a_comparison_baseline_is_not_the_claim_event(make_article):
    text = "The champion won the rematch five rounds sooner than when he beat the challenger in 2016."
    a = make_article("a", [text], published="2021-08-03",
                     times=[dict(sentence=0, text="2016", value="2016", precision="year")])
    assert reconcile_story(Story("s", ["a"]), [a]).timeline == []
    plain = "The champion beat the challenger in 2016 in the fifth round."
    b = make_article("b", [plain], published="2021-08-03",
                     times=[dict(sentence=0, text="2016", value="2016", precision="year")])
    assert [e.text for e in reconcile_story(Story("s", ["b"]), [b]).timeline] == [plain]


def test_timeline_one_claims_span_counted_from_two_publication_days_is_one_date(make_article):
    # A retelling a day later counts "the last three weeks" from its own day:
    # the same claim, one date on the timeline, not two spans a day apart.
    a = make_article("a", ["More than 9,000 people have left the valley over the last three weeks, aid workers said."],
                     published="2024-03-18",
                     times=[dict(sentence=0, text="the last three weeks", value="2024-02-26", end_value="2024-03-18",
                                 precision="range")])
    b = make_article("b", ["More than 9,000 people have left the valley over the past three weeks, aid workers said."],
                     published="2024-03-19",
                     times=[dict(sentence=0, text="the past three weeks", value="2024-02-27", end_value="2024-03-19",
                                 precision="range")])
    report = reconcile_story(Story("s", ["a", "b"]), [a, b])
    spans = [e for e in report.timeline if e.precision == "range"]
    assert len(spans) == 1 and sorted(spans[0].articles) == ["a", "b"]
    # Spans that do not overlap stay two dates.
    c = make_article("c", ["More than 9,000 people have left the valley over the past three weeks, aid workers said."],
                     published="2024-05-19",
                     times=[dict(sentence=0, text="the past three weeks", value="2024-04-28", end_value="2024-05-19",
                                 precision="range")])
    report = reconcile_story(Story("s", ["a", "c"]), [a, c])
    assert len([e for e in report.timeline if e.precision == "range"]) == 2


def test_timeline_a_vague_span_is_never_placed_as_exact(make_article):
    # "in recent years" is read as three years so that it can be compared,
    # but its ends are a guess: no timeline line.  "the last three years"
    # says how long, and is placed.
    a = make_article("a", ["More than 2,000 families have left the valley in recent years, aid workers said."],
                     published="2024-03-18",
                     times=[dict(sentence=0, text="in recent years", value="2021-03-18", end_value="2024-03-18",
                                 precision="range")])
    b = make_article("b", ["More than 2,000 families have left the valley over the last three years, aid workers said."],
                     published="2024-03-18",
                     times=[dict(sentence=0, text="the last three years", value="2021-03-18", end_value="2024-03-18",
                                 precision="range")])
    report = reconcile_story(Story("s", ["a", "b"]), [a, b])
    placed = [r.article for e in report.timeline for r in e.reports]
    assert "b" in placed and "a" not in placed


def test_timeline_undated_article_may_be_written_after_the_story_reference(make_article):
    # A page with no date of its own, in a story published 3-4 March: "on
    # March 11" is a week later the same year, not March of the year before.
    # A date well past the window still goes back a year.
    a = make_article("a", ["The council signed the river bill on March 11 after a long debate.",
                           "The council first debated the river bill on December 20 after the floods."],
                     times=[dict(sentence=0, text="March 11", value="--03-11", precision="day"),
                            dict(sentence=1, text="December 20", value="--12-20", precision="day")])
    b = make_article("b", ["The council debated the river bill for a second week in 2009."], published="2009-03-04",
                     times=[dict(sentence=0, text="2009", value="2009", precision="year")])
    tl = reconcile_story(Story("s", ["a", "b"]), [a, b]).timeline
    assert next(e for e in tl if "March 11" in e.text).date == "2009-03-11"
    assert next(e for e in tl if "December 20" in e.text).date == "2008-12-20"


def test_timeline_a_date_that_only_bounds_the_event_does_not_date_it(make_article):
    # "Before 2001, the mayor had served one term" says when the term was not:
    # no line at 2001 (the term's own year still dates it); "in 2001" does.
    bound = "Before 2001, the mayor had served only one term in 1994."
    prior = "Prior to 2001, the harbour had never flooded in winter."
    plain = "The mayor was elected for a second term in 2001 after a long campaign."
    a = make_article("a", [bound, prior, plain], published="2010-05-02", times=[
        dict(sentence=0, text="2001", value="2001", precision="year"),
        dict(sentence=0, text="1994", value="1994", precision="year"),
        dict(sentence=1, text="2001", value="2001", precision="year"),
        dict(sentence=2, text="2001", value="2001", precision="year"),
    ])
    placed = [(e.date, e.text) for e in reconcile_story(Story("s", ["a"]), [a]).timeline]
    assert ("2001", bound) not in placed and ("2001", prior) not in placed
    assert ("1994", bound) in placed and ("2001", plain) in placed


def test_timeline_a_date_that_owns_a_noun_dates_that_noun_not_the_claim(make_article):
    # "on Monday from last week's flood": the clearing is Monday's, the flood
    # last week's; no line puts the clearing in last week. A date owning the
    # subject ("Tuesday's storm cut power") still dates the claim.
    owned = "Crews cleared the mud on Monday from last week's flood."
    subject = "Tuesday's storm cut power to 4,000 homes."
    a = make_article("a", [owned, subject], published="2016-09-23", times=[
        dict(sentence=0, text="Monday", value="2016-09-19", precision="day"),
        dict(sentence=0, text="last week", value="2016-09-12", precision="range", end_value="2016-09-18"),
        dict(sentence=1, text="Tuesday", value="2016-09-20", precision="day"),
    ])
    placed = [(e.date, e.text) for e in reconcile_story(Story("s", ["a"]), [a]).timeline]
    assert any(d.startswith("2016-09-19") and t == owned for d, t in placed)
    assert not any(d.startswith("2016-09-12") for d, _ in placed)
    assert any(d.startswith("2016-09-20") and t == subject for d, t in placed)


def test_timeline_a_two_word_bound_is_read_from_data(make_article):
    # "previous to 2001" bounds the event as "prior to 2001" does
    prior = "Previous to 2001, the ferry had never missed a crossing."
    a = make_article("a", [prior], published="2010-05-02", times=[
        dict(sentence=0, text="2001", value="2001", precision="year"),
    ])
    assert [(e.date, e.text) for e in reconcile_story(Story("s", ["a"]), [a]).timeline] == []


def test_timeline_a_year_that_modifies_a_noun_dates_that_noun_not_the_claim(make_article):
    # "over its 2011 merger" dates the merger, not the senator's remark; a year
    # on the claim's subject ("The 2009 flood ruined ...") still dates it, as
    # does a year on the verb ("in 2014").
    modifier = "Senator Ada Quill faulted the bank on Tuesday over its 2011 merger with a rival lender."
    subject = "The 2009 flood ruined the mill's lower floor."
    verb = "The mill reopened in 2014 under a new owner."
    a = make_article("a", [modifier, subject, verb], published="2016-10-07", times=[
        dict(sentence=0, text="2011", value="2011", precision="year"),
        dict(sentence=1, text="2009", value="2009", precision="year"),
        dict(sentence=2, text="2014", value="2014", precision="year"),
    ])
    placed = [(e.date, e.text) for e in reconcile_story(Story("s", ["a"]), [a]).timeline]
    assert not any(d.startswith("2011") for d, _ in placed)
    assert any(d.startswith("2009") and t == subject for d, t in placed)
    assert any(d.startswith("2014") and t == verb for d, t in placed)


def test_timeline_baselines_nouns_and_unhappened_events_are_no_events(make_article):
    # Each sentence names a date that is not when what it tells happened: a
    # "since" baseline on a verb (a superlative in its clause, or a verb said
    # not to have happened since), a date of a noun under "of" / "from", a
    # hypothetical and a plan.  None of them is a timeline line.
    lines = [
        ("Births fell again, dropping to the lowest level since 1979.", "since 1979", "1979"),
        ("The director hadn't made a film since Seabiscuit in 2003.", "2003", "2003"),
        ("Prices were little changed since April 2024.", "since April 2024", "2024-04"),
        ("The court struck down part of the Voting Rights Act of 1965.", "1965", "1965"),
        ("The airline could return to the route on Jan. 7, 2026.", "Jan. 7, 2026", "2026-01-07"),
        ("The band is planning to release a new album in early 2010.", "early 2010", "2010"),
        ("Arrests rose to 212,672, a 13 percent increase over June 2024.", "June 2024", "2024-06"),
        ("One in four lived in poor areas in 2024, up from one in ten in 2014.", "2014", "2014"),
        ("The unions said the cuts may not be undone till 31 December 2025.", "31 December 2025", "2025-12-31"),
        ("Neither did their rescheduled trip in September 2024.", "September 2024", "2024-09"),
        ("The club expects 37 million Americans to travel over the weekend of 7 June 2025.", "7 June 2025",
         "2025-06-07"),
        ("While the May rents remain little changed since April, some towns saw falls.", "since April", "2025-04"),
    ]
    times = []
    for n, (text, words, value) in enumerate(lines):
        if words.startswith("since"):
            times.append(dict(sentence=n, text=words, value=value, end_value="2025-06-10", precision="range"))
        else:
            times.append(dict(sentence=n, text=words, value=value,
                              precision={4: "year", 7: "month", 10: "day"}[len(value)]))
    a = make_article("a", [t for t, _, _ in lines], published="2025-06-10", times=times)
    assert [e.text for e in reconcile_story(Story("s", ["a"]), [a]).timeline] == []
    # What still dates its event: a state that began then, a time noun that
    # times the claim, a scheduled event, a noun that is the claim's subject.
    kept = [
        ("Rebels have held the town since March 2024.", "since March 2024", "2024-03"),
        ("Troops entered the town on the morning of 5 June 2024.", "5 June 2024", "2024-06-05"),
        ("The town will elect a new council on 17 November 2025.", "17 November 2025", "2025-11-17"),
        ("The floods of 2019 destroyed the old bridge.", "2019", "2019"),
        ("The airline returned to the route in 2023.", "2023", "2023"),
        ("Since the bridge was destroyed in February 2024, the only way into the town has been a dirt track.",
         "February 2024", "2024-02"),
        ("From March 2024 to April 2024, prices increased 0.8 percent.", "March 2024", "2024-03"),
    ]
    times = []
    for n, (text, words, value) in enumerate(kept):
        if words.startswith("since"):
            times.append(dict(sentence=n, text=words, value=value, end_value="2025-06-10", precision="range"))
        else:
            times.append(dict(sentence=n, text=words, value=value,
                              precision={4: "year", 7: "month", 10: "day"}[len(value)]))
    b = make_article("b", [t for t, _, _ in kept], published="2025-06-10", times=times)
    assert sorted(e.text for e in reconcile_story(Story("s", ["b"]), [b]).timeline) == sorted(t for t, _, _ in kept)


def test_timeline_a_deadline_or_a_future_date_without_year_lies_ahead(make_article):
    # An undated report of a story published in August 2021: "through Jan. 31"
    # is a deadline, after the day it is written (January 2022), not the
    # January before the story.
    deadline = "The ministry is extending the pause on student loan payments through Jan. 31, officials said."
    a = make_article("a", [deadline],
                     times=[dict(sentence=0, text="Jan. 31", value="--01-31", precision="day")])
    b = make_article("b", ["The ministry announced the extension of the pause on Friday."], published="2021-08-06",
                     times=[dict(sentence=0, text="Friday", value="2021-08-06", precision="day")])
    tl = reconcile_story(Story("s", ["a", "b"]), [a, b]).timeline
    assert next(e.date for e in tl if e.text == deadline) == "2022-01-31"
    # A clause in the future tense in a dated report: the next 3 March.
    future = "The council will elect a new mayor on 3 March, the commission said."
    past = "She was the port's harbour master until May, officials said."
    c = make_article("c", [future, past], published="2025-06-10",
                     times=[dict(sentence=0, text="3 March", value="--03-03", precision="day"),
                            dict(sentence=1, text="May", value="--05", precision="month")])
    tl = reconcile_story(Story("s", ["c"]), [c]).timeline
    assert {e.text: e.date for e in tl} == {future: "2026-03-03", past: "2025-05"}  # a past tense reads back
    # An undated report of a story spread from May to August: "until June 30"
    # said in May is this June, said in August the next: the year stays open.
    early = make_article("e", ["The inquiry opened on Monday."], published="2021-05-03",
                         times=[dict(sentence=0, text="Monday", value="2021-05-03", precision="day")])
    open_ = "Counties have until June 30 to confirm the signatures."
    d = make_article("d", [open_], times=[dict(sentence=0, text="June 30", value="--06-30", precision="day")])
    tl = reconcile_story(Story("s", ["e", "d", "b"]), [early, d, b]).timeline
    assert next(e.date for e in tl if e.text == open_) == "--06-30"


def test_timeline_a_month_written_without_year_takes_the_side_its_tense_says(make_article):
    # The analyzer gave these months a year on the wrong side of the report's
    # day: a deadline in a future clause lies ahead, a past tense lies behind.
    ahead = "Customers will have to be fully vaccinated by Nov. 4, the health director said."
    behind = "By July, many of the intelligence reports grew more pessimistic."
    stays = "The freeze had been set to expire at the end of September."
    a = make_article("a", [ahead, behind, stays], published="2021-09-15", times=[
        dict(sentence=0, text="Nov. 4", value="2020-11-04", precision="day"),
        dict(sentence=1, text="By July", value="2022-07", precision="month"),
        dict(sentence=2, text="the end of September", value="2021-09", precision="month")])
    tl = reconcile_story(Story("s", ["a"]), [a]).timeline
    assert {e.text: e.date for e in tl} == {ahead: "2021-11-04", behind: "2021-07", stays: "2021-09"}
    assert next(e for e in tl if e.text == ahead).year_inferred["published"] == "2021-09-15"



def _one_date_each(make_article, lines, published):
    """An article of ``lines`` (sentence, the date's words in it, its ISO
    value), each sentence with that one date."""
    return make_article("a", [t for t, _, _ in lines], published=published, times=[
        dict(sentence=n, text=words, value=value, precision={4: "year", 7: "month", 10: "day"}[len(value)])
        for n, (_, words, value) in enumerate(lines)])


def test_timeline_a_date_in_a_clause_under_a_modal_guess_is_no_event(make_article):
    # The sentence's own verb is a guess ("may increase"); the date belongs to
    # what a present clause under it tells is going on ("continues to collect
    # statistics from the weekend"): not something that happened that weekend.
    # A clause in the past tense under the guess tells what happened then.
    past = "Fares could climb further after the regulator lifted the cap on 5 July 2021."
    a = _one_date_each(make_article, [
        ("Those figures may increase as the agency continues to gather reports from the weekend of 3 July 2021.",
         "the weekend of 3 July 2021", "2021-07-03"),
        ("The tally might rise as volunteers keep counting ballots from 6 July 2021.", "6 July 2021", "2021-07-06"),
        (past, "5 July 2021", "2021-07-05")], "2021-07-07")
    assert [e.text for e in reconcile_story(Story("s", ["a"]), [a]).timeline] == [past]


def test_timeline_a_deadline_line_says_it_is_a_deadline(make_article):
    # A deadline in a present or future clause, not an event or a scheduled one.
    lines = [
        ("Counties have until 29 April 2026 to confirm the validity of the remaining signatures.", "29 April 2026",
         "2026-04-29", True),
        ("Staff will have to be fully vaccinated by 4 November 2025, the director said.", "4 November 2025",
         "2025-11-04", True),
        ("The county clerk certified the petition on 2 April 2025.", "2 April 2025", "2025-04-02", False),
        ("The town will elect a new council on 17 November 2025.", "17 November 2025", "2025-11-17", False),
        ("The mayor announced plans to repave the square by the end of June 2025.", "the end of June 2025",
         "2025-06", True),
        ("Congress passed a bill in May 2025 that funds the port.", "May 2025", "2025-05", False),
        ("Exports rose 3%, according to the ministry's data through mid-May 2025.", "mid-May 2025", "2025-05",
         False),
    ]
    a = _one_date_each(make_article, [line[:3] for line in lines], "2025-06-10")
    tl = reconcile_story(Story("s", ["a"]), [a]).timeline
    assert {e.text: e.deadline for e in tl} == {line[0]: line[3] for line in lines}


def test_timeline_a_month_read_without_the_year_written_after_it_is_no_event(make_article):
    # The date was read as "November" alone and took the report's year; the
    # sentence writes 1774 right after it.  A month read with its year, or
    # followed by a count, keeps its date.
    kept = ["The mill closed in November 2019 after the flood.", "In November 1,500 workers lost their jobs."]
    a = make_article("a", ["Starting in November 1774, farmers gathered in the valley.", *kept],
                     published="2020-12-01", times=[
                         dict(sentence=0, text="November", value="2020-11", precision="month"),
                         dict(sentence=1, text="November 2019", value="2019-11", precision="month"),
                         dict(sentence=2, text="November", value="2020-11", precision="month")])
    assert sorted(e.text for e in reconcile_story(Story("s", ["a"]), [a]).timeline) == sorted(kept)
