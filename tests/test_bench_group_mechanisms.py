"""bench/group_mechanisms.py: which mechanism keeps a piece of one event apart; what a story-pair join counts."""

from __future__ import annotations

from builders import load_bench


def _bench():
    return load_bench("group_mechanisms")


def test_group_mechanisms_mechanism_puts_what_the_clusterer_did_before_the_scores():
    b = _bench()
    # joined after linkage: the step that parted them decides, whatever the scores
    assert b.mechanism(joined=True, cut=True, moved=True, candidate=False, best=0.1, raw=0.1) == b.MECHANISMS[0]
    assert b.mechanism(joined=True, cut=False, moved=True, candidate=True, best=2.0, raw=2.0) == b.MECHANISMS[1]
    assert b.mechanism(joined=True, cut=False, moved=False, candidate=True, best=2.0, raw=2.0) == b.MECHANISMS[2]
    # never compared: not a candidate even with a pair over the bar
    assert b.mechanism(joined=False, cut=False, moved=False, candidate=False, best=1.5, raw=1.5) == b.MECHANISMS[3]


def test_group_mechanisms_mechanism_tells_the_bar_from_the_factors_and_the_story_mean():
    b = _bench()
    kw = {"joined": False, "cut": False, "moved": False, "candidate": True}
    assert b.mechanism(**kw, best=1.0, raw=1.0) == b.MECHANISMS[4]
    assert b.mechanism(**kw, best=0.6, raw=1.2) == b.MECHANISMS[5]
    assert b.mechanism(**kw, best=0.6, raw=0.9) == b.MECHANISMS[6]
    assert [b.bucket(v) for v in (0.2, 0.5, 0.89, 0.95, 1.0)] == ["<0.5", "0.5-0.7", "0.7-0.9", "0.9-1", ">=1"]


def test_group_mechanisms_join_counts_classes_a_story_pair_by_its_majority():
    b = _bench()
    rows = [{"mean": 0.9, "right": 6, "wrong": 2}, {"mean": 0.9, "right": 1, "wrong": 8},
            {"mean": 0.9, "right": 3, "wrong": 3}, {"mean": 0.5, "right": 9, "wrong": 0}]
    assert b.join_counts(rows, lambda r: r["mean"] >= 0.8) == (1, 2, 10, 13)
    assert b.join_counts(rows, lambda r: False) == (0, 0, 0, 0)
