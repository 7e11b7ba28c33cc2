"""Statements made inside one clause of a sentence are claims of their own
(issue 9, item 1): a counted part of a whole ("..., including two
children"), a reason given as a fact ("..., as he was driving a red van"),
and a clause cut from "X announced <thing> and ...".  Each cites its
sentence and the characters it covers; nothing that asserts nothing becomes
a claim.  Own sentences, invented names."""

import pytest

from builders import claims_of_one, claims_of_two


def _units(make_article, sentence: str):
    return claims_of_one(sentence)  # every claim cites its sentence and its characters


def test_claims_embedded_coordination_after_a_reported_thing_gives_two_claims(make_article):
    # "announced the capture of 41 posts" states a thing (a noun object),
    # not an attribution of the clause beside it: two claims, and the second
    # is not the army's.
    units = _units(make_article, "The army announced the capture of 41 posts and many residents fled north on Sunday.")
    assert [u.text for u in units] == ["The army announced the capture of 41 posts",
                                       "many residents fled north on Sunday."]
    assert units[1].slots["source"] == []


def test_claims_embedded_age_apposition_gives_an_age_claim(make_article):
    units = _units(make_article, "The fisherman Omar Nasr, 61, said the shelling began at dawn on Tuesday.")
    assert [u.text for u in units][1:] == ["Omar Nasr, 61"]
    assert units[1].passing  # said in passing about a name


@pytest.mark.parametrize("text, part", [
    ("The blast killed 12 people, including two children, and injured 40 more.",
     "The blast killed 12 people, including two children"),
    ("The flood cut the valley road in six places, including two bridges.", "six places, including two bridges"),
    # a parser that hangs the next clause on the part is not followed
    ("The official toll stood on Thursday at 31 dead, including four firefighters, and more than 150 injured.",
     "31 dead, including four firefighters"),
])
def test_claims_embedded_counted_part_of_a_whole_is_a_claim(make_article, text, part):
    units = _units(make_article, text)
    assert units[0].text == text  # the sentence stays a claim, whole
    assert [u.text for u in units[1:]] == [part]
    assert not units[1].passing  # it states the event: it may align with whole sentences


def test_claims_embedded_reason_clause_is_a_claim(make_article):
    units = _units(make_article, "Nobody in the village trusted the new mayor, as he was driving a red van.")
    assert [u.text for u in units][1:] == ["he was driving a red van"]


@pytest.mark.parametrize("text", [
    # no figure: it says who was there, not how many
    "The raid freed 14 hostages, including the mayor, after a week of talks.",
    # the part runs on into a relative clause: not cut in the middle
    "Police held 23 sailors, including five Indians who had signed on in Mumbai.",
    # "as the captain had warned": a source, not a fact
    "The ferry sank near the pier, as the captain had warned two days earlier.",
    # a condition asserts nothing
    "The bridge will reopen in May, if the weather holds through the spring.",
    # a clause hung on the attribution
    "The dam is holding, the regional governor said on Monday, as crews worked through the night.",
    # a fronted clause ("As the troops advanced, ..."): not after its main clause
    "As the troops advanced along the river, the villagers fled to the hills.",
    # the object points back into the other clause: alone it says nothing
    "Sayegh said that the commander left the town in January, crossing the river at night, "
    "and two security officials confirmed this account to the newspaper.",
])
def test_claims_embedded_not_made_up(make_article, text):
    assert [u.text for u in _units(make_article, text)] == [text]


FIRST = "The blast at the fuel depot killed 12 people, including two children, and injured 40 more on Friday."
SECOND = "The blast at the fuel depot killed 12 people, including two children, the police said."


def test_claims_embedded_part_restated_by_an_independent_outlet_is_corroborated(make_article):
    # The whole sentences differ (the injured, the day, the attribution); the
    # part both state is one claim, confirmed by two sources.
    claims = claims_of_two(FIRST, SECOND, {"a": "a", "b": "b"})
    (claim,) = [c for c in claims if c.verdict == "corroborated"]
    assert [(r.article, r.text) for r in claim.reports] == [
        ("a", "The blast at the fuel depot killed 12 people, including two children"),
        ("b", "The blast at the fuel depot killed 12 people, including two children")]
    assert claim.independent_sources == 2
    assert all(r.span == [0, 68] for r in claim.reports)


def test_claims_embedded_part_restated_by_a_retelling_is_one_family(make_article):
    # b retells a: the same part, aligned, but one source however many copies.
    claims = claims_of_two(FIRST, SECOND, {"a": "a", "b": "a"})
    assert all(c.verdict != "corroborated" for c in claims)
    (claim,) = [c for c in claims if any(r.span for r in c.reports)]
    assert {r.article for r in claim.reports} == {"a", "b"} and claim.independent_sources == 1


def test_claims_embedded_seeds_cut_the_retellings_restatements(seeds_report):
    # 001 retells 000.  Its sentence "The author of the report said, that the
    # town witnessed heavy fighting ... and that 'the Syria Democratic Forces
    # announced yesterday the control of 41 sites ...'" now gives the 41 sites
    # a claim of its own, and "..., as he was using a red Opel" the car.
    report, _, by_seed = seeds_report
    texts = {(r.article, r.text) for c in report.claims for r in c.reports}
    assert any(a == by_seed["001"] and t.startswith("“the Syria Democratic Forces announced yesterday the control of 41")
               for a, t in texts)
    assert (by_seed["001"], "he was using a red Opel") in texts
    # No claim resting on a cut statement is corroborated unless two source
    # families state it, and none resting on the retelling and its original alone.
    for c in report.claims:
        if c.verdict == "corroborated":
            arts = {r.article for r in c.reports}
            assert arts != {by_seed["000"], by_seed["001"]}


def test_claims_clause_readers_end_on_a_doc_whose_root_keeps_another_label():
    # A clause cut out with Span.as_doc keeps its root's label ("conj"), so a
    # climb that stops only at "ROOT" must also stop where a token is its own
    # head (spaCy makes a new Token object on every .head: compare indices).
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from newsprism.reconcile.claims import _clause_of, _relative_clause_of

    words = ["the", "port", "stayed", "closed"]
    doc = Doc(Vocab(), words=words, heads=[1, 2, 2, 2], deps=["det", "nsubj", "conj", "acomp"])
    from builders import returns_within

    assert doc[2].head.i == 2 and doc[2].dep_ == "conj"
    assert returns_within(lambda: [_clause_of(doc, 0), _relative_clause_of(doc, 11)]) == [[None, None]]
