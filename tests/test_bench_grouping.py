"""bench/bench_grouping.py: the BCubed by kind of event averages the whole corpus's figure over each kind."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("bench_grouping", ROOT / "bench" / "bench_grouping.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_grouping_bcubed_by_kind_averages_each_kind_over_the_whole_clustering():
    b = _bench()
    # Event "n" (news, 2 articles) is whole; event "o" (an opinion roundup, 3
    # articles) is split 2 + 1, and its lone piece sits in the news story.
    gold = {"a": "n", "b": "n", "c": "o", "d": "o", "e": "o"}
    pred = {"a": "1", "b": "1", "e": "1", "c": "2", "d": "2"}
    parts = b.bcubed_by_kind(pred, gold, {"n": "news", "o": "opinion"})
    p_news, r_news, _, n_news = parts["news"]
    p_op, r_op, _, n_op = parts["opinion"]
    assert (n_news, n_op) == (2, 3)
    assert abs(p_news - 2 / 3) < 1e-9 and r_news == 1.0  # the news story holds the opinion piece
    assert abs(p_op - (1 / 3 + 1 + 1) / 3) < 1e-9 and abs(r_op - (1 / 3 + 2 / 3 + 2 / 3) / 3) < 1e-9
    # Weighted by articles, the kinds give the whole corpus's figure.
    p_all, r_all, _ = b.bcubed(pred, gold)
    assert abs((p_news * 2 + p_op * 3) / 5 - p_all) < 1e-9
    assert abs((r_news * 2 + r_op * 3) / 5 - r_all) < 1e-9


def test_bench_grouping_allsides_kinds_reads_the_roundups_from_the_issue_title(tmp_path, monkeypatch):
    b = _bench()
    data = tmp_path / "allsides.jsonl"
    data.write_text('{"event": 1, "issue": "Perspectives: Labor Day 2021"}\n'
                    '{"event": 2, "issue": "Senate Passes Bipartisan Bill"}\n\n', encoding="utf-8")
    monkeypatch.setattr(b, "ALLSIDES", data)
    assert b.allsides_kinds() == {"1": "opinion", "2": "news"}
