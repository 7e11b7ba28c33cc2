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


def test_bench_stages_event_of_reads_the_corpus_own_event_from_the_path():
    from types import SimpleNamespace as NS

    bench = _bench()

    def art(path, aid="x"):
        return NS(article=NS(path=path, id=aid))

    assert bench._event_of(art("6_7ecbplus.xml")) == "6ecbplus"
    assert bench._event_of(art("6_12ecb.xml")) == "6ecb"
    assert bench._event_of(art("allsides/5809-left")) == "5809"
    assert bench._event_of(art("examples/flood/report.txt", "abc")) == "abc"  # another corpus: its own event


def test_bench_stages_events_keep_every_event_whole_in_a_seeded_order():
    from types import SimpleNamespace as NS

    bench = _bench()
    pool = [NS(article=NS(path=f"allsides/{e}-{side}", id=f"{e}{side}")) for e in range(40) for side in ("l", "c", "r")]
    events = bench._events(pool)
    assert sorted(len(e) for e in events) == [3] * 40
    assert all(len({bench._event_of(a) for a in e}) == 1 for e in events)
    # the order depends on the events, not on the pool's order
    again = bench._events(sorted(pool, key=lambda a: a.article.id[::-1]))
    assert [bench._event_of(e[0]) for e in events] == [bench._event_of(e[0]) for e in again]
    assert [bench._event_of(e[0]) for e in events] != sorted(bench._event_of(e[0]) for e in events)  # shuffled
