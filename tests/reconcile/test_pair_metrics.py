"""MT-metric and token-match pair features (reconcile/pair_metrics.py)."""

import numpy as np
import pytest

from newsprism.reconcile.pair_metrics import METRIC_FEATURES, TOKEN_FEATURES, metric_features, token_features


def test_pair_metrics_identical_sentences_match_fully():
    s = "Police arrested two men near the harbour on Friday evening."
    f = metric_features(s, s)
    assert set(f) == set(METRIC_FEATURES)
    for name in ("bleu1_min", "bleu4_max", "lcs_min", "lcs_max", "char3_f", "char5_f"):
        assert f[name] == pytest.approx(1.0)
    assert f["edit_words"] == 0.0
    assert f["bleu_min"] == pytest.approx(1.0)


def test_pair_metrics_symmetric_in_the_two_sentences():
    a = "The storm tore the roofs off many houses in the port."
    b = "Roofs were torn off houses by the storm, officials said on Monday."
    assert metric_features(a, b) == metric_features(b, a)


def test_pair_metrics_word_order_lowers_higher_orders_only():
    f = metric_features("the police arrested the man", "the man arrested the police")
    assert f["bleu1_min"] == pytest.approx(1.0)  # the same words
    assert f["bleu2_max"] < 1.0 and f["bleu4_max"] < f["bleu2_max"] + 1e-9
    assert 0.0 < f["edit_words"] < 1.0
    assert f["lcs_max"] < 1.0


def test_pair_metrics_brevity_lowers_the_shorter_direction():
    f = metric_features("troops left the city", "troops left the city on Sunday after a long siege by the rebels")
    assert f["bleu_min"] < f["bleu_max"]  # the short one is not penalised against itself
    assert f["lcs_min"] == pytest.approx(1.0) and f["lcs_max"] < 0.5


def test_pair_metrics_token_match_reads_best_matches_per_side():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(5, 8)).astype(np.float32)
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    same = token_features(a, a)
    assert set(same) == set(TOKEN_FEATURES)
    assert same["tokens_f"] == pytest.approx(1.0, abs=1e-5)
    # b holds a's first two tokens only: every b token is matched, not every a token.
    part = token_features(a, a[:2])
    assert part["tokens_p_max"] == pytest.approx(1.0, abs=1e-5)
    assert part["tokens_p_min"] < 1.0
    assert token_features(a[:2], a) == part  # symmetric
