"""The one union-find (dedup copies, independent sources)."""

from newsprism.unionfind import UnionFind


def test_unionfind_root_is_smallest_whatever_the_order():
    one, two = UnionFind(["c", "b", "a"]), UnionFind(["a", "b", "c"])
    one.union("c", "b")
    one.union("b", "a")
    two.union("a", "b")
    two.union("b", "c")
    assert one.find("c") == two.find("c") == "a"
    assert one.union("a", "c") is False


def test_unionfind_groups_keep_first_seen_order_and_count():
    sets = UnionFind([3, 1, 2, 5])
    sets.union(5, 1)
    assert sets.groups() == {3: [3], 1: [1, 5], 2: [2]}
    assert sets.count() == 3
    sets.find(9)  # unseen items join as their own set
    assert sets.count() == 4
