"""bench/bench_stages.py: its clock counts a step's own time, once."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("bench_stages", ROOT / "bench" / "bench_stages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_stages_generator_time_leaves_out_the_consumer_and_inner_steps():
    clock = _bench().Clock()
    inner = clock.wrap("inner", lambda: time.sleep(0.2))

    def produce():
        for _ in range(2):
            time.sleep(0.05)
            inner()
            yield 1

    for _ in clock.wrap_iter("outer", produce)():
        time.sleep(0.5)  # the consumer's own work: not the generator's
    assert 0.4 <= clock.seconds["inner"] < 0.8
    assert 0.1 <= clock.seconds["outer"] < 0.35  # neither the consumer's 1 s nor the inner 0.4 s
