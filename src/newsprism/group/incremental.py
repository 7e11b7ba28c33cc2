"""Incremental regrouping: a large corpus grown a little is regrouped only
where its new articles land.

A full grouping (batch, or the streaming clusterer's over
group.batch_max_articles) keeps a *base* (:func:`corpus_base`): its articles and
its corpus statistics (word, name, count and date frequencies,
:class:`newsprism.group.corpus.CorpusStats`).  A later grouping of that
corpus plus a few new articles (:func:`regroup_new`) looks up each new
article's nearest articles (mean stored sentence embedding), keeps the
stories of those it links to by the batch clusterer's own pair link (pair
score, corpus cosine and rare evidence, each over its bar, under the base's
statistics), and clusters those stories' articles and the new ones again
with :func:`newsprism.group.group_articles` as one block of the larger corpus
(``corpus=``, as ``newsprism spark`` blocks are).  Every other story, its
similarities and its copies are kept.  A new article that links to nothing
is a story of its own: a merge may be missed, none is made up.

Batch clustering is a function of the whole corpus (neighbour lists, word
rarities), so this can differ from a full regroup where a new article moves
another article's nearest neighbours far from where it lands; the caller
(pipeline) bounds the growth (group.incremental_max_growth) and groups the
whole corpus again past it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..config import GroupSettings
from ..model import AnalyzedArticle, Similarity
from .cluster import link_bars, link_score, rare_vectors, steps_for_stories
from .corpus import CorpusStats, corpus_stats
from .features import doc_features, group_rules, reweight_for_corpus, semantic_vector

if TYPE_CHECKING:
    from . import GroupResult

__all__ = ["corpus_base", "regroup_new"]

log = logging.getLogger("newsprism.group")


def corpus_base(analyzed: Sequence[AnalyzedArticle]) -> dict[str, object]:
    """What a later :func:`regroup_new` needs of a full grouping of
    ``analyzed``: its article ids and its corpus statistics (JSON-safe)."""
    unique = list({a.article.id: a for a in analyzed}.values())
    rules = group_rules()
    stats = corpus_stats(doc_features(a, rules=rules, with_sentences=False) for a in unique)
    return {"ids": sorted(a.article.id for a in unique), "full": len(unique),
            "stats": {"articles": stats.articles, "df": dict(stats.df)}}


def regroup_new(previous: GroupResult, by_id: Mapping[str, AnalyzedArticle], added: Sequence[str], *,
                stats: CorpusStats, settings: GroupSettings) -> GroupResult | None:
    """``previous`` (the grouping of every article of ``by_id`` but
    ``added``) with only the stories the ``added`` articles link to
    clustered again; None when the new articles cannot be placed (no
    sentence embeddings to find their neighbours by)."""
    from . import GroupResult, group_articles

    order = sorted(by_id)
    at = {aid: k for k, aid in enumerate(order)}
    vectors = [semantic_vector(by_id[aid].embeddings) for aid in order]
    dim = next((len(v) for v in vectors if v is not None), 0)
    if not dim or any(vectors[at[aid]] is None for aid in added):
        return None
    matrix = np.vstack([v if v is not None else np.zeros(dim, dtype=np.float32) for v in vectors])
    story_of = {aid: s.id for s in previous.stories for aid in s.articles}
    k = min(settings.incremental_neighbors, len(order) - 1)
    near: dict[str, list[str]] = {}
    for aid in added:
        cos = matrix @ matrix[at[aid]]
        cos[at[aid]] = -np.inf
        near[aid] = [order[j] for j in np.argsort(-cos, kind="stable")[:k]]
    rules = group_rules()
    feats = {aid: doc_features(by_id[aid], rules=rules, with_sentences=False)
             for aid in sorted(set(added) | {c for cs in near.values() for c in cs})}
    reweight_for_corpus(list(feats.values()), rules=rules, corpus=stats)
    rare = rare_vectors(list(feats.values()), rules=rules, neighbors=settings.neighbors, corpus=stats)
    bars = link_bars(threshold=settings.story_threshold, link_cosine=settings.link_cosine,
                     link_specific=settings.link_specific, corpus_articles=stats.articles, rules=rules)
    touched: set[str] = set()
    if bars[1] > 0:
        for aid in added:
            for c in near[aid]:
                if c in story_of and story_of[c] not in touched and \
                        link_score(feats[aid], feats[c], bars=bars, rules=rules, rare_x=rare[aid],
                                   rare_y=rare[c]) >= 1.0:
                    touched.add(story_of[c])
    block = set(added) | {aid for s in previous.stories if s.id in touched for aid in s.articles}
    redone = group_articles([by_id[i] for i in sorted(block)], settings=settings, corpus=stats)
    sims_of: dict[str, list[Similarity]] = {}
    for sim in previous.similarities:
        sid = story_of.get(sim.a)
        if sid is not None and sid not in touched:
            sims_of.setdefault(sid, []).append(sim)
    for story in redone.stories:
        members = set(story.articles)
        sims_of[story.id] = [sim for sim in redone.similarities if sim.a in members and sim.b in members]
    stories = [s for s in previous.stories if s.id not in touched] + redone.stories
    stories.sort(key=lambda s: (-len(s.articles), s.id))
    duplicates = [d for d in previous.duplicates if d.article not in block] + redone.duplicates
    duplicates.sort(key=lambda d: (d.copy_of, d.article))
    # Each kept story keeps the steps that formed it; the stories clustered
    # again bring theirs.
    steps = steps_for_stories([st for st in previous.steps if st.story not in touched] + redone.steps, stories)
    log.info("regrouped %d of %d articles (%d new)", len(block), len(by_id), len(added))
    return GroupResult(stories=stories, similarities=[sim for s in stories for sim in sims_of.get(s.id, [])],
                       duplicates=duplicates, steps=steps)
