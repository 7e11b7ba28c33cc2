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
