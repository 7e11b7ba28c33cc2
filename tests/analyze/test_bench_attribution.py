"""The PolNeAR reader and scorer of bench/bench_attribution.py."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_attribution", ROOT / "bench" / "bench_attribution.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


ANN = (
    "T1\tSource 0 5\tSmith\n"
    "T2\tCue 6 10\tsaid\n"
    "T3\tContent 11 26\tthe plan failed\n"
    "T4\tAttribution 6 10\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tCue 28 37\taccording\n"
    "T6\tContent 38 45;50 55\tsplit content\n"
    "T7\tAttribution-no-source 28 37\taccording\n"
    "E2\tAttribution-no-source:T7 Content:T6 Cue:T5\n"
    "T8\tDiscard 60 64\tjunk\n"
)


def test_bench_attribution_read_brat(bench, tmp_path):
    path = tmp_path / "x_ab12.ann"
    path.write_text(ANN, "utf-8")
    gold = bench.read_brat(path)
    assert len(gold) == 2
    assert gold[0].source == [(0, 5)] and gold[0].cue == [(6, 10)] and gold[0].content == [(11, 26)]
    assert gold[1].source == [] and gold[1].content == [(38, 45), (50, 55)]


def test_bench_attribution_pick_files_one_annotator(bench, tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "art.txt").write_text("x", "utf-8")
    for ann in ("art_ff00.ann", "art_0a1b.ann"):
        (tmp_path / "attributions" / ann).write_text("", "utf-8")
    (pair,) = bench.pick_files(tmp_path)
    assert pair[1].name == "art_0a1b.ann"


def test_bench_attribution_score_exact_and_overlap(bench):
    text = 'Smith said the plan failed. "It failed," he said.'
    G = bench.GoldAttribution
    gold = [G(source=[(0, 5)], cue=[(6, 10)], content=[(11, 26)])]
    pred = [G(source=[(0, 5)], cue=[(6, 10)], content=[(11, 20)]), G(source=[(40, 42)], cue=[(43, 47)], content=[(28, 39)])]
    counts = {k: bench.Counts() for k in bench.KEYS}
    bench.score_article(text, pred, gold, counts)
    assert counts["attribution/overlap"].prf() == pytest.approx((0.5, 1.0, 2 / 3))
    assert counts["content/exact"].tp == 0 and counts["content/overlap"].tp == 1
    assert counts["cue/exact"].tp == 1


@pytest.mark.slow
def test_bench_attribution_beats_textacy_on_polnear(bench):
    if not (bench.DATA / "attributions").is_dir():
        pytest.skip("PolNeAR dev not available")
    res = bench.run(bench.DATA, limit=20)
    res.pop("_n")
    for key in bench.KEYS:
        assert res["all"]["newsprism"][key][2] > res["all"]["textacy"][key][2], key


def test_bench_attribution_halves_split_by_document_id(bench):
    names = [f"outlet_2016-09-{d:02d}_story-{d}" for d in range(1, 41)]
    halves = [bench.half(n) for n in names]
    assert set(halves) == {"A", "B"} and 10 <= halves.count("A") <= 30
    assert halves == [bench.half(n) for n in names]  # fixed, not random
