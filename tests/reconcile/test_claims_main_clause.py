"""The main clause of a sentence that adds a participle clause after a
comma, or opens with one, is a claim of its own besides the sentence
(issue 9, item 1; claims_filters ``[main_clause]``): a report that states
only the main clause states the same proposition, and the sentence keeps
what the participle adds.  Own sentences, invented names and figures."""

import pytest

from newsprism.reconcile.claims import extract_claims

from builders import claims_of_one, claims_of_two


def _units(make_article, sentence: str):
    return claims_of_one(sentence)  # every claim cites its sentence and its characters


@pytest.mark.parametrize("text, main", [
    ("The number of ferry passengers in Norland fell 6% in 2021, dropping to the lowest level since 1988.",
     "The number of ferry passengers in Norland fell 6% in 2021"),
    ("Faced with a sharp rise in flu cases, Easton County will again require masks in its clinics.",
     "Easton County will again require masks in its clinics."),
])
def test_claims_main_clause_beside_a_participle_clause_is_a_claim(make_article, text, main):
    units = _units(make_article, text)
    assert units[0].text == text and units[0].span is None  # the sentence stays a claim, whole
    assert [u.text for u in units[1:]] == [main]
    assert not units[1].passing  # it states the event: it aligns with whole sentences


@pytest.mark.parametrize("text", [
    # the main clause only reports: who speaks, not what
    "The harbour authority said on Tuesday, citing figures from its own pilots.",
    # the participle hangs on a noun, not on the main verb
    "Inspectors closed the bridge built in 1931, and traffic moved to the ferry.",
    # no comma: the participle is a part of the clause
    "The mayor spent the morning visiting the flooded streets of the lower town.",
    # a quote opened before the comma and closed after it
    '"The river rose two metres overnight, flooding the lower town," the mayor of Easton said.',
])
def test_claims_main_clause_not_made_up(make_article, text):
    assert [u.text for u in _units(make_article, text)] == [text]


FIRST = "The number of ferry passengers in Norland fell 6% in 2021, reaching the lowest level since 1988."
SECOND = "The number of ferry passengers in Norland fell 6% in 2021, the harbour authority said."


def test_claims_main_clause_restated_by_an_independent_outlet_is_corroborated(make_article):
    # The whole sentences differ (what the participle adds); the main clause
    # both state is one claim, confirmed by two sources, citing its span.
    claims = claims_of_two(FIRST, SECOND, {"a": "a", "b": "b"})
    (claim,) = [c for c in claims if c.verdict == "corroborated"]
    assert {r.article for r in claim.reports} == {"a", "b"} and claim.independent_sources == 2
    (mine,) = [r for r in claim.reports if r.article == "a"]
    assert mine.text == "The number of ferry passengers in Norland fell 6% in 2021" and mine.span == [0, 57]


def test_claims_main_clause_restated_by_a_retelling_is_one_family(make_article):
    claims = claims_of_two(FIRST, SECOND, {"a": "a", "b": "a"})
    assert all(c.verdict != "corroborated" for c in claims)


@pytest.mark.parametrize("text", [
    "Dorsey was charged with criminally negligent homicide, vehicular manslaughter, "
    "leaving the scene of an accident and driving while intoxicated.",
    "Dorsey, 31, was charged with vehicular manslaughter, criminally negligent homicide, "
    "leaving the scene of an accident resulting in death and driving while intoxicated.",
])
def test_claims_main_clause_not_cut_from_a_list_of_charges(make_article, text):
    # "leaving the scene ..." is the third charge, not a clause of its own.
    assert [u.text for u in _units(make_article, text)][:1] == [text]
    assert not any(u.text.endswith(("manslaughter", "homicide")) for u in _units(make_article, text))


def test_claims_main_clause_alone_is_no_claim_of_its_own(make_article):
    # Through the stage: a main clause no other article's report joins is
    # dropped (its sentence stays the claim, counted once); one that another
    # report joins stays and corroborates.
    from newsprism.model import Story
    from newsprism.reconcile import reconcile_story

    a = make_article("a", [FIRST, "Harbour tolls were cut by a third in the spring, angering the ferry operators."])
    b = make_article("b", [SECOND])
    report = reconcile_story(Story("s", ["a", "b"]), [a, b])
    texts = [r.text for c in report.claims for r in c.reports if r.article == "a"]
    assert "Harbour tolls were cut by a third in the spring" not in texts
    assert any(t.startswith("Harbour tolls were cut by a third in the spring, angering") for t in texts)
    assert "The number of ferry passengers in Norland fell 6% in 2021" in texts


@pytest.mark.parametrize("last, kept", [
    # stops on a preposition: a fragment, no claim
    ("He insinuated that the ten-year ban on...", []),
    # stops on a verb: what was denied, or accepted, is not given
    ("Judge Ada Holt at the time also denied...", []),
    ("Instead of the port job, the harbour engineer accepted...", []),
    # stops inside a relative clause before its verb, or with no verb over it
    ("The station did air a short clip of the call in which the caller...", []),
    ("The toll rise - the steepest since 1982, when drivers paid a 7% surcharge...", []),
    # ... and so are quoted words cut right after their verb of saying
    ('"The harbour is a safety crisis that needs the kind of steady care only the coast guard can give," Lind, '
     'who is seen as a future minister, said...',
     ['"The harbour is a safety crisis that needs the kind of steady care only the coast guard can give," Lind, '
      'who is seen as a future minister, said...', "Lind, who is seen as a future minister"]),
    # quoted words whose speaker's cue was cut off are whole
    ('"The fishing fleet will be a crucial partner, helping steer money into cleaner boats," Fisheries Minister Ana Lind...',
     ['"The fishing fleet will be a crucial partner, helping steer money into cleaner boats," Fisheries Minister Ana Lind...']),
    # the main clause before the participle is whole: it stays, alone
    ("Hundreds of families gathered outside the harbour gates, adding to...",
     ["Hundreds of families gathered outside the harbour gates"]),
    # stops inside the last conjunct: what comes before its coordinator is whole
    ("The levy is the council's business if it has to keep paying to stop the harbour from flooding "
     "and helping reopen...",
     ["The levy is the council's business if it has to keep paying to stop the harbour from flooding"]),
    # stops inside a clause set off by a comma before its verb: what comes before the comma is whole
    ("The harbour toll, which covers ferries and barges, rose about 5 percent, while cargo...",
     ["The harbour toll, which covers ferries and barges, rose about 5 percent"]),
    ("The harbour toll rose about 5 percent, said Ana Lind (D-Velden), who...",
     ["The harbour toll rose about 5 percent, said Ana Lind (D-Velden)"]),
    # stops on a noun: what it says up to the cut stays a claim
    ("It passed 94-1 with Senator Ruth Calder as the lone vote...",
     ["It passed 94-1 with Senator Ruth Calder as the lone vote..."]),
])
def test_claims_cut_fragment_is_no_claim(make_article, last, kept):
    first = "The harbour council approved the new budget for the ferry port on Monday."
    units = extract_claims([make_article("a", [first, last])])
    assert units[0].text == first
    assert [u.text for u in units[1:]] == kept
    assert not any(u.besides for u in units)
