"""Near-duplicates and copies: MinHash / LSH over word shingles.

Exact copies (same words, whatever the spacing, case or punctuation) and near
copies (a wire story republished with a different intro or trimmed ending) are
flagged with the article they copy.  A text republished by several outlets is
found as one group, and every copy points at the canonical version: the
earliest published, then the longest, then the smallest id (deterministic).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from functools import cache

from ..config import Config, GroupSettings, stage_settings
from ..model import AnalyzedArticle, Article, Duplicate
from ..unionfind import UnionFind
from .features import address_sentences, group_rules
from .names import load_group_data

if TYPE_CHECKING:
    from datasketch import MinHash

__all__ = ["DedupRules", "dedup_rules", "shingles", "find_duplicates"]

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class DedupRules:
    shingle_words: int
    num_perm: int
    seed: int
    min_words: int


@cache
def dedup_rules() -> DedupRules:
    return load_group_data(
        "group_dedup.toml",
        lambda raw: DedupRules(int(raw["shingle_words"]), int(raw["num_perm"]), int(raw["seed"]),
                               int(raw["min_words"])),
    )


def shingles(text: str, *, size: int) -> set[str]:
    """Word n-grams of the lower-cased text, punctuation ignored."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _canonical_key(article: Article, length: int) -> tuple[str, int, str]:
    # Unknown dates sort last: a dated original beats an undated copy.
    return (article.published or "9999", -length, article.id)


def find_duplicates(
    items: Sequence[AnalyzedArticle | Article], *, settings: GroupSettings | None = None,
    config: Config | None = None, rules: DedupRules | None = None
) -> list[Duplicate]:
    """Every article that copies another, with the canonical one it copies.

    Candidates come from LSH on MinHash signatures; each is then confirmed
    with the exact Jaccard of the shingle sets against group.minhash_threshold,
    so that an LSH false positive never becomes a claim of copying."""
    settings = stage_settings(GroupSettings, settings, config)
    rules = rules or dedup_rules()
    threshold = settings.minhash_threshold
    articles = [x.article if isinstance(x, AnalyzedArticle) else x for x in items]
    # The page's address an analyzed article opens with is not compared (as
    # the group stage's features leave it out): two reprints of one text at
    # two addresses are copies; read, the address hid 4 of ECB+'s 12.
    body = {}
    for x in items:
        if isinstance(x, AnalyzedArticle):
            skip = address_sentences(x, group_rules())
            if skip:
                body[x.article.id] = x.article.text[x.sentences[skip].start:]
    sets: dict[str, set[str]] = {}
    exact: dict[str, str] = {}
    lengths: dict[str, int] = {}
    # imported here: datasketch pulls in scipy.integrate, seconds that every
    # CLI run and the web app's first request would pay at import time
    from datasketch import MinHash, MinHashLSH

    sigs: dict[str, MinHash] = {}
    by_id: dict[str, Article] = {}
    lsh = MinHashLSH(threshold=max(0.05, threshold - 0.1), num_perm=rules.num_perm)
    for art in sorted(articles, key=lambda a: a.id):
        if art.id in by_id:
            continue
        text = body.get(art.id, art.text)
        words = _WORD.findall(text.lower())
        if len(words) < rules.min_words:
            continue
        by_id[art.id] = art
        lengths[art.id] = len(words)
        exact[art.id] = hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()
        sets[art.id] = sh = shingles(text, size=rules.shingle_words)
        mh = MinHash(num_perm=rules.num_perm, seed=rules.seed)
        mh.update_batch([s.encode("utf-8") for s in sorted(sh)])
        lsh.insert(art.id, mh)
        sigs[art.id] = mh

    # Union-find over confirmed copy pairs.
    sets_of = UnionFind(sorted(by_id))
    pair_j: dict[tuple[str, str], float] = {}
    for aid in sorted(by_id):
        for other in sorted(lsh.query(sigs[aid])):
            if other <= aid:
                continue
            if exact[aid] == exact[other]:
                j = 1.0
            else:
                sa, sb = sets[aid], sets[other]
                j = len(sa & sb) / len(sa | sb) if sa or sb else 0.0
            if j >= threshold:
                pair_j[(aid, other)] = j
                sets_of.union(aid, other)

    out = []
    for members in sets_of.groups().values():
        if len(members) < 2:
            continue
        canon = min(members, key=lambda m: _canonical_key(by_id[m], lengths[m]))
        for m in sorted(members):
            if m == canon:
                continue
            if exact[m] == exact[canon]:
                out.append(Duplicate(article=m, copy_of=canon, jaccard=1.0, kind="exact"))
                continue
            sa, sb = sets[m], sets[canon]
            j = pair_j.get((min(m, canon), max(m, canon)))
            if j is None:  # in the group through a third text
                j = len(sa & sb) / len(sa | sb) if sa or sb else 0.0
            out.append(Duplicate(article=m, copy_of=canon, jaccard=round(j, 3), kind="near"))
    out.sort(key=lambda d: (d.copy_of, d.article))
    return out
