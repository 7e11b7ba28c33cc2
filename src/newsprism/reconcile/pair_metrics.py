"""Paraphrase features from machine-translation metrics and token alignment.

Extra inputs of the claim-alignment pair classifier (:mod:`.align`), tried
toward the MSRP target of issue 9: the surface metrics that feature-based
paraphrase systems rely on (Madnani, Tetreault & Chodorow, NAACL 2012: BLEU
at several n-gram orders, character n-gram F, edit distance, longest common
subsequence) and a BERTScore-style greedy match of the two sentences'
contextual token embeddings (Zhang et al., ICLR 2020; all-MiniLM-L6-v2,
:func:`newsprism.analyze.embed.encode_tokens`, uniform token weights).

Every feature is symmetric in the two sentences: a metric that has a
direction is given as the smaller and the larger of its two readings.
Which features the model reads, and whether the aligner computes them at
all, is data (``[model] features`` of the model file, ``[metrics]`` of
``data/claims_align.toml``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

__all__ = ["METRIC_FEATURES", "TOKEN_FEATURES", "metric_features", "token_features", "words"]

_WORD = re.compile(r"[^\W_]+(?:['’.,-][^\W_]+)*", re.UNICODE)

# BLEU orders and character n-gram orders read (Madnani et al. use 1-4 word
# orders; chrF-style character orders 2-5).
_BLEU_ORDERS = (1, 2, 3, 4)
_CHAR_ORDERS = (2, 3, 4, 5)

METRIC_FEATURES = (
    *(f"bleu{n}_{side}" for n in _BLEU_ORDERS for side in ("min", "max")),  # clipped n-gram precision
    "bleu_min",  # smoothed BLEU-4 with brevity penalty, the smaller direction
    "bleu_max",
    *(f"char{n}_f" for n in _CHAR_ORDERS),  # F of character n-gram multisets
    "edit_words",  # word edit distance / the longer side's words (TER-like, no shifts)
    "lcs_min",  # longest common word subsequence / the shorter side's words
    "lcs_max",  # / the longer side's
)

TOKEN_FEATURES = (
    "tokens_f",  # BERTScore-style F: greedy cosine match of contextual token embeddings
    "tokens_p_min",  # the smaller of the two directions' mean best match
    "tokens_p_max",
)


def words(text: str) -> list[str]:
    """The lowercased word tokens a metric compares."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def _ngrams(seq: Sequence[str], n: int) -> Counter:
    return Counter(tuple(seq[i:i + n]) for i in range(len(seq) - n + 1))


def _clipped(a: Counter, b: Counter) -> tuple[int, int]:
    """n-grams of ``a`` found in ``b`` (clipped counts), and ``a``'s total."""
    return sum(min(c, b[g]) for g, c in a.items()), sum(a.values())


def _bleu(hyp: Sequence[str], ref: Sequence[str], grams: dict[int, tuple[Counter, Counter]], flip: bool) -> float:
    """Smoothed sentence BLEU-4 (add-one on every order, Lin & Och 2004) of
    ``hyp`` against ``ref``."""
    logs = 0.0
    for n in _BLEU_ORDERS:
        a, b = grams[n][::-1] if flip else grams[n]
        hit, total = _clipped(a, b)
        logs += math.log((hit + 1) / (total + 1))
    bp = 1.0 if len(hyp) >= len(ref) or not hyp else math.exp(1 - len(ref) / len(hyp))
    return bp * math.exp(logs / len(_BLEU_ORDERS))


def _edit(a: Sequence[str], b: Sequence[str]) -> int:
    """Word-level Levenshtein distance."""
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        prev = cur
    return prev[-1]


def _lcs(a: Sequence[str], b: Sequence[str]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def metric_features(a: str, b: str) -> dict[str, float]:
    """:data:`METRIC_FEATURES` of two sentences."""
    wa, wb = words(a), words(b)
    out: dict[str, float] = {}
    grams = {n: (_ngrams(wa, n), _ngrams(wb, n)) for n in _BLEU_ORDERS}
    for n in _BLEU_ORDERS:
        ga, gb = grams[n]
        pa = _clipped(ga, gb)
        pb = _clipped(gb, ga)
        ra = pa[0] / pa[1] if pa[1] else 0.0
        rb = pb[0] / pb[1] if pb[1] else 0.0
        out[f"bleu{n}_min"], out[f"bleu{n}_max"] = min(ra, rb), max(ra, rb)
    ba, bb = _bleu(wa, wb, grams, False), _bleu(wb, wa, grams, True)
    out["bleu_min"], out["bleu_max"] = min(ba, bb), max(ba, bb)
    ca, cb = " ".join(wa), " ".join(wb)
    for n in _CHAR_ORDERS:
        ga, gb = _ngrams(ca, n), _ngrams(cb, n)
        hit = sum((ga & gb).values())
        p = hit / max(1, sum(ga.values()))
        r = hit / max(1, sum(gb.values()))
        out[f"char{n}_f"] = 2 * p * r / (p + r) if p + r else 0.0
    longer, shorter = max(len(wa), len(wb), 1), max(min(len(wa), len(wb)), 1)
    out["edit_words"] = _edit(wa, wb) / longer
    lcs = _lcs(wa, wb)
    out["lcs_min"], out["lcs_max"] = lcs / shorter, lcs / longer
    return out


def token_features(ta: Any, tb: Any) -> dict[str, float]:
    """:data:`TOKEN_FEATURES` of two sentences from their L2-normalised token
    embeddings (rows): each token's best cosine in the other sentence,
    averaged per side (uniform weights), and their harmonic mean."""
    import numpy as np

    sim = np.asarray(ta, dtype=np.float32) @ np.asarray(tb, dtype=np.float32).T
    if sim.size == 0:
        return dict.fromkeys(TOKEN_FEATURES, 0.0)
    p = float(sim.max(axis=1).mean())
    r = float(sim.max(axis=0).mean())
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return {"tokens_f": f, "tokens_p_min": min(p, r), "tokens_p_max": max(p, r)}
