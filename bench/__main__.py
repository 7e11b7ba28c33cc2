"""`python -m bench` (or `make bench`): run every benchmark in turn.

Each benchmark is also a script of its own (`python bench/<name>.py`), which
prints its figures; bench/RESULTS.md records them with the machine and the
command.  Run from the repository root.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Fastest first, so that a run cut short still reports the most.
ORDER = [
    "bench_present",
    "bench_ingest",
    "bench_dates",
    "bench_entity_coref",
    "bench_attribution",
    "bench_clustering",
    "bench_msrp",
    "bench_claim_alignment",
    "bench_conflicts",
    "bench_analyze_speed",
    "bench_streaming",
    "bench_pathological",
    "bench_spark",  # needs the extra newsprism[spark]; says so and exits 0 without it
]


def main(argv: list[str]) -> int:
    wanted = argv or ORDER
    failed = []
    for name in wanted:
        script = HERE / f"{name}.py"
        print(f"\n=== {name} ===", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)])
        print(f"=== {name}: exit {code}, {time.perf_counter() - start:.0f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
