"""bench/bench_conflicts.py: its gold parses and its scoring counts what it says."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("bench_conflicts", ROOT / "bench" / "bench_conflicts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_conflicts_gold_is_well_formed():
    b = _bench()
    gold = b.load_gold()
    stories = {s["id"] for s in gold["story"]}
    assert len(stories) >= 13 and "seeds" in stories
    for c in gold["conflict"]:
        assert c["story"] in stories
        sides = b.gold_sides(c)
        assert len(sides) >= 2, c["note"]
        assert len({e["doc"] for side in sides for e in side}) >= 2, c["note"]  # different articles


def test_bench_conflicts_scoring_matches_by_sentence_or_value():
    b = _bench()
    gold = {"conflict": [
        {"story": "s", "kind": "how_many", "note": "n", "sides": [
            {"doc": "d1", "sentences": [3], "value": "400"},
            {"doc": "d2", "sentences": [], "value": "two deaths"}]},
    ]}
    true = {"value": "x", "refs": [("d1", 3)]}, {"value": "two deaths", "refs": [("d2", 9)]}
    one_side = {"value": "x", "refs": [("d1", 3)]}, {"value": "y", "refs": [("d1", 3), ("d2", 8)]}
    reported = {"s": [{"sides": list(true)}, {"sides": list(one_side)}], "t": [{"sides": list(true)}]}
    r = b.score(reported, gold)
    # Only the first is true: the second has a gold sentence on both sides but
    # never two different gold sides; story "t" has no gold.
    assert (r["reported"], r["true"], r["recalled"]) == (3, 1, 1)
    assert abs(r["precision"] - 1 / 3) < 1e-9 and r["recall"] == 1.0


def test_bench_conflicts_decimal_split_by_the_corpus_is_glued_back():
    b = _bench()
    assert b._prose(["he", "aimed", "a", ".", "357", "caliber", "revolver"]) == "he aimed a .357 caliber revolver"
    assert b._prose(["a", "loaded", ".", "38", "-", "caliber", "gun"]) == "a loaded .38-caliber gun"
    assert b._prose(["it", "cost", "2", ".", "5", "million"]) == "it cost 2.5 million"


def test_bench_conflicts_a_figure_never_counts_as_finding_a_denial():
    # The gold's figure conflict and denial conflict share sentences; one
    # reported figure conflict finds the figure one only.
    b = _bench()
    sides = [{"doc": "d1", "sentences": [3], "value": "a"}, {"doc": "d2", "sentences": [7], "value": "b"}]
    gold = {"conflict": [{"story": "s", "kind": "how_many", "note": "n", "sides": sides},
                         {"story": "s", "kind": "denial", "note": "m", "sides": sides}]}
    figure = {"kind": "", "sides": [{"value": "x", "refs": [("d1", 3)]}, {"value": "y", "refs": [("d2", 7)]}]}
    r = b.score({"s": [figure]}, gold)
    assert (r["true"], r["recalled"]) == (1, 1) and [g["kind"] for g in r["missed"]] == ["denial"]
