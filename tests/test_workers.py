from pathlib import Path

import pytest

from newsprism.workers import _malloc_trim, release_free_memory


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise OSError("no VmRSS")


def test_workers_release_free_memory_hands_back_freed_heap_pages():
    # A reconcile worker's resident size grew with the stories it had done:
    # glibc kept the pages a story freed.  Freed chunks held between live
    # ones (no free space at the heap's top to shrink) stay resident until
    # malloc_trim hands their pages back.
    if _malloc_trim() is None or not Path("/proc/self/status").exists():
        pytest.skip("not glibc on Linux")
    blocks = [bytes(4000) for _ in range(60_000)]  # about 240 MB, malloc'd one by one
    kept = blocks[::16]
    del blocks
    before = _rss_mb()
    release_free_memory()
    after = _rss_mb()
    assert before - after > 100, (before, after)
    assert len(kept) == 3750
