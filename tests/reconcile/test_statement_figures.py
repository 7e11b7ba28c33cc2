"""Figures that are statements about one referent (reconcile/statement_figures.py):
a time within a round, a title defence's ordinal, a listed group's ages; each
with the look-alikes that must never conflict."""

from newsprism.config import load_config
from newsprism.reconcile.align import group_pairs, score_pairs
from newsprism.reconcile.claims import extract_claims
from newsprism.reconcile.verdicts import find_conflicts


def _conflicts(articles, word):
    config = load_config()
    units = extract_claims(articles, config=config)
    groups = group_pairs(units, score_pairs(units, config=config))
    roots = {a.article.id: a.article.id for a in articles}
    conflicts, _ = find_conflicts(units, groups, config=config, roots=roots)
    return [c for c in conflicts if word in c.about]


def test_statement_figures_two_times_in_one_round_conflict(make_article):
    a = make_article("a", ["Referee Dan Ortiz stopped the fight 40 seconds into the ninth round as Petrov sagged "
                           "against the ropes."], published="2026-05-03")
    # b names no one a does not: the same bout.
    b = make_article("b", ["Petrov went down early in the ninth and the referee stopped the bout at the 2:09 "
                           "mark, his trainer said."], published="2026-05-04")
    (conf,) = _conflicts([a, b], "into the round")
    assert conf.slot == "time_in_round" and conf.kind == ""
    assert {s.value: s.articles for s in conf.sides} == {"0:40": ["a"], "2:09": ["b"]}
    assert "round 9" in conf.about and "Petrov" in conf.about


def test_statement_figures_time_of_day_is_no_time_in_the_round(make_article):
    a = make_article("a", ["Referee Dan Ortiz stopped the fight 40 seconds into the ninth round as Petrov sagged "
                           "against the ropes."])
    b = make_article("b", ["The bout, which the referee stopped in the ninth round, had begun at 2:09 p.m. before a "
                           "crowd of Petrov fans."])
    assert _conflicts([a, b], "into the round") == []


def test_statement_figures_a_boxers_two_fights_never_conflict(make_article):
    # The same round of two bouts: each names its own opponent.
    a = make_article("a", ["Ivanov stopped Petrov 40 seconds into the ninth round in Sofia."])
    b = make_article("b", ["Ivanov stopped Kowalski at the 2:09 mark of the ninth round in Warsaw."])
    assert _conflicts([a, b], "into the round") == []
    c = make_article("c", ["The win over Petrov was Ivanov's third defense of the WBA belt."])
    d = make_article("d", ["Ivanov retained his World Boxing Association title for the fourth time against "
                           "Kowalski."])
    assert _conflicts([c, d], "defence") == []


def test_statement_figures_two_ordinals_of_one_title_defence_conflict(make_article):
    # "WBA" and "World Boxing Association" are one title.
    a = make_article("a", ["The stoppage was Ivanov's third defense of the WBA belt."])
    b = make_article("b", ["Ivanov retained his World Boxing Association title for the fourth time."])
    (conf,) = _conflicts([a, b], "defence")
    assert {s.value: s.articles for s in conf.sides} == {"defence 3": ["a"], "defence 4": ["b"]}
    assert "WBA" in conf.about and "Ivanov" in conf.about


def test_statement_figures_a_future_defence_takes_no_side(make_article):
    a = make_article("a", ["The stoppage was Ivanov's third defense of the WBA belt."])
    b = make_article("b", ["Ivanov will defend his WBA title for the fourth time in March."])
    assert _conflicts([a, b], "defence") == []


def test_statement_figures_one_age_of_a_listed_group_conflicts(make_article):
    a = make_article("a", ["Police found the bodies of two men -- 52 and 30-years-old -- in a flat on Mill Lane."])
    b = make_article("b", ["The men killed, who were 57 and 30 years old, have not been named."])
    (conf,) = _conflicts([a, b], "age of one of")
    assert {s.value: s.articles for s in conf.sides} == {"52": ["a"], "57": ["b"]}
    assert "30" in conf.about  # the age both agree on says the group is one


def test_statement_figures_ages_of_different_groups_never_conflict(make_article):
    # Different people: no age in common, another group noun, or one age alone.
    a = make_article("a", ["Police found the bodies of two men -- 52 and 30-years-old -- in a flat on Mill Lane."])
    b = make_article("b", ["The men arrested, who were 24 and 19 years old, have not been named."])
    c = make_article("c", ["The women rescued, who were 57 and 30 years old, have not been named."])
    d = make_article("d", ["A 57-year-old man was found in a flat on Mill Lane."])
    assert _conflicts([a, b], "age of one of") == []
    assert _conflicts([a, c], "age of one of") == []
    assert _conflicts([a, d], "age of one of") == []


def test_statement_figures_one_persons_relative_given_two_ages_conflicts(make_article):
    # "his mother" is the mother of the sentence's named subject: one referent.
    a = make_article("a", ["Police found Novak's mother, Eva Novak, 61, in the flat on Friday."])
    b = make_article("b", ["Marek Novak is accused of killing his mother, 68, in the flat."])
    (conf,) = _conflicts([a, b], "mother")
    assert conf.slot == "age"
    assert {s.value: s.articles for s in conf.sides} == {"61": ["a"], "68": ["b"]}


def test_statement_figures_two_peoples_mothers_never_conflict(make_article):
    a = make_article("a", ["Police found Novak's mother, Eva Novak, 61, in the flat on Friday."])
    b = make_article("b", ["Brandt's mother, 68, told reporters her son was at home on Friday."])
    c = make_article("c", ["Police said he had killed his mother, 68, in the flat."])  # no named subject
    assert _conflicts([a, b], "mother") == []
    assert _conflicts([a, c], "mother") == []
