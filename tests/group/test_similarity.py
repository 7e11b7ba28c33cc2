import itertools

from newsprism.config import load_config
from newsprism.group.similarity import DIMENSIONS, compare, to_scale
from newsprism.present.show import format_similarity


def test_similarity_seed_retelling_closer_than_wire(seeds_analyzed):
    a000, a001, a004 = seeds_analyzed
    cfg = load_config()
    s01 = compare(a000, a001, config=cfg)
    s04 = compare(a000, a004, config=cfg)
    s14 = compare(a001, a004, config=cfg)
    assert s01.overall < s04.overall
    assert s01.overall < s14.overall
    for s in (s01, s04, s14):
        for dim in ("overall", *DIMENSIONS):
            assert 1.0 <= getattr(s, dim) <= 4.0


def test_similarity_evidence_names_shared_place_variants(seeds_analyzed):
    a000, a001, _ = seeds_analyzed
    sim = compare(a000, a001, config=load_config())
    geo = " ".join(sim.evidence["geography"])
    assert "Baghouz" in geo and "Bagouz" in geo
    assert any("Hamdan" in e or "Baghdadi" in e for e in sim.evidence["entities"])


def test_similarity_compare_output_shows_every_dimension(seeds_analyzed):
    a000, _, a004 = seeds_analyzed
    sim = compare(a000, a004, config=load_config())
    text = format_similarity(sim, a000, a004)
    for dim in ("overall", *DIMENSIONS):
        assert f"{dim:<10} {getattr(sim, dim):4.2f}" in text
    assert a000.article.id in text and a004.article.id in text
    assert text.count("- ") >= sum(len(v) for v in sim.evidence.values())


def test_similarity_is_symmetric_in_scores(seeds_analyzed):
    for x, y in itertools.combinations(seeds_analyzed, 2):
        s1, s2 = compare(x, y), compare(y, x)
        assert abs(s1.overall - s2.overall) < 0.02


def test_similarity_scale_maps_ends_and_unknown():
    assert to_scale(1.0) == 1.0 and to_scale(0.0) == 4.0 and to_scale(None) == 2.5


def test_similarity_time_factor_needs_a_shared_day_for_reports_far_apart(make_article):
    from newsprism.group.features import doc_features, group_rules
    from newsprism.group.similarity import pair_score, time_factor

    from datetime import date, timedelta

    rules = group_rules()
    text = "Flood waters rose in Dunmore.\nThe Avon River burst its banks."
    names = [("Dunmore", "GPE"), ("Avon River", "LOC")]
    within = (date(2021, 3, 3) + timedelta(days=int(rules.gap_grace_days))).isoformat()
    near = [doc_features(make_article(f"n{i}", text, published=d, mentions=names))
            for i, d in enumerate(("2021-03-03", within))]
    far = doc_features(make_article("far", text, published="2023-03-03", mentions=names))
    assert time_factor(near[0], near[1], rules) == 1.0
    assert time_factor(near[0], far, rules) == 0.0
    assert pair_score(near[0], far, rules=rules) < pair_score(near[0], near[1], rules=rules)
    # the same day given by both (an anniversary piece) is event-specific evidence
    far.dates["2021-03-03"] = "3 March 2021"
    near[0].dates["2021-03-03"] = "3 March 2021"
    assert time_factor(near[0], far, rules) == 1.0


def test_similarity_evidence_names_the_weekdays_that_disagree(make_article):
    from newsprism.group.features import doc_features, group_rules
    from newsprism.group.similarity import compare_features

    rules = group_rules()
    a = doc_features(make_article("a", "Jobless claims fell on Thursday.\nThe Labor Department gave the figure."))
    b = doc_features(make_article("b", "Jobless claims rose on Monday.\nThe Labor Department gave the figure."))
    said = " ".join(compare_features(a, b, rules=rules).evidence["time"])
    assert "no weekday in common (A: Thursday; B: Monday)" in said
    c = doc_features(make_article("c", "Jobless claims fell on Thursday, the Labor Department said."))
    assert "weekday" not in " ".join(compare_features(a, c, rules=rules).evidence["time"])


def test_similarity_count_factor_when_shared_counts_agree_on_nothing(make_article):
    import dataclasses

    from newsprism.group.features import doc_features, group_rules
    from newsprism.group.similarity import compare_features, count_factor

    rules = dataclasses.replace(group_rules(), count_factor=0.5)
    text = "The United States will send vaccine doses abroad.\nThe White House announced the plan."
    a, b, c, d = (doc_features(make_article(x, text)) for x in "abcd")
    def counts(f, *figures):  # (key, text, low, high, exact)
        f.numbers = {k: t for k, t, *_ in figures}
        for k, _, lo, hi, exact in figures:
            noun = k.partition(" ")[2]
            f.count_ranges[noun] = (*f.count_ranges.get(noun, ()), (lo, hi, exact))

    counts(a, ("20000000 dose", "20 million doses", 2e7, 2e7, True))
    counts(b, ("60000000 dose", "60 million doses", 6e7, 6e7, True))
    counts(c, ("20000000 dose", "20 million doses", 2e7, 2e7, True), ("6 country", "six countries", 6, 6, True))
    counts(d, ("80 country", "80 countries", 80, 80, True))
    assert count_factor(a, b, rules) == 0.5  # both count doses, no figure in common: two donations
    assert count_factor(a, c, rules) == 1.0  # one figure in common
    assert count_factor(a, d, rules) == 1.0  # nothing counted by both: no evidence either way
    assert count_factor(b, c, rules) == 0.5
    # a hedged or vague figure may agree (within its range) but never disagrees
    e, g = (doc_features(make_article(x, text)) for x in "eg")
    counts(e, ("55000000 dose", "about 55 million doses", 4.95e7, 6.05e7, False))
    counts(g, ("5 dose", "several doses", 3, 9, False))
    assert count_factor(b, e, rules) == 1.0 and count_factor(a, e, rules) == 1.0
    assert count_factor(a, g, rules) == 1.0
    assert count_factor(a, b, dataclasses.replace(rules, count_factor=1.0)) == 1.0  # off
    said = " ".join(compare_features(a, b, rules=rules).evidence["overall"])
    assert "agree on no figure (A: 20 million doses; B: 60 million doses)" in said and "x0.5" in said
    assert "no figure" not in " ".join(compare_features(a, c, rules=rules).evidence["overall"])


def test_similarity_count_factor_scales_the_batch_link(make_article):
    import dataclasses

    from newsprism.group.cluster import link_score
    from newsprism.group.features import doc_features, group_rules

    rules = dataclasses.replace(group_rules(), count_factor=0.5)
    text = "The United States will send vaccine doses abroad.\nThe White House announced the plan."
    a, b = (doc_features(make_article(x, text)) for x in "ab")
    bars = (0.25, 0.2, 0.0)
    same = link_score(a, b, bars=bars, rules=rules)
    a.count_ranges, b.count_ranges = {"dose": ((2e7, 2e7, True),)}, {"dose": ((6e7, 6e7, True),)}
    assert link_score(a, b, bars=bars, rules=rules) == same * 0.5
