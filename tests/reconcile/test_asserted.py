"""What a claim asserts without its attribution frame (reconcile/asserted.py)."""

import pytest

from newsprism.reconcile.asserted import asserted_text
from newsprism.reconcile.claims import ClaimUnit


@pytest.fixture(scope="module")
def said():
    from newsprism.analyze.nlp import load_nlp

    nlp = load_nlp()

    def read(text: str, span=None) -> str:
        return asserted_text(ClaimUnit(article="a", sentence=0, text=text if span is None else text[span[0]:span[1]],
                                       sentence_text=text, doc=nlp(text), span=span))
    return read


def test_asserted_drops_a_trailing_speaker(said):
    assert said("Officers found a shotgun and three shells in the vehicle, Pickell said.") == \
        "Officers found a shotgun and three shells in the vehicle"


def test_asserted_drops_the_speaker_and_a_leading_clause_of_the_cue(said):
    assert said("When LaCalamita was arrested, police said they found a shotgun in his vehicle.") == \
        "they found a shotgun in his vehicle"
    assert said("Police said that the car then sideswiped a parked vehicle.") == "the car then sideswiped a parked vehicle"


def test_asserted_drops_according_to(said):
    assert said("According to the fire service, two people died in the blaze.") == "two people died in the blaze"


def test_asserted_keeps_verbs_that_turn_or_weaken_what_they_report(said):
    # "denied" is no frame: dropping it would state the opposite.
    assert said("The man denied that he set the fire, police said.") == "The man denied that he set the fire"
    assert said("The man denied that he set the fire.") == "The man denied that he set the fire."
    assert said("Police did not say whether the man was armed.") == "Police did not say whether the man was armed."


def test_asserted_reads_a_sentence_without_a_frame_as_written(said):
    text = "Two people died in the blaze on Sunday."
    assert said(text) == text
    assert said("The company said in a statement.") == "The company said in a statement."


def test_asserted_stays_inside_the_claims_span(said):
    text = "The fire began at noon, and officers found a shotgun in the car, police said."
    start = text.index("officers")
    out = said(text, (start, len(text)))
    assert "fire" not in out and "said" not in out and out.startswith("officers found a shotgun")
