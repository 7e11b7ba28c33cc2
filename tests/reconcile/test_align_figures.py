"""When two claims' figures differ (align.figures_differ): one value written two ways or rounded is no difference."""

import pytest

from newsprism.reconcile import align
from newsprism.reconcile.align import figures_differ, sketch


@pytest.fixture
def by_value(monkeypatch):
    def rules(lacking: bool):
        data = dict(align._figure_rules())
        data.update(by_value=True, lacking_differs=lacking)
        monkeypatch.setattr(align, "_figure_rules", lambda: data)

    return rules


def _differ(a: str, b: str) -> bool:
    return figures_differ(sketch(a), sketch(b))


@pytest.mark.parametrize("a, b", [
    ("Consumer prices rose 3.2 percent in the year to May.", "Consumer prices rose 3.2% in the year to May."),
    ("The shares closed at $24.50 on Friday.", "The shares closed at 24.5 dollars on Friday."),
    ("The service now has 1.5 million subscribers.", "The service now has 1,500,000 subscribers."),
    ("Output grew about 3 percent last year.", "Output grew 2.96 percent last year."),
    ("Quarterly revenue was $6.3 billion.", "Quarterly revenue reached $6.32 billion."),
    ("Thirty-two miners were brought to the surface.", "32 miners were brought to the surface."),
])
def test_align_figures_one_value_written_two_ways_agrees(by_value, a, b):
    by_value(True)
    assert not _differ(a, b)


@pytest.mark.parametrize("a, b", [
    ("Two undersea cables were cut near the port.", "Three undersea cables were cut near the port."),
    ("At least 23 workers were hurt in the blast.", "At least 26 workers were hurt in the blast."),
    ("Quarterly revenue was $6.3 billion.", "Quarterly revenue was $6.5 billion."),
    ("Output grew 3 percent last year.", "Output grew 4% last year."),
])
def test_align_figures_values_that_disagree_differ(by_value, a, b):
    for lacking in (True, False):
        by_value(lacking)
        assert _differ(a, b)


def test_align_figures_a_figure_one_side_lacks_differs_only_when_set(by_value):
    a, b = "The strike closed 40 schools across the county.", "The strike closed schools across the county."
    by_value(True)
    assert _differ(a, b)
    by_value(False)
    assert not _differ(a, b)


def test_align_figures_a_year_and_a_count_are_not_compared(by_value):
    by_value(False)
    assert not _differ("The pact was signed in 2001 by both sides.", "The pact was signed by the 2 sides.")
    by_value(True)
    assert _differ("The pact was signed in 2001 by both sides.", "The pact was signed by the 2 sides.")


def test_align_figures_as_written_when_not_by_value(monkeypatch):
    # by_value = false restores sessions 12-14: the figures as written.
    data = dict(align._figure_rules())
    data.update(by_value=False)
    monkeypatch.setattr(align, "_figure_rules", lambda: data)
    assert _differ("Consumer prices rose 3.2 percent.", "Consumer prices rose 3.20 percent.")
    assert not _differ("Consumer prices rose 3.2 percent.", "Consumer prices rose 3.2% in May.")


@pytest.mark.parametrize("a, b, differ", [
    # two ranks: the cross-encoder reads past them as it does past a count
    ("Hollis is the third league coach to be fired this season.", "Hollis is the fifth league coach to be fired this season.",
     True),
    ("He was charged with first-degree murder.", "He was charged with second-degree murder on Friday.", True),
    ("Hollis is the third league coach to be fired this season.", "Hollis was the third coach fired this season.",
     False),
    # a rank one side lacks is no difference when only disagreeing figures count
    ("Prices fell for the first time in 2020.", "Prices fell in 2020.", False),
])
def test_align_figures_ordinals_that_disagree_differ(by_value, a, b, differ):
    by_value(False)
    assert _differ(a, b) is differ


def test_align_figures_a_shared_ordinal_is_not_one_statement():
    # "the first time" is too common for a shared rank to say two reports state one thing.
    from newsprism.reconcile.verdicts import _one_statement
    from newsprism.reconcile.claims import ClaimUnit

    a = ClaimUnit(article="a", sentence=0, text="The river flooded the town for the first time.")
    b = ClaimUnit(article="b", sentence=0, text="Voters chose a woman mayor for the first time.")
    assert not _one_statement(a, b)


def test_align_figures_one_length_in_two_units_differs(by_value):
    # data/claims_align.toml [figures] unit_words: "200 feet" and "200 metres"
    # are two falls, however alike the number (figures of two kinds: each is
    # one the other lacks); one unit written two ways agrees.
    by_value(True)
    assert _differ("The hiker fell about 150 feet from the ledge.", "The hiker fell about 150 metres from the ledge.")
    assert not _differ("The hiker fell 150 feet from the ledge.", "The hiker fell 150 foot from the ledge.")
