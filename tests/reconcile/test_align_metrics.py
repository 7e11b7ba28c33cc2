"""The pair-metrics model of the aligner ([metrics] of data/claims_align.toml)."""

from newsprism.data import load_toml
from newsprism.reconcile.align import load_metrics_model, score_pairs
from newsprism.reconcile.claims import extract_claims
from newsprism.reconcile.pair_metrics import METRIC_FEATURES, TOKEN_FEATURES, metric_features


def test_align_metrics_model_reads_the_shipped_features():
    model = load_metrics_model()
    extra = [f for f in model.features if f in METRIC_FEATURES + TOKEN_FEATURES]
    assert extra, "the pair-metrics model reads no pair_metrics feature"
    # Every feature it reads is one the aligner computes (the sketch features
    # or pair_metrics'); no token feature unless the data says it pays.
    from newsprism.reconcile.align import FEATURES

    assert set(model.features) <= set(FEATURES) | set(METRIC_FEATURES) | set(TOKEN_FEATURES)


def test_align_metrics_restatement_scores_above_a_reordered_different_claim(make_article):
    a = make_article("a", ["Rebels captured the airport outside the capital on Sunday."])
    b = make_article("b", ["The airport outside the capital was captured by rebels on Sunday."])
    c = make_article("c", ["The capital's airport reopened on Sunday after rebels left."])
    units = extract_claims([a, b, c])
    on = {frozenset((units[p.a].article, units[p.b].article)): p.score
          for p in score_pairs(units, threshold=0.0, params={"metrics.on": 1, "guards.off": 1})}
    assert on[frozenset(("a", "b"))] > on.get(frozenset(("a", "c")), 0.0)
    assert on[frozenset(("a", "b"))] > on.get(frozenset(("b", "c")), 0.0)


def test_align_metrics_rescores_only_when_switched_on(make_article):
    a = make_article("a", ["Police arrested two men near the harbour on Friday evening."])
    b = make_article("b", ["Two men were arrested by police close to the harbour on Friday night."])
    units = extract_claims([a, b])
    enabled = bool(load_toml("claims_align").get("metrics", {}).get("enabled", False))
    # The classifier's probability (the score may be the near-copy cosine).
    default = [p.evidence["probability"] for p in score_pairs(units, threshold=0.0)]
    off = [p.evidence["probability"] for p in score_pairs(units, threshold=0.0, params={"metrics.off": 1})]
    on = [p.evidence["probability"] for p in score_pairs(units, threshold=0.0, params={"metrics.on": 1})]
    assert off and on
    assert on != off  # the other model read the pair
    assert default == (on if enabled else off)
    assert metric_features(units[0].text, units[1].text)["bleu1_min"] > 0.3
