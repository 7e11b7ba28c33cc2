"""Disjoint sets: the one union-find every stage uses (copies in dedup,
independent sources in reconcile and in the brief).

Items are any hashable, ordered values (article ids, claim indexes).  The
root of a set is its smallest item, so the result never depends on the order
the unions came in.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

__all__ = ["UnionFind"]

T = TypeVar("T", bound=Hashable)


class UnionFind(Generic[T]):
    """Disjoint sets over ``items`` (more join on first use)."""

    def __init__(self, items: Iterable[T] = ()) -> None:
        self._parent: dict[T, T] = {}
        for x in items:
            self._parent.setdefault(x, x)

    def find(self, x: T) -> T:
        """The root of x's set (x joins as a set of its own if unseen)."""
        parent = self._parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving
            x = parent[x]
        return x

    def union(self, a: T, b: T) -> bool:
        """Join the sets of a and b; False when they were one already."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        lo, hi = (ra, rb) if ra < rb else (rb, ra)  # type: ignore[operator]
        self._parent[hi] = lo
        return True

    def groups(self) -> dict[T, list[T]]:
        """root -> members, each list in the order the items were first seen."""
        out: dict[T, list[T]] = {}
        for x in list(self._parent):
            out.setdefault(self.find(x), []).append(x)
        return out

    def count(self) -> int:
        """How many sets."""
        return len({self.find(x) for x in list(self._parent)})
