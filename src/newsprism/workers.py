"""Worker processes started from multiprocessing's fork server: the
libraries a stage's workers need are imported once there, and each worker
is forked from it with them, instead of importing them again from scratch
("spawn": spaCy alone is about 2 CPU s a process on this machine, torch
included, which thinc imports).  Only imports happen in the server: no
model is loaded and no thread pool started before the fork (torch's and
the tokenizer's must not be forked), so a worker computes what a spawned
one does."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

__all__ = ["worker_context", "stop_fork_server"]


def worker_context(preload: Sequence[str]) -> tuple[Any, int | None]:
    """The multiprocessing context a stage's workers start in, with
    ``preload`` imported in its fork server, and the parent pid their
    initializer watches (None: their own parent, the server, which ends
    with this process).  ``spawn`` where the platform has no fork server."""
    import multiprocessing as mp

    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(list(preload))
        return ctx, None
    return mp.get_context("spawn"), os.getpid()


def stop_fork_server(context: Any) -> None:
    """Stop the fork server once a pool is done with it: it holds the
    preloaded libraries (hundreds of MB) until stopped, and only when it is
    reaped does the operating system count its workers' CPU time as this
    process's children's (what a benchmark from outside reads).  Its
    workers are reaped by then: the pool joins them, and the server reports
    a worker's exit only after reaping it.  The next pool starts another
    (with that pool's preload list)."""
    if context.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)  # CPython's own, since 3.8
    if stop is not None:
        try:
            stop()
        except OSError:
            pass
