"""The bucket kinds of reconcile/conflicts/gates.py, on hand-built articles."""

import dataclasses

from newsprism.config import load_config
from newsprism.reconcile.claims import extract_claims
from newsprism.reconcile.conflicts.gates import GATES, StoryView, buckets_of
from newsprism.reconcile.conflicts.observe import _observations


def _q(sentence, text, value, counted):
    return dict(sentence=sentence, text=text, value=value, counted=counted)


def _view(articles, **settings):
    config = load_config()
    reconcile = dataclasses.replace(config.reconcile, **settings)
    units = extract_claims(articles, config=config)
    group_of = {i: i for i in range(len(units))}  # nothing aligned
    obs = _observations(units, group_of, margin=reconcile.hedge_margin, window=reconcile.context_window)
    return StoryView(units, group_of, obs, {}, reconcile)


def _riots(make_article):
    a = make_article("a", ["Police said 12 people were injured in the riots in the capital."],
                     quantities=[_q(0, "12 people", 12, "people")])
    b = make_article("b", ["Police said 18 people had been injured in the riots in the capital."],
                     quantities=[_q(0, "18 people", 18, "people")])
    return [a, b]


def test_conflicts_gates_every_bucket_names_its_gate_and_unaligned_counts_meet_only_masked(make_article):
    buckets = buckets_of(_view(_riots(make_article)))
    assert buckets and all(key[2] in GATES and b.key == key for key, b in buckets.items())
    # Two unaligned sentences: no "group" bucket holds both figures; the
    # masked gate pairs them, and looks after the aligned ones.
    both = [b for b in buckets.values() if {o.value for o in b.members} == {"12 people", "18 people"}]
    assert {b.key[2] for b in both} >= {"masked"}
    assert not any(b.key[2] == "group" for b in both)
    assert GATES["masked"].rank > GATES["group"].rank and GATES["event"].rank > GATES["masked"].rank


def test_conflicts_gates_masked_gate_off_above_one(make_article):
    buckets = buckets_of(_view(_riots(make_article), conflict_masked_threshold=1.5))
    assert not any(key[2] == "masked" for key in buckets)


def test_conflicts_gates_masked_label_names_the_scope_after_the_component_number():
    gate = GATES["masked"]
    assert gate.scope("0003|killed") == "killed"
    assert GATES["group"].scope("4|killed|people") is None
    assert GATES["event"].scope("0001|fire") is None
