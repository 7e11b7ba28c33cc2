from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _encoder():
    from newsprism.analyze.embed import PreciseEncoder
    from newsprism.analyze.nlp import EMBEDDING_PACKAGE, _package_path
    from newsprism.errors import NewsprismError

    try:
        _package_path(EMBEDDING_PACKAGE)
    except NewsprismError:
        pytest.skip("no transformer model installed")
    return PreciseEncoder(EMBEDDING_PACKAGE)


def _sentences() -> list[str]:
    """Sentences of the project's examples: many lengths, some equal."""
    texts: list[str] = []
    for path in sorted((ROOT / "examples" / "txt").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts += [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    return list(dict.fromkeys(texts))[:90]


def test_deferred_planned_batches_give_the_vectors_of_one_call():
    from newsprism.reconcile.deferred import deferred_vectors

    texts = _sentences()
    assert len(texts) >= 48
    whole = _encoder()
    one_call = dict(zip(texts, whole.encode(texts, batch_size=16)))
    enc = _encoder()
    asked = texts[3:5] + texts[40:41]
    with deferred_vectors(enc) as plan:
        plan.plan(texts, batch_size=16)
        got = np.concatenate([enc.encode(asked[:2]), enc.encode(asked[2:])])
    # bit for bit the vectors of the single call, though only the batches
    # holding an asked text ran
    assert [v.tobytes() for v in got] == [one_call[t].tobytes() for t in asked]
    assert 0 < plan.run_rows < plan.planned_rows == len(texts)
    # encoded alone, without the plan, some of them differ (the padding):
    # what the plan is for
    alone = _encoder().encode(texts[:16][::3], batch_size=16)
    assert any(a.tobytes() != one_call[t].tobytes() for a, t in zip(alone, texts[:16][::3]))


def test_deferred_vectors_puts_the_encoder_back_and_drops_pending_batches():
    from newsprism.analyze.embed import PreciseEncoder
    from newsprism.reconcile.deferred import deferred_vectors

    enc = PreciseEncoder("no-such-package")
    enc._kept["known"] = np.ones(3, dtype=np.float32)
    with deferred_vectors(enc) as plan:
        assert enc.encode.__self__ is plan
        plan.plan(["known", "a longer text", "short", "a longer text"], batch_size=1)
        # known texts are not planned; each distinct other one once, longest first
        assert plan.batches == [["a longer text"], ["short"]]
        assert enc.encode(["known"]).tolist() == [[1.0, 1.0, 1.0]]
        assert plan.run_rows == 0
    assert "encode" not in enc.__dict__
