import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_streaming.py"


@pytest.mark.slow
def test_streaming_scale_cost_flat_and_window_bounded():
    spec = importlib.util.spec_from_file_location("bench_streaming", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rows = mod.run(10_000, per_day=100, dim=128, checkpoints=[2_000, 5_000, 10_000])
    (_, ms_2k, _, _), _, (_, ms_10k, _, active) = rows
    assert active <= 100 * 31  # only the time window is held
    assert ms_10k < 3 * ms_2k
