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


# A retelling restates its source sentence by sentence (align._retold): within
# one derivation family, each other's closest sentences align even when the
# classifier keeps them under its bar; one family still confirms nothing.
SOURCE = ["Rebel fighters shelled the riverside market of Kasrin on Tuesday morning.",
          "Aid lorries have waited at the northern checkpoint for nine days.",
          "The Northern Army reported capturing 23 positions held by the rebels."]
RETOLD = ["The newspaper said the rebels had bombarded the Kasrin market on Tuesday.",
          "Trucks carrying aid stood at the checkpoint in the north for more than a week.",
          "the Northern Army announced the control of 23 sites belonging to the group."]
FAMILY = {"a": "a", "b": "a"}


def _retelling_units(make_article, retold=RETOLD, counted=("position", "site")):
    army = "Northern Army"
    a = make_article("a", SOURCE, mentions=[(2, army, "ORG")],
                     quantities=[{"sentence": 2, "text": "23 positions", "value": 23, "counted": counted[0]}])
    figure = next(t for t in ("23 sites", "23 soldiers") if t in retold[2])
    b = make_article("b", list(retold), mentions=[(2, army, "ORG")],
                     quantities=[{"sentence": 2, "text": figure, "value": 23, "counted": counted[1]}])
    return extract_claims([a, b], mention_entity={("a", 0): "ent-army", ("b", 0): "ent-army"})


def _aligned(units, pairs):
    return {(units[p.a].sentence, units[p.b].sentence) for p in pairs if units[p.a].article != units[p.b].article}


def test_align_restatements_a_retelling_restates_its_sources_closest_sentence(make_article):
    units = _retelling_units(make_article)
    alone = score_pairs(units)
    family = score_pairs(units, families=FAMILY)
    # the lorries / trucks pair scores under the bar, and the 41-positions-like
    # pair shares no content word: independent reports of them stay apart
    assert (1, 1) not in _aligned(units, alone) and (2, 2) not in _aligned(units, alone)
    assert {(1, 1), (2, 2)} <= _aligned(units, family)
    evidence = {(units[p.a].sentence, units[p.b].sentence): p.evidence for p in family}
    assert evidence[(1, 1)]["retelling"]["closest"] and "figure" not in evidence[(1, 1)]["retelling"]
    assert evidence[(2, 2)]["retelling"]["figure"] == "23 positions / 23 sites"
    # the same pairs between two independent articles do not align
    assert _aligned(units, score_pairs(units, families={"a": "a", "b": "b"})) == _aligned(units, alone)
    assert _aligned(units, score_pairs(units, families=FAMILY, params={"retelling.off": 1})) == _aligned(units, alone)


def test_align_restatements_a_retelling_is_one_source_family(make_article):
    units = _retelling_units(make_article)
    pairs = score_pairs(units, families=FAMILY)
    claims, _ = build_claims(units, group_pairs(units, pairs), {}, FAMILY, pairs=pairs)
    retold = [c for c in claims if len({r.article for r in c.reports}) == 2]
    assert len(retold) >= 2
    assert all(c.independent_sources == 1 and c.verdict == "single-source" for c in retold)


def test_align_restatements_only_each_others_closest_sentence_is_a_restatement(make_article):
    # b restates a's lorries twice; only the closer one is the restatement
    closer = "Aid lorries waited at the northern checkpoint for nine days, the paper said."
    units = _retelling_units(make_article, retold=[*RETOLD, closer])
    family = _aligned(units, score_pairs(units, families=FAMILY))
    assert (1, 3) in family and (1, 1) not in family


def test_align_restatements_a_retelling_never_aligns_on_names_or_another_time(make_article):
    # The same army and figure, another count (soldiers lost, not positions
    # taken): names and a figure alone never align, retelling or not.
    lost = [*RETOLD[:2], "the Northern Army lost 23 soldiers in the fighting for the group's villages."]
    units = _retelling_units(make_article, retold=lost, counted=("position", "soldier"))
    assert (2, 2) not in _aligned(units, score_pairs(units, families=FAMILY))
    # Fighting now is not fighting months earlier.
    a = make_article("a", ["The fighting around the Kasrin market is fierce now, the commander said."])
    b = make_article("b", ["The fighting around the Kasrin market was fierce months earlier, the paper said."])
    units = extract_claims([a, b])
    assert _aligned(units, score_pairs(units, families=FAMILY)) == set()


def test_align_restatements_seeds_retelling_restates_the_original(seeds_report):
    # 001 retells 000 (it cites the Guardian report 000 is): the red Opal /
    # Opel car, the 41 positions / sites and the capture attempt in Keshma /
    # Keshmah are each one claim of one source family, with the evidence.
    report, _, by_seed = seeds_report
    wanted = {"Opal": "Opel", "41 positions": "41 sites", "tried to capture him": "tried to detain him"}
    for original, retold in wanted.items():
        (claim,) = [c for c in report.claims
                    if any(r.article == by_seed["000"] and original in r.text for r in c.reports)
                    and any(r.article == by_seed["001"] and retold in r.text for r in c.reports)]
        assert claim.independent_sources == 1 and claim.verdict != "corroborated", original
        assert any(p.get("retelling") for p in claim.alignment), original


def test_align_restatements_seeds_witness_age_is_one_family(seeds_report):
    # "said Jumah Hamdi Hamdan, 53" / "a report on Juma Hamdi Hamdan, 53": the
    # age stated in passing by the original and its retelling, one claim.
    report, _, by_seed = seeds_report
    (claim,) = [c for c in report.claims if {r.article for r in c.reports} == {by_seed["000"], by_seed["001"]}
                and all(r.text.endswith("Hamdan, 53") for r in c.reports)]
    assert claim.independent_sources == 1 and claim.verdict == "single-source"


# A short statement under the content-word floors ("Most of the fighters were ...")
# is a claim only when a retelling restates it in its own derivation family
# ([short_statements] of data/claims_filters.toml): one family, so it
# confirms nothing; between independent articles it is no claim at all.
SHORT_SOURCE = ["Rebel fighters shelled the riverside market of Kasrin on Tuesday morning.",
                "Most of the fighters were Chechens.",
                "Aid lorries have waited at the northern checkpoint for nine days."]
SHORT_RETOLD = ["The newspaper said the rebels had bombarded the Kasrin market on Tuesday.",
                "The fighters were mostly Chechens.",
                "Trucks carrying aid stood at the checkpoint in the north for more than a week."]


def _short_story(make_article, monkeypatch, derivations):
    import newsprism.reconcile as rec
    from newsprism.model import Story

    a = make_article("a", SHORT_SOURCE, published="2024-03-01", mentions=[(1, "Chechens", "NORP")])
    b = make_article("b", SHORT_RETOLD, published="2024-03-02", mentions=[(1, "Chechens", "NORP")])
    monkeypatch.setattr(rec, "derive", lambda *args, **kw: list(derivations))
    return rec.reconcile_story(Story("s", ["a", "b"]), [a, b])


def _citing(report, sentence):
    return [c for c in report.claims if any(r.sentence == sentence for r in c.reports)]


def test_align_restatements_a_retold_short_statement_is_one_family(make_article, monkeypatch):
    from newsprism.model import Derivation

    report = _short_story(make_article, monkeypatch, [Derivation("b", "a", "reuse", "test")])
    (claim,) = _citing(report, 1)
    assert {(r.article, r.sentence) for r in claim.reports} == {("a", 1), ("b", 1)}
    assert claim.independent_sources == 1 and claim.verdict == "single-source"
    # the evidence says why the two were compared at all
    assert any(p.get("retelling", {}).get("short") for p in claim.alignment)


def test_align_restatements_a_short_statement_of_independent_articles_is_no_claim(make_article, monkeypatch):
    # The same words from another outlet that does not derive from the first:
    # the retelling rule does not apply, and the floors hold as before.
    report = _short_story(make_article, monkeypatch, [])
    assert _citing(report, 1) == []


def test_align_restatements_short_statements_only_when_asked(make_article):
    a = make_article("a", SHORT_SOURCE, mentions=[(1, "Chechens", "NORP")])
    assert [u.sentence for u in extract_claims([a])] == [0, 2]
    units = extract_claims([a], short=True)
    assert [(u.sentence, u.short) for u in units] == [(0, False), (1, True), (2, False)]
    # one that names nothing and counts nothing is no unit, even when asked
    b = make_article("b", ["Rebel fighters shelled the riverside market of Kasrin on Tuesday morning.",
                           "Now it is far too late."])
    assert [u.sentence for u in extract_claims([b], short=True)] == [0]
    # nor one that only says who spoke
    c = make_article("c", ["Rebel fighters shelled the riverside market of Kasrin on Tuesday morning.",
                           "Idris Kaya said."], mentions=[(1, "Idris Kaya", "PERSON")])
    assert [u.sentence for u in extract_claims([c], short=True)] == [0]
