"""Claim alignment: scoring and greedy grouping."""

import numpy as np

from newsprism.config import load_config
from newsprism.reconcile.align import align_claims, score_pairs, text_similarity
from newsprism.reconcile.claims import extract_claims


def _groups(units):
    return [sorted(u.key for u in g) for g in align_claims(units) if len(g) > 1]


def test_align_paraphrase_without_embeddings(make_article):
    a = make_article("a", ["The storm was very violent, it tore roofs off many houses.",
                           "The harbour stayed closed to all shipping for a week."])
    b = make_article("b", ["The storm was very fierce and it tore the roofs off the houses.",
                           "Farmers expect a poor harvest of wheat this autumn."])
    assert _groups(extract_claims([a, b])) == [[("a", 0), ("b", 0)]]


def test_align_unrelated_sentences_stay_apart(make_article):
    a = make_article("a", ["The central bank raised interest rates by half a point today."])
    b = make_article("b", ["A new football stadium opened to large crowds in the northern city."])
    assert _groups(extract_claims([a, b])) == []


def test_align_group_holds_at_most_one_sentence_per_article(make_article):
    a = make_article("a", ["Rescuers pulled twelve miners alive from the flooded coal mine.",
                           "Rescuers pulled twelve miners alive from the flooded coal pit on Friday."])
    b = make_article("b", ["Rescuers pulled twelve miners alive from the flooded coal mine, officials said."])
    groups = [g for g in align_claims(extract_claims([a, b])) if len(g) > 1]
    assert len(groups) == 1
    arts = [u.article for u in groups[0]]
    assert sorted(arts) == ["a", "b"]


def test_align_duplicates_in_one_article_travel_together(make_article):
    cap = "Villagers carry sandbags along the swollen river bank (Reuters)."
    a = make_article("a", [cap, "Engineers inspected the dam overnight for cracks and leaks.", cap])
    b = make_article("b", ["Villagers carried sandbags along the swollen river bank on Sunday."])
    groups = [sorted(u.key for u in g) for g in align_claims(extract_claims([a, b])) if len(g) > 1]
    assert groups == [[("a", 0), ("a", 2), ("b", 0)]]


def test_align_uses_embeddings_when_present(make_article):
    a = make_article("a", ["The minister resigned after the scandal over party funding broke."])
    b = make_article("b", ["Facing a storm over donations, the cabinet member quit her post."])
    units = extract_claims([a, b])
    assert score_pairs(units) == []  # no shared words: lexically apart
    lexical = text_similarity(units)[0, 1]
    units[0].vector = np.array([1.0, 0.1, 0.0])
    units[1].vector = np.array([0.95, 0.15, 0.05])
    assert text_similarity(units)[0, 1] > lexical + 0.3
    pairs = score_pairs(units, params={"text.lexical": 0.0})  # embeddings alone
    assert len(pairs) == 1 and pairs[0].score >= load_config()["reconcile.align_threshold"]


def test_align_threshold_setting_is_honoured(make_article):
    a = make_article("a", ["The storm was very violent, it tore roofs off many houses."])
    b = make_article("b", ["The storm was very fierce and it tore the roofs off the houses."])
    units = extract_claims([a, b])
    assert score_pairs(units, config=load_config().replace(reconcile__align_threshold=0.99)) == []
    assert score_pairs(units, config=load_config().replace(reconcile__align_threshold=0.3))


def test_align_embedding_rows_mismatch_falls_back_to_lexical(make_article, caplog):
    a = make_article("a", ["The storm was very violent, it tore roofs off many houses.",
                           "The harbour stayed closed to all shipping for a week."])
    b = make_article("b", ["The storm was very fierce and it tore the roofs off the houses."])
    a.embeddings = np.ones((5, 3), dtype=np.float32)  # 5 rows for 2 sentences
    with caplog.at_level("WARNING"):
        units = extract_claims([a, b])
    assert all(u.vector is None for u in units)
    assert "embedding rows" in caplog.text
    assert [sorted(u.key for u in g) for g in align_claims(units) if len(g) > 1] == [[("a", 0), ("b", 0)]]


def test_align_sentences_joined_by_a_retelling_group_together(make_article):
    a = make_article("a", ["Flood water reached the old bridge before midnight, engineers warned.",
                           "The mayor ordered every school in the district to close on Friday.",
                           "Farmers moved their cattle to higher pastures above the valley."])
    b = make_article("b", ["The mayor ordered the district schools closed on Friday and the farmers "
                           "moved their cattle to the higher pastures."])
    groups = _groups(extract_claims([a, b]))
    assert [("a", 1), ("a", 2), ("b", 0)] in groups
    # Sentences that are not adjacent are not joined.
    c = make_article("c", ["The mayor ordered every school in the district to close on Friday.",
                           "A new library opened in the town centre last year.",
                           "Farmers moved their cattle to higher pastures above the valley."])
    groups = _groups(extract_claims([c, b]))
    assert groups and not any(len([k for k in g if k[0] == "c"]) > 1 for g in groups)
