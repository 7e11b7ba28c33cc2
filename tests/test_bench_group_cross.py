"""bench/group_cross.py: how well the cross-encoder's reads order two sets of pairs; reads of both orders."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("group_cross", ROOT / "bench" / "group_cross.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_group_cross_auc_counts_pairs_above_and_ties_half():
    gc = _bench()
    assert gc.auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert gc.auc([0.1], [0.9]) == 0.0
    # 0.5 beats 0.4 and ties 0.5: (1 + 0.5) / 2
    assert gc.auc([0.5], [0.4, 0.5]) == pytest.approx(0.75)
    assert gc.auc([], [0.3]) == 0.5


class _OneWayEncoder:
    """Log-odds 2 when the first text is the longer, else -2: a reader that
    hears order."""

    def logits(self, pairs):
        import numpy as np

        return np.array([2.0 if len(a) > len(b) else -2.0 for a, b in pairs])


def test_group_cross_symmetric_reads_average_both_orders():
    gc = _bench()
    # Each pair reads 2 one way and -2 the other: the mean log-odds is 0.
    assert gc.symmetric_reads(_OneWayEncoder(), [("long text", "short"), ("a", "bb")]) == \
        [pytest.approx(0.5), pytest.approx(0.5)]
    assert gc.symmetric_reads(_OneWayEncoder(), []) == []


def test_group_cross_read_title_drops_an_address_and_a_repeated_first_sentence():
    gc = _bench()
    opens = [r"^\s*(https?\s*:|www\s*\.)"]
    assert gc.read_title("http: / / www. bbc. co. uk / news", ["Microsoft fixes a flaw."], address_opens=opens) == ""
    assert gc.read_title("Saints shut down Bush", ["Saints shut down Bush."], address_opens=opens) == ""
    assert gc.read_title(" Saints shut down Bush ", ["Reggie Bush will miss the season."],
                         address_opens=opens) == "Saints shut down Bush"
