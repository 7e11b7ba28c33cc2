"""Blocking: cut a corpus into blocks that can be grouped apart.

The in-process clusterer compares every article with its nearest neighbours
over the whole corpus.  Over millions of articles that is one machine's work;
here each article gets blocking keys (its most frequent names, bands of a
random-hyperplane hash of its document vector, bands of its MinHash
signature), articles that share a key end in one connected component, and
each component is handed whole to :func:`newsprism.group.group_articles`.
Nothing here scores or clusters: it only decides which articles may meet.

A key held by more than ``spark.key_max_articles`` articles is dropped first:
a name every article of the month carries ("United States") says nothing
about which story an article tells, and would glue every story into one
component.  Small components are then packed together up to
``spark.block_articles`` per task, which changes nothing about the stories
(the clusterer keeps unrelated articles apart) and saves one task per story.

Everything here is pure Python, so that it is tested without Spark.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..config import Config, load_config
from ..group.dedup import dedup_rules, shingles
from ..group.features import doc_features, group_rules
from ..group.names import load_group_data
from ..model import AnalyzedArticle

__all__ = ["BlockingRules", "block_edges", "blocking_keys", "blocking_rules", "components", "pack_blocks"]


@dataclass(frozen=True)
class BlockingRules:
    """data/spark_blocking.toml, parsed."""

    names_per_article: int
    simhash_bits: int
    simhash_bands: int
    simhash_seed: int
    time_bucket_days: int
    minhash: bool


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


def blocking_keys(
    analyzed: AnalyzedArticle, *, config: Config | None = None, rules: BlockingRules | None = None
) -> list[str]:
    """The blocking keys of one analyzed article, sorted (deterministic)."""
    config = config or load_config()
    rules = rules or blocking_rules()
    f = doc_features(analyzed, rules=group_rules(), with_sentences=False)
    keys: set[str] = set()
    buckets: list[str] = []
    if f.day is not None:
        b = f.day // rules.time_bucket_days
        buckets = [str(b), str(b - 1)]

    names = {**f.places, **f.entities}
    top = sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))[: rules.names_per_article]
    for name, _ in top:
        keys.add(f"n:{name}|*")
        keys.update(f"n:{name}|{b}" for b in buckets)

    vec = f.semantic if f.semantic is not None else f.vector
    if vec is not None and len(vec) and rules.simhash_bands > 0:
        vec = np.asarray(vec, dtype=np.float32)
        planes = _hyperplanes(rules.simhash_seed, rules.simhash_bits * rules.simhash_bands, len(vec))
        bits = (planes @ vec) > 0
        for band in range(rules.simhash_bands):
            code = _digest(bits[band * rules.simhash_bits : (band + 1) * rules.simhash_bits].tobytes())
            for b in buckets or ["*"]:
                keys.add(f"v:{band}:{code}|{b}")

    if rules.minhash:
        keys.update(_minhash_keys(analyzed, threshold=float(config["group.minhash_threshold"])))
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


def block_edges(members: Sequence[str], *, max_key_articles: int) -> list[tuple[str, str]]:
    """The edges one key adds to the blocking graph: a star from its smallest
    member (enough for connectivity), none when the key is too common."""
    members = sorted(set(members))
    if len(members) < 2 or len(members) > max_key_articles:
        return []
    return [(members[0], m) for m in members[1:]]


def components(ids: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components (union-find), each sorted, in order of their smallest id."""
    parent: dict[str, str] = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for x in sorted(parent):
        groups.setdefault(find(x), []).append(x)
    return sorted(groups.values(), key=lambda g: g[0])


def pack_blocks(comps: Sequence[Sequence[str]], *, target: int) -> list[list[str]]:
    """Pack components into blocks of at most ``target`` articles (next fit,
    largest first, so linear in the number of components; a component larger
    than ``target`` is a block of its own).  Deterministic: the same
    components give the same blocks."""
    blocks: list[list[str]] = []
    room = 0
    for comp in sorted(comps, key=lambda c: (-len(c), c[0] if c else "")):
        if not comp:
            continue
        if blocks and len(comp) <= room:
            blocks[-1].extend(comp)
            room -= len(comp)
        else:
            blocks.append(list(comp))
            room = max(0, target - len(comp))
    return [sorted(b) for b in blocks]
