"""Conflicts and verdicts, on hand-built articles."""

from newsprism.config import load_config
from newsprism.reconcile.align import group_pairs, score_pairs
from newsprism.reconcile.claims import extract_claims
from newsprism.reconcile.verdicts import build_claims, find_conflicts


def _run(articles, roots=None, config=None):
    config = config or load_config()
    units = extract_claims(articles, config=config)
    groups = group_pairs(units, score_pairs(units, config=config))
    conflicts, by_unit = find_conflicts(units, groups, config=config)
    roots = roots or {a.article.id: a.article.id for a in articles}
    claims, _ = build_claims(units, groups, by_unit, roots)
    return conflicts, claims


def test_verdicts_counts_in_different_sentences_conflict_by_context(make_article):
    a = make_article("a", [
        "Police say the old fort is still held by about 60 armed men who refuse to leave.",
        "The weather turned cold and wet over the valley during the night.",
    ], quantities=[dict(sentence=0, text="about 60", value=60, low=54, high=66, counted="man", hedge="about")])
    b = make_article("b", [
        "The leader was one of 90 gunmen in the group believed to remain inside the fort.",
        "Traders reopened their stalls at the market in the morning.",
    ], quantities=[dict(sentence=0, text="90", value=90, counted="gunman")])
    # "man" is no fighter concept: a different thing, no conflict.
    conflicts, _ = _run([a, b])
    assert conflicts == []
    a.quantities[0].counted = "militant"
    conflicts, claims = _run([a, b])
    (c,) = conflicts
    assert c.slot == "how_many"
    assert sorted((s.value, tuple(s.articles)) for s in c.sides) == [("90", ("b",)), ("about 60", ("a",))]
    assert all(s.sentences and s.sentences[0].sentence == 0 for s in c.sides)
    assert {cl.verdict for cl in claims if cl.reports[0].sentence == 0} == {"conflicting"}


def test_verdicts_hedged_counts_that_overlap_agree(make_article):
    a = make_article("a", ["Rescue teams say about 400 people remain trapped under the rubble tonight."],
                     quantities=[dict(sentence=0, text="about 400", value=400, counted="person", hedge="about")])
    b = make_article("b", ["Officials said 420 residents were still trapped in collapsed buildings."],
                     quantities=[dict(sentence=0, text="420", value=420, counted="resident")])
    assert _run([a, b])[0] == []
    narrow = load_config().replace(reconcile__hedge_margin=0.01)
    assert len(_run([a, b], config=narrow)[0]) == 1


def test_verdicts_vague_count_fitting_both_sides_takes_no_side(make_article):
    qs = [("a", "about 400", 400, 360, 440), ("b", "500", 500, None, None), ("c", "a few hundred", 300, 200, 900)]
    arts = []
    for aid, text, v, lo, hi in qs:
        arts.append(make_article(aid, [f"Officers think {text} fighters still hold the last district of the city."],
                                 quantities=[dict(sentence=0, text=text, value=v, low=lo, high=hi,
                                                  counted="fighter", hedge="about" if lo else None)]))
    conflicts, _ = _run(arts)
    assert len(conflicts) == 1
    assert sorted(a for s in conflicts[0].sides for a in s.articles) == ["a", "b"]


def test_verdicts_dates_of_a_once_event_conflict(make_article):
    a = make_article("a", ["Witnesses said that in August rebels tried to kill the general near his house."],
                     times=[dict(sentence=0, text="August", value="2017-08", precision="month")])
    b = make_article("b", ["A plot to kill the general was foiled on March 3, according to intelligence sources."],
                     times=[dict(sentence=0, text="March 3", value="2018-03-03", precision="day")])
    c = make_article("c", ["The attempt to kill the general happened in mid-August, a resident recalled."],
                     times=[dict(sentence=0, text="mid-August", value="2017-08-11", end_value="2017-08-20",
                                 precision="part-of-month")])
    conflicts, claims = _run([a, b, c])
    (conf,) = conflicts
    assert conf.slot == "when"
    sides = sorted(sorted(s.articles) for s in conf.sides)
    assert sides == [["a", "c"], ["b"]]


def test_verdicts_recurring_events_are_not_compared_unless_aligned(make_article):
    a = make_article("a", ["Gunmen attacked a police station in the east on Friday night."],
                     times=[dict(sentence=0, text="Friday night", value="2019-02-08", precision="day")])
    b = make_article("b", ["Two car bombs exploded near the stadium on Tuesday afternoon."],
                     times=[dict(sentence=0, text="Tuesday", value="2019-02-05", precision="day")])
    assert _run([a, b])[0] == []


def test_verdicts_comparison_objects_differ(make_article):
    a = make_article("a", ["At its height the movement ruled an area roughly the size of Portugal in the west."])
    b = make_article("b", ["The movement once ruled a territory comparable to a country like Austria."])
    (c,) = _run([a, b])[0]
    assert c.slot == "size"
    assert sorted(s.value for s in c.sides) == ["comparable to Austria", "roughly the size of Portugal"]


def test_verdicts_corroborated_needs_two_independent_sources(make_article):
    s = "The storm was very violent, it tore roofs off many houses in the port."
    a = make_article("a", [s])
    b = make_article("b", ["The storm was very fierce and tore the roofs off houses in the port."])
    _, claims = _run([a, b])
    (claim,) = claims
    assert claim.verdict == "corroborated" and claim.independent_sources == 2
    _, claims = _run([a, b], roots={"a": "a", "b": "a"})  # b retells a
    assert claims[0].verdict == "single-source" and claims[0].independent_sources == 1


def test_verdicts_counts_in_different_states_do_not_conflict(make_article):
    a = make_article("a", ["Aid workers say a few hundred civilians are believed to remain in the old town."],
                     quantities=[dict(sentence=0, text="a few hundred civilians", value=300, low=200, high=500,
                                      counted="civilian", hedge="a few")])
    b = make_article("b", ["More than 12,000 people have left the old town over the last three weeks."],
                     quantities=[dict(sentence=0, text="More than 12,000 people", value=12000, low=12000,
                                      high=15000, counted="people", hedge="more than")])
    assert _run([a, b])[0] == []
    # The same state ("remain") with figures that cannot both hold is one.
    b2 = make_article("b", ["More than 12,000 people still remain in the old town, the mayor told reporters."],
                      quantities=[dict(sentence=0, text="More than 12,000 people", value=12000, low=12000,
                                       high=15000, counted="people", hedge="more than")])
    (c,) = _run([a, b2])[0]
    assert sorted(s.articles[0] for s in c.sides) == ["a", "b"]


def test_verdicts_point_of_comparison_takes_no_side(make_article):
    a = make_article("a", ["The judges found that about 4,200 ballots had been counted twice, far more "
                           "than the 1,870 ballots that separated the two candidates."],
                     quantities=[dict(sentence=0, text="about 4,200 ballots", value=4200, low=3780, high=4620,
                                      counted="ballot", hedge="about"),
                                 dict(sentence=0, text="1,870 ballots", value=1870, counted="ballot")])
    b = make_article("b", ["According to the judges, some 4,200 ballots were counted twice, while the gap "
                           "between the two candidates was of 1,870 ballots only."],
                     quantities=[dict(sentence=0, text="some 4,200 ballots", value=4200, low=3780, high=4620,
                                      counted="ballot", hedge="some"),
                                 dict(sentence=0, text="1,870 ballots", value=1870, counted="ballot")])
    assert _run([a, b])[0] == []


def test_verdicts_rising_toll_is_a_conflict_of_kind_update(make_article):
    a = make_article("a", ["A blast tore through the depot late on Monday, killing at least 20 people."],
                     published="2024-05-06",
                     quantities=[dict(sentence=0, text="at least 20 people", value=20, low=20, high=25,
                                      counted="people", hedge="at least")])
    b = make_article("b", ["The number of people killed by the blast at the depot has risen to 35."],
                     published="2024-05-08", quantities=[dict(sentence=0, text="35", value=35)])
    (c,) = _run([a, b])[0]
    assert c.kind == "update" and "killed" in c.about
    assert [s.articles for s in sorted(c.sides, key=lambda s: s.value)] == [["b"], ["a"]]
    # The higher figure first: "at least 20" is still true of 35, no conflict;
    # a plain 20 after 35 is a plain conflict.
    a.article.published, b.article.published = "2024-05-09", "2024-05-07"
    assert _run([a, b])[0] == []
    a.quantities[0].hedge, a.quantities[0].low, a.quantities[0].high = None, None, None
    a.quantities[0].text = "20 people"
    (c,) = _run([a, b])[0]
    assert c.kind == "" and c.severity == "high"


def test_verdicts_dates_of_destroying_one_thing_conflict(make_article):
    a = make_article("a", ["The rebels cut the road to the south when they blew up the Kaya bridge on 12 June."],
                     times=[dict(sentence=0, text="12 June", value="2023-06-12", precision="day")])
    b = make_article("b", ["Since the Kaya bridge was destroyed in August, convoys have used a dirt track."],
                     times=[dict(sentence=0, text="August", value="2023-08", precision="month")])
    c = make_article("c", ["Since the Umba dam was destroyed in August, the fields have been dry."],
                     times=[dict(sentence=0, text="August", value="2023-08", precision="month")])
    (conf,) = _run([a, b])[0]
    assert conf.slot == "when" and "Kaya bridge" in conf.about
    assert _run([a, c])[0] == []  # another thing destroyed: no conflict
