"""Sentence vectors a story planned to encode together, computed only
when something asks for one of them.

Provenance used to encode every sentence of a story's articles in one
call the first time it needed the transformer (batches of 16 texts of like
length, little padding), although most pairs of articles never need a
sentence vector (the stored vectors rule them out) and alignment later asks
only for the sentences that became claims.  The transformer's float16
vectors depend on which texts share a batch (its padding: bench/RESULTS.md,
session 13), so encoding fewer texts would change the batches and move
vectors in their last bits.  Here the batches are planned exactly as that
one call would make them (the texts the encoder does not have yet, longest
first by numpy's argsort of the negated lengths, cut every ``batch_size``),
and a planned batch is run whole, in its planned order, when a text of it
is first asked for, by anyone in the story (provenance, claim alignment,
conflicts, verdicts).  A batch nobody asks for is never run.  A vector is
the one the single call would have computed, bit for bit; only the work
for texts nobody reads is gone.

While the plan is open (:func:`deferred_vectors`, one story), the process's
precise encoder consults it before encoding anything.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

__all__ = ["DeferredBatches", "deferred_vectors"]


class DeferredBatches:
    """The batches one story planned, run when first needed."""

    def __init__(self, encoder: Any, inner: Any = None) -> None:
        self.encoder = encoder
        self._inner = inner  # the encode this plan stands in front of (the encoder's own by default)
        self.batches: list[list[str]] = []
        self._where: dict[str, int] = {}  # text -> its planned batch, until that batch has run
        self.planned_rows = 0
        self.run_rows = 0

    def plan(self, texts: Sequence[str], *, batch_size: int) -> None:
        """Plan ``texts`` the way ``encoder.encode(texts, batch_size=...)``
        would batch them now: the distinct texts it has no vector for (its
        kept ones, then its backing store's), longest first, ``batch_size``
        a batch."""
        import numpy as np

        enc = self.encoder
        # The encoder's own bookkeeping (analyze/embed.py PreciseEncoder:
        # ``_kept``, ``_from_backing``) decides which texts its single call
        # would hand to the model; the plan must start from the same list.
        with enc._lock:
            todo = [t for t in dict.fromkeys(texts) if t not in enc._kept and t not in self._where]
            if todo and enc._backing is not None:
                todo = enc._from_backing(todo)
        # The model's encode orders a call's texts this way (analyze/bert.py).
        order = np.argsort([-len(t) for t in todo])
        for start in range(0, len(todo), batch_size):
            batch = [todo[k] for k in order[start:start + batch_size]]
            for t in batch:
                self._where[t] = len(self.batches)
            self.batches.append(batch)
            self.planned_rows += len(batch)

    def need(self, texts: Sequence[str]) -> None:
        """Run, whole and in planned order, every pending batch holding one
        of ``texts``."""
        due = sorted({self._where[t] for t in texts if t in self._where})
        for n in due:
            batch = self.batches[n]
            for t in batch:
                self._where.pop(t, None)
            # One call per batch: the model sorts the call's texts by length
            # again, and a batch already in that order stays as planned.
            self._encode(batch, batch_size=len(batch))
            self.run_rows += len(batch)

    def _encode(self, texts: Sequence[str], *, batch_size: int) -> Any:
        if self._inner is not None:
            return self._inner(texts, batch_size=batch_size)
        return type(self.encoder).encode(self.encoder, texts, batch_size=batch_size)

    def encode(self, texts: Sequence[str], *, batch_size: int = 64) -> Any:
        """The encoder's ``encode``, the planned batches of ``texts`` run first."""
        self.need(list(texts))
        return self._encode(texts, batch_size=batch_size)


@contextmanager
def deferred_vectors(encoder: Any) -> Iterator[DeferredBatches]:
    """A plan for one story: while the block runs, ``encoder.encode`` (and
    so ``embed.encode_precise``) runs the planned batches of what it is
    asked first.  Pending batches are dropped at the end."""
    before = encoder.__dict__.get("encode")
    plan = DeferredBatches(encoder, before)
    encoder.encode = plan.encode
    try:
        yield plan
    finally:
        if before is None:
            del encoder.encode
        else:
            encoder.encode = before
