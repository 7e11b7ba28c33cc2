"""Claim alignment: the learned pair classifier, its guards, and clique grouping."""

import math

from newsprism.config import load_config
from newsprism.reconcile.align import (
    FEATURES,
    AlignedPair,
    align_claims,
    group_pairs,
    guard,
    idf_table,
    load_model,
    pair_features,
    score_pairs,
    sketch,
)
from newsprism.reconcile.claims import extract_claims


def _groups(units):
    return [sorted(u.key for u in g) for g in align_claims(units) if len(g) > 1]


def test_align_paraphrase_aligns(make_article):
    a = make_article("a", ["The storm was very violent, it tore roofs off many houses.",
                           "The harbour stayed closed to all shipping for a week."])
    b = make_article("b", ["The storm was very fierce and it tore the roofs off the houses.",
                           "Farmers expect a poor harvest of wheat this autumn."])
    assert _groups(extract_claims([a, b])) == [[("a", 0), ("b", 0)]]


def test_align_unrelated_sentences_stay_apart(make_article):
    a = make_article("a", ["The central bank raised interest rates by half a point today."])
    b = make_article("b", ["A new football stadium opened to large crowds in the northern city."])
    assert _groups(extract_claims([a, b])) == []


def test_align_shared_names_alone_never_align(make_article):
    # Same names, different events: the offensive vs foreign recruits.
    a = make_article("a", ["On Saturday the SDF launched its final offensive on Baghouz."],
                     mentions=[(0, "SDF", "ORG"), (0, "Baghouz", "GPE")])
    b = make_article("b", ["An SDF commander in Baghouz said Algerians and Moroccans had joined the coup plotters."],
                     mentions=[(0, "SDF", "ORG"), (0, "Baghouz", "GPE")])
    units = extract_claims([a, b])
    assert score_pairs(units, config=load_config().replace(reconcile__align_threshold=0.0)) == []
    assert _groups(units) == []


def test_align_fighting_now_and_months_earlier_never_align(make_article):
    a = make_article("a", ["The fighting around the old town is very intense now."])
    b = make_article("b", ["The fighting around the old town was very intense months earlier."])
    units = extract_claims([a, b])
    assert score_pairs(units, config=load_config().replace(reconcile__align_threshold=0.0)) == []
    sa, sb = sketch(units[0].text), sketch(units[1].text)
    feats = pair_features(sa, sb, cosine=0.95, idf=idf_table([sa, sb]))
    assert guard(sa, sb, feats) is not None


def test_align_guard_needs_a_shared_content_word():
    a, b = sketch("Baghdadi is still missing."), sketch("Everyone knew where Abu Bakr al-Baghdadi lived.")
    feats = pair_features(a, b, cosine=0.5, idf=idf_table([a, b]))
    assert guard(a, b, feats) == "no shared content word"
    c = sketch("Baghdadi is still missing, officials say.")
    assert guard(a, c, pair_features(a, c, cosine=0.9, idf=idf_table([a, c]))) is None


def test_align_groups_are_cliques(make_article):
    arts = [make_article(x, [f"Sentence {x} about the river flooding the valley farms."]) for x in "abc"]
    units = extract_claims(arts)
    assert [u.article for u in units] == ["a", "b", "c"]
    chain = [AlignedPair(0, 1, 0.9, 0.9), AlignedPair(1, 2, 0.8, 0.8)]  # a~b, b~c, but not a~c
    groups = [g for g in group_pairs(units, chain) if len(g) > 1]
    assert groups == [[0, 1]]
    full = chain + [AlignedPair(0, 2, 0.7, 0.7)]
    assert [g for g in group_pairs(units, full) if len(g) > 1] == [[0, 1, 2]]


def test_align_group_holds_one_sentence_per_article_without_its_own_pairs(make_article):
    # Several sentences of one article share a group only through their own
    # aligned pairs (group_pairs' ``within``: test_align_restatements).
    a = make_article("a", ["Rescuers pulled twelve miners alive from the flooded coal mine.",
                           "Rescuers pulled twelve miners alive from the flooded coal pit on Friday."])
    b = make_article("b", ["Rescuers pulled twelve miners alive from the flooded coal mine, officials said."])
    units = extract_claims([a, b])
    groups = [g for g in group_pairs(units, score_pairs(units)) if len(g) > 1]
    assert len(groups) == 1
    assert sorted(units[k].article for k in groups[0]) == ["a", "b"]


def test_align_duplicates_in_one_article_travel_together(make_article):
    # A sentence printed twice (a caption is not a claim at all: test_claims).
    cap = "Villagers carry sandbags along the swollen river bank near the old mill."
    a = make_article("a", [cap, "Engineers inspected the dam overnight for cracks and leaks.", cap])
    b = make_article("b", ["Villagers carried sandbags along the swollen river bank on Sunday."])
    groups = [sorted(u.key for u in g) for g in align_claims(extract_claims([a, b])) if len(g) > 1]
    assert groups == [[("a", 0), ("a", 2), ("b", 0)]]


def test_align_threshold_setting_is_honoured(make_article):
    # One clause each: "The storm was very violent, it tore roofs ..." is two claims (test_claims_atomic).
    a = make_article("a", ["The violent storm tore roofs off many houses in the village."])
    b = make_article("b", ["The fierce storm tore the roofs off the houses of the village."])
    units = extract_claims([a, b])
    off = {"cross.off": 1}
    (pair,) = score_pairs(units, config=load_config().replace(reconcile__align_threshold=0.0), params=off)
    assert score_pairs(units, config=load_config().replace(reconcile__align_threshold=min(1.0, pair.score + 1e-3)),
                       params=off) == []
    # With the cross-encoder on, which pairs it reads depends on the
    # threshold (it reads the classifier's near misses): still none below it.
    for at in (0.0, 0.5, 0.7, 0.9):
        assert all(p.score >= at for p in score_pairs(units, config=load_config().replace(reconcile__align_threshold=at)))


def test_align_pairs_carry_their_evidence(make_article):
    a = make_article("a", ["More than 12,000 people have fled the town since January, aid workers said."])
    b = make_article("b", ["Aid workers say more than 12,000 residents have fled the town since January."])
    (pair,) = score_pairs(extract_claims([a, b]))
    ev = pair.evidence
    assert 0.0 <= ev["probability"] <= pair.score + 1e-4  # a near-copy may align above the classifier
    assert 0.5 < ev["cosine"] <= 1.0
    assert "12000" in ev["shared_numbers"] and "town" in ev["shared_words"]


def test_align_shipped_model_reads_every_feature():
    model = load_model()
    assert model.features and set(model.features) <= set(FEATURES)  # every feature it reads is computed
    a, b = sketch("The bridge was destroyed in January."), sketch("The bridge was blown up in January.")
    p = model.probability(pair_features(a, b, cosine=0.8, idf=idf_table([a, b])))
    assert 0.0 <= p <= 1.0 and not math.isnan(p)
    # Unrelated sentences far apart in meaning stay far below the threshold.
    c = sketch("Wheat prices rose on the Chicago exchange.")
    low = model.probability(pair_features(a, c, cosine=0.05, idf=idf_table([a, c])))
    assert low < load_config()["reconcile.align_threshold"] / 2
    assert model.probability(pair_features(a, a, cosine=1.0, idf=idf_table([a]))) > 0.9


def test_align_opposite_states_never_align():
    a = sketch("Police said four guards of the depot had been detained for questioning.")
    b = sketch("Police said the four guards detained after the fire had been released without charge.")
    feats = pair_features(a, b, cosine=0.9, idf=idf_table([a, b]))
    assert guard(a, b, feats) is not None
    c = sketch("Police said four guards of the depot were detained on Monday.")
    assert guard(a, c, pair_features(a, c, cosine=0.9, idf=idf_table([a, c]))) is None


def test_align_features_are_symmetric():
    a = sketch("Rebels said they had shot down two army helicopters near the border on Tuesday.")
    b = sketch("Two helicopters of the army were shot down by the rebels, a spokesman said.")
    idf = idf_table([a, b])
    assert pair_features(a, b, cosine=0.7, idf=idf, embedding=1.5) == pair_features(b, a, cosine=0.7, idf=idf,
                                                                                      embedding=1.5)


def test_align_embedding_head_reads_the_two_embeddings():
    import numpy as np

    from newsprism.reconcile.align import PairModel

    d = 6
    rng = np.random.default_rng(7)
    wa, wp = rng.normal(size=d), rng.normal(size=d)
    model = PairModel(kind="logistic", features=("embedding",), mean=(0.0,), scale=(1.0,), coef=(1.0,),
                      head_absdiff=tuple(wa), head_product=tuple(wp), head_intercept=0.5, head_fallback=(4.0, -2.0))
    u, v = rng.normal(size=(3, d)), rng.normal(size=(3, d))
    expected = np.abs(u - v) @ wa + (u * v) @ wp + 0.5
    assert np.allclose(model.embedding_logit(u, v), expected, atol=1e-4)
    # The log-odds is the feature "embedding" the classifier reads.
    p = model.probability({"embedding": float(expected[0])})
    assert math.isclose(p, 1 / (1 + math.exp(-expected[0])), rel_tol=1e-4)
    # Embeddings of another width (the static fallback model) get the cosine fallback.
    narrow = model.embedding_logit(u[:, :4], v[:, :4])
    assert np.allclose(narrow, 4.0 * (u[:, :4] * v[:, :4]).sum(axis=1) - 2.0, atol=1e-4)


def test_align_fact_in_passing_never_aligns_with_a_sentence(make_article):
    # "X, who coached ...," says something of X; it restates nothing of
    # "X was hired as head coach", though the words and the name are shared.
    a = make_article("a", ["Dario Venn, who coached the Harbor Hawks for a decade, spoke to reporters on Friday."])
    b = make_article("b", ["The Harbor Hawks hired Dario Venn as head coach after he coached them for a decade."])
    units = extract_claims([a, b])
    passing = [u for u in units if u.passing]
    assert passing, "the apposition is a fact stated in passing"
    pairs = score_pairs(units, config=load_config().replace(reconcile__align_threshold=0.0))
    assert all(units[p.a].passing == units[p.b].passing for p in pairs)


def test_align_probabilities_of_many_pairs_equal_the_one_pair_walk():
    # The story-wide vectorised pass must give the trees' sums exactly as the
    # pair-by-pair walk does, on real pairs and on rows that reach every leaf.
    import random

    from newsprism.reconcile.align import PairModel

    model = load_model()
    texts = ["The bridge was destroyed in January.", "The bridge was blown up in January.",
             "Wheat prices rose on the Chicago exchange.", "About 300 fighters remain in the town, he said.",
             "Some 450 fighters are still inside the town.", "The mayor was not re-elected."]
    sk = [sketch(t) for t in texts]
    idf = idf_table(sk)
    rows = [pair_features(a, b, cosine=c, idf=idf) for a in sk for b in sk for c in (0.1, 0.55, 0.93)]
    rng = random.Random(20261126)
    rows += [{f: rng.uniform(-1.0, 2.0) for f in FEATURES} for _ in range(400)]
    many = model.probabilities(rows)
    assert len(many) == len(rows)
    assert max(abs(p - model.probability(r)) for p, r in zip(many.tolist(), rows)) <= 1e-12
    assert len({round(p, 6) for p in many.tolist()}) > 50  # the sample reaches many leaves
    logistic = PairModel(kind="logistic", features=("cosine", "lexical"), mean=(0.5, 0.2), scale=(0.2, 0.1),
                         coef=(3.0, -1.5), intercept=0.25)
    assert max(abs(p - logistic.probability(r)) for p, r in zip(logistic.probabilities(rows).tolist(), rows)) <= 1e-12
    assert len(model.probabilities([])) == 0


def test_align_seeds_witness_age_restated_by_the_retelling_is_one_family(seeds_report):
    # 001 retells 000: "..., said Jumah Hamdi Hamdan, 53." and "a report on
    # Juma Hamdi Hamdan, 53, a Syrian citizen ..." give the same age of the
    # same man; aligned, and one source family, not a confirmation.
    report, _, by_seed = seeds_report
    claim = next(c for c in report.claims
                 if any(r.article == by_seed["000"] and r.text.endswith("Hamdan, 53") for r in c.reports))
    assert {r.article for r in claim.reports} == {by_seed["000"], by_seed["001"]}
    assert claim.independent_sources == 1 and claim.verdict == "single-source"


def test_align_pair_feature_rows_are_pair_features_to_the_last_bit():
    # score_pairs reads every candidate's features as rows of one array; each
    # value must be the one pair_features gives (a tree's split may sit on
    # its last bit), for sentences with and without names, figures,
    # negations, and an empty one.
    import random

    import numpy as np

    from newsprism.reconcile.align import pair_feature_rows

    texts = ["The bridge was destroyed in January.", "The bridge was blown up in January by the army.",
             "Wheat prices rose 3.2 percent on the Chicago exchange.", "About 300 fighters remain in the town, he said.",
             "Some 450 fighters are still inside the town.", "The mayor was not re-elected.", "",
             "Marta Quell, 53, was sentenced to 12 years in Halbrook on Tuesday.",
             "Quell was sentenced to twelve years; the judge said she would not appeal."]
    sk = [sketch(t) for t in texts]
    idf = idf_table(sk)
    rng = random.Random(20261128)
    # Both orders of every two sentences; not a sentence with itself (score_pairs never scores one: a set
    # intersected with itself is its copy, summed in another order).
    pairs = [(i, j) for i in range(len(sk)) for j in range(len(sk)) if i != j]
    cos = np.array([rng.uniform(-0.2, 1.0) for _ in pairs], dtype=np.float32)
    heads = np.array([rng.uniform(-4.0, 4.0) for _ in pairs], dtype=np.float64)
    ii, jj = [i for i, _ in pairs], [j for _, j in pairs]
    for embedding in (heads, None):
        rows = pair_feature_rows(sk, ii, jj, cosine=cos, idf=idf, embedding=embedding)
        ref = np.array([list(pair_features(sk[i], sk[j], cosine=float(c), idf=idf,
                                           embedding=None if embedding is None else float(h)).values())
                        for (i, j), c, h in zip(pairs, cos.tolist(), heads.tolist())], dtype=np.float64)
        assert rows.shape == (len(pairs), len(FEATURES))
        assert np.array_equal(rows.view(np.int64), ref.view(np.int64))
    assert pair_feature_rows(sk, [], [], cosine=[], idf=idf).shape == (0, len(FEATURES))


def test_align_sketch_reads_time_states_and_cues_as_a_scan_of_the_sentence_does():
    # sketch reads the time phrases from the sentence's n-grams and the
    # one-word cues by stems made once: what it finds must be what a scan of
    # every position and a stem of every cue find, in the same order.
    from newsprism.reconcile.align import _TOKEN, _lexicon
    from newsprism.reconcile.wordstem import stem

    lex = _lexicon()
    phrases = [p for ps in lex["times"].values() for p in ps]
    texts = ["The bridge is still closed and was closed last year.", "Officials had earlier said it was reopened.",
             "He is no longer the coach, officials said on Monday.", "Some 450 fighters are still inside the town.",
             " ".join(" ".join(p) for p in phrases[:6]) + ".", "", "Still."]
    for text in texts:
        lowered = [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]
        scanned = [name for name, ps in lex["times"].items()
                   if any(any(tuple(lowered[i:i + len(p)]) == p for i in range(len(lowered) - len(p) + 1)) for p in ps)]
        sk = sketch(text)
        assert sorted(sk.times) == sorted(scanned)
        # the cues as the sentence's plain words (no capitalised word inside
        # it, nor one between two) and every cue stemmed for the look-up
        tokens = _TOKEN.findall(text)
        plain = ["" if (k and tok[0].isupper()) or (0 < k < len(tokens) - 1 and tokens[k - 1][0].isupper()
                                                       and tokens[k + 1][0].isupper()) else low
                 for k, (tok, low) in enumerate(zip(tokens, lowered))]
        padded = f" {' '.join(plain)} "
        assert sk.cues == {c for c in lex["cues"]
                           if (f" {c} " in padded if " " in c else (c in plain or stem(c) in sk.words))}
    assert any(sketch(t).times for t in texts) and any(sketch(t).cues for t in texts)


def test_align_groups_take_claims_cores_after_whole_claims():
    # Unit 1 is the core of unit 0 (one sentence of article a); units 2 and 3
    # are whole claims of b and c.  The core pairs with b best, but the whole
    # claims group first: a, b and c stay one group, the core alone.
    from types import SimpleNamespace

    units = [SimpleNamespace(article=art, text=f"claim {'wxyz'[k]}", order=k, core=k == 1)
             for k, art in enumerate("aabc")]
    pairs = [AlignedPair(1, 2, 0.99, 0.9), AlignedPair(0, 2, 0.9, 0.9), AlignedPair(0, 3, 0.9, 0.9),
             AlignedPair(2, 3, 0.9, 0.9), AlignedPair(1, 3, 0.8, 0.8)]
    assert [g for g in group_pairs(units, pairs) if len(g) > 1] == [[0, 2, 3]]
    for u in units:
        u.core = False  # without the rule the best pair wins: the core takes b, the claim is left with c
    assert [g for g in group_pairs(units, pairs) if len(g) > 1] == [[0, 3], [1, 2]]


def test_align_groups_move_a_report_from_its_own_familys_copies_to_an_independent_one():
    # Articles a, b and c are one derivation family (copies of one release),
    # d is independent.  a's claim aligns best with its own family's copies
    # (b, c), and also, at the corroboration bar, with d's, which the copies
    # do not align with.  Grouped best pair first, a goes to its copies and d
    # is left alone: no group is told by two families.  With the families,
    # a leaves the group of its copies (it confirmed nothing there) for d's.
    from types import SimpleNamespace

    units = [SimpleNamespace(article=art, text=f"claim {art}", order=k, core=False) for k, art in enumerate("abcde")]
    pairs = [AlignedPair(0, 1, 0.95, 0.9), AlignedPair(1, 2, 0.93, 0.9), AlignedPair(0, 2, 0.92, 0.9),
             AlignedPair(0, 3, 0.88, 0.8)]
    families = {"a": "a", "b": "a", "c": "a"}
    assert [g for g in group_pairs(units, pairs) if len(g) > 1] == [[0, 1, 2]]
    assert [g for g in group_pairs(units, pairs, families=families, confirm_at=0.85)
            if len(g) > 1] == [[0, 3], [1, 2]]
    # A pair under the corroboration bar confirms nothing: a stays.
    assert [g for g in group_pairs(units, pairs, families=families, confirm_at=0.9)
            if len(g) > 1] == [[0, 1, 2]]
    # A group told by two families is never taken apart: e joins the copies.
    two = [*pairs, AlignedPair(0, 4, 0.94, 0.9), AlignedPair(1, 4, 0.94, 0.9), AlignedPair(2, 4, 0.94, 0.9)]
    assert [g for g in group_pairs(units, two, families=families, confirm_at=0.85)
            if len(g) > 1] == [[0, 1, 2, 4]]
