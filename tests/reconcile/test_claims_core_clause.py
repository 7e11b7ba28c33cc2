"""The core of a claim, without the apposition, relative clause or
circumstance it adds at its end, is a claim of its own besides it
(issue 9; claims_filters ``[core_clause]``): three outlets that open on one
event each add their own circumstance, and their cores say the same.  Own
sentences, invented names."""

import pytest

from newsprism.reconcile.claims import extract_claims

from builders import claims_of_one, claims_of_two


NAMES = [("Ellen Marsh", "PERSON"), ("Tom Reddy", "PERSON"), ("Ann Cole", "PERSON"), ("Monday", "DATE"),
         ("Easton", "GPE")]


def _named(text: str) -> list[tuple[str, str]]:
    return [m for m in NAMES if m[0] in text]


def _texts(make_article, sentence: str) -> list[str]:
    # every claim cites its sentence and its characters
    return [u.text for u in claims_of_one(sentence, mentions=_named(sentence))]


@pytest.mark.parametrize("text, core", [
    # an apposition about a name, with its relative clause, to the end
    ("Governor Ellen Marsh on Monday dismissed Harbour Commissioner Tom Reddy, a holdover from the last "
     "administration who had angered the ferry unions.",
     "Governor Ellen Marsh on Monday dismissed Harbour Commissioner Tom Reddy"),
    # a circumstance of the verb, opened by a preposition
    ("Governor Ellen Marsh dismissed Harbour Commissioner Tom Reddy on Monday amid a long dispute over his "
     "handling of the ferry budget.",
     "Governor Ellen Marsh dismissed Harbour Commissioner Tom Reddy on Monday"),
    # ... or by a conjunction, in a reported clause: the speaker is not the claim
    ("Governor Ellen Marsh on Monday dismissed the Easton harbour commissioner after he refused to resign, "
     "her office said.",
     "Governor Ellen Marsh on Monday dismissed the Easton harbour commissioner"),
    # a purpose the object is told with, to the end
    ("Governor Ellen Marsh signed a decree on Monday aimed at cutting the waiting lists of the Easton "
     "hospitals as the health board struggles with a shortage of nurses.",
     "Governor Ellen Marsh signed a decree on Monday"),
    # ... or up to a circumstance of the verb
    ("Governor Ellen Marsh on Monday signed a decree intended to shorten hospital waiting lists after "
     "a report found that patients in Easton wait twice as long as elsewhere.",
     "Governor Ellen Marsh on Monday signed a decree"),
    # a participle of what the object does, with its own circumstance
    ("Governor Ellen Marsh signed a decree on Monday closing the Easton harbour to ferry traffic "
     "following a collision between two boats.",
     "Governor Ellen Marsh signed a decree on Monday"),
])
def test_claims_core_clause_is_a_claim_besides_the_sentence(make_article, text, core):
    texts = _texts(make_article, text)
    assert texts[0] == text  # the sentence stays a claim, whole
    assert core in texts[1:]


@pytest.mark.parametrize("text", [
    # names nothing: "two people died" after one thing and after another are two facts
    "Two people died after a tree fell on their car during the storm.",
    # the apposition is a name: what the sentence says
    "Governor Ellen Marsh on Monday dismissed the harbour commissioner, Tom Reddy.",
    # a comma inside the apposition: the parse may hang the rest of the claim on it
    "Governor Ellen Marsh named Ann Cole, the deputy harbour commissioner, to serve as commissioner "
    "until a permanent nominee is chosen.",
    # without its participle the object names only its signer: no core
    "Ellen Marsh signed a decree closing the ferry port to all traffic.",
])
def test_claims_core_clause_not_made_up(make_article, text):
    texts = _texts(make_article, text)
    assert texts[0] == text
    assert not any(len(t) < len(text) and text.startswith(t) and "Marsh" in t and t.endswith(
        ("Reddy", "Cole", "commissioner", "died", "decree")) for t in texts[1:])


def test_claims_core_clause_of_a_cut_fragment_is_no_claim(make_article):
    first = "The harbour council approved the new budget for the ferry port on Monday."
    last = "Governor Ellen Marsh named Ann Cole as..."
    units = extract_claims([make_article("a", [first, last], mentions=[(1, "Ellen Marsh", "PERSON"),
                                                                        (1, "Ann Cole", "PERSON")])])
    assert [u.text for u in units] == [first]


FIRST = ("Governor Ellen Marsh on Monday dismissed Harbour Commissioner Tom Reddy, a holdover from the last "
         "administration who had angered the ferry unions.")
SECOND = ("Governor Ellen Marsh dismissed Harbour Commissioner Tom Reddy on Monday amid a long dispute over his "
          "handling of the ferry budget.")


def test_claims_core_clause_stated_by_two_independent_outlets_is_corroborated():
    claims = claims_of_two(FIRST, SECOND, {"a": "a", "b": "b"}, mentions=NAMES)
    (claim,) = [c for c in claims if c.verdict == "corroborated"
                and {r.text for r in c.reports} == {FIRST.split(",")[0], SECOND.split(" amid")[0]}]
    assert {r.article for r in claim.reports} == {"a", "b"} and claim.independent_sources == 2


def test_claims_core_clause_stated_by_a_retelling_is_one_family():
    claims = claims_of_two(FIRST, SECOND, {"a": "a", "b": "a"}, mentions=NAMES)
    assert all(c.verdict != "corroborated" for c in claims)
