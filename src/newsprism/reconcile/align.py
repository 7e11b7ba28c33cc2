"""Alignment: which claims from different articles report the same thing.

A learned-free score per cross-article pair of claim units (weights in
``data/claims_align.toml``): the similarity of the two sentences (a mix of
IDF-weighted lemma cosine and calibrated embedding cosine; lemmas alone when
an article has no embeddings) plus bonuses for shared entities, the same
predicate, the same counted concept and compatible dates of the same event.
Optionally only mutual best matches between two articles are kept.  Pairs at
or above ``reconcile.align_threshold`` are aligned, then grouped greedily,
best pair first, so that a group holds at most one claim per article (an
article's verbatim duplicates, such as a caption printed twice, travel
together).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..config import Config, load_config
from .claims import ClaimUnit, load_data, normalize_text, ranges_compatible

__all__ = ["AlignedPair", "align_claims", "group_pairs", "score_pairs", "text_similarity"]


@dataclass(frozen=True)
class AlignedPair:
    a: int  # index into the units list
    b: int
    score: float
    text: float  # the text similarity part of the score


@cache
def _light_predicates() -> frozenset[str]:
    return frozenset(load_data("claims_align").get("light_predicates", []))


def _params(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """Flat scoring parameters from ``data/claims_align.toml`` ("weights.entities",
    "text.embedding", ...), with ``overrides`` (for tuning) on top."""
    out: dict[str, float] = {}
    for section, values in load_data("claims_align").items():
        if isinstance(values, dict):
            for k, v in values.items():
                out[f"{section}.{k}"] = float(v)
    out.update(overrides or {})
    return out


def text_similarity(units: Sequence[ClaimUnit], *, params: Mapping[str, float] | None = None) -> Any:
    """Similarity matrix (numpy, 0..1) of the units' sentences.

    Two views, mixed by the weights text.embedding and text.lexical: the
    IDF-weighted cosine of content lemmas over the story (scaled by
    text.lexical_scale), and the embedding cosine where both sentences have
    a vector.  Embedding cosines are calibrated against the story's own
    background (the mean cosine of cross-article pairs): static and
    transformer embeddings put unrelated sentences at very different levels,
    and only what rises above the background says two claims are alike."""
    import numpy as np

    p = _params() if params is None else dict(params)
    n = len(units)
    if n == 0:
        return np.zeros((0, 0), dtype=np.float32)

    df: Counter[str] = Counter()
    for u in units:
        df.update(u.terms)
    from scipy.sparse import csr_matrix

    # Sparse: a large story has tens of thousands of distinct lemmas.
    vocab = {t: i for i, t in enumerate(sorted(df))}
    rows, cols, vals = [], [], []
    for r, u in enumerate(units):
        weights = {vocab[t]: math.log((n + 1) / (df[t] + 1)) + 1.0 for t in u.terms}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for c in sorted(weights):
            rows.append(r)
            cols.append(c)
            vals.append(weights[c] / norm)
    lex = csr_matrix((np.array(vals, dtype=np.float32), (rows, cols)), shape=(n, max(len(vocab), 1)))
    sim = np.minimum(1.0, (lex @ lex.T).toarray() * p.get("text.lexical_scale", 1.0)).astype(np.float32)

    w_emb, w_lex = p.get("text.embedding", 0.5), p.get("text.lexical", 0.5)
    idx = [i for i, u in enumerate(units) if u.vector is not None]
    if idx and w_emb > 0:
        emb = np.stack([np.asarray(units[i].vector, dtype=np.float32) for i in idx])
        enorm = np.linalg.norm(emb, axis=1, keepdims=True)
        emb = emb / np.where(enorm == 0, 1, enorm)
        cos = emb @ emb.T
        arts = np.array([units[i].article for i in idx])
        cross = arts[:, None] != arts[None, :]
        # The story's mean cross-article cosine, shrunk towards a prior when
        # the story has few pairs (two sentences are no background).
        k, prior = p.get("text.background_weight", 20.0), p.get("text.background_prior", 0.3)
        background = (float(cos[cross].sum()) + k * prior) / (int(cross.sum()) + k)
        background = min(max(background, 0.0), 0.9)
        cal = np.clip((cos - background) / (1.0 - background), 0.0, 1.0)
        ix = np.array(idx)
        block = np.ix_(ix, ix)
        sim[block] = (w_emb * cal + w_lex * sim[block]) / (w_emb + w_lex)
    return sim


def _dates(u: ClaimUnit) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for w in u.slots.get("when", []):
        if w.get("event") and w.get("range"):
            out.setdefault(w["event"], []).append(tuple(w["range"]))
    return out


def _bonus(a: ClaimUnit, b: ClaimUnit, weights: dict[str, float]) -> float:
    bonus = 0.0
    if a.entities and b.entities:
        bonus += weights.get("entities", 0.0) * len(a.entities & b.entities) / len(a.entities | b.entities)
    pa = a.slots.get("what", {}).get("predicate")
    pb = b.slots.get("what", {}).get("predicate")
    if pa and pa == pb and pa not in _light_predicates():
        bonus += weights.get("predicate", 0.0)
    ca = {q.get("concept") for q in a.slots.get("how_many", []) if q.get("concept")}
    cb = {q.get("concept") for q in b.slots.get("how_many", []) if q.get("concept")}
    if ca & cb:
        bonus += weights.get("counted", 0.0)
    da, db = _dates(a), _dates(b)
    for event in da.keys() & db.keys():
        if any(ranges_compatible(x, y) for x in da[event] for y in db[event]):
            bonus += weights.get("date", 0.0)
            break
    return bonus


def score_pairs(
    units: Sequence[ClaimUnit],
    *,
    config: Config | None = None,
    threshold: float | None = None,
    params: Mapping[str, float] | None = None,
) -> list[AlignedPair]:
    """Every cross-article pair scoring at least the threshold
    (default: setting reconcile.align_threshold), best first.  ``params``
    override the shipped scoring parameters (benchmark tuning)."""
    import numpy as np

    config = config or load_config()
    if threshold is None:
        threshold = float(config.get("reconcile", "align_threshold"))
    p = _params(params)
    weights = {k.split(".", 1)[1]: v for k, v in p.items() if k.startswith("weights.")}
    floor = p.get("floor.text", 0.0)
    sim = text_similarity(units, params=p)
    if len(units) == 0:
        return []
    arts = np.array([u.article for u in units])
    mask = np.triu(arts[:, None] != arts[None, :], k=1) & (sim >= floor)
    if p.get("mutual.best", 0.0) > 0:
        mask &= _mutual_best(units, sim, margin=p.get("mutual.margin", 0.0),
                             fuse=int(p.get("fusion.max_sentences", 1)))
    pairs: list[AlignedPair] = []
    for i, j in zip(*np.nonzero(mask)):
        a, b = units[int(i)], units[int(j)]
        text = float(sim[i, j])
        score = min(1.0, text + _bonus(a, b, weights))
        if score >= threshold:
            pairs.append(AlignedPair(int(i), int(j), round(score, 6), round(text, 6)))
    pairs.sort(key=lambda q: (-q.score, units[q.a].order, units[q.b].order))
    return pairs


def _mutual_best(units: Sequence[ClaimUnit], sim: Any, *, margin: float, fuse: int = 1) -> Any:
    """Pairs where each sentence is (within ``margin`` of) the other's best
    match in the other's article: one sentence rarely restates several.
    With ``fuse`` > 1, also pairs (i, j) where i's best is j and j's best is
    a sentence next to i: j joins the two (grouping checks that it does)."""
    import numpy as np

    n = len(units)
    arts = [u.article for u in units]
    best = np.zeros((n, n), dtype=np.float32)  # best[i, j]: i's best score in j's article
    by_article: dict[str, list[int]] = {}
    for i, a in enumerate(arts):
        by_article.setdefault(a, []).append(i)
    for members in by_article.values():
        cols = np.array(members)
        top = sim[:, cols].max(axis=1)
        best[:, cols] = top[:, None]
    picks = sim >= best - margin  # picks[i, j]: i's best in j's article is j
    ok = picks & picks.T
    if fuse > 1:
        sent = np.array([u.sentence for u in units])
        near = np.zeros((n, n), dtype=bool)  # near[i, j]: j's best in i's article is next to i
        for members in by_article.values():
            cols = np.array(members)
            choice = cols[np.argmax(sim[:, cols], axis=1)]  # each row's best unit in this article
            gap = np.abs(sent[cols][:, None] - sent[choice][None, :])
            near[cols, :] = (gap >= 1) & (gap < fuse)
        ok |= picks & near
        ok |= (picks & near).T
    return ok


def group_pairs(units: Sequence[ClaimUnit], pairs: Sequence[AlignedPair]) -> list[list[int]]:
    """Greedy grouping, best pair first: two groups merge unless the result
    would hold two different sentences of one article (except adjacent ones,
    up to fusion.max_sentences, that another article joined into one).  Every unit ends up
    in exactly one group; groups and members are in story order."""
    parent = list(range(len(units)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # What each group holds per article: the normalised sentence texts, and
    # the units.
    holds: dict[int, dict[str, set[str]]] = {}
    where: dict[int, dict[str, list[int]]] = {}
    for i, u in enumerate(units):
        holds[i] = {u.article: {normalize_text(u.text)}}
        where[i] = {u.article: [i]}
    fuse = int(_params().get("fusion.max_sentences", 1))

    def fused(texts: set[str], left: list[int], right: list[int], joiner: ClaimUnit | None) -> bool:
        # A retelling often joins two adjacent sentences of its source into
        # one: both then report what the joined sentence says.  The joined
        # sentence must take something from each that the other lacks, or
        # it is merely closer to one of two near-identical sentences.
        if joiner is None or len(texts) > fuse:
            return False
        sentences = [units[k].sentence for k in left + right]
        if max(sentences) - min(sentences) >= fuse:
            return False
        lt = frozenset().union(*(units[k].terms for k in left))
        rt = frozenset().union(*(units[k].terms for k in right))
        if len(joiner.terms) <= max(len(lt), len(rt)):
            return False  # a joined sentence says more than either part
        return bool((lt - rt) & joiner.terms) and bool((rt - lt) & joiner.terms)

    def merge(x: int, y: int, *, force: bool = False) -> None:
        rx, ry = find(x), find(y)
        if rx == ry:
            return
        hx, hy = holds[rx], holds[ry]
        if not force:
            for art in hx.keys() & hy.keys():
                if hx[art] == hy[art]:
                    continue
                joiner = next((units[k] for k in (x, y) if units[k].article != art), None)
                if not fused(hx[art] | hy[art], where[rx][art], where[ry][art], joiner):
                    return
        keep, drop = (rx, ry) if units[rx].order <= units[ry].order else (ry, rx)
        parent[drop] = keep
        merged = holds.pop(drop)
        for art, texts in merged.items():
            holds[keep].setdefault(art, set()).update(texts)
        for art, members in where.pop(drop).items():
            where[keep].setdefault(art, []).extend(members)

    # An article's verbatim duplicates are one claim.
    first_of: dict[tuple[str, str], int] = {}
    for i, u in enumerate(units):
        key = (u.article, normalize_text(u.text))
        if key in first_of:
            merge(first_of[key], i, force=True)
        else:
            first_of[key] = i
    for p in pairs:
        merge(p.a, p.b)

    groups: dict[int, list[int]] = {}
    for i in range(len(units)):
        groups.setdefault(find(i), []).append(i)
    return sorted((sorted(g, key=lambda k: units[k].order) for g in groups.values()),
                  key=lambda g: units[g[0]].order)


def align_claims(units: Sequence[ClaimUnit], *, config: Config | None = None) -> list[list[ClaimUnit]]:
    """Claim units grouped by what they report (singletons included)."""
    pairs = score_pairs(units, config=config)
    return [[units[i] for i in g] for g in group_pairs(units, pairs)]
