"""A backing store swapped in for a block: the one mechanism the sentence
encoder's vectors (analyze/embed.py) and the cross-encoder's reads
(reconcile/cross.py) share to outlive the process.

The owner holds ``_lock`` (the web app reconciles in a background thread)
and ``_backing``; while the block runs the store is the backing, after it
the one before comes back (blocks may nest).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

__all__ = ["Backed", "swapped_backing"]


class Backed(Protocol):
    _lock: Any
    _backing: Any


B = TypeVar("B", bound=Backed)


@contextmanager
def swapped_backing(owner: B, store: Any) -> Iterator[B]:
    """``owner._backing`` is ``store`` while the block runs (under
    ``owner._lock``), and what it was before after it."""
    with owner._lock:
        before, owner._backing = owner._backing, store
    try:
        yield owner
    finally:
        with owner._lock:
            owner._backing = before
