"""Claims that give the same figure for the same people or things in the same
state state the same proposition (issue 9): an independent confirmation
worded differently is aligned and counted as a second source; a retelling is
one source family with its original; a shared figure in another state, or
beside a figure the other claim lacks, aligns nothing.  Own sentences."""

from newsprism.config import load_config
from newsprism.reconcile.align import group_pairs, other_state, same_count, score_pairs
from newsprism.reconcile.claims import extract_claims, load_data
from newsprism.reconcile.verdicts import build_claims, find_conflicts

ORIG = ("More than 9,000 residents have left the valley over the past fortnight, according to volunteers "
        "at a camp near the border crossing.")
OTHER = "The charity estimates that around 9,000 people have fled since the start of the month."
RETOLD = "More than 9,000 residents left the valley in the past two weeks and reached the camp near the border."


def _article(make_article, aid, text, figure, value, low, high, counted):
    return make_article(aid, [text], quantities=[dict(sentence=0, text=figure, value=value, low=low, high=high,
                                                      counted=counted)])


def _flight(make_article):
    a = _article(make_article, "orig", ORIG, "More than 9,000 residents", 9000, 9000, 11250, "resident")
    b = _article(make_article, "retold", RETOLD, "More than 9,000 residents", 9000, 9000, 11250, "resident")
    c = _article(make_article, "other", OTHER, "around 9,000 people", 9000, 8100, 9900, "people")
    return a, b, c


def _claims(articles, roots):
    config = load_config()
    units = extract_claims(articles, config=config)
    pairs = score_pairs(units, config=config)
    groups = group_pairs(units, pairs)
    _, by_unit = find_conflicts(units, groups, config=config)
    claims, _ = build_claims(units, groups, by_unit, roots, pairs=pairs)
    return units, pairs, claims


def test_align_counts_independent_confirmation_counts_as_two(make_article):
    a, _, c = _flight(make_article)
    units, pairs, claims = _claims([a, c], {"orig": "orig", "other": "other"})
    (pair,) = [p for p in pairs if {units[p.a].article, units[p.b].article} == {"orig", "other"}]
    assert pair.evidence["same_count"]["figures"] == ["More than 9,000 residents", "around 9,000 people"]
    assert pair.evidence["same_count"]["values"] == [9000.0, 9000.0]  # what the verdict compares
    assert pair.evidence["probability"] < load_config()["reconcile.align_threshold"]  # the classifier alone misses it
    claim = next(cl for cl in claims if len(cl.reports) > 1)
    assert claim.independent_sources == 2 and claim.verdict == "corroborated"
    # Without the rule the two stay apart.
    off = score_pairs(units, config=load_config(), params={"counts.off": 1})
    assert not [p for p in off if {units[p.a].article, units[p.b].article} == {"orig", "other"}]


def test_align_counts_retelling_is_one_family_and_the_confirmation_a_second(make_article):
    a, b, c = _flight(make_article)
    _, _, claims = _claims([a, b, c], {"orig": "orig", "retold": "orig", "other": "other"})
    claim = next(cl for cl in claims if len(cl.reports) > 1)
    assert {r.article for r in claim.reports} == {"orig", "retold", "other"}
    assert claim.independent_sources == 2
    _, _, alone = _claims([a, b], {"orig": "orig", "retold": "orig"})
    claim = next(cl for cl in alone if len(cl.reports) > 1)
    assert claim.independent_sources == 1 and claim.verdict == "single-source"


def test_align_counts_same_figure_in_another_state_never_aligns(make_article):
    a = _article(make_article, "a", "Around 9,000 people have fled the valley since the start of the month.",
                 "Around 9,000 people", 9000, 8100, 9900, "people")
    b = _article(make_article, "b", "About 9,000 people remain trapped in the valley, aid workers said.",
                 "About 9,000 people", 9000, 8100, 9900, "people")
    units = extract_claims([a, b])
    assert same_count(units[0], units[1], load_data("claims_align")["counts"]) is None
    assert not score_pairs(units, config=load_config())


def test_align_counts_another_state_is_kept_apart_whatever_a_model_reads(make_article, monkeypatch):
    a = _article(make_article, "a", "Around 9,000 people have fled the valley since the start of the month.",
                 "Around 9,000 people", 9000, 8100, 9900, "people")
    b = _article(make_article, "b", "About 9,000 people remain trapped in the valley, aid workers said.",
                 "About 9,000 people", 9000, 8100, 9900, "people")
    c = _article(make_article, "c", ORIG, "More than 9,000 residents", 9000, 9000, 11250, "resident")
    rules = load_data("claims_align")["counts"]
    units = extract_claims([a, b, c])
    by = {u.article: u for u in units}
    other = other_state(by["a"], by["b"], rules)
    assert other and other["figures"] == ["Around 9,000 people", "About 9,000 people"]
    assert other_state(by["a"], by["c"], rules) is None  # both have left: one state

    class Sure:
        def probabilities(self, pairs, **kw):
            import numpy as np

            return np.full(len(pairs), 0.99)

    monkeypatch.setattr("newsprism.reconcile.cross.load_cross_encoder", lambda *a, **k: Sure())
    two = [by["a"], by["b"]]
    params = {"cross.on": 1, "cross.band_low": 0.0}
    assert not score_pairs(two, config=load_config(), params=params)
    assert score_pairs(two, config=load_config(), params={**params, "guards.states.off": 1})


def test_align_counts_a_figure_the_other_lacks_is_more_than_it_says(make_article):
    a = make_article("a", ["The toll stood on Thursday at 31 dead and more than 150 injured."],
                     quantities=[dict(sentence=0, text="31 dead", value=31),
                                 dict(sentence=0, text="more than 150 injured", value=150, low=150, high=190)])
    b = make_article("b", ["More than 150 people were injured in the blast, the ministry said."],
                     quantities=[dict(sentence=0, text="More than 150 people", value=150, low=150, high=190,
                                      counted="people")])
    units = extract_claims([a, b])
    assert same_count(units[0], units[1], load_data("claims_align")["counts"]) is None


def test_align_counts_small_figures_agree_by_chance(make_article):
    a = _article(make_article, "a", "Two people were killed when the roof of the market collapsed on Monday.",
                 "Two people", 2, 2, 2, "people")
    b = _article(make_article, "b", "Police said two people were killed in a car crash on the ring road.",
                 "two people", 2, 2, 2, "people")
    units = extract_claims([a, b])
    assert same_count(units[0], units[1], load_data("claims_align")["counts"]) is None


def test_align_counts_an_age_is_no_count(make_article):
    a = make_article("a", ["A man was charged on Friday over the crash that killed a 71-year-old woman."],
                     quantities=[dict(sentence=0, text="71-year-old", value=71, counted="age")])
    b = make_article("b", ["Police said a 71-year-old woman was killed when a car struck her outside the bakery."],
                     quantities=[dict(sentence=0, text="71-year-old", value=71, counted="age")])
    units = extract_claims([a, b])
    assert units[0].slots["how_many"][0]["concept"] == "age"
    assert same_count(units[0], units[1], load_data("claims_align")["counts"]) is None


def test_align_counts_the_same_figures_and_no_other_are_one_statement(make_article):
    from newsprism.reconcile.align import sketch

    rules = load_data("claims_align")["counts"]
    a = "The levy adds $45 to the average yearly bill, taking it to $1,310, the board said."
    b = "Households will pay an extra $45 a year on average, for a bill of $1,310, according to the board."
    extra = "Households will pay an extra $45 a year on average, for a bill of $1,310, up 9%, the board said."
    small = "Households will pay an extra $4 a month, for a bill of $1,310, the board said."
    units = extract_claims([make_article("a", [a]), make_article("b", [b]), make_article("c", [extra]),
                            make_article("d", [small])])
    sk = [sketch(u.text) for u in units]
    agree = same_count(units[0], units[1], rules, sketches=(sk[0], sk[1]))
    assert agree is not None and agree["values"] == [1310.0, 1310.0] and "extra" not in agree
    # a figure only one gives (9% is no share of the two), or figures that
    # differ, and the models decide
    assert same_count(units[0], units[2], rules, sketches=(sk[0], sk[2])) is None
    assert same_count(units[0], units[3], rules, sketches=(sk[0], sk[3])) is None
    # without the sketches (or with the rule off) nothing is read from the figures
    assert same_count(units[0], units[1], rules) is None
    assert same_count(units[0], units[1], {**rules, "same_figures_min": 0}, sketches=(sk[0], sk[1])) is None
    pairs = score_pairs(units[:2], config=load_config())
    assert [p.evidence.get("same_count", {}).get("concept") for p in pairs] == ["figures"]


def test_align_counts_one_large_figure_and_a_small_one_are_too_few(make_article):
    from newsprism.reconcile.align import sketch

    rules = load_data("claims_align")["counts"]
    a = "She was the only doctor for 2, 500 people in the parish."  # a cut "2,500": figures 2 and 500
    b = "Her clinic served the parish's 2, 500 residents after the storm."
    units = extract_claims([make_article("a", [a]), make_article("b", [b])])
    assert same_count(units[0], units[1], rules, sketches=(sketch(units[0].text), sketch(units[1].text))) is None


def test_align_counts_a_percentage_of_the_shared_figures_is_no_other_figure(make_article):
    # $45 on a bill that becomes $1,310 is up 3.6 %: "up 4%" restates the two
    # figures both give (rounded as written), "up 3.6%" too; "up 9%" does not.
    from newsprism.reconcile.align import sketch

    rules = load_data("claims_align")["counts"]
    a = "The levy adds $45 to the average yearly bill, taking it to $1,310, the board said."
    texts = [a, *(f"Households will pay an extra $45 a year on average, for a bill of $1,310, up {p}, the board said."
                  for p in ("4%", "3.6%", "3.4%", "9%"))]
    units = extract_claims([make_article(str(n), [t]) for n, t in enumerate(texts)])
    sk = [sketch(u.text) for u in units]
    found = [same_count(units[0], units[k], rules, sketches=(sk[0], sk[k])) for k in range(1, 5)]
    # 3.4 % is $45 of $1,310 (x of y), also a share the two figures make
    assert [f is not None for f in found] == [True, True, True, False]
    assert found[0]["extra_in"] == 1 and found[0]["extra"] == ["4 percent"]
    # the added figure's report first in the pair: the index follows it
    back = same_count(units[1], units[0], rules, sketches=(sk[1], sk[0]))
    assert back is not None and back["extra_in"] == 0
    # off without the kinds
    assert same_count(units[0], units[1], {**rules, "same_figures_extra_kinds": []}, sketches=(sk[0], sk[1])) is None


def test_align_counts_the_report_adding_a_percentage_is_never_shown(make_article):
    from newsprism.reconcile.align import AlignedPair

    a = "The levy adds $45 to the average yearly bill, taking it to $1,310."
    b = "The board's levy adds $45 to the average yearly bill, taking it to $1,310, up 4% on last year."
    units = [u for u in extract_claims([make_article("a", [a]), make_article("b", [b])])
             if not (u.passing or u.core or u.besides)]
    assert [u.article for u in units] == ["a", "b"]
    same = {"concept": "figures", "contexts": [], "figures": ["1,310", "1,310"], "values": [1310.0, 1310.0]}
    for extra_in, shown in ((1, "a"), (0, "b")):
        # (extra_in 0 names a as adding the figure: then b is shown)
        pairs = [AlignedPair(0, 1, 0.85, 0.8, {"same_count": {**same, "extra_in": extra_in, "extra": ["4 percent"]}})]
        claims, _ = build_claims(units, [[0, 1]], {}, {"a": "a", "b": "b"}, pairs=pairs, corroborate_threshold=0.5)
        assert [c.verdict for c in claims] == ["corroborated"]
        assert claims[0].text == {"a": a, "b": b}[shown]
