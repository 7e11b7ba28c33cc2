"""Event classes of dates (data/claims_events.toml): a keyword with a sense
outside war names the military class only beside a word of war."""

from newsprism.reconcile.claims import extract_claims, is_story_event


def _event(make_article, sentence, text, value, precision="day"):
    a = make_article("a", [sentence], times=[dict(sentence=0, text=text, value=value, precision=precision)])
    (u,) = extract_claims([a])
    (w,) = u.slots["when"]
    return w["event"]


def test_claims_events_campaign_stop_is_no_offensive(make_article):
    event = _event(make_article, "The senator spoke about tax rates at a campaign stop in Ohio on Tuesday afternoon.",
                   "Tuesday", "2016-10-04")
    assert event == "undertaking" and is_story_event(event)


def test_claims_events_launched_product_is_a_launch_and_still_an_event(make_article):
    event = _event(make_article, "The actress launched her own fashion line with a small label in December.",
                   "December", "2008-12", precision="month")
    assert event == "undertaking"


def test_claims_events_operation_beside_troops_stays_an_offensive(make_article):
    event = _event(make_article, "Government troops began the operation to retake the northern town on Sunday.",
                   "Sunday", "2019-03-10")
    assert event == "offensive"


def test_claims_events_offensive_remarks_are_no_war(make_article):
    event = _event(make_article, "The governor apologised on Friday for offensive remarks made during a debate.",
                   "Friday", "2016-10-07")
    assert event != "offensive"


def test_claims_events_a_named_force_is_a_word_of_war(make_article):
    # A name keeps its form as its lemma ("Forces"): still a word of war.
    event = _event(make_article, "The Valley Democratic Forces launched their last offensive on the town on Saturday.",
                   "Saturday", "2019-02-09")
    assert event == "offensive"
