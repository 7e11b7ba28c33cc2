"""bench/group_two_events.py: why the split step keeps a two-event story whole, its shape, what a split parts."""

from __future__ import annotations

from builders import load_bench


def _bench():
    return load_bench("group_two_events")


def test_group_two_events_why_whole_takes_size_then_put_back_then_the_cut():
    b = _bench()
    kw = {"min_part": 2, "part_sizes": [2, 3], "max_between": 0.07}
    assert b.why_whole(n=3, put_back=True, between=0.0, **kw) == b.WHY[0]  # too small, whatever else
    assert b.why_whole(n=5, put_back=True, between=0.0, **kw) == b.WHY[1]
    assert b.why_whole(n=5, put_back=False, between=0.2, min_part=2, part_sizes=[1, 4],
                       max_between=0.07) == b.WHY[2]
    assert b.why_whole(n=5, put_back=False, between=0.2, **kw) == b.WHY[3]
    assert b.why_whole(n=5, put_back=False, between=0.05, **kw) == "split"


def test_group_two_events_shape_tells_a_lone_member_from_an_event_linked_across():
    b = _bench()
    assert b.shape([[0, 1.5], [1.5, 0]], ["a", "b"]) == b.SHAPES[0]
    # the "b" report meets one "a" report at 1.7 and the other near 0
    lone = [[0, 2.0, 1.7], [2.0, 0, 0.1], [1.7, 0.1, 0]]
    assert b.lone_member(lone, 2) and not b.lone_member(lone, 0)
    assert b.shape(lone, ["a", "a", "b"]) == b.SHAPES[1]
    # the "b" reports meet the "a" reports as well as each other: no link tells them apart
    across = [[0, 1.2, 1.1, 1.0], [1.2, 0, 1.0, 1.1], [1.1, 1.0, 0, 1.3], [1.0, 1.1, 1.3, 0]]
    assert b.shape(across, ["a", "a", "b", "b"]) == b.SHAPES[2]
    apart = [[0, 2.0, 0.9, 0.8], [2.0, 0, 0.8, 0.9], [0.9, 0.8, 0, 2.0], [0.8, 0.9, 2.0, 0]]
    assert b.shape(apart, ["a", "a", "b", "b"]) == b.SHAPES[3]


def test_group_two_events_parted_pairs_counts_copies_and_both_kinds():
    b = _bench()
    gold, weight = ["a", "a", "b"], [2, 1, 1]
    assert b.parted_pairs(gold, weight, [[0, 1], [2]]) == (3, 0)
    assert b.parted_pairs(gold, weight, [[0], [1, 2]]) == (2, 2)
    assert b.parted_pairs(gold, weight, [[0, 1, 2]]) == (0, 0)


def test_group_two_events_peel_parts_the_held_member_of_lowest_mean_only():
    b = _bench()
    links = [[0, 2.0, 1.7], [2.0, 0, 0.1], [1.7, 0.1, 0]]
    # 2 meets the rest at (1.7 + 0.1) / 2, below 1 at (2.0 + 0.1) / 2
    assert b.peel(links, lambda i: i in (1, 2)) == [[2], [0, 1]]
    assert b.peel(links, lambda i: i == 1) == [[1], [0, 2]]
    assert b.peel(links, lambda i: False) == [[0, 1, 2]]
