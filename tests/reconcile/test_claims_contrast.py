"""Two clauses joined by a contrast ("..., but it endorsed ...", "...,
while the toll in X stood at 12") are claims of their own (issue 9, item
1; claims_filters ``[contrast]``): other reports often state one of the two
facts alone.  A pronoun subject that is the first clause's subject is
carried over, shown before an ellipsis.  Own sentences, invented names and
figures."""

import pytest

from newsprism.reconcile.claims import _clause_parts

from builders import claims_of_one, claims_of_two

PANEL = ("The harbour council rejected a plan on Monday to close the ferry port to most traffic, "
         "but it approved the night ferries for the residents of the islands.")


def _units(make_article, sentence: str, **kw):
    return claims_of_one(sentence, **kw)  # every claim cites its sentence and the characters it covers


def test_claims_contrast_carries_the_subject_over(make_article):
    units = _units(make_article, PANEL, mentions=[("the islands", "LOC")])
    assert [u.text for u in units] == [
        "The harbour council rejected a plan on Monday to close the ferry port to most traffic",
        "The harbour council … approved the night ferries for the residents of the islands.",
    ]
    second = units[1]
    assert PANEL[second.carried[0]:second.carried[1]] == "The harbour council"
    assert PANEL[second.span[0]:second.span[1]] == "approved the night ferries for the residents of the islands."
    assert {"harbour", "council", "approve", "ferry"} <= second.terms  # the subject's words are the unit's
    assert [w["text"] for w in second.slots["where"]] == ["the islands"]


def test_claims_contrast_carried_subject_names_are_the_units(make_article):
    text = "Norland Ferries cut its winter timetable by a third, but it kept the night crossing to Easton."
    units = _units(make_article, text, mentions=[("Norland Ferries", "ORG"), ("Easton", "GPE")])
    assert units[1].text == "Norland Ferries … kept the night crossing to Easton."
    assert [w["text"] for w in units[1].slots["who"]] == ["Norland Ferries"]


@pytest.mark.parametrize("text, second", [
    ("The death toll in Norland rose to 43 on Sunday, while the toll across the border in Easton stood at 12.",
     "the toll across the border in Easton stood at 12."),
    ("A choir was rehearsing in the hall when the fire broke out, although every singer escaped without injury.",
     "every singer escaped without injury."),
])
def test_claims_contrast_subordinate_clause_after_a_comma_is_a_claim(make_article, text, second):
    assert [u.text for u in _units(make_article, text)][1:] == [second]


@pytest.mark.parametrize("text", [
    # the pronoun is the object of the first clause (passive against active)
    "The harbour council approved the new budget on Monday, but it was cut by the mayor a week later.",
    # the first clause reports: the pronoun may be what it reported
    "The ferry company said it was sending a ship to the islands, but it would not arrive until Monday.",
    # "it" names no one ("it was too late", "it took")
    "The lifeboat crew reached the wreck within an hour, but it was too late for the two fishermen.",
    "The harbour council rejected the ferry plan on Monday, but it took three hours of debate.",
    # number: a council is not "they"
    "The harbour council met on Monday for six hours, but they did not vote on the ferry plan.",
    # "while" with no subject of its own, and with no comma
    "The mayor of Easton was injured on Monday while inspecting the flooded ferry terminal.",
    "The mayor of Easton slipped on the quay while he was inspecting the flooded ferry terminal.",
    # the subject points back into the first clause
    "Half of the island ferries stopped on Monday, although that delay has now ended, the company said.",
])
def test_claims_contrast_not_made_up(make_article, text):
    units = _units(make_article, text)
    assert [u.text for u in units] == [text]
    # Not even a clause too short to be a unit of its own carries the subject.
    assert all(subject is None for _, subject in _clause_parts(units[0].doc))


def test_claims_contrast_half_restated_by_an_independent_outlet_is_corroborated():
    # The other outlet states only the second half: one claim, confirmed by
    # two sources, shown with the subject carried over.
    other = "The harbour council approved the night ferries for the residents of the islands on Monday."
    claims = claims_of_two(PANEL, other, {"a": "a", "b": "b"})
    (claim,) = [c for c in claims if c.verdict == "corroborated"]
    assert {r.article for r in claim.reports} == {"a", "b"} and claim.independent_sources == 2
    (mine,) = [r for r in claim.reports if r.article == "a"]
    assert mine.text == "The harbour council … approved the night ferries for the residents of the islands."


def test_claims_contrast_half_restated_by_a_retelling_is_one_family():
    other = "The harbour council approved the night ferries for the residents of the islands on Monday."
    claims = claims_of_two(PANEL, other, {"a": "a", "b": "a"})
    assert all(c.verdict != "corroborated" for c in claims)
