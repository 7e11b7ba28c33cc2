"""An article that restates one proposition (its headline, its lead, a later
paragraph) may put every restatement in the claim group, when each aligns
with every other member, its own restatements included (issue 9: "a set in
which every pair aligns"); sources are still counted by family.  Own
sentences."""

from newsprism.config import load_config
from newsprism.reconcile.align import AlignedPair, align_claims, group_pairs, score_pairs
from newsprism.reconcile.claims import extract_claims
from newsprism.reconcile.verdicts import build_claims

LEAD = "Rescuers pulled twelve miners alive from the flooded coal mine near Dunmore on Friday."
LATER = "Rescuers pulled twelve miners alive from the flooded coal mine at Dunmore on Friday night."
OTHER = "Rescuers pulled twelve miners alive from the flooded coal mine near Dunmore on Friday, officials said."
UNRELATED = "The mine's owner has been fined twice for breaking safety rules in the past decade."


def _articles(make_article):
    a = make_article("a", [LEAD, UNRELATED, LATER])
    b = make_article("b", [OTHER])
    return a, b


def test_align_restatements_of_one_article_share_its_group(make_article):
    units = extract_claims(list(_articles(make_article)))
    groups = [sorted(u.key for u in g) for g in align_claims(units) if len(g) > 1]
    assert groups == [[("a", 0), ("a", 2), ("b", 0)]]


def test_align_restatements_are_scored_within_their_article_only(make_article):
    units = extract_claims(list(_articles(make_article)))
    within = score_pairs(units, within=True)
    assert within and all(units[p.a].article == units[p.b].article for p in within)
    assert {(units[p.a].sentence, units[p.b].sentence) for p in within} == {(0, 2)}
    assert all(units[p.a].article != units[p.b].article for p in score_pairs(units))


def test_align_restatements_count_one_source_and_two_with_a_confirmation(make_article):
    config = load_config()
    units = extract_claims(list(_articles(make_article)), config=config)
    pairs = score_pairs(units, config=config)
    within = score_pairs(units, config=config, within=True)
    groups = group_pairs(units, pairs, within=within)
    claims, _ = build_claims(units, groups, {}, {"a": "a", "b": "b"}, pairs=[*pairs, *within])
    (claim,) = [c for c in claims if len(c.reports) > 1]
    assert sorted((r.article, r.sentence) for r in claim.reports) == [("a", 0), ("a", 2), ("b", 0)]
    assert claim.independent_sources == 2 and claim.verdict == "corroborated"
    # b retells a: one family, however many restatements.
    claims, _ = build_claims(units, groups, {}, {"a": "a", "b": "a"}, pairs=[*pairs, *within])
    (claim,) = [c for c in claims if len(c.reports) > 1]
    assert claim.independent_sources == 1 and claim.verdict == "single-source"


def test_align_an_articles_sentences_that_do_not_align_never_share_a_group(make_article):
    # a0 ~ b0 and a1 ~ b0, but a0 and a1 say different things: no chaining
    # through b0, the group keeps one of a's sentences.
    a = make_article("a", ["Heavy rain flooded the river valley farms overnight.",
                           "Heavy rain closed the valley schools for a week."])
    b = make_article("b", ["Heavy rain flooded the valley farms and closed its schools."])
    units = extract_claims([a, b])
    assert [u.article for u in units] == ["a", "a", "b"]
    pairs = [AlignedPair(0, 2, 0.9, 0.9), AlignedPair(1, 2, 0.8, 0.8)]
    assert [g for g in group_pairs(units, pairs, within=[]) if len(g) > 1] == [[0, 2]]
    assert [g for g in group_pairs(units, pairs, within=[AlignedPair(0, 1, 0.75, 0.75)]) if len(g) > 1] == [[0, 1, 2]]


def test_align_restatements_alone_make_no_group(make_article):
    # An article restating itself, with no other report: not one claim with
    # two reports (groups merge along cross-article pairs only).
    a = make_article("a", [LEAD, UNRELATED, LATER])
    units = extract_claims([a])
    assert score_pairs(units, within=True)
    assert [g for g in align_claims(units) if len(g) > 1] == []
