"""Corroboration: who counts as an independent source, and why reports were matched."""

import pytest

from newsprism.config import load_config
from newsprism.reconcile.align import group_pairs, score_pairs
from newsprism.reconcile.claims import extract_claims
from newsprism.reconcile.verdicts import build_claims, find_conflicts


def _claims(articles, roots):
    config = load_config()
    units = extract_claims(articles, config=config)
    pairs = score_pairs(units, config=config)
    groups = group_pairs(units, pairs)
    _, by_unit = find_conflicts(units, groups, config=config)
    claims, _ = build_claims(units, groups, by_unit, roots, pairs=pairs)
    return claims


def _story(make_article):
    a = make_article("orig", ["Engineers closed the old railway bridge over the river after finding deep cracks.",
                              "Local shops reported brisk trade ahead of the holiday weekend."])
    b = make_article("retold", ["The old railway bridge over the river was closed by engineers who found deep cracks."])
    c = make_article("other", ["Engineers shut the old railway bridge across the river once they found deep cracks."])
    return a, b, c


def _bridge_claim(claims):
    return next(c for c in claims if "bridge" in c.text and len(c.reports) > 1)


def test_verdicts_retelling_counts_as_one_source_family(make_article):
    a, b, _ = _story(make_article)
    claims = _claims([a, b], {"orig": "orig", "retold": "orig"})
    claim = _bridge_claim(claims)
    assert {r.article for r in claim.reports} == {"orig", "retold"}
    assert claim.independent_sources == 1
    assert claim.verdict == "single-source"


def test_verdicts_independent_confirmations_count_as_two(make_article):
    a, b, c = _story(make_article)
    claims = _claims([a, b, c], {"orig": "orig", "retold": "orig", "other": "other"})
    claim = _bridge_claim(claims)
    assert {r.article for r in claim.reports} == {"orig", "retold", "other"}
    assert claim.independent_sources == 2
    assert claim.verdict == "corroborated"


def test_verdicts_claim_carries_the_evidence_of_its_aligned_pairs(make_article):
    a, _, c = _story(make_article)
    claim = _bridge_claim(_claims([a, c], {"orig": "orig", "other": "other"}))
    (pair,) = claim.alignment
    assert {pair["a"]["article"], pair["b"]["article"]} == {"orig", "other"}
    assert pair["probability"] >= load_config()["reconcile.align_threshold"]
    assert "bridge" in pair["shared_words"] and 0 < pair["cosine"] <= 1  # words as written


def _claim_of(report, article, text):
    for c in report.claims:
        if any(r.article == article and text in r.text for r in c.reports):
            return c
    return None


def test_verdicts_seeds_shared_names_do_not_corroborate(seeds_report):
    report, _, by_seed = seeds_report
    offensive = _claim_of(report, by_seed["004"], "offensive")
    assert offensive is not None
    assert not any("Algerians" in r.text for r in offensive.reports)
    missing = _claim_of(report, by_seed["004"], "still missing")
    assert missing is not None
    assert not any("Everyone knew" in r.text for r in missing.reports)


def test_verdicts_seeds_no_corroborated_claim_rests_on_names_alone(seeds_report):
    report, _, _ = seeds_report
    for c in report.claims:
        if c.verdict == "corroborated":
            assert c.alignment, c.text
            assert all(p["shared_words"] or p["cosine"] >= 0.85 for p in c.alignment), c.text


def test_verdicts_weak_alignment_groups_but_does_not_corroborate(make_article):
    from newsprism.reconcile.align import AlignedPair

    a, _, c = _story(make_article)
    units = extract_claims([a, c])
    i, j = next((x, y) for x, u in enumerate(units) for y, v in enumerate(units)
                if u.article == "orig" and v.article == "other" and "bridge" in u.text)
    roots = {"orig": "orig", "other": "other"}
    for score, verdict, count in ((0.75, "single-source", 1), (0.95, "corroborated", 2)):
        pairs = [AlignedPair(i, j, score, 0.9, {"probability": score})]
        groups = group_pairs(units, pairs)
        claims, _ = build_claims(units, groups, {}, roots, pairs=pairs, corroborate_threshold=0.85)
        claim = next(cl for cl in claims if len(cl.reports) == 2)
        assert (claim.verdict, claim.independent_sources) == (verdict, count)


def test_verdicts_seeds_retelling_restatements_are_one_source_family(seeds_report):
    report, _, by_seed = seeds_report
    both = [c for c in report.claims if {r.article for r in c.reports} >= {by_seed["000"], by_seed["001"]}]
    # The retelling restates the original's fighting, tunnels and six months.
    assert any("tunnels" in r.text for c in both for r in c.reports)
    assert any("six months" in r.text for c in both for r in c.reports)
    for c in both:
        if {r.article for r in c.reports} == {by_seed["000"], by_seed["001"]}:
            assert c.independent_sources == 1 and c.verdict != "corroborated", c.text


def _regulations(make_article):
    """Claim units of three independent sources: two restate one statement,
    the third states another about the same rule changes."""
    return _three_sources(make_article, [
        "Several late regulatory changes have undermined the scientific basis of the wildlife law.",
        "Late regulatory changes undermined the scientific basis of the wildlife law, critics say.",
        "More than 1,300 scientists called on the two departments to overturn the rule changes.",
    ])


def _three_sources(make_article, texts):
    """Claim units of articles "a", "b", "c" (one sentence each), and the
    index of each article's first unit."""
    units = extract_claims([make_article(name, [text]) for name, text in zip("abc", texts)], config=load_config())
    first = {}
    for i, u in enumerate(units):
        first.setdefault(u.article, i)
    return units, first["a"], first["b"], first["c"]


def _joined(units, pairs):
    from newsprism.reconcile.align import AlignedPair

    roots = {u.article: u.article for u in units}
    members = sorted({k for p in pairs for k in p[:2]})
    aligned = [AlignedPair(i, j, score, 0.6, evidence) for i, j, score, evidence in pairs]
    claims, _ = build_claims(units, [members], {}, roots, pairs=aligned, corroborate_threshold=0.85)
    return claims


def test_verdicts_unread_figures_pair_does_not_join_a_corroborated_claim(make_article):
    # ECB+ train topic 9: a report the classifier alone aligned (0.72), never
    # read because its figures differ, rode into a claim two other sources
    # confirm; it is a claim of its own.
    units, a, b, c = _regulations(make_article)
    read = {"cross_probability": 0.95, "independent": True}
    claims = _joined(units, [(a, b, 0.95, read), (a, c, 0.72, {"figures_differ": True}),
                             (b, c, 0.71, {"figures_differ": True})])
    (core,) = [k for k in claims if k.verdict == "corroborated"]
    assert {r.article for r in core.reports} == {"a", "b"}
    (apart,) = [k for k in claims if any(r.article == "c" for r in k.reports)]
    assert apart.verdict == "single-source" and len(apart.reports) == 1


def test_verdicts_read_pair_keeps_its_report_in_a_corroborated_claim(make_article):
    # The same group, the third report read by the cross-encoder into the
    # claim on one of its pairs: it stays.
    units, a, b, c = _regulations(make_article)
    read = {"cross_probability": 0.95, "independent": True}
    claims = _joined(units, [(a, b, 0.95, read), (a, c, 0.72, {"figures_differ": True}),
                             (b, c, 0.8, {"cross_probability": 0.8, "independent": True})])
    (claim,) = claims
    assert claim.verdict == "corroborated" and {r.article for r in claim.reports} == {"a", "b", "c"}


@pytest.mark.parametrize("texts", [
    # A report that adds a figure ("on Jan. 6") to the same arrest: its main
    # predicate is a word of the claim's.
    ["The receiver was arrested last month on suspicion of drunk driving.",
     "The team's receiver was also recently arrested on suspicion of drunk driving.",
     "The receiver was arrested for investigation of drunk driving on Jan. 6, five days before the playoff loss."],
    # ECB+ train topic 28: "Felt ... died Thursday" / "Felt, who became the
    # most famous anonymous source ..., died yesterday": the predicate "die"
    # meets "died" as a lemma (a crude stem keeps them apart), whatever
    # figure one of them adds ("at 95").
    ["Mark Felt, the former FBI official known as Deep Throat, died on Thursday.",
     "Mark Felt, the former FBI official known as Deep Throat, died on Thursday, his family said.",
     "Mark Felt, the former FBI official known as Deep Throat, died on Thursday at 95."],
], ids=["same-arrest", "died-by-lemma"])
def test_verdicts_unread_figures_pair_of_one_statement_stays(make_article, texts):
    # A report whose unread figures-differ pairs show one statement with the
    # claim keeps its family in the corroborated claim.
    units, a, b, c = _three_sources(make_article, texts)
    read = {"cross_probability": 0.9, "independent": True}
    claims = _joined(units, [(a, b, 0.9, read), (a, c, 0.72, {"figures_differ": True}),
                             (b, c, 0.74, {"figures_differ": True})])
    (claim,) = claims
    assert claim.verdict == "corroborated" and {r.article for r in claim.reports} == {"a", "b", "c"}


def test_verdicts_unread_pair_of_two_families_is_marked_independent(make_article):
    # AllSides tune: two outlets' leads on one announcement, aligned by the
    # classifier alone (their figures differ, so no reading): a single-source
    # claim of two reports whose pair must say it joins two source families,
    # or the brief counts the outlets as one.
    units, a, b, _ = _regulations(make_article)
    (claim,) = [k for k in _joined(units, [(a, b, 0.72, {"figures_differ": True})]) if len(k.reports) == 2]
    assert claim.verdict == "single-source" and claim.independent_sources == 1
    assert [p.get("independent") for p in claim.alignment] == [True]


def test_verdicts_unread_pair_of_one_family_is_not_marked_independent(make_article):
    units, a, b, _ = _regulations(make_article)
    from newsprism.reconcile.align import AlignedPair

    roots = {"a": "a", "b": "a", "c": "c"}  # b retells a
    aligned = [AlignedPair(a, b, 0.72, 0.6, {"figures_differ": True})]
    claims, _ = build_claims(units, [[a, b]], {}, roots, pairs=aligned, corroborate_threshold=0.85)
    (claim,) = [k for k in claims if len(k.reports) == 2]
    assert "independent" not in claim.alignment[0]
