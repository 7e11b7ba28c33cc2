"""Denials that do not align (reconcile/denials.py), on hand-built articles
parsed by the real model: a person's weapon affirmed in one report and denied
in another, and the look-alikes that must never take sides."""

from newsprism.config import load_config
from newsprism.reconcile.align import group_pairs, score_pairs
from newsprism.reconcile.claims import extract_claims
from newsprism.reconcile.verdicts import find_conflicts


def _denials(articles):
    config = load_config()
    units = extract_claims(articles, config=config)
    groups = group_pairs(units, score_pairs(units, config=config))
    roots = {a.article.id: a.article.id for a in articles}
    conflicts, _ = find_conflicts(units, groups, config=config, roots=roots)
    return [c for c in conflicts if c.kind == "denial" and c.about.startswith("whether ")]


def _armed(conflicts):
    return [c for c in conflicts if "had a weapon" in c.about]


def test_denials_weapon_affirmed_and_denied_by_a_pronoun_conflict(make_article):
    a = make_article("a", ["Detectives said Tomas Brandt pointed a pistol at two officers outside the bakery."],
                     published="2026-04-01")
    b = make_article("b", ["Tomas Brandt was shot on Monday night outside the bakery.",
                           "His family deny that he was carrying a weapon."], published="2026-04-02")
    (conf,) = _armed(_denials([a, b]))
    assert conf.slot == "what" and conf.severity == "high"
    by_value = {s.value.split(" (")[0]: s for s in conf.sides}
    assert set(by_value) == {"affirmed", "denied"}
    assert by_value["affirmed"].articles == ["a"] and by_value["denied"].articles == ["b"]
    assert by_value["affirmed"].first_reported == "2026-04-01"
    # The label says whose proposition it is and how the pronoun was read.
    assert "Tomas Brandt" in conf.about and "“he”" in conf.about


def test_denials_named_denial_conflicts_with_an_act_that_entails_it(make_article):
    a = make_article("a", ["Tomas Brandt aimed a revolver at the guards, police said."])
    b = make_article("b", ["A neighbour said Brandt did not have a gun in his hand."])
    (conf,) = _armed(_denials([a, b]))
    assert {s.articles[0] for s in conf.sides} == {"a", "b"}


def test_denials_a_denied_act_does_not_deny_having(make_article):
    # "did not point the gun" says nothing against "had a pistol".
    a = make_article("a", ["Tomas Brandt had a pistol in his coat, police said."])
    b = make_article("b", ["A neighbour said Tomas Brandt did not point the gun at anyone."])
    assert _denials([a, b]) == []


def test_denials_a_different_person_or_proposition_never_conflicts(make_article):
    a = make_article("a", ["Tomas Brandt pointed a pistol at two officers, police said."])
    b = make_article("b", ["A neighbour said Karel Novak did not have a gun."])
    c = make_article("c", ["Tomas Brandt denied that he had stolen the van."])
    assert _denials([a, b]) == []
    assert _denials([a, c]) == []


def test_denials_hedged_or_supposed_sentences_take_no_side(make_article):
    a = make_article("a", ["Tomas Brandt allegedly pointed a pistol at two officers."])
    b = make_article("b", ["A neighbour said Tomas Brandt did not have a gun."])
    c = make_article("c", ["His sister said that even if Tomas Brandt had a gun, he would never point it at anyone."])
    d = make_article("d", ["Investigators have not determined whether Tomas Brandt carried a pistol."])
    assert _denials([a, b]) == []
    assert _denials([c, b]) == []
    assert _denials([d, b]) == []


def test_denials_a_pronoun_reported_by_another_person_is_theirs(make_article):
    # "the officer said he had a gun": "he" is the officer, not Brandt.
    a = make_article("a", ["Tomas Brandt was shot outside the bakery.", "The officer said he had a gun drawn."])
    b = make_article("b", ["A neighbour said Tomas Brandt did not have a gun."])
    assert _denials([a, b]) == []


def test_denials_a_pronoun_with_two_named_people_is_not_resolved(make_article):
    a = make_article("a", ["Karel Novak pointed a pistol at the guards, police said.",
                           "Tomas Brandt was also at the bakery.", "Police say he pointed a pistol at them."])
    b = make_article("b", ["A neighbour said Tomas Brandt did not have a gun."])
    assert _denials([a, b]) == []


def test_denials_the_denied_side_names_who_denies(make_article):
    # The sentence's first clause is the police's; the denial is the family's.
    a = make_article("a", ["Detectives said Tomas Brandt pointed a pistol at two officers outside the bakery."])
    b = make_article("b", ["Police said a pistol was found at the scene, but the family of Tomas Brandt deny that "
                           "he was carrying a weapon."])
    (conf,) = _armed(_denials([a, b]))
    denied = next(s for s in conf.sides if s.value.startswith("denied"))
    assert denied.said_by == ["the family of Tomas Brandt"]
    assert "deny that" in denied.sentences[0].text


def test_denials_a_role_noun_stands_only_for_a_person_it_describes(make_article):
    a = make_article("a", ["Detectives said Tomas Brandt pointed a pistol at two officers outside the bakery."])
    b = make_article("b", ["Tomas Brandt was shot outside the bakery.", "A witness said the boy did not have a gun."])
    c = make_article("c", ["The boy, Tomas Brandt, was shot outside the bakery.",
                           "A witness said the boy did not have a gun."])
    assert _denials([a, b]) == []  # "the boy" is never written beside Brandt's name
    (conf,) = _armed(_denials([a, c]))
    assert "“the boy”" in conf.about


def test_denials_a_question_or_another_times_act_takes_no_side(make_article):
    b = make_article("b", ["A neighbour said Tomas Brandt did not have a gun."])
    asked = make_article("q", ["What is Tomas Brandt pointing a pistol at, with six officers in front of him?"])
    before = make_article("y", ["In 2019, Tomas Brandt was convicted of holding a knife to a clerk's throat."])
    assert _denials([asked, b]) == []
    assert _denials([before, b]) == []


def test_denials_hypothetical_words_are_one_source_for_both_denial_kinds():
    from newsprism.data import load_toml
    from newsprism.reconcile.denials import hypothetical_rules

    data = load_toml("reconcile_hypothetical")
    rules = hypothetical_rules()
    # The words read anywhere in a sentence are marks of the parse path too,
    # so that the two kinds of denial never disagree about one conditional.
    assert set(data["anywhere"]) <= set(data["marks"]) == set(rules.marks)
    said = ["Officials say the ship would not have sunk unless the pumps failed.",
            "They couldn't have known, the coach said.", "If she left, nobody saw it."]
    assert all(any(p.search(s) for p in rules.sentence) for s in said)
    plain = ["The iffy pass was not caught.", "The ship did not sink, officials said."]
    assert not any(p.search(s) for p in rules.sentence for s in plain)
    # Neither denial path reads the lists it used to hold.
    assert "hypothetical" not in load_toml("reconcile_denials")["words"]
    assert "hypothetical" not in load_toml("verdicts_comparisons")["denial"]
