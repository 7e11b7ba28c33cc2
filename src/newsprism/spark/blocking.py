"""Blocking: cut a corpus into blocks that can be grouped apart.

The in-process clusterer compares every article with its nearest neighbours
over the whole corpus.  Over millions of articles that is one machine's work;
here the corpus is cut into blocks of bounded size, each handed whole to
:func:`newsprism.group.group_articles`.  Nothing here decides a story: it
only decides which articles may meet.

1. **Keys** (:func:`blocking_keys`): an article's most mentioned names, bands
   of a random-hyperplane hash of its document vector, bands of its MinHash
   signature.  Name and vector keys exist twice: inside a publication-date
   bucket (the article's bucket and the one before, so two reports at most
   ``time_bucket_days`` apart always share one: a story that spans a bucket
   boundary is not cut) and without a date (``|*``), the only way an undated
   article meets others.  Keys only propose pairs.
2. **Candidate pairs** (:func:`candidate_pairs`): every pair of articles
   that share a key, except under keys held by more than
   ``spark.key_max_articles`` articles (a name every report of the month
   carries says nothing about which story a report tells).
3. **Strong edges** (:func:`nearest_candidates`, :func:`link_weight`): of
   its candidates, each article keeps the ``edge_neighbors`` nearest by the
   cosine of the clusterer's (corpus-independent) word vectors, at least
   ``edge_min_cosine`` (the clusterer itself only ever links an article with
   its group.neighbors nearest: this bounds the work per article whatever
   the corpus size); a kept pair is an edge only if the clusterer's own link
   score in the whole corpus reaches ``edge_factor`` x group.story_threshold:
   the pair score (:func:`newsprism.group.pair_score`: names, places, dates,
   wording, and the publication-gap factor that is the time window) on names
   weighted by their corpus rarity, capped by the corpus-weighted cosine and
   the corpus-rare evidence, each over the bar the clusterer gives it
   (``edge_score = "link"``; the corpus statistics,
   :class:`newsprism.group.corpus.CorpusStats`, are counted before
   blocking).  The batch clusterer links two stories only when the mean of
   that score over their pairs reaches its bar, so at least one pair of
   every link it makes is at or above it: with ``edge_factor`` at most 1,
   the components of this graph do not cut a story the clusterer builds by
   linkage from those candidates.  Sharing a key chained every story of a
   news corpus into one component, and so did the pair score alone on
   AllSides' daily politics (bench/RESULTS.md, "Spark").
4. **Bounded parts** (:func:`weakest_cut_parts`): a component larger than
   ``spark.block_articles`` is cut at its weakest edges: edges strongest
   first, each joining two parts unless together they would exceed the
   limit.  (``cut = "raise"``, the first version,
   :func:`bounded_components`: cut again with the bar raised by
   ``edge_step``, which drops every edge under the new bar, most of them
   inside stories.)
5. **Packing** (:func:`pack_blocks`): parts are packed together into
   blocks of about equal size, at most ``spark.block_articles`` each, each
   part to the block with room that holds the most edge weight to it, so
   that the parts of a cut component meet again where they can.  Packing
   saves one task per story; the clusterer keeps unrelated articles of one
   block apart, and is given the whole corpus's statistics, so it is blind
   to the cut except for the links the cut removes.

Everything here is pure Python, so that it is tested without Spark;
:func:`plan_blocks` runs the whole of it in one process (benchmarks, tests,
a driver that holds the corpus).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from ..config import Config, GroupSettings, default_config, stage_settings
from ..errors import E
from ..group.cluster import link_bars as cluster_link_bars
from ..group.cluster import link_score, rare_vectors
from ..group.corpus import CorpusStats, corpus_stats
from ..group.dedup import dedup_rules, shingles
from ..group.features import DocFeatures, doc_features, group_rules, reweight_for_corpus
from ..group.names import load_group_data
from ..group.similarity import pair_score
from ..model import AnalyzedArticle
from ..unionfind import UnionFind

__all__ = [
    "BlockPlan",
    "BlockingRules",
    "block_edges",
    "blocking_features",
    "blocking_keys",
    "blocking_rules",
    "bounded_components",
    "candidate_pairs",
    "component_key",
    "components",
    "edge_threshold",
    "edge_weight",
    "finish_plan",
    "LinkFeatures",
    "lexical_cosine",
    "link_bars",
    "link_features",
    "link_scoring",
    "link_weight",
    "nearest_candidates",
    "pack_blocks",
    "plan_blocks",
    "weakest_cut_parts",
    "weighted_edges",
]

log = logging.getLogger("newsprism.spark")


@dataclass(frozen=True)
class BlockingRules:
    """data/spark_blocking.toml, parsed."""

    names_per_article: int
    simhash_bits: int
    simhash_bands: int
    simhash_seed: int
    time_bucket_days: int
    minhash: bool
    edge_factor: float
    edge_step: float
    edge_min_cosine: float
    edge_neighbors: int
    cut: str = "weakest"
    edge_score: str = "link"


@cache
def blocking_rules() -> BlockingRules:
    return load_group_data(
        "spark_blocking.toml",
        lambda raw: BlockingRules(
            names_per_article=int(raw["names_per_article"]),
            simhash_bits=int(raw["simhash_bits"]),
            simhash_bands=int(raw["simhash_bands"]),
            simhash_seed=int(raw["simhash_seed"]),
            time_bucket_days=max(1, int(raw["time_bucket_days"])),
            minhash=bool(raw["minhash"]),
            edge_factor=float(raw["edge_factor"]),
            edge_step=max(0.01, float(raw["edge_step"])),
            edge_min_cosine=float(raw["edge_min_cosine"]),
            edge_neighbors=max(1, int(raw["edge_neighbors"])),
            cut=str(raw.get("cut", "weakest")),
            edge_score=str(raw.get("edge_score", "link")),
        ),
    )


@cache
def _hyperplanes(seed: int, count: int, dim: int) -> np.ndarray:
    # Pure function of its arguments: every executor draws the same planes.
    return np.random.default_rng(seed).standard_normal((count, dim)).astype(np.float32)


@cache
def _lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) of the LSH that group/dedup.py builds for this threshold,
    so that every candidate pair dedup would examine shares a band here."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=max(0.05, threshold - 0.1), num_perm=num_perm)
    return int(lsh.b), int(lsh.r)


def _digest(parts: bytes) -> str:
    return hashlib.blake2b(parts, digest_size=8).hexdigest()


def blocking_features(analyzed: AnalyzedArticle) -> DocFeatures:
    """What edges are scored on: the clusterer's document features (no
    per-sentence text), independent of the rest of the corpus."""
    return doc_features(analyzed, rules=group_rules(), with_sentences=False)


def blocking_keys(
    analyzed: AnalyzedArticle,
    *,
    settings: GroupSettings | None = None,
    config: Config | None = None,
    rules: BlockingRules | None = None,
    features: DocFeatures | None = None,
) -> list[str]:
    """The blocking keys of one analyzed article, sorted (deterministic)."""
    settings = stage_settings(GroupSettings, settings, config)
    rules = rules or blocking_rules()
    f = features or blocking_features(analyzed)
    keys: set[str] = set()
    # "*" (no date) for every article: an undated report can belong to any
    # dated one.  Dated articles add their bucket and the one before.
    buckets = ["*"]
    if f.day is not None:
        b = f.day // rules.time_bucket_days
        buckets += [str(b), str(b - 1)]

    names = {**f.places, **f.entities}
    top = sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))[: rules.names_per_article]
    for name, _ in top:
        keys.update(f"n:{name}|{b}" for b in buckets)

    vec = f.semantic if f.semantic is not None else f.vector
    if vec is not None and len(vec) and rules.simhash_bands > 0:
        vec = np.asarray(vec, dtype=np.float32)
        planes = _hyperplanes(rules.simhash_seed, rules.simhash_bits * rules.simhash_bands, len(vec))
        bits = (planes @ vec) > 0
        for band in range(rules.simhash_bands):
            code = _digest(bits[band * rules.simhash_bits : (band + 1) * rules.simhash_bits].tobytes())
            keys.update(f"v:{band}:{code}|{b}" for b in buckets)

    if rules.minhash:
        keys.update(_minhash_keys(analyzed, threshold=settings.minhash_threshold))
    return sorted(keys)


def _minhash_keys(analyzed: AnalyzedArticle, *, threshold: float) -> list[str]:
    from datasketch import MinHash

    from ..group.dedup import _WORD  # the same word pattern dedup counts with

    drules = dedup_rules()
    text = analyzed.article.text
    if len(_WORD.findall(text.lower())) < drules.min_words:
        return []  # dedup leaves such short texts out as well
    mh = MinHash(num_perm=drules.num_perm, seed=drules.seed)
    mh.update_batch([s.encode("utf-8") for s in sorted(shingles(text, size=drules.shingle_words))])
    bands, rows = _lsh_bands(threshold, drules.num_perm)
    values = np.asarray(mh.hashvalues, dtype=np.uint64)
    return [f"m:{i}:{_digest(values[i * rows : (i + 1) * rows].tobytes())}" for i in range(bands)]


def candidate_pairs(members: Sequence[str], *, max_key_articles: int) -> list[tuple[str, str]]:
    """Every pair (a < b) of the articles that share one key; none when the
    key is held by more than ``max_key_articles`` articles."""
    members = sorted(set(members))
    if len(members) < 2 or len(members) > max_key_articles:
        return []
    return [(members[i], members[j]) for i in range(len(members)) for j in range(i + 1, len(members))]


def block_edges(members: Sequence[str], *, max_key_articles: int) -> list[tuple[str, str]]:
    """The edges one key would add if sharing a key were enough: a star from
    its smallest member.  Kept for the benchmark's comparison with the
    key-only blocking of the first version (which chained every story)."""
    members = sorted(set(members))
    if len(members) < 2 or len(members) > max_key_articles:
        return []
    return [(members[0], m) for m in members[1:]]


def nearest_candidates(scored: Iterable[tuple[str, str, float]], *, neighbors: int,
                       min_cosine: float) -> set[tuple[str, str]]:
    """The candidate pairs (a < b, cosine) kept: those at ``min_cosine`` or
    more among the ``neighbors`` nearest of a or of b (ties by id)."""
    near: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for a, b, cos in scored:
        if cos >= min_cosine:
            near[a].append((-cos, b))
            near[b].append((-cos, a))
    kept: set[tuple[str, str]] = set()
    for a, lst in near.items():
        for _, b in sorted(lst)[:neighbors]:
            kept.add((a, b) if a < b else (b, a))
    return kept


def lexical_cosine(fa: DocFeatures, fb: DocFeatures) -> float:
    return float(np.dot(fa.vector, fb.vector)) if fa.vector is not None and fb.vector is not None else 0.0


def edge_weight(fa: DocFeatures, fb: DocFeatures) -> float:
    """The weight of a candidate pair: the clusterer's own pair score (its
    publication-gap factor is the time window)."""
    return float(pair_score(fa, fb, rules=group_rules()))


@dataclass
class LinkFeatures:
    """One article as the batch clusterer scores it inside a corpus whose
    statistics are known: its features re-weighted by the corpus's rarities
    and its corpus-rare evidence (None when the clusterer would not use it)."""

    features: DocFeatures
    rare: dict[str, float] | None = None


def link_bars(*, config: Config, corpus_articles: int) -> tuple[float, float, float]:
    """(pair-score bar, corpus-cosine bar, rare-evidence bar) of a batch
    clusterer over a corpus of this many articles, as
    :func:`newsprism.group.cluster.cluster_batch` sets them (a bar of 0 is
    not used)."""
    g = config.group
    return cluster_link_bars(threshold=g.story_threshold, link_cosine=g.link_cosine, link_specific=g.link_specific,
                             corpus_articles=corpus_articles, rules=group_rules())


def link_features(f: DocFeatures, *, corpus: CorpusStats, config: Config) -> LinkFeatures:
    """``f`` as the clusterer sees it in the corpus of ``corpus`` (which must
    hold at least the counts of f's own terms): its rare evidence, then its
    vector and names re-weighted, in the clusterer's order.  ``f`` is not
    changed."""
    rules = group_rules()
    _, cos_bar, specific = link_bars(config=config, corpus_articles=corpus.articles)
    rare = None
    if cos_bar > 0 and specific > 0:
        rare = rare_vectors([f], rules=rules, neighbors=config.group.neighbors, corpus=corpus)[f.id]
    g = dataclasses.replace(f)
    reweight_for_corpus([g], rules=rules, corpus=corpus)
    return LinkFeatures(features=g, rare=rare)


def link_weight(x: LinkFeatures, y: LinkFeatures, *, bars: tuple[float, float, float]) -> float:
    """The batch clusterer's link score of two articles (it links at 1:
    pair score, corpus-weighted cosine and rare evidence, each over its bar,
    the least of them), times the pair-score bar so that it reads on the
    pair score's scale (0-1, the edge bar group.story_threshold): the
    clusterer's own :func:`newsprism.group.cluster.link_score`."""
    rules = group_rules()
    if bars[1] <= 0:
        return float(pair_score(x.features, y.features, rules=rules))
    return min(1.0, bars[0] * link_score(x.features, y.features, bars=bars, rules=rules, rare_x=x.rare, rare_y=y.rare))


def components(ids: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components (the shared union-find), each sorted, in order of their smallest id."""
    sets: UnionFind[str] = UnionFind(ids)
    for a, b in edges:
        sets.union(a, b)
    return sorted((sorted(g) for g in sets.groups().values()), key=lambda g: g[0])


@dataclass
class _Cut:
    raised: int = 0  # components cut again with a higher edge bar
    chunked: int = 0  # components cut into runs (the last resort)


def bounded_components(
    ids: Iterable[str],
    weighted: Mapping[tuple[str, str], float],
    *,
    threshold: float,
    max_articles: int,
    step: float,
    order: Mapping[str, tuple] | None = None,
    cut: _Cut | None = None,
) -> list[list[str]]:
    """Components of the edges at or above ``threshold``, none larger than
    ``max_articles``: a larger one is cut again over its own edges with the
    bar raised by ``step``; past a bar of 1 it is cut into consecutive runs
    of ``max_articles`` articles in ``order`` (publication order; id)."""
    cut = cut if cut is not None else _Cut()
    comps = components(ids, [e for e, w in weighted.items() if w >= threshold])
    out: list[list[str]] = []
    for comp in comps:
        if len(comp) <= max_articles:
            out.append(comp)
            continue
        inside = set(comp)
        sub = {e: w for e, w in weighted.items() if w >= threshold and e[0] in inside and e[1] in inside}
        if threshold + step <= 1.0 + 1e-9:
            cut.raised += 1
            out.extend(bounded_components(comp, sub, threshold=threshold + step, max_articles=max_articles,
                                          step=step, order=order, cut=cut))
        else:
            cut.chunked += 1
            log.warning(E.E114.format(count=len(comp), limit=max_articles))
            ranked = sorted(comp, key=lambda a: (order or {}).get(a, ()) + (a,))
            out.extend(sorted(ranked[i : i + max_articles]) for i in range(0, len(ranked), max_articles))
    return sorted(out, key=lambda g: g[0])


def weakest_cut_parts(
    ids: Iterable[str],
    weighted: Mapping[tuple[str, str], float],
    *,
    threshold: float,
    max_articles: int,
    cut: _Cut | None = None,
) -> tuple[list[list[str]], list[tuple[str, str, float]]]:
    """Parts of at most ``max_articles`` articles joined by the strongest
    edges: edges at or above ``threshold`` are taken strongest first (then by
    ids), and one joins its two parts unless together they would exceed
    ``max_articles`` (Kruskal's maximum spanning forest with a size cap).
    An edge is cut only when every stronger edge is already taken and it
    would overflow a part: where a component has to be cut, it is cut at its
    weakest edges, and a component that fits is never cut.  Returns the parts
    (each sorted, in order of their smallest id) and the cut edges (a, b,
    weight) between two parts, strongest first."""
    cut = cut if cut is not None else _Cut()
    parent: dict[str, str] = {i: i for i in ids}
    size: dict[str, int] = dict.fromkeys(parent, 1)

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    refused: list[tuple[str, str, float]] = []
    for (a, b), w in sorted(weighted.items(), key=lambda kv: (-kv[1], kv[0])):
        if w < threshold:
            continue
        for x in (a, b):
            if x not in parent:
                parent[x], size[x] = x, 1
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if size[ra] + size[rb] > max_articles:
            refused.append((a, b, w))
            continue
        keep, gone = min(ra, rb), max(ra, rb)
        parent[gone] = keep
        size[keep] += size.pop(gone)
    groups: dict[str, list[str]] = {}
    for x in sorted(parent):
        groups.setdefault(find(x), []).append(x)
    parts = sorted(groups.values(), key=lambda g: g[0])
    cut_edges = [(a, b, w) for a, b, w in refused if find(a) != find(b)]
    if cut_edges:
        # components that had to be cut
        whole = components(parent, [e for e, w in weighted.items() if w >= threshold])
        cut.raised += sum(1 for c in whole if len(c) > max_articles)
    return parts, cut_edges


def pack_blocks(comps: Sequence[Sequence[str]], *, target: int,
                weighted: Mapping[tuple[str, str], float] | None = None) -> list[list[str]]:
    """Pack components into as few blocks of at most ``target`` articles as
    a balanced packing allows: ceil(articles / target) blocks, components
    dealt largest first to the least filled block that has room (a new block
    when none has).  Balanced, because the clusterer's corpus statistics
    (word rarities, the share of articles that makes evidence "rare") are
    relative to the size of what it is given: blocks of equal size, each a
    mix of stories, stay closest to one another.  With ``weighted`` (the
    edges between parts of cut components), a part goes first to the block
    with room that holds the most edge weight to it, so that the parts of a
    cut component meet again where they can.  Deterministic: the same
    components give the same blocks."""
    comps = [list(c) for c in comps if c]
    total = sum(len(c) for c in comps)
    if not total:
        return []
    target = max(1, target)
    blocks: list[list[str]] = [[] for _ in range(-(-total // target))]
    block_of: dict[str, int] = {}
    near: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (a, b), w in (weighted or {}).items():
        near[a].append((b, w))
        near[b].append((a, w))
    for comp in sorted(comps, key=lambda c: (-len(c), c[0])):
        fits = [i for i, b in enumerate(blocks) if len(b) + len(comp) <= target]
        if fits:
            pull: dict[int, float] = defaultdict(float)
            for a in comp:
                for b, w in near.get(a, ()):
                    if b in block_of:
                        pull[block_of[b]] += w
            i = min(fits, key=lambda i: (-pull.get(i, 0.0), len(blocks[i]), i))
        else:
            blocks.append([])
            i = len(blocks) - 1
        blocks[i].extend(comp)
        block_of.update(dict.fromkeys(comp, i))
    return [sorted(b) for b in blocks if b]


def component_key(members: Iterable[str]) -> str:
    """A stable name for a component: a digest of its sorted members (what an
    incremental run compares to know a component is unchanged)."""
    return _digest("\n".join(sorted(members)).encode("utf-8"))


@dataclass
class BlockPlan:
    """How a corpus was cut: the bounded components, the blocks they were
    packed into, and the figures the job reports."""

    components: list[list[str]] = field(default_factory=list)
    blocks: list[list[str]] = field(default_factory=list)
    keys_dropped: int = 0  # keys held by too many articles
    candidates: int = 0  # distinct candidate pairs scored
    edges: int = 0  # of them, at or above the edge bar
    raised: int = 0  # components cut (raising the bar, or at their weakest edges)
    chunked: int = 0
    cut_edges: list[tuple[str, str, float]] = field(default_factory=list)  # edges between blocks, strongest first


def weighted_edges(
    features: Mapping[str, DocFeatures], keys: Mapping[str, Sequence[str]], *, max_key_articles: int,
    threshold: float, rules: BlockingRules, link: Mapping[str, LinkFeatures] | None = None,
    bars: tuple[float, float, float] | None = None,
) -> tuple[dict[tuple[str, str], float], int, int]:
    """(edges at or above ``threshold`` with their weight, candidate pairs,
    keys dropped): steps 2 and 3 in one process.  With ``link`` and ``bars``
    an edge is weighed by the clusterer's link score in the whole corpus
    (:func:`link_weight`), else by the pair score alone."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for aid, ks in keys.items():
        for k in ks:
            by_key[k].append(aid)
    pairs: set[tuple[str, str]] = set()
    dropped = 0
    for members in by_key.values():
        if len(members) > max_key_articles:
            dropped += 1
            continue
        pairs.update(candidate_pairs(members, max_key_articles=max_key_articles))
    near = nearest_candidates(((a, b, lexical_cosine(features[a], features[b])) for a, b in pairs),
                              neighbors=rules.edge_neighbors, min_cosine=rules.edge_min_cosine)
    weighted = {}
    for a, b in sorted(near):
        w = (link_weight(link[a], link[b], bars=bars) if link is not None and bars is not None
             else edge_weight(features[a], features[b]))
        if w >= threshold:
            weighted[(a, b)] = w
    return weighted, len(pairs), dropped


def link_scoring(features: Mapping[str, DocFeatures], *, config: Config, rules: BlockingRules,
                 corpus: CorpusStats | None = None) -> tuple[dict[str, LinkFeatures] | None,
                                                            tuple[float, float, float] | None]:
    """In one process: every article's :class:`LinkFeatures` in the corpus
    of ``features`` (statistics computed unless given) and the bars, or
    (None, None) when edges are weighed by the pair score alone
    (``edge_score = "pair"``)."""
    if rules.edge_score != "link":
        return None, None
    corpus = corpus or corpus_stats(features.values())
    bars = link_bars(config=config, corpus_articles=corpus.articles)
    return {aid: link_features(f, corpus=corpus, config=config) for aid, f in features.items()}, bars


def edge_threshold(*, config: Config, rules: BlockingRules) -> float:
    return rules.edge_factor * config.group.story_threshold


def finish_plan(ids: Iterable[str], weighted: Mapping[tuple[str, str], float], *, config: Config,
                rules: BlockingRules, order: Mapping[str, tuple] | None = None) -> BlockPlan:
    """Steps 4 and 5 from the scored edges (what the Spark driver runs)."""
    target = config.spark.block_articles
    cut = _Cut()
    bar = edge_threshold(config=config, rules=rules)
    if rules.cut == "raise":
        comps = bounded_components(ids, weighted, threshold=bar, max_articles=target, step=rules.edge_step,
                                   order=order, cut=cut)
        blocks = pack_blocks(comps, target=target)
    else:
        comps, _ = weakest_cut_parts(ids, weighted, threshold=bar, max_articles=target, cut=cut)
        blocks = pack_blocks(comps, target=target, weighted={e: w for e, w in weighted.items() if w >= bar})
    block_of = {a: i for i, b in enumerate(blocks) for a in b}
    between = sorted(((a, b, w) for (a, b), w in weighted.items()
                      if w >= bar and block_of.get(a) != block_of.get(b)), key=lambda t: (-t[2], t[0], t[1]))
    return BlockPlan(components=comps, blocks=blocks, edges=len(weighted), raised=cut.raised, chunked=cut.chunked,
                     cut_edges=between)


def plan_blocks(analyzed: Sequence[AnalyzedArticle], *, config: Config | None = None,
                rules: BlockingRules | None = None) -> BlockPlan:
    """The whole blocking of a corpus in one process."""
    config = config if config is not None else default_config()
    rules = rules or blocking_rules()
    feats = {a.article.id: blocking_features(a) for a in analyzed}
    by_id = {a.article.id: a for a in analyzed}
    keys = {aid: blocking_keys(by_id[aid], settings=config.group, rules=rules, features=f) for aid, f in feats.items()}
    link, bars = link_scoring(feats, config=config, rules=rules)
    weighted, n_pairs, dropped = weighted_edges(feats, keys, max_key_articles=config.spark.key_max_articles,
                                                threshold=edge_threshold(config=config, rules=rules), rules=rules,
                                                link=link, bars=bars)
    order = {aid: (f.day if f.day is not None else 10**9,) for aid, f in feats.items()}
    plan = finish_plan(sorted(feats), weighted, config=config, rules=rules, order=order)
    plan.candidates, plan.keys_dropped = n_pairs, dropped
    return plan
