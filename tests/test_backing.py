import threading

from newsprism.backing import swapped_backing


class _Owner:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._backing = None


def test_backing_swapped_for_the_block_and_restored_after_it_nested_and_on_error():
    owner = _Owner()
    with swapped_backing(owner, "outer") as got:
        assert got is owner and owner._backing == "outer"
        with swapped_backing(owner, "inner"):
            assert owner._backing == "inner"
        assert owner._backing == "outer"
    assert owner._backing is None
    try:
        with swapped_backing(owner, "failing"):
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert owner._backing is None
