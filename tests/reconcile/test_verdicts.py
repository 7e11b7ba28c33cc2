"""Conflicts and verdicts, on hand-built articles."""

from newsprism.config import load_config
from newsprism.reconcile.align import group_pairs, score_pairs
from newsprism.reconcile.claims import extract_claims
from newsprism.reconcile.verdicts import build_claims, find_conflicts


def _run(articles, roots=None, config=None):
    config = config or load_config()
    units = extract_claims(articles, config=config)
    groups = group_pairs(units, score_pairs(units, config=config))
    roots = roots or {a.article.id: a.article.id for a in articles}
    conflicts, by_unit = find_conflicts(units, groups, config=config, roots=roots)
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


def test_verdicts_reports_on_two_sides_of_an_update_are_two_claims(make_article):
    # "killing at least 23" and "has risen to 31" aligned in one group are
    # the earlier figure and the later one: two statements, each its own
    # claim (labelled an update by the brief), never one restated.
    from newsprism.model import Conflict, ConflictSide, Report

    a = make_article("a", ["A blast tore through the depot late on Monday, killing at least 23 people."])
    b = make_article("b", ["The number of people killed by the blast at the depot has risen to 31."])
    c = make_article("c", ["The number of people killed by the blast at the depot has risen to 31, officials said."])
    # The whole sentences (a's main clause before "killing ..." is a unit
    # besides its sentence: [main_clause] of claims_filters).
    units = [u for u in extract_claims([a, b, c], config=load_config()) if u.span is None]
    assert [u.article for u in units] == ["a", "b", "c"]
    roots = {"a": "a", "b": "b", "c": "b"}  # c retells b
    sides = [ConflictSide("at least 23 people", ["a"], [Report("a", 0, units[0].text)]),
             ConflictSide("31", ["b"], [Report("b", 0, units[1].text)])]
    for kind, expected in (("update", [["a"], ["b", "c"]]), ("", [["a", "b", "c"]])):
        conflict = Conflict(id="k1", about="number of people killed", sides=sides, slot="how_many", kind=kind)
        claims, _ = build_claims(units, [[0, 1, 2]], {0: ["k1"], 1: ["k1"]}, roots, conflicts=[conflict])
        assert [[r.article for r in k.reports] for k in claims] == expected, kind
        assert {k.verdict for k in claims} == {"conflicting"}


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


# ------------------------------------------------------- false-conflict patterns (issue 10)


def _q(sentence, text, value, counted, **kw):
    return dict(sentence=sentence, text=text, value=value, counted=counted, **kw)


def test_verdicts_list_of_people_is_no_conflict_between_its_parts(make_article):
    # "two women and a man": the claims stage joins the nouns; 2 counts the women only.
    a = make_article("a", ["Police said two women and a man were killed when the bank caught fire downtown."],
                     quantities=[_q(0, "two women", 2, "woman and man")])
    b = make_article("b", ["Police said two women and one man died in the fire at the bank downtown."],
                     quantities=[_q(0, "two women", 2, "woman"), _q(0, "one man", 1, "man")])
    c = make_article("c", ["The bank workers killed in the fire downtown were one man and two women, police said."],
                     quantities=[_q(0, "one man", 1, "man"), _q(0, "two women", 2, "woman")])
    assert _run([a, b, c])[0] == []


def test_verdicts_one_sentence_is_never_on_both_sides(make_article):
    sent = "The judge handed down four sentences of life without parole and seven life sentences on Saturday."
    a = make_article("a", [sent], quantities=[_q(0, "four sentences", 4, "sentence"),
                                              _q(0, "seven life sentences", 7, "sentence")])
    b = make_article("b", [sent.replace("Saturday", "Saturday morning")],
                     quantities=[_q(0, "four sentences", 4, "sentence"), _q(0, "seven life sentences", 7, "sentence")])
    assert _run([a, b])[0] == []
    # Both figures in each sentence, in a cumulative state: still no side.
    a2 = make_article("a", ["Police said 18 people had been injured in the violence and 12 people were hurt later."],
                      quantities=[_q(0, "18 people", 18, "people"), _q(0, "12 people", 12, "people")],
                      published="2024-01-02")
    b2 = make_article("b", ["Police said 12 people were injured in the riots and 18 people hurt overall."],
                      quantities=[_q(0, "12 people", 12, "people"), _q(0, "18 people", 18, "people")],
                      published="2024-01-02")
    assert _run([a2, b2])[0] == []


def test_verdicts_split_vote_and_score_are_not_counts(make_article):
    a = make_article("a", ["The jury was deadlocked at 9-3 after four days of deliberations in the murder trial."],
                     quantities=[_q(0, "9", 9, "juror"), _q(0, "3 after", 3, "juror")])
    b = make_article("b", ["The jury was deadlocked at 10-2 after four days of deliberations in the murder trial."],
                     quantities=[_q(0, "10", 10, "juror"), _q(0, "2 after", 2, "juror")])
    assert _run([a, b])[0] == []


def test_verdicts_ages_of_different_people_never_conflict(make_article):
    a = make_article("a", ["Officers shot a 16-year-old boy who they said was holding a revolver on the street."],
                     quantities=[_q(0, "16-year-old", 16, "age")])
    b = make_article("b", ["Officers shot an 18-year-old boy who they said was holding a revolver on the street."],
                     quantities=[_q(0, "18-year-old", 18, "age")])
    assert _run([a, b])[0] == []


def test_verdicts_clock_times_are_not_counts(make_article):
    a = make_article("a", ["The workers had asked to leave the burning building since 12:00, the union said."],
                     quantities=[_q(0, "12", 12, "people")])
    b = make_article("b", ["The workers had asked to leave the burning building since 14:30, the union said."],
                     quantities=[_q(0, "14", 14, "people")])
    assert _run([a, b])[0] == []


def test_verdicts_money_is_normalised(make_article):
    a = make_article("a", ["Four men made off with a two-million-euro booty from the jewellery store on Monday."],
                     quantities=[_q(0, "two-million-euro", 2_000_000, "euro"), _q(0, "million-euro", 1_000_000, "euro")])
    b = make_article("b", ["Four men made off with a booty of €2m from the jewellery store on Monday."],
                     quantities=[_q(0, "€2", 2, "euro")])
    c = make_article("c", ["Four men made off with a booty of 2 million euros from the jewellery store on Monday."],
                     quantities=[_q(0, "2 million euros", 2_000_000, "euro")])
    assert _run([a, b, c])[0] == []
    d = make_article("d", ["Four men made off with a booty of €3m from the jewellery store on Monday."],
                     quantities=[_q(0, "€3", 3, "euro")])
    (conf,) = _run([c, d])[0]
    assert sorted(s.value for s in conf.sides) == ["2 million euros", "€3"]


def test_verdicts_date_label_comes_from_the_claims_own_words(make_article):
    # "assault" is a keyword of the offensive class, but these dates are the
    # conviction's and the return to prison's: no date of an assault at all.
    a = make_article("a", ["He was serving a life sentence after being convicted in June 1998 of aggravated assault."],
                     times=[dict(sentence=0, text="June 1998", value="1998-06", precision="month")])
    b = make_article("b", ["He finally returned to prison in June 1999 to serve a life sentence for aggravated assault."],
                     times=[dict(sentence=0, text="June 1999", value="1999-06", precision="month")])
    assert _run([a, b])[0] == []
    c = make_article("c", ["The singer launched her fashion line called Mantra in December, her agent said."],
                     times=[dict(sentence=0, text="December", value="--12", precision="month")])
    d = make_article("d", ["The singer launched her fashion line called Mantra in September, she told us."],
                     times=[dict(sentence=0, text="September", value="--09", precision="month")])
    (conf,) = _run([c, d])[0]
    assert "launched" in conf.about and "offensive" not in conf.about


def test_verdicts_vague_against_precise_is_its_own_kind(make_article):
    a = make_article("a", ['A witness said: "The fighting was very intense and many people were killed in the village."'])
    b = make_article("b", ["An intelligence official said the clash in the village left two people dead that night."],
                     quantities=[_q(0, "two people", 2, "people")])
    (conf,) = _run([a, b])[0]
    assert conf.kind == "vague-vs-precise" and conf.severity == "low"
    assert sorted(s.value for s in conf.sides) == ["many people", "two people"]
    # "a few hundred" against "about 400": compatible.
    c = make_article("c", ["Officers think a few hundred fighters still hold the last district of the city."],
                     quantities=[_q(0, "a few hundred fighters", 300, "fighter", low=200, high=500, hedge="a few")])
    d = make_article("d", ["Officers think about 400 fighters still hold the last district of the city."],
                     quantities=[_q(0, "about 400 fighters", 400, "fighter", low=360, high=440, hedge="about")])
    assert _run([c, d])[0] == []


def test_verdicts_denial_of_the_same_proposition(make_article):
    a = make_article("a", ["The police said the commander was killed in the air strike on the convoy."])
    b = make_article("b", ["The movement said the commander was not killed in the air strike on the convoy."])
    (conf,) = _run([a, b])[0]
    assert conf.kind == "denial" and conf.slot == "what"
    assert {s.value: s.articles for s in conf.sides} == {"affirmed": ["a"], "denied": ["b"]}
    assert {s.value: s.said_by for s in conf.sides} == {"affirmed": ["The police"], "denied": ["The movement"]}
    # Another proposition ("not only") is no denial.
    c = make_article("c", ["The movement said the commander was not only killed but also buried on the same day."])
    assert all(k.kind != "denial" for k in _run([a, c])[0])


def test_verdicts_sides_say_who_sources_and_when(make_article):
    a = make_article("a", ["Kurdish commanders believe about 400 fighters still hold the last pocket of the town."],
                     published="2019-02-09",
                     quantities=[_q(0, "about 400 fighters", 400, "fighter", low=360, high=440, hedge="about")])
    b = make_article("b", ["Intelligence officials believe 500 fighters still hold the last pocket of the town."],
                     published="2019-02-11", quantities=[_q(0, "500 fighters", 500, "fighter")])
    c = make_article("c", ["Intelligence officials believe 500 fighters still hold the last pocket of the town, a wire said."],
                     published="2019-02-12", quantities=[_q(0, "500 fighters", 500, "fighter")])
    conflicts, _ = _run([a, b, c], roots={"a": "a", "b": "b", "c": "b"})
    (conf,) = conflicts
    by_value = {s.value: s for s in conf.sides}
    assert by_value["500 fighters"].first_reported == "2019-02-11"
    assert by_value["500 fighters"].sources == ["b"]  # c retells b: one independent source
    assert by_value["about 400 fighters"].said_by and by_value["about 400 fighters"].first_reported == "2019-02-09"
    assert conf.severity == "high" and conf.kind == ""


def test_verdicts_one_sum_in_aligned_sentences_whatever_the_verb(make_article):
    a = make_article("a", ["Armed robbers made off with $108 million of diamonds from the Paris jeweller on Thursday."],
                     quantities=[_q(0, "$108 million", 108_000_000, "dollar")])
    b = make_article("b", ["Armed robbers snatched $137 million of diamonds from the Paris jeweller on Thursday."],
                     quantities=[_q(0, "$137 million", 137_000_000, "dollar")])
    (conf,) = _run([a, b])[0]
    assert sorted(s.value for s in conf.sides) == ["$108 million", "$137 million"]
    # "billions of euros" is true of 110 billion.
    c = make_article("c", ["The government agreed a bailout of billions of euros with the lenders at the weekend."],
                     quantities=[_q(0, "billions of euros", 3e9, "euro", low=2e9, high=9_999_999_999,
                                    hedge="billions of")])
    d = make_article("d", ["The government agreed a bailout of 110 billion euros with the lenders at the weekend."],
                     quantities=[_q(0, "110 billion euros", 110e9, "euro")])
    assert _run([c, d])[0] == []


def test_verdicts_bare_figure_takes_the_state_written_after_it(make_article):
    a = make_article("a", ["Officers said 18 people were hurt in the clashes and 12 arrested for looting and arson."],
                     published="2024-01-02",
                     quantities=[_q(0, "18 people", 18, "people"), _q(0, "12", 12, "people")])
    b = make_article("b", ["Police said 12 people were injured in the violence in the capital overnight."],
                     published="2024-01-02", quantities=[_q(0, "12 people", 12, "people")])
    # "12 arrested" is no injured figure: a's 18 injured against b's 12 injured.
    (conf,) = _run([a, b])[0]
    assert sorted(s.value for s in conf.sides) == ["12 people", "18 people"] and "injured" in conf.about


# ------------------------------------------------- sentences that differ only by their figures


def test_verdicts_masked_figures_pair_sentences_alignment_keeps_apart(make_article):
    # "cable" is no concept of the data file: only sentences that state the
    # same thing are compared, and the aligner counts 2 vs 3 against that.
    a = make_article("a", ["Phone and internet links across the region failed after two undersea cables off "
                           "the coast were badly damaged, the operator said."],
                     quantities=[_q(0, "two undersea cables", 2, "cable")])
    b = make_article("b", ["Internet users lost service on Friday when three undersea cables off the coast were "
                           "damaged, according to the ministry."],
                     quantities=[_q(0, "three undersea cables", 3, "cable")])
    (conf,) = _run([a, b])[0]
    assert sorted(s.value for s in conf.sides) == ["three undersea cables", "two undersea cables"]
    off = load_config().replace(reconcile__conflict_masked_threshold=1.01)
    assert _run([a, b], config=off)[0] == []


def test_verdicts_a_further_group_is_not_the_same_referent(make_article):
    b = make_article("b", ["About 30,000 people marched through the city centre on Sunday, police said."],
                     quantities=[_q(0, "About 30,000 people", 30000, "people", low=27000, high=33000, hedge="about")])
    a = make_article("a", ["Another 20,000 people marched through the city centre on Sunday, police said."],
                     quantities=[_q(0, "20,000 people", 20000, "people")])
    assert _run([a, b])[0] == []
    plain = make_article("a", ["Some 20,000 people marched through the city centre on Sunday, police said."],
                         quantities=[_q(0, "Some 20,000 people", 20000, "people", low=18000, high=22000,
                                        hedge="some")])
    assert len(_run([plain, b])[0]) == 1


def test_verdicts_figures_of_different_places_do_not_conflict(make_article):
    a = make_article("a", ["In Patras, about 20,000 people marched against the measures."],
                     mentions=[(0, "Patras", "GPE")],
                     quantities=[_q(0, "about 20,000 people", 20000, "people", low=18000, high=22000, hedge="about")])
    b = make_article("b", ["In Heraklion, 10,000 people marched against the measures."],
                     mentions=[(0, "Heraklion", "GPE")], quantities=[_q(0, "10,000 people", 10000, "people")])
    assert _run([a, b])[0] == []
    c = make_article("c", ["In Patras, 10,000 people marched against the measures."],
                     mentions=[(0, "Patras", "GPE")], quantities=[_q(0, "10,000 people", 10000, "people")])
    assert len(_run([a, c])[0]) == 1


def test_verdicts_side_speaker_comes_from_its_own_clause(make_article):
    sent = "The mayor condemned the looting, and police said 30 people were injured in the riots overnight."
    a = make_article("a", [sent], published="2024-01-02", quotes=[dict(sentence=0, text="condemned the looting",
                                                                       speaker="The mayor", direct=False)],
                     quantities=[_q(0, "30 people", 30, "people")])
    b = make_article("b", ["Officials said 12 people were injured in the riots overnight in the capital."],
                     published="2024-01-02", quantities=[_q(0, "12 people", 12, "people")])
    (conf,) = _run([a, b])[0]
    side = next(s for s in conf.sides if s.articles == ["a"])
    assert side.said_by == ["police"]


def test_verdicts_corrected_figure_is_an_update_not_a_dispute(make_article):
    a = make_article("a", ["Police said 12 people were injured in the riots on Monday night."],
                     published="2024-01-03", quantities=[_q(0, "12 people", 12, "people")])
    b = make_article("b", ["Police corrected the number of people injured in the riots on Monday night to 18, "
                           "from 12 reported earlier."], published="2024-01-02",
                     quantities=[_q(0, "18", 18, "people"), _q(0, "12", 12, "people")])
    (conf,) = _run([a, b])[0]
    assert conf.kind == "update" and conf.severity == "low" and "corrected" in conf.about
    assert {s.value for s in conf.sides} == {"12 people", "18"}
    b2 = make_article("b", ["Police said 18 people were injured in the riots on Monday night."],
                      published="2024-01-02", quantities=[_q(0, "18 people", 18, "people")])
    (conf,) = _run([a, b2])[0]
    assert conf.kind == "" and conf.severity == "high"


def test_verdicts_yearless_date_takes_the_year_the_timeline_gives(make_article):
    from newsprism.reconcile.timeline import build_timeline

    c = make_article("c", ["The singer launched her fashion line called Mantra in December, her agent said."],
                     published="2008-12-20",
                     times=[dict(sentence=0, text="December", value="--12", precision="month")])
    d = make_article("d", ["The singer launched her fashion line called Mantra in September, she told us."],
                     published="2008-12-21",
                     times=[dict(sentence=0, text="September", value="--09", precision="month")])
    config = load_config()
    units = extract_claims([c, d], config=config)
    groups = group_pairs(units, score_pairs(units, config=config))
    (conf,), _ = find_conflicts(units, groups, config=config, roots={"c": "c", "d": "d"})
    values = sorted(s.value for s in conf.sides)
    assert values == ["December (2008-12, year inferred)", "September (2008-09, year inferred)"]
    timeline = build_timeline(units, groups, [conf], published={"c": "2008-12-20", "d": "2008-12-21"})
    assert sorted(e.date for e in timeline) == ["2008-09", "2008-12"]


def test_verdicts_seeds_no_value_or_sentence_on_two_sides(seeds_report):
    report, _, _ = seeds_report
    assert report.conflicts
    for c in report.conflicts:
        values = [v.strip() for s in c.sides for v in s.value.split(" / ")]
        assert len(values) == len(set(values)), c.about
        refs = [(r.article, r.sentence) for s in c.sides for r in s.sentences]
        assert len(refs) == len(set(refs)), c.about


def test_verdicts_side_cites_a_sentence_once():
    from newsprism.reconcile.claims import ClaimUnit
    from newsprism.reconcile.conflicts.sources import _side

    units = [ClaimUnit(article="a", sentence=7, text="The launch was set for September", order=0),
             ClaimUnit(article="a", sentence=7, text="it slipped to the autumn", order=1),
             ClaimUnit(article="b", sentence=2, text="The launch was in September", order=2)]
    side = _side(units, "September", {})
    assert [(r.article, r.sentence) for r in side.sentences] == [("a", 7), ("b", 2)]


def test_verdicts_parse_one_uses_the_units_sentence_doc():
    from newsprism.reconcile.claims import ClaimUnit
    from newsprism.reconcile.conflicts.observe import _parse_one

    class FakeDoc:
        text = "Police said 12 were hurt."

    u = ClaimUnit(article="a", sentence=0, text="Police said 12 were hurt.", doc=FakeDoc())
    cache: dict = {}
    assert _parse_one(u.text, cache, u) is u.doc and cache == {}


def test_verdicts_upper_bound_is_an_interval_from_zero(make_article):
    # "as many as 20,000" is true of 8,000 (no dispute) but not of "roughly
    # 30,000": a bound exceeded by a later estimate is a disagreement.
    a = make_article("a", ["Officers said as many as 20,000 fighters still hold the eastern hills tonight."],
                     quantities=[_q(0, "as many as 20,000 fighters", 20000, "fighter", low=10000, high=20000,
                                    hedge="as many as")])
    b = make_article("b", ["Officers said 8,000 fighters still hold the eastern hills tonight."],
                     quantities=[_q(0, "8,000 fighters", 8000, "fighter")])
    assert _run([a, b])[0] == []
    c = make_article("c", ["Officers said roughly 30,000 fighters still hold the eastern hills tonight."],
                     quantities=[_q(0, "roughly 30,000 fighters", 30000, "fighter", low=27000, high=33000,
                                    hedge="roughly")])
    (conf,) = _run([a, c])[0]
    assert sorted(s.articles[0] for s in conf.sides) == ["a", "c"]


def test_verdicts_raised_negation_is_no_denial(make_article):
    # "I don't think we were ready" says what "I think we weren't ready"
    # says: a negation moved between the clauses denies nothing.
    a = make_article("a", ['"I feel on the court we weren\'t playing the game we want to play," the coach said.'])
    b = make_article("b", ['"I didn\'t feel on the court we were playing the game we want to play," the coach said.'])
    assert all(k.kind != "denial" for k in _run([a, b])[0])


def test_verdicts_a_make_or_model_narrows_the_counted_thing(make_article):
    # "seven AK-47 rifles" and "three rifles" (listed beside other guns) may
    # be different rifles; "three rifles" and "five rifles" are not.
    a = make_article("a", ["Police said the raiders carried seven AK-47 rifles into the bank on Monday."],
                     quantities=[_q(0, "seven AK-47 rifles", 7, "rifle")])
    b = make_article("b", ["Police said the raiders carried three rifles into the bank on Monday."],
                     quantities=[_q(0, "three rifles", 3, "rifle")])
    assert _run([a, b])[0] == []
    c = make_article("c", ["Police said the raiders carried five rifles into the bank on Monday."],
                     quantities=[_q(0, "five rifles", 5, "rifle")])
    (conf,) = _run([b, c])[0]
    assert sorted(s.value for s in conf.sides) == ["five rifles", "three rifles"]


def test_verdicts_running_total_is_not_one_events_figure(make_article):
    a = make_article("a", ["During the raid the sailors seized 12 magazines from the pirate skiff on Thursday."],
                     quantities=[_q(0, "12 magazines", 12, "magazine")])
    b = make_article("b", ["The sailors have seized 31 magazines from pirate skiffs so far, the navy said on Thursday."],
                     quantities=[_q(0, "31 magazines", 31, "magazine")])
    assert _run([a, b])[0] == []
    c = make_article("c", ["During the raid the sailors seized 31 magazines from the pirate skiff on Thursday."],
                     quantities=[_q(0, "31 magazines", 31, "magazine")])
    assert len(_run([a, c])[0]) == 1


def test_verdicts_round_figure_in_millions_means_its_digits(make_article):
    # "$1 trillion" is a rounded "$1.2 trillion"; "$1.2" and "$1.6 trillion" differ.
    a = make_article("a", ["The Senate passed a $1 trillion infrastructure plan on Tuesday after weeks of talks."],
                     quantities=[_q(0, "$1 trillion", 1e12, "dollar")])
    b = make_article("b", ["The Senate passed a $1.2 trillion infrastructure plan on Tuesday after weeks of talks."],
                     quantities=[_q(0, "$1.2 trillion", 1.2e12, "dollar")])
    assert _run([a, b])[0] == []
    c = make_article("c", ["The Senate passed a $1.6 trillion infrastructure plan on Tuesday after weeks of talks."],
                     quantities=[_q(0, "$1.6 trillion", 1.6e12, "dollar")])
    assert len(_run([b, c])[0]) == 1


def test_verdicts_figures_of_people_of_different_ages_are_different_referents(make_article):
    a = make_article("a", ["On Friday a 36-year-old climber died after falling about 60 metres from a ridge."],
                     quantities=[_q(0, "36-year-old", 36, "age"),
                                 _q(0, "about 60 metres", 60, "meter", low=54, high=66, hedge="about")])
    b = make_article("b", ["The next day a 31-year-old climber died after falling 700 metres from a ridge."],
                     quantities=[_q(0, "31-year-old", 31, "age"), _q(0, "700 metres", 700, "meter")])
    assert _run([a, b])[0] == []


def test_verdicts_negation_split_at_a_curly_apostrophe_is_a_negation(make_article):
    a = make_article("a", ["The mayor didn ’ t return a call seeking further comment on the plan."])
    b = make_article("b", ["The mayor didn't return a call seeking further comment on the plan."])
    assert all(k.kind != "denial" for k in _run([a, b])[0])


def test_verdicts_undated_toll_in_paired_sentences_is_a_possible_update(make_article):
    # No publication dates: 12 and 18 injured may be one figure that rose, so
    # the pair is shown, quietly, as a possible update.
    a = make_article("a", ["Police said 12 people were injured in the riots in the capital."],
                     quantities=[_q(0, "12 people", 12, "people")])
    b = make_article("b", ["Police said 18 people had been injured in the riots in the capital."],
                     quantities=[_q(0, "18 people", 18, "people")])
    (conf,) = _run([a, b])[0]
    assert conf.kind == "update" and conf.severity == "low" and "undated" in conf.about
    assert sorted(s.value for s in conf.sides) == ["12 people", "18 people"]


def test_verdicts_today_never_takes_a_side(make_article):
    # Each report's "today" is its own publication day: two reports of one
    # chant published on different days do not disagree about a date.
    a = make_article("a", ['Marchers chanted "how many kids will you kill today" outside the station.'],
                     published="2013-03-11",
                     times=[dict(sentence=0, text="today", value="2013-03-11", precision="day")])
    b = make_article("b", ['Marchers chanted "how many kids did you kill today" outside the station.'],
                     published="2013-03-13",
                     times=[dict(sentence=0, text="today", value="2013-03-13", precision="day")])
    assert [c for c in _run([a, b])[0] if c.slot == "when"] == []
    # The same two dates written out do disagree.
    c = make_article("c", ['Marchers chanted "how many kids will you kill" outside the station on March 11.'],
                     times=[dict(sentence=0, text="March 11", value="2013-03-11", precision="day")])
    d = make_article("d", ['Marchers chanted "how many kids did you kill" outside the station on March 13.'],
                     times=[dict(sentence=0, text="March 13", value="2013-03-13", precision="day")])
    assert [c for c in _run([c, d])[0] if c.slot == "when"]


# ------------------------------------------------- session 5: one source's figures, speakers


def test_verdicts_one_source_two_undated_figures_is_a_possible_update(make_article):
    # Neither sentence aligned nor masked-paired (masked pairing off): the
    # same source giving two figures of one count under one verb is still
    # shown, quietly, as a possible update; "6 detained" takes no side.
    off = load_config().replace(reconcile__conflict_masked_threshold=1.01)
    a = make_article("a", ["Police said 9 people were injured during the unrest near the port.",
                           "Shops on the main square stayed shut all afternoon."],
                     quantities=[_q(0, "9 people", 9, "people")])
    b = make_article("b", ["The prime minister called for calm in a televised address on the state channel.",
                           "Police said 14 people had been injured in the disturbances and 6 detained for throwing "
                           "stones at officers."],
                     quantities=[_q(1, "14 people", 14, "people"), _q(1, "6", 6, "people")])
    (conf,) = _run([a, b], config=off)[0]
    assert conf.kind == "update" and conf.severity == "low" and "undated" in conf.about
    assert sorted(s.value for s in conf.sides) == ["14 people", "9 people"]
    assert all(s.said_by == ["Police"] for s in conf.sides)
    # Another source: one night's figure and another's are not one statement.
    b2 = make_article("b", ["The prime minister called for calm in a televised address on the state channel.",
                            "Hospital staff said 14 people had been injured in the disturbances."],
                      quantities=[_q(1, "14 people", 14, "people")])
    assert _run([a, b2], config=off)[0] == []


def test_verdicts_arrests_of_one_night_and_a_running_count_stay_apart(make_article):
    # The pattern of arrests over several nights: a source's one arrest and
    # an unattributed "had been arrested" by the end are different counts.
    a = make_article("a", ["The city police said one person was arrested for disorderly conduct."],
                     quantities=[_q(0, "one person", 1, "person")])
    b = make_article("b", ["By the end of the week, bricks had hit two police vans and 40 people had been arrested."],
                     quantities=[_q(0, "40 people", 40, "people")])
    assert [c for c in _run([a, b])[0] if c.slot == "how_many"] == []


def test_verdicts_masked_pair_keeps_a_figure_beside_one_in_another_state(make_article):
    # "18 people had been injured ... and 12 arrested": two counts of
    # different things; the injured figure still pairs with "12 people were
    # injured" (before, both figures of the sentence were dropped).
    from newsprism.reconcile.conflicts.masked import _masked_pairs
    from newsprism.reconcile.conflicts.observe import _observations

    a = make_article("a", ["Police said 12 people were injured in the riots in the capital."],
                     quantities=[_q(0, "12 people", 12, "people")])
    b = make_article("b", ["Police said 18 people had been injured in the riots in the capital and 12 arrested "
                           "for looting."], quantities=[_q(0, "18 people", 18, "people"), _q(0, "12", 12, "people")])
    config = load_config()
    units = extract_claims([a, b], config=config)
    obs = _observations(units, {i: i for i in range(len(units))}, margin=0.1, window=4)
    pairs = _masked_pairs(units, obs, threshold=0.0)
    assert {(p.value, q.value) for p, q, _ in pairs} >= {("12 people", "18 people")}
    assert all("arrest" not in (q.unit.text[q.start:q.end + 10]) for _, q, _ in pairs if q.value == "12")


def test_verdicts_speaker_is_never_the_subject_of_pointed(make_article):
    # "the chief's claim that Lopez had pointed a .38-caliber pistol": Lopez
    # says nothing; "pointed out that" reports.
    from newsprism.reconcile.conflicts.sources import _own_sources

    sent = "Her story differs from the chief's claim that Lopez had pointed a .38-caliber pistol at deputies."
    said = "The sheriff pointed out that 12 deputies were at the scene that night."
    a = make_article("a", [sent, said], quantities=[_q(0, ".38-caliber pistol", 0.38, "caliber"),
                                                   _q(1, "12 deputies", 12, "deputy")])
    units = extract_claims([a], config=load_config())
    u0 = next(u for u in units if u.sentence == 0)
    assert "Lopez" not in " ".join(_own_sources(u0, u0.source_text.index(".38"), {}))
    u1 = next(u for u in units if u.sentence == 1)
    assert _own_sources(u1, u1.source_text.index("12"), {}) == ["The sheriff"]


def test_verdicts_part_of_a_group_is_not_the_groups_count(make_article):
    # "dozens injured, 12 of them children": 12 is a part, not the number
    # of people injured, and disputes no report of 30 injured.
    a = make_article("a", ["The blast injured dozens of people, 12 of them children, hospital officials said."],
                     published="2024-01-02", quantities=[_q(0, "12", 12, "people")])
    b = make_article("b", ["Hospital officials said 30 people were injured in the blast at the depot."],
                     published="2024-01-02", quantities=[_q(0, "30 people", 30, "people")])
    assert [c for c in _run([a, b])[0] if c.slot == "how_many"] == []
    # The same figure as the group's own count does dispute it.
    c = make_article("c", ["Hospital officials said 12 people were injured in the blast at the depot."],
                     published="2024-01-02", quantities=[_q(0, "12 people", 12, "people")])
    assert [k for k in _run([c, b])[0] if k.slot == "how_many"]


def test_verdicts_according_to_names_the_clauses_own_source(make_article):
    # The source cited in the figure's own clause, not a name from another
    # sentence or the agency credited in the first line.
    from newsprism.reconcile.conflicts.sources import _own_sources

    a = make_article("a", ["A strong quake shook the island on Sunday, state radio reported, cited by Reuters.",
                           "According to the regional fire service, the quake injured three people in two villages."],
                     quantities=[_q(1, "three people", 3, "people")])
    units = extract_claims([a], config=load_config())
    u = next(u for u in units if u.sentence == 1)
    assert _own_sources(u, u.source_text.index("three"), {}) == ["the regional fire service"]


def test_verdicts_reporting_verbs_subject_before_its_according_to(make_article):
    # "According to the paper, X estimated that ...": the figure is X's
    # estimate; the paper is how the report knows it.
    from newsprism.reconcile.conflicts.sources import _own_sources

    a = make_article("a", ["According to the local paper, Marta Ilic, the harbour master, estimated that "
                           "about 40 boats were lost."],
                     quantities=[_q(0, "about 40 boats", 40, "boats")])
    units = extract_claims([a], config=load_config())
    u = next(u for u in units if u.sentence == 0 and "40" in u.text)
    assert _own_sources(u, u.source_text.index("40"), {}) == ["Marta Ilic, the harbour master"]


def test_verdicts_a_date_never_dates_the_event_of_an_after_clause(make_article):
    # "Anger has been mounting this week ... after officers shot him": this
    # week is when the anger grew, not when he was shot.
    from newsprism.reconcile.conflicts.dates import _dates_own_event
    from newsprism.reconcile.conflicts.observe import _observations

    def own(text, date):
        a = make_article("a", [text], published="2021-05-13",
                         times=[dict(sentence=0, text=date, value="2021-05-10", end_value="2021-05-16",
                                     precision="range")])
        units = extract_claims([a], config=load_config())
        obs = [o for o in _observations(units, dict.fromkeys(range(len(units)), 0), margin=0.0, window=2)
               if o.slot == "when"]
        assert obs, text
        return [_dates_own_event(o, {}) for o in obs]

    assert own("Anger has been mounting this week in the port after officers shot a fisherman.", "this week") \
        == [False]
    # The same date on the shooting's own clause dates it.
    assert own("Officers shot a fisherman in the port this week, and anger has been mounting.", "this week") \
        == [True]


def test_verdicts_a_date_in_a_clause_describing_a_noun_dates_that_clause(make_article):
    # "Ruhle, who ran the harbour board in 2015, was detained Monday": 2015
    # is when he ran the board, never a date of the detention.
    from newsprism.reconcile.conflicts.dates import _dates_own_event
    from newsprism.reconcile.conflicts.observe import _observations

    def own(text, date, value):
        a = make_article("a", [text], published="2021-05-13",
                         times=[dict(sentence=0, text=date, value=value, precision="year")])
        units = extract_claims([a], config=load_config())
        obs = [o for o in _observations(units, dict.fromkeys(range(len(units)), 0), margin=0.0, window=2)
               if o.slot == "when"]
        assert obs, text
        return [_dates_own_event(o, {}) for o in obs]

    assert not any(own("Jonas Ruhle, who ran the harbour board in 2015, was arrested on fraud charges at his home.",
                       "2015", "2015"))
    # The same year on the arrest's own clause dates it.
    assert all(own("Jonas Ruhle was arrested on fraud charges in 2015 after he ran the harbour board.",
                   "2015", "2015"))


# ------------------------------------------------- session 6: masked counts keep their dates


def test_verdicts_masked_counts_keep_the_dates_as_written(make_article):
    # "struck ... in March, killing four and injuring 30" dates an event;
    # "That storm killed four, injured almost 45 ... in March" has no event
    # word for its date.  Pairing the counts must not depend on which of the
    # two dates an event word ties: the dates are left as written when counts
    # are masked (before, only the first lost its "March").
    from newsprism.reconcile.conflicts.masked import _masked_pairs
    from newsprism.reconcile.conflicts.observe import _observations

    a = make_article("a", ["A storm struck the coast in March, killing four people and injuring 30 in the port."],
                     quantities=[_q(0, "four people", 4, "people"), _q(0, "30", 30, "people")],
                     times=[dict(sentence=0, text="March", value="--03", precision="month")])
    b = make_article("b", ["That storm killed four people, injured almost 45 and damaged homes in the port in March."],
                     quantities=[_q(0, "four people", 4, "people"), _q(0, "almost 45", 45, "people", hedge="almost",
                                                                          low=40.5, high=45)],
                     times=[dict(sentence=0, text="March", value="--03", precision="month")])
    # The whole sentences (the main clause "A storm struck the coast in
    # March" is a unit besides its sentence: [main_clause] of claims_filters).
    units = [u for u in extract_claims([a, b], config=load_config()) if u.span is None]
    obs = _observations(units, {i: i for i in range(len(units))}, margin=0.1, window=4)
    counts = [o for o in obs if o.slot == "how_many"]
    dated = [o for o in obs if o.slot == "when"]
    assert counts and dated  # the test needs a date an event word ties

    def injured(pairs):
        return {round(p, 6) for x, y, p in pairs if {x.value, y.value} == {"30", "almost 45"}}

    only_counts = injured(_masked_pairs(units, counts, threshold=0.0))
    assert only_counts
    one_dated = [*counts, *(o for o in dated if o.unit.article == "a")]
    assert injured(_masked_pairs(units, one_dated, threshold=0.0)) == only_counts


def test_verdicts_a_source_of_another_clause_never_says_the_figure(make_article):
    # "X, one of the 40 wardens ..., and park officials believe that Y": the
    # officials say Y; the 40 hangs on no reporting verb, so nobody is shown
    # as giving it.  A source carried in by a quote that runs on into the
    # sentence stays.
    from newsprism.model import Citation
    from newsprism.reconcile.conflicts.sources import _own_sources

    sent = ("The ranger service honoured Ilse Varga, one of the 40 wardens of the reserve, for her years of work, "
            "and park officials believe that she saved the eastern marsh.")
    a = make_article("a", [sent], quantities=[_q(0, "40 wardens", 40, "warden")],
                     citations=[Citation(source="park officials", kind="unnamed", text="park officials",
                                         sentences=[0])])
    units = extract_claims([a], config=load_config())
    u = next(u for u in units if u.sentence == 0 and "40" in u.text)
    assert "park officials" in u.slots["source"]
    assert _own_sources(u, u.source_text.index("40"), {}) == []
    b = make_article("b", ["The ranger service honoured Ilse Varga, one of the 40 wardens of the reserve."],
                     quantities=[_q(0, "40 wardens", 40, "warden")],
                     citations=[Citation(source="the reserve's director", kind="named", text="the reserve's director",
                                         sentences=[0])])
    ub = next(u for u in extract_claims([b], config=load_config()) if "40" in u.text)
    assert _own_sources(ub, ub.source_text.index("40"), {}) == ["the reserve's director"]
    # An agentless "believed to be" names nobody either; a second reporting
    # verb joined to the first keeps the first one's subject.
    c = make_article("c", ["The service honoured Ilse Varga, believed to be one of the 40 wardens of the reserve, "
                           "and park officials believe that she saved the eastern marsh."],
                     quantities=[_q(0, "40 wardens", 40, "warden")],
                     citations=[Citation(source="park officials", kind="unnamed", text="park officials",
                                         sentences=[0])])
    uc = next(u for u in extract_claims([c], config=load_config()) if "40" in u.text)
    assert _own_sources(uc, uc.source_text.index("40"), {}) == []
    d = make_article("d", ["Park officials said the marsh was saved and added that 40 wardens had worked on it."],
                     quantities=[_q(0, "40 wardens", 40, "warden")])
    ud = next(u for u in extract_claims([d], config=load_config()) if "40" in u.text)
    assert _own_sources(ud, ud.source_text.index("40"), {}) == ["Park officials"]
    e = make_article("e", ["Park officials praised the wardens, noting that 40 of them had worked through the night."],
                     quantities=[_q(0, "40", 40, "warden")])
    ue = next(u for u in extract_claims([e], config=load_config()) if "40" in u.text)
    assert _own_sources(ue, ue.source_text.index("40"), {}) == ["Park officials"]
    # A passive reporting verb's subject is what is reported, not who says it.
    f = make_article("f", ["Forty wardens are believed to have been hurt in the fire, and no damage was reported."],
                     quantities=[_q(0, "Forty wardens", 40, "warden")])
    uf = next(u for u in extract_claims([f], config=load_config()) if "Forty" in u.text)
    assert _own_sources(uf, uf.source_text.index("Forty"), {}) == []


def test_verdicts_corroborated_claim_shows_the_report_the_other_source_states():
    # The first report adds a clause the second source never states: the
    # claim is shown in the words both sources give, not the fuller ones.
    from types import SimpleNamespace

    from newsprism.reconcile.verdicts import _shown_member

    def unit(article, text):
        return SimpleNamespace(article=article, text=text, slots={})

    long = unit("a", "The harbour master Ada Lenz was named head of the port in June, replacing Karl Brun, "
                     "who resigned after the flood.")
    short = unit("b", "Ada Lenz was named head of the port in June, replacing Karl Brun.")
    copy = unit("c", "The harbour master Ada Lenz was named head of the port in June, replacing Karl Brun, "
                     "who resigned after the flood.")
    assert _shown_member([long, short], {}) is short
    # A copy of the first report is the same family: it confirms nothing.
    assert _shown_member([long, copy, short], {"c": "a"}) is short
    # Equal coverage keeps story order.
    twin = unit("d", "Ada Lenz was named head of the port in June, replacing Karl Brun.")
    assert _shown_member([short, twin], {}) is short


def test_verdicts_a_cited_report_is_not_a_speaker_of_the_side(make_article):
    # A retelling's "The report said that ..." names the medium it copies
    # from, not who gives the date: the side lists the original's own source
    # ("residents") and never glues "residents, The report".  A named outlet
    # ("the Harbour Post newspaper") still says it.
    from newsprism.model import Citation
    from newsprism.reconcile.conflicts.sources import _side

    a = make_article("a", ["The gate on the north road was shut on 12 May, residents said."],
                     citations=[Citation(source="residents", kind="unnamed", text="residents", sentences=[0])])
    b = make_article("b", ["The report said that the gate on the north road was shut on 12 May."],
                     citations=[Citation(source="The report", kind="unnamed", text="The report", sentences=[0])])
    c = make_article("c", ["The Harbour Post newspaper said that the gate on the north road was shut on 12 May."],
                     citations=[Citation(source="The Harbour Post newspaper", kind="named",
                                         text="The Harbour Post newspaper", sentences=[0])])
    units = extract_claims([a, b, c], config=load_config())
    ua, ub, uc = (next(u for u in units if u.article == x and "12 May" in u.text) for x in "abc")
    assert "The report" in ub.slots["source"]
    assert _side([ua, ub], "12 May", {}).said_by == ["residents"]
    assert _side([ub], "12 May", {}).said_by == []
    assert _side([ua, uc], "12 May", {}).said_by == ["residents", "The Harbour Post newspaper"]


def test_verdicts_counts_of_other_nights_are_neither_update_nor_conflict(make_article):
    # One arrest reported after the first night, 46 after the third: counts
    # of different nights, not one figure that rose, and no dispute either.
    a = make_article("a", ["One person was arrested after the crowd clashed with police near the station."],
                     published="2024-05-06",
                     quantities=[dict(sentence=0, text="One person", value=1, counted="person")])
    b = make_article("b", ["By the end of the night bottles had been thrown at the police and 46 people had "
                           "been arrested."],
                     published="2024-05-08",
                     quantities=[dict(sentence=0, text="46 people", value=46, counted="person")])
    assert [c for c in _run([a, b])[0] if c.slot == "how_many"] == []

# ------------------------------------------------------- session 7: numeric conflicts (issue 10)


def test_verdicts_one_named_persons_two_ages_conflict(make_article):
    # An age is one person's: written right against the same name, two ages
    # disagree, whatever else the sentences say (places, other figures).
    a = make_article("a", ["Prosecutors said 58-year-old Harold Jenkins was arrested at his home in Dover on Friday."],
                     quantities=[_q(0, "58-year-old", 58, "age")], mentions=[(0, "Harold Jenkins", "PERSON")])
    b = make_article("b", ["Harold Jenkins, 61, was arrested on Friday at a motel near Salem, prosecutors said."],
                     quantities=[_q(0, "61", 61, "age")], mentions=[(0, "Harold Jenkins", "PERSON")])
    c = make_article("c", ["The 58-year-old Jenkins had worked at the mill for 30 years."],
                     quantities=[_q(0, "58-year-old", 58, "age"), _q(0, "30 years", 30, "year")],
                     mentions=[(0, "Jenkins", "PERSON")])
    conflicts = _run([a, b, c])[0]
    ages = [k for k in conflicts if k.about.startswith("age of")]
    assert len(ages) == 1
    assert "Harold Jenkins" in ages[0].about
    assert sorted(s.value for s in ages[0].sides) == ["58-year-old", "61"]
    assert sorted(len(s.articles) for s in ages[0].sides) == [1, 2]


def test_verdicts_ages_of_namesakes_never_conflict(make_article):
    # Two people of one family name: an age given to the family name alone
    # could be either's, and two full names are two people.
    a = make_article("a", ["Police said Margaret Jenkins, 61, was found dead in the house on Friday."],
                     quantities=[_q(0, "61", 61, "age")], mentions=[(0, "Margaret Jenkins", "PERSON")])
    b = make_article("b", ["Her son Thomas Jenkins, 29, was arrested on Friday, police said."],
                     quantities=[_q(0, "29", 29, "age")], mentions=[(0, "Thomas Jenkins", "PERSON")])
    c = make_article("c", ["Jenkins, 30, was arrested at the house on Friday, police said."],
                     quantities=[_q(0, "30", 30, "age")], mentions=[(0, "Jenkins", "PERSON")])
    assert [k for k in _run([a, b, c])[0] if k.about.startswith("age of")] == []
    # Ages next to no name ("a 16-year-old boy") are still never compared.
    d = make_article("d", ["Officers shot a 16-year-old boy who they said was holding a revolver."],
                     quantities=[_q(0, "16-year-old", 16, "age")])
    e = make_article("e", ["Officers shot an 18-year-old boy who they said was holding a revolver."],
                     quantities=[_q(0, "18-year-old", 18, "age")])
    assert _run([d, e])[0] == []
    # A nationality next to an age is no name: "the 36-year-old American".
    f = make_article("f", ["The 36-year-old American lost the title fight on Saturday."],
                     quantities=[_q(0, "36-year-old", 36, "age")], mentions=[(0, "American", "NORP")])
    g = make_article("g", ["The 41-year-old American won the title fight on Saturday."],
                     quantities=[_q(0, "41-year-old", 41, "age")], mentions=[(0, "American", "NORP")])
    assert [k for k in _run([f, g])[0] if k.about.startswith("age of")] == []


def test_verdicts_length_of_a_term_conflicts_in_its_unit(make_article):
    # Two reports of one sentencing give the term as 2 and as 2 1/2 years;
    # the months to serve agree and take no side.
    a = make_article("a", ["The court sentenced Ortiz to 2 years, with 9 months to serve, the clerk said."],
                     quantities=[_q(0, "2 years", 2, "year"), _q(0, "9 months", 9, "month")])
    b = make_article("b", ["The court sentenced Ortiz to 2 1/2 years, with 9 months to serve, the clerk said."],
                     quantities=[_q(0, "2 1/2 years", 2.5, "year"), _q(0, "9 months", 9, "month")])
    conflicts = _run([a, b])[0]
    assert [(k.about, sorted(s.value for s in k.sides)) for k in conflicts] == \
        [("length in years", ["2 1/2 years", "2 years"])]
    # "more than two years" is a bound: true of 2 1/2 years.
    c = make_article("c", ["The court sentenced Ortiz to more than two years, with 9 months to serve, the clerk said."],
                     quantities=[_q(0, "more than two years", 2, "year", low=2, high=2.5, hedge="more than"),
                                 _q(0, "9 months", 9, "month")])
    assert _run([b, c])[0] == []


def test_verdicts_catch_of_one_operation_is_one_figure(make_article):
    # Undated arrest figures from across a story add up over nights and are
    # not compared; two figures of one raid's catch are shown, quietly, as a
    # figure that may have risen.
    a = make_article("a", ["The boss was among nearly 100 people detained in a police raid in the port."],
                     quantities=[_q(0, "nearly 100 people", 100, "people", low=90, high=100, hedge="nearly")])
    b = make_article("b", ["Wiretaps led to the police sweep on Tuesday in which 62 people were arrested in the port."],
                     quantities=[_q(0, "62 people", 62, "people")])
    kinds = [(k.kind, k.severity) for k in _run([a, b])[0]]
    assert kinds == [("update", "low")]
    # Arrests told without an operation stay apart: they may be several nights'.
    c = make_article("c", ["Police said 12 people were arrested overnight in the port after the clashes."],
                     quantities=[_q(0, "12 people", 12, "people")])
    d = make_article("d", ["In all the unrest, 46 people have been arrested in the port since the weekend."],
                     quantities=[_q(0, "46 people", 46, "people")])
    assert _run([c, d])[0] == []


# ------------------------------------------------- counts of one event's things (session 8)


def _cables(aid, sentence, text, value, place="Crete"):
    from builders import build_article

    return build_article(aid, [sentence], mentions=[(0, place, "GPE")],
                         quantities=[_q(0, text, value, "cables")])


def test_verdicts_count_of_one_events_things_conflicts_across_wordings(make_article):
    # Neither aligned nor alike once masked: "went down" and "were damaged"
    # are one event class, and the cables are one noun.
    a = _cables("a", "Engineers told the paper that two fibre cables went down off Crete overnight.",
                "two fibre cables", 2)
    b = _cables("b", "Phone and data links across the region failed after three submarine cables were damaged off Crete.",
                "three submarine cables", 3)
    conflicts = _run([a, b])[0]
    assert [c.about for c in conflicts] == ["number of cables damaged"]
    assert sorted(s.value for s in conflicts[0].sides) == ["three submarine cables", "two fibre cables"]


def test_verdicts_event_counts_of_another_time_place_or_thing_never_conflict(make_article):
    b = _cables("b", "Phone and data links across the region failed after three submarine cables were damaged off Crete.",
                "three submarine cables", 3)
    # An earlier cut of the same kind of cable is another event.
    earlier = _cables("e", "Earlier this year, five cables were cut off Crete, engineers said.", "five cables", 5)
    # Another place.
    elsewhere = _cables("p", "Engineers told the paper that two fibre cables went down off Malta overnight.",
                        "two fibre cables", 2, place="Malta")
    # A hypothetical.
    maybe = _cables("h", "If only one cable had gone down off Crete, traffic could have been rerouted.", "one cable", 1)
    # Another counted thing.
    pipes = make_article("q", ["Two gas pipelines were damaged off Crete in the same storm, the ministry said."],
                         mentions=[(0, "Crete", "GPE")], quantities=[_q(0, "Two gas pipelines", 2, "pipelines")])
    for other in (earlier, elsewhere, maybe, pipes):
        assert _run([other, b])[0] == [], other.article.text
    # Sums cut from budgets are often two programmes.
    s1 = make_article("s", ["The government cut $2 billion from school budgets in Crete, the ministry said."],
                      mentions=[(0, "Crete", "GPE")], quantities=[_q(0, "$2 billion", 2e9, "dollar")])
    s2 = make_article("t", ["Regional hospitals lost staff after $3 billion was cut from health budgets in Crete."],
                      mentions=[(0, "Crete", "GPE")], quantities=[_q(0, "$3 billion", 3e9, "dollar")])
    assert all("damaged" not in c.about for c in _run([s1, s2])[0])


def _streets(aid, published=None):
    """A police estimate bounded above: as many as 20,000 marched in Patras."""
    from builders import build_article

    return build_article(aid, ["Police said as many as 20,000 people took to the streets of Patras as rallies began."],
                         published=published, mentions=[(0, "Patras", "GPE")],
                         quantities=[_q(0, "as many as 20,000 people", 20000, "people", high=20000,
                                        hedge="as many as")])


def _march(aid, second, text, value, *, place="Patras", published=None, **hedge):
    """A report whose lead names the place and whose second sentence counts
    the march without naming it."""
    from builders import build_article

    return build_article(aid, [f"Riot police fired tear gas at protesters in {place} on the day of the strike.", second],
                         published=published, mentions=[(0, place, "GPE")],
                         quantities=[_q(1, text, value, "people", **hedge)])


_ROUGHLY = "Police put the march, called by the unions, at roughly 30,000 people."
_ROUGH = dict(low=27000, high=33000, hedge="roughly")


def test_verdicts_crowd_estimates_of_one_march_conflict():
    # Two police estimates of one march: "as many as 20,000" is not true of
    # "roughly 30,000".  The second sentence names no place: its report's
    # lead says where the march was.
    conflicts = _run([_streets("a"), _march("b", _ROUGHLY, "roughly 30,000 people", 30000, **_ROUGH)])[0]
    assert [c.about for c in conflicts] == ["number of people in the crowd"]
    assert conflicts[0].kind == ""


def test_verdicts_crowd_sizes_of_two_cities_firm_against_estimate_or_days_apart():
    a = _streets("a")
    # The march of another city.
    other_city = _march("b", _ROUGHLY, "roughly 30,000 people", 30000, place="Heraklion", **_ROUGH)
    assert _run([a, other_city])[0] == []
    # A firm count against an estimate is not compared this way.
    firm = _march("c", "Organisers counted the march, called by the unions, at 30,000 people.", "30,000 people", 30000)
    assert all(c.about != "number of people in the crowd" for c in _run([a, firm])[0])
    # A crowd counted again on a later day: at most an update.
    later = _march("e", _ROUGHLY, "roughly 30,000 people", 30000, published="2026-03-03", **_ROUGH)
    kinds = [(c.kind, c.severity) for c in _run([_streets("d", "2026-03-01"), later])[0]]
    assert kinds == [("update", "low")]


def test_verdicts_engines_called_in_conflict_but_not_with_the_first_ones(make_article):
    # "engines" and "appliances" are one thing; "an additional six" and "a
    # further four" are both the second wave.
    a = make_article("a", ["When the first crews arrived they called in an additional six engines to the depot."],
                     quantities=[_q(0, "six engines", 6, "engine")])
    b = make_article("b", ["Crews from the county service then called a further four appliances to help at the depot."],
                     quantities=[_q(0, "four appliances", 4, "appliance")])
    conflicts = _run([a, b])[0]
    assert [c.about for c in conflicts] == ["number of engines called in"]
    # The engines sent first are not the ones called in later.
    first = make_article("c", ["Two engines were sent to the depot after neighbours raised the alarm."],
                         quantities=[_q(0, "Two engines", 2, "engine")])
    assert _run([first, a])[0] == []


def test_verdicts_a_nationwide_count_is_not_one_citys_crowd():
    estimated = dict(low=90000, high=110000, hedge="an estimated")
    nationwide = _march("b", "An estimated 100,000 people took to the streets as part of nationwide strikes.",
                        "An estimated 100,000 people", 100000, **estimated)
    assert all(c.about != "number of people in the crowd" for c in _run([_streets("a"), nationwide])[0])
    # The same sentence without the wider scope is the city's march.
    city = _march("c", "An estimated 100,000 people took to the streets as part of the strike.",
                  "An estimated 100,000 people", 100000, **estimated)
    assert [c.about for c in _run([_streets("a"), city])[0]] == ["number of people in the crowd"]


def test_verdicts_named_reporter_says_the_groups_belief(make_article):
    # "X said the alliance believed about 300 ...": the alliance's belief as
    # the named commander reports it; the side names the commander alone,
    # never "the alliance, X".  A group that reports with nobody named above
    # it still says the figure.
    from newsprism.reconcile.conflicts.sources import _own_sources

    a = make_article("a", ["A senior commander of the river brigade, Farid Kassem, said the alliance believed "
                           "about 300 fighters remain inside the town.",
                           "The alliance believed about 300 fighters remain inside the town."],
                     quantities=[_q(0, "about 300 fighters", 300, "fighter"), _q(1, "about 300 fighters", 300, "fighter")])
    units = extract_claims([a], config=load_config())
    u0 = next(u for u in units if u.sentence == 0 and "300" in u.text)
    said = _own_sources(u0, u0.source_text.index("300"), {})
    assert len(said) == 1 and "Farid Kassem" in said[0]
    u1 = next(u for u in units if u.sentence == 1 and "300" in u.text)
    assert _own_sources(u1, u1.source_text.index("300"), {}) == ["The alliance"]


def test_verdicts_side_lists_one_speaker_once_whatever_the_spelling(make_article):
    # Two reports of one figure credit the same commander, spelled two ways:
    # the side names him once.
    from newsprism.model import Citation
    from newsprism.reconcile.conflicts.sources import _side

    a = make_article("a", ["About 300 fighters remain inside the town, Tariq al-Obeidi said."],
                     citations=[Citation(source="Tariq al-Obeidi", kind="named", text="Tariq al-Obeidi",
                                         sentences=[0])])
    b = make_article("b", ["About 300 fighters remain inside the town, Tarek Obeidi said."],
                     citations=[Citation(source="Tarek Obeidi", kind="named", text="Tarek Obeidi", sentences=[0])])
    units = extract_claims([a, b], config=load_config())
    ua, ub = (next(u for u in units if u.article == x) for x in "ab")
    assert _side([ua, ub], "about 300", {}).said_by == ["Tariq al-Obeidi"]


# ------------------------------------------- session 8: one person's own figures (issue 10)



def test_verdicts_one_players_two_figures_for_one_game_conflict(make_article):
    # A player's own figure, both reports naming the same game: a real disagreement.
    a = make_article("a", ["Earl Clark finished with 25 points in Louisville's home win over South Florida."],
                     quantities=[_q(0, "25 points", 25, "point")], mentions=[(0, "Earl Clark", "PERSON")])
    b = make_article("b", ["Earl Clark finished with 22 points in Louisville's home win over South Florida."],
                     quantities=[_q(0, "22 points", 22, "point")], mentions=[(0, "Earl Clark", "PERSON")])
    conflicts = [c for c in _run([a, b])[0] if c.slot == "how_many"]
    assert len(conflicts) == 1
    assert sorted(s.value for s in conflicts[0].sides) == ["22 points", "25 points"]


def test_verdicts_figures_of_two_players_never_conflict(make_article):
    a = make_article("a", ["Gregory Echenique grabbed 11 rebounds in the home win over Drake on Saturday."],
                     quantities=[_q(0, "11 rebounds", 11, "rebound")], mentions=[(0, "Gregory Echenique", "PERSON")])
    b = make_article("b", ["Will Artino grabbed six rebounds in the home win over Drake on Saturday."],
                     quantities=[_q(0, "six rebounds", 6, "rebound")], mentions=[(0, "Will Artino", "PERSON")])
    assert [c for c in _run([a, b])[0] if c.slot == "how_many"] == []


def test_verdicts_possessor_is_the_owner_of_a_figure(make_article):
    a = make_article("a", ["Echenique's 11 rebounds helped the team to a home win over Drake on Saturday."],
                     quantities=[_q(0, "11 rebounds", 11, "rebound")], mentions=[(0, "Echenique", "PERSON")])
    b = make_article("b", ["Artino's six rebounds helped the team to a home win over Drake on Saturday."],
                     quantities=[_q(0, "six rebounds", 6, "rebound")], mentions=[(0, "Artino", "PERSON")])
    assert [c for c in _run([a, b])[0] if c.slot == "how_many"] == []


def test_verdicts_a_pronouns_figure_takes_no_side(make_article):
    # "he" may be anyone the article named before: the owner cannot be told.
    a = make_article("a", ["He grabbed 11 rebounds in the home win over Drake on Saturday."],
                     quantities=[_q(0, "11 rebounds", 11, "rebound")])
    b = make_article("b", ["Doug McDermott grabbed seven rebounds in the home win over Drake on Saturday."],
                     quantities=[_q(0, "seven rebounds", 7, "rebound")], mentions=[(0, "Doug McDermott", "PERSON")])
    assert [c for c in _run([a, b])[0] if c.slot == "how_many"] == []


def test_verdicts_one_players_figures_of_different_games_never_conflict(make_article):
    a = make_article("a", ["Earl Clark finished with 25 points and 16 rebounds in the home win over Kentucky."],
                     quantities=[_q(0, "25 points", 25, "point"), _q(0, "16 rebounds", 16, "rebound")], mentions=[(0, "Earl Clark", "PERSON")])
    b = make_article("b", ["Earl Clark finished with 22 points and nine rebounds in the home win over South Florida."],
                     quantities=[_q(0, "22 points", 22, "point"), _q(0, "nine rebounds", 9, "rebound")], mentions=[(0, "Earl Clark", "PERSON")])
    # ... nor when one report does not name the game at all.
    c = make_article("c", ["Earl Clark finished his team's victory with 25 points and 16 rebounds."],
                     quantities=[_q(0, "25 points", 25, "point"), _q(0, "16 rebounds", 16, "rebound")], mentions=[(0, "Earl Clark", "PERSON")])
    assert [k for k in _run([a, b])[0] if k.slot == "how_many"] == []
    assert [k for k in _run([b, c])[0] if k.slot == "how_many"] == []


def test_verdicts_a_pronoun_is_the_person_named_just_before(make_article):
    # "He" opening the next sentence is the one person named before it:
    # Echenique's rebounds are not McDermott's ...
    a = make_article("a", ["Gregory Echenique came off the bench for Creighton.",
                           "He grabbed 11 rebounds in the home win over Drake on Saturday."],
                     quantities=[_q(1, "11 rebounds", 11, "rebound")], mentions=[(0, "Gregory Echenique", "PERSON")])
    b = make_article("b", ["Doug McDermott grabbed seven rebounds in the home win over Drake on Saturday."],
                     quantities=[_q(0, "seven rebounds", 7, "rebound")], mentions=[(0, "Doug McDermott", "PERSON")])
    assert [c for c in _run([a, b])[0] if c.slot == "how_many"] == []
    # ... while one defendant's two terms for one case disagree.
    c = make_article("c", ["John Miller was convicted of fraud in Dover in 2005.",
                           "He was sentenced to 2 years, with 9 months to serve in that case."],
                     quantities=[_q(1, "2 years", 2, "year")], mentions=[(0, "John Miller", "PERSON")])
    d = make_article("d", ["John Miller was convicted of fraud in Dover in 2005.",
                           "He was sentenced to 4 years, with 9 months to serve in that case."],
                     quantities=[_q(1, "4 years", 4, "year")], mentions=[(0, "John Miller", "PERSON")])
    terms = [k for k in _run([c, d])[0] if k.slot == "how_many"]
    assert len(terms) == 1

# ------------------------------------- precision on unread news (issue 10, session 8)


def test_verdicts_figures_scoped_to_different_stretches_do_not_conflict(make_article):
    # "since Week 9" and "in his last three games" count other stretches
    # than a plain season figure: no dispute among the three.
    a = make_article("a", ["Since Week 9, the rookie has scored seven touchdowns for the club."],
                     quantities=[_q(0, "seven touchdowns", 7, "touchdown")])
    b = make_article("b", ["The rookie has scored three touchdowns for the club in his last three games."],
                     quantities=[_q(0, "three touchdowns", 3, "touchdown")])
    c = make_article("c", ["The rookie has scored five touchdowns for the club."],
                     quantities=[_q(0, "five touchdowns", 5, "touchdown")])
    assert _run([a, b, c])[0] == []
    # Two figures with the same (no) scope still conflict.
    d = make_article("d", ["The rookie has scored nine touchdowns for the club."],
                     quantities=[_q(0, "nine touchdowns", 9, "touchdown")])
    assert [c.about for c in _run([c, d])[0]] == ["figure: touchdown"]


def test_verdicts_the_whole_of_n_of_m_is_not_the_part(make_article):
    # "missed 6 of the club's 14 games": 14 is the whole season, not the
    # games missed.
    a = make_article("a", ["The winger missed 6 of the club's 14 games with a knee injury."],
                     quantities=[_q(0, "14 games", 14, "game")])
    b = make_article("b", ["The winger missed six games with a knee injury."],
                     quantities=[_q(0, "six games", 6, "game")])
    assert _run([a, b])[0] == []


def test_verdicts_number_in_a_counted_compound_is_not_a_count(make_article):
    # "two three-point plays" counts plays; its "three" is no count of points.
    a = make_article("a", ["Echenique scored two three - point plays and blocked four shots."],
                     quantities=[_q(0, "three - point", 3, "point")])
    b = make_article("b", ["Echenique scored 12 points and blocked four shots."],
                     quantities=[_q(0, "12 points", 12, "point")])
    assert _run([a, b])[0] == []
    # One compound with its article ("a 12 - point lead") is still a figure.
    from newsprism.reconcile.conflicts.observe import _counted_compound, _not_count

    text = "They built a 12 - point lead and two 10 - point runs."
    assert not _counted_compound(text, text.index("12"), text.index("12") + 2, _not_count())
    assert _counted_compound(text, text.index("10"), text.index("10") + 2, _not_count())


def test_verdicts_number_touching_a_slash_is_a_fraction_not_a_count(make_article):
    # "4 1/2 months" split by a tokenizer ("41 / 2 months") is not "2 months".
    a = make_article("a", ["The aide served 41 / 2 months in a federal prison for obstruction."],
                     quantities=[_q(0, "2 months", 2, "month")])
    b = make_article("b", ["The aide served four months in a federal prison for obstruction."],
                     quantities=[_q(0, "four months", 4, "month")])
    assert _run([a, b])[0] == []
    c = make_article("c", ["The aide served six months in a federal prison for obstruction."],
                     quantities=[_q(0, "six months", 6, "month")])
    assert [k.about for k in _run([b, c])[0]] == ["length in months"]


def test_verdicts_abstract_nouns_are_not_counted_things(make_article):
    a = make_article("a", ["The visitors had one last chance to level the game in the final minute."],
                     quantities=[_q(0, "one last chance", 1, "chance")])
    b = make_article("b", ["The visitors had two chances to level the game in the final minute."],
                     quantities=[_q(0, "two chances", 2, "chance")])
    assert _run([a, b])[0] == []


def test_verdicts_counterfactual_is_no_denial(make_article):
    # "would not have placed him ... if" says what would be, not what is.
    a = make_article("a", ["The Hawks placed Jones on injured reserve on Monday, ending his season."])
    b = make_article("b", ["Smith said the Hawks, who were knocked out of the race on Sunday, would not have placed "
                           "Jones on injured reserve if they were still fighting for a playoff place."])
    assert all(k.kind != "denial" for k in _run([a, b])[0])
    c = make_article("c", ["Smith said the Hawks, who were knocked out of the race on Sunday, did not place Jones on "
                           "injured reserve."])
    assert [k.kind for k in _run([a, c])[0]] == ["denial"]


def test_verdicts_hyphenated_mixed_number_is_read_whole(make_article):
    # "a 4 - 1 / 2 - month term" is four and a half months, not two: it
    # agrees with "four and a half months" and disputes "six months".
    a = make_article("a", ["The aide served a 4 - 1 / 2 - month term in a federal prison for obstruction."],
                     quantities=[_q(0, "2 - month", 2, "month")])
    b = make_article("b", ["The aide served a four and a half month term in a federal prison for obstruction."],
                     quantities=[_q(0, "four and a half month", 4.5, "month")])
    assert _run([a, b])[0] == []
    c = make_article("c", ["The aide served a six - month term in a federal prison for obstruction."],
                     quantities=[_q(0, "six - month", 6, "month")])
    (conf,) = _run([a, c])[0]
    assert sorted(s.value for s in conf.sides) == ["4 - 1 / 2 - month", "six - month"]


def test_verdicts_a_report_that_takes_no_side_is_not_the_conflicting_claim(make_article):
    # seeds: "a few hundred jihadists" (Clarín) aligned with "about 400"
    # (in conflict with "500") was shown as one CONFLICTING claim under the
    # few-hundred line; that line takes no side and is a claim of its own.
    config = load_config()
    a = make_article("a", ["The group was reduced to a few hundred jihadists in its last stronghold."])
    b = make_article("b", ["The group's last stronghold is defended by about 400 fighters."])
    c = make_article("c", ["The group's last stronghold is defended by 500 fighters."])
    units = extract_claims([a, b, c], config=config)
    few, four, five = (next(i for i, u in enumerate(units) if u.article == x) for x in "abc")
    by_unit = {four: ["k1"], five: ["k1"]}
    roots = {x: x for x in "abc"}
    claims, claim_of = build_claims(units, [[few, four], [five]], by_unit, roots)
    assert claim_of[few] != claim_of[four]
    verdicts = {c.id: c.verdict for c in claims}
    assert verdicts[claim_of[four]] == verdicts[claim_of[five]] == "conflicting"
    assert verdicts[claim_of[few]] == "single-source"
    # a group all of whose reports take a side stays one conflicting claim
    claims, claim_of = build_claims(units, [[four, five], [few]], by_unit, roots)
    assert claim_of[four] == claim_of[five] and {c.id: c.verdict for c in claims}[claim_of[four]] == "conflicting"
    # a retelling of the sided report (one source family) that drops the
    # figure stays with it: it is that source's statement retold
    claims, claim_of = build_claims(units, [[few, four], [five]], by_unit, {"a": "b", "b": "b", "c": "c"})
    assert claim_of[few] == claim_of[four]


def test_verdicts_a_figure_with_a_deictic_date_read_in_counts_no_weeks(make_article):
    # "rose 8,000 last week to 311,000" / "rose by 8,000 to 311,000 last
    # week": the analyzer reads "last week" into a figure as its counted
    # noun; a change and a level are then no "length in weeks" dispute.
    a = make_article("a", ["The number of new applications for jobless benefits rose 8,000 last week to 311,000, "
                           "the ministry reported."],
                     quantities=[dict(sentence=0, text="8,000 last week", value=8000, counted="week"),
                                 dict(sentence=0, text="311,000", value=311000)])
    b = make_article("b", ["Filings for jobless benefits rose by 8,000 to 311,000 last week, the first rise since March."],
                     quantities=[dict(sentence=0, text="8,000", value=8000),
                                 dict(sentence=0, text="311,000 last week", value=311000, counted="week")])
    assert _run([a, b])[0] == []
    # A count of weeks stays a count: "served 8 weeks" / "served 11 weeks".
    c = make_article("c", ["The striker served a ban of 8 weeks for the tackle on the keeper, the league said."],
                     quantities=[dict(sentence=0, text="8 weeks", value=8, counted="week")])
    d = make_article("d", ["The striker served a ban of 11 weeks for the tackle on the keeper, the league said."],
                     quantities=[dict(sentence=0, text="11 weeks", value=11, counted="week")])
    assert len(_run([c, d])[0]) == 1


def test_verdicts_a_noun_or_a_number_sign_spelled_like_a_negation_denies_nothing(make_article):
    # "mob don" is no "don't"; "No. 4 seed" is no "no": nothing is denied.
    a = make_article("a", ["Harbour boss Tom Ridley dies in prison at the age of 77 after a long illness."])
    b = make_article("b", ["Harbour mob don Tom Ridley dies in prison at the age of 77 after a long illness."])
    assert [c for c in _run([a, b])[0] if c.kind == "denial"] == []
    c = make_article("c", ["On Saturday the Owls will play the No. 4 seed Dunmore State, which beat Kelso 61 - 60 on Friday."])
    d = make_article("d", ["On Saturday the Owls will play the Dunmore State team, which beat Kelso 61 - 60 on Friday."])
    assert [x for x in _run([c, d])[0] if x.kind == "denial"] == []
    # A real negation still denies.
    e = make_article("e", ["Harbour boss Tom Ridley did not die in prison at the age of 77 after a long illness."])
    assert [x.kind for x in _run([a, e])[0]] == ["denial"]


def test_verdicts_a_sum_with_its_scale_word_hyphenated_is_read_in_full(make_article):
    # The analyzer reads "one-million dollars" as 1 dollar: with its scale
    # word it is the $1 million another report gives, no dispute.
    a = make_article("a", ["Damage to the old harbour church is estimated at one-million dollars, the diocese said."],
                     quantities=[dict(sentence=0, text="one-million dollars", value=1, counted="dollar")])
    b = make_article("b", ["Damage to the old harbour church is estimated at $1 million, the diocese said."],
                     quantities=[dict(sentence=0, text="$1 million", value=1e6, counted="dollar")])
    assert _run([a, b])[0] == []
    c = make_article("c", ["Damage to the old harbour church is estimated at $3 million, the diocese said."],
                     quantities=[dict(sentence=0, text="$3 million", value=3e6, counted="dollar")])
    (conflict,) = _run([a, c])[0]
    assert sorted(s.value for s in conflict.sides) == ["$3 million", "one-million dollars"]


def _dollar_observation(make_article, aid, text, figure, value):
    """The first how-many observation of a one-sentence article whose one
    figure counts dollars (the referent tests' set-up)."""
    from newsprism.reconcile.conflicts.observe import _observations

    a = make_article(aid, [text], quantities=[dict(sentence=0, text=figure, value=value, counted="dollar")])
    units = extract_claims([a], config=load_config())
    found = [o for o in _observations(units, dict.fromkeys(range(len(units)), 0), margin=0.0, window=2)
             if o.slot == "how_many"]
    assert found, text
    return found[:1]


def test_verdicts_figures_of_one_noun_of_different_kinds_are_two_things(make_article):
    # "the $90 billion harbour bill" and "a $400 billion welfare spending
    # bill" are two bills: their sums never take sides against each other.
    from newsprism.reconcile.conflicts.referents import _different_kinds

    def obs(aid, text, figure, value):
        return _dollar_observation(make_article, aid, text, figure, value)

    harbour = obs("a", "Senators insisted that the $90 billion harbour bill get a quick vote.", "$90 billion", 9e10)
    welfare = obs("b", "The caucus insists that the House first pass a $400 billion welfare spending bill.",
                  "$400 billion", 4e11)
    other = obs("c", "The caucus insists that the House first pass the $400 billion harbour bill.",
                "$400 billion", 4e11)
    plain = obs("d", "The caucus insists that the House first pass a $400 billion bill.", "$400 billion", 4e11)
    assert _different_kinds([harbour, welfare], {})
    assert not _different_kinds([harbour, other], {})
    assert not _different_kinds([harbour, plain], {})  # one kind unnamed: nothing tells them apart


def test_verdicts_a_sum_for_a_part_is_not_the_whole_sum_disputed(make_article):
    # "$1 trillion in new spending" is a part of "the $1.8 trillion plan":
    # no dispute; two parts ("for schools" / "for roads") neither; two sums
    # of one part, or two wholes, still take sides.
    from newsprism.reconcile.conflicts.referents import _part_and_whole

    def obs(aid, text, figure, value):
        return _dollar_observation(make_article, aid, text, figure, value)

    whole = obs("a", "The governor unveiled the $1.8 trillion Harbour Families Plan on Wednesday.",
                "$1.8 trillion", 1.8e12)
    part = obs("b", "The governor's plan includes $1 trillion in new spending on schools and child care.",
               "$1 trillion", 1e12)
    schools = obs("c", "The bill sets aside $200 million for schools across the region.", "$200 million", 2e8)
    roads = obs("d", "The bill sets aside $300 million for roads across the region.", "$300 million", 3e8)
    other_whole = obs("e", "The governor unveiled a $2 trillion Harbour Families Plan on Wednesday.",
                      "$2 trillion", 2e12)
    more_spending = obs("f", "The governor's plan includes $1.2 trillion in new spending on schools.",
                        "$1.2 trillion", 1.2e12)
    assert _part_and_whole([whole, part], {})
    assert _part_and_whole([schools, roads], {})
    assert not _part_and_whole([whole, other_whole], {})
    assert not _part_and_whole([part, more_spending], {})


def test_verdicts_things_destroyed_are_not_a_count_of_things_damaged(make_article):
    # "five villages had been damaged" / "four villages had been destroyed":
    # two sets (more are damaged than destroyed), no dispute; two counts of
    # one state still conflict.
    def villages(aid, sentence, text, value):
        return make_article(aid, [sentence], mentions=[(0, "Varnes", "GPE")],
                            quantities=[_q(0, text, value, "villages")])

    damaged = villages("a", "On Varnes island, many homes in five villages had been damaged, officials said.",
                       "five villages", 5)
    destroyed = villages("b", "The governor of Varnes told the agency four villages had been destroyed overnight.",
                         "four villages", 4)
    assert _run([damaged, destroyed])[0] == []
    razed = villages("c", "The governor of Varnes told the agency two villages had been razed overnight.",
                     "two villages", 2)
    assert [c.about for c in _run([destroyed, razed])[0]] == ["number of villages destroyed"]


def test_verdicts_a_figure_of_a_sentence_cut_by_the_texts_end_takes_no_side(make_article):
    # An opening paragraph cut short ("... comes with $1 trillion in..."):
    # what the sum is for is in the words not given, so it disputes nothing.
    # The same sentence ended, or cut in the middle of the text, still does.
    def sums(aid, last):
        return make_article(aid, [
            "The governor unveiled her budget for the coming year on Wednesday.",
            f"The package she sent to lawmakers is worth $1 trillion{last}",
        ], quantities=[dict(sentence=1, text="$1 trillion", value=1e12, counted="dollar")])

    whole = make_article("w", [
        "The governor unveiled her budget for the coming year on Wednesday.",
        "The package she sent to lawmakers is worth $2 trillion.",
    ], quantities=[dict(sentence=1, text="$2 trillion", value=2e12, counted="dollar")])
    for last in (" in...", "\u2026", " to \u2026\u201d"):
        assert _run([whole, sums("c", last)])[0] == [], last
    (conflict,) = _run([whole, sums("e", ".")])[0]
    assert sorted(s.value for s in conflict.sides) == ["$1 trillion", "$2 trillion"]
    mid = make_article("m", [
        "The package she sent to lawmakers is worth $1 trillion...",
        "The governor unveiled her budget for the coming year on Wednesday.",
    ], quantities=[dict(sentence=0, text="$1 trillion", value=1e12, counted="dollar")])
    assert len(_run([whole, mid])[0]) == 1



def test_verdicts_figures_of_different_periods_or_a_forecast_take_no_side(make_article):
    # "annual" / "quarterly", "this year" / "in the last quarter", a forecast
    # against a reported figure: different things counted, no dispute.  The
    # same period on both sides still conflicts; a death toll (a concept the
    # story counts) is not scoped by a period its sentence names.
    def one(aid, sentence, figure, value, counted="dollar"):
        return make_article(aid, [sentence], quantities=[dict(sentence=0, text=figure, value=value, counted=counted)])

    pairs = [
        ("Northwind expects annual revenue from its new vaccine of $36 billion.",
         "Northwind reported quarterly revenue from its new vaccine of $13 billion."),
        ("Northwind said revenue from its new vaccine reached $36 billion this year.",
         "Northwind said revenue from its new vaccine reached $13 billion in the last quarter."),
        ("Northwind forecast revenue from its new vaccine of $36 billion.",
         "Northwind said revenue from its new vaccine was $13 billion."),
    ]
    for first, second in pairs:
        assert _run([one("a", first, "$36 billion", 36e9), one("b", second, "$13 billion", 13e9)])[0] == [], second
    same = ("Northwind said revenue from its new vaccine reached $36 billion this year.",
            "Northwind said revenue from its new vaccine reached $13 billion this year.")
    assert len(_run([one("a", same[0], "$36 billion", 36e9), one("b", same[1], "$13 billion", 13e9)])[0]) == 1
    forecasts = ("Northwind expects revenue from its new vaccine of $36 billion.",
                 "Northwind forecast revenue from its new vaccine of $13 billion.")
    assert len(_run([one("a", forecasts[0], "$36 billion", 36e9),
                     one("b", forecasts[1], "$13 billion", 13e9)])[0]) == 1
    toll = ("The bombing, the deadliest this year, killed 23 people in the market.",
            "The bombing killed 31 people in the market.")
    assert len(_run([one("a", toll[0], "23 people", 23, "person"), one("b", toll[1], "31 people", 31, "person")])[0]) == 1


def test_verdicts_a_period_or_forecast_is_read_from_the_figures_own_phrase(make_article):
    # A period with no hyphen ("third quarter revenue", "for the quarter")
    # and a forecast written as a future verb ("will reach") scope the figure
    # when they are in its own phrase: no dispute with an unscoped figure.
    # The same words in another clause of the sentence do not ("entering the
    # fourth quarter": when a tie came), and "third quarter" is
    # "third-quarter": one period, the two figures conflict.
    def one(aid, sentence, figure, value):
        return make_article(aid, [sentence], quantities=[dict(sentence=0, text=figure, value=value, counted="dollar")])

    plain = "Northwind's revenue from its new vaccine was $36 billion."
    for scoped in ("Northwind's third quarter revenue from its new vaccine was $13 billion.",
                   "Northwind said revenue from its new vaccine for the quarter was $13 billion.",
                   "Revenue from Northwind's new vaccine will reach $13 billion, the company said."):
        assert _run([one("a", plain, "$36 billion", 36e9), one("b", scoped, "$13 billion", 13e9)])[0] == [], scoped
    other = "Northwind's revenue from its new vaccine was $13 billion as the company entered the third quarter."
    assert len(_run([one("a", plain, "$36 billion", 36e9), one("b", other, "$13 billion", 13e9)])[0]) == 1
    hyphen = ("Northwind's third-quarter revenue from its new vaccine was $36 billion.",
              "Northwind's third quarter revenue from its new vaccine was $13 billion.")
    assert len(_run([one("a", hyphen[0], "$36 billion", 36e9), one("b", hyphen[1], "$13 billion", 13e9)])[0]) == 1


def test_verdicts_a_game_quarter_named_in_passing_does_not_scope_a_figure(make_article):
    # "entering the fourth quarter" says when a tie came, not the period of
    # the run: 86 / 84 yards of one run still conflict.
    a = make_article("a", ["Okafor had 226 yards on 22 carries, including an 86 - yard touchdown run for the Hawks."],
                     quantities=[dict(sentence=0, text="86 - yard", value=86, counted="yard")])
    b = make_article("b", ["Okafor ran for 226 yards for the Hawks, including an 84 - yard touchdown run as his team "
                           "rallied to a tie entering the fourth quarter."],
                     quantities=[dict(sentence=0, text="84 - yard", value=84, counted="yard")])
    from newsprism.reconcile.conflicts.referents import _periods
    from newsprism.reconcile.conflicts.observe import _observations

    units = extract_claims([a, b], config=load_config())
    obs = [o for o in _observations(units, dict.fromkeys(range(len(units)), 0), margin=0.0, window=2)
           if o.slot == "how_many" and o.topic == "yard"]
    assert obs and all(_periods(o) == frozenset() for o in obs)
